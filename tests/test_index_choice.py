"""Choosing the index backend: at creation, recorded in the archive, converted by reindex, rebuilt when outdated."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import backend_available, backend_of
from index.meta import IndexMeta, read_meta, write_meta

from .conftest import FIXTURES, copy_fixtures, invoke_cli

needs_tantivy = pytest.mark.skipif(not backend_available("tantivy"),
                                   reason="tantivy is not installed (pip install 'statement-archive[tantivy]')")
PDFS = {"statements/one-language-en.pdf": "one.pdf", "corpus/belarus-2020.pdf": "belarus.pdf"}


def _hits(home: Path, query: str) -> set[str]:
    result = invoke_cli(home, "search", query, "--json")
    assert result.exit_code == 0, result.output
    return {match["id"] for match in json.loads(result.stdout)}


@needs_tantivy
def test_an_archive_made_with_tantivy_keeps_it_and_converts_to_whoosh_with_the_same_hits(tmp_path: Path) -> None:
    home, pdfs = tmp_path / "home", copy_fixtures(tmp_path / "pdfs", PDFS)
    assert invoke_cli(home, "init", "--index", "tantivy").exit_code == 0
    assert invoke_cli(home, "ingest", str(pdfs), "--json").exit_code == 0
    assert backend_of(home / "index") == "tantivy"
    before = _hits(home, "grève OR strike")
    assert before
    mismatch = invoke_cli(home, "ingest", str(pdfs), "--index", "whoosh")
    assert mismatch.exit_code == 1 and "archive reindex --index whoosh" in mismatch.stderr
    assert invoke_cli(home, "reindex", "--index", "whoosh").exit_code == 0
    assert backend_of(home / "index") == "whoosh"
    assert _hits(home, "grève OR strike") == before
    assert invoke_cli(home, "check").exit_code == 0


def test_the_first_ingest_chooses_the_backend_and_an_outdated_index_is_rebuilt(tmp_path: Path) -> None:
    home, pdfs = tmp_path / "home", copy_fixtures(tmp_path / "pdfs", PDFS)
    assert invoke_cli(home, "ingest", str(pdfs), "--index", "whoosh", "--json").exit_code == 0
    expected = _hits(home, "solidarity")
    meta = read_meta(home / "index")
    write_meta(home / "index", IndexMeta(backend=meta.backend, version=meta.version - 1))  # as an older release left it
    check = invoke_cli(home, "check")
    assert check.exit_code == 1 and "rebuilt" in check.stdout + check.stderr and "archive reindex" in check.stdout
    report = json.loads(invoke_cli(home, "ingest", str(pdfs), "--json").stdout)
    assert "index version" in report["index_repaired"]
    assert read_meta(home / "index").version == meta.version
    assert _hits(home, "solidarity") == expected and invoke_cli(home, "check").exit_code == 0


BACKENDS = ["whoosh", pytest.param("tantivy", marks=needs_tantivy)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_staging_index_commits_every_batch_and_indexes_every_statement(tmp_path: Path, monkeypatch,
                                                                         backend: str) -> None:
    """The index is handed a few statements at a time while the workers extract; its commits still come
    every `index_batch` statements (5 here, not a multiple of the hand-over) and at the end."""
    import archive.ingest
    from archive.indexing import BackgroundIndexer
    from index import SectionIndex

    committed: list[int] = []
    commit_staged = SectionIndex.commit_staged

    def counting(self: SectionIndex) -> None:
        commit_staged(self)
        committed.append(len(self.statement_ids()))

    monkeypatch.setattr(SectionIndex, "commit_staged", counting)
    monkeypatch.setattr(archive.ingest, "BackgroundIndexer",
                        lambda store, index, batch: BackgroundIndexer(store, index, batch=5))
    home = tmp_path / "home"
    assert invoke_cli(home, "init", "--index", backend).exit_code == 0
    result = invoke_cli(home, "ingest", str(FIXTURES / "statements"), "--jobs", "1", "--json")
    assert result.exit_code == 0, result.output
    statements = json.loads(invoke_cli(home, "stats", "--json").stdout)["statements"]
    assert statements > 10
    assert committed[:-1] == list(range(5, statements, 5)) and committed[-1] == statements
    assert invoke_cli(home, "check").exit_code == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_staged_write_that_fails_loses_nothing_and_the_next_ingest_indexes_it(tmp_path: Path, monkeypatch,
                                                                                backend: str) -> None:
    """The index writer failing in the middle of an ingest: the statements stored and not committed to
    the index stay marked unindexed, and the next ingest indexes them (none twice)."""
    import importlib

    module = importlib.import_module(f"index.{backend}_backend.{backend}_index")
    write, calls = module._write, []

    def failing_on_the_second(writer, statements, deleted):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk went away")
        return write(writer, statements, deleted)

    home = tmp_path / "home"
    assert invoke_cli(home, "init", "--index", backend).exit_code == 0
    with monkeypatch.context() as patched:
        patched.setattr(module, "_write", failing_on_the_second)
        failed = invoke_cli(home, "ingest", str(FIXTURES / "statements"), "--jobs", "1")
    assert failed.exit_code != 0 and "disk went away" in failed.stderr
    stats = json.loads(invoke_cli(home, "stats", "--json").stdout)
    assert stats["statements"] > 8 and stats["not_indexed"] > 0
    again = invoke_cli(home, "ingest", str(FIXTURES / "statements"), "--jobs", "1", "--json")
    assert again.exit_code == 0, again.output
    stats = json.loads(invoke_cli(home, "stats", "--json").stdout)
    assert stats["not_indexed"] == 0
    assert invoke_cli(home, "check").exit_code == 0  # the index holds every statement, once
