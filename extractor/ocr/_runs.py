"""Turn Tesseract's lines of words into TextRuns that look like a text layer's.

A scan is usually a little rotated. Tesseract reads slightly skewed lines well, but
its word boxes stay in the skewed image, so the words of one line would drift up or
down across the page. Each word is therefore placed on its line's baseline and the
page's skew (the median baseline slope Tesseract measured) is rotated away, so that
the words of a line share one top and bottom, as in a PDF text layer. Sizes come
from Tesseract's per-line font-size estimate (`x_size`), checked against the line's
x-height, and for Arabic lines steadied (see line_sizes).

As a PDF reader gives one run per stretch of a line in one style, consecutive words of
a line with the same weight become one run, in Tesseract's (logical) order, so that an
Arabic line reads right to left as in a text layer. A wide gap starts a new run, so
that table cells and a header's left and right parts stay apart.
"""
from __future__ import annotations

import math
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ._hocr import HocrLine, HocrWord
from ..model import TextRun

OCR_FONT = "ocr"
# x_size (ascender top to descender bottom) is a little smaller than the em size a PDF
# gives as font size: 1.03-1.07 times smaller for Liberation Sans (Arial's metrics) at
# 8.5-13 pt, measured on a 200 dpi scan against the text layer of the same PDF. Fonts
# with larger ascenders (DejaVu Sans) come out about 5% larger; ratios between sizes,
# which is what headings are found by, are kept.
SIZE_PER_X_SIZE = 1.04
_MAX_SKEW = math.radians(5)
# Tesseract's size estimate for Arabic lines overshoots by 1.1 on average and varies by
# up to 30% between lines of one size (Noto Naskh 10.5 and 12 pt, clean and scanned).
RTL_X_SIZE_FACTOR = 1.1
# An Arabic line set among Latin lines of the same weight and a size this close is taken
# to have their size (a multilingual masthead).
RTL_NEIGHBOUR_TOLERANCE = 0.25
# x_size and x-height x the page's usual proportion further apart than this: trust the latter.
SIZE_DISAGREEMENT = 0.1
# A gap between two words wider than this many font sizes starts a new run; justified
# text stretches spaces to about half a font size.
RUN_GAP = 1.2


@dataclass(frozen=True, slots=True)
class Rotation:
    """Rotation by -angle about a centre: takes skewed image points to upright ones."""

    angle: float  # radians, as the page is skewed (positive: lines fall to the right)
    cx: float
    cy: float

    def upright(self, x: float, y: float) -> tuple[float, float]:
        cos, sin = math.cos(self.angle), math.sin(self.angle)
        dx, dy = x - self.cx, y - self.cy
        return self.cx + dx * cos + dy * sin, self.cy - dx * sin + dy * cos


def page_skew(lines: Sequence[HocrLine], *, page_width: float) -> float:
    """The page's skew in radians: the median baseline slope of its longer lines."""
    long_lines = [line for line in lines if line.box.width >= page_width * 0.2]
    slopes = sorted(line.baseline_slope for line in (long_lines or lines))
    if not slopes:
        return 0.0
    angle = math.atan(slopes[len(slopes) // 2])
    return angle if abs(angle) <= _MAX_SKEW else 0.0


def line_sizes(lines: Sequence[HocrLine], bold: Sequence[Sequence[bool]]) -> list[float]:
    """Each line's font-size estimate in pixels, steadied for right-to-left lines and
    for lines whose ascenders or descenders were misjudged."""
    proportion = _typical_proportion(lines)
    latin = [
        None if line.right_to_left else _from_x_height(line, proportion) for line in lines
    ]
    sizes = []
    for index, line in enumerate(lines):
        size = latin[index]
        if size is None:
            paragraph = [
                other.x_size for other in lines
                if other.paragraph == line.paragraph and other.right_to_left
            ]
            estimate = statistics.median(paragraph) / RTL_X_SIZE_FACTOR
            size = _latin_neighbour_size(latin, bold, index, estimate) or estimate
        sizes.append(size)
    return sizes


def _typical_proportion(lines: Sequence[HocrLine]) -> float | None:
    """The page's usual ratio of font size (x_size) to x-height, over its Latin lines."""
    ratios = [
        line.x_size / line.x_height
        for line in lines if not line.right_to_left and line.x_height > 0
        for _ in line.words
    ]
    return statistics.median(ratios) if ratios else None


def _from_x_height(line: HocrLine, proportion: float | None) -> float:
    """x_size, or the x-height scaled by the page's proportion when the two disagree.

    Tesseract sizes a line from its ascenders, x-height and descenders; an accent above
    a capital (Turkish İ, French À) or a line of capitals inflates the estimate by 10-15%,
    as much as a heading is larger than body text. The x-height is steadier.
    """
    if proportion is None or line.x_height <= 0:
        return line.x_size
    expected = line.x_height * proportion
    return expected if abs(line.x_size / expected - 1) > SIZE_DISAGREEMENT else line.x_size


def _latin_neighbour_size(
    latin: Sequence[float | None], bold: Sequence[Sequence[bool]], index: int, estimate: float
) -> float | None:
    """The size of the Latin line just before or after, if of the same weight and close."""
    for other in (index - 1, index + 1):
        if not 0 <= other < len(latin) or (size := latin[other]) is None:
            continue
        same_weight = _mostly(bold[other]) == _mostly(bold[index])
        if same_weight and abs(size / estimate - 1) <= RTL_NEIGHBOUR_TOLERANCE:
            return size
    return None


def _mostly(flags: Sequence[bool]) -> bool:
    return sum(flags) * 2 > len(flags)


def line_runs(
    line: HocrLine, *, rotation: Rotation, points_per_pixel: float, page: int,
    size_px: float | None = None, bold: Sequence[bool] | None = None,
) -> list[TextRun]:
    """The line's words as runs in points with a top-left origin, deskewed: one run per
    stretch of words of one weight without a wide gap. `size_px` overrides x_size."""
    size_px = size_px or line.x_size
    size = size_px * SIZE_PER_X_SIZE * points_per_pixel
    descent = line.descenders * (size_px / line.x_size if line.x_size else 1) * points_per_pixel
    flags = bold if bold is not None else [False] * len(line.words)
    ordered = reading_order(list(zip(line.words, flags)), right_to_left=line.right_to_left)
    # One baseline for the whole line (taken at its middle): its words share top and bottom.
    middle = (line.box.x0 + line.box.x1) / 2
    _, baseline = rotation.upright(middle, line.baseline_y(middle))
    bottom = baseline * points_per_pixel + descent
    words = [
        _word_run(word, line, rotation, points_per_pixel, (bottom - size, bottom), page, is_bold)
        for word, is_bold in ordered
    ]
    runs: list[list[TextRun]] = []
    for word in words:
        if runs and _continues(runs[-1][-1], word):
            runs[-1].append(word)
        else:
            runs.append([word])
    return [_merged(group) for group in runs]


def reading_order(
    words: list[tuple[HocrWord, bool]], *, right_to_left: bool
) -> list[tuple[HocrWord, bool]]:
    """The words of one line in logical order, from their places on the line.

    Tesseract gives a line's words in logical order except around a right-to-left word
    in a left-to-right line ("(واحد) - Syndicat ..." came out as "Syndicat ... - (واحد)").
    So words are put in the line's direction by position, and each stretch of words of
    the other direction (with the neutral words between them) is turned round, as the
    Unicode bidi algorithm does for characters.
    """
    ordered = sorted(
        words, key=lambda item: -item[0].box.x1 if right_to_left else item[0].box.x0
    )
    other = "L" if right_to_left else "R"
    kinds = [_direction(word.text) for word, _ in ordered]
    result: list[tuple[HocrWord, bool]] = []
    index = 0
    while index < len(ordered):
        if kinds[index] != other:
            result.append(ordered[index])
            index += 1
            continue
        end = index  # the last word of the other direction in this stretch
        for later in range(index + 1, len(ordered)):
            if kinds[later] == other:
                end = later
            elif kinds[later] != "N":
                break
        result.extend(reversed(ordered[index : end + 1]))
        index = end + 1
    return result


def _direction(text: str) -> str:
    """"R" for right-to-left letters only, "L" for left-to-right letters or digits (which
    are written left to right in either direction), "N" for neither (punctuation)."""
    kinds = {unicodedata.bidirectional(ch) for ch in text}
    rtl, ltr = bool(kinds & {"R", "AL"}), bool(kinds & {"L", "EN", "AN"})
    return "R" if rtl and not ltr else "L" if ltr and not rtl else "N"


def _continues(previous: TextRun, word: TextRun) -> bool:
    gap = max(previous.x0, word.x0) - min(previous.x1, word.x1)  # either direction (RTL)
    return word.bold == previous.bold and gap <= RUN_GAP * word.size


def _merged(words: list[TextRun]) -> TextRun:
    if len(words) == 1:
        return words[0]
    confidences = [w.confidence for w in words if w.confidence is not None]
    first = words[0]
    return TextRun(
        text=" ".join(w.text for w in words),
        x0=min(w.x0 for w in words),
        top=min(w.top for w in words),
        x1=max(w.x1 for w in words),
        bottom=max(w.bottom for w in words),
        font=first.font,
        size=first.size,
        bold=first.bold,
        italic=False,
        page=first.page,
        confidence=round(sum(confidences) / len(confidences), 2) if confidences else None,
    )


def _word_run(
    word: HocrWord, line: HocrLine, rotation: Rotation, scale: float,
    extent: tuple[float, float], page: int, bold: bool,
) -> TextRun:
    centre_x = (word.box.x0 + word.box.x1) / 2
    x, _ = rotation.upright(centre_x, line.baseline_y(centre_x))
    half_width = word.box.width / 2
    top, bottom = extent
    return TextRun(
        text=word.text,
        x0=round((x - half_width) * scale, 2),
        top=round(top, 2),
        x1=round((x + half_width) * scale, 2),
        bottom=round(bottom, 2),
        font=OCR_FONT,
        size=round(bottom - top, 2),
        bold=bold,
        italic=False,
        page=page,
        confidence=word.confidence,
    )
