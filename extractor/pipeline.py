"""extract(): read pages, lay them out, find masthead, sections and signatories."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import NeedsOcr, OcrUnavailable, TooLarge
from .identity import file_sha256
from .layout import Block, layout
from .lexicon import SUPPORTED_LANGUAGES
from .model import Page, Statement
from .options import ExtractOptions
from .readers import blank_pages, read_document
from .signatories import list_start, parse_list
from .structure import (
    LanguageGuesser,
    document_languages,
    drop_table_of_contents,
    first_title,
    masthead,
    split_sections,
    statement_date,
)
from .ocr import has_garbled_text, page_needs_ocr
from .version import VERSION

DATELINE_BLOCKS_AFTER_TITLE = 4  # title, subtitle, dateline, first paragraph: where an opening dateline sits
CLOSING_BLOCKS = 3  # a closing dateline sits just above the signatories or at the very end


def structure(blocks: list[Block], *, cache_dir: Path | None = None) -> dict:
    """Masthead, sections, signatories and date of a document's blocks.

    `cache_dir` overrides where the language model is cached (see extractor.cache_dir).
    """
    blocks = drop_table_of_contents(blocks)
    # Only languages statements are written in (lexicon.SUPPORTED_LANGUAGES): a list of names or a manual
    # page is not Quechua or Luxembourgish because langid's 97 languages include them.
    guesser = LanguageGuesser(frozenset(SUPPORTED_LANGUAGES), cache_dir=cache_dir)
    guesser.prepare([block.text for block in blocks])  # every block scored in one go
    title = first_title(blocks)
    start = list_start(blocks, after=title + 1)
    languages = document_languages(blocks[title:start], guesser)  # the statement's text only
    in_document = guesser.restricted_to(languages) if languages else guesser
    sections = split_sections(blocks[title:start], in_document)
    head = masthead(blocks[:title], guesser)
    signatories = parse_list(blocks[start:])
    opening = [line.text for b in blocks[: title + DATELINE_BLOCKS_AFTER_TITLE] for line in b.lines]
    closing = [line.text for b in (*blocks[max(title + 1, start - CLOSING_BLOCKS):start], *blocks[-CLOSING_BLOCKS:])
               for line in b.lines]
    found = statement_date(opening, closing)
    return {
        "masthead": tuple(head),
        "sections": tuple(sections),
        "signatories": tuple(signatories),
        "date": found[0].isoformat() if found else None,
        "date_source": found[1] if found else None,
    }


@dataclass(frozen=True, slots=True)
class _OcrResult:
    pages: list[Page]
    numbers: tuple[int, ...] = ()
    confidence: float | None = None
    warnings: tuple[str, ...] = ()
    withheld: tuple[int, ...] = ()  # pages that need OCR and did not get it: their text is left out


def _pages_needing_ocr(path: Path, pages: list[Page], options: ExtractOptions) -> list[int]:
    """Pages to OCR: all under --ocr always, else those with garbled text, and those with little or
    no text that draw an image or outlines (with neither, a page is blank or nearly: not a scan)."""
    if options.ocr == "always":
        return [page.number for page in pages]
    wanted = [page for page in pages if page_needs_ocr(page)]
    sparse = [page.number for page in wanted if not has_garbled_text(page)]
    blank = blank_pages(path, sparse) if sparse else frozenset()
    return [page.number for page in wanted if page.number not in blank]


def _withheld(pages: list[Page], numbers: list[int], warning: str) -> _OcrResult:
    """Pages with the text of `numbers` left out (it is not real text), and a warning naming them."""
    left_out = set(numbers)
    kept = [replace(page, runs=()) if page.number in left_out else page for page in pages]
    return _OcrResult(kept, warnings=(warning,), withheld=tuple(numbers))


def _apply_ocr(path: Path, pages: list[Page], sha256: str, options: ExtractOptions) -> _OcrResult:
    """Pages with those that lack a usable text layer replaced by their OCR."""
    wanted = _pages_needing_ocr(path, pages, options)
    if not wanted:
        return _OcrResult(pages)
    # Only pages needing OCR, or blank ones: no page has text to keep.
    every_page = not any(page.runs and not page_needs_ocr(page) for page in pages if page.number not in wanted)
    listed = f"page {wanted[0]} has" if len(wanted) == 1 else f"pages {', '.join(map(str, wanted))} have"
    if options.ocr == "never":
        if every_page:
            raise NeedsOcr(path, "OCR is off (--ocr never)")
        return _withheld(pages, wanted, f"{listed} no usable text layer; OCR is off")
    from .ocr import ocr_pages, tesseract_available  # numpy, PIL and Tesseract only when needed

    if not tesseract_available():
        if every_page:
            raise OcrUnavailable(path)
        return _withheld(pages, wanted, f"{listed} no usable text layer and Tesseract is not installed")
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
    pages: list[Page], *, source: str, sha256: str, engine: str, ocr: _OcrResult | None = None,
    cache_dir: Path | None = None, warnings: tuple[str, ...] = (),
) -> Statement:
    """A Statement from pages already read (by a PDF reader, with OCR'd pages if any)."""
    parts = structure(layout(pages), cache_dir=cache_dir)
    ocr = ocr or _OcrResult(pages)
    warnings = warnings + ocr.warnings + (() if parts["sections"] else ("no statement text found",))
    return Statement(
        source=source,
        sha256=sha256,
        pages=len(pages),
        engine=engine,
        warnings=warnings,
        ocr_pages=ocr.numbers,
        needs_ocr_pages=ocr.withheld,
        ocr_confidence=ocr.confidence,
        extractor_version=VERSION,
        **parts,
    )


def extract(path: str | Path, options: ExtractOptions = ExtractOptions(), *, sha256: str | None = None) -> Statement:
    """Read a statement PDF into its masthead, language sections and signatories.

    `sha256` is the file's digest when the caller has already hashed it (`file_sha256`).

    Raises an ExtractionError subclass (NotAPdf, EmptyFile, CorruptPdf, EncryptedPdf, TooLarge,
    NeedsOcr, OcrUnavailable) naming the file and the cause.
    """
    path = Path(path)
    try:
        reading = read_document(path, engine=options.engine)  # first: it refuses what is not a regular file
        sha256 = sha256 or file_sha256(path)
        pages = list(reading.pages)
        ocr = _apply_ocr(path, pages, sha256, options)
        return extract_pages(ocr.pages, source=str(path), sha256=sha256, engine=reading.engine, ocr=ocr,
                             warnings=reading.warnings, cache_dir=options.cache_dir)
    except MemoryError as e:
        raise TooLarge(path) from e
