"""Tables of signatories read cell by cell.

A row gathers the lines of its cells (a cell may wrap over several lines, or be drawn lower than the
row's first line) until the next row starts; a cell that the line finder ran into its neighbour is cut
again where the neighbour column starts. Each column then gets one role from what most of its cells
hold (row number, name, acronym, country, description), so that a sector column ("Ports", "National")
is not read as acronyms and a description column is left out of the name.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..layout import Line, ends_hyphenated, join_hyphenated
from ..model import Signatory
from ..countries import country_code, find_country
from ._entries import clean_entry, looks_like_acronym, parse_signatory, split_acronym

__all__ = ["SAME_HEIGHT_EMS", "Row", "Table", "columns_of_entries", "header_rows", "table_signatories"]

NUMBER_CELL = re.compile(r"^\(?\d{1,4}[.)°]?$")
_SPACES = re.compile(r"\s+")
SAME_HEIGHT_EMS = 0.5  # lines whose tops are this close (font sizes) sit at one height: one row
ALIGNED_EMS = 1.0  # a cell starts at a column when within this many font sizes of the column's start
ROLE_SHARE = 0.5  # a column has a role when this share of its non-empty cells fits it
NUMBER_SHARE = 0.6  # a number column is numbers nearly throughout (a stray word is a wrapped cell)
DISTINCT_SHARE = 0.8  # acronyms all differ but for a few; sectors or roles repeat
MAX_ACRONYM_WORDS = 3  # an acronym cell is short ('ORSA Ferrovie', 'UCU Liverpool')
PADDING_EMS = 0.25  # rows drawn further apart than wrapped lines by this much have padding between them
CHARACTER_EMS = 0.5  # the average width of a character, in font sizes (Latin text, proportional fonts)


@dataclass
class Table:
    """Where a table's columns start (x), from its header row or its fullest row."""

    starts: tuple[float, ...]

    def column_of(self, x: float, size: float) -> int:
        return max((i for i, start in enumerate(self.starts) if start <= x + ALIGNED_EMS * size), default=0)

    def widened(self, starts: tuple[float, ...], size: float) -> dict[int, int] | None:
        """Take the starts of a fuller row whose columns include ours: our column index -> its new one
        (None when they do not line up)."""
        moves = {}
        for index, start in enumerate(self.starts):
            nearest = min(range(len(starts)), key=lambda i: abs(starts[i] - start))
            if abs(starts[nearest] - start) > ALIGNED_EMS * size:
                return None
            moves[index] = nearest
        self.starts = starts
        return moves

    def add_column(self, line: Line) -> None:
        """A column the header did not show, right of the others, where `line` starts."""
        if line.x0 > self.starts[-1] + ALIGNED_EMS * line.size and len(line.cells) < 2:
            self.starts = (*self.starts, line.x0)

    def spans_columns(self, line: Line) -> bool:
        """One piece of text reaching past the start of a later column: cells run together."""
        first = self.column_of(line.x0, line.size)
        return any(start > line.x0 + ALIGNED_EMS * line.size and line.x1 > start + line.size
                   for start in self.starts[first + 1 :])


@dataclass
class Row:
    """One table row: column index -> the text of its cell so far."""

    table: Table
    page: int
    top: float
    bottom: float
    cells: dict[int, str] = field(default_factory=dict)
    heights: set[tuple[int, int]] = field(default_factory=set)  # (page, top) of each of its lines
    # (column, line, the piece's text, x0, x1) as read; made into lines only when asked (see `pieces`)
    cuts: list[tuple[int, Line, str, float, float]] = field(default_factory=list)

    @classmethod
    def of(cls, table: Table, line: Line) -> Row:
        row = cls(table, line.page, line.top, line.bottom)
        row.add(line)
        return row

    def holds_height(self, line: Line) -> bool:
        """The line sits within the row's height: a cell of it drawn apart."""
        return line.page == self.page and self.top - SAME_HEIGHT_EMS * line.size <= line.top <= self.bottom

    def renumber(self, moves: dict[int, int]) -> None:
        self.cells = {moves.get(column, column): text for column, text in self.cells.items()}

    def add(self, line: Line) -> None:
        """The line's cells (or its text, one cell) added under the columns they sit in."""
        if line.page == self.page:
            self.top, self.bottom = min(self.top, line.top), max(self.bottom, line.bottom)
        self.heights.add((line.page, round(line.top)))
        pieces = list(zip(line.cells, line.cell_starts)) if len(line.cells) >= 2 else [(line.text, line.x0)]
        for index, (text, x) in enumerate(pieces):
            # a cell's own end is known for the line's last one only; the others' are estimated
            end = line.x1 if index + 1 == len(pieces) else x + len(text) * CHARACTER_EMS * line.size
            self.cuts.append((self.table.column_of(x, line.size), line, text, x, end))
            parts = self._cut_at_runs(line, text, x, end) or self._cut(text, x, end, line.size)
            for column, part in parts:
                self._append(column, part)

    @property
    def pieces(self) -> list[tuple[int, Line]]:
        """(column, its piece of a line) as read: only a list in columns read as a table asks."""
        return [(column, replace(line, text=text, x0=x0, x1=x1, cells=(), cell_starts=()))
                for column, line, text, x0, x1 in self.cuts]

    @property
    def first_text(self) -> str:
        return self.cells[min(self.cells)] if self.cells else ""

    @property
    def numbered(self) -> bool:
        """The row opens with its number cell, in the table's first column."""
        return bool(self.cells) and min(self.cells) == 0 and bool(NUMBER_CELL.match(self.cells[0].strip()))

    @property
    def name_text(self) -> str:
        """The text of the row's first cell after its number (its name, as far as read)."""
        return next((self.cells[c] for c in sorted(self.cells) if not (c == 0 and self.numbered)), "")

    def _append(self, column: int, text: str) -> None:
        cell = self.cells.get(column)
        if not cell:
            self.cells[column] = text
        elif ends_hyphenated(cell):
            self.cells[column] = join_hyphenated(cell, text, Counter())
        else:
            self.cells[column] = f"{cell} {text}"

    def _cut_at_runs(self, line: Line, text: str, x0: float, x1: float) -> list[tuple[int, str]] | None:
        """A piece over several columns cut where one of its runs starts at a column's start: cells
        drawn as runs of their own, closer than a cell gap ('United Kingdom' | 'Campaign')."""
        size = line.size
        first = self.table.column_of(x0, size)
        later = self.table.starts[first + 1:]
        for run in sorted(line.runs, key=lambda r: r.x0):
            if not (x0 + ALIGNED_EMS * size < run.x0 < x1) or not any(abs(run.x0 - s) <= ALIGNED_EMS * size for s in later):
                continue
            at = text.rfind(run.text.strip())
            if at > 0:
                rest = self._cut_at_runs(line, text[at:], run.x0, x1) or [(self.table.column_of(run.x0, size), text[at:].strip())]
                return [(first, text[:at].strip()), *rest]
        return None

    def _cut(self, text: str, x0: float, x1: float, size: float) -> list[tuple[int, str]]:
        """A piece of text over one or more columns -> (column, text) parts: where it runs past a
        column's start, it is cut before a country or an acronym found near that start."""
        first = self.table.column_of(x0, size)
        inside = [i for i, s in enumerate(self.table.starts) if i > first and x0 + ALIGNED_EMS * size < s < x1 - size]
        for column in reversed(inside):
            cut = _cut_near(text, x0, self.table.starts[column], size)
            if cut is not None:
                return [*self._cut(text[:cut].rstrip(), x0, self.table.starts[column], size),
                        (column, text[cut:].strip())]
        return [(first, text)]


def _cut_near(text: str, x0: float, start: float, size: float) -> int | None:
    """Index of the word boundary after which a country or an acronym ends the text, the one whose
    estimated x is nearest the column's `start` (the cells' own ends are not known)."""
    best: tuple[float, int] | None = None
    for match in _SPACES.finditer(text):
        cut = match.end()
        tail, head = text[cut:].strip(), text[: match.start()]
        if head and ((country_code(tail) and not tail[0].islower()) or _is_bare_acronym(tail)):
            distance = abs(x0 + cut * CHARACTER_EMS * size - start)
            best = min(best or (distance, cut), (distance, cut))
    return best[1] if best else None


def _is_bare_acronym(text: str) -> bool:
    """Capitals only, one word or two ('CDMT', 'SI COBAS', 'CNTS/FC'), or an acronym and the place it
    is qualified by ('CGSP/FGTB Bruxelles', 'SUD Vaud'): what can be cut off a name."""
    words = text.split()
    if not 0 < len(words) <= MAX_ACRONYM_WORDS or not looks_like_acronym(words[0]) or "(" in text:
        return False
    return all(looks_like_acronym(w) or w[:1].isupper() for w in words[1:])


def _is_acronym(cell: str) -> bool:
    """Short, without parentheses, with a word in capitals or one capitalised word ('CEE', 'ORSA
    Ferrovie', 'CGT-B', 'Sinutapetrolgas'); a sector column repeats its words (see `_distinct`)."""
    words = cell.split()
    if not words or len(words) > MAX_ACRONYM_WORDS or "(" in cell or cell.endswith(",") or country_code(cell):
        return False
    return any(looks_like_acronym(w) for w in words) or (len(words) == 1 and cell[0].isupper())


def _is_country(cell: str) -> bool:
    return bool(country_code(cell.strip(" .")) or find_country(cell.strip(" .")))


def header_rows(lines: list[Line]) -> dict[int, tuple[Line, ...]]:
    """Heading lines that make up a table's header row, by id: those on one height as a heading line
    of several cells (the line finder may set a column's name apart from the others)."""
    rows: dict[int, tuple[Line, ...]] = {}
    for line in lines:
        if len(line.cells) < 2:
            continue
        row = tuple(other for other in lines if other.page == line.page
                    and abs(other.top - line.top) < SAME_HEIGHT_EMS * line.size)
        for member in row:
            rows[id(member)] = row
    return rows


def header_starts(row: tuple[Line, ...]) -> tuple[float, ...]:
    """Where the columns of a header row start, from all its pieces."""
    return tuple(sorted({x for line in row for x in (line.cell_starts if len(line.cells) >= 2 else (line.x0,))}))


@dataclass(frozen=True)
class _Roles:
    name: int
    number: int | None
    acronym: int | None
    country: int | None


def _roles(rows: list[Row]) -> _Roles:
    """Each column's role, from the share of its cells that are numbers, countries or acronyms;
    the first other column holds the names, any further one descriptions."""
    columns = sorted({c for row in rows for c, text in row.cells.items() if text.strip()})

    def share(column: int, test) -> float:
        cells = [row.cells[column].strip() for row in rows if row.cells.get(column, "").strip()]
        return sum(map(test, cells)) / len(cells) if cells else 0.0

    number = next((c for c in columns if share(c, lambda cell: bool(NUMBER_CELL.match(cell))) >= NUMBER_SHARE), None)
    rest = [c for c in columns if c != number]
    name = rest[0] if rest else 0
    country = next((c for c in rest[1:] if share(c, _is_country) >= ROLE_SHARE), None)
    acronym = next((c for c in rest[1:] if c != country and share(c, _is_acronym) >= ROLE_SHARE
                    and _distinct(rows, c)), None)
    return _Roles(name, number, acronym, country)


def _distinct(rows: list[Row], column: int) -> bool:
    """Acronyms differ from row to row; a sector column repeats a few values."""
    cells = [row.cells[column].strip() for row in rows if row.cells.get(column, "").strip()]
    return len(set(cells)) >= DISTINCT_SHARE * len(cells)


def columns_of_entries(rows: list[Row]) -> bool:
    """Lines the line finder read across two or three columns of a list, as if they were a table:
    no column of numbers, countries or acronyms, and a second column of names."""
    roles = _roles(rows)
    if roles.number is not None or roles.country is not None or roles.acronym is not None:
        return False
    columns = sorted({c for row in rows for c in row.cells} - {roles.name})
    return any(_share(rows, c, _is_name) >= ROLE_SHARE and _distinct(rows, c) for c in columns)


def _is_name(cell: str) -> bool:
    """Capitalised, or an acronym in parentheses, and not a sentence."""
    words = cell.split()
    return bool(words) and not cell[0].islower() and sum(w[:1].islower() for w in words) <= len(words) / 2


def _share(rows: list[Row], column: int, test) -> float:
    cells = [row.cells[column].strip() for row in rows if row.cells.get(column, "").strip()]
    return sum(bool(test(cell)) for cell in cells) / len(cells) if cells else 0.0


def table_signatories(rows: list[Row], categories: list[str | None]) -> list[Signatory]:
    """One table's rows -> signatories, each column read by its role."""
    roles = _roles(rows)
    result = []
    for row, category in zip(rows, categories):
        text = " ".join(row.cells.get(roles.name, "").split())
        if roles.number is None and roles.name not in row.cells:
            continue
        if roles.country is None:
            parsed = parse_signatory(text, category=category)
            name, acronym, country, code = parsed.name, parsed.acronym, parsed.country, parsed.country_code
        else:
            name, acronym = split_acronym(text)
            country = " ".join(row.cells.get(roles.country, "").split()).strip(" .") or None
            code = country_code(country) if country else None
            if country and code is None and (found := find_country(country)):
                code = found[1]
        if roles.acronym is not None:
            cell = " ".join(row.cells.get(roles.acronym, "").split())
            if cell:  # the name cell is the name, whole ('GMB Union, Coventry Branch' | 'GMB')
                name, acronym = clean_entry(text), cell
        if not name:
            continue
        result.append(Signatory(name, acronym, country, code, category))
    return result
