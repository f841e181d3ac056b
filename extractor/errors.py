"""Errors the extractor raises; each names the file and says what went wrong."""
from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """A PDF could not be turned into a statement; the message is shown to the user."""

    reason = "cannot be extracted"

    def __init__(self, path: str | Path, detail: str | None = None):
        self.path = str(path)
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.path}: {self.reason}"
        return f"{text} ({self.detail})" if self.detail else text


class NotAPdf(ExtractionError):
    """The file does not start like a PDF."""

    reason = "not a PDF file"


class EmptyFile(ExtractionError):
    """The file has no bytes, or the PDF has no pages."""

    reason = "empty file"


class CorruptPdf(ExtractionError):
    """The PDF is truncated or damaged beyond what the reader can repair."""

    reason = "corrupt or truncated PDF"


class EncryptedPdf(ExtractionError):
    """The PDF needs a password to open."""

    reason = "encrypted PDF"

    def __init__(self, path: str | Path, detail: str | None = None):
        super().__init__(path, detail or "a password is needed")


class TooLarge(ExtractionError):
    """Reading the PDF needs more memory than the extractor may use (a huge page or a compression bomb)."""

    reason = "too large: reading it needs more memory than allowed"


class NeedsOcr(ExtractionError):
    """The PDF has no usable text layer and OCR is off or unavailable."""

    reason = "no text layer: the PDF is image-only and needs OCR"


class OcrUnavailable(NeedsOcr):
    """OCR was asked for but Tesseract is not installed."""

    reason = (
        "no text layer and Tesseract is not installed: "
        "install it with `apt-get install tesseract-ocr` (and its language packs)"
    )
