"""Reading a list line by line: wrapped entries, stray country lines, and table rows cell by cell."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..layout import Line, ends_hyphenated, ends_open, is_item_start, join_hyphenated
from ..model import Signatory
from ..structure import is_url_or_email
from ._countries import country_code, find_country
from ._entries import parse_signatory

_ACRONYM_CELL = re.compile(r"^[\w.&/'’-]{2,}(?:\s[\w.&/'’-]+){0,3}$")
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
    if previous.count("(") > previous.count(")"):
        return True  # 'Associazione Diritti Lavoratori Cobas (ADL' / 'COBAS)'
    if find_country(previous.rstrip(" .")):
        return False  # the entry above ends with its country
    return text[:1].islower() or text[:1] in "(-–—" or _acronym_spans(previous, text)


def _acronym_spans(previous: str, text: str) -> bool:
    """The line's acronym is made of the initials of both lines, not of its own: 'Unión Nacional
    para la Defensa de la Clase' / 'Trabajadora (UNT)'."""
    acronym = parse_signatory(text).acronym
    if not acronym or parse_signatory(previous).acronym:
        return False
    own = text[: text.rfind(acronym)]
    return not _initials_cover(own, acronym) and _initials_cover(f"{previous} {own}", acronym)


def _initials_cover(name: str, acronym: str) -> bool:
    """The acronym's letters are, in order, among the initials of the name's capitalised words."""
    initials = iter(word[0].casefold() for word in re.findall(r"\w+", name) if word[0].isupper())
    letters = [c.casefold() for c in acronym if c.isalpha()]
    return bool(letters) and all(letter in initials for letter in letters)


def _has_words(text: str, count: int) -> bool:
    return len(text.split()) >= count


def _country_only(text: str) -> bool:
    stripped = text.strip(" .-–—•")
    return bool(stripped) and len(stripped.split()) <= 4 and country_code(stripped) is not None


class ListReader:
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


