"""PDF statement -> structured `Statement` (pure: reads the file, stores nothing)."""
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
from .model import MastheadLine, Page, Section, Signatory, Statement, TextRun
from .options import ENGINES, OCR_MODES, ExtractOptions
from .pipeline import VERSION, extract

__all__ = [
    "ENGINES", "OCR_MODES", "VERSION", "CorruptPdf", "EmptyFile", "EncryptedPdf",
    "ExtractOptions", "ExtractionError", "MastheadLine", "NeedsOcr", "NotAPdf",
    "OcrUnavailable", "Page", "Section", "Signatory", "Statement", "TextRun", "TooLarge", "extract",
]
