"""OCR: which pages lack a usable text layer, and reading those pages with Tesseract into `Page`s.

`page_needs_ocr` is cheap; the rest needs numpy, Pillow and Tesseract, and is imported on first use.
"""
from __future__ import annotations

import importlib
from typing import Any

from ._textlayer import TextQuality, has_garbled_text, page_needs_ocr, text_quality

__all__ = [
    "SUPPORTED_LANGUAGES", "OcrPage", "TextQuality", "has_garbled_text", "installed_ocr_languages", "ocr_pages",
    "page_needs_ocr",
    "tesseract_available", "text_quality",
]

_LAZY = {
    "OcrPage": "._pages", "ocr_pages": "._pages",
    "SUPPORTED_LANGUAGES": "._tesseract", "installed_ocr_languages": "._tesseract", "tesseract_available": "._tesseract",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name], __name__), name)
