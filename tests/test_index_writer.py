"""The index's write path: Whoosh's segment writer."""
from __future__ import annotations

import json
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from index import SectionDoc
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
