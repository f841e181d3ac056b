"""extract(): read pages, lay them out, find masthead, sections and signatories."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .blocks import Block
from .contents import drop_table_of_contents
from .dates import find_date
from .languages import MASTHEAD_FALLBACK, LanguageGuesser
from .layout import layout
from .model import Page, Statement
from .options import ExtractOptions
from .readers import read_pages
from .sections import document_languages, first_title, masthead, split_sections
from .signatory_list import list_start, parse_list

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
    languages = document_languages(blocks, guesser)
    in_document = guesser.restricted_to(languages) if languages else guesser
    title = first_title(blocks)
    start = list_start(blocks, after=title + 1)
    sections = split_sections(blocks[title:start], in_document)
    head = masthead(blocks[:title], guesser.restricted_to(languages | set(MASTHEAD_FALLBACK)))
    signatories = parse_list(blocks[start:])
    found = find_date(" ".join(b.text for b in blocks[: title + 4]))
    return {
        "masthead": tuple(head),
        "sections": tuple(sections),
        "signatories": tuple(signatories),
        "date": found.isoformat() if found else None,
    }


def extract_pages(pages: list[Page], *, source: str, sha256: str, engine: str) -> Statement:
    """A Statement from pages already read (by a PDF reader or OCR)."""
    parts = structure(layout(pages))
    warnings = []
    if not parts["sections"]:
        warnings.append("no statement text found")
    return Statement(
        source=source,
        sha256=sha256,
        pages=len(pages),
        engine=engine,
        warnings=tuple(warnings),
        extractor_version=VERSION,
        **parts,
    )


def extract(path: str | Path, options: ExtractOptions = ExtractOptions()) -> Statement:
    """Read a statement PDF into its masthead, language sections and signatories."""
    path = Path(path)
    pages = read_pages(path, engine=options.engine)
    return extract_pages(pages, source=str(path), sha256=_sha256(path), engine=options.engine)
