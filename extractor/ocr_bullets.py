"""Give list bullets back their character: Tesseract reads a round bullet as '.', '0',
'o', 'e', '*' or an Arabic zero.

A bullet is told apart by its shape, not its reading: a lone character at the start of
a line (or alone on it), a filled round blob about a third of the font size high,
followed by an indent.
Measured on a 200 dpi scan and a clean render: bullets fill 54-68% of their box, are
0.29-0.33 of the font size high and 0.8-1.1 as wide as high; the letters Tesseract
confuses them with are over 0.5 high, a lone dash is 0.1 high, guillemets fill < 40%.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .hocr import HocrLine, HocrWord

BULLET = "•"
_MIN_FILL = 0.5
_HEIGHT = (0.2, 0.45)  # of the line's font size
_ASPECT = (0.7, 1.4)  # width / height
_MIN_INDENT = 0.3  # gap to the next word, in font sizes


def restore_bullets(
    pixels: np.ndarray, lines: Sequence[HocrLine], *, ink_below: float
) -> tuple[HocrLine, ...]:
    """The lines, with a first word that has a bullet's shape written as '•'."""
    return tuple(
        replace(line, words=(replace(line.words[0], text=BULLET), *line.words[1:]))
        if _starts_with_bullet(pixels, line, ink_below) else line
        for line in lines
    )


def _starts_with_bullet(pixels: np.ndarray, line: HocrLine, ink_below: float) -> bool:
    if len(line.words[0].text) != 1 or line.x_size <= 0:
        return False
    first = line.words[0]
    box = first.box
    if not _HEIGHT[0] <= box.height / line.x_size <= _HEIGHT[1]:
        return False
    if not _ASPECT[0] <= box.width / max(box.height, 1) <= _ASPECT[1]:
        return False
    # Tesseract often puts a column of bullets in lines of their own.
    if len(line.words) > 1 and line.words[1].box.x0 - box.x1 < _MIN_INDENT * line.x_size:
        return False
    return _fill(pixels, first, ink_below) >= _MIN_FILL


def _fill(pixels: np.ndarray, word: HocrWord, ink_below: float) -> float:
    box = word.box
    crop = pixels[max(int(box.y0), 0):int(box.y1) + 1, max(int(box.x0), 0):int(box.x1) + 1]
    return float((crop < ink_below).mean()) if crop.size else 0.0
