"""The archivist's archive over time: exit status, failures, moves, replacements, pruning, odd file names."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.workers import ExtractionJob, run_extractions
from extractor import ExtractOptions

from .conftest import FIXTURES, REPO, copy_fixtures, invoke_cli, stalling_pdf

NURSES = "statements/one-language-en.pdf"
SIX = "statements/six-languages.pdf"
TRUNCATED = "bad/truncated.pdf"


def _cli(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python3 -m archive --home HOME ARGS...` in a process of its own; bytes out, for names that are not UTF-8."""
    return subprocess.run([sys.executable, "-m", "archive", "--home", os.fsencode(home), *args], cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO), **(env or {})), capture_output=True, timeout=600)


# -- exit status, failures -------------------------------------------------------------------------


def test_ingest_exits_0_when_all_went_in_1_when_some_failed_2_for_misuse(tmp_path: Path) -> None:
    good = copy_fixtures(tmp_path / "good", {NURSES: "nurses.pdf"})
    mixed = copy_fixtures(tmp_path / "mixed", {SIX: "six.pdf", TRUNCATED: "truncated.pdf"})
    home = tmp_path / "home"
    assert _cli(home, "ingest", str(good)).returncode == 0
    failed = _cli(home, "ingest", str(mixed))
    assert failed.returncode == 1
    assert f"! {mixed / 'truncated.pdf'}: corrupt".encode() in failed.stdout, "the failures are listed"
    assert _cli(home, "ingest", str(tmp_path / "no-such-folder")).returncode == 2
    assert _cli(home, "ingest", "--jobs", "0", str(good)).returncode == 2
    help_text = _cli(home, "ingest", "--help").stdout.decode()
    assert "Exit status: 0" in " ".join(help_text.split())


def test_failures_lists_each_path_once(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {TRUNCATED: "truncated.pdf", "bad/not-a-pdf.pdf": "not-a-pdf.pdf"})
    home = tmp_path / "home"
    invoke_cli(home, "ingest", str(folder))
    out = invoke_cli(home, "failures").stdout
    for name in ("truncated.pdf", "not-a-pdf.pdf"):
        assert out.count(str(folder / name)) == 1, out


def test_the_timeout_hint_names_both_options(tmp_path: Path) -> None:
    stall = stalling_pdf(tmp_path)
    [result] = run_extractions([ExtractionJob("stall", str(stall))], options=ExtractOptions(), workers=1,
                               timeout=1, first_file_allowance=0)
    assert "--timeout N --retry-failed" in result.reason


# -- characters ------------------------------------------------------------------------------------


def test_surrogates_left_by_the_pdf_reader_are_stored_joined_or_replaced_with_a_warning(tmp_path: Path) -> None:
    from archive.store import FileSeen, Store
    from extractor import Section, Statement, Signatory

    statement = Statement(source="x.pdf", sha256="ab" * 32, pages=1, engine="pdfium", masthead=(),
                          sections=(Section(lang="en", title="Thumbs \ud83d\udc4d", text="good \ud83d\udc4d bad \ud800 end"),),
                          signatories=(Signatory(name="Union \udc00", acronym=None, country=None, country_code=None,
                                                 category=None),), extractor_version="t")
    store = Store.open(tmp_path / "archive.db", create=True)
    store.save_statement(statement, files=[FileSeen(path="/x/caf\udce9.pdf", sha256="ab" * 32, size=1, mtime=0)])
    detail = store.statement_detail("ab" * 32)
    assert detail.sections[0].title == "Thumbs 👍" and detail.sections[0].text == "good 👍 bad \ufffd end"
    assert detail.signatories[0].name == "Union \ufffd"
    assert any("2 character(s)" in w and "U+FFFD" in w for w in detail.warnings)
    assert store.known_paths(["/x/caf\udce9.pdf"]) == {"/x/caf\udce9.pdf": "ab" * 32}, "a name that is not UTF-8 reads back"
    store.close()


def test_an_error_while_storing_one_document_fails_it_alone_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    from archive.store import Store

    folder = copy_fixtures(tmp_path / "pdfs", {NURSES: "nurses.pdf", SIX: "six.pdf"})
    doomed = hashlib.sha256((FIXTURES / SIX).read_bytes()).hexdigest()
    save = Store.save_statement

    def failing_save(self, statement, *, files):
        if statement.sha256 == doomed:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return save(self, statement, files=files)

    monkeypatch.setattr(Store, "save_statement", failing_save)
    home = tmp_path / "home"
    result = invoke_cli(home, "ingest", str(folder), "--json")
    assert result.exit_code == 1
    counts = json.loads(result.stdout)["counts"]
    assert (counts["new"], counts["failed"]) == (1, 1)
    [failure] = json.loads(invoke_cli(home, "failures", "--json").stdout)
    assert failure["path"] == str(folder / "six.pdf") and "could not be stored: UnicodeEncodeError" in failure["reason"]
    monkeypatch.setattr(Store, "save_statement", save)
    retried = json.loads(invoke_cli(home, "ingest", str(folder), "--retry-failed", "--json").stdout)["counts"]
    assert (retried["new"], retried["present"]) == (1, 1)


def test_file_names_that_are_not_utf8_or_hold_newlines_or_bidi_overrides_are_ingested_and_shown_escaped(
        tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    names = [b"caf\xe9.pdf", b"two\nlines.pdf", b"cr\rhere.pdf", "evil\u202efdp.exe.pdf".encode()]
    sources = [NURSES, SIX, "statements/hyphenation.pdf", "statements/arabic-section.pdf"]
    for name, source in zip(names, sources):
        Path(os.fsdecode(os.fsencode(folder) + b"/" + name)).write_bytes((FIXTURES / source).read_bytes())
    (Path(os.fsdecode(os.fsencode(folder) + b"/bad\n\xff.pdf"))).write_bytes((FIXTURES / TRUNCATED).read_bytes())
    home = tmp_path / "home"
    ingest = _cli(home, "ingest", str(folder), "--jobs", "1")
    assert ingest.returncode == 1, ingest.stderr  # only the truncated one failed
    assert b"new: 4" in ingest.stdout and b"Traceback" not in ingest.stderr
    for stream in (ingest.stdout, ingest.stderr):
        lines = stream.decode().splitlines()
        assert not any(line.startswith(("lines.pdf", "here.pdf", ".pdf")) for line in lines), lines
        assert "\u202e" not in stream.decode()
    assert b"caf\\xe9.pdf" in ingest.stderr and b"two\\nlines.pdf" in ingest.stderr and b"evil\\u202efdp" in ingest.stderr
    assert b"bad\\n\\xff.pdf: corrupt" in ingest.stdout
    failures = _cli(home, "failures").stdout.decode()
    assert len(failures.splitlines()) == 2 and "bad\\n\\xff.pdf" in failures
    again = _cli(home, "ingest", str(folder), "--json")
    assert json.loads(again.stdout)["counts"]["present"] == 4, "known by their names on the next run"


# -- files over time -------------------------------------------------------------------------------


def _counts(result: subprocess.CompletedProcess) -> dict[str, int]:
    assert result.returncode in (0, 1), result.stderr
    return {k: v for k, v in json.loads(result.stdout)["counts"].items() if v}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_moved_file_is_a_move_and_a_deleted_one_is_missing(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {NURSES: "nurses.pdf", SIX: "six.pdf", TRUNCATED: "broken.pdf"})
    home = tmp_path / "home"
    assert _counts(_cli(home, "ingest", str(folder), "--json")) == {"new": 2, "failed": 1}
    (folder / "2021").mkdir()
    (folder / "nurses.pdf").rename(folder / "2021" / "nurses-renamed.pdf")
    (folder / "six.pdf").unlink()
    assert _counts(_cli(home, "ingest", str(folder), "--json")) == {"moved": 1, "missing": 1, "failed_before": 1}
    summary = _cli(home, "ingest", str(folder)).stdout.decode()
    assert "already present: 1" in summary and "  moved:" not in summary, "the move is recorded once"
    detail = json.loads(_cli(home, "show", _sha(FIXTURES / NURSES), "--json").stdout)
    assert detail["paths"] == [str(folder / "2021" / "nurses-renamed.pdf")], "the old path does not stay"
    stats = json.loads(_cli(home, "stats", "--json").stdout)
    assert stats["missing_files"] == 1


def test_a_corrected_version_at_the_same_path_is_a_new_statement_and_the_old_keeps_its_history(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {NURSES: "statement.pdf"})
    home = tmp_path / "home"
    old = _sha(folder / "statement.pdf")
    assert _counts(_cli(home, "ingest", str(folder), "--json")) == {"new": 1}
    copy_fixtures(folder, {SIX: "statement.pdf"})  # the corrected file, saved over the first
    new = _sha(folder / "statement.pdf")
    replaced = _cli(home, "ingest", str(folder))
    assert replaced.returncode == 0 and "replaced (a new version at a stored path): 1" in replaced.stdout.decode()
    listed = {row["id"] for row in json.loads(_cli(home, "list", "--json").stdout)}
    assert {old, new} <= listed
    for sha in (old, new):
        shown = _cli(home, "show", sha[:12]).stdout.decode()
        assert f"version:     {folder / 'statement.pdf'}: {old[:12]} until " in shown and f"then {new[:12]}" in shown
    assert json.loads(_cli(home, "show", new, "--json").stdout)["paths"] == [str(folder / "statement.pdf")]
    assert _cli(home, "check").returncode == 0


def test_prune_removes_statements_whose_every_file_is_gone_with_their_organisations(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {NURSES: "nurses.pdf", "statements/signatories-numbered.pdf": "signed.pdf",
                                               SIX: "six.pdf"})
    copy_fixtures(tmp_path / "elsewhere", {SIX: "six-copy.pdf"})
    home = tmp_path / "home"
    _cli(home, "ingest", str(folder), str(tmp_path / "elsewhere"))
    signed = _sha(folder / "signed.pdf")
    orgs_before = json.loads(_cli(home, "orgs", "--json").stdout)
    assert orgs_before
    for name in ("signed.pdf", "six.pdf"):
        (folder / name).unlink()
    dry = _cli(home, "prune", "--dry-run", "--json")
    assert dry.returncode == 0
    planned = json.loads(dry.stdout)
    assert [s["id"] for s in planned["statements"]] == [signed] and planned["dry_run"]
    assert planned["forgotten_paths"] == [str(folder / "six.pdf")], "six.pdf has another copy: only the path goes"
    assert _cli(home, "check").returncode == 0 and len(json.loads(_cli(home, "list", "--json").stdout)) == 3
    pruned = _cli(home, "prune")
    assert pruned.returncode == 0 and "removed 1 statement(s)" in pruned.stdout.decode()
    assert {r["id"] for r in json.loads(_cli(home, "list", "--json").stdout)} == {_sha(FIXTURES / NURSES),
                                                                                _sha(FIXTURES / SIX)}
    orgs_after = json.loads(_cli(home, "orgs", "--json").stdout)
    assert planned["organisations"] > 0 and len(orgs_after) == len(orgs_before) - planned["organisations"]
    with sqlite3.connect(home / "archive.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM organisations WHERE id NOT IN "
                            "(SELECT organisation FROM signatures)").fetchone()[0] == 0
    assert _cli(home, "check").returncode == 0, "database and index cleaned in one step"
    found = json.loads(_cli(home, "search", "signatories", "--json").stdout)
    assert signed not in {m["id"] for m in found}


def test_remove_takes_one_statement_out_by_id_or_by_path(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {NURSES: "nurses.pdf", SIX: "six.pdf"})
    home = tmp_path / "home"
    _cli(home, "ingest", str(folder))
    by_path = _cli(home, "remove", str(folder / "six.pdf"))
    assert by_path.returncode == 0 and "removed 1 statement(s)" in by_path.stdout.decode()
    by_id = _cli(home, "remove", _sha(FIXTURES / NURSES)[:10])
    assert by_id.returncode == 0
    assert json.loads(_cli(home, "list", "--json").stdout) == []
    assert _cli(home, "check").returncode == 0
    unknown = _cli(home, "remove", "ffff0000")
    assert unknown.returncode == 1 and b"no statement" in unknown.stderr
    again = _counts(_cli(home, "ingest", str(folder), "--json"))
    assert again == {"new": 2}, "a removed statement comes back when its file is ingested again"


def test_an_archive_made_before_file_history_is_migrated_with_its_data(tmp_path: Path) -> None:
    from archive.store import Store
    from archive.store.migrations import MIGRATIONS, apply_migration, applied_migrations

    path = tmp_path / "archive.db"
    with sqlite3.connect(path) as conn:
        applied_migrations(conn)
        for migration in MIGRATIONS[:6]:
            apply_migration(conn, migration)
        conn.execute("INSERT INTO documents (sha256, status, extractor_version, ingested_at) "
                     "VALUES ('ab', 'ok', '1', 'now')")
        conn.execute("INSERT INTO sections (document, position, text, words) VALUES ('ab', 0, 'grève', 1)")
        conn.execute("INSERT INTO files (path, sha256, size, mtime, seen_at) VALUES ('/a.pdf', 'ab', 1, 0, 'now')")
        conn.execute("INSERT INTO documents (sha256, status, extractor_version, ingested_at) "
                     "VALUES ('cd', 'ok', '1', 'now')")  # stored as "ok" with nothing in it
    store = Store.open(path, create=False)
    assert store.migrations()[6:9] == ["007_file_history", "008_no_statement_status",
                                       "009_empty_documents_are_no_statement"]
    assert store.scalar("SELECT status FROM documents WHERE sha256 = 'cd'") == "no_statement"
    assert store.scalar("SELECT status FROM documents WHERE sha256 = 'ab'") == "ok"
    assert store.scalar("SELECT COUNT(*) FROM sections") == 1 and store.stored_files() == {"ab": ["/a.pdf"]}
    assert store.rows("PRAGMA foreign_key_check") == []
    store.remove_statements(["ab"])
    assert store.scalar("SELECT COUNT(*) FROM sections") == 0, "the rebuilt table still cascades"
    store.close()


# -- not a statement -------------------------------------------------------------------------------


def _blank_pdf(path: Path) -> Path:
    """A one-page PDF whose page holds nothing but spaces: a document, but no statement text in it."""
    lines = "BT /F1 10 Tf 60 790 Td (    ) Tj ET\n"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(lines)} >>\nstream\n{lines}endstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


@pytest.mark.ocr  # today a page without text is sent to Tesseract, which finds nothing either
def test_a_document_with_no_statement_text_is_kept_out_of_list_search_and_organisations(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {NURSES: "nurses.pdf"})
    prices = _blank_pdf(folder / "blank.pdf")
    home = tmp_path / "home"
    first = _cli(home, "ingest", str(folder), "--json")
    assert _counts(first) == {"new": 1, "no_statement": 1}
    assert _counts(_cli(home, "ingest", str(folder), "--json")) == {"present": 2}, "not read again"
    listed = json.loads(_cli(home, "list", "--json").stdout)
    everything = json.loads(_cli(home, "list", "--all", "--json").stdout)
    assert [r["id"] for r in listed] == [_sha(FIXTURES / NURSES)]
    assert {r["status"] for r in everything} == {"ok", "no_statement"} and len(everything) == 2
    assert _sha(prices) not in {m["id"] for m in json.loads(_cli(home, "search", "10", "--json").stdout)}
    stats = json.loads(_cli(home, "stats", "--json").stdout)
    check = json.loads(_cli(home, "check", "--json").stdout)
    assert stats["statements"] == check["index"]["documents"] == 1 and stats["no_statement"] == 1
    assert check["ok"]
    shown = _cli(home, "show", _sha(prices)).stdout.decode()
    assert "status:      no_statement (no statement text found in 1 page(s))" in shown


# -- partly scanned --------------------------------------------------------------------------------

PARTLY_SCANNED = FIXTURES / "hostile" / "partly-scanned.pdf"


def test_a_partly_scanned_pdf_without_ocr_keeps_its_text_pages_and_needs_ocr(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {"hostile/partly-scanned.pdf": "partly.pdf"})
    home = tmp_path / "home"
    report = json.loads(invoke_cli(home, "ingest", str(folder), "--ocr", "never", "--json").stdout)
    assert report["counts"]["needs_ocr"] == 1 and report["counts"]["new"] == 0
    shown = json.loads(invoke_cli(home, "show", str(folder / "partly.pdf"), "--json").stdout)
    assert shown["status"] == "needs_ocr" and "2, 3" in shown["status_detail"]
    hits = json.loads(invoke_cli(home, "search", "cleaners", "--json").stdout)
    assert [hit["id"] for hit in hits] == [shown["id"]]  # the pages with text are searchable
    again = json.loads(invoke_cli(home, "ingest", str(folder), "--ocr", "never", "--json").stdout)
    assert again["counts"]["needs_ocr"] == 1, "a needs-OCR document is read again by every ingest"


@pytest.mark.ocr
def test_a_later_ingest_with_ocr_reads_the_pages_that_needed_it(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {"hostile/partly-scanned.pdf": "partly.pdf"})
    home = tmp_path / "home"
    invoke_cli(home, "ingest", str(folder), "--ocr", "never", "--json")
    report = json.loads(invoke_cli(home, "ingest", str(folder), "--ocr-lang", "eng", "--json").stdout)
    assert report["counts"]["updated"] == 1
    shown = json.loads(invoke_cli(home, "show", str(folder / "partly.pdf"), "--json").stdout)
    assert shown["status"] == "ok" and shown["ocr_pages"] == [2, 3]
