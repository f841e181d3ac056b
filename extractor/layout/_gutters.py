"""Column gutters: the white strip between two columns of text found on a page's fragments, the
fragments crossing it cut at it, and fragments grouped by baseline into rows."""
from __future__ import annotations

import math
from bisect import bisect_left
from itertools import accumulate

from ._lines import Line, merge_fragments, pieces_at_gaps, split_at

MIN_GUTTER = 6.0  # points of white between two columns
# Points of white left between lines cut at MIN_GUTTER for a narrow gutter: one glyph's side bearing may
# reach into it, and whole points are sampled (reportlab frames' 6-point paddings measure 5).
NARROW_MIN_GUTTER = 4.0
MIN_COLUMN_SHARE = 0.28  # each column at least this share of the text width
ROW_TOLERANCE = 2.5  # points: fragments whose tops differ less sit on one row
# Two columns have lines side by side: at least this many rows, and this share of the shorter
# column's lines (a column's last lines may face the other's white space).
MIN_SHARED_ROWS = 2
MIN_SHARED_SHARE = 0.3
MIN_PAGE_FRAGMENTS = 6  # fewer pieces of text than this make no two columns
NARROW_SHARE = 0.62  # pieces narrower than this share of the text width may belong to a column
CROSSING_SHARE = 0.3  # share of the narrow pieces that may cross a gutter (centred titles, masthead)
MIN_COLUMN_LINES = 3  # lines on each side of a gutter for it to separate columns
IN_COLUMNS_SHARE = 0.5  # share of the narrow pieces the two columns must hold between them
# Lines (in line heights) above and below a line crossing the gutter where column lines on both sides
# show it to be two column lines on one baseline, drawn close enough to be read as one.
NEIGHBOUR_LINES = 3.0
EDGE_SLACK = 1.5  # points: the gutter's edges are found at whole points
CUT_GUTTER = 5.0  # points of white between two runs, inside a gutter, that part two column lines
GUTTERS_REMEMBERED = 64  # a page's parts and bands are a few dozen sets of fragments


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
    floor, ceil, end = math.floor, math.ceil, points - 1
    for f in fragments:
        first = floor(f.x0 - lo) + 1
        last = ceil(f.x1 - lo) - 1
        first = 0 if first < 0 else first  # (conditionals, not max and min: this loop runs for every fragment)
        last = end if last > end else last
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
    # (a sum is finite only if every edge is: a sum too large for a float takes the longer way, to the same count)
    if not math.isfinite(sum(line.top + line.bottom for line in (*left, *right))):
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


_Gutter = tuple[float, float] | None
# Gutters found lately, by the identity of the fragments they were found on (kept alive with them,
# so that no other fragment can take their ids): a page's parts and bands ask for the same gutter
# several times while the page is parted and read.
_FOUND: dict[tuple, tuple[tuple[Line, ...], _Gutter]] = {}


def column_gutter(fragments: list[Line], *, inside: bool = False) -> _Gutter:
    """The gutter between two columns of the fragments (find_gutter, else _narrow_gutter), found on
    the page (`inside` False) or inside a column, where every line counts and a table's cells a
    few points apart are no columns."""
    key = (inside, *map(id, fragments))
    found = _FOUND.get(key)
    if found is not None:
        return found[1]
    gutter = (find_gutter(fragments, narrow_share=math.inf if inside else NARROW_SHARE)
              or _narrow_gutter(fragments, min_gutter=MIN_GUTTER if inside else NARROW_MIN_GUTTER))
    _FOUND[key] = (tuple(fragments), gutter)
    while len(_FOUND) > GUTTERS_REMEMBERED:
        del _FOUND[next(iter(_FOUND))]  # the oldest
    return gutter
