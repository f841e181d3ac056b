"""The tantivy schema, its analyzers (equal to the Whoosh backend's), and SectionDocs as tantivy documents.

tantivy has no nested documents, so each section carries its statement's signatories
(`org`, `acronym`, `country`); queries on them then need no join.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timezone
from functools import lru_cache

import tantivy

from ..analysis import STEMMED_LANGUAGES, fold, stemmed_field_name, stemmed_language, stop_words
from ..documents import Signatories, acronym_term, indexed_date
from ..model import SectionDoc

# Python's \w (letters, digits, underscore) spelt for tantivy's regex engine, whose \w also takes
# combining marks: the words of folded text are then the same in both backends.
RUST_WORD_PATTERN = r"[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*"
WORDS_TOKENIZER = "words"
RAW_TOKENIZER = "raw"
SNOWBALL_NAMES = {
    "ar": "arabic", "da": "danish", "de": "german", "en": "english", "es": "spanish", "fi": "finnish",
    "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish",
}
STORED_TITLE = "stored_title"
STORED_TEXT = "stored_text"
STATEMENT_KEY = "statement_key"  # a number per statement in a fast field: whole result lists read without documents


def statement_key(statement_id: str) -> int:
    """The 64-bit number standing for a statement id in the index (a hash: ids are any strings)."""
    return int.from_bytes(hashlib.blake2b(statement_id.encode("utf-8"), digest_size=8).digest(), "big")


def stemming_tokenizer(lang: str) -> str:
    return f"stem_{lang}"


def _words() -> tantivy.TextAnalyzerBuilder:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(RUST_WORD_PATTERN))


def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """The analyzers each index needs registered: words of folded text, and per language
    those words without the language's folded stop words, stemmed by tantivy's Snowball stemmer."""
    found = {WORDS_TOKENIZER: _words().build()}
    for lang in STEMMED_LANGUAGES:
        builder = _words()
        if stop_words(lang):
            builder = builder.filter(tantivy.Filter.custom_stopword(sorted(stop_words(lang))))
        found[stemming_tokenizer(lang)] = builder.filter(tantivy.Filter.stemmer(SNOWBALL_NAMES[lang])).build()
    return found


@lru_cache(maxsize=None)
def _word_stemmer(lang: str) -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(
        tantivy.Filter.stemmer(SNOWBALL_NAMES[lang])).build()


def stemmer_for(lang: str):
    """tantivy's stemmer of one folded word for `lang` (query words, snippets)."""
    analyzer = _word_stemmer(lang)

    def stem(word: str) -> str:
        stems = analyzer.analyze(word)
        return stems[0] if stems else word

    return stem


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("statement_id", stored=True, tokenizer_name=RAW_TOKENIZER, index_option="basic")
    builder.add_unsigned_field(STATEMENT_KEY, fast=True, indexed=False)
    builder.add_integer_field("position", stored=True, indexed=False)
    builder.add_text_field("lang", stored=True, tokenizer_name=RAW_TOKENIZER, index_option="basic")
    builder.add_text_field("title", tokenizer_name=WORDS_TOKENIZER, index_option="position")
    builder.add_text_field("text", tokenizer_name=WORDS_TOKENIZER, index_option="position")
    for lang in STEMMED_LANGUAGES:
        builder.add_text_field(stemmed_field_name(lang), tokenizer_name=stemming_tokenizer(lang), index_option="freq")
    builder.add_text_field("org", tokenizer_name=WORDS_TOKENIZER, index_option="position")
    builder.add_text_field("acronym", tokenizer_name=RAW_TOKENIZER, index_option="basic")
    builder.add_text_field("country", tokenizer_name=WORDS_TOKENIZER, index_option="position")
    builder.add_date_field("date", indexed=True, fast=True)
    builder.add_bytes_field(STORED_TITLE, stored=True)
    builder.add_bytes_field(STORED_TEXT, stored=True)
    return builder.build()


def statement_values(signed: Signatories) -> dict[str, list[str]]:
    """The statement's signatory fields, folded once and repeated on each of its sections."""
    values = {"org": [fold("\n".join((*signed.names, *signed.acronyms)))],
              "country": [fold("\n".join(signed.countries))]}
    if signed.acronyms:
        values["acronym"] = [acronym_term(a) for a in signed.acronyms]
    return values


def section_document(doc: SectionDoc, shared: dict[str, list[str]]) -> tantivy.Document:
    """One tantivy document for a section, with its statement's `shared` signatory fields."""
    folded = fold(doc.text)
    document = tantivy.Document(statement_id=doc.statement_id, text=folded, **shared)
    document.add_unsigned(STATEMENT_KEY, statement_key(doc.statement_id))
    document.add_integer("position", doc.position)
    document.add_bytes(STORED_TEXT, doc.text.encode("utf-8"))
    if doc.lang:
        document.add_text("lang", doc.lang.strip().lower())
    folded_title = fold(doc.title) if doc.title else ""
    if doc.title:
        document.add_text("title", folded_title)
        document.add_bytes(STORED_TITLE, doc.title.encode("utf-8"))
    day = indexed_date(doc.date)
    if day is not None:
        document.add_date("date", datetime(day.year, day.month, day.day, tzinfo=timezone.utc))
    stemmed_lang = stemmed_language(doc.lang)
    if stemmed_lang:
        document.add_text(stemmed_field_name(stemmed_lang), f"{folded_title}\n{folded}")  # each folded once
    return document


def sections_of(statement: Sequence[SectionDoc], signed: Signatories) -> list[tantivy.Document]:
    shared = statement_values(signed)
    return [section_document(doc, shared) for doc in statement]
