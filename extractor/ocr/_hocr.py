"""Parse Tesseract's hOCR output into lines of words, in image pixels.

hOCR rather than TSV because its line elements carry what TSV lacks: the baseline
(slope and offset, which give the page's skew) and `x_size`, Tesseract's estimate of
the line's font size in pixels.
"""
from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..scripts import mostly_rtl

_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}
# Bidi marks Tesseract appends to right-to-left words; they are not text.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))
_NUMBER = r"-?\d+(?:\.\d+)?"


class HocrError(ValueError):
    """Tesseract's hOCR output could not be parsed."""


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True, slots=True)
class HocrWord:
    text: str  # NFC, bidi marks removed; right-to-left words in logical order
    box: Box
    confidence: float  # 0-100


@dataclass(frozen=True, slots=True)
class HocrLine:
    box: Box
    baseline_slope: float  # dy/dx in image pixels (y grows downwards)
    baseline_offset: float  # baseline y at the box's left edge, relative to its bottom
    x_size: float  # Tesseract's font-size estimate, pixels
    descenders: float  # pixels below the baseline
    ascenders: float  # pixels above the x-height
    words: tuple[HocrWord, ...]
    paragraph: int = 0  # index of Tesseract's paragraph (ocr_par) on the page

    @property
    def right_to_left(self) -> bool:
        """Most of the line's letters are of a right-to-left script (Arabic, Hebrew...)."""
        return mostly_rtl(" ".join(word.text for word in self.words))

    @property
    def x_height(self) -> float:
        return self.x_size - self.ascenders - self.descenders

    def baseline_y(self, x: float) -> float:
        """Image y of the baseline at image x."""
        return self.box.y1 + self.baseline_offset + self.baseline_slope * (x - self.box.x0)


def parse_hocr(text: str) -> tuple[HocrLine, ...]:
    """The lines with at least one non-empty word, in Tesseract's reading order."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise HocrError(f"unreadable hOCR: {e}") from e
    paragraphs = [e for e in root.iter() if _css_class(e) == "ocr_par"] or [root]
    lines = []
    for index, paragraph in enumerate(paragraphs):
        for element in paragraph.iter():
            if _css_class(element) in _LINE_CLASSES:
                line = _line(element, index)
                if line is not None:
                    lines.append(line)
    return tuple(lines)


def _line(element: ET.Element, paragraph: int) -> HocrLine | None:
    title = element.get("title", "")
    box = _box(title)
    if box is None:
        return None
    words = tuple(
        word for child in element.iter()
        if _css_class(child) == "ocrx_word" and (word := _word(child)) is not None
    )
    if not words:
        return None
    slope, offset = _numbers(title, "baseline", 2) or (0.0, 0.0)
    (x_size,) = _numbers(title, "x_size", 1) or (box.height,)
    (descenders,) = _numbers(title, "x_descenders", 1) or (0.0,)
    (ascenders,) = _numbers(title, "x_ascenders", 1) or (0.0,)
    return HocrLine(box, slope, offset, x_size, descenders, ascenders, words, paragraph)


def _word(element: ET.Element) -> HocrWord | None:
    title = element.get("title", "")
    box = _box(title)
    text = unicodedata.normalize("NFC", "".join(element.itertext()).translate(_BIDI_CONTROLS))
    text = text.strip()
    if box is None or not text:
        return None
    (confidence,) = _numbers(title, "x_wconf", 1) or (0.0,)
    return HocrWord(text, box, confidence)


def _css_class(element: ET.Element) -> str:
    return element.get("class", "")


def _box(title: str) -> Box | None:
    numbers = _numbers(title, "bbox", 4)
    return Box(*numbers) if numbers else None


def _numbers(title: str, key: str, count: int) -> tuple[float, ...] | None:
    """The `count` numbers after `key` in an hOCR title ("bbox 1 2 3 4; x_wconf 90")."""
    for part in title.split(";"):
        fields = part.split()
        if fields and fields[0] == key and len(fields) > count:
            values = fields[1 : count + 1]
            if all(re.fullmatch(_NUMBER, value) for value in values):
                return tuple(float(value) for value in values)
    return None
