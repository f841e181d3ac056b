"""The first ingest stages: find PDF files under the given paths, then hash them."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PDF_SUFFIX = ".pdf"


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: str  # absolute
    size: int
    mtime: float
    ctime: float  # when the inode last changed: content, or metadata


@dataclass(frozen=True, slots=True)
class UnreadablePath:
    """A path given or found that cannot be read (missing, no permission)."""

    path: str
    reason: str


def discover(paths: Iterable[str | Path]) -> Iterator[FoundFile | UnreadablePath]:
    """Files given explicitly, and *.pdf files (any case) under folders, recursively, each once, in order."""
    seen: set[str] = set()
    for given in paths:
        root = Path(given).expanduser().absolute()
        if root.is_dir():
            candidates: Iterable[Path] = _pdfs_under(root)
        elif root.exists():
            candidates = [root]
        else:
            yield UnreadablePath(str(root), "no such file or folder")
            continue
        for candidate in candidates:
            key = os.path.normpath(candidate)
            if key in seen:
                continue
            seen.add(key)
            yield _stat(key)


def _pdfs_under(folder: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(folder):
        subdirs.sort()
        for name in sorted(files):
            if name.lower().endswith(PDF_SUFFIX):
                yield Path(directory) / name


def _stat(path: str) -> FoundFile | UnreadablePath:
    try:
        info = os.stat(path)
    except OSError as e:
        return UnreadablePath(path, e.strerror or str(e))
    if not stat.S_ISREG(info.st_mode):
        return UnreadablePath(path, "not a regular file")
    return FoundFile(path=path, size=info.st_size, mtime=info.st_mtime, ctime=info.st_ctime)
