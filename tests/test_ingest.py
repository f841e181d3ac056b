"""Ingest stages alone, then end to end: a folder of fixture PDFs into a searchable archive, and crash safety."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import extractor
from archive.discover import FoundFile, UnreadablePath, discover
from extractor import file_sha256
from archive.outcome import Outcome
from archive.planning import KnownFiles, plan_ingest
from archive.settings import IngestOptions
from archive.store import FileSeen, Store
from archive.workers import ExtractionJob, run_extractions
from extractor import ExtractOptions
from index import SectionIndex

from .conftest import FIXTURES, REPO, copy_fixtures, invoke_cli, stalling_pdf

FOLDER = {  # fixture -> name in the folder ingested end to end
    "statements/a5-page-breaks.pdf": "pensions/a5-page-breaks.pdf",
    "statements/one-language-en.pdf": "nurses.pdf",
    "statements/table-of-contents.pdf": "climate/table-of-contents.pdf",
    "statements/two-columns-letter.pdf": "dockers.PDF",
    "corpus/belarus-2020.pdf": "belarus-2020.pdf",
    "bad/truncated.pdf": "broken/truncated.pdf",
    "bad/not-a-pdf.pdf": "broken/not-a-pdf.pdf",
    "bad/encrypted.pdf": "broken/encrypted.pdf",
}
DUPLICATE_NAME = "copies/nurses (copy).pdf"


def _sha(fixture: str) -> str:
    return hashlib.sha256((FIXTURES / fixture).read_bytes()).hexdigest()


# -- discover and hash -----------------------------------------------------------------------------


def test_discover_walks_folders_for_pdfs_and_takes_files_given_explicitly(tmp_path: Path) -> None:
    copy_fixtures(tmp_path, {"bad/not-a-pdf.pdf": "a/x.pdf", "bad/empty.pdf": "a/b/Y.PDF",
                             "corpus/belarus-2020.json": "a/notes.json"})
    os.mkfifo(tmp_path / "a" / "pipe.pdf")
    found = list(discover([tmp_path / "a", tmp_path / "a" / "x.pdf", tmp_path / "a" / "notes.json",
                           tmp_path / "missing.pdf"]))
    regular = [f.path for f in found if isinstance(f, FoundFile)]
    assert regular == [str(tmp_path / "a/x.pdf"), str(tmp_path / "a/b/Y.PDF"), str(tmp_path / "a/notes.json")]
    problems = {Path(p.path).name: p.reason for p in found if isinstance(p, UnreadablePath)}
    assert problems == {"pipe.pdf": "not a regular file", "missing.pdf": "no such file or folder"}


def test_file_sha256_hashes_the_whole_file() -> None:
    path = FIXTURES / "corpus" / "belarus-2020.pdf"
    assert file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()


# -- plan: what to skip ----------------------------------------------------------------------------


def _seen(path: str, sha: str) -> FileSeen:
    return FileSeen(path=path, sha256=sha, size=1, mtime=1.0)


def test_plan_skips_stored_documents_and_known_failures_unless_asked(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "archive.db", create=True)
    stored, old, failed = "a" * 64, "b" * 64, "c" * 64
    statement = extractor.Statement(source="/s.pdf", sha256=stored, pages=1, engine="pdfium", masthead=(),
                                    sections=(), signatories=(), extractor_version=extractor.VERSION)
    store.save_statement(statement, files=[_seen("/s.pdf", stored)])
    store.save_statement(extractor.Statement(source="/o.pdf", sha256=old, pages=1, engine="pdfium", masthead=(),
                                             sections=(), signatories=(), extractor_version="0.0.old"), files=[])
    store.record_failure(path="/f.pdf", sha256=failed, kind="failed", reason="/f.pdf: corrupt",
                         extractor_version=extractor.VERSION)
    files = [_seen("/s.pdf", stored), _seen("/copy.pdf", stored), _seen("/o.pdf", old), _seen("/f.pdf", failed),
             _seen("/n.pdf", "d" * 64), _seen("/n2.pdf", "d" * 64)]

    known = KnownFiles.read(store, files)
    plan = plan_ingest(files, known=known, options=IngestOptions())
    assert [(o.path, o.outcome) for o in plan.settled] == [("/s.pdf", Outcome.PRESENT), ("/copy.pdf", Outcome.DUPLICATE),
                                                            ("/f.pdf", Outcome.FAILED_BEFORE)]
    assert [(e.sha256, [f.path for f in e.files], e.stored_before) for e in plan.extractions] == [
        (old, ["/o.pdf"], True), ("d" * 64, ["/n.pdf", "/n2.pdf"], False)]
    assert [f.path for f in plan.known_files] == ["/copy.pdf"]

    retry = plan_ingest(files, known=known, options=IngestOptions(retry_failed=True))
    assert failed in [e.sha256 for e in retry.extractions]
    forced = plan_ingest(files, known=known, options=IngestOptions(force=True))
    assert {e.sha256 for e in forced.extractions} == {stored, old, failed, "d" * 64}
    store.close()


# -- workers ---------------------------------------------------------------------------------------


def test_a_file_that_stalls_its_worker_times_out_and_the_batch_goes_on(tmp_path: Path) -> None:
    stall = stalling_pdf(tmp_path)
    good, bad = FIXTURES / "statements" / "one-language-en.pdf", FIXTURES / "bad" / "not-a-pdf.pdf"
    jobs = [ExtractionJob("good", str(good)), ExtractionJob("stall", str(stall)), ExtractionJob("bad", str(bad))]
    results = {r.job.sha256: r for r in run_extractions(jobs, options=ExtractOptions(), workers=1, timeout=5)}
    assert results["stall"].kind == Outcome.TIMED_OUT and "timed out after 5 s" in results["stall"].reason
    assert results["good"].kind == Outcome.EXTRACTED and results["good"].statement.sections
    assert results["bad"].kind == Outcome.FAILED and "not a PDF" in results["bad"].reason


def test_a_worker_killed_from_outside_is_reported_and_replaced(tmp_path: Path) -> None:
    stall = stalling_pdf(tmp_path)
    good = str(FIXTURES / "statements" / "one-language-en.pdf")
    jobs = [ExtractionJob("first", good), ExtractionJob("stall", str(stall)), ExtractionJob("after", good)]
    results = {}
    for result in run_extractions(jobs, options=ExtractOptions(), workers=1, timeout=120):
        results[result.job.sha256] = result
        if result.job.sha256 == "first":  # the worker now reads the long file: kill it, as the OOM killer would
            killer = threading.Timer(1.0, lambda: [os.kill(c.pid, signal.SIGKILL)
                                                   for c in multiprocessing.active_children()])
            killer.start()
    killer.join()
    assert results["first"].kind == Outcome.EXTRACTED and results["after"].kind == Outcome.EXTRACTED
    assert results["stall"].kind == Outcome.CRASHED and "died" in results["stall"].reason


def test_a_worker_aborted_from_outside_is_not_called_too_large(tmp_path: Path) -> None:
    # SIGABRT is how PDFium ends when an allocation fails under --memory-limit, but not the only cause of
    # one: this abort has nothing to do with memory, and the verdict must not claim the file is too large.
    stall = stalling_pdf(tmp_path)
    good = str(FIXTURES / "statements" / "one-language-en.pdf")
    jobs = [ExtractionJob("first", good), ExtractionJob("stall", str(stall))]
    results = {}
    for result in run_extractions(jobs, options=ExtractOptions(), workers=1, timeout=120, memory_limit_mb=2048):
        results[result.job.sha256] = result
        if result.job.sha256 == "first":
            aborter = threading.Timer(1.0, lambda: [os.kill(c.pid, signal.SIGABRT)
                                                    for c in multiprocessing.active_children()])
            aborter.start()
    aborter.join()
    aborted = results["stall"]
    assert aborted.kind == Outcome.CRASHED and "too large" not in aborted.reason
    assert aborted.reason.startswith(str(stall)) and "possibly out of memory under --memory-limit 2048 MB" in aborted.reason


# -- end to end ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """The folder, the archive home, and the JSON report of ingesting the folder once."""
    root = tmp_path_factory.mktemp("e2e")
    folder = copy_fixtures(root / "pdfs", {**FOLDER, "statements/one-language-en.pdf": "nurses.pdf"})
    copy_fixtures(folder, {"statements/one-language-en.pdf": DUPLICATE_NAME})
    (folder / "notes.txt").write_text("not a statement")
    home = root / "home"
    result = invoke_cli(home, "ingest", str(folder), "--jobs", "2", "--json")
    assert result.exit_code == 1, result.output  # the broken files failed: exit status 1
    return folder, home, json.loads(result.stdout)


def _search(home: Path, *args: str) -> list[dict]:
    result = invoke_cli(home, "search", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _found(matches: list[dict]) -> set[str]:
    names = {_sha(fixture): Path(fixture).stem for fixture in FOLDER}
    return {names[m["id"]] for m in matches}


def test_ingest_counts_every_kind_of_file(ingested: tuple[Path, Path, dict]) -> None:
    folder, home, report = ingested
    counts = {k: v for k, v in report["counts"].items() if v}
    assert counts == {"new": 5, "duplicate": 1, "failed": 3}
    by_path = {Path(f["path"]).relative_to(folder).as_posix(): f for f in report["files"]}
    assert by_path[DUPLICATE_NAME]["outcome"] == "duplicate"
    assert by_path[DUPLICATE_NAME]["sha256"] == by_path["nurses.pdf"]["sha256"]
    assert "notes.txt" not in by_path
    assert report["pages"] == sum(row["pages"] for row in json.loads(invoke_cli(home, "list", "--json").stdout))
    assert report["pages"] > 5


def test_failures_are_recorded_with_file_and_reason(ingested: tuple[Path, Path, dict]) -> None:
    folder, home, _ = ingested
    rows = json.loads(invoke_cli(home, "failures", "--json").stdout)
    reasons = {Path(r["path"]).name: r["reason"] for r in rows}
    assert set(reasons) == {"truncated.pdf", "not-a-pdf.pdf", "encrypted.pdf"}
    assert "corrupt" in reasons["truncated.pdf"] and "not a PDF" in reasons["not-a-pdf.pdf"]
    assert "encrypted" in reasons["encrypted.pdf"] and str(folder) in reasons["encrypted.pdf"]


def test_the_same_content_under_two_paths_is_one_statement(ingested: tuple[Path, Path, dict]) -> None:
    folder, home, _ = ingested
    shown = json.loads(invoke_cli(home, "show", _sha("statements/one-language-en.pdf")[:10], "--json").stdout)
    assert shown["paths"] == sorted([str(folder / DUPLICATE_NAME), str(folder / "nurses.pdf")])
    assert len(json.loads(invoke_cli(home, "list", "--json").stdout)) == 5


def test_searches_in_several_languages_find_the_right_sections(ingested: tuple[Path, Path, dict]) -> None:
    _, home, _ = ingested
    spanish = _search(home, "pensiones", "--lang", "es")
    assert _found(spanish) == {"a5-page-breaks"} and spanish[0]["languages"] == ["es"]
    assert _found(_search(home, "dockers")) == {"two-columns-letter"}
    assert _found(_search(home, "strike", "--lang", "en")) == {"one-language-en", "a5-page-breaks", "belarus-2020"}
    portuguese = _search(home, "greve", "--lang", "pt")
    assert _found(portuguese) == {"a5-page-breaks", "belarus-2020"}
    assert all(m["languages"] == ["pt"] for m in portuguese)


def test_accents_are_folded_and_phrases_are_exact(ingested: tuple[Path, Path, dict]) -> None:
    _, home, _ = ingested
    assert _found(_search(home, "greve", "--lang", "fr")) == {"two-columns-letter", "belarus-2020"}  # "grève"
    belarus = _search(home, "Belarus", "--lang", "fr")
    assert _found(belarus) == {"belarus-2020"} and "[[Bélarus]]" in belarus[0]["snippet"]
    assert _found(_search(home, '"general strike"')) == {"belarus-2020"}
    assert _search(home, '"strike general"') == []


def test_search_filters_by_organisation_country_and_date(ingested: tuple[Path, Path, dict]) -> None:
    _, home, _ = ingested
    assert _found(_search(home, "strike", "--org", "Solidaires")) == {"belarus-2020"}
    assert _found(_search(home, "strike", "--country", "ZA")) == {"one-language-en"}
    assert _found(_search(home, "strike", "--country", "south africa")) == {"one-language-en"}  # as written
    assert _found(_search(home, "strike", "--since", "2020-08-01", "--until", "2020-08-31")) == {"belarus-2020"}
    assert "belarus-2020" not in _found(_search(home, "strike", "--until", "2019-12-31"))


def test_ingesting_again_changes_nothing(ingested: tuple[Path, Path, dict]) -> None:
    folder, home, _ = ingested
    before = [invoke_cli(home, *cmd).stdout for cmd in (("export", "--format", "jsonl"), ("failures", "--json"),
                                                         ("orgs", "--json"), ("stats", "--json"))]
    again = json.loads(invoke_cli(home, "ingest", str(folder), "--json").stdout)
    assert {k: v for k, v in again["counts"].items() if v} == {"present": 6, "failed_before": 3}
    after = [invoke_cli(home, *cmd).stdout for cmd in (("export", "--format", "jsonl"), ("failures", "--json"),
                                                        ("orgs", "--json"), ("stats", "--json"))]
    assert after == before
    assert invoke_cli(home, "check").exit_code == 0


def _ingest_counts(home: Path, folder: Path, *args: str) -> tuple[dict[str, int], list[dict]]:
    report = json.loads(invoke_cli(home, "ingest", str(folder), "--jobs", "1", "--json", *args).stdout)
    return {k: v for k, v in report["counts"].items() if v}, report["files"]


@pytest.mark.parametrize("fixtures, ocr", [
    (["statements/one-language-en.pdf"], "auto"),
    (["statements/one-language-en.pdf", "statements/one-language-en.pdf"], "auto"),  # one content, two paths
    (["scans/three-languages-scan.pdf"], "never"),  # a scan that waits for OCR
], ids=["one-path", "two-paths", "needs-ocr"])
def test_a_file_changed_after_it_was_hashed_is_not_stored_under_the_old_digest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixtures: list[str], ocr: str) -> None:
    from archive import ingest

    folder = tmp_path / "pdfs"
    folder.mkdir()
    for n, fixture in enumerate(fixtures):
        (folder / f"{n}.pdf").write_bytes((FIXTURES / fixture).read_bytes())
    first = folder / "0.pdf"
    plan = ingest.plan_ingest

    def plan_then_change(*args: object, **kwargs: object) -> object:
        planned = plan(*args, **kwargs)
        first.write_bytes(first.read_bytes() + b"\n% saved again\n")  # as a copy still being written would be
        return planned

    home = tmp_path / "home"
    with monkeypatch.context() as patch:
        patch.setattr(ingest, "plan_ingest", plan_then_change)
        counts, files = _ingest_counts(home, folder, "--ocr", ocr)
    assert counts == {"failed": len(fixtures)}
    assert all("changed while it was being ingested" in f["reason"] for f in files), files
    stored = 1 + (len(fixtures) > 1)  # the changed file, and the unchanged copy as a statement of its own
    assert _ingest_counts(home, folder, "--ocr", ocr)[0] == {"needs_ocr" if ocr == "never" else "new": stored}


# -- crash safety ----------------------------------------------------------------------------------


def _distinct_copies(folder: Path, count: int) -> list[Path]:
    """`count` PDFs with different bytes (a comment appended after %%EOF), so each is its own document."""
    sources = sorted((FIXTURES / "statements").glob("*.pdf"))
    folder.mkdir(parents=True)
    made = []
    for i in range(count):
        target = folder / f"copy-{i:02d}.pdf"
        target.write_bytes(sources[i % len(sources)].read_bytes() + f"\n% copy {i}\n".encode())
        made.append(target)
    return made


def _archive(home: Path, *args: str, env_path: str | None = None) -> subprocess.Popen:
    """`python -m archive --home HOME ARGS...` in its own process group; `env_path` replaces $PATH."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PATH=env_path or os.environ.get("PATH", ""))
    return subprocess.Popen([sys.executable, "-m", "archive", "--home", str(home), *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def kill_once_some_are_stored(home: Path, process: subprocess.Popen, *, stored: int = 3) -> None:
    """SIGKILL a running `archive ingest` (its whole process group) once `stored` documents are in the database."""
    deadline = time.monotonic() + 120
    while _stored(home) < stored and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the ingest finished before it could be killed; make the folder bigger"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _stored(home: Path) -> int:
    try:
        with sqlite3.connect(f"file:{home / 'archive.db'}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_an_ingest_killed_halfway_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    copies = _distinct_copies(tmp_path / "pdfs", 10)
    home = tmp_path / "home"
    kill_once_some_are_stored(home, _archive(home, "ingest", str(tmp_path / "pdfs"), "--jobs", "2"))
    assert 0 < _stored(home) < len(copies)

    rerun = _archive(home, "ingest", str(tmp_path / "pdfs"), "--jobs", "2", "--json")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    counts = json.loads(out)["counts"]
    assert counts["new"] + counts["present"] == len(copies) and counts["failed"] == 0

    store = Store.open(home / "archive.db", create=False)
    index = SectionIndex.open(home / "index", create=False)
    db_ids = {r["sha256"] for r in store.rows("SELECT sha256 FROM documents")}
    assert db_ids == {file_sha256(p) for p in copies}
    assert store.scalar("SELECT COUNT(*) FROM files") == len(copies)
    assert store.scalar("SELECT COUNT(*) FROM documents WHERE indexed = 0") == 0
    assert index.statement_ids() == db_ids
    assert index.section_count() == store.scalar("SELECT COUNT(*) FROM sections")
    index.close()
    store.close()
    check = _archive(home, "check")
    assert check.wait(timeout=60) == 0, check.stdout.read().decode()


# -- scans (issue 4) -------------------------------------------------------------------------------

SCAN = "scans/three-languages-scan.pdf"


@pytest.mark.ocr
def test_a_scan_is_ocred_at_ingest_and_stored_with_its_confidence(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {SCAN: "scan.pdf"})
    home = tmp_path / "home"
    report = json.loads(invoke_cli(home, "ingest", str(folder), "--json").stdout)
    assert report["counts"]["new"] == 1
    shown = json.loads(invoke_cli(home, "show", _sha(SCAN)[:8], "--json").stdout)
    truth = json.loads((FIXTURES / "scans" / "three-languages-scan.json").read_text(encoding="utf-8"))
    assert shown["ocr_pages"] == list(range(1, shown["pages"] + 1))
    assert 0 < shown["ocr_confidence"] <= 100
    assert shown["languages"] == [s["lang"] for s in truth["sections"]]
    assert f"confidence {shown['ocr_confidence']:.0f}/100" in invoke_cli(home, "show", _sha(SCAN)[:8]).stdout
    assert any((home / "ocr-cache").iterdir()), "OCR results are kept for the next ingest"
    word = truth["sections"][-1]["title"].split()[-1].strip("!¡?¿.,")
    assert _found_ids(_search(home, word, "--lang", truth["sections"][-1]["lang"])) == {_sha(SCAN)}


def _found_ids(matches: list[dict]) -> set[str]:
    return {m["id"] for m in matches}


@pytest.mark.ocr
def test_without_tesseract_a_scan_needs_ocr_and_a_later_ingest_picks_it_up(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {SCAN: "scan.pdf"})
    home = tmp_path / "home"
    no_tools = tmp_path / "empty-bin"
    no_tools.mkdir()
    without = _archive(home, "ingest", str(folder), "--json", env_path=str(no_tools))
    out, err = without.communicate(timeout=300)
    assert without.returncode == 0, err.decode()
    report = json.loads(out)
    assert report["counts"]["needs_ocr"] == 1
    assert "apt-get install tesseract-ocr" in report["files"][0]["reason"]
    assert json.loads(invoke_cli(home, "show", _sha(SCAN), "--json").stdout)["status"] == "needs_ocr"

    later = json.loads(invoke_cli(home, "ingest", str(folder), "--json").stdout)
    assert later["counts"]["updated"] == 1
    shown = json.loads(invoke_cli(home, "show", _sha(SCAN), "--json").stdout)
    assert shown["status"] == "ok" and shown["sections"] and shown["ocr_confidence"] is not None


def test_a_scan_ingested_with_ocr_off_waits_for_ocr_and_is_not_read_again(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {SCAN: "scan.pdf"})
    home = tmp_path / "home"
    first = json.loads(invoke_cli(home, "ingest", str(folder), "--ocr", "never", "--json").stdout)
    assert {k: v for k, v in first["counts"].items() if v} == {"needs_ocr": 1}
    before = invoke_cli(home, "export", "--format", "jsonl").stdout
    again = json.loads(invoke_cli(home, "ingest", str(folder), "--ocr", "never", "--json").stdout)
    assert {k: v for k, v in again["counts"].items() if v} == {"needs_ocr": 1}
    assert "--ocr auto" in again["files"][0]["reason"]
    assert invoke_cli(home, "export", "--format", "jsonl").stdout == before
    assert json.loads(before)["status"] == "needs_ocr"
