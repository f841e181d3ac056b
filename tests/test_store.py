"""The SQLite store on a temporary database: migrations, one transaction per document, organisations."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import extractor
from archive.errors import AmbiguousStatement, ArchiveMissing, ArchiveTooNew, UnknownStatement
from archive.organisations import acronym_key, fold, name_key
from archive.store import FileSeen, Store
from archive.store.migrations import MIGRATIONS
from extractor import Section, Signatory, Statement

from .conftest import FIXTURES


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "archive.db", create=True)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def belarus() -> Statement:
    return extractor.extract(FIXTURES / "corpus" / "belarus-2020.pdf")


def _statement(sha: str, signatories: list[Signatory], *, sections: tuple[Section, ...] = ()) -> Statement:
    return Statement(source=f"/tmp/{sha}.pdf", sha256=sha, pages=1, engine="pdfium", masthead=(),
                     sections=sections or (Section("en", "A title", "Some words here."),),
                     signatories=tuple(signatories), extractor_version="test")


def _file(sha: str, path: str) -> FileSeen:
    return FileSeen(path=path, sha256=sha, size=10, mtime=1.0)


def test_migrations_are_applied_in_order_and_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    Store.open(path, create=True).close()
    reopened = Store.open(path, create=False)
    assert reopened.migrations() == sorted(m.name for m in MIGRATIONS)
    assert [m.name for m in MIGRATIONS] == sorted(m.name for m in MIGRATIONS)
    assert reopened.scalar("SELECT COUNT(*) FROM migrations") == len(MIGRATIONS)
    reopened.close()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    Store.open(path, create=True).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations VALUES ('999_from_the_future', 'now')")
    with pytest.raises(ArchiveTooNew, match="999_from_the_future"):
        Store.open(path, create=False)


def test_opening_a_missing_archive_without_create_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ArchiveMissing, match="archive ingest"):
        Store.open(tmp_path / "nothing" / "archive.db", create=False)
    assert not (tmp_path / "nothing").exists()


def test_wal_and_foreign_keys_are_on(store: Store) -> None:
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1


def test_a_real_statement_is_stored_with_sections_signatures_and_organisations(store: Store, belarus: Statement) -> None:
    store.save_statement(belarus, files=[_file(belarus.sha256, "/a/belarus.pdf"), _file(belarus.sha256, "/b/copy.pdf")])
    detail = store.statement_detail(belarus.sha256)
    assert [(s.lang, s.title, s.text) for s in detail.sections] == [(s.lang, s.title, s.text) for s in belarus.sections]
    assert [(s.name, s.acronym, s.country_code) for s in detail.signatories] == [
        (s.name, s.acronym, s.country_code) for s in belarus.signatories]
    assert detail.masthead == belarus.masthead
    assert detail.paths == ("/a/belarus.pdf", "/b/copy.pdf")
    view = store.rows("SELECT signatories, paths FROM statements_with_signatory_count")
    assert view == [{"signatories": len(belarus.signatories), "paths": 2}]
    solidaires = store.find_organisations("solidaires")
    assert [(o.acronym, o.country_code) for o in solidaires] == [("Solidaires", "FR")]
    assert solidaires[0].statements[0].id == belarus.sha256
    assert store.unindexed(limit=10) == [belarus.sha256]


def test_storing_the_same_statement_again_replaces_it_without_duplicates(store: Store, belarus: Statement) -> None:
    store.save_statement(belarus, files=[_file(belarus.sha256, "/a/belarus.pdf")])
    counts = [store.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("sections", "signatures", "organisations")]
    store.mark_indexed([belarus.sha256])
    store.save_statement(belarus, files=[_file(belarus.sha256, "/a/belarus.pdf")])
    assert [store.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("sections", "signatures", "organisations")] == counts
    assert store.unindexed(limit=10) == [belarus.sha256], "a replaced document must be indexed again"


def test_a_document_that_fails_half_way_leaves_nothing_behind(store: Store) -> None:
    good = Signatory("Union syndicale Solidaires", "Solidaires", "France", "FR", "Unions")
    broken = replace(good, name=None)  # the second signature cannot be written
    with pytest.raises((sqlite3.IntegrityError, TypeError)):
        store.save_statement(_statement("a" * 64, [good, broken]), files=[_file("a" * 64, "/x.pdf")])
    for table in ("documents", "sections", "signatures", "organisations", "files"):
        assert store.scalar(f"SELECT COUNT(*) FROM {table}") == 0, table


def test_organisations_match_by_acronym_and_country_and_keep_every_spelling(store: Store) -> None:
    store.save_statement(_statement("a" * 64, [
        Signatory("Confédération générale du travail", "CGT", "France", "FR", None),
        Signatory("Confederación General del Trabajo", "CGT", "Etat espagnol", "ES", None),
        Signatory("Sindicato de Trabajadores", None, "Chile", "CL", None),
    ]), files=[])
    store.save_statement(_statement("b" * 64, [
        Signatory("Confederation Generale du Travail", "C.G.T.", "France", "FR", None),
        Signatory("Sindicato de trabajadores", None, "Chili", "CL", None),
        Signatory("Sindicato de Trabajadores", None, None, None, None),
    ]), files=[])
    orgs = {(o.acronym, o.country_code): o.statements for o in store.organisation_summaries()}
    assert orgs == {("CGT", "FR"): 2, ("CGT", "ES"): 1, (None, "CL"): 2, (None, None): 1}
    french = [o for o in store.find_organisations("cgt") if o.country_code == "FR"][0]
    assert {s.name for s in french.spellings} == {"Confédération générale du travail",
                                                  "Confederation Generale du Travail"}
    assert [o.country_code for o in store.organisation_summaries(country="es")] == ["ES"]


def test_failures_are_recorded_and_cleared_when_the_file_is_stored(store: Store) -> None:
    sha = "c" * 64
    store.record_failure(path="/x.pdf", sha256=sha, kind="failed", reason="/x.pdf: corrupt", extractor_version="1")
    assert store.failures()["/x.pdf"].reason == "/x.pdf: corrupt"
    store.save_statement(_statement(sha, []), files=[_file(sha, "/x.pdf")])
    assert store.failures() == {}


def test_needs_ocr_documents_are_stored_without_sections(store: Store) -> None:
    sha = "d" * 64
    store.save_needs_ocr(sha, detail="no text layer", extractor_version="1", files=[_file(sha, "/scan.pdf")])
    detail = store.statement_detail(sha)
    assert (detail.status, detail.sections, detail.paths) == ("needs_ocr", (), ("/scan.pdf",))
    store.mark_indexed([sha])
    store.save_needs_ocr(sha, detail="no text layer", extractor_version="1", files=[_file(sha, "/scan.pdf")])
    assert store.statement_detail(sha) == detail and store.unindexed(limit=5) == [], "a second time changes nothing"


def test_a_statement_with_text_is_not_replaced_by_needs_ocr(store: Store) -> None:
    sha = "e" * 64
    store.save_statement(_statement(sha, []), files=[_file(sha, "/scan.pdf")])
    store.save_needs_ocr(sha, detail="Tesseract is not installed", extractor_version="1",
                         files=[_file(sha, "/copy/scan.pdf")])
    detail = store.statement_detail(sha)
    assert detail.status == "ok" and detail.sections and detail.paths == ("/copy/scan.pdf", "/scan.pdf")


def test_statement_ids_resolve_from_a_unique_prefix(store: Store) -> None:
    for sha in ("ab" + "0" * 62, "ab" + "1" * 62, "cd" + "0" * 62):
        store.save_statement(_statement(sha, []), files=[])
    assert store.resolve_statement("cd") == "cd" + "0" * 62
    assert store.resolve_statement("AB1") == "ab" + "1" * 62
    with pytest.raises(AmbiguousStatement):
        store.resolve_statement("ab")
    with pytest.raises(UnknownStatement):
        store.resolve_statement("ef")
    with pytest.raises(UnknownStatement):
        store.resolve_statement("not-hex")


@given(st.text())
def test_name_folding_never_fails_and_is_stable(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip() and "  " not in folded
    key = acronym_key(text)
    assert key is None or (key and " " not in key)


def test_spellings_that_differ_in_case_accents_and_punctuation_share_a_key() -> None:
    assert name_key("Confédération Générale du Travail") == name_key("confederation generale du  travail,")
    assert acronym_key("CSP-Conlutas") == acronym_key("csp conlutas") == acronym_key("CSP/Conlutas")
    assert name_key("Sindicato de Trabajadores") != name_key("Sindicato de Trabajadoras")
