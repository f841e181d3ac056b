"""Reading order on a page: find a column gutter, read column by column between full-width lines."""
from __future__ import annotations

import math
import re

from ._gutters import (
    MIN_COLUMN_LINES,
    MIN_SHARED_ROWS,
    MIN_SHARED_SHARE,
    ROW_TOLERANCE,
    _rows,
    _split_at_gutter,
    column_gutter,
    merge_rows,
)
from ._lines import Line, merge_fragments

# Share of a table's rows whose left cell wraps, from which the unpaired lines are taken for
# wrapped cells rather than for a shorter second text column.
MIN_WRAPPED_SHARE = 0.2
REGION_GAP_EMS = 1.0  # white (font sizes) above a heading that opens a one-column part under columns
TABLE_WIDTH_RATIO = 0.5  # a right side this much narrower than the left is a table's column of cells
MAX_DEPTH = 2  # columns inside a column: up to four side by side (three CSS columns beside a box)
STYLE_SIZE_STEP = 0.5  # points: a box set this much smaller or larger than the text is set apart
FLOAT_TOP_LINES = 2.0  # a floated box starts within this many of its lines of the text's top
CELL_ALIGN = 2.0  # points: cells of one table column start this close to each other
# Lines that start while the other side runs on (see _flows_apart) show two columns of text, not a
# table's rows: this many of them, each no more than this many line heights below the line above it.
OFFSET_REACH_LINES = 2.0
MIN_OFFSET_ROWS = 2
ROW_NUMBER = re.compile(r"^\(?\d{1,4}[.)°]?$")  # a table's row number: '7', '12.', '(3)'
NUMBER_ROWS_SHARE = 0.8  # a number column holds numbers but for its header and a heading above it
HEADING_BOLD_SHARE = 0.9  # a heading is set in bold throughout (a bold word inside a line is no heading)
HEADING_SIZE_STEP = 0.6  # points: or larger than the body text by more than rounding
FLOW_FILL = 0.75  # the lines of a column of flowing text reach this share of the step to the next column


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
    gutter = column_gutter(fragments, inside=depth > 0)
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
