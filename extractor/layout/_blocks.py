"""Lines in reading order -> blocks (headings, paragraphs, list items), joined across breaks."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import quantiles

from .. import lexicon
from ._hyphenation import ends_hyphenated, join_hyphenated, vocabulary
from ._lines import Line, dominant_size
from ._markers import DASHES, has_marker, marker_of

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"

_SENTENCE_END = re.compile(r"[.!?:;…»\"”')\]]$")
_OPEN_END = re.compile(
    r"[-–—(/,&+]$|\b(?:" + "|".join(sorted(lexicon.words_of(lexicon.LINKING_WORDS))) + r")$", re.IGNORECASE
)


# A line that stops this far (font sizes, or share of the column) before the column's far edge is
# short: further than a ragged or justified line's leftover space, which is below one long word.
SHORT_LINE_EMS = 4
SHORT_LINE_SHARE = 0.12
# A line ending this close (font sizes) to its column's far edge is full: justified or filled.
FULL_LINE_EMS = 1.0
DEFAULT_SIZE = 10.0  # body size of a document without lines (points)
BOLD_BODY_SHARE = 0.6  # the body is bold when this share of its letters is: bold no longer marks headings
MAX_HEADING_CHARS = 220  # a longer line is text, whatever its type
HEADING_SIZE_RATIO = 1.08  # a heading is this much larger than the body (a point on 12 pt, not rounding)
HEADING_BOLD_SHARE = 0.9  # or this share of its letters is bold (a bold word does not make a heading)
MAX_LINE_GAP_EMS = 3  # a wider gap is a layout break, not a gap between lines, and says nothing of them
ALIGNED_EMS = 0.5  # lines starting within this many font sizes of each other are aligned
SIZE_STEP = 0.6  # points: sizes further apart are two styles (renderers round sizes to tenths)
PARAGRAPH_GAP_EMS = 0.45  # white beyond the typical line gap that separates paragraphs (font sizes)
MIN_GAP_PAIRS = 4  # pairs of right-to-left lines from which their own typical gap is told
INDENT_EMS = 0.8  # a first-line indent is at least this many font sizes
ITEM_STARTS_REMEMBERED = 8192  # lines whose marker is remembered: each is asked about several times


# What _OPEN_END can look at: the longest linking word, the character before it (for \b), a final newline.
_OPEN_END_REACH = max(len(word) for word in lexicon.words_of(lexicon.LINKING_WORDS)) + 2


def ends_open(text: str) -> bool:
    """The text stops where a name cannot end ("... de", "... and", "... -"): the next line goes on."""
    return bool(_OPEN_END.search(text[-_OPEN_END_REACH:]))  # the tail only: the pattern ends with $


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """A line with where it sits in the reading order: its column and the column's edges."""

    line: Line
    column: int  # 0: full width, 1: left, 2: right
    left_edge: float
    right_edge: float


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    lines: tuple[Line, ...]
    text: str
    page: int
    size: float
    bold: bool
    # Words of the text, counted once: the structure stage asks a block for them again and again.
    _word_count: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_word_count", len(self.text.split()))

    @property
    def word_count(self) -> int:
        return self._word_count


@dataclass(frozen=True, slots=True)
class TypeScale:
    """The document's body style, against which headings stand out."""

    body_size: float
    body_bold: bool

    @classmethod
    def of(cls, lines: list[Line]) -> "TypeScale":
        total = sum(len(line.text) for line in lines) or 1
        bold = sum(len(line.text) for line in lines if line.bold)
        size = dominant_size(((line.size, len(line.text)) for line in lines), default=DEFAULT_SIZE)
        return cls(size, bold / total > BOLD_BODY_SHARE)

    def is_heading(self, line: Line) -> bool:
        if len(line.text) > MAX_HEADING_CHARS:
            return False
        larger = line.size >= self.body_size * HEADING_SIZE_RATIO
        bolder = line.bold_share >= HEADING_BOLD_SHARE and not self.body_bold
        return larger or bolder


@lru_cache(maxsize=ITEM_STARTS_REMEMBERED)
def is_item_start(text: str) -> bool:
    return has_marker(text) and len(text) > 2


def _typical_gap(gaps: list[float], scale: TypeScale) -> float:
    """The white between two lines of one paragraph: the lower quartile of the gaps between lines (their
    `_whites`), since one-line paragraphs (their gaps are paragraph gaps) may outnumber the rest."""
    return quantiles(gaps, n=4, method="inclusive")[0] if len(gaps) > 1 else gaps[0] if gaps else 0.3 * scale.body_size


_Gap = tuple[float, bool, bool]  # the white between two lines, whether the upper and the lower are right to left


def _line_gaps(placed: list[PlacedLine], scale: TypeScale) -> list[_Gap]:
    """The whites between two body lines one above the other in a column."""
    return [
        (b.line.top - a.line.bottom, a.line.rtl, b.line.rtl)
        for a, b in zip(placed, placed[1:])
        if a.line.page == b.line.page
        and a.column == b.column
        and not scale.is_heading(a.line)
        and not scale.is_heading(b.line)
        and 0 <= b.line.top - a.line.bottom < MAX_LINE_GAP_EMS * a.line.size
    ]


def _whites(gaps: list[_Gap], *, rtl: bool | None = None) -> list[float]:
    """The gaps' whites: all, or only those between two right-to-left lines (True) or two others (False)."""
    return [white for white, upper, lower in gaps if rtl is None or upper == lower == rtl]


def _dash_inside_sentence(a: Line, b: Line, *, in_item: bool) -> bool:
    """'— a promise it now breaks —' wrapped to the start of a paragraph's line: no list item."""
    if in_item or marker_of(b.text) not in DASHES or _SENTENCE_END.search(a.text):
        return False
    return abs(b.x1 - a.x1 if b.rtl else b.x0 - a.x0) < ALIGNED_EMS * b.size


def _breaks_here(
    previous: PlacedLine,
    current: PlacedLine,
    scale: TypeScale,
    gap0: float,
    *,
    previous_alone: bool = False,
    in_item: bool = False,
) -> bool:
    a, b = previous.line, current.line
    if scale.is_heading(a) != scale.is_heading(b):
        return True
    if is_item_start(b.text) and not _dash_inside_sentence(a, b, in_item=in_item):
        return True
    moved = a.page != b.page or previous.column != current.column or b.top < a.top
    if moved:
        return True
    gap = b.top - a.bottom
    if abs(a.size - b.size) > SIZE_STEP and gap > gap0 + 0.5:
        return True
    if gap > gap0 + PARAGRAPH_GAP_EMS * min(a.size, b.size):
        return True
    if scale.is_heading(a):
        return False
    ended = bool(_SENTENCE_END.search(a.text)) and not _closes_inside_sentence(a.text, b.text)
    indent = (a.x1 - b.x1) if b.rtl else (b.x0 - a.x0)
    if indent > INDENT_EMS * b.size and ended and not is_item_start(a.text):  # first-line indent
        return True
    short = _is_short(a, previous)
    one_liner = previous_alone and not ended and not is_item_start(a.text)
    if one_liner and short and _is_short(b, current) and b.text[:1].isupper():
        return True  # one-line paragraphs without final punctuation ("No eviction of the families")
    return short and ended


def _closes_inside_sentence(text: str, following: str) -> bool:
    """'... with the workers'' over 'representatives and ...': a closing quote, apostrophe or bracket
    followed by a line in lower case ends no sentence."""
    return text[-1:] in "\"”')]" and following[:1].islower()


def _is_short(line: Line, placed: PlacedLine) -> bool:
    """The line stops well before its column's far edge: a paragraph's last line."""
    if line.rtl:
        return line.x0 > placed.left_edge + max(SHORT_LINE_EMS * line.size, SHORT_LINE_SHARE * (line.x1 - placed.left_edge))
    return line.x1 < placed.right_edge - max(SHORT_LINE_EMS * line.size, SHORT_LINE_SHARE * (placed.right_edge - line.x0))


def _join(lines: list[Line], words: Counter[str]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        if ends_hyphenated(text):
            text = join_hyphenated(text, line.text, words)
        else:
            text = f"{text} {line.text}"
    return text


def _make_block(lines: list[Line], scale: TypeScale, words: Counter[str]) -> Block:
    first = lines[0]
    kind = HEADING if scale.is_heading(first) else ITEM if is_item_start(first.text) else PARAGRAPH
    return Block(kind, tuple(lines), _join(lines, words), first.page, first.size, first.bold)


def _continues(previous: Block, current: Block, *, last_line_full: bool) -> bool:
    """A paragraph cut by a page or column break, continued by the next block: the paragraph
    ends no sentence, or the next one starts in lower case, or its last line ran to the column's
    edge (a paragraph's own last line stops short of it)."""
    if previous.kind != PARAGRAPH or current.kind != PARAGRAPH:
        return False
    if abs(previous.size - current.size) > SIZE_STEP:
        return False
    first_char = current.text[:1]
    if not _SENTENCE_END.search(previous.text) or (first_char.islower() and first_char.isalpha()):
        return True
    return last_line_full


def _is_full(placed: PlacedLine) -> bool:
    """The line runs to within a font size of its column's far edge: no paragraph ends there."""
    line = placed.line
    if line.rtl:  # and reaches its start side too: right-to-left text may be set flush left
        return (line.x0 <= placed.left_edge + FULL_LINE_EMS * line.size
                and line.x1 >= placed.right_edge - FULL_LINE_EMS * line.size)
    return line.x1 >= placed.right_edge - FULL_LINE_EMS * line.size


def _below_columns(previous: PlacedLine, current: PlacedLine) -> bool:
    """From a right column's line down to a full-width line of the same page: the columns ended above
    it, and no paragraph runs on from them into the text below (text beside a box floated at the
    right starts where the full-width lines start, and goes on below the box)."""
    a, b = previous.line, current.line
    return (previous.column != 0 and current.column == 0 and a.page == b.page and b.top > a.top
            and a.x0 > b.x0 + b.size)


def _indented(first: Line, above: Line | None) -> bool:
    """The block's first line is indented against a body line of the paragraph above: a new paragraph."""
    if above is None or first.rtl != above.rtl:
        return False
    shift = (above.x1 - first.x1) if first.rtl else (first.x0 - above.x0)
    return shift > INDENT_EMS * first.size


def build_blocks(placed: list[PlacedLine]) -> list[Block]:
    """Group placed lines into blocks; rejoin paragraphs cut by page or column breaks."""
    if not placed:
        return []
    lines = [p.line for p in placed]
    scale = TypeScale.of(lines)
    words = vocabulary([line.text for line in lines])
    line_gaps = _line_gaps(placed, scale)
    gap0 = _typical_gap(_whites(line_gaps), scale)
    # Right-to-left text is often set in a font of its own with taller lines (Arabic beside Latin):
    # its lines have their own typical gap, when there are enough of them to tell it.
    rtl_whites = _whites(line_gaps, rtl=True)  # body lines only: a title's gap says nothing
    gaps = {False: gap0, True: _typical_gap(rtl_whites, scale) if len(rtl_whites) >= MIN_GAP_PAIRS else gap0}
    groups: list[tuple[list[Line], bool]] = []  # lines, whether the group starts after a break
    full_before: dict[int, bool] = {}  # group index -> whether the line before it was full
    in_item = False  # whether the current group is a list item
    for previous, current in zip([None, *placed], placed):
        alone = bool(groups) and len(groups[-1][0]) == 1
        gap = gaps[previous is not None and previous.line.rtl and current.line.rtl]
        if previous is None or _breaks_here(previous, current, scale, gap, previous_alone=alone, in_item=in_item):
            moved = previous is not None and (
                previous.line.page != current.line.page
                or previous.column != current.column
                or current.line.top < previous.line.top
            ) and not _below_columns(previous, current)
            if previous is not None:
                full_before[len(groups)] = _is_full(previous)
            groups.append(([current.line], moved))
            in_item = is_item_start(current.line.text)
        else:
            groups[-1][0].append(current.line)
    blocks: list[Block] = []
    for index, (group, after_break) in enumerate(groups):
        block = _make_block(group, scale, words)
        full = full_before.get(index, False) and not _indented(group[0], blocks[-1].lines[-1] if blocks else None)
        if after_break and blocks and _continues(blocks[-1], block, last_line_full=full):
            blocks[-1] = _make_block([*blocks[-1].lines, *group], scale, words)
        else:
            blocks.append(block)
    return blocks
