"""Query trees (index.syntax) and search filters compiled into tantivy queries (same meaning as for Whoosh)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timezone

import tantivy
from tantivy import Occur, Query

from ..analysis import stemmed_field_name, words
from ..documents import acronym_term, date_bounds
from ..errors import QueryError
from ..model import SearchFilters
from ..snippets import WordStemmers
from ..syntax import And, DateSpan, Node, Not, Or, Prefix, Words

TITLE_BOOST = 1.5  # a word in the title counts half as much again as one in the text (as with Whoosh)


class QueryCompiler:
    """Compiles query trees for the stemmed languages `langs` (the fields a word is looked up in)."""

    def __init__(self, schema: tantivy.Schema, *, langs: Sequence[str], stemmers: WordStemmers) -> None:
        self._schema = schema
        self._langs = tuple(langs)
        self._stemmers = stemmers

    def compile(self, node: Node, *, text: str) -> Query:
        """The tantivy query for a parsed query; QueryError if nothing in it can be searched for."""
        q = self._node(node)
        if q is None:
            raise QueryError(text, "nothing to search for (only punctuation or empty phrases)")
        return _positive(q)

    def _node(self, node: Node) -> Query | tuple[str, Query] | None:
        """A query, or ("not", q) for what must not match, or None for nothing to search."""
        if isinstance(node, And):
            children = [q for q in map(self._node, node.children) if q is not None]
            if not children:
                return None
            clauses = [(Occur.MustNot, q[1]) if isinstance(q, tuple) else (Occur.Must, q) for q in children]
            if all(occur == Occur.MustNot for occur, _ in clauses):
                clauses.insert(0, (Occur.Must, Query.all_query()))
            return Query.boolean_query(clauses) if len(clauses) > 1 else clauses[0][1]
        if isinstance(node, Or):
            children = [_positive(q) for q in map(self._node, node.children) if q is not None]
            return _any(children)
        if isinstance(node, Not):
            child = self._node(node.child)
            if child is None:
                return None
            return _positive(child[1]) if isinstance(child, tuple) else ("not", child)
        if isinstance(node, DateSpan):
            return self._dates(node.start, node.end)
        if isinstance(node, Prefix):
            fields = ("title",) if node.field == "title" else ("title", "text")
            return _any([Query.regex_query(self._schema, f, node.text + ".*") for f in fields])
        return self._words(node)

    def _words(self, node: Words) -> Query | None:
        if node.field == "lang":
            return self._term("lang", node.text.strip().lower())
        found = words(node.text)
        if not found:
            return None
        if node.field in ("org", "country"):
            return self._exact(node.field, found)
        if node.field == "title":
            return Query.boost_query(self._exact("title", found), TITLE_BOOST)
        if len(found) > 1:
            return _any([Query.boost_query(self._exact("title", found), TITLE_BOOST), self._exact("text", found)])
        word = found[0]
        stems = []
        for lang in self._langs:
            stem = self._stemmers.stem(lang, word)
            if stem:
                stems.append(self._term(stemmed_field_name(lang), stem))
        return _any([Query.boost_query(self._term("title", word), TITLE_BOOST), self._term("text", word), *stems])

    def _term(self, field: str, value: str) -> Query:
        return Query.term_query(self._schema, field, value)

    def _exact(self, field: str, found: list[str]) -> Query:
        return self._term(field, found[0]) if len(found) == 1 else Query.phrase_query(self._schema, field, found)

    def _dates(self, start: date | None, end: date | None) -> Query:
        lower = datetime.combine(start, time.min, tzinfo=timezone.utc) if start else None
        upper = datetime.combine(end, time.max, tzinfo=timezone.utc) if end else None
        return Query.range_query(self._schema, "date", tantivy.FieldType.Date, lower, upper)

    def filter_query(self, filters: SearchFilters) -> Query | None:
        """The filter for `filters` (scoring nothing), or None when nothing is filtered."""
        parts: list[Query] = []
        start, end = date_bounds(filters.since, filters.until)
        if filters.langs:
            parts.append(_any(self._term("lang", lang.strip().lower()) for lang in filters.langs))
        if filters.orgs:
            parts.append(_any(_any([self._term("acronym", acronym_term(org)), self._all_words("org", org)])
                              for org in filters.orgs) or Query.empty_query())
        if filters.countries:
            parts.append(_any(self._all_words("country", c) for c in filters.countries) or Query.empty_query())
        if start or end:
            parts.append(self._dates(start, end))
        if filters.statements:
            parts.append(Query.term_set_query(self._schema, "statement_id", list(dict.fromkeys(filters.statements))))
        if not parts:
            return None
        return Query.const_score_query(_all(parts), 0.0)

    def _all_words(self, field: str, value: str) -> Query | None:
        found = words(value)
        return _all([self._term(field, w) for w in found]) if found else None


def _positive(q: Query | tuple[str, Query]) -> Query:
    """A query that can run on its own: a bare NOT becomes "every section except"."""
    if isinstance(q, tuple):
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, q[1])])
    return q


def _any(queries: Iterable[Query | None]) -> Query | None:
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return Query.boolean_query([(Occur.Should, q) for q in queries]) if len(queries) > 1 else queries[0]


def _all(queries: list[Query]) -> Query:
    return Query.boolean_query([(Occur.Must, q) for q in queries]) if len(queries) > 1 else queries[0]
