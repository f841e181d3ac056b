"""Running headers, footers and page numbers: page furniture that is not the statement."""
from __future__ import annotations

import re
from collections import Counter

from .lines import Line
from .model import Page

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


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _signature(text: str) -> str:
    """What stays the same of a running header from page to page (digits may change)."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom < page.height * MARGIN_SHARE or line.top > page.height * (1 - MARGIN_SHARE)


def remove_furniture(pages: list[Page], fragments: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers in the margins and margin lines repeated on many pages."""
    counts: Counter[str] = Counter()
    for page, lines in zip(pages, fragments):
        counts.update(
            {_signature(line.text) for line in lines if _in_margin(line, page) and _ALNUM.search(line.text)}
        )
    repeated = max(2, round(0.4 * len(pages)))
    kept: list[list[Line]] = []
    for page, lines in zip(pages, fragments):
        kept.append(
            [
                line
                for line in lines
                if not (
                    _in_margin(line, page)
                    and (
                        is_page_number(line.text)
                        or (_ALNUM.search(line.text) and counts[_signature(line.text)] >= repeated)
                    )
                )
            ]
        )
    return kept
