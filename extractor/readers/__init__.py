"""PDF readers: a file -> `Page`s of `TextRun`s, with PDFium (fast, default) or pdfplumber.

Both engines give runs at word-or-fragment granularity, in logical order (Arabic as
typed), with the same splitting rules, so the layout gives the same result with either.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CorruptPdf, EmptyFile, EncryptedPdf, ExtractionError
from ..model import Page
from ..options import ENGINES
from . import pdfium as pdfium_reader
from .pdfium import PageRenderer
from ._sniff import check_pdf_file

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["PageRenderer", "PageSize", "Reading", "blank_pages", "open_renderer", "page_count", "page_sizes",
           "read_document", "read_pages", "render_page"]

@dataclass(frozen=True, slots=True)
class Reading:
    """A PDF's pages, the engine that read them, and what went wrong on the way."""

    pages: tuple[Page, ...]
    engine: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageSize:
    width: float  # points, as PDFium renders the page
    height: float


def read_pages(path: str | Path, *, engine: str = "pdfium") -> list[Page]:
    """Every page of the PDF with its text runs.

    Raises NotAPdf, EmptyFile, EncryptedPdf or CorruptPdf (extractor.errors).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    path = Path(path)
    check_pdf_file(path)
    if engine == "pdfplumber":
        from . import _plumber as plumber_reader  # imported on demand: pdfplumber is slow to import

        pages = plumber_reader.read_pages(path)
    else:
        try:
            pages = pdfium_reader.read_pages(path)
        except EmptyFile as e:
            if pdfium_reader.is_encrypted(path):  # PDFium finds no pages where it cannot decrypt the page tree
                raise EncryptedPdf(path, "its pages cannot be decrypted") from e
            raise
    if not pages:
        raise EmptyFile(path, "the PDF has no pages")
    return pages


def read_document(path: str | Path, *, engine: str = "pdfium") -> Reading:
    """The pages by `engine`, or by the other engine when the first refuses the file as damaged.

    The fallback is said in the warnings. Raises what `read_pages` raises (the first engine's error
    when neither can read the file).
    """
    path = Path(path)
    try:
        return Reading(tuple(read_pages(path, engine=engine)), engine)
    except (CorruptPdf, EmptyFile) as refused:
        if refused.detail == "0 bytes":
            raise
        other = next(name for name in ENGINES if name != engine)
        try:
            pages = read_pages(path, engine=other)
        except ExtractionError:
            raise refused from None
        because = f" ({refused.detail})" if refused.detail else ""
        warning = f"{engine} could not read the file{because}; it was read with {other}"
        return Reading(tuple(pages), other, (warning,))


def page_count(path: str | Path) -> int:
    """Number of pages (0 is reported as EmptyFile)."""
    path = Path(path)
    check_pdf_file(path)
    return pdfium_reader.count_pages(path)


def render_page(path: str | Path, page_number: int, *, dpi: int = 300) -> Image:
    """Page `page_number` (1-based) rendered by PDFium as a PIL image, for OCR."""
    path = Path(path)
    check_pdf_file(path)
    return pdfium_reader.render_page(path, page_number, dpi=dpi)


def open_renderer(path: str | Path) -> PageRenderer:
    """The PDF opened once for rendering pages (`with open_renderer(path) as pdf: pdf.render(1, dpi=300)`)."""
    path = Path(path)
    check_pdf_file(path)
    return PageRenderer(path)


def page_sizes(path: str | Path, page_numbers: list[int] | tuple[int, ...]) -> dict[int, PageSize]:
    """The size PDFium renders each of the given pages (1-based) at, in points."""
    with open_renderer(path) as pdf:
        return {number: PageSize(*pdf.size(number)) for number in page_numbers if 1 <= number <= pdf.page_count}


def blank_pages(path: str | Path, page_numbers: list[int] | tuple[int, ...]) -> frozenset[int]:
    """Those of the given pages (1-based) that draw no image and no text outlines: nothing to OCR.

    Only images and paths are looked at; callers know which pages have text.
    """
    path = Path(path)
    check_pdf_file(path)
    return pdfium_reader.blank_pages(path, page_numbers)
