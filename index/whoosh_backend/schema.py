"""The Whoosh schema and the conversion of a SectionDoc into index fields."""
from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import Term

from ..analysis import STEMMED_LANGUAGES, fold, stemmed_field_name, stemmed_language
from ..documents import acronym_term, indexed_date, statement_signatories
from ..model import SectionDoc
from .analyzers import (common_pair_analyzer, common_pair_terms, keyword_terms, stemmed_terms, stemming_analyzer,
                        word_analyzer, word_terms)

# Each statement is a group of documents: one "statement" document holding what all its sections
# share (signatories, countries), then one "section" document per section. Signatories are thus
# indexed once per statement, not once per section; queries reach them through nested queries.
STATEMENT_KIND = "statement"
STATEMENTS = Term("kind", STATEMENT_KIND)  # matches every statement document
SECTION_KIND = "section"


def build_schema() -> Schema:
    """Statement documents (`org`, `acronym`, `country`) and section documents.

    A section's `text` and `title` are folded but not stemmed and keep positions
    (phrases, exact words); `text_<lang>` holds title and text stemmed for the
    section's language, without positions.
    """
    folded = word_analyzer()
    fields = {
        "kind": ID(),
        "statement_id": ID(stored=True, sortable=True),
        "position": STORED(),
        "lang": ID(stored=True, analyzer=IDTokenizer() | LowercaseFilter()),
        "title": TEXT(analyzer=folded, stored=True, phrase=True),
        "text": TEXT(analyzer=folded, phrase=True),
        "text_2": TEXT(analyzer=common_pair_analyzer(), phrase=False),  # word pairs, for phrases
        "text_z": STORED(),  # the text, zlib-compressed (about half its size), for snippets
        "org": TEXT(analyzer=folded, phrase=True),
        "acronym": KEYWORD(commas=True),
        "country": TEXT(analyzer=folded, phrase=True),
        "date": DATETIME(),
    }
    for lang in STEMMED_LANGUAGES:
        fields[stemmed_field_name(lang)] = TEXT(analyzer=stemming_analyzer(lang), phrase=False)
    return Schema(**fields)


def stored_text(stored: dict[str, object]) -> str:
    """A section's text from its stored fields."""
    compressed = stored.get("text_z")
    return zlib.decompress(compressed).decode("utf-8") if isinstance(compressed, bytes) else ""


def statement_fields(statement_id: str, sections: Sequence[SectionDoc]) -> dict[str, object]:
    """The statement document: the signatories and countries of all `sections`, once."""
    signed = statement_signatories(sections)
    fields: dict[str, object] = {
        "kind": STATEMENT_KIND,
        "statement_id": statement_id,
        "org": word_terms(fold("\n".join((*signed.names, *signed.acronyms)))),  # as the analyzer splits them
        "country": word_terms(fold("\n".join(signed.countries))),
    }
    if signed.acronyms:
        fields["acronym"] = keyword_terms(",".join(acronym_term(a) for a in signed.acronyms))
    return fields


def section_fields(doc: SectionDoc) -> dict[str, object]:
    """The section document: its language, title, text (exact and stemmed) and date.

    The text fields are given as their lists of terms (the words, pairs and stems their analyzers make).
    """
    words = word_terms(fold(doc.text))
    fields: dict[str, object] = {
        "kind": SECTION_KIND,
        "statement_id": doc.statement_id,
        "position": doc.position,
        "text": words,
        "text_2": common_pair_terms(words),
        "text_z": zlib.compress(doc.text.encode("utf-8"), 6),
    }
    if doc.lang:
        fields["lang"] = doc.lang
    title_words = word_terms(fold(doc.title)) if doc.title else []
    if doc.title:
        fields["title"] = title_words
        fields["_stored_title"] = doc.title
    day = indexed_date(doc.date)
    if day is not None:
        fields["date"] = datetime(day.year, day.month, day.day)
    stemmed_lang = stemmed_language(doc.lang)
    if stemmed_lang:
        fields[stemmed_field_name(stemmed_lang)] = stemmed_terms(title_words + words, stemmed_lang)
    return fields
