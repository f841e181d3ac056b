"""User query strings and search filters turned into Whoosh queries."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from whoosh import query as wq
from whoosh.qparser import MultifieldParser
from whoosh.fields import Schema

from .analysis import fold
from .errors import InvalidFilterError, QueryError
from .model import SearchFilters
from .phrases import PAIR_FIELD, PAIR_SEPARATOR, PHRASE_FIELD, phrase_through_pairs
from .schema import QUERY_FIELDS, STATEMENT_FIELDS, STATEMENT_KIND, acronym_term, parse_iso_date

_FIELD_NAME = re.compile(r"(?<![\w.:/-])([^\W\d]\w*):")
_DATE_HELP = "dates look like 2020, 2020-08, 2020-08-09 or a range date:[2020-01-01 TO 2020-12-31]"
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
TITLE_BOOST = 1.5
STATEMENTS = wq.Term("kind", STATEMENT_KIND)  # matches every statement document


def _blank_quoted(text: str) -> str:
    """`text` with everything between double quotes replaced by spaces (quotes kept)."""
    return re.sub(r'"[^"]*"', lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)


def check_syntax(text: str) -> None:
    """Raise QueryError for an empty query, unbalanced quotes or brackets."""
    if not text.strip():
        raise QueryError(text, "the query is empty")
    if text.count('"') % 2:
        raise QueryError(text, 'a double quote (") is not closed')
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(_blank_quoted(text)):
        if char in _PAIRS:
            stack.append((char, index))
        elif char in _CLOSERS:
            if not stack or stack[-1][0] != _CLOSERS[char]:
                raise QueryError(text, f"{char!r} at position {index + 1} has no matching {_CLOSERS[char]!r}")
            stack.pop()
    if stack:
        char, index = stack[-1]
        raise QueryError(text, f"{char!r} at position {index + 1} is not closed")


def normalise_field_names(text: str) -> str:
    """`text` with `Field:` prefixes lower-cased; QueryError names an unknown field."""
    blanked = _blank_quoted(text)
    pieces: list[str] = []
    last = 0
    for match in _FIELD_NAME.finditer(blanked):
        name = match.group(1).lower()
        if name not in QUERY_FIELDS:
            known = ", ".join(f"{f}:" for f in QUERY_FIELDS)
            raise QueryError(text, f"unknown field {match.group(1)!r}; known fields are {known}")
        pieces.append(text[last : match.start(1)])
        pieces.append(QUERY_FIELDS[name])
        last = match.end(1)
    pieces.append(text[last:])
    return "".join(pieces)


def make_parser(schema: Schema, *, search_fields: Sequence[str]) -> MultifieldParser:
    """A parser searching `search_fields` (words AND-ed, each word OR-ed over the fields)."""
    boosts = {"title": TITLE_BOOST}
    return MultifieldParser(list(search_fields), schema, fieldboosts=boosts)


def _fit_to_schema(schema: Schema):
    """A query rewriter: drop phrases on fields without positions (the stemmed fields; the
    unstemmed `text` field answers phrases, through word pairs), reach statement fields
    from their sections, and use union trees for OR."""

    def rewrite(q: wq.Query) -> wq.Query:
        if isinstance(q, wq.Phrase) and not schema[q.fieldname].format.supports("positions"):
            return wq.NullQuery
        if isinstance(q, wq.Phrase):
            return phrase_through_pairs(q)
        if q.is_leaf() and getattr(q, "fieldname", None) in STATEMENT_FIELDS:
            return of_statements(q)
        if type(q) is wq.Or:  # Whoosh preloads small segments' matches into arrays; a union tree is faster here
            return wq.DefaultOr(q.subqueries, boost=q.boost)
        return q

    return rewrite


def of_statements(q: wq.Query) -> wq.Query:
    """The sections of the statements matching `q` (a query on statement documents)."""
    return wq.NestedChildren(STATEMENTS, q)


def _first_error(q: wq.Query) -> wq.Query | None:
    if getattr(q, "error", None):
        return q
    for child in q.children():
        found = _first_error(child)
        if found is not None:
            return found
    return None


def parse_query(text: str, *, parser: MultifieldParser) -> wq.Query:
    """The Whoosh query for a user's query string; QueryError when it is malformed."""
    check_syntax(text)
    normalised = normalise_field_names(text)
    parsed = parser.parse(normalised)
    failed = _first_error(parsed)
    if failed is not None:
        # Only the date field parses its own values, so an error with date: in the query is about a date.
        reason = _DATE_HELP if "date:" in normalised else f"cannot read a term: {failed.error}"
        raise QueryError(text, reason)
    rewritten = parsed.accept(_fit_to_schema(parser.schema)).normalize()
    if rewritten is wq.NullQuery:
        raise QueryError(text, "nothing to search for (only punctuation or empty phrases)")
    return rewritten


def highlight_terms(q: wq.Query, reader) -> dict[str, frozenset[str]]:
    """The words to highlight, by field: the query's terms outside NOT, wildcards expanded."""
    found: dict[str, set[str]] = {}

    def walk(node: wq.Query) -> None:
        if isinstance(node, (wq.Not, wq.NestedChildren)):
            return
        if node.is_leaf():
            for fieldname, term in node.existing_terms(reader, phrases=True, expand=True):
                text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                if fieldname == PAIR_FIELD:  # a two-word phrase: highlight its words
                    found.setdefault(PHRASE_FIELD, set()).update(text.split(PAIR_SEPARATOR))
                else:
                    found.setdefault(fieldname, set()).add(text)
            return
        for child in node.children():
            walk(child)

    walk(q)
    return {field: frozenset(words) for field, words in found.items()}


def _words_query(fieldname: str, value: str) -> wq.Query:
    words = [w for w in re.split(r"\W+", fold(value)) if w]
    if not words:
        return wq.NullQuery
    return wq.And([wq.Term(fieldname, w) for w in words]) if len(words) > 1 else wq.Term(fieldname, words[0])


def _any_of(queries: Iterable[wq.Query]) -> wq.Query:
    return wq.Or([q for q in queries if q is not wq.NullQuery]).normalize()


def _day(value: str, *, which: str) -> datetime:
    try:
        return parse_iso_date(value)
    except ValueError as e:
        raise InvalidFilterError(f"{which}={value}", "expected an ISO date like 2020-08-09") from e


def filter_query(filters: SearchFilters) -> wq.Query | None:
    """The Whoosh filter query for `filters`, or None when nothing is filtered."""
    parts: list[wq.Query] = []
    if filters.langs:
        parts.append(_any_of(wq.Term("lang", lang.strip().lower()) for lang in filters.langs))
    if filters.orgs:
        orgs = (_any_of([wq.Term("acronym", acronym_term(org)), _words_query("org", org)]) for org in filters.orgs)
        parts.append(of_statements(_any_of(orgs)))
    if filters.countries:
        parts.append(of_statements(_any_of(_words_query("country", country) for country in filters.countries)))
    if filters.since or filters.until:
        start = _day(filters.since, which="since") if filters.since else None
        end = _day(filters.until, which="until") + timedelta(days=1, microseconds=-1) if filters.until else None
        parts.append(wq.DateRange("date", start, end))
    return wq.And(parts).normalize() if parts else None
