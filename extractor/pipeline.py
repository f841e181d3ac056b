"""extract(): read pages, lay them out, find masthead, sections and signatories."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import NeedsOcr, OcrUnavailable
from .layout import Block, layout
from .lexicon import SUPPORTED_LANGUAGES
from .model import Page, Statement
from .options import ExtractOptions
from .readers import read_pages
from .signatories import list_start, parse_list
from .structure import (
    LanguageGuesser,
    document_languages,
    drop_table_of_contents,
    find_date,
    first_title,
    masthead,
    split_sections,
)
from .ocr import page_needs_ocr

VERSION = "0.1.0"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def structure(blocks: list[Block]) -> dict:
    """Masthead, sections, signatories and date of a document's blocks."""
    blocks = drop_table_of_contents(blocks)
    guesser = LanguageGuesser()
    title = first_title(blocks)
    start = list_start(blocks, after=title + 1)
    languages = document_languages(blocks[title:start], guesser)  # the statement's text only
    in_document = guesser.restricted_to(languages) if languages else guesser
    sections = split_sections(blocks[title:start], in_document)
    head = masthead(blocks[:title], guesser.restricted_to(languages | set(SUPPORTED_LANGUAGES)))
    signatories = parse_list(blocks[start:])
    found = find_date(" ".join(b.text for b in blocks[: title + 4]))
    return {
        "masthead": tuple(head),
        "sections": tuple(sections),
        "signatories": tuple(signatories),
        "date": found.isoformat() if found else None,
    }


@dataclass(frozen=True, slots=True)
class _OcrResult:
    pages: list[Page]
    numbers: tuple[int, ...] = ()
    confidence: float | None = None
    warnings: tuple[str, ...] = ()


def _apply_ocr(path: Path, pages: list[Page], sha256: str, options: ExtractOptions) -> _OcrResult:
    """Pages with those that lack a usable text layer replaced by their OCR."""
    if options.ocr == "always":
        wanted = [page.number for page in pages]
    else:
        wanted = [page.number for page in pages if page_needs_ocr(page)]
    if not wanted:
        return _OcrResult(pages)
    every_page = len(wanted) == len(pages)
    listed = ", ".join(map(str, wanted))
    if options.ocr == "never":
        if every_page:
            raise NeedsOcr(path, "OCR is off (--ocr never)")
        return _OcrResult(pages, warnings=(f"pages {listed} have no usable text layer; OCR is off",))
    from .ocr import ocr_pages, tesseract_available  # numpy, PIL and Tesseract only when needed

    if not tesseract_available():
        if every_page:
            raise OcrUnavailable(path)
        return _OcrResult(pages, warnings=(f"pages {listed} need OCR but Tesseract is not installed",))
    recognised = ocr_pages(
        path, wanted, languages=options.ocr_languages, cache_dir=options.ocr_cache, file_sha256=sha256
    )
    replaced = {result.page.number: result.page for result in recognised}
    confidences = [result.confidence for result in recognised if result.confidence is not None]
    return _OcrResult(
        [replaced.get(page.number, page) for page in pages],
        tuple(wanted),
        round(sum(confidences) / len(confidences), 1) if confidences else None,
    )


def extract_pages(
    pages: list[Page], *, source: str, sha256: str, engine: str, ocr: _OcrResult | None = None
) -> Statement:
    """A Statement from pages already read (by a PDF reader, with OCR'd pages if any)."""
    parts = structure(layout(pages))
    ocr = ocr or _OcrResult(pages)
    warnings = ocr.warnings + (() if parts["sections"] else ("no statement text found",))
    return Statement(
        source=source,
        sha256=sha256,
        pages=len(pages),
        engine=engine,
        warnings=warnings,
        ocr_pages=ocr.numbers,
        ocr_confidence=ocr.confidence,
        extractor_version=VERSION,
        **parts,
    )


def extract(path: str | Path, options: ExtractOptions = ExtractOptions()) -> Statement:
    """Read a statement PDF into its masthead, language sections and signatories.

    Raises an ExtractionError subclass (NotAPdf, EmptyFile, CorruptPdf, EncryptedPdf,
    NeedsOcr, OcrUnavailable) naming the file and the cause.
    """
    path = Path(path)
    sha256 = _sha256(path)
    pages = read_pages(path, engine=options.engine)
    ocr = _apply_ocr(path, pages, sha256, options)
    return extract_pages(ocr.pages, source=str(path), sha256=sha256, engine=options.engine, ocr=ocr)
