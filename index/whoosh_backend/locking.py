"""The index write lock: whose it is, and recovery after a writer was killed.

Whoosh locks `MAIN_WRITELOCK` with flock(2), which the kernel releases when
the holder dies, so a SIGKILLed writer leaves only the file (and possibly
temporary files). We record the holder's pid in the lock file so that a
refused lock can name its owner, and so that a lock still held on behalf of
a dead owner (a forked child inheriting the descriptor) can be broken.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from whoosh.index import LockError

from ..errors import IndexLockedError
from .segment_writer import SectionSegmentWriter

LOCK_FILE = "MAIN_WRITELOCK"
_STALE_TOC = re.compile(r"^_MAIN_\d+\.toc\.[0-9.]+$")


def open_writer(ix, path: Path, *, limitmb: int, timeout: float):
    """A Whoosh writer holding the write lock; IndexLockedError if a live process holds it."""
    try:
        writer = SectionSegmentWriter(ix, limitmb=limitmb, timeout=timeout)
    except LockError as e:
        owner = lock_owner(path)
        if owner is None or _is_alive(owner):
            raise IndexLockedError(path, owner) from e
        _break_lock(path)
        try:
            writer = SectionSegmentWriter(ix, limitmb=limitmb, timeout=timeout)
        except LockError as again:
            raise IndexLockedError(path, lock_owner(path)) from again
    _stamp_owner(writer)
    remove_stale_files(path)
    return writer


def lock_owner(path: Path) -> int | None:
    """The pid recorded by the last writer, if any."""
    try:
        text = (path / LOCK_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def remove_stale_files(path: Path) -> None:
    """Delete half-written table-of-contents files a killed writer left (call with the lock held)."""
    for entry in path.iterdir():
        if _STALE_TOC.match(entry.name):
            entry.unlink(missing_ok=True)


def _stamp_owner(writer) -> None:
    lock = getattr(writer, "writelock", None)
    fd = getattr(lock, "fd", None)
    if fd is None:
        return
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)


def _break_lock(path: Path) -> None:
    (path / LOCK_FILE).unlink(missing_ok=True)


def _is_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
