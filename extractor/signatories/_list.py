"""Where the signatory list starts (list lines and headings recognised), its category headings, and
its entries."""
from __future__ import annotations

import functools
from collections import Counter

from .. import lexicon
from ..layout import HEADING, ITEM, Block, has_marker, marker_of
from ..model import Signatory
from ._countries import normalize_name
from ._entries import clean_entry, parse_signatory, split_entries
from ._rows import ListReader, country_only, reader_for
from ._tables import header_rows

ENTRY = 0.5  # entry_score from which a line counts as an entry
ITEM_ENTRY = 0.3  # from which a bulleted line does (its marker already says it is in a list)
SURE_ENTRY = 0.7  # from which a line is an entry even if it holds a list word
MAX_NAME_WORDS = 12  # a bare name on its own line is no longer
NAME_CAPITALS = 0.6  # share of a bare name's words that are capitalised ('Union of Port Pilots')
MAX_HEADING_WORDS = 14  # a list heading is no longer ('The organizations belonging to ... :')
PROSE_WORDS = 30  # a block this long inside the list is prose, not an entry


_ORG_STEMS = lexicon.all_of(lexicon.ORGANISATION_STEMS)


# What makes a line look like an entry, and how much (the weights add up, capped at 1).
COUNTRY_WEIGHT = 0.45  # it ends with a known country
PLACE_WEIGHT = 0.25  # or with a place we do not know, in the place's slot
ACRONYM_WEIGHT = 0.3  # it has an acronym
ORGANISATION_WEIGHT = 0.2  # a word of it is an organisation word ('union', 'syndicat')
MARKER_WEIGHT = 0.1  # it starts with a list marker
CAPITALS_WEIGHT = 0.1  # half its words are capitalised, as names are
SENTENCE_PENALTY = 0.3  # it is long or ends with a colon, as sentences introducing things do
MAX_ENTRY_WORDS = 40  # no entry is longer
LONG_ENTRY_WORDS = 20  # an entry this long is more likely a sentence


@functools.lru_cache(maxsize=8192)
def entry_score(text: str) -> float:
    """0..1: how much `text` looks like one signatory entry (used to find where a list starts)."""
    cleaned = clean_entry(text)
    words = cleaned.split()
    if not words or len(words) > MAX_ENTRY_WORDS:
        return 0.0
    parsed = parse_signatory(cleaned)
    score = 0.0
    if parsed.country_code:
        score += COUNTRY_WEIGHT
    elif parsed.country:
        score += PLACE_WEIGHT
    if parsed.acronym:
        score += ACRONYM_WEIGHT
    keys = normalize_name(cleaned).split()
    if any(k.startswith(_ORG_STEMS) for k in keys):
        score += ORGANISATION_WEIGHT
    if has_marker(text):
        score += MARKER_WEIGHT
    capitals = sum(w[0].isupper() for w in words if w[0].isalpha())
    if capitals >= 0.5 * len(words):
        score += CAPITALS_WEIGHT
    if len(words) > LONG_ENTRY_WORDS or text.rstrip().endswith(":"):
        score -= SENTENCE_PENALTY
    return max(0.0, min(1.0, score))


_HEADING_WORDS = lexicon.words_of(lexicon.LIST_HEADING_WORDS)
_HEADING_PHRASES = lexicon.all_of(lexicon.LIST_HEADING_PHRASES)
_ARABIC_HEADING_STEMS = lexicon.all_of(lexicon.LIST_HEADING_STEMS)


def is_list_heading(text: str) -> bool:
    """A short line that introduces the signatory list ('Signataires :', 'Firmantes', 'The
    organizations belonging to ...'), as opposed to a category inside it."""
    key = normalize_name(text)
    words = key.split()
    if not words or len(words) > MAX_HEADING_WORDS or entry_score(text) >= SURE_ENTRY:
        return False
    if len(words) > 5 and text.rstrip().endswith("."):
        return False  # a sentence about the signatories, not a heading
    if _HEADING_WORDS.intersection(words) or any(w.startswith(_ARABIC_HEADING_STEMS) for w in words):
        return True
    padded = f" {key} "
    return any(f" {phrase} " in padded for phrase in _HEADING_PHRASES)



def _is_entry_like(block: Block) -> bool:
    if block.kind == ITEM:
        return entry_score(block.text) >= ITEM_ENTRY  # a bulleted demand in the text is not an entry
    lines = [line.text for line in block.lines]
    if sum(entry_score(t) >= ENTRY for t in lines) >= max(1, 0.5 * len(lines)):
        return True
    if len(lines) < 3:
        return False
    reader = ListReader()  # wrapped entries: judge the entries the lines make up
    for line in block.lines:
        reader.line(line, None)
    entries = [entry for entry, _ in reader.entries if isinstance(entry, str)]
    return sum(entry_score(e) >= ENTRY for e in entries) >= 0.6 * len(entries)


def _is_prose(block: Block) -> bool:
    """A long paragraph that is no list of entries: statement text."""
    if block.kind == HEADING or block.word_count <= PROSE_WORDS or _is_tabular(block):
        return False
    return _reads_like_sentences(block) or not (_is_entry_like(block) or _paragraph_entries(block))


def _reads_like_sentences(block: Block) -> bool:
    """Few capitalised words: running text (lists of names are mostly capitalised)."""
    words = block.text.split()
    return sum(word[:1].isupper() for word in words) < 0.25 * len(words)


def _is_tabular(block: Block) -> bool:
    return sum(len(line.cells) >= 2 for line in block.lines) >= len(block.lines) / 2


def _entries_follow(blocks: list[Block]) -> bool:
    """Entries come next (past any category headings): entry-like lines, items or table rows."""
    following = [block for block in blocks[:8] if block.kind != HEADING][:3]
    if sum(_is_name_lines(block) for block in following) >= min(2, len(following)) > 0:
        return True  # bare names, one a line, without acronym or country
    return any(
        block.kind == ITEM or _is_tabular(block) or _is_entry_like(block) or _paragraph_entries(block)
        for block in following
    )


def _is_name_lines(block: Block) -> bool:
    """Every line a short capitalised phrase that ends no sentence: names, one a line."""
    return all(_is_name_line(line.text) for line in block.lines)


def _is_name_line(text: str) -> bool:
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS or text.rstrip()[-1] in ":!?;":
        return False
    capitals = sum(word[:1].isupper() for word in words)
    return entry_score(text) >= ITEM_ENTRY or capitals >= NAME_CAPITALS * len(words)


def list_start(blocks: list[Block], *, after: int) -> int:
    """Index of the first block of the signatory list (len(blocks) if there is none)."""
    prose_after = [False] * (len(blocks) + 1)  # whether statement text comes at or after i
    for index in range(len(blocks) - 1, after - 1, -1):
        prose_after[index] = prose_after[index + 1] or _is_prose(blocks[index])
    for index in range(after, len(blocks)):
        block = blocks[index]
        if prose_after[index + 1]:
            continue  # a list inside the statement's text
        if _opens_inline_list(block):
            return index
        if (
            is_list_heading(block.text)
            and len(block.text.split()) <= 20
            and _entries_follow(blocks[index + 1 :])
        ):
            return _earlier_groups(blocks, index, after=after)
    # No heading announces it: the first run of three entry-like blocks or lines.
    entry_like: dict[int, bool] = {}

    def judged(i: int) -> bool:
        if i not in entry_like:
            entry_like[i] = _is_entry_like(blocks[i])
        return entry_like[i]

    for index in range(after, len(blocks)):
        if prose_after[min(index + 3, len(blocks))]:
            continue
        run = range(index, min(index + 3, len(blocks)))
        lines = sum(len(blocks[i].lines) for i in run if judged(i))
        if run and all(judged(i) for i in run[:2]) and lines >= 3:
            start = index
            while start > after and blocks[start - 1].kind == HEADING:
                start -= 1
            return start
    return len(blocks)


def _is_entry_block(block: Block) -> bool:
    """Entries for sure: an item or lines that read as entries (a bulleted demand is neither)."""
    if block.kind == ITEM:
        return entry_score(block.text) >= ENTRY
    return _is_tabular(block) or _is_entry_like(block)


def _earlier_groups(blocks: list[Block], start: int, *, after: int) -> int:
    """Where the list starts when the heading found at `start` is a later group's ('Individual
    signatories' under 'Organisations'): back over the groups of entries, each under its heading."""
    index = start
    while index - 1 >= after:
        previous = blocks[index - 1]
        if previous.kind == HEADING:
            if index == start or not _is_entry_block(blocks[index]):
                break
        elif not _is_entry_block(previous):
            break
        index -= 1
    while index < start and blocks[index].kind != HEADING:
        index += 1  # the list opens with a heading: entries above the first one are text
    return index


def _opens_inline_list(block: Block) -> bool:
    """'Signataires : A (FR), B (ES), ...' in one paragraph."""
    head, colon, rest = block.text.partition(":")
    return bool(colon) and is_list_heading(head + ":") and len(split_entries(rest)) >= 2


def _is_wrapped_paragraph(block: Block) -> bool:
    """Lines filled to the right edge: a paragraph of several entries run together."""
    lines = block.lines
    right = max(line.x1 for line in lines)
    full = sum(line.x1 >= right - 2.5 * line.size for line in lines[:-1])
    return len(lines) > 1 and full >= 0.6 * (len(lines) - 1)


def _paragraph_entries(block: Block) -> list[str] | None:
    """A comma- or semicolon-separated paragraph's entries; None if it is not one."""
    if block.text.count(",") + block.text.count(";") < 1:
        return None
    pieces = split_entries(block.text)
    if len(pieces) < 2:
        return None
    if len(block.lines) == 1 or not _is_wrapped_paragraph(block):
        located = sum(1 for p in pieces if (s := parse_signatory(p)).acronym or s.country_code)
        if located < max(2, 0.6 * len(pieces)):
            return None
    return pieces if len(pieces) > len(block.lines) else None


def _heading_text(block: Block) -> str:
    """A heading block's text above a table's header row that may have been set with it ('' if
    the block is only the header row: column names are no heading)."""
    lines = []
    for line in block.lines:
        if len(line.cells) >= 2:
            break
        lines.append(line.text)
    return " ".join(lines)


def _is_header_row(block: Block, headers: dict[int, tuple]) -> bool:
    """A heading block that is only (part of) a table's header row: column names, no heading."""
    return all(id(line) in headers for line in block.lines)


def _dominant_marker(blocks: list[Block]) -> str | None:
    markers = Counter(marker_of(b.text) for b in blocks if b.kind == ITEM)
    return markers.most_common(1)[0][0] if markers else None


def _is_list_part_heading(block: Block) -> bool:
    """A heading inside the list: not an entry set in bold, not a wrapped entry's second line."""
    return block.kind == HEADING and entry_score(block.text) < 0.75 and block.text[:1] not in "(-–—"


def _list_title(blocks: list[Block], headers: dict[int, tuple] | None = None) -> int | None:
    """Index of the list's title: its first heading when other headings come under it and it
    announces the list ('Signatories:') or is set apart from them (directly followed by one).
    A list's only heading is no title: it is the category of every entry."""
    headings = [i for i, b in enumerate(blocks) if _is_list_part_heading(b) and _heading_text(b)
                and not _is_header_row(b, headers or {})]
    if len(headings) < 2:
        return None
    first = headings[0]
    return first if is_list_heading(blocks[first].text) or headings[1] == first + 1 else None


def parse_list(blocks: list[Block]) -> list[Signatory]:
    """Signatories of the list's blocks, each with the category heading it sits under."""
    reader = reader_for([line for block in blocks for line in block.lines])
    category: str | None = None
    dominant = _dominant_marker(blocks)
    headers = header_rows([line for block in blocks if block.kind == HEADING for line in block.lines])
    title = _list_title(blocks, headers)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == HEADING and _is_list_part_heading(block):
            text = _heading_text(block)
            parts = [headers[id(line)] for line in block.lines if id(line) in headers]
            for row in parts:
                reader.header(row)  # a table's column names: where its columns start
            if not text or len(parts) == len(block.lines) or all(reader.is_header_part(line) for line in block.lines):
                pass  # column names of a table
            elif index == title or (
                following is not None and _is_list_part_heading(following) and _heading_text(following)
                and not _is_header_row(following, headers)
            ):
                category = None  # a title with sub-headings under it, not a category
            else:
                category = text.strip().rstrip(":").strip()
            reader.open = False
            continue
        if _opens_inline_list(block):
            for entry in split_entries(block.text.partition(":")[2]):
                reader.start(entry, category, open_=False)
            continue
        if is_list_heading(block.text) and block.text.rstrip().endswith(":"):
            reader.open = False  # "The following organisations have signed:"
            continue
        if block.kind == ITEM:
            dashed = marker_of(block.text) in "-–—" and (dominant not in (None, *"-–—") or country_only(block.text))
            if dashed and reader.entries and isinstance(reader.entries[-1][0], str):
                reader.extend(block.text)  # "- Country." under a "•" list: the end of the entry above
            else:
                reader.start(block.text, category, open_=True)
            continue
        tabular = _is_tabular(block)
        pieces = None if tabular else _paragraph_entries(block)
        if pieces:
            for piece in pieces:
                reader.start(piece, category, open_=False)
            continue
        if not tabular and _is_prose(block):
            reader.open = False
            continue  # prose after or inside the list
        for line in block.lines:
            reader.line(line, category)
    return reader.signatories()
