"""Reading order on a page: find a column gutter, read column by column between full-width lines."""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from itertools import accumulate

from ._lines import Line, merge_fragments, pieces_at_gaps, split_at

MIN_GUTTER = 6.0  # points of white between two columns
# Points of white left between lines cut at MIN_GUTTER for a narrow gutter: one glyph's side bearing may
# reach into it, and whole points are sampled (reportlab frames' 6-point paddings measure 5).
NARROW_MIN_GUTTER = 4.0
MIN_COLUMN_SHARE = 0.28  # each column at least this share of the text width
ROW_TOLERANCE = 2.5  # points: fragments whose tops differ less sit on one row
# Share of a table's rows whose left cell wraps, from which the unpaired lines are taken for
# wrapped cells rather than for a shorter second text column.
MIN_WRAPPED_SHARE = 0.2
# Two columns have lines side by side: at least this many rows, and this share of the shorter
# column's lines (a column's last lines may face the other's white space).
MIN_SHARED_ROWS = 2
MIN_SHARED_SHARE = 0.3
MIN_PAGE_FRAGMENTS = 6  # fewer pieces of text than this make no two columns
NARROW_SHARE = 0.62  # pieces narrower than this share of the text width may belong to a column
CROSSING_SHARE = 0.3  # share of the narrow pieces that may cross a gutter (centred titles, masthead)
MIN_COLUMN_LINES = 3  # lines on each side of a gutter for it to separate columns
REGION_GAP_EMS = 1.0  # white (font sizes) above a heading that opens a one-column part under columns
IN_COLUMNS_SHARE = 0.5  # share of the narrow pieces the two columns must hold between them
TABLE_WIDTH_RATIO = 0.5  # a right side this much narrower than the left is a table's column of cells
# Lines (in line heights) above and below a line crossing the gutter where column lines on both sides
# show it to be two column lines on one baseline, drawn close enough to be read as one.
NEIGHBOUR_LINES = 3.0
MAX_DEPTH = 2  # columns inside a column: up to four side by side (three CSS columns beside a box)
STYLE_SIZE_STEP = 0.5  # points: a box set this much smaller or larger than the text is set apart
FLOAT_TOP_LINES = 2.0  # a floated box starts within this many of its lines of the text's top
CELL_ALIGN = 2.0  # points: cells of one table column start this close to each other
EDGE_SLACK = 1.5  # points: the gutter's edges are found at whole points
# Lines that start while the other side runs on (see _flows_apart) show two columns of text, not a
# table's rows: this many of them, each no more than this many line heights below the line above it.
OFFSET_REACH_LINES = 2.0
MIN_OFFSET_ROWS = 2
ROW_NUMBER = re.compile(r"^\(?\d{1,4}[.)°]?$")  # a table's row number: '7', '12.', '(3)'
NUMBER_ROWS_SHARE = 0.8  # a number column holds numbers but for its header and a heading above it
HEADING_BOLD_SHARE = 0.9  # a heading is set in bold throughout (a bold word inside a line is no heading)
HEADING_SIZE_STEP = 0.6  # points: or larger than the body text by more than rounding
FLOW_FILL = 0.75  # the lines of a column of flowing text reach this share of the step to the next column
CUT_GUTTER = 5.0  # points of white between two runs, inside a gutter, that part two column lines


def _rows(fragments: list[Line]) -> list[list[Line]]:
    """Fragments grouped by baseline, top to bottom."""
    rows: list[list[Line]] = []
    row_middle = 0.0  # the middle of the first fragment of the last row (Line.middle, computed once)
    for fragment in sorted(fragments, key=lambda f: (f.top, f.x0)):
        middle = (fragment.top + fragment.bottom) / 2
        if rows and abs(row_middle - middle) < max(ROW_TOLERANCE, (fragment.bottom - fragment.top) / 3):
            rows[-1].append(fragment)
        else:
            rows.append([fragment])
            row_middle = middle
    return rows


def merge_rows(fragments: list[Line]) -> list[Line]:
    return [merge_fragments(row) for row in _rows(fragments)]


def _free_intervals(fragments: list[Line], lo: float, hi: float, tolerance: int) -> list[tuple[float, float]]:
    """Stretches of [lo, hi] crossed by the fewest fragments, if that is at most `tolerance`.

    A centred title or page number may cross a gutter; body lines of a column may not.
    Counted at the whole points lo, lo + 1, ... but swept from fragment edge to fragment edge,
    so the work grows with the number of fragments, not with the page's coordinates (a run
    drawn a billion points off the page must not size an array).
    """
    points = int(hi - lo) + 1  # whole points from lo to hi
    if points <= 0:
        return []
    # Fragment f crosses x = lo + i for every i with x0 < lo + i < x1: +1 at its first i, -1 after its last.
    delta: dict[int, int] = {0: 0}
    for f in fragments:
        first = max(0, math.floor(f.x0 - lo) + 1)
        last = min(points - 1, math.ceil(f.x1 - lo) - 1)
        if first <= last:
            delta[first] = delta.get(first, 0) + 1
            delta[last + 1] = delta.get(last + 1, 0) - 1
    edges = sorted(i for i in delta if i < points)
    # (first point, count) of each stretch where the count stays the same
    stretches = list(zip(edges, accumulate(delta[i] for i in edges)))
    fewest = min(count for _, count in stretches)
    if fewest > tolerance:
        return []
    free: list[tuple[float, float]] = []
    start = None
    for i, count in stretches:
        if count == fewest:
            start = lo + i if start is None else start
        elif start is not None:
            free.append((start, lo + i))
            start = None
    if start is not None:
        free.append((start, hi))
    return free


def _side_by_side(left: list[Line], right: list[Line]) -> bool:
    """Columns have lines beside each other (at any height of the line): right-aligned Arabic lines
    between left-aligned Latin ones have none."""
    return _facing(left, right) >= max(MIN_SHARED_ROWS, MIN_SHARED_SHARE * min(len(left), len(right)))


def _facing(left: list[Line], right: list[Line]) -> int:
    """How many lines of `left` overlap some line of `right` in height.

    A line faces a taller-than-nothing right line that starts above its bottom and ends below its
    top: the right lines sorted by top, with the lowest bottom reached so far, answer each left line
    with one bisection instead of a pass over the right lines (the same count, for finite edges).
    """
    if not all(math.isfinite(v) for line in (*left, *right) for v in (line.top, line.bottom)):
        return sum(any(min(f.bottom, g.bottom) - max(f.top, g.top) > 0 for g in right) for f in left)
    edges = sorted((g.top, g.bottom) for g in right if g.bottom > g.top)
    tops = [top for top, _ in edges]
    lowest = list(accumulate((bottom for _, bottom in edges), max))
    shared = 0
    for f in left:
        if f.bottom > f.top:
            above = bisect_left(tops, f.bottom)  # right lines starting above f's bottom
            shared += above > 0 and lowest[above - 1] > f.top
    return shared


def find_gutter(fragments: list[Line], *, narrow_share: float = NARROW_SHARE,
                min_gutter: float = MIN_GUTTER) -> tuple[float, float] | None:
    """The white strip between two text columns, judged on fragments narrower than `narrow_share`
    of the page text."""
    fragments = [f for f in fragments if math.isfinite(f.x0) and math.isfinite(f.x1)]
    if len(fragments) < MIN_PAGE_FRAGMENTS:
        return None
    left_edge = min(f.x0 for f in fragments)
    right_edge = max(f.x1 for f in fragments)
    width = right_edge - left_edge
    narrow = [f for f in fragments if f.x1 - f.x0 < narrow_share * width]
    lo = left_edge + MIN_COLUMN_SHARE * width
    hi = right_edge - MIN_COLUMN_SHARE * width
    best = None
    tolerance = int(CROSSING_SHARE * len(narrow))  # centred titles and masthead lines may cross
    for a, b in _free_intervals(narrow, lo, hi, tolerance):
        if b - a < min_gutter:
            continue
        left = [f for f in narrow if f.x1 <= a + 1.5]
        right = [f for f in narrow if f.x0 >= b - 1.5]
        if min(len(left), len(right)) < MIN_COLUMN_LINES or len(left) + len(right) < IN_COLUMNS_SHARE * len(narrow):
            continue
        overlap = min(max(f.bottom for f in left), max(f.bottom for f in right)) - max(
            min(f.top for f in left), min(f.top for f in right)
        )
        if overlap <= 0 or not _side_by_side(left, right):
            continue
        score = min(len(left), len(right))
        if best is None or score > best[0]:
            best = (score, (a, b))
    return best[1] if best else None


def _is_table(left: list[Line], right: list[Line]) -> bool:
    """Rows that pair up one to one across the gutter, with columns of unequal kind, are a table."""
    left_rows, right_rows = _rows(left), _rows(right)
    if min(len(left_rows), len(right_rows)) < 2 or _flowing(left + right):
        return False
    right_middles = [row[0].middle for row in right_rows]
    left_middles = [row[0].middle for row in left_rows]
    paired = sum(any(abs(middle - m) < ROW_TOLERANCE for m in right_middles) for middle in left_middles)
    several = _rows_of_cells(right_rows)
    if several >= len(right_rows) / 2 and paired >= 0.5 * min(len(left_rows), len(right_rows)):
        return True  # several cells side by side on the right: a table's columns, not a text column
    if _cells_wrap(left_rows, right_middles):
        return True  # (left cells wrapping onto two or three lines each leave most left rows unpaired)
    if _row_numbers(left_rows) and _cells_wrap(right_rows, [row[0].middle for row in left_rows]):
        return True  # a column of row numbers beside the rows' cells, which wrap
    if paired < 0.8 * len(right_rows):
        return False
    if paired < 0.5 * len(left_rows):
        return False
    if _flows_apart(left_rows, right_rows) >= MIN_OFFSET_ROWS:
        return False  # columns of text (a list in LaTeX or CSS columns), each running on by itself
    # A table's right part holds several cells per row, or cells much narrower than the left ones.
    if several >= max(MIN_SHARED_ROWS, MIN_SHARED_SHARE * len(right_rows)) or (
            _rows_of_cells(left_rows) > len(left_rows) / 2):
        return True
    left_width = sum(max(f.x1 for f in r) - min(f.x0 for f in r) for r in left_rows) / len(left_rows)
    right_width = sum(max(f.x1 for f in r) - min(f.x0 for f in r) for r in right_rows) / len(right_rows)
    return right_width < TABLE_WIDTH_RATIO * left_width


def _flows_apart(left_rows: list[list[Line]], right_rows: list[list[Line]]) -> int:
    """Lines that open a new stretch of their side while the other side is still running on: a line of
    the other side, in the same size, sits between this line and the one above it on its own side.
    Columns of text run on at their own pitch (an entry or a paragraph gap starts where it falls); a
    table starts each row in all its cells at once, so a wrapped cell's next line never has another
    cell's line between it and the line above."""
    def opens(side: list[list[Line]], other: list[list[Line]]) -> int:
        count = 0
        for previous, row in zip(side, side[1:]):
            line, above = row[0], previous[0]
            if row[0].middle - above.middle > OFFSET_REACH_LINES * line.height:
                continue  # a wide white: a new part of the page, not a line running on
            count += any(above.middle + ROW_TOLERANCE < r[0].middle < line.middle - ROW_TOLERANCE
                         and abs(r[0].size - line.size) < STYLE_SIZE_STEP for r in other)
        return count

    return opens(left_rows, right_rows) + opens(right_rows, left_rows)


def _column_starts(fragments: list[Line]) -> list[float]:
    """Where at least a few lines start, left to right (the starts of columns or of table cells)."""
    starts: list[list[float]] = []
    for x in sorted(f.x0 for f in fragments):
        if starts and x - starts[-1][-1] <= CELL_ALIGN:
            starts[-1].append(x)
        else:
            starts.append([x])
    return [group[0] for group in starts if len(group) >= MIN_COLUMN_LINES]


def _flowing(fragments: list[Line]) -> bool:
    """Columns of one flow of text (CSS or LaTeX columns of a list, a section's columns), not a
    table: they start at equal steps and the text of each fills most of its step, as wrapped text
    does. A table's columns are as wide as their cells need (a country or acronym column is narrow),
    and every line starts at one of them."""
    starts = _column_starts(fragments)
    if len(starts) < 2:
        return False
    steps = [b - a for a, b in zip(starts, starts[1:])]
    if max(steps) - min(steps) > 2 * CELL_ALIGN:
        return False
    step = min(steps)
    bounds = [*starts[1:], math.inf]
    for start, bound in zip(starts, bounds):
        ends = [f.x1 for f in fragments if start - CELL_ALIGN <= f.x0 < bound - CELL_ALIGN]
        if not ends or max(ends) - start < FLOW_FILL * step:
            return False
    return True


def _rows_of_cells(rows: list[list[Line]]) -> int:
    """Rows of several pieces that start where pieces of another row start: table cells. The pieces
    of a justified line, cut at its stretched spaces, start wherever its words fall."""
    starts = [sorted(f.x0 for f in row)[1:] for row in rows]
    count = 0
    for k, row in enumerate(starts):
        others = [x for j, other in enumerate(starts) if j != k for x in other]
        if row and all(any(abs(x - y) <= CELL_ALIGN for y in others) for x in row):
            count += 1
    return count


def _row_numbers(rows: list[list[Line]]) -> bool:
    """Most rows hold one row number ('12', '3.'): a table's number column, read apart from the rest
    (a column of text beside a gutter has words in it)."""
    numbers = sum(len(row) == 1 and bool(ROW_NUMBER.match(row[0].text.strip())) for row in rows)
    return numbers >= NUMBER_ROWS_SHARE * len(rows)


def _cells_wrap(left_rows: list[list[Line]], right_middles: list[float]) -> bool:
    """Every right row sits beside a left row, and some left rows between them have no partner:
    the left cells wrap onto lines of their own (two text columns on one grid pair all their rows)."""
    def paired(row: list[Line]) -> bool:
        return any(abs(row[0].middle - m) < ROW_TOLERANCE for m in right_middles)

    first, last = min(right_middles), max(right_middles)
    left_top = min(row[0].middle for row in left_rows) - ROW_TOLERANCE
    # (a heading over the table, beside nothing, is left out: the table's rows start under it)
    if not all(any(abs(row[0].middle - m) < ROW_TOLERANCE for row in left_rows) for m in right_middles
               if m > left_top):
        return False
    wrapped = [row for row in left_rows if row[0].middle < last and not paired(row)]
    return len(wrapped) >= max(1, MIN_WRAPPED_SHARE * len(right_middles)) and any(
        row[0].middle > first for row in wrapped
    )


def _region_below(left: list[Line], right: list[Line]) -> list[Line]:
    """Left-side lines under the end of both columns, opened by a heading after a gap: a one-column
    part of the page (a list under its heading), read after the columns, not inside the left one."""
    if not left or not right:
        return []
    right_bottom = max(f.bottom for f in right)
    above = [f for f in left if f.top <= right_bottom]
    tail = sorted((f for f in left if f.top > right_bottom), key=lambda f: f.top)
    if not tail or not above:
        return []
    first = tail[0]
    gap = first.top - max(f.bottom for f in above)
    return tail if _stands_out(first, above) and gap > REGION_GAP_EMS * first.size else []


def _stands_out(line: Line, text: list[Line]) -> bool:
    """The line is set as a heading beside the text: in bold, or larger than most of its lines."""
    body = sorted(f.size for f in text)[len(text) // 2]
    return line.bold_share >= HEADING_BOLD_SHARE or line.size > body + HEADING_SIZE_STEP


def _narrow_gutter(fragments: list[Line], *, min_gutter: float = NARROW_MIN_GUTTER) -> tuple[float, float] | None:
    """A gutter too narrow to part the fragments (most lines of both columns read as one): found on
    the lines cut at every white as wide as a gutter, all of them counted. Its columns must have
    lines side by side on several rows, and few lines between them may cross it: a few justified
    lines of one column of text whose wide spaces happen to line up are no gutter."""
    pieces = [piece for f in fragments for piece in pieces_at_gaps(f, MIN_GUTTER)]
    if len(pieces) == len(fragments):
        return None
    gutter = find_gutter(pieces, narrow_share=math.inf, min_gutter=min_gutter)
    if gutter is None:
        return None
    a, b = gutter
    left = merge_rows([f for f in pieces if f.x1 <= a + EDGE_SLACK])
    right = [f for f in pieces if f.x0 >= b - EDGE_SLACK]
    beside = [f for f in left if any(min(f.bottom, g.bottom) - max(f.top, g.top) > 0 for g in right)]
    if len(beside) < MIN_COLUMN_LINES:
        return None
    top, bottom = min(f.top for f in beside), max(f.bottom for f in beside)
    crossing = sum(f.x0 < a and f.x1 > b and top < f.middle < bottom for f in pieces)
    return gutter if crossing <= CROSSING_SHARE * len(beside) else None


def _split_at_gutter(fragments: list[Line], a: float, b: float) -> list[Line]:
    """Fragments crossing the gutter cut in two where their runs leave a gutter's width of white
    inside it, when column lines sit on both sides near them: a narrow gutter (LaTeX's 10 points)
    joins two column lines on one baseline into one fragment, while a full-width line has no such
    white (a gutter found beside short lines may be wider than where the long ones stop)."""
    cuts = {id(f): split_at(f, a - EDGE_SLACK, b + EDGE_SLACK, CUT_GUTTER) for f in fragments
            if f.x0 < a and f.x1 > b}
    left = [f for f in fragments if f.x1 <= a + EDGE_SLACK] + [c[0] for c in cuts.values() if c]
    right = [f for f in fragments if f.x0 >= b - EDGE_SLACK] + [c[1] for c in cuts.values() if c]

    def near(f: Line, side: list[Line], own: Line) -> bool:
        reach = NEIGHBOUR_LINES * f.height
        return any(g is not own and abs(g.middle - f.middle) <= reach for g in side)

    out: list[Line] = []
    for f in fragments:
        cut = cuts.get(id(f))
        if cut and near(f, left, cut[0]) and near(f, right, cut[1]):
            out.extend(cut)
        else:
            out.append(f)
    return out


def _style(lines: list[Line]) -> tuple[float, bool]:
    """The size and weight most of the lines' letters are set in."""
    weights: dict[tuple[float, bool], int] = {}
    for line in lines:
        key = (line.size, line.bold)
        weights[key] = weights.get(key, 0) + len(line.text)
    return max(weights, key=weights.__getitem__)


def _floated(box: list[Line], text: list[Line], body: tuple[float, bool]) -> bool:
    """A box floated beside the text at the top of its region (a web page's aside, a masthead in a
    frame): set apart from the page's body text, smaller or in bold at its size (a column of body
    text beside a title is no box), it starts level with the text and does not run below it. Its
    source comes before the lines that wrap beside it, so it is read first."""
    if min(len(box), len(text)) < MIN_COLUMN_LINES:
        return False
    (box_size, box_bold), (body_size, body_bold) = _style(box), body
    smaller = box_size <= body_size - STYLE_SIZE_STEP
    bolder = box_bold and not body_bold and box_size < body_size + STYLE_SIZE_STEP
    if not (smaller or bolder):
        return False
    line = max(f.height for f in box)
    return (min(f.top for f in box) <= min(f.top for f in text) + FLOAT_TOP_LINES * line
            and max(f.bottom for f in box) <= max(f.bottom for f in text) + line)


def _right_to_left(left: list[Line], right: list[Line]) -> bool:
    """Columns read right first: most of their lines are right-to-left, unless left-to-right lines sit
    where a left-to-right flow starts or ends (atop the left column, at the foot of the right one) and
    none where a right-to-left one does. An Arabic section in a left-to-right page's columns, such as
    a web page's CSS columns, is read left column first."""
    left_rows, right_rows = merge_rows(left), merge_rows(right)
    if 2 * sum(line.rtl for line in left_rows + right_rows) <= len(left_rows) + len(right_rows):
        return False
    ltr_ends = not left_rows[0].rtl or not right_rows[-1].rtl
    rtl_ends = not right_rows[0].rtl or not left_rows[-1].rtl
    return not ltr_ends or rtl_ends


class _Columns:
    """Column numbers handed out as columns are found: 0 is the page's full width."""

    def __init__(self) -> None:
        self.count = 0

    def new(self) -> int:
        self.count += 1
        return self.count


_Placed = tuple[Line, int, bool]  # a line, its column, whether it is in a floated box


def _ordered_side(fragments: list[Line], column: int, columns: _Columns, depth: int,
                  body: tuple[float, bool]) -> list[_Placed]:
    """One side of a gutter in reading order: its own columns read in turn (three CSS or LaTeX
    columns, columns beside a floated box), its full-width lines in `column`."""
    if depth >= MAX_DEPTH:
        return [(line, column, False) for line in merge_rows(fragments)]
    return [(line, c or column, floated) for line, c, floated in _order(fragments, columns, depth + 1, body)]


def _order(fragments: list[Line], columns: _Columns, depth: int, body: tuple[float, bool]) -> list[_Placed]:
    """Lines in reading order; a floated box found in a column region comes first in it."""
    # Inside a column every line counts against a gutter: there the page's centred titles are gone,
    # and the whole lines of a justified paragraph keep its stretched spaces from passing for one.
    # Inside a column, a table's cells a few points apart are no columns: the narrowest gutter is the page's.
    gutter = find_gutter(fragments, narrow_share=NARROW_SHARE if depth == 0 else math.inf) or _narrow_gutter(
        fragments, min_gutter=NARROW_MIN_GUTTER if depth == 0 else MIN_GUTTER)
    if gutter is None:
        return [(line, 0, False) for line in merge_rows(fragments)]
    a, b = gutter
    fragments = _split_at_gutter(fragments, a, b)
    ordered: list[_Placed] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        below = _region_below(left, right)
        if below:
            kept = [f for f in left if f not in below]
            left[:] = kept
        lone = left or right
        if left and right and _is_table(left, right):
            ordered.extend((line, 0, False) for line in merge_rows(left + right))
        elif not (left and right) and len(_rows(lone)) < MIN_COLUMN_LINES:
            # a short last line of full-width text between full-width lines, not a column of its own
            ordered.extend((line, 0, False) for line in merge_rows(lone))
        else:
            sides = [(columns.new(), left), (columns.new(), right)]
            floated = _floated(right, left, body)
            if _right_to_left(left, right) or floated:
                sides.reverse()  # right-to-left text starts with the right column; a floated box comes first
            region: list[_Placed] = []
            for column, side in sides:
                lines = _ordered_side(side, column, columns, depth, body) if side else []
                region.extend((line, c, is_box or (floated and side is right)) for line, c, is_box in lines)
            ordered.extend([p for p in region if p[2]] + [p for p in region if not p[2]])
        left.clear()
        right.clear()
        ordered.extend((line, 0, False) for line in merge_rows(below))

    for row in _rows(fragments):
        spanning = [f for f in row if f.x0 < a - 0.5 and f.x1 > b + 0.5]
        if spanning:
            flush()
            ordered.append((merge_fragments(row), 0, False))
            continue
        for fragment in row:
            (left if fragment.x0 + fragment.x1 < a + b else right).append(fragment)
    flush()
    return ordered
