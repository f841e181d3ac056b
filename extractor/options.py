"""Settings for one extraction, with their defaults."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENGINES = ("pdfium", "pdfplumber")
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    engine: str = "pdfium"
    ocr: str = "auto"  # auto: OCR pages with no usable text; always; never
    ocr_languages: tuple[str, ...] | None = None  # Tesseract codes; None: the installed ones we support
    ocr_cache: Path | None = None  # folder where OCR results are kept by file hash and page
    cache_dir: Path | None = None  # the extractor's own cache (language model); see extractor.cache_dir
