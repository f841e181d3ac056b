"""Whoosh reads memory-mapped segments without copying them onto the heap.

whoosh-reloaded 2.7.5 opens each file inside a compound segment as a `BufferFile`,
whose `BytesIO(buf)` copies the memory-mapped bytes: a search process held the whole
index on its heap (about 300 MB and 460 ms on the first query of a 100,000-section
index). `MappedBufferFile` reads the mapped bytes in place instead; it is installed
where `whoosh.filedb.compound` looks `BufferFile` up, once, when an index is opened.
"""
from __future__ import annotations

import os

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

_LINE_CHUNK = 256  # bytes scanned at a time by readline()


class MemoryViewFile:
    """A read-only, seekable file over a memoryview: reads copy only the bytes asked for."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(len(self._view), self._pos + size)
        data = self._view[self._pos:end].tobytes()
        self._pos = max(self._pos, end)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        limit = len(self._view) if size is None or size < 0 else min(len(self._view), self._pos + size)
        start = end = self._pos
        while end < limit:
            chunk = self._view[end:min(limit, end + _LINE_CHUNK)].tobytes()
            newline = chunk.find(b"\n")
            if newline != -1:
                end += newline + 1
                break
            end += len(chunk)
        self._pos = end
        return self._view[start:end].tobytes()

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        """Nothing to release: the segment's storage owns the mapping."""


class MappedBufferFile(BufferFile):
    """Whoosh's BufferFile without the copy of the whole buffer."""

    def __init__(self, buf, name=None, onclose=None) -> None:  # noqa: D107 - same signature as BufferFile
        self._buf = buf
        self._name = name
        self.file = MemoryViewFile(memoryview(buf))
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position, length, name=None):
        return MappedBufferFile(self._buf[position:position + length], name=name or self._name)


def install_mapped_segments() -> None:
    """Make Whoosh open compound-segment files as MappedBufferFile (idempotent)."""
    if compound.BufferFile is not MappedBufferFile:
        compound.BufferFile = MappedBufferFile
