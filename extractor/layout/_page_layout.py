"""Pages of text runs -> blocks in reading order (the layout stage of extraction)."""
from __future__ import annotations

from ._blocks import Block, PlacedLine, build_blocks
from ._columns import order_page_with_columns
from ._furniture import remove_furniture
from ._lines import page_fragments
from ..model import Page


def _placed(lines_and_columns: list[tuple], page_width: float) -> list[PlacedLine]:
    """Lines with their column's edges; a page's margins are taken to be equal on both sides."""
    lefts: dict[int, float] = {}
    rights: dict[int, float] = {}
    for line, column in lines_and_columns:
        lefts[column] = min(lefts.get(column, page_width), line.x0)
        rights[column] = max(rights.get(column, 0.0), line.x1)
    if 0 in lefts:  # full-width text: its far edge is where the margins say, even if no line reaches it
        lefts[0], rights[0] = min(lefts[0], page_width - rights[0]), max(rights[0], page_width - lefts[0])
    return [PlacedLine(line, column, lefts[column], rights[column]) for line, column in lines_and_columns]


def layout(pages: list[Page]) -> list[Block]:
    """Blocks of the whole document, page furniture removed, columns read in order."""
    fragments = [page_fragments(page.runs) for page in pages]
    fragments = remove_furniture(pages, fragments)
    placed: list[PlacedLine] = []
    for page, page_fragments_ in zip(pages, fragments):
        placed.extend(_placed(order_page_with_columns(page_fragments_), page.width))
    return build_blocks(placed)
