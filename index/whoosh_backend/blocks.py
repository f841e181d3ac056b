"""A term's postings read straight from a memory-mapped segment: document numbers and weights only.

Whoosh 3 writes a term's postings in blocks: a big-endian int (the block's byte length,
negative for the last block), a pickled tuple of block facts (count, last id, max weight,
compression, min and max length bytes), then the block's data, a pickled, optionally
zlib-compressed tuple (delta-coded ids, weights, values). Whoosh reads the facts through
its file object a few bytes at a time, and the values (a word's positions) are pickled by
protocol 2 as one `_codecs.encode` call each: unpickling them is most of the cost of a block
of `text`, although scoring needs only the ids and the weights. Here the facts are read
from the mapped bytes in one step, and the data is unpickled up to its values, which are
replaced by None; a block not laid out as expected is unpickled whole.
"""
from __future__ import annotations

import io
import pickle
import zlib

import numpy as np

from .mapped import MappedBufferFile

_LENGTH = 4  # bytes of a block's length
_FACTS_MAX = 64  # bytes enough for the pickled facts of a block (six numbers)
_VALUES = b"c_codecs\nencode\n"  # the opcode starting the first pickled bytes value (protocol 2)
_MARK = b"("
_PREFIX_GUESS = 2048  # bytes inflated at a time: a block's ids and weights (128 each) take about 1.8 KB
_ENDINGS = {True: b"t\x87.", False: b"N\x87."}  # close a values tuple (after its MARK) or stand in for a value


def mapped_view(matcher) -> memoryview | None:
    """The mapped bytes a Whoosh leaf matcher reads its postings from, if they are mapped."""
    postfile = matcher._postfile
    return postfile.file._view if type(postfile) is MappedBufferFile else None


def postings_arrays(matcher, view: memoryview) -> tuple[np.ndarray, np.ndarray]:
    """The document numbers and weights of a W3LeafMatcher from its current posting on (it is used up)."""
    id_blocks, weight_blocks = [], []
    start, count, last = matcher._i, matcher._blocklength, matcher._lastblock
    data_at, next_at, compression = matcher._dataoffset, matcher._nextoffset, matcher._compression
    delta_coded = not matcher._byteids
    while True:
        ids, weights = _ids_and_weights(view[data_at:next_at], compression, count)
        ids = np.asarray(ids, dtype=np.int64)
        if delta_coded:
            ids = np.cumsum(ids)
        if weights is None:
            weights = np.ones(count)
        elif isinstance(weights, float):
            weights = np.full(count, weights)
        else:
            weights = np.asarray(weights, dtype=np.float32).astype(np.float64)  # as Whoosh stores them
        id_blocks.append(ids[start:])
        weight_blocks.append(weights[start:])
        if last:
            break
        start = 0
        length = int.from_bytes(view[next_at:next_at + _LENGTH], "big", signed=True)
        last = length < 0
        facts_at = next_at + _LENGTH
        next_at = facts_at + abs(length)
        facts = io.BytesIO(view[facts_at:min(next_at, facts_at + _FACTS_MAX)])
        count, _, _, compression, _, _ = pickle.load(facts)
        data_at = facts_at + facts.tell()
    matcher._atend = True
    ids = np.concatenate(id_blocks) if len(id_blocks) > 1 else id_blocks[0]
    weights = np.concatenate(weight_blocks) if len(weight_blocks) > 1 else weight_blocks[0]
    return ids, weights


def _ids_and_weights(data: memoryview, compression: int, count: int):
    """A block's (ids, weights), unpickled (and decompressed) without its values where the block allows."""
    inflater = zlib.decompressobj() if compression else None
    raw = inflater.decompress(data, _PREFIX_GUESS) if inflater else bytes(data)
    while (cut := raw.find(_VALUES)) < 0 and inflater and inflater.unconsumed_tail:
        raw += inflater.decompress(inflater.unconsumed_tail, _PREFIX_GUESS)
    if cut > 0:
        opened = raw[cut - 1:cut] == _MARK
        try:
            ids, weights, _ = pickle.loads(raw[:cut] + _ENDINGS[opened])
        except (pickle.UnpicklingError, ValueError, TypeError, IndexError, KeyError, EOFError):
            pass
        else:
            if _laid_out(ids, weights, count):
                return ids, weights
    if inflater:
        raw += inflater.decompress(inflater.unconsumed_tail) + inflater.flush()
    ids, weights, _ = pickle.loads(raw)
    return ids, weights


def _laid_out(ids, weights, count: int) -> bool:
    """Whether a partly unpickled block has the shape of a whole one."""
    if not isinstance(ids, tuple) or len(ids) != count:
        return False
    return weights is None or isinstance(weights, float) or (isinstance(weights, tuple) and len(weights) == count)
