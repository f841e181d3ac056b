"""What a page draws besides text (images, paths), and whether a PDF is encrypted: for deciding OCR and errors."""
from __future__ import annotations

import os
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from ...errors import CorruptPdf
from ._reader import open_document

# Glyphs drawn as outlines (text turned into curves) come as a path each, or one per word:
# a page with fewer paths and no image holds rules, frames or a background, nothing to read.
OUTLINED_TEXT_PATHS = 20
_NESTED_FORMS = 8  # form XObjects inside form XObjects looked into for images and paths


def blank_pages(path: Path, page_numbers: list[int] | tuple[int, ...]) -> frozenset[int]:
    """Those of the given pages (1-based) that draw no image and no text outlines."""
    pdf = open_document(path)
    blank = set()
    try:
        for number in page_numbers:
            if 1 <= number <= len(pdf) and _draws_nothing_to_read(pdf, number - 1):
                blank.add(number)
    except pypdfium2.PdfiumError as e:
        raise CorruptPdf(path, f"page objects: {e}") from e
    finally:
        pdf.close()
    return frozenset(blank)


def _draws_nothing_to_read(pdf: pypdfium2.PdfDocument, index: int) -> bool:
    page = pdf[index]
    try:
        paths = 0
        drawn = page.get_objects(
            filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH), max_depth=_NESTED_FORMS
        )
        for obj in drawn:
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                return False
            paths += 1
            if paths >= OUTLINED_TEXT_PATHS:
                return False
        return True
    finally:
        page.close()


def is_encrypted(path: Path) -> bool:
    """True when the PDF has an encryption dictionary PDFium knows of."""
    raw = pdfium_c.FPDF_LoadDocument(os.fsencode(path) + b"\x00", None)
    if not raw:
        return pdfium_c.FPDF_GetLastError() in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
    try:
        return pdfium_c.FPDF_GetSecurityHandlerRevision(raw) != -1
    finally:
        pdfium_c.FPDF_CloseDocument(raw)
