"""The Whoosh schema and the conversion of a SectionDoc into index fields."""
from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import (
    STEMMED_LANGUAGES,
    fold,
    folding_analyzer,
    stemmed_field_name,
    stemmed_language,
    stemming_analyzer,
    common_pair_analyzer,
)
from .model import SectionDoc

# Fields a user may name in a query (`lang:fr`), mapped to index fields.
QUERY_FIELDS: dict[str, str] = {
    "lang": "lang",
    "title": "title",
    "org": "org",
    "country": "country",
    "date": "date",
}

# Each statement is a group of documents: one "statement" document holding what all its sections
# share (signatories, countries), then one "section" document per section. Signatories are thus
# indexed once per statement, not once per section; queries reach them through nested queries.
STATEMENT_KIND = "statement"
SECTION_KIND = "section"
STATEMENT_FIELDS = frozenset({"org", "acronym", "country"})


def build_schema() -> Schema:
    """Statement documents (`org`, `acronym`, `country`) and section documents.

    A section's `text` and `title` are folded but not stemmed and keep positions
    (phrases, exact words); `text_<lang>` holds title and text stemmed for the
    section's language, without positions.
    """
    folded = folding_analyzer()
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


def parse_iso_date(value: str) -> datetime:
    """`datetime` for an ISO date "YYYY-MM-DD"; ValueError otherwise."""
    return datetime.strptime(value.strip(), "%Y-%m-%d")


def _indexed_date(value: str) -> datetime | None:
    """The date to index for "YYYY-MM-DD", "YYYY-MM" or "YYYY" (first day of the period), else None."""
    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return datetime.strptime(value.strip(), pattern)
        except ValueError:
            continue
    return None


def acronym_term(acronym: str) -> str:
    """The indexed form of an acronym: folded, whole ("CSP-Conlutas" -> "csp-conlutas")."""
    return fold(acronym.strip()).replace(",", " ")


def stored_text(stored: dict[str, object]) -> str:
    """A section's text from its stored fields."""
    compressed = stored.get("text_z")
    return zlib.decompress(compressed).decode("utf-8") if isinstance(compressed, bytes) else ""


def statement_fields(statement_id: str, sections: Sequence[SectionDoc]) -> dict[str, object]:
    """The statement document: the signatories and countries of all `sections`, once."""
    names = dict.fromkeys(name for doc in sections for name in doc.org_names)
    acronyms = dict.fromkeys(a for doc in sections for a in doc.acronyms if a.strip())
    countries = dict.fromkeys(c for doc in sections for c in doc.countries)
    fields: dict[str, object] = {
        "kind": STATEMENT_KIND,
        "statement_id": statement_id,
        "org": "\n".join((*names, *acronyms)),
        "country": "\n".join(countries),
    }
    if acronyms:
        fields["acronym"] = ",".join(acronym_term(a) for a in acronyms)
    return fields


def section_fields(doc: SectionDoc) -> dict[str, object]:
    """The section document: its language, title, text (exact and stemmed) and date."""
    fields: dict[str, object] = {
        "kind": SECTION_KIND,
        "statement_id": doc.statement_id,
        "position": doc.position,
        "text": doc.text,
        "text_2": doc.text,
        "text_z": zlib.compress(doc.text.encode("utf-8"), 6),
    }
    if doc.lang:
        fields["lang"] = doc.lang
    if doc.title:
        fields["title"] = doc.title
    date = _indexed_date(doc.date) if doc.date else None
    if date is not None:
        fields["date"] = date
    stemmed_lang = stemmed_language(doc.lang)
    if stemmed_lang:
        fields[stemmed_field_name(stemmed_lang)] = f"{doc.title or ''}\n{doc.text}"
    return fields
