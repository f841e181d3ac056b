"""Guess which OCR words are bold from the thickness of their strokes.

Tesseract does not say whether a word is bold, but titles, mastheads and acronyms
usually are, and the layout analysis uses it. In a binarised word image, twice the
ink area divided by the number of ink pixels on the ink's edge is the mean stroke
width; divided by the line's font size it no longer depends on the size or the
resolution. Bold faces have strokes about 1.4 times as thick as regular ones
(measured on 200 dpi noisy scans of Liberation Sans and DejaVu Sans: regular 0.096
+- 0.004 of the font size, bold 0.137, no overlap), so a word is bold when its stroke
is clearly thicker than the page's typical (median) word, which is regular body text
on any page with some text.

Right-to-left (Arabic) lines differ: Tesseract's font-size estimate for them varies by
up to 50% between lines of one size, and Naskh strokes are thinner than Latin ones.
Their strokes are measured against the size of the page's left-to-right lines instead;
measured on regular and bold Noto Naskh at 10.5 and 12 pt (clean and scanned) and on
the bold Arabic masthead of a scanned LibreOffice statement, regular Arabic comes to
0.85-0.94 of the Latin body's regular weight and bold Arabic to 1.12-1.31.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np

from ._hocr import HocrLine, HocrWord

BOLD_RATIO = 1.2  # stroke width over the page's median that counts as bold
RTL_BOLD_RATIO = 1.05  # the same for right-to-left lines, against the Latin body's weight
_MIN_WORDS_FOR_MEDIAN = 20  # fewer words: compare with a typical regular weight instead
_TYPICAL_REGULAR = 0.096  # stroke width / font size of regular sans-serif body text


def bold_words(pixels: np.ndarray, lines: Sequence[HocrLine]) -> list[list[bool]]:
    """For each line, for each word: does it look bold?"""
    threshold = ink_threshold(pixels)
    rtl = [line.right_to_left for line in lines]
    ltr_sizes = [line.x_size for line, r in zip(lines, rtl) if not r for _ in line.words]
    body_size = statistics.median(ltr_sizes) if ltr_sizes else None
    weights = []
    for line, is_rtl in zip(lines, rtl):
        size = body_size if is_rtl and body_size else line.x_size
        weights.append([
            _stroke_width(pixels, word, threshold) / size if size > 0 else None
            for word in line.words
        ])
    measured = [
        w for line, is_rtl, line_weights in zip(lines, rtl, weights)
        if not is_rtl or body_size is None
        for word, w in zip(line.words, line_weights) if w is not None and _is_wordlike(word)
    ]
    reference = _regular_weight(measured)
    return [
        _line_flags(line, line_weights, reference * (
            RTL_BOLD_RATIO if is_rtl and body_size else BOLD_RATIO))
        for line, is_rtl, line_weights in zip(lines, rtl, weights)
    ]


def _line_flags(line: HocrLine, weights: Sequence[float | None], bold_above: float) -> list[bool]:
    flags = [w is not None and w > bold_above for w in weights]
    scored = [flag for word, flag in zip(line.words, flags) if _is_wordlike(word)]
    line_is_bold = bool(scored) and sum(scored) * 2 > len(scored)
    # Punctuation and single letters are too small to measure: they follow their line.
    return [flag if _is_wordlike(word) else line_is_bold for word, flag in zip(line.words, flags)]


def _regular_weight(weights: Sequence[float]) -> float:
    if len(weights) < _MIN_WORDS_FOR_MEDIAN:
        return _TYPICAL_REGULAR
    return float(np.median(weights))


def _is_wordlike(word: HocrWord) -> bool:
    return sum(ch.isalnum() for ch in word.text) >= 2


def ink_threshold(pixels: np.ndarray) -> float:
    """Grey level halfway between the darkest ink and the paper."""
    sample = pixels[::4, ::4]
    ink, paper = np.percentile(sample, [1, 60])
    return float(ink + paper) / 2


def _stroke_width(pixels: np.ndarray, word: HocrWord, threshold: float) -> float:
    """Mean stroke width in pixels of the ink inside the word's box (0 when empty)."""
    height, width = pixels.shape
    box = word.box
    y0, y1 = max(int(box.y0), 0), min(int(box.y1) + 1, height)
    x0, x1 = max(int(box.x0), 0), min(int(box.x1) + 1, width)
    ink = pixels[y0:y1, x0:x1] < threshold
    area = int(ink.sum())
    if area == 0:
        return 0.0
    padded = np.pad(ink, 1)
    interior = (
        padded[1:-1, 1:-1] & padded[:-2, 1:-1] & padded[2:, 1:-1]
        & padded[1:-1, :-2] & padded[1:-1, 2:]
    )
    edge = area - int(interior.sum())
    return 2 * area / max(edge, 1)
