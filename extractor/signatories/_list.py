"""Where the signatory list starts, its category headings, and its entries."""
from __future__ import annotations

import re
from dataclasses import replace

from collections import Counter

from ..layout import (
    HEADING, ITEM, Block, Line, ends_hyphenated, ends_open, is_item_start, join_hyphenated, marker_of,
)
from ..structure import is_url_or_email
from ._countries import country_code, find_country
from ..model import Signatory
from ._entries import entry_score, is_list_heading, parse_signatory, split_entries

ENTRY = 0.5  # entry_score from which a line counts as an entry
PROSE_WORDS = 30  # a block this long inside the list is prose, not an entry
_ACRONYM_CELL = re.compile(r"^[\w.&/'’-]{2,}(?:\s[\w.&/'’-]+){0,3}$")


def _is_entry_like(block: Block) -> bool:
    if block.kind == ITEM:
        return entry_score(block.text) >= 0.3  # a bulleted demand in the text is not an entry
    lines = [line.text for line in block.lines]
    if sum(entry_score(t) >= ENTRY for t in lines) >= max(1, 0.5 * len(lines)):
        return True
    if len(lines) < 3:
        return False
    reader = _ListReader()  # wrapped entries: judge the entries the lines make up
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
    return any(
        block.kind == ITEM or _is_tabular(block) or _is_entry_like(block) or _paragraph_entries(block)
        for block in following
    )


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


_NUMBER_CELL = re.compile(r"^\(?\d{1,4}[.)]?$")
DESCRIPTION_WORDS = 5  # a cell of this many words, mostly lower-case, describes the organisation


def _is_description(cell: str) -> bool:
    words = cell.split()
    return len(words) >= DESCRIPTION_WORDS and sum(w[:1].islower() for w in words) > len(words) / 2


def _cells_signatory(cells: tuple[str, ...], category: str | None) -> Signatory:
    """A table row: an optional number, the name (with its acronym in parentheses or not), then
    acronym, country and description cells in any order."""
    name_parts: list[str] = []
    acronym = country = code = None
    for cell in cells:
        cell = cell.strip()
        cell_code = country_code(cell)
        if not name_parts and _NUMBER_CELL.match(cell):
            continue  # the row's number
        if name_parts and cell_code and country is None:
            country, code = cell.strip(" ."), cell_code
        elif name_parts and acronym is None and _ACRONYM_CELL.match(cell) and any(c.isupper() for c in cell):
            acronym = cell
        elif name_parts and _is_description(cell):
            continue
        else:
            name_parts.append(cell)
    name = " ".join(name_parts)
    if acronym is None and name.endswith(")"):  # 'Name (ACR)' in the name cell
        parsed = parse_signatory(name)
        if parsed.acronym and (country is None or parsed.country is None):
            return Signatory(parsed.name, parsed.acronym, country or parsed.country,
                             code if country else parsed.country_code, category)
    return Signatory(name, acronym, country, code, category)


def _extend_cell(row: tuple[str, ...], starts: tuple[float, ...], line: Line) -> tuple[str, ...]:
    """The row with `line` added to the cell it sits under (by x position)."""
    index = max((i for i, x in enumerate(starts) if x <= line.x0 + line.size), default=0)
    index = min(index, len(row) - 1)
    cell = row[index]
    joined = join_hyphenated(cell, line.text, Counter()) if ends_hyphenated(cell) else f"{cell} {line.text}"
    return (*row[:index], joined, *row[index + 1 :])


def _joins_previous(previous: str, line: Line) -> bool:
    """A wrapped entry's next line."""
    text = line.text
    if is_item_start(text):
        return False
    if ends_open(previous):
        return True
    if find_country(previous.rstrip(" .")):
        return False  # the entry above ends with its country
    return text[:1].islower() or text[:1] in "(-–—"


def _has_words(text: str, count: int) -> bool:
    return len(text.split()) >= count


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


def _country_only(text: str) -> bool:
    stripped = text.strip(" .-–—•")
    return bool(stripped) and len(stripped.split()) <= 4 and country_code(stripped) is not None


class _ListReader:
    """Accumulates entries in order; wrapped lines and stray country lines join the entry before."""

    def __init__(self) -> None:
        self.entries: list[tuple[str | tuple[str, ...], str | None]] = []
        self.open = False  # whether the last entry may still be continued by the next line
        self.left = float("inf")  # where the last entry's first line starts
        self.last_line: Line | None = None
        self.row_starts: tuple[float, ...] = ()  # where the last table row's cells start

    def start(self, entry: str | tuple[str, ...], category: str | None, *, open_: bool) -> None:
        self.entries.append((entry, category))
        self.open = open_
        self.left = float("inf")

    def extend(self, text: str) -> None:
        last, category = self.entries[-1]
        joined = join_hyphenated(last, text, Counter()) if ends_hyphenated(last) else f"{last} {text}"
        self.entries[-1] = (joined, category)

    def line(self, line: Line, category: str | None) -> None:
        self._read(line, category)
        self.last_line = line

    def _read(self, line: Line, category: str | None) -> None:
        last = self.entries[-1][0] if self.entries else None
        if isinstance(last, tuple) and len(line.cells) < 2 and self._continues_row(last, line):
            self.entries[-1] = (_extend_cell(last, self.row_starts, line), self.entries[-1][1])
        elif isinstance(last, str) and (
            (self.open and (_joins_previous(last, line) or self._hangs(line)))
            or _country_only(line.text)
        ):
            self.extend(line.text)
        elif isinstance(last, tuple) and len(line.cells) >= 2 and self._fills_row_gaps(line):
            row = last
            for text, x in zip(line.cells, line.cell_starts):
                row = _extend_cell(row, self.row_starts, replace(line, text=text, x0=x))
            self.entries[-1] = (row, self.entries[-1][1])
        elif line.cells and len(line.cells) >= 2:
            self.start(line.cells, category, open_=False)
            self.row_starts = line.cell_starts
        else:
            self.start(line.text, category, open_=True)
            self.left = line.x0

    def _fills_row_gaps(self, line: Line) -> bool:
        """Several cells' next lines at once: each under a cell of the row above, the row's first
        or last column left empty (a new row fills both)."""
        starts = self.row_starts
        above = self.last_line
        if len(starts) < 3 or above is None or above.page != line.page:
            return False
        aligned = [min(range(len(starts)), key=lambda i: abs(starts[i] - x)) for x in line.cell_starts]
        if any(abs(starts[i] - x) > line.size for i, x in zip(aligned, line.cell_starts)):
            return False
        return 0 not in aligned or len(starts) - 1 not in aligned

    def _continues_row(self, row: tuple[str, ...], line: Line) -> bool:
        """A table cell's next line: under one of the row's cells, before the next row starts
        (a line that is a whole entry of its own, with its acronym, starts a row without country)."""
        above = self.last_line
        if above is None or above.page != line.page or is_item_start(line.text):
            return False
        if _joins_previous(row[0], line):
            return True
        if not any(abs(line.x0 - x) <= line.size for x in self.row_starts):
            return False
        own = parse_signatory(line.text)
        return not (own.acronym and parse_signatory(row[0]).acronym and _has_words(own.name, 2))

    def _hangs(self, line: Line) -> bool:
        """Indented under the entry's first line: a hanging indent continues the entry."""
        above = self.last_line
        if above is None or above.page != line.page or not 0 <= line.top - above.bottom < 1.5 * line.size:
            return False
        return line.x0 > self.left + 0.5 * line.size and not is_item_start(line.text)

    def signatories(self) -> list[Signatory]:
        result = []
        for entry, category in self.entries:
            if isinstance(entry, tuple):
                result.append(_cells_signatory(entry, category))
            elif not is_url_or_email(entry) and any(c.isalnum() for c in entry):
                result.append(parse_signatory(entry, category=category))
        return result


def _dominant_marker(blocks: list[Block]) -> str | None:
    markers = Counter(marker_of(b.text) for b in blocks if b.kind == ITEM)
    return markers.most_common(1)[0][0] if markers else None


def _is_list_part_heading(block: Block) -> bool:
    """A heading inside the list: not an entry set in bold, not a wrapped entry's second line."""
    return block.kind == HEADING and entry_score(block.text) < 0.75 and block.text[:1] not in "(-–—"


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
    reader = _ListReader()
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
