"""Ingesting a folder again: which files are read again (the quick check of size and modification time)."""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

import extractor
from archive import planning
from archive.planning import FILE_TIME_GRANULARITY
from archive.discover import FoundFile
from archive.store import FileSeen, RecordedFile, Store

from .conftest import FIXTURES, invoke_cli

SOURCE = FIXTURES / "statements" / "one-language-en.pdf"
AN_HOUR_AGO = time.time() - 3600
SETTLED = FILE_TIME_GRANULARITY + 1  # seconds after a change before a reading is trusted (+1: kept to the second)


def _write(path: Path, tag: bytes, *, mtime: float | None = None) -> Path:
    """The fixture with a comment after %%EOF: the same statement, and content of its own for each tag of one
    length (same size, another sha256)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(SOURCE.read_bytes() + b"\n% " + tag + b"\n")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def _old_file(path: Path) -> Path:
    """A file last changed long enough before the ingest that reads it for its record to be trusted."""
    _write(path, b"a", mtime=AN_HOUR_AGO)
    time.sleep(SETTLED)  # its inode changed when it was written: let that time pass
    return path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the ingest's planning reads to hash them."""
    read: list[str] = []
    hash_file: Callable = planning.file_sha256

    def counting(path: str) -> str:
        read.append(path)
        return hash_file(path)

    monkeypatch.setattr(planning, "file_sha256", counting)
    return read


def _ingest(home: Path, folder: Path, *args: str) -> dict[str, int]:
    result = invoke_cli(home, "ingest", str(folder), "--jobs", "1", "--json", *args)
    assert result.exit_code in (0, 1), result.output  # 1: some file failed (now or before), as the counts say
    return {kind: n for kind, n in json.loads(result.stdout)["counts"].items() if n}


def test_a_file_recorded_with_its_size_and_time_is_not_read_again(tmp_path: Path, reads: list[str]) -> None:
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    pdf = _old_file(folder / "statement.pdf")
    assert _ingest(home, folder) == {"new": 1}
    assert reads == [str(pdf)]
    assert _ingest(home, folder) == {"present": 1}
    assert reads == [str(pdf)], "read once, when it was new"


def test_a_file_whose_size_or_time_changed_is_read_again(tmp_path: Path, reads: list[str]) -> None:
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    pdf = _old_file(folder / "statement.pdf")
    _ingest(home, folder)
    _write(pdf, b"longer", mtime=AN_HOUR_AGO)  # another size, the same time
    assert _ingest(home, folder) == {"replaced": 1}
    os.utime(pdf, (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))  # touched: another time, the same content
    time.sleep(SETTLED)
    assert _ingest(home, folder) == {"present": 1}
    assert len(reads) == 3
    assert _ingest(home, folder) == {"present": 1}
    assert len(reads) == 3, "the touched file's new time was recorded: not read a fourth time"


def test_a_rewrite_that_sets_the_old_time_back_is_read_again(tmp_path: Path, reads: list[str]) -> None:
    """As `cp -p`, an unzip or a sync tool may leave it: same size, same modification time, new content
    (the inode's change time, which no tool sets back, tells)."""
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    pdf = _old_file(folder / "statement.pdf")
    _ingest(home, folder)
    _write(pdf, b"b", mtime=AN_HOUR_AGO)
    assert _ingest(home, folder) == {"replaced": 1}


def test_checksum_and_force_read_every_file(tmp_path: Path, reads: list[str]) -> None:
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    _old_file(folder / "statement.pdf")
    _ingest(home, folder)
    assert _ingest(home, folder, "--checksum") == {"present": 1}
    assert _ingest(home, folder, "--force") == {"updated": 1}
    assert len(reads) == 3


def test_a_file_recorded_just_after_it_changed_is_read_again(tmp_path: Path, reads: list[str]) -> None:
    """A rewrite within the file system's time granularity would keep the time: such a record is not trusted."""
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    pdf = _write(folder / "statement.pdf", b"a")  # written now, recorded within a second
    stamp = pdf.stat().st_mtime
    _ingest(home, folder)
    _write(pdf, b"b", mtime=stamp)
    assert _ingest(home, folder) == {"replaced": 1}



def _age_the_extractor(home: Path) -> None:
    """As after an upgrade: every stored document was extracted by an older extractor."""
    with sqlite3.connect(home / "archive.db") as db:
        db.execute("UPDATE documents SET extractor_version = '0.0.1'")


def test_a_file_to_extract_again_is_always_read(tmp_path: Path, reads: list[str]) -> None:
    """A rewrite hidden from the quick check must not be extracted under the recorded content's sha256."""
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    pdf = _old_file(folder / "statement.pdf")
    _ingest(home, folder)
    _age_the_extractor(home)
    _write(pdf, b"b", mtime=AN_HOUR_AGO)
    assert _ingest(home, folder) == {"replaced": 1}, "read, so the new content is a statement of its own"


def test_a_file_read_again_keeps_its_recorded_failure(tmp_path: Path, reads: list[str]) -> None:
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    pdf = _old_file(folder / "statement.pdf")
    _ingest(home, folder)
    _age_the_extractor(home)
    store = Store.open(home / "archive.db", create=False)  # this extractor's attempt timed out
    sha = store.recorded_files([str(pdf)])[str(pdf)].sha256
    store.record_failure(path=str(pdf), sha256=sha, kind="timed_out", reason=f"{pdf}: timed out",
                         extractor_version=extractor.VERSION)
    store.close()
    os.utime(pdf, (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))
    assert _ingest(home, folder) == {"failed_before": 1}
    failures = invoke_cli(home, "failures").stdout
    assert str(pdf) in failures, "still listed by `archive failures`"


def test_a_file_is_trusted_from_when_it_was_read_not_when_it_was_stored(tmp_path: Path, reads: list[str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file written just before an ingest and changed while it was extracted is read again next time, however
    long its extraction took."""
    folder, home = tmp_path / "pdfs", tmp_path / "home"
    pdf = _write(folder / "statement.pdf", b"a")
    stamp = pdf.stat().st_mtime
    save = Store.save_statement

    def slow_save(self: Store, *args: object, **kwargs: object) -> None:
        time.sleep(SETTLED)  # a long extraction, as far as the record's time goes
        save(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_statement", slow_save)
    _ingest(home, folder)
    monkeypatch.setattr(Store, "save_statement", save)
    _write(pdf, b"b", mtime=stamp)
    assert _ingest(home, folder) == {"replaced": 1}


# -- the rule alone, with times to the second (a file system with coarse times, as FAT's) --------------


def _found(size: int = 10, mtime: float = 1000.0, ctime: float = 1000.0) -> FoundFile:
    return FoundFile(path="/x.pdf", size=size, mtime=mtime, ctime=ctime)


def _recorded(*, read: float, size: int = 10, mtime: float = 1000.0, ctime: float | None = 1000.0,
              seen_at: str | None = None) -> RecordedFile:
    return RecordedFile(sha256="a" * 64, size=size, mtime=mtime, ctime=ctime,
                        seen_at=seen_at or datetime.fromtimestamp(read, timezone.utc).isoformat(timespec="seconds"))


@pytest.mark.parametrize("found, recorded, trusted", [
    (_found(), _recorded(read=1010), True),
    (_found(), _recorded(read=1002), False),  # read within the granularity of its last change
    (_found(ctime=1000.0), _recorded(read=1010, ctime=None), False),  # recorded before change times were kept
    (_found(ctime=1005.0), _recorded(read=1010), False),  # its inode changed since
    (_found(size=11), _recorded(read=1010), False),
    (_found(mtime=999.0), _recorded(read=1010), False),
    (_found(), _recorded(read=1010, seen_at="yesterday"), False),
], ids=["settled", "racy", "no-ctime", "ctime", "size", "mtime", "bad-time"])
def test_a_record_stands_for_a_file_only_with_its_size_and_times_read_after_its_last_change(
        found: FoundFile, recorded: RecordedFile, trusted: bool) -> None:
    assert planning._unchanged(found, recorded) is trusted


def test_a_file_record_keeps_when_it_was_read(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "archive.db", create=True)
    statement = extractor.Statement(source="/s.pdf", sha256="a" * 64, pages=1, engine="pdfium", masthead=(),
                                    sections=(), signatories=(), extractor_version=extractor.VERSION)
    read_at = AN_HOUR_AGO
    store.save_statement(statement, files=[FileSeen("/s.pdf", "a" * 64, 10, 1.0, read_at=read_at, ctime=2.0)])
    recorded = store.recorded_files(["/s.pdf"])["/s.pdf"]
    store.close()
    assert datetime.fromisoformat(recorded.seen_at).timestamp() == int(read_at)
    assert recorded.ctime == 2.0
