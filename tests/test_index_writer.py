"""The ingest's index writer: batches handed to its thread as the ingest goes, and Whoosh's segment writer."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from archive.indexing import FIRST_INDEX_BATCH, BackgroundIndexer
from archive.store import FileSeen, Store
from extractor import Section, Statement
from index import SectionDoc, SectionIndex
from index.whoosh_backend.schema import build_schema, section_fields, statement_fields
from index.whoosh_backend.segment_writer import SectionSegmentWriter

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
COMMIT_WAIT = 60.0  # seconds a commit may take on a loaded machine


class RecordingIndex:
    """A real index that remembers how many statements each of its commits held."""

    def __init__(self, index: SectionIndex) -> None:
        self._index = index
        self.commits: list[int] = []

    def replace(self, statement_ids, docs) -> None:
        ids = list(statement_ids)
        self._index.replace(ids, docs)
        self.commits.append(len(ids))


def _store_statements(store: Store, first: int, count: int) -> list[str]:
    shas = []
    for n in range(first, first + count):
        sha = f"{n:064x}"
        statement = Statement(source=f"/tmp/{sha}.pdf", sha256=sha, pages=1, engine="pdfium", masthead=(),
                              sections=(Section("en", f"Statement {n}", f"General strike number {n}."),),
                              signatories=(), extractor_version="test")
        store.save_statement(statement, files=[FileSeen(path=f"/tmp/{sha}.pdf", sha256=sha, size=10, mtime=1.0)])
        shas.append(sha)
    return shas


def _wait_for_commits(indexer: BackgroundIndexer, indexed: int) -> None:
    deadline = time.monotonic() + COMMIT_WAIT
    while indexer.indexed < indexed and time.monotonic() < deadline:
        time.sleep(0.01)
        indexer.mark_committed()


@pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
def test_the_index_writer_commits_small_batches_first_while_the_ingest_goes_on(tmp_path: Path, backend: str) -> None:
    pytest.importorskip(backend)
    store = Store.open(tmp_path / "archive.db", create=True)
    index = SectionIndex.create(tmp_path / "index", backend=backend)
    recording = RecordingIndex(index)
    indexer = BackgroundIndexer(store, recording, batch=64)
    try:
        first = _store_statements(store, 0, FIRST_INDEX_BATCH)
        for sha in first:
            indexer.stored(sha)
        _wait_for_commits(indexer, FIRST_INDEX_BATCH)
        assert index.statement_ids() == set(first)  # searchable before the ingest ends
        assert store.unindexed(limit=100) == []
        more = _store_statements(store, FIRST_INDEX_BATCH, 3 * FIRST_INDEX_BATCH)
        handed_over = FIRST_INDEX_BATCH
        for n, sha in enumerate(more, start=1):
            indexer.stored(sha)
            if n - (handed_over - FIRST_INDEX_BATCH) == handed_over:  # as many waiting as handed over before
                handed_over += handed_over
            _wait_for_commits(indexer, handed_over)  # the writer keeps up
        assert indexer.finish() == 4 * FIRST_INDEX_BATCH
    finally:
        index.close()
        store.close()
    # each commit takes at least as many statements as those before it: few small segments
    assert recording.commits == [FIRST_INDEX_BATCH, FIRST_INDEX_BATCH, 2 * FIRST_INDEX_BATCH]


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
