"""The page model the readers build and the statement the extractor returns."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TextRun:
    """A piece of text on one baseline in one font, as a reader found it.

    Coordinates are PDF points with the origin at the page's top-left corner.
    A run may be a single word or a longer fragment with spaces; it never
    spans two columns. `size` is the rendered font size (a line height for OCR).
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font: str
    size: float
    bold: bool
    italic: bool
    page: int  # 1-based
    confidence: float | None = None  # OCR word confidence, 0-100


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    runs: tuple[TextRun, ...]
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class MastheadLine:
    lang: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    lang: str | None  # ISO 639-1
    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    acronym: str | None
    country: str | None  # as written
    country_code: str | None  # ISO 3166-1 alpha-2
    category: str | None


@dataclass(frozen=True, slots=True)
class Statement:
    source: str
    sha256: str
    pages: int
    engine: str
    masthead: tuple[MastheadLine, ...]
    sections: tuple[Section, ...]
    signatories: tuple[Signatory, ...]
    date: str | None = None  # ISO 8601 date found in the text
    date_source: str | None = None  # where: a dateline near the title or the signatures, or the opening text
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    # Pages without a usable text layer that were not OCR'd (OCR off or Tesseract missing): their
    # text is left out, and a later extraction with OCR should read them.
    needs_ocr_pages: tuple[int, ...] = ()
    ocr_confidence: float | None = None  # mean word confidence of OCR pages, 0-100
    extractor_version: str = field(default="")

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(s.lang for s in self.sections if s.lang)

    @property
    def title(self) -> str | None:
        return next((s.title for s in self.sections if s.title), None)
