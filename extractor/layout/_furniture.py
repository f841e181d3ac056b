"""Running headers, footers and page numbers: page furniture that is not the statement."""
from __future__ import annotations

import re
from collections import Counter

from ._lines import Line, dominant_size
from ..model import Page

MARGIN_SHARE = 0.11  # top and bottom share of the page where furniture lives

_PAGE_NUMBER = re.compile(
    r"""^[\s\-–—‒_|·•()\[\]]*
        (?:(?:page|pagina|página|seite|p\.|pág\.?|صفحة)\s*)?
        \d{1,4}
        (?:\s*(?:/|of|sur|de|di|von|sobre|из|من)\s*\d{1,4})?
        [\s\-–—‒_|·•()\[\]]*$""",
    re.IGNORECASE | re.VERBOSE,
)


_ALNUM = re.compile(r"\w")


_ALNUM = re.compile(r"\w")


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


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


def _is_furniture(line: Line, page: Page, counts: Counter, repeated: int) -> bool:
    if not _in_margin(line, page):
        return False
    return is_page_number(line.text) or bool(_ALNUM.search(line.text) and counts[_signature(line)] >= repeated)


def remove_furniture(pages: list[Page], fragments: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers in the margins, margin lines repeated on many pages, small edge lines."""
    body_size = dominant_size((line.size, len(line.text)) for lines in fragments for line in lines)
    counts: Counter[tuple[str, int, bool]] = Counter()
    for page, lines in zip(pages, fragments):
        counts.update({_signature(line) for line in lines if _in_margin(line, page) and _ALNUM.search(line.text)})
    repeated = max(2, round(0.4 * len(pages)))
    kept: list[list[Line]] = []
    for page, lines in zip(pages, fragments):
        edge = _small_edge_lines(lines, page, body_size)
        kept.append(
            [
                line
                for index, line in enumerate(lines)
                if index not in edge and not _is_furniture(line, page, counts, repeated)
            ]
        )
    return kept
