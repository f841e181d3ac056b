"""PDF statement -> structured `Statement` (pure: reads the file, stores nothing).

`import extractor` loads only the types, errors, options and VERSION; `extract` brings
in the pipeline (PDFium, the layout, the language model) on first use, so that a
process that only needs the version or the types starts fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    ExtractionError,
    NeedsOcr,
    NotAPdf,
    OcrUnavailable,
    TooLarge,
)
from .folding import fold
from .identity import file_sha256
from .model import MastheadLine, Page, Section, Signatory, Statement, TextRun
from .options import ENGINES, OCR_MODES, ExtractOptions
from .version import VERSION

if TYPE_CHECKING:
    from .pipeline import extract

__all__ = [
    "ENGINES", "OCR_MODES", "VERSION", "CorruptPdf", "EmptyFile", "EncryptedPdf",
    "ExtractOptions", "ExtractionError", "MastheadLine", "NeedsOcr", "NotAPdf",
    "OcrUnavailable", "Page", "Section", "Signatory", "Statement", "TextRun", "TooLarge", "extract", "file_sha256", "fold",
]


def __getattr__(name: str) -> Any:
    if name == "extract":
        from .pipeline import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
