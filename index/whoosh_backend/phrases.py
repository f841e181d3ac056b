"""Fast exact phrases: common word pairs and positions.

Whoosh answers a phrase by reading the positions of every section holding all its
words; for phrases of common words ("de la grève") that is most of the index. Each
pair of consecutive words of which one is common (a stop word of some language) is
also indexed in `text_2` (no positions), as Lucene's "common grams" do. A phrase then
takes its candidates from the pairs and the remaining words, which are rarer, and its
positions are read only in those candidates.
"""
from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import IntersectionMatcher, NullMatcher, WrappingMatcher
from whoosh.matching.binary import BiMatcher
from whoosh.reading import TermNotFound
from whoosh.util import make_binary_tree

from ..analysis import is_common_pair

PHRASE_FIELD = "text"
PAIR_FIELD = "text_2"
PAIR_SEPARATOR = " "


def phrase_through_pairs(q: wq.Query) -> wq.Query:
    """A query-rewriting function: phrases on `text` (slop 1) answered through pairs and positions."""
    if not isinstance(q, wq.Phrase) or q.fieldname != PHRASE_FIELD or q.slop != 1 or len(q.words) < 2:
        return q
    words = list(q.words)
    if len(words) == 2 and is_common_pair(*words):
        return wq.Term(PAIR_FIELD, PAIR_SEPARATOR.join(words), boost=q.boost)
    return PairedPhrase(words, boost=q.boost)


class PairedPhrase(wq.Query):
    """Sections holding `words` consecutively in `text`: candidates from pairs and words, checked by position."""

    def __init__(self, words: list[str], *, boost: float = 1.0) -> None:
        self.words = list(words)
        self.boost = boost
        self.fieldname = PHRASE_FIELD

    def __eq__(self, other) -> bool:
        return isinstance(other, PairedPhrase) and self.words == other.words and self.boost == other.boost

    def __hash__(self) -> int:
        return hash((PairedPhrase, tuple(self.words), self.boost))

    def __repr__(self) -> str:
        return f"PairedPhrase({self.words!r}, boost={self.boost})"

    def __str__(self) -> str:
        return f'{self.fieldname}:"{" ".join(self.words)}"'

    def field(self) -> str:
        return self.fieldname

    def has_terms(self) -> bool:
        return True

    def terms(self, phrases: bool = True):
        if phrases:
            for word in self.words:
                yield (self.fieldname, word)

    def candidates(self) -> wq.Query:
        """Common pairs as pair terms; words in no common pair as word terms."""
        terms: list[wq.Query] = []
        covered: set[int] = set()
        for index, (first, second) in enumerate(zip(self.words, self.words[1:])):
            if is_common_pair(first, second):
                terms.append(wq.Term(PAIR_FIELD, f"{first}{PAIR_SEPARATOR}{second}"))
                covered.update((index, index + 1))
        terms += [wq.Term(PHRASE_FIELD, word) for index, word in enumerate(self.words) if index not in covered]
        return DeferredAnd(terms, boost=self.boost)

    def estimate_size(self, ixreader) -> int:
        return self.candidates().estimate_size(ixreader)

    def matcher(self, searcher, context=None):
        candidates = self.candidates().matcher(searcher, context)
        reader = searcher.reader()
        try:
            postings = [reader.postings(self.fieldname, word) for word in self.words]
        except TermNotFound:
            return NullMatcher()
        return PositionCheckingMatcher(candidates, postings)


class CheckedPhrase(wq.Phrase):
    """Whoosh's exact phrase (slop 1), matched as Whoosh matches it (the words' intersection, scored as
    such, where the words follow one another) by a PositionCheckingMatcher instead of Whoosh's span
    matcher, which steps to its first match as soon as it is made."""

    def matcher(self, searcher, context=None):
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or self.slop != 1 or not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        words = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, word) not in reader:
                return NullMatcher()
            words.append(word)
        terms = [wq.Term(self.fieldname, word).matcher(searcher, context) for word in words]
        postings = [reader.postings(self.fieldname, word) for word in words]
        m = PositionCheckingMatcher(make_binary_tree(DeferredIntersection, terms), postings)
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


class PositionCheckingMatcher(WrappingMatcher):
    """Passes on the candidates whose word positions hold the words one after another.

    The first candidate is checked when first asked for, not when the matcher is made: the
    array scoring (vectorized.py) checks all candidates at once and never steps the matcher.
    """

    def __init__(self, child, postings, boost: float = 1.0) -> None:
        super().__init__(child, boost=boost)
        self._postings = postings
        self._settled = False

    def _replacement(self, newchild):
        return PositionCheckingMatcher(newchild, self._postings, boost=self.boost)

    def copy(self):
        return PositionCheckingMatcher(self.child.copy(), [m.copy() for m in self._postings], boost=self.boost)

    def supports_block_quality(self) -> bool:
        return False

    def is_active(self):
        self._ready()
        return self.child.is_active()

    def id(self):
        self._ready()
        return self.child.id()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    def reset(self):
        self.child.reset()
        for postings in self._postings:
            postings.reset()
        self._settled = False

    def supports(self, astype):
        self._ready()
        return self.child.supports(astype)

    def value(self):
        self._ready()
        return self.child.value()

    def value_as(self, astype):
        self._ready()
        return self.child.value_as(astype)

    def spans(self):
        self._ready()
        return self.child.spans()

    def weight(self):
        self._ready()
        return self.child.weight() * self.boost

    def score(self):
        self._ready()
        return self.child.score() * self.boost

    def next(self):
        self._ready()
        self.child.next()
        self._settle()
        return True

    def skip_to(self, docnum):
        self.child.skip_to(docnum)
        self._settle()
        return True

    def _ready(self) -> None:
        if not self._settled:
            self._settle()

    def _settle(self) -> None:
        self._settled = True
        while self.child.is_active() and not self._consecutive(self.child.id()):
            self.child.next()
    def _consecutive(self, docnum: int) -> bool:
        positions = []
        for postings in self._postings:
            if postings.is_active() and postings.id() < docnum:
                postings.skip_to(docnum)
            if not postings.is_active() or postings.id() != docnum:
                return False
            positions.append(postings.value_as("positions"))
        later = [set(p) for p in positions[1:]]
        return any(all(start + offset in words for offset, words in enumerate(later, start=1))
                   for start in positions[0])


class DeferredIntersection(IntersectionMatcher):
    """Whoosh's IntersectionMatcher, which steps to the first document its two matchers share when
    first asked rather than when made (the array scoring intersects them whole, see vectorized.py)."""

    def __init__(self, a, b) -> None:
        BiMatcher.__init__(self, a, b)
        self._started = False

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self._find_first()

    def reset(self):
        self._started = True
        super().reset()


def _starting(name: str):
    def method(self, *args):
        self._start()
        return getattr(IntersectionMatcher, name)(self, *args)
    method.__name__ = name
    return method


for _name in ("replace", "is_active", "id", "all_ids", "skip_to", "skip_to_quality", "next", "spans", "score",
              "weight", "block_quality", "supports", "value", "value_as", "matching_terms", "all_items"):
    setattr(DeferredIntersection, _name, _starting(_name))


class DeferredAnd(wq.And):
    """Whoosh's And, its intersections deferred (see DeferredIntersection)."""

    def _matcher(self, subs, searcher, context):
        reader = searcher.reader()
        return self._tree_matcher(subs, DeferredIntersection, searcher, context, lambda q: 0 - q.estimate_size(reader))
