"""Query trees (index.syntax) and search filters compiled into Whoosh queries."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from whoosh import query as wq

from ..analysis import stemmed_field_name, words
from ..documents import acronym_term, date_bounds
from ..errors import QueryError
from ..model import SearchFilters
from ..snippets import WordStemmers
from ..syntax import And, DateSpan, Node, Not, Or, Prefix, Words
from .nested import StatementSections
from .phrases import CheckedPhrase, DeferredAnd, phrase_through_pairs
from .schema import SECTION_KIND, STATEMENTS

TITLE_BOOST = 1.5  # a word in the title counts half as much again as one in the text
SECTIONS = wq.Term("kind", SECTION_KIND)


def of_statements(q: wq.Query) -> wq.Query:
    """The sections of the statements matching `q` (a query on statement documents)."""
    return StatementSections(STATEMENTS, q)


class QueryCompiler:
    """Compiles query trees for the stemmed languages `langs` (the fields a word is looked up in)."""

    def __init__(self, *, langs: Sequence[str], stemmers: WordStemmers) -> None:
        self._langs = tuple(langs)
        self._stemmers = stemmers

    def compile(self, node: Node, *, text: str) -> wq.Query:
        """The Whoosh query for a parsed query; QueryError if nothing in it can be searched for.

        The query matches section documents only, so that searches need no mask of statement
        documents: with a mask Whoosh scores every match instead of skipping blocks that
        cannot reach the top hits.
        """
        q = self._node(node)
        if q is None:
            raise QueryError(text, "nothing to search for (only punctuation or empty phrases)")
        return _sections_only(q)

    def _node(self, node: Node) -> wq.Query | None:
        if isinstance(node, And):
            children = [q for q in map(self._node, node.children) if q is not None]
            if children and all(isinstance(q, wq.Not) for q in children):
                children.insert(0, SECTIONS)
            return (DeferredAnd(children) if len(children) > 1 else children[0]) if children else None
        if isinstance(node, Or):
            children = [_sections_only(q) for q in map(self._node, node.children) if q is not None]
            return (wq.DefaultOr(children) if len(children) > 1 else children[0]) if children else None
        if isinstance(node, Not):
            child = self._node(node.child)
            return wq.Not(child) if child is not None else None
        if isinstance(node, DateSpan):
            return _date_range(node.start, node.end)
        if isinstance(node, Prefix):
            fields = ("title",) if node.field == "title" else ("title", "text")
            return _any([wq.Prefix(f, node.text) for f in fields])
        return self._words(node)

    def _words(self, node: Words) -> wq.Query | None:
        if node.field == "lang":
            return wq.Term("lang", node.text.strip().lower())
        found = words(node.text)
        if not found:
            return None
        if node.field in ("org", "country"):
            return of_statements(_exact(node.field, found))
        if node.field == "title":
            return _exact("title", found, boost=TITLE_BOOST)
        if len(found) > 1:
            return _any([_exact("title", found, boost=TITLE_BOOST), phrase_through_pairs(wq.Phrase("text", found))])
        word = found[0]
        stems = {}
        for lang in self._langs:
            stem = self._stemmers.stem(lang, word)
            if stem:
                stems[stemmed_field_name(lang)] = stem
        return _any([wq.Term("title", word, boost=TITLE_BOOST), wq.Term("text", word),
                     *(wq.Term(field, stem) for field, stem in stems.items())])


def _sections_only(q: wq.Query) -> wq.Query:
    """`q`, or for a bare NOT (which would match statement documents too) the sections without."""
    return wq.AndNot(SECTIONS, q.query) if isinstance(q, wq.Not) else q


def _exact(field: str, found: list[str], *, boost: float = 1.0) -> wq.Query:
    return wq.Term(field, found[0], boost=boost) if len(found) == 1 else CheckedPhrase(field, found, boost=boost)


def _any(queries: Iterable[wq.Query]) -> wq.Query | None:
    queries = [q for q in queries if q is not None and q is not wq.NullQuery]
    if not queries:
        return None
    return wq.DefaultOr(queries) if len(queries) > 1 else queries[0]


def _date_range(start: date | None, end: date | None) -> wq.Query:
    return wq.DateRange("date", datetime.combine(start, time.min) if start else None,
                        datetime.combine(end, time.max) if end else None)


def _words_query(field: str, value: str) -> wq.Query | None:
    found = words(value)
    if not found:
        return None
    return wq.And([wq.Term(field, w) for w in found]) if len(found) > 1 else wq.Term(field, found[0])


def kept_to_statements(q: wq.Query, statements: Sequence[str]) -> wq.Query:
    """`q` on the sections of `statements` only (when any are given), scored as `q` alone (boost 0).

    Part of the query rather than of the filter: the few sections of a few statements are
    intersected with `q`'s matches, where a filter would be checked against every match.
    """
    if not statements:
        return q
    kept = _any(wq.Term("statement_id", sid, boost=0.0) for sid in dict.fromkeys(statements))
    return DeferredAnd([q, kept])


def filter_query(filters: SearchFilters) -> wq.Query | None:
    """The Whoosh filter query for `filters` but `statements` (see kept_to_statements), or None."""
    parts: list[wq.Query] = []
    start, end = date_bounds(filters.since, filters.until)
    if filters.langs:
        parts.append(_any(wq.Term("lang", lang.strip().lower()) for lang in filters.langs))
    if filters.orgs:
        orgs = (_any([wq.Term("acronym", acronym_term(org)), _words_query("org", org)]) for org in filters.orgs)
        parts.append(of_statements(_any(orgs) or wq.NullQuery))
    if filters.countries:
        parts.append(of_statements(_any(_words_query("country", c) for c in filters.countries) or wq.NullQuery))
    if start or end:
        parts.append(_date_range(start, end))
    return wq.And(parts) if len(parts) > 1 else (parts[0] if parts else None)
