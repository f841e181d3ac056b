"""A term's postings written as Whoosh 3 blocks in one step per block, not one call per posting.

The bytes are those of whoosh-reloaded 2.7.5's `W3PostingsWriter` and `W3FieldWriter` (blocks.py reads
them): per block a big-endian length (negative for the term's last block), the pickled block facts
(count, last id, max weight, compression, min and max length bytes), then the pickled and compressed
(delta-coded ids, weights, values); the first block of a term is preceded by Whoosh's block magic. The
term's statistics go to the terms table as Whoosh's `W3TermInfo`.
"""
from __future__ import annotations

import struct
import zlib
from array import array
from operator import sub
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import emptybytes, pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte

from .grouped_postings import PICKLE_PROTOCOL, STRIDE, Postings

_ROW_LENGTHS = struct.Struct("!ii")  # a terms-table row's key and value lengths, as whoosh.filedb.filetables
_TERM_INFO = struct.Struct("!BfIBBfII")  # W3TermInfo: inlined, weight, documents, min and max length bytes,
# max weight, first and last document
_EXTENT = struct.Struct("!qi")  # then, not inlined: the postings' offset and byte length


class BlockWriter:
    """Writes terms' postings into a W3FieldWriter's postings file and terms table."""

    def __init__(self, fieldwriter, codec) -> None:
        self._fieldwriter = fieldwriter
        self._postfile = fieldwriter._postfile
        self._at = self._postfile.tell()  # followed here: a buffered file's tell() asks the system each time
        self._terms = TermRows(fieldwriter._tindex)
        self._blocklimit = codec._blocklimit
        self._compression = codec._compression
        self._field: str | None = None
        self._fieldkey = b""
        self._fixed_size: int | None = None

    @property
    def field(self) -> str | None:
        """The field whose terms are being written."""
        return self._field

    def start_field(self, fieldname: str, fieldobj) -> None:
        if self._field is not None:
            self._fieldwriter.finish_field()
        self._fieldwriter.start_field(fieldname, fieldobj)
        self._field = fieldname
        self._fieldkey = pack_ushort(self._fieldwriter._fieldid)
        self._fixed_size = fieldobj.format.fixed_value_size()

    def finish(self) -> None:
        if self._field is not None:
            self._fieldwriter.finish_field()
            self._field = None

    def add_term(self, tbytes: bytes, postings: Postings) -> None:
        """Write one term's postings (in document order) and its row of the terms table."""
        start = self._at
        span = self._blocklimit * STRIDE
        chunks = [WHOOSH3_HEADER_MAGIC]
        total_weight, min_length, max_length, max_weight = 0, None, 0, 0  # W3TermInfo's, over the blocks
        for first in range(0, len(postings), span):
            end = first + span
            block, weight, block_min, block_max, block_weight = self._block(
                postings[first:end:STRIDE], postings[first + 1:end:STRIDE], postings[first + 2:end:STRIDE],
                postings[first + 3:end:STRIDE], last=end >= len(postings))
            chunks.append(block)
            total_weight += weight
            min_length = block_min if min_length is None else min(min_length, block_min)
            max_length = max(max_length, block_max)
            max_weight = max(max_weight, block_weight)
        data = emptybytes.join(chunks)
        self._postfile.write(data)
        self._at += len(data)
        info = _TERM_INFO.pack(False, total_weight, len(postings) // STRIDE,
                               0 if min_length is None else _LENGTH_BYTE[min_length], _LENGTH_BYTE[max_length],
                               max_weight, postings[0], postings[-STRIDE]) + _EXTENT.pack(start, len(data))
        self._terms.add(self._fieldkey + tbytes, info)

    def _block(self, ids: list, weights: list, values: list, lengths: list, *, last: bool):
        """(the block's bytes, its weight, min length, max length, max weight) as W3TermInfo counts them."""
        count = len(ids)
        deltas = (ids[0], *map(sub, ids[1:], ids[:-1])) if count > 1 else (ids[0],)
        stored_weights = array("f", weights)  # Whoosh keeps a block's weights as 32-bit floats
        if stored_weights.count(1.0) == count:
            mini_weights = None
        elif stored_weights.count(stored_weights[0]) == count:
            mini_weights = stored_weights[0]
        else:
            mini_weights = tuple(stored_weights)
        fixed = self._fixed_size
        if fixed is None or fixed < 0:
            mini_values = tuple(v for v in values if v) if emptybytes in values else tuple(values)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = emptybytes.join(values)
        data = dumps((deltas, mini_weights, mini_values), PICKLE_PROTOCOL)
        compression = self._compression
        if compression:
            data = zlib.compress(data, compression)
        heaviest = max(weights)
        max_weight = heaviest if heaviest > 0 else 0  # Whoosh starts a block's max weight at 0
        known = [length for length in lengths if length] if 0 in lengths else lengths
        min_length = min(known) if known else None
        max_length = max(known) if known else 0
        facts = dumps((count, ids[-1], max_weight, compression, 0 if min_length is None else _LENGTH_BYTE[min_length],
                       _LENGTH_BYTE[max_length]), PICKLE_PROTOCOL)
        size = len(facts) + len(data)
        return pack_int(-size if last else size) + facts + data, sum(stored_weights), min_length, max_length, max_weight


class _LengthBytes(dict):
    """`length_to_byte` of each length once."""

    def __missing__(self, length: int) -> int:
        byte = self[length] = length_to_byte(length)
        return byte


_LENGTH_BYTE = _LengthBytes()


class TermRows:
    """Rows added to Whoosh's `OrderedHashWriter` (the terms table) as its `add` adds them, with the file's
    position followed here instead of asked of the file twice a row."""

    def __init__(self, table) -> None:
        self._table = table
        self._at = table.dbfile.tell()

    def add(self, key: bytes, value: bytes) -> None:
        table = self._table
        if key <= table.lastkey:
            raise ValueError(f"Keys must increase: {table.lastkey!r}..{key!r}")
        at = self._at
        table.index.append(at)
        row = _ROW_LENGTHS.pack(len(key), len(value)) + key + value
        table.dbfile.write(row)
        self._at = at + len(row)
        hashed = table.hashfn(key)
        table.buckets[hashed & 255].append((hashed, at))
        table.lastkey = key
