"""The archive's write lock, between real processes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.errors import ArchiveBusy
from archive.writer_lock import write_lock

REPO = Path(__file__).resolve().parent.parent
# Takes the lock, says so, and keeps it until a line arrives on stdin (or stdin closes).
_HOLDER = """
import sys
from pathlib import Path
from archive.writer_lock import write_lock
with write_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen([sys.executable, "-c", _HOLDER, str(tmp_path)], cwd=REPO, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout.readline().strip() == "locked"
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=30)


def test_a_second_writer_that_will_not_wait_is_told_who_holds_the_lock(tmp_path: Path, holder) -> None:
    with pytest.raises(ArchiveBusy) as raised, write_lock(tmp_path, wait=False):
        pass
    assert raised.value.holder == holder.pid
    assert str(holder.pid) in str(raised.value) and "--no-wait" in str(raised.value)


def test_a_second_writer_waits_for_the_first_and_says_so(tmp_path: Path, holder) -> None:
    waited_for: list[int | None] = []

    def on_wait(pid: int | None) -> None:
        waited_for.append(pid)
        holder.stdin.write("done\n")
        holder.stdin.flush()

    with write_lock(tmp_path, on_wait=on_wait):
        assert holder.wait(timeout=30) == 0  # the lock came only once the holder had let go
    assert waited_for == [holder.pid]


def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path, holder) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    started = time.monotonic()
    with write_lock(tmp_path, wait=False):
        pass
    assert time.monotonic() - started < 5
