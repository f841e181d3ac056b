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
_APPEND = ord("a")
_ONE_ITEM_BYTES = _LIST_START + 4  # K, the int, APPEND, STOP
_SMALL_LIST_BYTES = _LIST_START + 3  # MARK ... APPENDS STOP around two bytes per int
_ARRAY_READ_MIN = 150  # postings read with numpy from so many on: below, its fixed cost exceeds a loop's
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


def _all_deltas(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The position deltas of many postings at once: (how many each, all of them in turn).

    Lists of small ints laid out as _deltas reads them are read from the joined bytes with
    numpy; any other value is read by _deltas.
    """
    if len(values) < _ARRAY_READ_MIN:
        read = [_deltas(value) for value in values]
        counts = np.fromiter(map(len, read), dtype=np.int64, count=len(read))
        return counts, np.fromiter((code for codes in read for code in codes), dtype=np.int64, count=int(counts.sum()))
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    data = np.frombuffer(b"".join(values) + b"\0", dtype=np.uint8)  # one byte more: never indexed empty
    firsts = np.cumsum(lengths) - lengths
    single = lengths == _ONE_ITEM_BYTES
    several = (lengths > _SMALL_LIST_BYTES + 2) & ((lengths - _SMALL_LIST_BYTES) % 2 == 0)
    head = np.frombuffer(_LIST_HEAD, dtype=np.uint8)
    laid_out = single | several
    at = firsts[laid_out]
    laid_out[laid_out] = (data[at[:, None] + np.arange(_LENGTH, _LIST_START)] == head).all(axis=1)
    opener = data[np.where(laid_out, firsts + _LIST_START, 0)]
    last_two = data[np.where(laid_out, firsts + lengths - 2, 0)], data[np.where(laid_out, firsts + lengths - 1, 0)]
    single &= laid_out & (opener == _SMALL_INT) & (last_two[0] == _APPEND) & (last_two[1] == _STOP[0])
    several &= laid_out & (opener == _MARK) & (last_two[0] == _APPENDS_STOP[0]) & (last_two[1] == _APPENDS_STOP[1])
    # a single int follows its K; in a MARK ... APPENDS list, each int follows a K of its own
    counts = np.where(single, 1, np.where(several, (lengths - _SMALL_LIST_BYTES) >> 1, 0))
    codes_at = _codes_at(firsts + _LIST_START + np.where(single, 1, 2), counts)
    not_small = np.flatnonzero(data[codes_at - 1] != _SMALL_INT)
    if len(not_small):
        owners = np.repeat(np.arange(len(values)), counts)
        several[owners[not_small]] = False
    read = single | several
    if read.all():
        return counts, data[codes_at].astype(np.int64)
    counts = np.where(read, counts, 0)
    slow = {number: _deltas(values[number]) for number in np.flatnonzero(~read).tolist()}
    for number, codes in slow.items():
        counts[number] = len(codes)
    deltas = np.zeros(int(counts.sum()), dtype=np.int64)
    out_firsts = np.cumsum(counts) - counts
    fast_counts = np.where(read, counts, 0)
    fast_at = _codes_at(firsts + _LIST_START + np.where(single, 1, 2), fast_counts)
    deltas[_codes_at(out_firsts, fast_counts, step=1)] = data[fast_at]
    for number, codes in slow.items():
        deltas[out_firsts[number]:out_firsts[number] + len(codes)] = list(codes)
    return counts, deltas


def _codes_at(bases: np.ndarray, counts: np.ndarray, *, step: int = 2) -> np.ndarray:
    """bases[i], bases[i] + step, ... (counts[i] of them) for each i in turn."""
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(bases, counts) + step * within


class WordPositions:
    """One word's postings in one segment (a Whoosh leaf matcher, used or not): positions by document."""

    def __init__(self, matcher) -> None:
        self._matcher = matcher
        self._blocks: list[tuple[int, int, int, int]] | None = None  # (last id, data start, data end, compression)
        self._last_ids: np.ndarray | None = None
        self._first_ids: np.ndarray | None = None
        self._decoded: dict[int, tuple[np.ndarray, tuple]] = {}  # block number -> (ids, values), kept for later checks

    @staticmethod
    def readable(matcher) -> bool:
        """Whether the positions of `matcher`'s postings can be read here."""
        if type(matcher) is ListMatcher:
            return matcher._values is not None
        return type(matcher) is W3LeafMatcher and type(matcher._postfile) is MappedBufferFile

    def of(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into `docs`, position) for every position of the word in `docs` (ascending ids)."""
        blocks = self._blocks_of(docs)
        if not blocks:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # the blocks follow one another: their ids, joined, are ascending, and searched at once
        ids = np.concatenate([block[0] for block in blocks]) if len(blocks) > 1 else blocks[0][0]
        at = np.searchsorted(ids, docs)
        found = at < len(ids)
        found[found] = ids[at[found]] == docs[found]
        held = np.flatnonzero(found)
        if not len(held):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(blocks) > 1:
            ends = np.cumsum([len(block[0]) for block in blocks])
            owners = np.searchsorted(ends, at[held], side="right")
            firsts = ends - np.diff(ends, prepend=0)
            postings = at[held] - firsts[owners]
            values = [blocks[owner][1][posting] for owner, posting in zip(owners.tolist(), postings.tolist())]
        else:
            block_values = blocks[0][1]
            values = [block_values[posting] for posting in at[held].tolist()]
        counts, deltas = _all_deltas(values)
        positions = np.cumsum(deltas)
        starts = np.cumsum(counts) - counts  # each document's positions restart from its own deltas
        before = np.concatenate(([0], positions))[starts]
        return np.repeat(held, counts), positions - np.repeat(before, counts)

    def blocks(self) -> int:
        """How many postings blocks the word has in the segment: the more, the commoner (inlined postings: none)."""
        if type(self._matcher) is ListMatcher:
            return 0
        self._read_directory(self._matcher._postfile.file._view)
        return len(self._blocks)

    def _needed(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The numbers of the blocks that may hold some of `docs`, and the ranges of `docs` each may hold."""
        highs = np.searchsorted(docs, self._last_ids, side="right")
        lows = np.searchsorted(docs, self._first_ids)
        numbers = np.flatnonzero(highs > lows)
        return numbers, lows[numbers], highs[numbers]

    def _blocks_of(self, docs: np.ndarray) -> list[tuple[np.ndarray, tuple]]:
        """(ids, values) of each postings block, in turn, that may hold some of `docs`, decoded once."""
        m = self._matcher
        if type(m) is ListMatcher:
            return [(np.asarray(m._ids, dtype=np.int64), m._values)]
        view = m._postfile.file._view
        self._read_directory(view)
        blocks = []
        for number in self._needed(docs)[0].tolist():
            block = self._decoded.get(number)
            if block is None:
                _, start, end, compression = self._blocks[number]
                data = view[start:end]
                ids, _, values = pickle.loads(zlib.decompress(data) if compression else bytes(data))
                ids = np.asarray(ids, dtype=np.int64)
                block = self._decoded[number] = (ids if m._byteids else np.cumsum(ids)), values
            blocks.append(block)
        return blocks

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
        self._first_ids = np.concatenate(([-1], self._last_ids[:-1])) + 1  # the first each block may hold


def consecutive(words: list[WordPositions], docs: np.ndarray) -> np.ndarray:
    """For each of `docs` (ascending ids), whether it holds the words one after another.

    The rarer words (fewer postings blocks) are read first: "word i at position p" is the key
    (candidate, p - i) whatever the order, and the candidates still alive after the first
    words are often few, so a common word's many blocks are decoded only for those.
    """
    keys = None
    alive = np.arange(len(docs))
    order = sorted(range(len(words)), key=lambda offset: (words[offset].blocks(), offset)) if len(words) > 2 \
        else range(len(words))  # the two words of a pair are read for every candidate whatever the order
    for offset in order:
        indexes, positions = words[offset].of(docs[alive])
        indexes = alive[indexes]
        starts = positions - offset
        kept = starts >= 0
        word_keys = (indexes[kept] << _SHIFT) | starts[kept]
        keys = word_keys if keys is None else np.intersect1d(keys, word_keys, assume_unique=True)
        if not len(keys):
            break
        alive = np.unique(keys >> _SHIFT)  # only the candidates still holding the words so far
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
