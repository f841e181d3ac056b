"""The sections of the statements a query matches, with the statement documents found once per segment.

Whoosh's NestedChildren finds every parent document again for each search (a pass over
all statement documents into a bit set: most of an `--org` search's time at 100,000
sections). A segment never changes once written, so its statement documents are found
once per segment reader and kept as long as that reader lives.
"""
from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.idsets import BitSet

# Segment reader -> its statement documents; an entry goes with its reader (a new searcher after a commit).
_PARENTS: WeakKeyDictionary = WeakKeyDictionary()


class ParentDocs(BitSet):
    """Whoosh's bit set of parent documents, with the same document numbers as a sorted array."""

    def __init__(self, docnums: np.ndarray, *, size: int) -> None:
        super().__init__(docnums.tolist(), size=size)
        self.array = docnums


def parent_docs(searcher, parents: wq.Query) -> ParentDocs:
    """The documents of one segment's `searcher` matching `parents`, cached per segment reader."""
    reader = searcher.reader()
    cached = _PARENTS.get(reader)
    if cached is None or cached[0] != parents:
        docnums = np.fromiter(searcher.docs_for_query(parents), dtype=np.int64)
        cached = (parents, ParentDocs(np.sort(docnums), size=searcher.doc_count_all()))
        _PARENTS[reader] = cached
    return cached[1]


class StatementSections(wq.NestedChildren):
    """NestedChildren(parents, q) whose parent documents are cached per segment."""

    def matcher(self, searcher, context=None):
        if not searcher.reader().is_atomic():  # a multi-segment searcher: NestedChildren asks each segment
            return super().matcher(searcher, context)
        bits = parent_docs(searcher, self.parents)
        if not bits:
            return matching.NullMatcher
        m = self.child.matcher(searcher, context)
        if not m.is_active():
            return matching.NullMatcher
        return self.NestedChildMatcher(bits, m, searcher.doc_count_all(), searcher.reader().is_deleted,
                                       boost=self.boost)
