"""A file's identity: the sha256 of its bytes, by which the archive knows a statement whatever its path."""
from __future__ import annotations

import hashlib
from pathlib import Path

_BLOCK = 1 << 20  # bytes read at a time: large enough to be fast, small enough to keep memory flat


def file_sha256(path: str | Path) -> str:
    """The hex sha256 of a file's bytes; raises OSError when it cannot be read."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()
