"""The index's write path: Whoosh's segment writer."""
from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.filedb.compound import CompoundStorage
from whoosh.writing import SegmentWriter

from index import SectionDoc
from index.analysis import fold, stemmed_field_name, stemmed_language
from index.documents import acronym_term
from index.whoosh_backend.schema import build_schema, section_fields, statement_fields
from index.whoosh_backend.segment_writer import SectionSegmentWriter

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _belarus_docs() -> list[SectionDoc]:
    seed = json.loads((CORPUS / "belarus-2020.json").read_text(encoding="utf-8"))
    names = tuple(s["name"] for s in seed["signatories"])
    return [SectionDoc(statement_id="b" * 64, position=i, lang=s["lang"], title=s.get("title"), text=s["text"],
                       date="2020-08", org_names=names) for i, s in enumerate(seed["sections"])]


def _term_lengths(path: Path, writer_class) -> dict:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    writer = writer_class(ix)
    docs = _belarus_docs()
    with writer.group():
        writer.add_document(**statement_fields("b" * 64, docs))
        for doc in docs:
            writer.add_document(**section_fields(doc))
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        return {key: (info.min_length(), info.max_length(), info.doc_frequency())
                for key, info in ((key, reader.term_info(*key)) for key in reader.all_terms())}


def test_whooshs_segment_writer_records_the_field_lengths_whoosh_does(tmp_path: Path) -> None:
    ours = _term_lengths(tmp_path / "ours", SectionSegmentWriter)
    whooshs = _term_lengths(tmp_path / "whoosh", SegmentWriter)
    assert len(ours) > 1000  # every word of four languages, and their stems and pairs
    assert ours == whooshs


def _segment_files(path: Path, writer_class, monkeypatch) -> dict[str, bytes]:
    """Every file inside the segments of two commits of Belarus and masthead sections, the second replacing
    the first's statement and merging both segments into one (Whoosh's pool path), by name."""
    numbers = itertools.count()
    monkeypatch.setattr(Segment, "_random_id", classmethod(lambda cls, size=16: f"{next(numbers):016d}"))
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    seed = json.loads((CORPUS / "belarus-2020.json").read_text(encoding="utf-8"))
    signed = {"acronyms": tuple(s["acronym"] for s in seed["signatories"] if s.get("acronym")),
              "countries": tuple(dict.fromkeys(s["country"] for s in seed["signatories"] if s.get("country")))}
    belarus = [dataclasses.replace(doc, **signed) for doc in _belarus_docs()]
    for commit, docs in enumerate((belarus, _masthead_docs() + belarus)):
        writer = writer_class(ix)
        for statement_id, sections in itertools.groupby(docs, key=lambda doc: doc.statement_id):
            sections = list(sections)
            writer.delete_by_term("statement_id", statement_id)
            with writer.group():
                writer.add_document(**statement_fields(statement_id, sections))
                for doc in sections:
                    writer.add_document(**section_fields(doc))
        writer.commit(optimize=commit == 1)
    files = {}
    for segment in ix._segments():
        storage = CompoundStorage(ix.storage.open_file(segment.make_filename(".seg")), use_mmap=False)
        files |= {name: storage.open_file(name).read() for name in storage.list()}
    ix.close()
    return files


class _SpillingWriter(SectionSegmentWriter):
    """Our writer with its grouped postings handed to Whoosh's pool every few hundred postings."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.grouped_limit = 300


@pytest.mark.parametrize("writer_class", [SectionSegmentWriter, _SpillingWriter])
def test_our_segment_writer_writes_the_bytes_whooshs_writes(tmp_path: Path, monkeypatch, writer_class) -> None:
    ours = _segment_files(tmp_path / "ours", writer_class, monkeypatch)
    whooshs = _segment_files(tmp_path / "whoosh", SegmentWriter, monkeypatch)
    assert any(name.endswith(".pst") for name in ours)
    assert ours.keys() == whooshs.keys()
    for name, data in ours.items():
        assert data == whooshs[name], name


def test_statement_names_countries_and_acronyms_given_as_lists_are_the_analyzers_terms() -> None:
    schema = build_schema()
    acronyms = ("CSP-Conlutas", " CGT ", "ÇA, ok", "  ", "a,,b", "İŞ")
    docs = [dataclasses.replace(doc, countries=("Brésil", "Belarus", "Côte d'Ivoire"), acronyms=acronyms)
            for doc in _belarus_docs()]
    fields = statement_fields("b" * 64, docs)
    joined = {"org": fold("\n".join(docs[0].org_names + acronyms)), "country": fold("\n".join(docs[0].countries)),
              "acronym": ",".join(acronym_term(a) for a in acronyms if a.strip())}
    for name in ("org", "country", "acronym"):
        assert list(schema[name].index(fields[name])) == list(schema[name].index(joined[name])), name
    assert fields["org"] and fields["acronym"]


def _analyzed_as_text(doc: SectionDoc) -> dict[str, str]:
    """The section's text fields as strings, for the schema's analyzers to split."""
    folded, title = fold(doc.text), fold(doc.title or "")
    fields = {"text": folded, "text_2": folded} | ({"title": title} if doc.title else {})
    if stemmed_language(doc.lang):
        fields[stemmed_field_name(doc.lang)] = f"{title}\n{folded}"
    return fields


def _postings(schema, fields: dict[str, object]) -> dict[str, list]:
    return {name: list(schema[name].index(value)) for name, value in fields.items()
            if name in schema.names() and not isinstance(value, (bytes, int)) and schema[name].indexed
            and name not in ("kind", "statement_id", "lang", "date")}


def _masthead_docs() -> list[SectionDoc]:
    seed = json.loads((CORPUS / "belarus-2020.json").read_text(encoding="utf-8"))
    return [SectionDoc(statement_id="m" * 64, position=i, lang=line["lang"], title=line["text"][:40], text=line["text"],
                       date=None)
            for i, line in enumerate(seed["masthead"])]


@pytest.mark.parametrize("doc", _belarus_docs() + _masthead_docs(), ids=lambda d: f"{d.lang}-{d.position}")
def test_section_terms_given_as_lists_are_indexed_as_the_analyzers_index_the_text(doc: SectionDoc) -> None:
    schema = build_schema()
    given = _postings(schema, section_fields(doc))
    analyzed = _postings(schema, _analyzed_as_text(doc))
    assert set(given) == set(analyzed)
    assert given == analyzed
    assert given["text"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("aeiouéçß İıł’-. \n\t0123456789دةﻻ" "thelagrèvdos"), max_size=80),
       title=st.one_of(st.none(), st.text(max_size=20)), lang=st.sampled_from(["en", "fr", "de", "ar", "tr", None]))
def test_section_terms_of_any_text_are_the_analyzers_terms(text: str, title: str | None, lang: str | None) -> None:
    doc = SectionDoc(statement_id="s", position=0, lang=lang, title=title, text=text, date=None)
    schema = build_schema()
    given = _postings(schema, section_fields(doc))
    analyzed = _postings(schema, _analyzed_as_text(doc))
    assert given == analyzed
