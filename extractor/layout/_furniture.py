"""Running headers, footers and page numbers: page furniture that is not the statement."""
from __future__ import annotations

import re
from collections import Counter

from ._lines import Line, dominant_size
from ..model import Page

MARGIN_SHARE = 0.11  # top and bottom share of the page where furniture lives

_DECORATION = r"[\s\-–—‒_|·•()\[\]]*"
_PAGE_WORD = r"(?:page|pagina|página|seite|p\.|pág\.?|صفحة)"
_OUT_OF = r"(?:/|of|sur|de|di|von|sobre|из|من)"
# A page number written as such: "Page 2", "2 / 7", "Seite 2 von 3".
_LABELLED_PAGE_NUMBER = re.compile(
    rf"^{_DECORATION}(?:{_PAGE_WORD}\s*\d{{1,4}}(?:\s*{_OUT_OF}\s*\d{{1,4}})?|\d{{1,4}}\s*{_OUT_OF}\s*\d{{1,4}}){_DECORATION}$",
    re.IGNORECASE,
)
# A bare number ("3", "- 12 -"): a page number only when it advances with the pages.
_BARE_NUMBER = re.compile(rf"^{_DECORATION}(\d{{1,4}}){_DECORATION}$")
_ALNUM = re.compile(r"\w")


def is_page_number(text: str) -> bool:
    """A page number that says so ("Page 2 / 7"); bare numbers are judged by `bare_number` and the pages."""
    return bool(_LABELLED_PAGE_NUMBER.match(text.strip()))


def bare_number(text: str) -> int | None:
    """The value of a line that is only a number, with or without dashes around it."""
    match = _BARE_NUMBER.match(text.strip())
    return int(match.group(1)) if match else None


def _page_number_offsets(pages: list[Page], fragments: list[list[Line]]) -> set[int]:
    """Offsets (printed number - page number) that make margin numbers page numbers.

    Printed page numbers advance with the pages: a number equal to its page's number, or at the
    same offset from it on two pages or more, numbers pages. A year alone in a margin does not.
    """
    offsets: Counter[int] = Counter()
    for page, lines in zip(pages, fragments):
        offsets.update({value - page.number for line in lines if _in_margin(line, page)
                        and (value := bare_number(line.text)) is not None})
    return {0} | {offset for offset, pages_seen in offsets.items() if pages_seen >= 2}


def _signature(line: Line) -> tuple[str, int, bool]:
    """What stays the same of a running header from page to page (digits may change)."""
    return re.sub(r"\d+", "#", " ".join(line.text.lower().split())), round(line.size), line.bold


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom < page.height * MARGIN_SHARE or line.top > page.height * (1 - MARGIN_SHARE)


def _small_edge_lines(lines: list[Line], page: Page, body_size: float) -> set[int]:
    """Topmost and bottommost rows set apart in a smaller type: a running header or footer."""
    edge: set[int] = set()
    if len(lines) < 3:
        return edge
    by_top = sorted(lines, key=lambda line: line.top)
    for line, others in ((by_top[0], by_top), (by_top[-1], by_top[::-1])):
        other = next((o for o in others if abs(o.top - line.top) >= 2), None)
        if other is None:
            continue
        gap = line.top - other.bottom if line.top > other.top else other.top - line.bottom
        if _in_margin(line, page) and line.size < 0.9 * body_size and gap > line.size:
            edge.update(i for i, candidate in enumerate(lines) if abs(candidate.top - line.top) < 2)
    return edge


def _is_furniture(line: Line, page: Page, counts: Counter, repeated: int, offsets: set[int]) -> bool:
    if not _in_margin(line, page):
        return False
    if is_page_number(line.text) or (value := bare_number(line.text)) is not None and value - page.number in offsets:
        return True
    return bool(_ALNUM.search(line.text) and counts[_signature(line)] >= repeated)


def remove_furniture(pages: list[Page], fragments: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers in the margins, margin lines repeated on many pages, small edge lines."""
    body_size = dominant_size((line.size, len(line.text)) for lines in fragments for line in lines)
    counts: Counter[tuple[str, int, bool]] = Counter()
    for page, lines in zip(pages, fragments):
        counts.update({_signature(line) for line in lines if _in_margin(line, page) and _ALNUM.search(line.text)})
    repeated = max(2, round(0.4 * len(pages)))
    offsets = _page_number_offsets(pages, fragments)
    kept: list[list[Line]] = []
    for page, lines in zip(pages, fragments):
        edge = _small_edge_lines(lines, page, body_size)
        kept.append(
            [
                line
                for index, line in enumerate(lines)
                if index not in edge and not _is_furniture(line, page, counts, repeated, offsets)
            ]
        )
    return kept
