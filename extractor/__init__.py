"""PDF statement -> structured `Statement` (pure: reads the file, stores nothing).

`import extractor` loads only the errors, options and VERSION; the types come on first use and
`extract` brings in the pipeline (PDFium, the layout, the language model) on first use, so that a
process that only needs the version or the types starts fast.
"""
from __future__ import annotations

import importlib
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
from .options import ENGINES, OCR_MODES, ExtractOptions
from .version import VERSION

if TYPE_CHECKING:
    from .folding import fold
    from .identity import file_sha256
    from .model import MastheadLine, Page, Section, Signatory, Statement, TextRun
    from .pipeline import extract

# The module of each name loaded on first use (the model's dataclasses alone cost a command's start-up 15 ms).
_LAZY = {
    "extract": ".pipeline", "fold": ".folding", "file_sha256": ".identity",
    **dict.fromkeys(("MastheadLine", "Page", "Section", "Signatory", "Statement", "TextRun"), ".model"),
}

__all__ = [
    "ENGINES", "OCR_MODES", "VERSION", "CorruptPdf", "EmptyFile", "EncryptedPdf",
    "ExtractOptions", "ExtractionError", "MastheadLine", "NeedsOcr", "NotAPdf",
    "OcrUnavailable", "Page", "Section", "Signatory", "Statement", "TextRun", "TooLarge", "extract", "file_sha256", "fold",
]


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value
