"""PDF readers: a file -> `Page`s of `TextRun`s, with PDFium (fast, default) or pdfplumber.

Both engines give runs at word-or-fragment granularity, in logical order (Arabic as
typed), with the same splitting rules, so the layout gives the same result with either.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EmptyFile
from ..model import Page
from ..options import ENGINES
from . import pdfium as pdfium_reader
from ._sniff import check_pdf_file

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["page_count", "read_pages", "render_page"]


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
        pages = pdfium_reader.read_pages(path)
    if not pages:
        raise EmptyFile(path, "the PDF has no pages")
    return pages


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
