"""Whoosh's best hits, scored a block of postings at a time with numpy instead of one document at a time.

Whoosh scores each matching document in Python (about 20 µs each with BM25F), and its
block-quality skipping rarely skips anything when many sections share their wording, so a
common word at 100,000 sections cost a hundred milliseconds and more. Here the matcher tree
Whoosh builds for a query is walked instead: each term's postings are read a block at a time
and scored with the same BM25F formula over arrays, unions and intersections add the scores
in the same order as Whoosh's matchers do, and the best hits are sorted as Whoosh sorts them
(score, then document number). A matcher this module does not know is stepped through as
Whoosh would, so every query keeps its meaning.

Postings are read straight from the mapped segment (blocks.py). Phrases are checked by
position for many candidates at once (positions.py), and lazily: a phrase's candidates
first count as hits, then only the best of them are checked, until the page of best hits
holds no unchecked candidate (see best_hits).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import (
    IntersectionMatcher,
    NullMatcherClass,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.matching.binary import AndNotMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import NestedChildren, SpanNear2
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

from .blocks import mapped_view, postings_arrays
from .phrases import DeferredIntersection, PositionCheckingMatcher
from .positions import PhraseCheck, WordPositions

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float64)
DENSE_SHARE = 32  # unions and intersections of over 1/32 of a segment: marked in segment-long arrays (cheaper than sorting)
FIRST_CHECKS = 64  # phrase candidates checked first: a few more than a page of hits
CHECKS_GROWTH = 2  # then so many times as many in each round (each round walks the matcher tree again)


@dataclass(frozen=True, slots=True)
class Matches:
    """Document numbers (ascending, within one segment) and their scores."""

    ids: np.ndarray
    scores: np.ndarray


_NONE = Matches(_NO_IDS, _NO_SCORES)


class SegmentMatches:
    """Evaluates Whoosh matchers of one segment over arrays; field lengths are cached per segment."""

    def __init__(self, searcher, lengths: dict, *, deferring: bool = False) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._lengths = lengths  # (reader id, field) -> lengths of the segment's documents
        self._deleted: np.ndarray | None = None
        self._arrays: dict[int, tuple[object, np.ndarray]] = {}  # id of a set of documents -> (it, as an array)
        self._deferring = deferring  # phrases give their unchecked candidates too (see best_hits)
        self._checks: dict[int, tuple[object, PhraseCheck]] = {}  # id of a phrase matcher -> (it, its check)
        self._memo: dict[int, tuple[object, Matches]] = {}  # id of a matcher -> (it, its final matches)
        self._open = 0  # phrases answered with unchecked candidates so far
        self._size = self._reader.doc_count_all()

    def of(self, m) -> Matches:
        """What matcher `m` matches from its current document on, with the scores Whoosh gives; while
        deferring, also the phrase candidates not checked yet (scores that are upper bounds)."""
        kept = self._memo.get(id(m))
        if kept is not None and kept[0] is m:
            return kept[1]
        opened = self._open
        found = self._of(m)
        if self._open == opened:  # final: matchers are used up, so later walks reuse it
            self._memo[id(m)] = (m, found)
        return found

    def exactly(self, m) -> Matches:
        """What `m` matches, every phrase checked (under NOT, a phrase's unchecked candidates would hide hits)."""
        deferring, self._deferring = self._deferring, False
        try:
            return self.of(m)
        finally:
            self._deferring = deferring

    def unchecked(self, ids: np.ndarray) -> np.ndarray:
        """Which of `ids` (ascending) are a deferred phrase's unchecked candidates."""
        found = np.zeros(len(ids), dtype=bool)
        for _, check in self._checks.values():
            if not check.done():
                found |= check.unchecked(ids)
        return found

    def check(self, ids: np.ndarray) -> None:
        """Check the deferred phrases' candidates among `ids` (ascending)."""
        for _, check in self._checks.values():
            if not check.done():
                check.check(ids)

    def _of(self, m) -> Matches:
        """Unions and wrappers are not asked whether they are active: that would make a phrase
        below them check its first candidates one at a time (see PositionCheckingMatcher)."""
        kind = type(m)
        if kind is PositionCheckingMatcher:
            found = self._phrase(m, m._postings)
            return Matches(found.ids, found.scores * m.boost) if m.boost != 1.0 else found
        if kind is WrappingMatcher:
            found = self.of(m.child) if m.boost >= 0 else self.exactly(m.child)
            return Matches(found.ids, found.scores * m.boost) if m.boost != 1.0 else found
        if kind is UnionMatcher:
            return _union(self.of(m.a), self.of(m.b), self._size)
        if kind is DeferredIntersection and not m._started:
            return _intersection(self.of(m.a), self.of(m.b), self._size)
        if isinstance(m, NullMatcherClass) or not m.is_active():
            return _NONE
        if kind is W3LeafMatcher and m._term is not None:
            return self._leaf(m)
        if kind is IntersectionMatcher or kind is DeferredIntersection:
            return _intersection(self.of(m.a), self.of(m.b), self._size)
        if kind is AndNotMatcher:
            kept = self.of(m.a)
            return _select(kept, ~np.isin(kept.ids, self.exactly(m.b).ids, assume_unique=True))
        if kind is FilterMatcher:
            found = self.of(m.child)
            inside = np.isin(found.ids, self._array_of(m._ids), assume_unique=True)
            found = _select(found, ~inside if m._exclude else inside)
            return Matches(found.ids, found.scores * m.boost) if m.boost != 1.0 else found
        if kind is NestedChildren.NestedChildMatcher:
            return self._children(m)
        if kind is SpanNear2.SpanNear2Matcher and m.ordered and m.slop == 1 and m.mindist == 1:
            return self._phrase(m, m.ms)
        return _stepped(m)

    def _leaf(self, m: W3LeafMatcher) -> Matches:
        view = mapped_view(m)
        ids, weights = postings_arrays(m, view) if view is not None else _read_through(m)
        scorer = m.scorer
        if type(scorer) is WeightScorer:
            return Matches(ids, weights)
        if type(scorer) is not BM25FScorer:
            raise TypeError(f"no array scoring for {type(scorer).__name__}")
        lengths = self._field_lengths(m._term[0])[ids]
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        # whoosh.scoring.bm25, operation for operation, so that the scores are Whoosh's to the bit
        return Matches(ids, idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl))))

    def _phrase(self, m, word_matchers) -> Matches:
        """A phrase matcher's candidates (its child) that hold its words one after another, scored as the child;
        while deferring, the candidates not checked yet as well."""
        kept = self._checks.get(id(m))
        if kept is None or kept[0] is not m:
            if not all(WordPositions.readable(w) for w in word_matchers):
                return self._phrase_stepped(m)
            kept = self._checks[id(m)] = (m, PhraseCheck(self.of(m.child), [WordPositions(w) for w in word_matchers]))
        check = kept[1]
        if not self._deferring:
            check.check(check.candidates.ids)
        if not check.done():
            self._open += 1
        return check.current()

    def _phrase_stepped(self, m) -> Matches:
        """A phrase whose positions cannot be read here (postings not mapped), checked by Whoosh's matchers."""
        if type(m) is not PositionCheckingMatcher:
            return _stepped(m)
        candidates = self.of(m.child)
        held = np.fromiter((m._consecutive(int(d)) for d in candidates.ids), dtype=bool, count=len(candidates.ids))
        return _select(candidates, held)

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        key = (id(self._reader), fieldname)
        lengths = self._lengths.get(key)
        if lengths is None:
            count = self._reader.doc_count_all()
            column = self._reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                lengths = np.ones(count)  # Whoosh's default length when a field has no lengths
            else:
                stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
                lengths = np.zeros(count)
                lengths[:len(stored)] = _LENGTH_OF_BYTE[stored]
            self._lengths[key] = lengths
        return lengths

    def _children(self, m) -> Matches:
        """A NestedChildMatcher's documents: the children of each wanted parent, not deleted."""
        parents = getattr(m.parent_comb, "array", None)
        if parents is None:
            parents = np.fromiter(m.parent_comb, dtype=np.int64)
        wanted = self.exactly(m.child).ids
        follows = np.searchsorted(parents, wanted, side="right")
        ends = np.where(follows < len(parents), parents[np.minimum(follows, len(parents) - 1)], m.limit)
        starts = np.concatenate(([m._nextchild], wanted + 1))
        ends = np.concatenate(([m._nextparent], ends))
        sizes = np.maximum(ends - starts, 0)
        ids = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
        ids = ids[~np.isin(ids, self._deleted_ids())]
        return Matches(ids, np.full(len(ids), float(m.boost)))

    def _array_of(self, docnums) -> np.ndarray:
        """A set of document numbers (the segment's deleted documents, given to each term) as an array, once."""
        kept = self._arrays.get(id(docnums))
        if kept is None or kept[0] is not docnums:
            kept = self._arrays[id(docnums)] = (docnums, np.fromiter(docnums, dtype=np.int64))
        return kept[1]

    def _deleted_ids(self) -> np.ndarray:
        if self._deleted is None:
            deleted = self._reader.deleted_docs_set if self._reader.has_deletions() else ()
            self._deleted = np.fromiter(deleted, dtype=np.int64)
        return self._deleted



def _read_through(m: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """A leaf matcher's ids and weights read through Whoosh's own block reader (segments not mapped)."""
    id_blocks, weight_blocks = [], []
    start = m._i
    while m.is_active():
        if m._data is None:
            m._read_data()
        ids, weights = m._data[0], m._data[1]
        ids = np.asarray(ids, dtype=np.int64) if m._byteids else np.cumsum(np.asarray(ids, dtype=np.int64))
        count = m._blocklength
        if weights is None:
            weights = np.ones(count)
        elif isinstance(weights, float):
            weights = np.full(count, weights)
        else:
            weights = np.asarray(weights, dtype=np.float32).astype(np.float64)
        id_blocks.append(ids[start:])
        weight_blocks.append(weights[start:])
        start = 0
        m._i = count - 1
        m.next()
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)

def _stepped(m) -> Matches:
    """A matcher stepped through document by document, as Whoosh's collector does."""
    ids, scores = [], []
    while m.is_active():
        ids.append(m.id())
        scores.append(m.score())
        m.next()
    return Matches(np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64))


def _select(found: Matches, keep: np.ndarray) -> Matches:
    return Matches(found.ids[keep], found.scores[keep])


def _union(a: Matches, b: Matches, size: int) -> Matches:
    """UnionMatcher: a's score, b's, or a's + b's where both match (`size`: the segment's document count)."""
    if not len(b.ids):
        return a
    if not len(a.ids):
        return b
    if len(a.ids) + len(b.ids) < size // DENSE_SHARE:
        ids = np.union1d(a.ids, b.ids)
        scores = np.zeros(len(ids))
        scores[np.searchsorted(ids, a.ids)] = a.scores
        scores[np.searchsorted(ids, b.ids)] += b.scores
        return Matches(ids, scores)
    # over arrays as long as the segment: no sorting
    present = np.zeros(size, dtype=bool)
    present[a.ids] = True
    present[b.ids] = True
    scores = np.zeros(size)
    scores[a.ids] = a.scores
    scores[b.ids] += b.scores
    ids = np.flatnonzero(present)
    return Matches(ids, scores[ids])


def _intersection(a: Matches, b: Matches, size: int) -> Matches:
    """IntersectionMatcher: a's score + b's."""
    if not len(a.ids) or not len(b.ids):
        return _NONE
    if len(a.ids) + len(b.ids) < size // DENSE_SHARE:
        ids, in_a, in_b = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
        return Matches(ids, a.scores[in_a] + b.scores[in_b])
    in_b = np.zeros(size, dtype=bool)
    in_b[b.ids] = True
    kept = in_b[a.ids]
    ids = a.ids[kept]
    return Matches(ids, a.scores[kept] + b.scores[np.searchsorted(b.ids, ids)])


def best_hits(searcher, q, *, allowed, limit: int, lengths: dict) -> list[tuple[float, int]]:
    """The best `limit` (score, docnum) for query `q` among the documents `allowed` (a query or None),
    best first, ties by document number: what `searcher.search(q, filter=allowed, limit=limit)` returns.

    Phrases are checked lazily: first every candidate counts as a hit (its score can only be
    higher than its true one), then the best unchecked candidates are checked, a growing
    batch at a time, until the best `limit` hits hold no unchecked candidate.
    """
    context = searcher.context(needs_current=True)  # binary trees of matchers, whatever the index size
    segments = []
    for leaf, offset in searcher.leaf_searchers():
        segment = SegmentMatches(leaf, lengths, deferring=True)
        matcher = q.matcher(leaf, context)
        kept = segment.exactly(allowed.matcher(leaf, context)).ids if allowed is not None else None
        segments.append((segment, matcher, offset, kept))
    batch = max(limit, FIRST_CHECKS)
    while True:
        ids, scores, unchecked, owners = _candidates(segments)
        best = _best(ids, scores, limit)
        if not unchecked[best].any():
            return [(float(scores[i]), int(ids[i])) for i in best]
        waiting = np.flatnonzero(unchecked)
        waiting = waiting[np.lexsort((ids[waiting], -scores[waiting]))[:batch]]
        for number, (segment, _, offset, _) in enumerate(segments):
            mine = np.sort(ids[waiting[owners[waiting] == number]])
            if len(mine):
                segment.check(mine - offset)
        batch *= CHECKS_GROWTH


def _candidates(segments) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All segments' hits so far: ids, scores, whether unchecked phrase candidates, segment numbers."""
    id_parts, score_parts, unchecked_parts, owner_parts = [], [], [], []
    for number, (segment, matcher, offset, kept) in enumerate(segments):
        found = segment.of(matcher)
        if kept is not None and len(found.ids):
            found = _select(found, np.isin(found.ids, kept))
        id_parts.append(found.ids + offset)
        score_parts.append(found.scores)
        unchecked_parts.append(segment.unchecked(found.ids))
        owner_parts.append(np.full(len(found.ids), number))
    if not id_parts:
        return _NO_IDS, _NO_SCORES, np.zeros(0, dtype=bool), _NO_IDS
    return (np.concatenate(id_parts), np.concatenate(score_parts), np.concatenate(unchecked_parts),
            np.concatenate(owner_parts))


def _best(ids: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """Indexes of the best `limit` hits, best first, ties by document number."""
    candidates = np.arange(len(ids))
    if len(ids) > limit:
        # the `limit` best and every document tied with the last of them, then sorted exactly
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        candidates = np.flatnonzero(scores >= threshold)
    return candidates[np.lexsort((ids[candidates], -scores[candidates]))[:limit]]
