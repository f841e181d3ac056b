"""One writer per archive: an ingest (or any other writing command) holds the archive's write lock.

The lock is flock(2) on `write.lock` in the data directory: the kernel releases it when the holder
exits or is killed, so a dead writer never blocks the next one. The holder writes its pid into the
file so that a second writer can say whom it waits for.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ArchiveBusy

LOCK_FILE = "write.lock"


@contextmanager
def write_lock(home: Path, *, wait: bool = True, on_wait: Callable[[int | None], None] | None = None) -> Iterator[None]:
    """Hold the archive's write lock for the block; wait for the holder or raise ArchiveBusy when `wait` is False.

    `on_wait(pid)` is called once before waiting, with the holder's pid when it is known.
    """
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise ArchiveBusy(home, holder) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _holder(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
