"""What a line or a block looks like to the signatory list: an entry (and how much), a list heading,
a table of names, a paragraph of entries, statement text."""
from __future__ import annotations

import functools
import re
from operator import itemgetter

from .. import lexicon
from ..layout import HEADING, ITEM, Block, has_marker, strip_marker
from ..countries import find_country, normalize_name
from ._entries import TEXTS_REMEMBERED, clean_entry, parse_signatory, split_entries
from ._rows import ListReader, reader_for
from ._tables import Row

ENTRY = 0.5  # entry_score from which a line counts as an entry
ITEM_ENTRY = 0.3  # from which a bulleted line does (its marker already says it is in a list)
SURE_ENTRY = 0.7  # from which a line is an entry even if it holds a list word
MAX_NAME_WORDS = 12  # a bare name on its own line is no longer
NAME_CAPITALS = 0.6  # share of a bare name's words that are capitalised ('Union of Port Pilots')
MAX_HEADING_WORDS = 14  # a list heading is no longer ('The organizations belonging to ... :')
PROSE_WORDS = 30  # a block this long inside the list is prose, not an entry
NAMED_PIECES = 0.5  # share of a paragraph's pieces that start like a name (descriptions between do not)
LINE_CAPITALS = 0.8  # share of a block's lines starting with a capital for one entry a line
LOCATED_PIECES = 0.6  # share of a paragraph's pieces with an acronym or a country for it to be entries
FRAGMENT_WORDS = 3  # a one-line block this short is a piece of an entry or a cell, not one
TABLE_NAMES = 0.6  # share of a table's rows that start with a name for it to be a list of entries
# Share of a block's line ends where the next line's first word would still have fitted: lines ended by
# hand, one entry each ('Amina Rahman, general secretary, Sramik Forum'), not a wrapped paragraph.
EARLY_BREAKS = 0.3
BLOCKS_REMEMBERED = 2048  # blocks whose judgements are kept: a long document's list, judged several times
PLACE_ENDS = 0.3  # share of a block's lines ending with a country that makes it entries, not text
MID_LINE_STARTS = 0.5  # share of a paragraph's entries that start inside a line: entries run together
START_CHARS = 12  # characters of an entry compared with the starts of the block's lines

_ORG_STEMS = lexicon.all_of(lexicon.ORGANISATION_STEMS)
# A word of a lookup key (words joined by single spaces) that starts with an organisation stem.
_ORG_WORD = re.compile(r"(?<![^ ])(?:" + "|".join(re.escape(stem) for stem in _ORG_STEMS if " " not in stem) + ")")
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
    if _ORG_WORD.search(normalize_name(cleaned)):
        score += ORGANISATION_WEIGHT
    if has_marker(text):
        score += MARKER_WEIGHT
    capitals = sum(map(str.isupper, filter(str.isalpha, map(itemgetter(0), words))))
    if capitals >= 0.5 * len(words):
        score += CAPITALS_WEIGHT
    if len(words) > LONG_ENTRY_WORDS or text.rstrip().endswith(":"):
        score -= SENTENCE_PENALTY
    return max(0.0, min(1.0, score))


_HEADING_WORDS = lexicon.words_of(lexicon.LIST_HEADING_WORDS)
_HEADING_PHRASES = lexicon.all_of(lexicon.LIST_HEADING_PHRASES)
_ARABIC_HEADING_STEMS = lexicon.all_of(lexicon.LIST_HEADING_STEMS)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
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


@functools.lru_cache(maxsize=BLOCKS_REMEMBERED)
def is_entry_like(block: Block) -> bool:
    if block.kind == ITEM:
        return entry_score(block.text) >= ITEM_ENTRY  # a bulleted demand in the text is not an entry
    lines = [line.text for line in block.lines]
    if sum(entry_score(t) >= ENTRY for t in lines) >= max(1, 0.5 * len(lines)):
        return True
    if len(lines) < 2:
        return False
    if len(block.text.split()) <= LONG_ENTRY_WORDS and entry_score(block.text) >= ENTRY:
        return True  # one entry wrapped over its lines ('Name of the' / 'Union (ACR)')
    # wrapped entries: judge the entries the lines make up, wrapped where the block's lines show the edge
    reader = reader_for(list(block.lines))
    for line in block.lines:
        reader.line(line, None)
    entries = [entry for entry, _ in reader.entries if isinstance(entry, str)]
    return sum(entry_score(e) >= ENTRY for e in entries) >= 0.6 * len(entries)


@functools.lru_cache(maxsize=BLOCKS_REMEMBERED)
def holds_entries(block: Block) -> bool:
    """Entries of a list in any of its forms: lines or items that read as entries, table rows
    whose first cells are names, or a paragraph of entries run together."""
    if block.kind == HEADING:
        return False
    return is_entry_like(block) or _is_name_table(block) or paragraph_entries(block) is not None


def _is_name_table(block: Block) -> bool:
    """A table whose rows start (past a number) with an organisation's or a person's name."""
    rows = [line.cells for line in block.lines if len(line.cells) >= 2]
    if not is_tabular(block) or not rows:
        return False
    return sum(_is_name_line(first_words(cells)) for cells in rows) >= TABLE_NAMES * len(rows)


def _ends_with_places(block: Block) -> bool:
    """Many lines end with a country ('..., Italie'): entries set in columns the reading order
    mixed up, not a paragraph of text."""
    ends = sum(bool(find_country(line.text.rstrip(" .,;"))) for line in block.lines)
    return len(block.lines) >= 3 and ends >= PLACE_ENDS * len(block.lines)


@functools.lru_cache(maxsize=BLOCKS_REMEMBERED)
def is_prose(block: Block) -> bool:
    """A long paragraph that is no list of entries: statement text."""
    if block.kind == HEADING or block.word_count <= PROSE_WORDS or is_tabular(block):
        return False
    if _reads_like_sentences(block):
        return True
    return not (
        is_entry_like(block) or paragraph_entries(block) or _ends_with_places(block) or _is_line_per_entry(block)
    )


def _is_line_per_entry(block: Block) -> bool:
    """Ragged lines that each start with a capital ('Priya Nair, labour lawyer'): one entry a line,
    where a paragraph's wrapped lines fill the width."""
    starts = sum(starts_like_a_name(line.text) for line in block.lines)
    by_line = _ended_by_hand(block) or not _is_wrapped_paragraph(block)
    return by_line and starts >= LINE_CAPITALS * len(block.lines)


def _reads_like_sentences(block: Block) -> bool:
    """Few capitalised words: running text (lists of names are mostly capitalised)."""
    words = block.text.split()
    return sum(word[:1].isupper() for word in words) < 0.25 * len(words)


def is_tabular(block: Block) -> bool:
    return sum(len(line.cells) >= 2 for line in block.lines) >= len(block.lines) / 2


def is_name_lines(block: Block) -> bool:
    """Every line a short capitalised phrase that ends no sentence: names, one a line."""
    return all(_is_name_line(line.text) for line in block.lines)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _is_name_line(text: str) -> bool:
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS or text.rstrip()[-1] in ":!?;":
        return False
    capitals = sum(word[:1].isupper() for word in words)
    return entry_score(text) >= ITEM_ENTRY or capitals >= NAME_CAPITALS * len(words)


def opens_inline_list(block: Block) -> bool:
    """'Signataires : A (FR), B (ES), ...' in one paragraph."""
    head, colon, rest = block.text.partition(":")
    return bool(colon) and is_list_heading(head + ":") and len(split_entries(rest)) >= 2


def _ended_by_hand(block: Block) -> bool:
    """Most of the block's lines end where the next line's first word would still have fitted: the
    lines were ended by hand. A wrapped paragraph moves a word to the next line only when it does not fit."""
    lines = block.lines
    if len(lines) < 2:
        return False
    right = max(line.x1 for line in lines)
    early = 0
    for line, following in zip(lines, lines[1:]):
        word = following.text.split(maxsplit=1)[0] if following.text.strip() else ""
        per_char = (following.x1 - following.x0) / max(1, len(following.text))
        early += line.x1 + per_char * (len(word) + 1) < right
    return early >= EARLY_BREAKS * (len(lines) - 1)


def _is_wrapped_paragraph(block: Block) -> bool:
    """Lines filled to the right edge: a paragraph of several entries run together."""
    lines = block.lines
    right = max(line.x1 for line in lines)
    full = sum(line.x1 >= right - 2.5 * line.size for line in lines[:-1])
    return len(lines) > 1 and full >= 0.6 * (len(lines) - 1)


@functools.lru_cache(maxsize=8192)
def is_located(piece: str) -> bool:
    """It has an acronym or a known country."""
    parsed = parse_signatory(piece)
    return bool(parsed.acronym or parsed.country_code)


@functools.lru_cache(maxsize=BLOCKS_REMEMBERED)
def paragraph_entries(block: Block) -> tuple[str, ...] | None:
    """A comma- or semicolon-separated paragraph's entries; None if it is not one."""
    if block.text.count(",") + block.text.count(";") < 1:
        return None
    pieces = split_entries(block.text)
    if len(pieces) < 2 or sum(starts_like_a_name(p) for p in pieces) < NAMED_PIECES * len(pieces):
        return None  # 'the outsourcing be withdrawn, that ...': clauses of a sentence
    if _ended_by_hand(block):
        return None  # one entry a line, commas inside the entries
    located = sum(map(is_located, pieces))
    wrapped = len(block.lines) > 1 and _is_wrapped_paragraph(block)
    if not wrapped and located < max(2, LOCATED_PIECES * len(pieces)):
        return None
    run_together = wrapped or _starts_inside_lines(block, pieces)
    if len(pieces) > len(block.lines) or (run_together and located >= LOCATED_PIECES * len(pieces)):
        return tuple(pieces)  # more entries than lines, or long located entries run over full lines
    return None


def _starts_inside_lines(block: Block, pieces: list[str]) -> bool:
    """Most entries start inside a line, after the one before, and lines do not end with a country:
    a paragraph of entries run together, set ragged in a narrow column, not one entry a line."""
    if _ends_with_places(block):
        return False
    starts = {line.text.lstrip()[:START_CHARS] for line in block.lines}
    inside = sum(piece[:START_CHARS] not in starts for piece in pieces[1:])
    return inside >= MID_LINE_STARTS * (len(pieces) - 1)


def starts_like_a_name(text: str) -> bool:
    """Its first letter is a capital (or has no case, as in Arabic): names do, clauses mostly not."""
    first = next((c for c in text if c.isalpha()), "")
    return bool(first) and not first.islower()


def is_number(text: str) -> bool:
    """Only numbers ('12', '8 9'): a table's number column read apart from its rows."""
    return all(_NUMBER.match(word) for word in text.split())


def is_fragment(block: Block) -> bool:
    """A line of a few words on its own: a table cell's or an entry's wrapped end ('Trabajo',
    '- Brasilien.'), which neither makes nor breaks a run of entries."""
    short = len(block.lines) == 1 and len(block.text.split()) <= FRAGMENT_WORDS
    return short and block.kind != HEADING and entry_score(block.text) < ENTRY


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
    firsts = [first_words(entry) for entry, _ in reader.entries]
    firsts = [first for first in firsts if first]
    return sum(starts_like_a_name(first) for first in firsts) / len(firsts) if firsts else 0.0


def first_words(entry: str | tuple[str, ...] | Row) -> str:
    """An entry's text past its marker or number; a table row's first cell that holds words."""
    if isinstance(entry, str):
        cells: tuple[str, ...] = (entry,)
    elif isinstance(entry, Row):
        cells = tuple(entry.cells[column] for column in sorted(entry.cells))
    else:
        cells = entry
    texts = (strip_marker(cell).strip() for cell in cells)
    return next((text for text in texts if any(c.isalpha() for c in text)), "")
