"""Give list bullets back their character: Tesseract reads a round bullet as '.', '0',
'o', 'e', '*' or an Arabic zero.

A bullet is told apart by its shape, not its reading: a lone character at the start of
a line (or alone on it), a filled round blob about a third of the font size high,
followed by an indent. Tesseract also drops some bullets altogether; a lone blob of
that shape just before a line, in its x-height band, is put back.
Measured on a 200 dpi scan and a clean render: bullets fill 54-68% of their box, are
0.29-0.33 of the font size high and 0.8-1.1 as wide as high; the letters Tesseract
confuses them with are over 0.5 high, a lone dash is 0.1 high, guillemets fill < 40%.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ._hocr import Box, HocrLine, HocrWord

BULLET = "•"
_MIN_FILL = 0.5
_HEIGHT = (0.2, 0.45)  # of the line's font size
_ASPECT = (0.7, 1.4)  # width / height
_MIN_INDENT = 0.3  # gap to the next word, in font sizes
_SEARCH = 3.0  # how far before a line a dropped bullet is looked for, in font sizes


def restore_bullets(
    pixels: np.ndarray, lines: Sequence[HocrLine], *, ink_below: float
) -> tuple[HocrLine, ...]:
    """The lines, with a first word that has a bullet's shape written as '•', and a
    bullet Tesseract dropped before a line's first word put back as a word of its own."""
    restored = []
    for line in lines:
        if line.x_size <= 0:
            restored.append(line)
        elif _starts_with_bullet(pixels, line, ink_below):
            restored.append(replace(
                line, words=(replace(line.words[0], text=BULLET), *line.words[1:])))
        elif (box := _dropped_bullet(pixels, line, ink_below)) is not None:
            # Not read by Tesseract: it gets the confidence of the words it precedes.
            confidence = sum(w.confidence for w in line.words) / len(line.words)
            bullet = HocrWord(BULLET, box, round(confidence, 2))
            restored.append(replace(line, words=(bullet, *line.words)))
        else:
            restored.append(line)
    return tuple(restored)


def _starts_with_bullet(pixels: np.ndarray, line: HocrLine, ink_below: float) -> bool:
    first = line.words[0]
    if len(first.text) != 1 or not _bullet_shaped(pixels, first.box, line.x_size, ink_below):
        return False
    # Tesseract often puts a column of bullets in lines of their own.
    return len(line.words) == 1 or _gap(first.box, line.words[1].box) >= _MIN_INDENT * line.x_size


def _dropped_bullet(pixels: np.ndarray, line: HocrLine, ink_below: float) -> Box | None:
    """The box of a lone bullet-shaped blob just before the line (left of a left-to-right
    line, right of a right-to-left one) within its x-height band, if there is one."""
    size = line.x_size
    edge = line.box.x1 if line.right_to_left else line.box.x0
    baseline = line.baseline_y(edge)
    top, bottom = int(baseline - (size - line.descenders)), int(baseline)
    if line.right_to_left:
        left, right = int(edge + _MIN_INDENT * size), int(edge + _SEARCH * size)
    else:
        left, right = int(edge - _SEARCH * size), int(edge - _MIN_INDENT * size)
    height, width = pixels.shape
    if top < 0 or left < 0 or bottom > height or right > width or right <= left:
        return None
    ys, xs = np.nonzero(pixels[top:bottom, left:right] < ink_below)
    if xs.size == 0:
        return None
    box = Box(left + xs.min(), top + ys.min(), left + xs.max() + 1, top + ys.max() + 1)
    touches = xs.min() == 0 or xs.max() == right - left - 1 or ys.min() == 0
    if touches or not _bullet_shaped(pixels, box, size, ink_below):
        return None
    return box


def _bullet_shaped(pixels: np.ndarray, box: Box, size: float, ink_below: float) -> bool:
    if not _HEIGHT[0] <= box.height / size <= _HEIGHT[1]:
        return False
    if not _ASPECT[0] <= box.width / max(box.height, 1) <= _ASPECT[1]:
        return False
    return _fill(pixels, box, ink_below) >= _MIN_FILL


def _gap(a: Box, b: Box) -> float:
    return max(a.x0, b.x0) - min(a.x1, b.x1)


def _fill(pixels: np.ndarray, box: Box, ink_below: float) -> float:
    crop = pixels[max(int(box.y0), 0):int(box.y1) + 1, max(int(box.x0), 0):int(box.x1) + 1]
    return float((crop < ink_below).mean()) if crop.size else 0.0
