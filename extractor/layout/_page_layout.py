"""Pages of text runs -> blocks in reading order (the layout stage of extraction)."""
from __future__ import annotations

from ..model import Page
from ._blocks import Block, PlacedLine, build_blocks
from ._furniture import remove_furniture
from ._lines import page_fragments
from ._page_parts import order_page_with_columns

COLUMN_SLACK = 3.0  # points: a line this far past a column's edge still sits in the column (rounding, a glyph's overhang)

Edges = tuple[float, float]


def _placed(lines_and_columns: list[tuple], page_width: float, column_before: Edges | None) -> list[PlacedLine]:
    """Lines with their column's edges; a page's margins are taken to be equal on both sides.

    `column_before` is the first column of the page before, if it had columns: text that fits in it
    continues it (a two-column section whose text ends in its left column), and is no full-width text.
    """
    lefts: dict[int, float] = {}
    rights: dict[int, float] = {}
    for line, column in lines_and_columns:
        lefts[column] = min(lefts.get(column, page_width), line.x0)
        rights[column] = max(rights.get(column, 0.0), line.x1)
    if 0 in lefts and column_before and _fits(lefts[0], rights[0], column_before):
        lefts[0], rights[0] = column_before
    elif 0 in lefts:  # full-width text: its far edge is where the margins say, even if no line reaches it
        lefts[0], rights[0] = min(lefts[0], page_width - rights[0]), max(rights[0], page_width - lefts[0])
    return [PlacedLine(line, column, lefts[column], rights[column]) for line, column in lines_and_columns]


def _fits(left: float, right: float, column: Edges) -> bool:
    return column[0] - COLUMN_SLACK <= left and right <= column[1] + COLUMN_SLACK


def _first_column(lines_and_columns: list[tuple]) -> Edges | None:
    """The edges of a page's leftmost column, if the page has columns."""
    first = min((column for _, column in lines_and_columns if column), default=None)
    if first is None:
        return None
    lines = [line for line, column in lines_and_columns if column == first]
    return min(line.x0 for line in lines), max(line.x1 for line in lines)


def layout(pages: list[Page]) -> list[Block]:
    """Blocks of the whole document, page furniture removed, columns read in order."""
    fragments = [page_fragments(page.runs) for page in pages]
    fragments = remove_furniture(pages, fragments)
    placed: list[PlacedLine] = []
    column_before: Edges | None = None
    for page, page_fragments_ in zip(pages, fragments):
        ordered = order_page_with_columns(page_fragments_)
        placed.extend(_placed(ordered, page.width, column_before))
        column_before = _first_column(ordered)
    return build_blocks(placed)
