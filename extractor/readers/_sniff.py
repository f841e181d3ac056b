"""Cheap checks on a file before a PDF library sees it."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import EmptyFile, NotAPdf

HEADER_WINDOW = 1024  # PDF readers accept junk before "%PDF" within the first kilobyte


_KINDS = (  # what a path can be besides a regular file, by how a user would call it
    (stat.S_ISDIR, "this is a folder"),
    (stat.S_ISFIFO, "not a regular file: a named pipe"),
    (stat.S_ISCHR, "not a regular file: a character device"),
    (stat.S_ISBLK, "not a regular file: a block device"),
    (stat.S_ISSOCK, "not a regular file: a socket"),
)


def check_pdf_file(path: Path) -> None:
    """Raise EmptyFile or NotAPdf unless the path is a regular file that starts like a PDF.

    Anything else is refused before it is opened: reading a named pipe or /dev/zero never ends.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise NotAPdf(path, e.strerror or str(e)) from e
    if not stat.S_ISREG(mode):
        raise NotAPdf(path, next((kind for test, kind in _KINDS if test(mode)), "not a regular file"))
    try:
        with path.open("rb") as f:
            head = f.read(HEADER_WINDOW)
    except IsADirectoryError as e:
        raise NotAPdf(path, "this is a folder") from e
    except OSError as e:
        raise NotAPdf(path, e.strerror or str(e)) from e
    if not head:
        raise EmptyFile(path, "0 bytes")
    if b"%PDF" not in head:
        raise NotAPdf(path, "no %PDF header in the first kilobyte")
