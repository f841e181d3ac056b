"""Turn Tesseract's lines of words into TextRuns that look like a text layer's.

A scan is usually a little rotated. Tesseract reads slightly skewed lines well, but
its word boxes stay in the skewed image, so the words of one line would drift up or
down across the page. Each word is therefore placed on its line's baseline and the
page's skew (the median baseline slope Tesseract measured) is rotated away, so that
the words of a line share one top and bottom, as in a PDF text layer. Sizes come
from Tesseract's per-line font-size estimate (`x_size`).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .hocr import HocrLine, HocrWord
from .model import TextRun

OCR_FONT = "ocr"
# x_size (ascender top to descender bottom) is a little smaller than the em size a PDF
# gives as font size: measured 1.03-1.07 on LibreOffice (Liberation Sans 8.5-13 pt) and
# fpdf2 (DejaVu Sans) pages against their own text layers.
SIZE_PER_X_SIZE = 1.04
_MAX_SKEW = math.radians(5)


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


def line_runs(
    line: HocrLine, *, rotation: Rotation, points_per_pixel: float, page: int,
    bold: Sequence[bool] | None = None,
) -> list[TextRun]:
    """One TextRun per word of the line, in points with a top-left origin, deskewed."""
    size = line.x_size * SIZE_PER_X_SIZE * points_per_pixel
    descent = line.descenders * points_per_pixel
    flags = bold if bold is not None else [False] * len(line.words)
    return [
        _word_run(word, line, rotation, points_per_pixel, size, descent, page, is_bold)
        for word, is_bold in zip(line.words, flags)
    ]


def _word_run(
    word: HocrWord, line: HocrLine, rotation: Rotation, scale: float,
    size: float, descent: float, page: int, bold: bool,
) -> TextRun:
    centre_x = (word.box.x0 + word.box.x1) / 2
    x, baseline = rotation.upright(centre_x, line.baseline_y(centre_x))
    half_width = word.box.width / 2
    bottom = baseline * scale + descent
    return TextRun(
        text=word.text,
        x0=round((x - half_width) * scale, 2),
        top=round(bottom - size, 2),
        x1=round((x + half_width) * scale, 2),
        bottom=round(bottom, 2),
        font=OCR_FONT,
        size=round(size, 2),
        bold=bold,
        italic=False,
        page=page,
        confidence=word.confidence,
    )
