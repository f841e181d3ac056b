"""`Archive`, the library's entry point, on real PDFs; and the layering that keeps the CLI thin and the SQL in the store."""
from __future__ import annotations

import ast
import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import (Archive, ArchiveMissing, FileOutcome, IngestOptions, Outcome, SearchRequest, Settings,
                     UnknownLanguage, UnknownOrganisation)
from index import SectionIndex

from tests.golden import unify_quotes

from .conftest import FIXTURES, REPO, copy_fixtures

PACKAGE = REPO / "archive"
STORE = PACKAGE / "store"


class RecordingProgress:
    """An IngestProgress that keeps what it was told."""

    def __init__(self) -> None:
        self.plans: list[tuple[int, int]] = []
        self.outcomes: list[FileOutcome] = []

    def planned(self, *, files: int, to_extract: int) -> None:
        self.plans.append((files, to_extract))

    def settled(self, outcome: FileOutcome) -> None:
        self.outcomes.append(outcome)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RecordingProgress]:
    """(home, folder, progress): the seed statement, an English one and a broken file, ingested through Archive."""
    root = tmp_path_factory.mktemp("library")
    folder = copy_fixtures(root / "pdfs", {"corpus/belarus-2020.pdf": "belarus.pdf",
                                           "statements/one-language-en.pdf": "nurses.pdf",
                                           "bad/truncated.pdf": "truncated.pdf"})
    progress = RecordingProgress()
    with Archive.open(root / "home") as archive:
        report = archive.ingest([folder], IngestOptions(jobs=2), progress=progress)
    assert {k: v for k, v in report.counts.items() if v} == {"new": 2, "failed": 1}
    return root / "home", folder, progress


def _belarus(archive: Archive) -> str:
    return next(s.id for s in archive.statements() if s.signatories > 50)


def test_ingest_tells_the_progress_of_every_file_and_reports_it(ingested: tuple[Path, Path, RecordingProgress]) -> None:
    home, folder, progress = ingested
    assert progress.plans == [(3, 3)]
    assert sorted(Path(o.path).name for o in progress.outcomes) == ["belarus.pdf", "nurses.pdf", "truncated.pdf"]
    with Archive.open(home) as archive:
        assert [f.path for f in archive.failures()] == [str(folder / "truncated.pdf")]
        assert archive.failures()[0].kind == Outcome.FAILED and "corrupt" in archive.failures()[0].reason


def test_a_dry_run_reads_the_archive_and_writes_nothing(ingested: tuple[Path, Path, RecordingProgress], tmp_path: Path) -> None:
    home, folder, _ = ingested
    extra = copy_fixtures(tmp_path / "more", {"statements/two-columns-letter.pdf": "dockers.pdf"})
    with Archive.open(home) as archive:
        before = archive.stats()
        report = archive.ingest([folder, extra], IngestOptions(dry_run=True))
        assert report.dry_run and archive.stats() == before
    outcomes = {Path(f.path).name: f.outcome for f in report.files}
    assert outcomes == {"belarus.pdf": Outcome.PRESENT, "nurses.pdf": Outcome.PRESENT,
                        "truncated.pdf": Outcome.FAILED_BEFORE, "dockers.pdf": Outcome.TO_EXTRACT}
    nowhere = tmp_path / "no-archive"
    with Archive.open(nowhere) as archive:
        assert archive.ingest([extra], IngestOptions(dry_run=True)).counts["to_extract"] == 1
    assert not nowhere.exists()


def test_reading_an_archive_that_does_not_exist_raises_and_creates_nothing(tmp_path: Path) -> None:
    with Archive.open(Settings.resolve(home=tmp_path / "none")) as archive:
        for read in (archive.statements, archive.stats, archive.check, lambda: archive.search("strike")):
            with pytest.raises(ArchiveMissing):
                read()
    assert not (tmp_path / "none").exists()


def test_statement_by_prefix_and_one_language(ingested: tuple[Path, Path, RecordingProgress]) -> None:
    home, _, _ = ingested
    truth = json.loads((FIXTURES / "corpus" / "belarus-2020.json").read_text(encoding="utf-8"))
    with Archive.open(home) as archive:
        sha = _belarus(archive)
        whole = archive.statement(sha[:8])
        english = archive.statement(sha[:8], lang="en")
        with pytest.raises(UnknownLanguage, match="fr, en, es, pt"):
            archive.statement(sha, lang="ja")
    assert [s.lang for s in whole.sections] == [s["lang"] for s in truth["sections"]]
    assert [unify_quotes(s.text) for s in english.sections] == [
        unify_quotes(s["text"]) for s in truth["sections"] if s["lang"] == "en"]
    assert english.languages == whole.languages and english.signatories == whole.signatories
    with pytest.raises(dataclasses.FrozenInstanceError):
        whole.title = "changed"  # type: ignore[misc]


def test_search_organisations_and_export_agree(ingested: tuple[Path, Path, RecordingProgress]) -> None:
    home, _, _ = ingested
    with Archive.open(home) as archive:
        sha = _belarus(archive)
        result = archive.search(SearchRequest("solidarity OR solidarité", langs=("fr", "en")))
        assert result.matches[0].id == sha and set(result.matches[0].languages) == {"fr", "en"}
        assert archive.search("nurses").matches[0].title == archive.statement(archive.search("nurses").matches[0].id).title
        solidaires = archive.organisation("Solidaires")
        assert [(o.acronym, o.country_code) for o in solidaires] == [("Solidaires", "FR")]
        assert [s.id for s in solidaires[0].statements] == [sha]
        assert {o.country_code for o in archive.organisations(country="fr")} == {"FR"}
        with pytest.raises(UnknownOrganisation):
            archive.organisation("No Such Union")
        stream = io.StringIO()
        assert archive.export(stream, fmt="jsonl") == len(archive.statements()) == 2
    assert {json.loads(line)["id"] for line in stream.getvalue().splitlines()} == {s.id for s in archive.statements()}


def test_check_sees_a_statement_missing_from_the_index_and_reindex_repairs_it(ingested: tuple[Path, Path, RecordingProgress]) -> None:
    home, _, _ = ingested
    with Archive.open(home) as archive:
        sha = _belarus(archive)
        assert archive.check().ok
    with SectionIndex.open(home / "index", create=False) as index:
        index.delete([sha])
    with Archive.open(home) as archive:
        assert archive.check().index.missing_from_index == (sha,)
        assert archive.reindex() == 2
        assert archive.check().ok and archive.stats().index_sections == archive.stats().sections


def test_a_script_that_ingests_without_the_main_guard_is_told_the_remedy(tmp_path: Path) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(f"from archive import Archive\n"
                      f"Archive.open({str(tmp_path / 'home')!r}).ingest([{str(FIXTURES / 'statements')!r}])\n")
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(REPO)),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1].endswith('must do it under `if __name__ == "__main__":`')


# -- layering ----------------------------------------------------------------------------------------

_SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "CREATE TABLE", "PRAGMA ")


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """The modules `path` imports, as absolute names (`from . import render` in archive/cli/_health.py: archive.render)."""
    package = path.relative_to(REPO).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            parts = list(package[: len(package) - node.level + 1]) if node.level else []
            if node.module:
                found.add(".".join(parts + [node.module]))
            else:
                found |= {".".join(parts + [alias.name]) for alias in node.names}
    return found


def test_sql_is_written_only_in_the_store_package() -> None:
    outside = [p for p in _modules(PACKAGE) if STORE not in p.parents]
    for path in outside:
        strings = [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert not [s for s in strings if s.lstrip().upper().startswith(_SQL_WORDS)], path
        assert not {"sqlite3", "sqlite_utils"} & _imports(path), path
    owners = [p.name for p in _modules(STORE) if "sqlite_utils" in _imports(p)]
    assert owners == ["_database.py"]


def test_the_cli_goes_through_archive_only() -> None:
    cli_modules = _modules(PACKAGE / "cli")
    imported = set().union(*(_imports(path) for path in cli_modules))
    assert {m for m in imported if m.startswith("archive") and not m.startswith("archive.cli")} <= {
        "archive.library", "archive.render", "archive.errors", "archive.progress", "archive.search",
        "archive.settings", "archive.export", "archive.formats", "archive.version"}
    assert not {"sqlite3", "sqlite_utils", "archive.store", "archive.indexing"} & imported
    assert {p for p in _modules(PACKAGE) if "click" in _imports(p)} <= set(cli_modules)


def test_an_ingest_error_that_is_not_the_index_s_is_not_called_index_damage(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The remedy "run archive reindex" is for the index's own errors only: any other error keeps its name."""
    from archive import ingest

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("planning went wrong")

    monkeypatch.setattr(ingest, "plan_ingest", failing)
    folder = copy_fixtures(tmp_path / "pdfs", {"statements/one-language-en.pdf": "nurses.pdf"})
    with Archive.open(tmp_path / "home") as archive, pytest.raises(RuntimeError, match="planning went wrong"):
        archive.ingest([folder])
