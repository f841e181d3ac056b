"""Layout: text runs -> lines -> columns in reading order, page furniture removed -> blocks.

    blocks = layout(pages)    # the whole document's blocks, in reading order
"""
from ._blocks import HEADING, ITEM, PARAGRAPH, Block, PlacedLine, build_blocks, ends_open, is_item_start
from ._hyphenation import ends_hyphenated, join_hyphenated, vocabulary
from ._lines import Line, dominant_size, page_fragments
from ._markers import has_marker, marker_of, strip_marker
from ._page_layout import layout

__all__ = [
    "HEADING", "ITEM", "PARAGRAPH", "Block", "Line", "PlacedLine", "build_blocks", "dominant_size",
    "ends_hyphenated", "ends_open", "has_marker", "is_item_start", "join_hyphenated", "layout", "marker_of",
    "page_fragments", "strip_marker", "vocabulary",
]
