"""Where the signatory list starts (list lines and headings recognised), its category headings, and
its entries."""
from __future__ import annotations

import functools
import re
from collections import Counter

from .. import lexicon
from ..layout import HEADING, ITEM, Block, has_marker, marker_of, strip_marker
from ..model import Signatory
from ._countries import find_country, normalize_name
from ._entries import clean_entry, parse_signatory, split_entries
from ._rows import ListReader

ENTRY = 0.5  # entry_score from which a line counts as an entry
ITEM_ENTRY = 0.3  # from which a bulleted line does (its marker already says it is in a list)
SURE_ENTRY = 0.7  # from which a line is an entry even if it holds a list word
MAX_NAME_WORDS = 12  # a bare name on its own line is no longer
NAME_CAPITALS = 0.6  # share of a bare name's words that are capitalised ('Union of Port Pilots')
MAX_HEADING_WORDS = 14  # a list heading is no longer ('The organizations belonging to ... :')
PROSE_WORDS = 30  # a block this long inside the list is prose, not an entry
ITEMS_ENTRIES = 0.6  # share of a group's items that must read as entries for its weaker ones to count
NAMED_PIECES = 0.5  # share of a paragraph's comma-separated pieces that start like a name ('general
# secretary' and other descriptions between names do not)
LINE_CAPITALS = 0.8  # share of a block's lines starting with a capital for one entry a line
LOCATED_PIECES = 0.6  # share of a paragraph's pieces with an acronym or a country for it to be entries
FRAGMENT_WORDS = 3  # a one-line block this short is a piece of an entry or a cell, not one
NAMED_ENTRIES = 0.5  # share of a list's entries that start like a name (a capital, or a script without case)
NAME_LIST_LINES = 3  # bare names under a heading to the end of the document that make a list
RUN_BLOCKS = 3  # entry blocks (and lines) in a row that make a list without a heading
TABLE_NAMES = 0.6  # share of a table's rows that start with a name for it to be a list of entries
PLACE_ENDS = 0.3  # share of a block's lines ending with a country that makes it entries, not text


_ORG_STEMS = lexicon.all_of(lexicon.ORGANISATION_STEMS)
_LABEL_WORD = re.compile(r"[^\W\d_]{3}")  # a heading has a word of three letters or more
_NUMBER = re.compile(r"^\(?\d{1,4}[.)]?$")  # a table's number cell


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
    if len(lines) < 2:
        return False
    if len(block.text.split()) <= LONG_ENTRY_WORDS and entry_score(block.text) >= ENTRY:
        return True  # one entry wrapped over its lines ('Name of the' / 'Union (ACR)')
    reader = ListReader()  # wrapped entries: judge the entries the lines make up
    for line in block.lines:
        reader.line(line, None)
    entries = [entry for entry, _ in reader.entries if isinstance(entry, str)]
    return sum(entry_score(e) >= ENTRY for e in entries) >= 0.6 * len(entries)


def _holds_entries(block: Block) -> bool:
    """Entries of a list in any of its forms: lines or items that read as entries, table rows
    whose first cells are names, or a paragraph of entries run together."""
    if block.kind == HEADING:
        return False
    return _is_entry_like(block) or _is_name_table(block) or _paragraph_entries(block) is not None


def _is_name_table(block: Block) -> bool:
    """A table whose rows start (past a number) with an organisation's or a person's name."""
    rows = [line.cells for line in block.lines if len(line.cells) >= 2]
    if not _is_tabular(block) or not rows:
        return False
    return sum(_is_name_line(_first_words(cells)) for cells in rows) >= TABLE_NAMES * len(rows)


def _ends_with_places(block: Block) -> bool:
    """Many lines end with a country ('..., Italie'): entries set in columns the reading order
    mixed up, not a paragraph of text."""
    ends = sum(bool(find_country(line.text.rstrip(" .,;"))) for line in block.lines)
    return len(block.lines) >= 3 and ends >= PLACE_ENDS * len(block.lines)


def _is_prose(block: Block) -> bool:
    """A long paragraph that is no list of entries: statement text."""
    if block.kind == HEADING or block.word_count <= PROSE_WORDS or _is_tabular(block):
        return False
    if _reads_like_sentences(block):
        return True
    return not (
        _is_entry_like(block) or _paragraph_entries(block) or _ends_with_places(block) or _is_line_per_entry(block)
    )


def _is_line_per_entry(block: Block) -> bool:
    """Ragged lines that each start with a capital ('Priya Nair, labour lawyer'): one entry a line,
    where a paragraph's wrapped lines fill the width."""
    starts = sum(_starts_like_a_name(line.text) for line in block.lines)
    return not _is_wrapped_paragraph(block) and starts >= LINE_CAPITALS * len(block.lines)


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
    """Index of the first block of the signatory list (len(blocks) if there is none): where a list
    heading announces entries, or where the entries past the statement's text begin, whichever
    comes first. Its entries must mostly start like names ('void cpx_add(...)' under 'Function
    signatures' is no list)."""
    prose_after = [False] * (len(blocks) + 1)  # whether statement text comes at or after i
    for index in range(len(blocks) - 1, after - 1, -1):
        prose_after[index] = prose_after[index + 1] or (_is_prose(blocks[index]) and not _among_entries(blocks, index))
    start = min(
        _announced_start(blocks, prose_after, after=after),
        _entries_start(blocks, prose_after, after=after),
        _names_start(blocks, prose_after, after=after),
    )
    return start if named_share(blocks[start:]) >= NAMED_ENTRIES else len(blocks)


def named_share(blocks: list[Block]) -> float:
    """Share of the entries the lines of `blocks` make up (wrapped lines joined) that start like an
    organisation's or a person's name: most do in a list of signatories, few in a page of code."""
    reader = ListReader()
    for block in blocks:
        if block.kind == HEADING:
            reader.open = False
            continue
        for line in block.lines:
            reader.line(line, None)
    firsts = [_first_words(entry) for entry, _ in reader.entries]
    firsts = [first for first in firsts if first]
    return sum(_starts_like_a_name(first) for first in firsts) / len(firsts) if firsts else 0.0


def _first_words(entry: str | tuple[str, ...]) -> str:
    """An entry's text past its marker or number; a table row's first cell that holds words."""
    cells = (entry,) if isinstance(entry, str) else entry
    texts = (strip_marker(cell).strip() for cell in cells)
    return next((text for text in texts if any(c.isalpha() for c in text)), "")


def _among_entries(blocks: list[Block], index: int) -> bool:
    """Entries right above and right below: a block of entries whose columns the reading order
    mixed up, not the statement's text."""
    above, below = blocks[index - 1 : index], blocks[index + 1 : index + 2]
    return bool(above and below) and _holds_entries(above[0]) and _holds_entries(below[0])


def _announced_start(blocks: list[Block], prose_after: list[bool], *, after: int) -> int:
    """Where a list heading ('Signatories:') followed by entries opens the list."""
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
    return len(blocks)


def _entries_start(blocks: list[Block], prose_after: list[bool], *, after: int) -> int:
    """No heading needed: the first run of entries past the statement's text (headings between
    groups of entries do not break it), with the headings right above it."""
    bodies = [i for i in range(after, len(blocks)) if blocks[i].kind != HEADING and not _is_fragment(blocks[i])]
    holds: dict[int, bool] = {}

    def judged(i: int) -> bool:
        if i not in holds:
            holds[i] = _holds_entries(blocks[i])
        return holds[i]

    for position, index in enumerate(bodies):
        run = bodies[position : position + RUN_BLOCKS]
        if prose_after[run[-1] + 1] or _is_prose(blocks[index]):
            continue
        lines = sum(len(blocks[i].lines) for i in run if judged(i))
        if all(judged(i) for i in run[:2]) and lines >= RUN_BLOCKS:
            return _list_top(blocks, index, after=after)
    return len(blocks)


def _names_start(blocks: list[Block], prose_after: list[bool], *, after: int) -> int:
    """A heading followed to the end by bare names, one a line (no acronym, no country, no list
    word in the heading: 'Organisations' over 'Batay Ouvriye', 'Clean Shops Campaign', ...)."""
    for index in range(after, len(blocks)):
        if blocks[index].kind != HEADING or prose_after[index]:
            continue
        rest = [block for block in blocks[index + 1 :] if block.kind != HEADING]
        lines = sum(len(block.lines) for block in rest)
        if lines >= NAME_LIST_LINES and all(_is_name_lines(block) or _holds_entries(block) for block in rest):
            return index
    return len(blocks)


def _list_top(blocks: list[Block], start: int, *, after: int) -> int:
    """Back from the first run of entries over what belongs to the list above it: its headings,
    a table's number column set apart, names one a line, entries."""
    while start > after:
        block = blocks[start - 1]
        if _is_prose(block) or not (
            block.kind == HEADING or _is_number(block.text) or _is_name_lines(block) or _holds_entries(block)
        ):
            break
        start -= 1
    while start < len(blocks) - 1 and _is_fragment(blocks[start]):
        start += 1  # the list opens with a heading or an entry, not with a stray word
    return start


def _is_number(text: str) -> bool:
    """Only numbers ('12', '8 9'): a table's number column read apart from its rows."""
    return all(_NUMBER.match(word) for word in text.split())


def _is_fragment(block: Block) -> bool:
    """A line of a few words on its own: a table cell's or an entry's wrapped end ('Trabajo',
    '- Brasilien.'), which neither makes nor breaks a run of entries."""
    short = len(block.lines) == 1 and len(block.text.split()) <= FRAGMENT_WORDS
    return short and block.kind != HEADING and entry_score(block.text) < ENTRY


def _is_entry_block(block: Block, *, in_items: bool = False) -> bool:
    """Entries for sure: an item or lines that read as entries (a bulleted demand is neither;
    among items that are entries, one with a weaker score is too)."""
    if block.kind == ITEM:
        return entry_score(block.text) >= (ITEM_ENTRY if in_items else ENTRY)
    return _is_tabular(block) or _is_entry_like(block)


def _earlier_groups(blocks: list[Block], start: int, *, after: int) -> int:
    """Where the list starts when the heading found at `start` is a later group's ('Individual
    signatories' under 'Organisations'): back over the groups of entries, each under its heading."""
    index = _back_over_groups(blocks, start, after=after, in_items=True)
    items = [block for block in blocks[index:start] if block.kind == ITEM]
    if sum(entry_score(block.text) >= ENTRY for block in items) < ITEMS_ENTRIES * len(items):
        index = _back_over_groups(blocks, start, after=after, in_items=False)  # demands, not entries
    while index < start and blocks[index].kind != HEADING:
        index += 1  # the list opens with a heading: entries above the first one are text
    return index


def _back_over_groups(blocks: list[Block], start: int, *, after: int, in_items: bool) -> int:
    index = start
    while index - 1 >= after:
        previous = blocks[index - 1]
        if previous.kind == HEADING:
            if index == start or not _is_entry_block(blocks[index], in_items=in_items):
                break
        elif not _is_entry_block(previous, in_items=in_items):
            break
        index -= 1
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
    if len(pieces) < 2 or sum(_starts_like_a_name(p) for p in pieces) < NAMED_PIECES * len(pieces):
        return None  # 'the outsourcing be withdrawn, that ...': clauses of a sentence
    located = sum(1 for p in pieces if (s := parse_signatory(p)).acronym or s.country_code)
    wrapped = len(block.lines) > 1 and _is_wrapped_paragraph(block)
    if not wrapped and located < max(2, LOCATED_PIECES * len(pieces)):
        return None
    if len(pieces) > len(block.lines) or (wrapped and located >= LOCATED_PIECES * len(pieces)):
        return pieces  # more entries than lines, or long located entries run over full lines
    return None


def _starts_like_a_name(text: str) -> bool:
    """Its first letter is a capital (or has no case, as in Arabic): names do, clauses mostly not."""
    first = next((c for c in text if c.isalpha()), "")
    return bool(first) and not first.islower()


def _heading_text(block: Block) -> str:
    """A heading block's text above a table's header row that may have been set with it ('' if
    the block is only the header row: column names are no heading)."""
    lines = []
    for line in block.lines:
        if len(line.cells) >= 2:
            break
        if _LABEL_WORD.search(line.text):  # not a number column's label ('Nr.', 'N°', '#')
            lines.append(line.text)
    return " ".join(lines)


def _dominant_marker(blocks: list[Block]) -> str | None:
    markers = Counter(marker_of(b.text) for b in blocks if b.kind == ITEM)
    return markers.most_common(1)[0][0] if markers else None


def _is_list_part_heading(block: Block) -> bool:
    """A heading inside the list: not an entry set in bold, not a wrapped entry's second line, not
    a long title (a masthead the reading order put there)."""
    return (
        block.kind == HEADING and entry_score(block.text) < 0.75 and block.text[:1] not in "(-–—"
        and not _is_long_heading(block)
    )


def _is_long_heading(block: Block) -> bool:
    return block.kind == HEADING and len(_heading_text(block).split()) > MAX_HEADING_WORDS


def _list_title(blocks: list[Block]) -> int | None:
    """Index of the list's title: its first heading when other headings come under it and it
    announces the list ('Signatories:') or is set apart from them (directly followed by one).
    A list's only heading is no title: it is the category of every entry."""
    headings = [i for i, b in enumerate(blocks) if _is_list_part_heading(b) and _heading_text(b)]
    if len(headings) < 2:
        return None
    first = headings[0]
    return first if is_list_heading(blocks[first].text) or headings[1] == first + 1 else None


def parse_list(blocks: list[Block]) -> list[Signatory]:
    """Signatories of the list's blocks, each with the category heading it sits under."""
    reader = ListReader()
    category: str | None = None
    dominant = _dominant_marker(blocks)
    title = _list_title(blocks)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == HEADING and _is_list_part_heading(block):
            text = _heading_text(block)
            if not text:
                pass  # column names of a table
            elif index == title or (
                following is not None and _is_list_part_heading(following) and _heading_text(following)
            ):
                category = None  # a title with sub-headings under it, not a category
            else:
                category = text.strip().rstrip(":").strip()
            reader.open = False
            continue
        if _is_long_heading(block):
            reader.open = False
            continue  # neither a category nor an entry
        if _opens_inline_list(block):
            for entry in split_entries(block.text.partition(":")[2]):
                reader.start(entry, category, open_=False)
            continue
        if is_list_heading(block.text) and block.text.rstrip().endswith(":"):
            reader.open = False  # "The following organisations have signed:"
            continue
        if block.kind == ITEM:
            dashed = marker_of(block.text) in "-–—" and dominant not in (None, *"-–—")
            if dashed and reader.entries and isinstance(reader.entries[-1][0], str):
                reader.extend(block.text)  # "- Country." under a "•" list: the end of the entry above
            else:
                reader.start(block.text, category, open_=True)
            continue
        if _is_number(block.text):
            continue  # a table's number column read apart from its rows
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
