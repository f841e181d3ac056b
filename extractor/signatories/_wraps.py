"""Whether a list's line goes on with the entry above it (a wrapped entry) or starts the next one.

Read from the text (an open parenthesis, a country name cut in two, a line that opens with '(') and
from the page: a line wraps only where the next line's first word did not fit before the column's
edge, so a line that stops short of the edge by more than that word ended its entry. The width test
alone cannot tell a full line that ends an entry from one that wraps; it counts only in lists whose
entries end in a recognisable way (a country, a closing parenthesis) and for a line that does not.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import pairwise

from ..layout import Line, ends_open, is_item_start
from ..countries import country_code, find_country
from ._entries import TEXTS_REMEMBERED, acronym_dash, clean_entry, ends_like_entry, parse_signatory

_ACRONYM_DASH_NAME = re.compile(r"^\([^()]{1,20}\)\s*[-–—]\s+\w")  # '(واحد) - Syndicat ...'
_WORD = re.compile(r"\w+")

__all__ = ["NO_GEOMETRY", "ListGeometry", "continues_entry"]

ENDED_SHARE = 0.25  # entries of a list end in a country or ')' when this share of its lines do (entries wrap over 1-3 lines)
ROOM_SLACK_EMS = 0.6  # a word space and some play, in font sizes, beyond the next word's width
RUN_ON_EMS = 3.0  # a line ending this much (font sizes) beyond all others ran into the next column
MAX_ACRONYM_WORDS = 3  # 'ORSA Ferrovie –', 'UAW Ford Chicago –': an acronym before the dash is short
SAME_COLUMN_EMS = 4.0
WRAP_SEEN_EMS = 4.0  # a line surely wrapped this close (font sizes) to the longest line shows the edge  # lines starting this close (font sizes) share a column, bullets and indents aside


@dataclass(frozen=True)
class ListGeometry:
    """What the list's lines say as a whole: the right edge of each column its lines are seen to
    wrap at, and whether its entries end in a recognisable way."""

    edges: tuple[tuple[int, float, float], ...] = ()  # (page, where a column's lines start, its right edge)
    entries_end_marked: bool = False
    acronym_dash: str = ""  # the dash of a list that writes "ACR – Name": a line opening so starts an entry

    @classmethod
    def of(cls, lines: list[Line]) -> ListGeometry:
        body = [line for line in lines if not line.cells]
        ended = sum(ends_like_entry(clean_entry(line.text)) for line in body)
        return cls(_wrapping_edges(body), bool(body) and ended >= ENDED_SHARE * len(body),
                   acronym_dash(line.text for line in body))

    def right_edge(self, line: Line) -> float | None:
        for page, x0, edge in self.edges:
            if page == line.page and abs(x0 - line.x0) <= SAME_COLUMN_EMS * line.size:
                return edge
        return None


NO_GEOMETRY = ListGeometry()  # nothing known of the list: text alone decides


def _wrapping_edges(lines: list[Line]) -> tuple[tuple[int, float, float], ...]:
    """Each page column's right edge (its longest line's end), where the list's lines are seen to
    wrap (an entry surely goes on) near the edge of that column on some page: in a list whose
    entries all fit, the longest entry says nothing of where lines would wrap."""
    columns: list[list[Line]] = []
    for line in lines:
        column = next((c for c in columns if c[0].page == line.page
                       and abs(c[0].x0 - line.x0) <= SAME_COLUMN_EMS * line.size), None)
        if column is None:
            columns.append([line])
        else:
            column.append(line)
    seen = [column[0].x0 for column in columns if _wraps_near_edge(column)]
    return tuple(
        (column[0].page, column[0].x0, _edge(column))
        for column in columns
        if any(abs(x0 - column[0].x0) <= SAME_COLUMN_EMS * column[0].size for x0 in seen)
    )


def _edge(column: list[Line]) -> float:
    """The right edge of a column: the furthest line end that another line comes near (a line the
    line finder ran into the next column ends far beyond all others)."""
    ends = sorted((line.x1 for line in column), reverse=True)
    size = column[0].size
    return next((a for a, b in pairwise(ends) if a - b <= RUN_ON_EMS * size), ends[0])


def _wraps_near_edge(column: list[Line]) -> bool:
    edge = _edge(column)
    return any(
        above.x1 >= edge - WRAP_SEEN_EMS * above.size and continues_entry(above.text, None, below, NO_GEOMETRY)
        for above, below in pairwise(column)
    )


def continues_entry(entry: str, above: Line | None, line: Line, geometry: ListGeometry) -> bool:
    """Whether `line` goes on with `entry`, whose last line is `above`."""
    told = _continues_by_text(entry, line.text, geometry.acronym_dash)
    if told is not None:
        return told
    return geometry.entries_end_marked and not ends_like_entry(clean_entry(entry)) and _filled(above, line, geometry)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _continues_by_text(entry: str, text: str, acronym_dash: str) -> bool | None:
    """What the texts alone say of whether the line `text` goes on with `entry` (None: they do not
    tell, the page does). The same pairs come again in each reading of the list."""
    if is_item_start(text):
        return False
    if ends_open(entry) or entry.count("(") > entry.count(")"):
        return True  # '... (ADL' / 'COBAS)'
    if (opening := _ACRONYM_DASH_NAME.match(text)) and not country_code(text[opening.end() - 1:].strip(" .")):
        return False  # '(ACR) - Name ...' opens an entry of its own ('(ACR) - Country.' ends the one above)
    if text.startswith("("):
        return not ends_like_entry(clean_entry(entry))  # 'Confederation ... of India' / '(CFTUI)'
    lower = text[:1].islower() or text[:1] in "-–—"
    if lower and not ends_like_entry(clean_entry(entry)):
        return True  # text after an unfinished entry goes on with it
    if _country_across(entry, text):
        return True  # '... - United' / 'States.'
    if lower:
        return False  # text after a whole entry is no part of it
    if acronym_dash and _opens_with_acronym(text, acronym_dash):
        return False  # 'ITG – Irische ...' in a list of 'ACR – Name' entries
    if _acronym_spans(entry, text) and not find_country(entry.rstrip(" .")):
        return True  # '... de la Clase' / 'Trabajadora (UNT)'
    return None


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
    initials = iter(word[0].casefold() for word in _WORD.findall(name) if word[0].isupper())
    letters = [c.casefold() for c in acronym if c.isalpha()]
    return bool(letters) and all(letter in initials for letter in letters)


def _opens_with_acronym(text: str, dash: str) -> bool:
    head, found, _ = text.partition(f" {dash} ")
    return bool(found) and 0 < len(head.split()) <= MAX_ACRONYM_WORDS and not head[:1].islower()


def _country_across(entry: str, text: str) -> bool:
    """A country name that starts on the line above and ends this one."""
    found = find_country(f"{entry} {text}".rstrip(" .)"))
    return found is not None and len(found[0]) > len(text.rstrip(" .)").strip())


def _filled(above: Line | None, line: Line, geometry: ListGeometry) -> bool:
    """The line above stops where the next line's first word could not have fitted."""
    if above is None or above.page != line.page or above.cells or not geometry.edges:
        return False
    edge = geometry.right_edge(above)
    if edge is None or not line.text.strip():
        return False
    first_word = line.text.split()[0]
    word = (line.x1 - line.x0) * len(first_word) / max(len(line.text), 1)
    return edge - above.x1 < word + ROOM_SLACK_EMS * line.size
