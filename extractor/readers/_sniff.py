"""Cheap checks on a file before a PDF library sees it."""
from __future__ import annotations

from pathlib import Path

from ..errors import EmptyFile, NotAPdf

HEADER_WINDOW = 1024  # PDF readers accept junk before "%PDF" within the first kilobyte


def check_pdf_file(path: Path) -> None:
    """Raise EmptyFile or NotAPdf unless the file starts like a PDF."""
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
