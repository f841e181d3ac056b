"""A page's parts with column layouts of their own (two columns of text above a list in three, a
table or a one-column list under columns), and the page's lines in reading order, part by part."""
from __future__ import annotations

import functools
import math

from ._columns import (
    CELL_ALIGN,
    HEADING_BOLD_SHARE,
    STYLE_SIZE_STEP,
    _Columns,
    _is_table,
    _order,
    _stands_out,
    _style,
)
from ._gutters import (
    EDGE_SLACK,
    MIN_COLUMN_LINES,
    MIN_COLUMN_SHARE,
    MIN_GUTTER,
    MIN_PAGE_FRAGMENTS,
    _rows,
    column_gutter,
)
from ._lines import Line

BAND_GAP_LINES = 1.2  # white across the page this many line heights tall may part two column layouts
PART_GAP_LINES = 2.5  # white this tall across both columns parts the page even where the gutters meet (no
#                       paragraph or heading gap is as tall in both columns at once)
BANDS_REMEMBERED = 64  # bands judged on one page: each is asked several times while the page is parted
MAX_HEADING_ROWS = 2  # a heading standing alone between column layouts is at most this many lines
EQUAL_COLUMNS = 0.8  # text columns are set equally wide: the narrower is at least this share of the wider

def _bands(fragments: list[Line]) -> list[tuple[list[Line], bool]]:
    """The page cut at its wide horizontal whites into bands of lines, each as tall as it reaches,
    and whether the white above a band is tall enough to part the page whatever its columns."""
    ordered = sorted(fragments, key=lambda f: f.top)
    heights = sorted(f.height for f in ordered)
    line = heights[len(heights) // 2]
    bands: list[tuple[list[Line], bool]] = [([ordered[0]], False)]
    bottom = ordered[0].bottom
    for fragment in ordered[1:]:
        white = fragment.top - bottom
        if white > BAND_GAP_LINES * line:
            bands.append(([], white > PART_GAP_LINES * line))
        bands[-1][0].append(fragment)
        bottom = max(bottom, fragment.bottom)
    return bands


def _meet(joined: tuple[float, float] | None, own: tuple[float, float] | None) -> bool:
    """A part's own gutter holds on the parts joined (a part without one has nothing to lose)."""
    return own is None or (joined is not None and joined[0] < own[1] and own[0] < joined[1])


def _gutter(fragments: list[Line]) -> tuple[float, float] | None:
    return column_gutter(fragments) if _may_have_columns(fragments) else None


def _may_have_columns(fragments: list[Line]) -> bool:
    """A right column needs lines of its own starting past the left columns' least share of the
    width: fragments, or runs after a gutter's white inside one (what both gutter finders look at)."""
    finite = [f for f in fragments if math.isfinite(f.x0) and math.isfinite(f.x1)]
    if len(finite) < MIN_PAGE_FRAGMENTS:
        return False
    left, right = min(f.x0 for f in finite), max(f.x1 for f in finite)
    lo = left + MIN_COLUMN_SHARE * (right - left) - EDGE_SLACK
    starts = 0
    for fragment in finite:
        if len(fragment.runs) == 1:  # most fragments: their one run starts there or not
            starts += fragment.runs[0].x0 >= lo
        else:
            end = -math.inf
            for run in sorted(fragment.runs, key=lambda r: r.x0) or [fragment]:
                if run.x0 >= lo and (end == -math.inf or run.x0 - end > MIN_GUTTER):
                    starts += 1
                    break
                end = max(end, run.x1)
        if starts >= MIN_COLUMN_LINES:
            return True
    return False


def _in_columns(band: list[Line], body: tuple[float, bool]) -> bool:
    """Most of the band's lines, and a few on each side of a gutter at least, are read in columns of
    its own (a table's rows are read whole, but for its header and a row that leaves the gutter white)."""
    return _read_in_columns(tuple(band), body)


@functools.lru_cache(maxsize=BANDS_REMEMBERED)
def _read_in_columns(band: tuple[Line, ...], body: tuple[float, bool]) -> bool:
    placed = _order(list(band), _Columns(), 0, body)
    in_columns = sum(column != 0 for _, column, _ in placed)
    return 2 * in_columns > len(placed) and in_columns >= 2 * MIN_COLUMN_LINES


def _table_across(band: list[Line], own: tuple[float, float] | None, gutter: tuple[float, float] | None) -> bool:
    """The band (its own gutter `own`) is a table read whole, with cells on both sides of the gutter of the
    columns above it: a table as wide as the page under text in columns (a table inside one column stays
    in it, and a table's rows whose cells start where those above start are one table)."""
    if gutter is None or own is None:
        return False
    a, b = own
    left = [f for f in band if f.x0 + f.x1 < a + b]
    right = [f for f in band if f.x0 + f.x1 >= a + b]
    if not (left and right and _is_table(left, right)):
        return False
    if abs(b - gutter[1]) <= CELL_ALIGN:
        return False  # its cells start where the right column above starts: one table over both
    return any(f.x0 < gutter[0] for f in band) and any(f.x1 > gutter[1] for f in band)


def _new_columns(above: list[Line], band: list[Line], gutter: tuple[float, float] | None,
                 body: tuple[float, bool]) -> bool:
    """Both bands are read in columns of their own, and the lower one opens with a heading at its top
    left: a part set in columns of its own (a list in two columns under its heading, below two
    columns of text), read after the text above, not inside its left column. Its right column opens
    with no heading of its own."""
    first = min(band, key=lambda f: (round(f.top), f.x0))
    if gutter is None or not _stands_out(first, above):
        return False
    right = [f for f in band if f.x0 >= gutter[1] - EDGE_SLACK]
    if right and _stands_out(min(right, key=lambda f: f.top), above):
        return False  # both columns open with a heading: text flowing from column to column
    return _in_columns(above, body) and _in_columns(band, body)


def _set_as_heading(line: Line, body: tuple[float, bool]) -> bool:
    """Set in bold, or larger than the body text: a heading's line."""
    return line.bold_share >= HEADING_BOLD_SHARE or line.size >= body[0] + STYLE_SIZE_STEP


def _opens_layout(band: list[Line], below: list[list[Line]], body: tuple[float, bool]) -> bool:
    """A heading standing alone between whites across the page, over a band read in columns of its
    own: it opens a new layout (a list's group heading between two columns of text and the list's two
    columns). A heading inside running columns has the other column's lines beside it, never white."""
    rows = _rows(band)
    return (bool(below) and len(rows) <= MAX_HEADING_ROWS
            and all(_set_as_heading(line, body) for line in band) and _in_columns(below[0], body))


def _read_as_table(band: list[Line], gutter: tuple[float, float] | None) -> bool:
    """The band's lines, parted at its own gutter, pair up as a table's rows."""
    if gutter is None:
        return False
    a, b = gutter
    rows = [row for row in _rows(band) if not any(f.x0 < a - 0.5 and f.x1 > b + 0.5 for f in row)]
    left = [f for row in rows for f in row if f.x0 + f.x1 < a + b]
    right = [f for row in rows for f in row if f.x0 + f.x1 >= a + b]
    return bool(left and right) and _is_table(left, right)


def _equal_columns(part: list[Line], gutter: tuple[float, float] | None) -> bool:
    """The text on both sides of the gutter is about as wide: columns of text, set equally wide (the
    first cells of a table are rarely as wide as the rest of its row)."""
    if gutter is None:
        return False
    a, b = gutter
    left = [f for f in part if f.x1 <= a + EDGE_SLACK]
    right = [f for f in part if f.x0 >= b - EDGE_SLACK]
    if not left or not right:
        return False
    widths = (max(f.x1 for f in left) - min(f.x0 for f in left), max(f.x1 for f in right) - min(f.x0 for f in right))
    return min(widths) >= EQUAL_COLUMNS * max(widths)


def _heading_beside(rows: list[list[Line]], gutter: tuple[float, float], body: tuple[float, bool]) -> bool:
    """Rows of a heading alone on one side of the gutter, standing out from the body text."""
    a, b = gutter
    band = [f for row in rows for f in row]
    one_side = all(f.x1 <= a + EDGE_SLACK for f in band) or all(f.x0 >= b - EDGE_SLACK for f in band)
    size, bold = body
    return one_side and all((f.bold_share >= 0.9 and not bold) or f.size > size + STYLE_SIZE_STEP for f in band)


def _opens_columns(bands: list[list[Line]], gutters: list[tuple[float, float] | None],
                   gutter: tuple[float, float] | None, body: tuple[float, bool]) -> bool:
    """The first band opens with a heading beside a column (white across the page above it), and
    what follows it, in the band or in the next one, is read in columns again on the same gutter: a
    group heading between two lists in columns, not a heading inside the left column where the
    right one has ended."""
    if gutter is None:
        return False
    rows = _rows(bands[0])
    heading = next((k for k in range(min(MAX_HEADING_ROWS, len(rows)), 0, -1)
                    if _heading_beside(rows[:k], gutter, body)), 0)
    if not heading:
        return False
    rest = [f for row in rows[heading:] for f in row]
    if rest:
        own = _gutter(rest)
    elif len(bands) > 1:
        rest, own = bands[1], gutters[1]
    else:
        return False
    return own is not None and _meet(own, gutter) and _in_columns(rest, body)


def _stacked_layouts(fragments: list[Line], body: tuple[float, bool]) -> list[list[Line]]:
    """The page's parts with column layouts of their own, top to bottom: two columns of text above
    a list in three, or above a one-column list or a table. A band joins the part above it unless the gutter found on both together misses
    the gutter of one that is read in columns on its own (the list's gutter would cut the text's
    lines): bands of one layout, cut where paragraph gaps line up, and tables under two columns of
    text stay together, unless a white taller than any paragraph gap parts them."""
    bands = _bands(fragments)
    gutters = [_gutter(band) for band, _ in bands]
    if _gutter(fragments) is None and not any(gutters):
        return [fragments]  # no columns anywhere on the page: nothing to part
    parts: list[tuple[list[Line], tuple[float, float] | None]] = []
    for k, ((band, parted), gutter) in enumerate(zip(bands, gutters)):
        if parts and parts[-1][1] and _opens_layout(band, [b for b, _ in bands[k + 1:k + 2]], body) and _in_columns(parts[-1][0], body):
            parts.append((band, None))  # a heading alone between column layouts goes with the columns it opens
            continue
        if parts:
            above, above_gutter = parts[-1]
            joined = _gutter(above + band) if above_gutter or gutter else None
            # Two parts each in columns with a tall white between are read one after the other.
            apart = parted and all(own and _in_columns(part, body) for part, own in ((above, above_gutter), (band, gutter)))
            # So are a table across the gutter of columns above it, and a list's new columns under a heading.
            apart = apart or (_table_across(band, gutter, above_gutter) and _in_columns(above, body)) or _new_columns(
                above, band, gutter, body)
            # And a table under text in equal columns, and a heading beside a column that opens a list in columns.
            apart = apart or ((_read_as_table(band, gutter) and _equal_columns(above, above_gutter))
                              or _opens_columns([b for b, _ in bands[k:]], gutters[k:], above_gutter, body)) and _in_columns(above, body)
            # A part read in columns on its own keeps them unless the joined gutter meets its own: a
            # one-column list whose long lines cross the gutter hides the columns of the text above.
            if not apart and all(own is None or (joined is not None and _meet(joined, own)) or not _in_columns(part, body)
                                 for part, own in ((above, above_gutter), (band, gutter))):
                parts[-1] = (above + band, joined)
                continue
        parts.append((band, gutter))
    return [part for part, _ in parts]


def order_page_with_columns(fragments: list[Line]) -> list[tuple[Line, int]]:
    """A page's fragments as lines in reading order, each with its column (0 for the full width)."""
    if not fragments:
        return []
    columns, body = _Columns(), _style(fragments)
    return [(line, column) for part in _stacked_layouts(fragments, body) for line, column, _ in _order(part, columns, 0, body)]
