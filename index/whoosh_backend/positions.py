"""Which candidate sections hold a phrase's words one after another, read from the words' positions.

Whoosh checks a phrase one document at a time, stepping each word's postings to it and
decoding its positions. Here each word's postings blocks are read straight from the mapped
segment (see blocks.py), only the blocks holding candidates are decoded, and the positions
of all candidates are intersected at once with numpy: "word i at position p" becomes the
key (candidate, p - i), and the phrase starts where the keys of all words meet.
"""
from __future__ import annotations

import io
import pickle
import zlib

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher

from .mapped import MappedBufferFile

_LENGTH = 4  # bytes of a block's length, and of the count before a posting's pickled positions
_FACTS_MAX = 64  # bytes enough for the pickled facts of a block
_SHIFT = 32  # a key is candidate << _SHIFT | position (positions are below 2**32)
_STOP = b"."
_LIST_HEAD = b"\x80\x02]q\x00"  # protocol 2, an empty list, memoized
_LIST_START = _LENGTH + len(_LIST_HEAD)
_SMALL_INT = ord("K")  # BININT1: an int below 256 in the next byte
_MARK = ord("(")
_APPENDS_STOP = b"e."
_ONE_ITEM_BYTES = _LIST_START + 4  # K, the int, APPEND, STOP
_SMALL_LIST_BYTES = _LIST_START + 3  # MARK ... APPENDS STOP around two bytes per int
_SMALL_INTS = b"K" * 4096  # the opcodes of a list of small ints, to compare with a slice


def _deltas(value: bytes):
    """A posting's position deltas: Whoosh's Positions value, a count and a pickled list of ints.

    Lists of deltas below 256 (one byte each, as most are) are read from their bytes,
    which is several times faster than unpickling them; any other list is unpickled.
    """
    count = len(value) - _SMALL_LIST_BYTES >> 1
    if value[_LENGTH:_LIST_START] == _LIST_HEAD:
        if len(value) == _ONE_ITEM_BYTES and value[_LIST_START] == _SMALL_INT:
            return value[_LIST_START + 1:_LIST_START + 2]
        if count > 1 and value[_LIST_START] == _MARK and value[_LIST_START + 1:-2:2] == _SMALL_INTS[:count] \
                and value[-2:] == _APPENDS_STOP:
            return value[_LIST_START + 2:-2:2]
    return pickle.loads(value[_LENGTH:] if value.endswith(_STOP) else value[_LENGTH:] + _STOP)


class WordPositions:
    """One word's postings in one segment (a Whoosh leaf matcher, used or not): positions by document."""

    def __init__(self, matcher) -> None:
        self._matcher = matcher
        self._blocks: list[tuple[int, int, int, int]] | None = None  # (last id, data start, data end, compression)
        self._last_ids: np.ndarray | None = None
        self._decoded: dict[int, tuple[np.ndarray, tuple]] = {}  # block number -> (ids, values), kept for later checks

    @staticmethod
    def readable(matcher) -> bool:
        """Whether the positions of `matcher`'s postings can be read here."""
        if type(matcher) is ListMatcher:
            return matcher._values is not None
        return type(matcher) is W3LeafMatcher and type(matcher._postfile) is MappedBufferFile

    def of(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into `docs`, position) for every position of the word in `docs` (ascending ids)."""
        indexes, counts, deltas = [], [], []
        for ids, values, low, high in self._postings_of(docs):
            part = docs[low:high]
            at = np.searchsorted(ids, part)
            found = at < len(ids)
            found[found] = ids[at[found]] == part[found]
            held = np.flatnonzero(found)
            for index, posting in zip((held + low).tolist(), at[held].tolist()):
                codes = _deltas(values[posting])
                indexes.append(index)
                counts.append(len(codes))
                deltas.extend(codes)
        if not deltas:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        counts = np.array(counts, dtype=np.int64)
        positions = np.cumsum(np.array(deltas, dtype=np.int64))
        starts = np.cumsum(counts) - counts  # each document's positions restart from its own deltas
        before = np.concatenate(([0], positions))[starts]
        return np.repeat(np.array(indexes, dtype=np.int64), counts), positions - np.repeat(before, counts)

    def _postings_of(self, docs: np.ndarray):
        """(ids, values, low, high) of each postings block that may hold some of `docs`: docs[low:high]."""
        m = self._matcher
        if type(m) is ListMatcher:
            yield np.asarray(m._ids, dtype=np.int64), m._values, 0, len(docs)
            return
        view = m._postfile.file._view
        self._read_directory(view)
        firsts = np.concatenate(([-1], self._last_ids[:-1])) + 1
        highs = np.searchsorted(docs, self._last_ids, side="right")
        lows = np.searchsorted(docs, firsts)
        for number in np.flatnonzero(highs > lows).tolist():
            block = self._decoded.get(number)
            if block is None:
                _, start, end, compression = self._blocks[number]
                data = view[start:end]
                ids, _, values = pickle.loads(zlib.decompress(data) if compression else bytes(data))
                ids = np.asarray(ids, dtype=np.int64)
                block = self._decoded[number] = (ids if m._byteids else np.cumsum(ids)), values
            yield block[0], block[1], int(lows[number]), int(highs[number])

    def _read_directory(self, view: memoryview) -> None:
        """Where each block of the word's postings starts and ends, and its last document (read once)."""
        if self._blocks is not None:
            return
        blocks = []
        at = self._matcher._baseoffset
        while True:
            length = int.from_bytes(view[at:at + _LENGTH], "big", signed=True)
            facts_at = at + _LENGTH
            at = facts_at + abs(length)
            facts = io.BytesIO(view[facts_at:min(at, facts_at + _FACTS_MAX)])
            _, last_id, _, compression, _, _ = pickle.load(facts)
            blocks.append((last_id, facts_at + facts.tell(), at, compression))
            if length < 0:
                break
        self._blocks = blocks
        self._last_ids = np.array([block[0] for block in blocks], dtype=np.int64)


def consecutive(words: list[WordPositions], docs: np.ndarray) -> np.ndarray:
    """For each of `docs` (ascending ids), whether it holds the words one after another."""
    keys = None
    for offset, word in enumerate(words):
        if keys is None:
            indexes, positions = word.of(docs)
        else:  # only the candidates still holding the words so far
            alive = np.unique(keys >> _SHIFT)
            indexes, positions = word.of(docs[alive])
            indexes = alive[indexes]
        starts = positions - offset
        kept = starts >= 0
        word_keys = (indexes[kept] << _SHIFT) | starts[kept]
        keys = word_keys if keys is None else np.intersect1d(keys, word_keys, assume_unique=True)
        if not len(keys):
            break
    found = np.zeros(len(docs), dtype=bool)
    if keys is not None and len(keys):
        found[keys >> _SHIFT] = True
    return found


class PhraseCheck:
    """A phrase's candidates in one segment and which of them have been checked so far."""

    def __init__(self, candidates, words: list[WordPositions]) -> None:
        self.candidates = candidates  # Matches: ascending ids and their scores
        self._words = words
        self._checked = np.zeros(len(candidates.ids), dtype=bool)
        self._held = np.ones(len(candidates.ids), dtype=bool)  # until checked

    def current(self):
        """The candidates but those found not to hold the phrase (an upper bound while some are unchecked)."""
        return type(self.candidates)(self.candidates.ids[self._held], self.candidates.scores[self._held])

    def done(self) -> bool:
        return bool(self._checked.all())

    def unchecked(self, ids: np.ndarray) -> np.ndarray:
        """Which of `ids` (ascending) are candidates not checked yet."""
        at = np.searchsorted(self.candidates.ids, ids)
        inside = at < len(self.candidates.ids)
        inside[inside] = self.candidates.ids[at[inside]] == ids[inside]
        inside[inside] = ~self._checked[at[inside]]
        return inside

    def check(self, ids: np.ndarray) -> None:
        """Check the candidates `ids` (ascending; others are ignored)."""
        at = np.searchsorted(self.candidates.ids, ids)
        inside = at < len(self.candidates.ids)
        at, ids = at[inside], ids[inside]
        at = at[self.candidates.ids[at] == ids]
        at = at[~self._checked[at]]
        if not len(at):
            return
        self._held[at] = consecutive(self._words, self.candidates.ids[at])
        self._checked[at] = True
