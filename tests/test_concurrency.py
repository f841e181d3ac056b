"""Two writers at once, between real processes: two ingests, a held write lock, a database locked by someone else."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.errors import ArchiveLocked
from archive.library import Archive
from archive.store import Store, _database
from archive.writer_lock import LOCK_FILE

from .conftest import FIXTURES, REPO, invoke_cli

GOOD = ["one-language-en.pdf", "six-languages.pdf", "signatories-numbered.pdf", "arabic-section.pdf",
        "hyphenation.pdf", "two-columns-letter.pdf"]


def _folder(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in GOOD:
        (root / name).write_bytes((FIXTURES / "statements" / name).read_bytes())
    return root


def _archive(home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "archive", "--home", str(home), *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(home: Path) -> tuple[int, int]:
    with sqlite3.connect(home / "archive.db") as conn:
        return (conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM files").fetchone()[0])


@pytest.mark.parametrize("fresh", [True, False], ids=["new-archive", "existing-archive"])
def test_two_ingests_started_at_once_neither_errors_loses_nor_duplicates(tmp_path: Path, fresh: bool) -> None:
    folder = _folder(tmp_path / "pdfs")
    home = tmp_path / "home"
    if not fresh:  # an archive with one statement already in it
        assert invoke_cli(home, "ingest", str(folder / GOOD[0])).exit_code == 0
    first, second = (_archive(home, "ingest", str(folder), "--jobs", "1", "--json") for _ in range(2))
    results = [p.communicate(timeout=600) for p in (first, second)]
    for process, (out, err) in zip((first, second), results):
        assert process.returncode == 0, err
        assert json.loads(out)["counts"]["failed"] == 0
    counts = [json.loads(out)["counts"] for out, _ in results]
    assert sum(c["new"] for c in counts) == len(GOOD) - (0 if fresh else 1)  # each file stored once, by one of them
    assert any("waiting for " in err and "which is writing to this archive" in err for _, err in results)
    assert _stored(home) == (len(GOOD), len(GOOD))
    assert invoke_cli(home, "check").exit_code == 0


def test_with_no_wait_a_second_writer_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, fcntl, os\n"
                               f"fd = os.open({str(home / LOCK_FILE)!r}, os.O_RDWR | os.O_CREAT)\n"
                               "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, str(os.getpid()).encode())\n"
                               "print('locked', flush=True); sys.stdin.readline()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        busy = _archive(home, "ingest", str(FIXTURES / "statements" / GOOD[0]), "--no-wait")
        _, err = busy.communicate(timeout=120)
        assert busy.returncode == 1 and time.monotonic() - started < 60
        assert f"process {holder.pid}" in err and "--no-wait" in err and "Traceback" not in err
        reindex = _archive(home, "reindex", "--no-wait")
        assert reindex.wait(timeout=120) == 1
    finally:
        holder.communicate("done\n", timeout=30)


_SQLITE_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _hold_database(path: Path, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", _SQLITE_HOLDER, str(path), str(seconds)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "locked"
    return process


def test_an_ingest_waits_past_sqlites_default_5_s_for_a_database_another_program_holds(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = _folder(tmp_path / "pdfs")
    assert invoke_cli(home, "ingest", str(folder / GOOD[0])).exit_code == 0
    holder = _hold_database(home / "archive.db", 8)  # longer than sqlite3's default timeout, shorter than ours
    try:
        ingest = _archive(home, "ingest", str(folder), "--jobs", "1")
        _, err = ingest.communicate(timeout=600)
    finally:
        holder.wait(timeout=60)
    assert ingest.returncode == 0, err
    assert _stored(home) == (len(GOOD), len(GOOD))


def test_a_database_locked_past_the_busy_timeout_gives_a_clear_message(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    Store.open(home / "archive.db", create=True).close()
    monkeypatch.setattr(_database, "BUSY_TIMEOUT_MS", 1000)
    holder = _hold_database(home / "archive.db", 20)
    try:
        store = Store.open(home / "archive.db", create=False)
        with pytest.raises(ArchiveLocked) as raised:
            store.record_failure(path="/x.pdf", sha256=None, kind="failed", reason="x", extractor_version="1")
        store.close()
    finally:
        holder.kill()
        holder.wait()
    assert "locked by another process for 1 s" in str(raised.value) and "try again" in str(raised.value)


def test_a_search_during_an_ingest_answers_from_what_is_committed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = _folder(tmp_path / "pdfs")
    assert invoke_cli(home, "ingest", str(folder / GOOD[0])).exit_code == 0
    ingest = _archive(home, "ingest", str(folder), "--jobs", "1")
    answers = []
    while ingest.poll() is None:
        with Archive.open(home) as archive:
            answers.append(len(archive.statements()))
    assert ingest.wait() == 0
    assert answers and all(1 <= n <= len(GOOD) for n in answers)
    assert answers == sorted(answers)
