"""Reading a list line by line: wrapped entries, stray country lines, and table rows cell by cell."""
from __future__ import annotations

import functools
from collections import Counter
from itertools import pairwise

from ..layout import (
    Line,
    ends_hyphenated,
    is_item_start,
    join_hyphenated,
    marker_of,
)
from ..model import Signatory
from ..structure import is_url_or_email
from ..countries import country_code
from ._entries import (
    TEXTS_REMEMBERED,
    acronym_dash,
    clean_entry,
    ends_like_entry,
    parse_signatory,
    split_entries,
)
from ._tables import (
    NUMBER_CELL,
    PADDING_EMS,
    SAME_HEIGHT_EMS,
    Row,
    Table,
    columns_of_entries,
    header_starts,
    table_signatories,
)
from ._wraps import NO_GEOMETRY, ListGeometry, continues_entry

DASHES = "-–—‒―−"
SIZE_STEP = 0.5  # points: lines whose sizes differ less are set in one style
ENTRY_GAP_EMS = 0.3  # white (font sizes) beyond the line pitch that sets a paragraph apart from the line above
MIN_PITCH_EMS = 0.8  # lines closer than this (font sizes) overlap: no two lines of one paragraph
# A hanging indent is a few font sizes (Word's quarter to half inch, LaTeX's 2.5 em); a line further
# right is in the next column of the list, where the entry above went on.
MAX_HANG_EMS = 5.0

def _has_words(text: str, count: int) -> bool:
    return len(text.split()) >= count


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def country_only(text: str) -> bool:
    """The line holds a country and nothing else ('- Polen.'): the end of the entry above."""
    stripped = text.strip(" .-–—•")
    return bool(stripped) and len(stripped.split()) <= 4 and country_code(stripped) is not None


class ListReader:
    """Accumulates entries in order; wrapped lines and stray country lines join the entry before.

    `line_pitch` is the distance between two lines of one entry or cell in this list (None: unknown);
    table rows drawn further apart than that show where a row starts even when its name cell wraps.
    """

    def __init__(self, *, line_pitch: float | None = None, geometry: ListGeometry = NO_GEOMETRY) -> None:
        self.entries: list[tuple[str | Row, str | None]] = []
        self.open = False  # whether the last entry may still be continued by the next line
        self.left = float("inf")  # where the last entry's first line starts
        self.last_line: Line | None = None
        self.table: Table | None = None  # the table being read, if any
        self.line_pitch = line_pitch
        self.geometry = geometry
        self.row_pitch: float | None = None  # the least distance seen between two rows' first lines
        self.row_line: Line | None = None  # the last row's first line
        self.header_line: Line | None = None  # the last table's header row
        self.paragraph_lines = 0  # lines of the last paragraph read whole (see paragraph())

    def start(self, entry: str | Row, category: str | None, *, open_: bool) -> None:
        self.entries.append((entry, category))
        self.open = open_
        self.left = float("inf")

    def extend(self, text: str) -> None:
        last, category = self.entries[-1]
        joined = join_hyphenated(last, text, Counter()) if ends_hyphenated(last) else f"{last} {text}"
        self.entries[-1] = (joined, category)

    def header(self, row: tuple[Line, ...]) -> None:
        """A table's header row (its lines, when the line finder set a column's name apart)."""
        starts = header_starts(row)
        table = self.table
        repeated = table is not None and len(starts) == len(table.starts) and all(
            abs(a - b) <= row[0].size for a, b in zip(starts, table.starts))
        if not repeated:  # a table going on over a page repeats its header
            self.table = Table(starts)
        self.header_line = row[0]

    def line(self, line: Line, category: str | None) -> None:
        self._read(line, category)
        self.last_line = line

    def paragraph(self, lines: tuple[Line, ...], category: str | None) -> None:
        """The lines of one paragraph of the list: white above it ends the entry before (entries set
        as paragraphs of their own, in LaTeX or CSS columns), and a country opening such a paragraph
        that goes on is a name's first word ('Bangladesh' / 'Independent Garment ...')."""
        # Paragraphs of one line each say nothing: lines set one by one (justified lines of another
        # script) may be spaced unevenly; a wrapped paragraph beside the white shows entries set apart.
        apart = self._set_apart(lines[0]) and max(len(lines), self.paragraph_lines) > 1
        self.paragraph_lines = len(lines)
        if apart and isinstance(self.entries[-1][0] if self.entries else None, str):
            self.open = False
        for index, line in enumerate(lines):
            if apart and index > 0 and self._goes_on(line):
                self.extend(line.text)  # a paragraph of its own is one entry until an entry ends in it
            else:
                self._read(line, category, opens_paragraph=apart and index == 0 and len(lines) > 1)
            self.last_line = line

    def _goes_on(self, line: Line) -> bool:
        """The entry above is still open and has not ended as an entry does (a country, a closing
        parenthesis), and the line opens with no list marker."""
        last = self.entries[-1][0] if self.entries else None
        return (isinstance(last, str) and self.open and not is_item_start(line.text)
                and not ends_like_entry(clean_entry(last)))

    def _set_apart(self, line: Line) -> bool:
        """White above the line, beyond the pitch of a wrapped entry's lines: a gap between paragraphs.
        A line taller than the other (a font of another script) spaces them unevenly: no gap is read."""
        above, pitch = self.last_line, self.line_pitch
        if above is None or pitch is None or above.page != line.page or line.top <= above.top:
            return False
        if abs(above.height - line.height) > SIZE_STEP:
            return False
        return line.top - above.top >= pitch + ENTRY_GAP_EMS * line.size

    def _read(self, line: Line, category: str | None, *, opens_paragraph: bool = False) -> None:
        if not any(c.isalpha() for c in line.text):
            return  # a row's number drawn apart from its row, a page number
        last = self.entries[-1][0] if self.entries else None
        if isinstance(last, Row) and (earlier := self._row_at_height(line)) is not None:
            earlier.add(line)  # a column the line finder set apart, read after the rows
        elif isinstance(last, Row) and self._in_row(last, line):
            last.add(line)
        elif isinstance(last, str) and (
            (self.open and (continues_entry(last, self.last_line, line, self.geometry) or self._hangs(line)))
            or (country_only(line.text) and not opens_paragraph)
        ):
            self.extend(line.text)
        elif len(line.cells) >= 2 or (isinstance(last, Row) and self._starts_row(line)):
            self._start_row(line, category)
        else:
            self.start(line.text, category, open_=True)
            self.left = line.x0

    def in_table_row(self, line: Line) -> bool:
        """A line opening with a dash, under a table row on the same page: it may be a line of one of
        the row's cells, which the table reader tells."""
        last = self.entries[-1][0] if self.entries else None
        return isinstance(last, Row) and last.page == line.page and marker_of(line.text) in DASHES

    def _row_at_height(self, line: Line) -> Row | None:
        """An earlier row of the table beside which `line` sits, when the line moved back up."""
        last = self.entries[-1][0]
        if not isinstance(last, Row) or last.page != line.page or line.top >= last.top - SAME_HEIGHT_EMS * line.size:
            return None
        for entry, _ in reversed(self.entries):
            if not isinstance(entry, Row) or entry.page != line.page:
                break
            if entry.holds_height(line):
                entry.table.add_column(line)
                return entry
        return None

    def is_header_part(self, line: Line) -> bool:
        """A column name the line finder set apart from the table's header row."""
        header = self.header_line
        return header is not None and header.page == line.page and abs(header.top - line.top) < SAME_HEIGHT_EMS * line.size

    def _start_row(self, line: Line, category: str | None) -> None:
        table = self.table
        if len(line.cells) >= 2 and table is not None and len(line.cells) > len(table.starts):
            moves = table.widened(line.cell_starts, line.size)  # a fuller row: the columns it adds
            if moves is None:
                table = None
            else:
                for entry, _ in self.entries:
                    if isinstance(entry, Row) and entry.table is table:
                        entry.renumber(moves)
        if len(line.cells) >= 2 and (table is None or not self._aligned(line)):
            table = self.table = Table(line.cell_starts)
        last = self.entries[-1][0] if self.entries else None
        one_line = isinstance(last, Row) and len(last.heights) == 1  # rows of one line show the padding
        if one_line and self.row_line is not None and self.row_line.page == line.page and line.top > self.row_line.top:
            pitch = line.top - self.row_line.top
            self.row_pitch = pitch if self.row_pitch is None else min(self.row_pitch, pitch)
        self.row_line = line
        self.start(Row.of(table, line), category, open_=False)

    def _aligned(self, line: Line) -> bool:
        """Every cell of the line starts at one of the table's columns."""
        starts = self.table.starts if self.table else ()
        return all(any(abs(x - s) <= line.size for s in starts) for x in line.cell_starts)

    def _starts_row(self, line: Line) -> bool:
        """A one-cell line after a finished row that runs over several columns (cells run together),
        or starts at a column other than the last (the next row, its number cell left empty)."""
        table = self.table
        if table is None:
            return False
        return table.spans_columns(line) or any(abs(line.x0 - start) <= line.size for start in table.starts[:-1])

    def _in_row(self, row: Row, line: Line) -> bool:
        """Whether `line` belongs to the row being read: a wrapped line of one of its cells, or
        cells drawn lower than the row's first line (or set apart from it by the line finder)."""
        above = self.last_line
        if above is None:
            return False
        same_page = above.page == line.page
        if same_page and line.top < above.top - SAME_HEIGHT_EMS * line.size:
            return True  # the rest of the row, read after a cell that wrapped
        if len(line.cells) >= 2:
            return same_page and self._fills_row_gaps(row, line)
        if self.table is not None and self.table.spans_columns(line):
            return False
        if is_item_start(line.text) and (marker_of(line.text) not in DASHES or self._row_pitch_apart(line)):
            return False  # (a dash opening a cell's line is the name's own: 'Name I - Name II')
        if continues_entry(row.name_text, None, line, NO_GEOMETRY):
            return True
        if not same_page:
            # a numbered row cut by a page break goes on under the repeated header, its number cell empty
            return row.numbered and self.table is not None and self.table.column_of(line.x0, line.size) > 0
        if self._row_pitch_apart(line):
            return False
        own = parse_signatory(line.text)
        return not (own.acronym and parse_signatory(row.first_text).acronym and _has_words(own.name, 2))

    def _closer_than_rows(self, line: Line) -> bool:
        """Rows padded apart, and this line closer to the one above than rows are: in the same row."""
        above, pitch, rows = self.last_line, self.line_pitch, self.row_pitch
        if above is None or pitch is None or rows is None or rows < pitch + PADDING_EMS * line.size:
            return False
        return line.top - above.top < rows - PADDING_EMS * line.size

    def _row_pitch_apart(self, line: Line) -> bool:
        """Rows padded apart, and this line as far from the one above as rows are: a new row."""
        above, pitch, rows = self.last_line, self.line_pitch, self.row_pitch
        if above is None or pitch is None or rows is None or rows < pitch + PADDING_EMS * line.size:
            return False
        return line.top - above.top >= rows - PADDING_EMS * line.size

    def _fills_row_gaps(self, row: Row, line: Line) -> bool:
        """Several cells' next lines at once, each under a column of the table: the row's first
        filled column left empty, or the line as close to the one above as a cell's lines are (a new row
        fills the first column, and rows are drawn further apart when the table pads them). A second
        country for the row starts the next one."""
        starts = self.table.starts if self.table else ()
        if len(starts) < 3:
            return False
        aligned = [min(range(len(starts)), key=lambda i: abs(starts[i] - x)) for x in line.cell_starts]
        if any(abs(starts[i] - x) > line.size for i, x in zip(aligned, line.cell_starts)):
            return False
        if any(i and row.cells.get(i) and country_code(text) for i, text in zip(aligned, line.cells)):
            return False
        if min(row.cells, default=0) not in aligned:
            return True  # the row's first filled column (its name, or its number) left empty
        return not NUMBER_CELL.match(line.cells[0].strip()) and self._closer_than_rows(line)

    def _hangs(self, line: Line) -> bool:
        """Indented under the entry's first line: a hanging indent continues the entry."""
        above = self.last_line
        if above is None or above.page != line.page or not 0 <= line.top - above.bottom < 1.5 * line.size:
            return False
        indent = line.x0 - self.left
        return 0.5 * line.size < indent <= MAX_HANG_EMS * line.size and not is_item_start(line.text)

    def signatories(self) -> list[Signatory]:
        result: list[Signatory] = []
        acronym_first = acronym_dash(entry for entry, _ in self.entries if isinstance(entry, str))
        index = 0
        while index < len(self.entries):
            entry, category = self.entries[index]
            if isinstance(entry, Row):
                end = index
                while end < len(self.entries) and isinstance(self.entries[end][0], Row) and (
                    self.entries[end][0].table is entry.table
                ):
                    end += 1
                rows = self.entries[index:end]
                if columns_of_entries([r for r, _ in rows]):
                    result.extend(_read_by_column(rows))
                else:
                    result.extend(table_signatories([r for r, _ in rows], [c for _, c in rows]))
                index = end
                continue
            if not is_url_or_email(entry) and any(c.isalnum() for c in entry):
                for piece in _run_together(entry):
                    result.append(parse_signatory(piece, category=category, acronym_first=acronym_first))
            index += 1
        return result


def _run_together(entry: str) -> list[str]:
    """Entries that lines joined into one ('A (A, FR), B (B, ES)'): split where each but the last
    piece ends as an entry does; otherwise the entry, whole."""
    pieces = split_entries(entry)
    if (len(pieces) >= 2 and all(ends_like_entry(clean_entry(piece)) for piece in pieces[:-1])
            and not any(country_only(piece) for piece in pieces)):  # 'Name (ACR), Country' is one
        return pieces
    return [entry]


def _read_by_column(rows: list[tuple[Row, str | None]]) -> list[Signatory]:
    """A list in columns the line finder read as a table: each page's columns read in turn."""
    pieces: dict[tuple[int, int], list[tuple[Line, str | None]]] = {}
    for row, category in rows:
        for column, line in row.pieces:
            pieces.setdefault((line.page, column), []).append((line, category))
    result = []
    for key in sorted(pieces):
        reader = reader_for([line for line, _ in pieces[key]])
        for line, category in pieces[key]:
            reader.line(line, category)
        result.extend(reader.signatories())
    return result


def reader_for(lines: list[Line], *, headings: frozenset[int] = frozenset()) -> ListReader:
    """A reader that knows the list's line pitch and columns (all its lines, in reading order). The
    lines whose ids are in `headings` do not show where the columns' entries wrap: a category
    heading may run wider than the column of names under it."""
    entries = [line for line in lines if id(line) not in headings]
    return ListReader(line_pitch=line_pitch(lines), geometry=ListGeometry.of(entries))


def line_pitch(lines: list[Line]) -> float | None:
    """The least distance between two consecutive lines of the same size on a page: how far apart
    the lines of one wrapped entry or cell are."""
    pitches = [b.top - a.top for a, b in pairwise(lines)
               if a.page == b.page and abs(a.size - b.size) < SIZE_STEP and MIN_PITCH_EMS * a.size < b.top - a.top]
    return min(pitches) if pitches else None
