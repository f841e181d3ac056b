"""A damaged index or database, and a full disk, met by real `python3 -m archive` processes."""
from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, copy_fixtures

STATEMENTS = {"statements/one-language-en.pdf": "nurses.pdf", "statements/six-languages.pdf": "six.pdf"}
REMEDY = "the index {} is damaged"


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archive", "--home", str(home), *args], cwd=REPO, text=True,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(folder, home): an archive of two statements, to copy and damage."""
    root = tmp_path_factory.mktemp("damage")
    folder = copy_fixtures(root / "pdfs", STATEMENTS)
    home = root / "home"
    assert _cli(home, "ingest", str(folder)).returncode == 0
    return folder, home


def _segment(index: Path) -> Path:
    return next(index.glob("*.seg"))


def _toc(index: Path) -> Path:
    return next(index.glob("*.toc"))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated-segment": lambda index: os.truncate(_segment(index), 1000),
    "deleted-segment": lambda index: _segment(index).unlink(),
    "empty-toc": lambda index: os.truncate(_toc(index), 0),
    "deleted-toc": lambda index: _toc(index).unlink(),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_named_with_its_remedy_and_ingest_repairs_it(pristine, tmp_path: Path, damage: str) -> None:
    folder, original = pristine
    home = tmp_path / "home"
    shutil.copytree(original, home)
    DAMAGE[damage](home / "index")
    told = REMEDY.format(home / "index")
    for command in (("search", "strike"), ("stats",), ("check",)):
        result = _cli(home, *command)
        said = result.stdout + result.stderr
        assert result.returncode == 1, (command, said)
        assert told in said and "run `archive reindex`" in said, (command, said)
        assert "Aborted" not in said and "internal error" not in said and "no matching" not in said
    ingest = _cli(home, "ingest", str(folder), str(FIXTURES / "statements" / "hyphenation.pdf"))
    assert ingest.returncode == 0, ingest.stderr
    assert "the index was damaged" in ingest.stdout and "rebuilt from the database" in ingest.stdout
    assert _cli(home, "check").returncode == 0
    found = json.loads(_cli(home, "search", "papiers", "--json").stdout)
    assert found and found[0]["title"].startswith("Régularisation"), "the rebuilt index answers"


def test_reindex_repairs_a_damaged_index(pristine, tmp_path: Path) -> None:
    _, original = pristine
    home = tmp_path / "home"
    shutil.copytree(original, home)
    DAMAGE["truncated-segment"](home / "index")
    assert _cli(home, "reindex").returncode == 0
    assert _cli(home, "check").returncode == 0


def test_a_zero_byte_database_is_refused_not_taken_for_a_new_archive(pristine, tmp_path: Path) -> None:
    folder, original = pristine
    home = tmp_path / "home"
    shutil.copytree(original, home)
    for name in ("archive.db", "archive.db-wal", "archive.db-shm"):
        if (home / name).exists():
            os.truncate(home / name, 0)
    for command in (("stats",), ("ingest", str(folder))):
        result = _cli(home, *command)
        assert result.returncode == 1 and "is empty (0 bytes)" in result.stderr, result.stderr
    assert (home / "archive.db").stat().st_size == 0, "nothing was written over it"


def _table_pages(db: Path, table: str) -> list[int]:
    with sqlite3.connect(db) as conn:
        try:
            return [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", [table])]
        except sqlite3.OperationalError:  # SQLite built without dbstat: the middle of the file
            size, page = db.stat().st_size, conn.execute("PRAGMA page_size").fetchone()[0]
            return [size // page // 2]


def test_garbage_in_the_database_is_found_by_check_and_export_and_reindex_fail_cleanly(pristine,
                                                                                        tmp_path: Path) -> None:
    _, original = pristine
    home = tmp_path / "home"
    shutil.copytree(original, home)
    db = home / "archive.db"
    _cli(home, "stats")  # checkpoint the WAL into the file
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    first = _table_pages(db, "sections")[-1]
    with open(db, "r+b") as stream:  # 8 KB of garbage where the sections are
        stream.seek((first - 1) * page)
        stream.write(random.Random(8).randbytes(8192))  # seeded: the same damage every run
    for args in (("check",), ("check", "--full")):
        result = _cli(home, *args)
        assert result.returncode == 1 and "database: damaged" in result.stdout, result.stdout + result.stderr
        assert ("integrity_check" if "--full" in args else "quick_check") in result.stdout
    for command in (("export",), ("reindex",)):
        result = _cli(home, *command)
        assert result.returncode == 1, result.stdout[-500:] + result.stderr
        assert "is damaged" in result.stderr and "internal error" not in result.stderr, result.stderr


def test_a_full_disk_names_what_could_not_be_written_and_a_rerun_recovers(tmp_path: Path) -> None:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {made.stderr.decode().strip()}")
    try:
        sources = sorted((FIXTURES / "statements").glob("*.pdf"))
        folder = tmp_path / "pdfs"
        folder.mkdir()
        for i in range(12):  # distinct contents: 12 statements, more than 3 MB of database and index
            (folder / f"copy-{i:02d}.pdf").write_bytes(sources[i % len(sources)].read_bytes() + f"\n% {i}\n".encode())
        home = mount / "home"
        full = _cli(home, "ingest", str(folder), "--jobs", "2")
        assert full.returncode == 1
        assert "No space left on device" in full.stderr or "full" in full.stderr, full.stderr
        assert f"could not write {mount}" in full.stderr and "internal error" not in full.stderr, full.stderr
        subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)
        again = _cli(home, "ingest", str(folder), "--jobs", "2")
        assert again.returncode == 0, again.stderr
        assert _cli(home, "check").returncode == 0
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_database_too_damaged_to_open_is_reported_damaged_by_check(pristine, tmp_path: Path) -> None:
    _, original = pristine
    home = tmp_path / "home"
    shutil.copytree(original, home)
    db = home / "archive.db"
    _cli(home, "stats")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(db, "r+b") as stream:  # the schema's page, past the 100-byte file header
        stream.seek(100)
        stream.write(random.Random(9).randbytes(3000))
    assert "malformed" in _cli(home, "stats").stderr  # no command can open it
    result = _cli(home, "check")
    assert result.returncode == 1 and "database: damaged" in result.stdout, result.stdout + result.stderr
    assert "internal error" not in result.stderr
