"""Text runs -> lines: runs on one baseline joined left to right, split at wide gaps."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import TextRun
from ..readers._bidi import reorder_visual
from ..scripts import LETTER, has_rtl, mostly_rtl

# Mostly right-to-left lines ending on one x that make it a right-to-left margin (an Arabic paragraph's).
MIN_MARGIN_LINES = 2
# A horizontal gap wider than this many font sizes separates two pieces of a line
# (table cells, a header's left and right parts, two columns).
CELL_GAP = 1.6
# A line ending within this many font sizes of the page's rightmost text is set flush right.
ALIGNED_EMS = 1.0
# A gap wider than this many font sizes between runs means a space even if no space char was drawn.
SPACE_GAP = 0.12
# A baseline group spans at most this many times its tallest run (a line and its sub- and superscripts).
BAND_GROWTH = 1.5


# A space drawn before a combining mark (Arabic harakat placed as glyphs of their own): the mark
# belongs to the letter before it.
_STOP = re.compile(r"^\s*[.!?:;,،؛؟…]+\s*$")  # sentence punctuation alone in a run
_STOP_END = re.compile(r"[.!?:;,،؛؟…]\s*$")  # a run that ends a sentence
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # the size most of its characters have
    bold: bool  # most of its letters are bold
    page: int
    cells: tuple[str, ...] = ()  # pieces separated by wide gaps; empty when there is one
    bold_share: float = 0.0
    cell_starts: tuple[float, ...] = ()  # where each cell starts (x), when there are cells
    runs: tuple[TextRun, ...] = field(default=(), compare=False, repr=False)  # what it was made of

    @property
    def rtl(self) -> bool:
        """Mostly right-to-left script: such a line starts at its right edge."""
        return mostly_rtl(self.text)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def dominant_size(weighted: Iterable[tuple[float, int]], *, default: float = 0.0) -> float:
    """The size that carries the most weight (characters or words): the body text's size."""
    sizes: Counter[float] = Counter()
    for size, weight in weighted:
        sizes[size] += weight
    return sizes.most_common(1)[0][0] if sizes else default


def _style(runs: list[TextRun]) -> tuple[float, bool, float]:
    if len(runs) == 1:  # most lines: the counting below gives this
        return round(runs[0].size, 1), runs[0].bold, 1.0 if runs[0].bold else 0.0
    sizes: Counter[float] = Counter()
    bold_letters = letters = 0
    for run in runs:
        count = len(run.text) or 1
        sizes[round(run.size, 1)] += count
        letters += count
        if run.bold:
            bold_letters += count
    share = bold_letters / letters if letters else 0.0
    return sizes.most_common(1)[0][0], share > 0.5, share


def _join(runs: list[TextRun], *, right_aligned: bool = False, right_to_left: bool = False) -> str:
    """The runs' text in logical order: left to right, or by the bidi algorithm in a line that starts
    and ends with right-to-left runs and has left-to-right ones between them (Arabic with a Latin
    word in another font inside), or in a line set flush right (a justified Arabic line drawn word by
    word among them) whose right end is right-to-left: it
    starts there, and a Latin word at its left end closes it (the second line of an Arabic title,
    "Meghna Apparel مصنع", may hold more Latin letters than Arabic ones). A flush-left line
    ("• SNATFP – نقابة") was laid out left to right and is read so."""
    if len(runs) == 1:  # most lines: nothing to order or space
        text = " ".join(runs[0].text.split())
        return text if text.isascii() else _SPACE_BEFORE_MARK.sub("", text)  # (no mark is ASCII)
    spaces = [""]  # spaces[k]: what goes between runs k-1 and k, left to right on the page
    for previous, run in zip(runs, runs[1:]):
        gap = run.x0 - previous.x1
        glued = previous.text.endswith(" ") or run.text.startswith(" ")
        spaces.append(" " if not glued and gap > SPACE_GAP * min(run.size, previous.size) else "")
    order = list(range(len(runs)))
    framed = len(runs) > 2 and has_rtl(runs[0].text) and has_rtl(runs[-1].text)
    starts_right = right_to_left or right_aligned and has_rtl(runs[-1].text)
    directions = [_direction(run.text) for run in runs]
    # a stop drawn apart (in a font of its own) ends the Arabic run it touches; touching the run on
    # its right, or at the line's left end, it shows a line laid out right to left, even framed by
    # Arabic runs with nothing else between (a producer without bidi draws logical order left to right)
    stop_right = "L" not in directions and any(
        bool(_STOP.match(runs[k].text)) and directions[k + 1] == "R"
        and (k == 0 or runs[k + 1].x0 - runs[k].x1 < runs[k].x0 - runs[k - 1].x1)
        for k in range(len(runs) - 1))
    # framed by Arabic runs with only neutrals between (a number, a dash): right to left, unless the
    # rightmost run ends a sentence, as the last run of a line drawn in logical order does
    rtl_framed = framed and "L" not in directions and not _STOP_END.search(runs[-1].text)
    if framed or (len(runs) > 1 and starts_right) or stop_right:
        if "L" in directions or starts_right or stop_right or rtl_framed:
            order = reorder_visual(order, directions)
    parts = [runs[order[0]].text]
    for a, b in zip(order, order[1:]):
        parts.append(spaces[max(a, b)] if abs(a - b) == 1 else " ")
        parts.append(runs[b].text)
    text = " ".join("".join(parts).split())  # quotes and apostrophes as drawn
    return _SPACE_BEFORE_MARK.sub("", text)


def _direction(text: str) -> str:
    """'R' for a run with right-to-left letters, 'L' for one with other letters, 'N' otherwise."""
    if has_rtl(text):
        return "R"
    return "L" if LETTER.search(text) else "N"


def _extent(runs: list[TextRun]) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) around the runs: one run's own edges, as most lines have one run."""
    if len(runs) == 1:
        run = runs[0]
        return run.x0, run.top, run.x1, run.bottom
    return (min(r.x0 for r in runs), min(r.top for r in runs), max(r.x1 for r in runs),
            max(r.bottom for r in runs))


def _make_line(runs: list[TextRun], *, right_aligned: bool = False, right_to_left: bool = False) -> Line:
    size, bold, share = _style(runs)
    text = _join(runs, right_aligned=right_aligned, right_to_left=right_to_left)
    return Line(text, *_extent(runs), size, bold, runs[0].page, bold_share=share, runs=tuple(runs))


def split_at(line: Line, lo: float, hi: float, gap: float) -> tuple[Line, Line] | None:
    """The line cut in two at a white of at least `gap` points between two of its runs, meeting [lo, hi]
    (of such whites, the one covering most of [lo, hi]).

    Where a column's line sits against the page's edges says nothing of its own alignment: a piece
    that is mostly right-to-left is read as set flush right (its Latin words at the left end close it).
    """
    runs = sorted(line.runs, key=lambda r: r.x0)
    end = -math.inf
    best: tuple[float, int] | None = None  # (white inside [lo, hi], where to cut)
    for k in range(1, len(runs)):
        end = max(end, runs[k - 1].x1)
        if end < hi and runs[k].x0 > lo and runs[k].x0 - end >= gap:
            # the white that covers most of the gutter: a justified line's stretched space inside a
            # gutter found wider than it is (beside short lines) is not where its column ends
            inside = min(runs[k].x0, hi) - max(end, lo)
            if best is None or inside > best[0]:
                best = (inside, k)
    if best is None:
        return None
    return _cut_piece(runs[:best[1]]), _cut_piece(runs[best[1]:])


def _cut_piece(runs: list[TextRun]) -> Line:
    return _make_line(runs, right_aligned=mostly_rtl(" ".join(run.text for run in runs)))


def pieces_at_gaps(line: Line, gap: float) -> list[Line]:
    """The line cut wherever its runs leave more than `gap` points of white between them: pieces for
    measuring where text is (their text is not put in reading order, nor their style taken)."""
    runs = sorted(line.runs, key=lambda r: r.x0)
    if len(runs) < 2:
        return [line]
    pieces = [[runs[0]]]
    end = runs[0].x1  # the rightmost end of the last piece's runs
    for run in runs[1:]:
        if run.x0 - end > gap:
            pieces.append([run])
            end = run.x1
        else:
            pieces[-1].append(run)
            end = max(end, run.x1)
    if len(pieces) == 1:
        return [line]
    return [_piece(piece, line) for piece in pieces]


def _piece(runs: list[TextRun], line: Line) -> Line:
    """A piece of the line made of these runs, for measuring (see pieces_at_gaps)."""
    return Line(" ".join(r.text for r in runs), *_extent(runs), runs[0].size, line.bold, line.page,
                runs=tuple(runs))


def _baseline_groups(runs: list[TextRun]) -> list[list[TextRun]]:
    """Runs whose vertical extents mostly overlap, i.e. that sit on one baseline.

    A group's band grows with its runs only up to BAND_GROWTH times its tallest run: columns of
    different line pitches side by side must not chain two lines of one column into one group.
    """
    groups: list[list[TextRun]] = []
    bands: list[tuple[float, float, float]] = []  # top, bottom, tallest run
    for run in sorted(runs, key=lambda r: (r.top + r.bottom) / 2):
        middle = (run.top + run.bottom) / 2
        if bands:
            top, bottom, tallest = bands[-1]
            run_height = run.bottom - run.top
            height = min(bottom - top, run_height) or 1.0
            if top <= middle <= bottom and min(bottom, run.bottom) - max(top, run.top) > 0.4 * height:
                new_top, new_bottom, new_tallest = min(top, run.top), max(bottom, run.bottom), max(tallest, run_height)
                if new_bottom - new_top <= BAND_GROWTH * new_tallest:
                    groups[-1].append(run)
                    bands[-1] = (new_top, new_bottom, new_tallest)
                    continue
        groups.append([run])
        bands.append((run.top, run.bottom, run.bottom - run.top))
    return groups


def _split_at_gaps(runs: list[TextRun]) -> list[list[TextRun]]:
    if len(runs) == 1:  # a baseline of one run: nothing to split
        return [runs[:]]
    runs = sorted(runs, key=lambda r: r.x0)
    pieces = [[runs[0]]]
    for run in runs[1:]:
        previous = pieces[-1][-1]
        if run.x0 - previous.x1 > CELL_GAP * max(run.size, previous.size):
            pieces.append([run])
        else:
            pieces[-1].append(run)
    return pieces


def page_fragments(runs: tuple[TextRun, ...]) -> list[Line]:
    """A page's runs as line fragments: one per stretch of a baseline without a wide gap."""
    fragments: list[Line] = []
    drawn = [r for r in runs if r.text.strip()]
    right = max((r.x1 for r in drawn), default=0.0)
    left = min((r.x0 for r in drawn), default=0.0)
    for group in _baseline_groups(drawn):
        for piece in _split_at_gaps(group):
            x0, _, x1, _ = _extent(piece)
            em = max(r.size for r in piece)
            flush_right = right - x1 < ALIGNED_EMS * em
            flush_left = x0 - left < ALIGNED_EMS * em
            # a line reaching both edges is justified: mostly right-to-left, it starts at the right one
            rtl = flush_left and mostly_rtl(" ".join(r.text for r in piece))
            fragments.append(_make_line(piece, right_aligned=flush_right and (not flush_left or rtl)))
    return _right_to_left_margins(fragments)


def _right_to_left_margins(fragments: list[Line]) -> list[Line]:
    """Lines of both directions that end on the right margin of right-to-left text are read from their
    right end: an Arabic column's line with a Latin name in a font of its own at either end ("Meghna
    Apparel" at its right end where it opens the line, at its left end where it closes it). The margin
    is where several mostly right-to-left lines of the page end; a Latin list entry with an Arabic name
    at its right end ends where no such lines do."""
    mixed = [k for k, f in enumerate(fragments)
             if len(f.runs) > 1 and has_rtl(f.text) and any(_direction(r.text) == "L" for r in f.runs)]
    if not mixed:
        return fragments
    rtl_ends = [f.x1 for f in fragments if f.rtl]
    out = list(fragments)
    for k in mixed:
        f = fragments[k]
        reach = ALIGNED_EMS * f.size
        if sum(abs(end - f.x1) < reach for end in rtl_ends) - f.rtl >= MIN_MARGIN_LINES:
            out[k] = _make_line(sorted(f.runs, key=lambda r: r.x0), right_aligned=True, right_to_left=True)
    return out


def merge_fragments(fragments: list[Line]) -> Line:
    """Fragments of one baseline within one column back into one line, keeping cells."""
    if len(fragments) == 1:
        return fragments[0]
    fragments = sorted(fragments, key=lambda f: f.x0)
    letters = [max(1, len(f.text)) for f in fragments]
    share = sum(f.bold_share * n for f, n in zip(fragments, letters)) / sum(letters)
    sizes = Counter({f.size: n for f, n in zip(fragments, letters)})
    return Line(
        text=" ".join(f.text for f in fragments),
        x0=fragments[0].x0,
        top=min(f.top for f in fragments),
        x1=max(f.x1 for f in fragments),
        bottom=max(f.bottom for f in fragments),
        size=sizes.most_common(1)[0][0],
        bold=share > 0.5,
        page=fragments[0].page,
        cells=tuple(f.text for f in fragments),
        cell_starts=tuple(f.x0 for f in fragments),
        bold_share=share,
        runs=tuple(r for f in fragments for r in f.runs),
    )
