"""`archive search`: a query evaluated at statement level over the statements each leaf matches, filtered and ranked.

The query is parsed once, by the index's parser (`index.parse_query`). Each leaf is answered as a
whole set of statements with their best section's score (`SectionIndex.statement_scores`: no
snippets, no stored fields), the tree combines the sets, and only the statements shown are asked
for their matching sections and snippets.
"""
from __future__ import annotations

from dataclasses import dataclass

from index import Hit, Leaf, Node, Prefix, QueryError, SearchFilters, SectionIndex, Words, describe_query, parse_query

from .query import STORE_FIELDS, evaluate, leaves, positive_text_leaves
from .search_filters import check_date, checked_languages, country_codes, in_period, signed_by
from .snippets import merged_snippet
from .store import Store

__all__ = ["SearchRequest", "SearchResult", "StatementMatch", "check_date", "search_statements"]

SECTIONS_SHOWN = 4  # matching sections kept per statement, best first


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    langs: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()  # each one organisation (acronym, name, any spelling); all of them signed
    countries: tuple[str, ...] = ()  # ISO codes or names in any language the extractor knows
    since: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    until: str | None = None
    undated: bool = False  # with since/until, keep statements that have no date
    limit: int = 10  # statements


@dataclass(frozen=True, slots=True)
class StatementMatch:
    """One statement that matched, with its matching sections best first."""

    id: str
    title: str | None
    date: str | None
    score: float
    file: str | None = None
    languages: tuple[str, ...] = ()
    sections: tuple[Hit, ...] = ()

    @property
    def snippet(self) -> str:
        """The matching sections' snippets, fragments that repeat or overlap left out."""
        return merged_snippet(h.snippet for h in self.sections)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The statements that matched a request, best first: `matches` is the first `limit` of `total`."""

    request: SearchRequest
    matches: tuple[StatementMatch, ...]
    total: int = 0
    undated_left_out: int = 0  # matched, but left out by since/until for lack of a date


def search_statements(store: Store, index: SectionIndex, request: SearchRequest) -> SearchResult:
    """Statements matching the query and filters, best first; QueryError (index) for a malformed query."""
    tree = parse_query(request.query)
    langs = checked_languages(store, request.langs)
    since = check_date(request.since) if request.since else None
    until = check_date(request.until) if request.until else None
    allowed = _filtered_statements(store, request)
    dates = store.statement_dates()
    universe = set(dates) if allowed is None else set(dates) & allowed
    found = {(leaf, negated): _leaf_scores(store, index, leaf, langs=() if negated else langs)
             for leaf, negated in dict.fromkeys(leaves(tree))}
    scores = {sid: score for sid, score in evaluate(tree, found, universe).items() if sid in universe}
    undated_left_out = 0
    if since or until:
        undated_left_out = sum(1 for sid in scores if dates.get(sid) is None) if not request.undated else 0
        scores = {sid: score for sid, score in scores.items()
                  if in_period(dates.get(sid), since=since, until=until)
                  or (request.undated and dates.get(sid) is None)}
    ranked = sorted(scores, key=lambda sid: (-scores[sid], dates.get(sid) is None, dates.get(sid) or "", sid))
    shown = ranked[:max(1, request.limit)]
    headings = store.statement_headings(shown)
    sections_of = _matching_sections(index, positive_text_leaves(tree), shown, langs=langs)
    matches = []
    for sid in shown:
        heading = headings.get(sid)
        sections = sections_of.get(sid, ())
        matches.append(StatementMatch(
            id=sid, title=heading.title if heading else None, date=heading.date if heading else None,
            file=heading.file if heading else None, score=scores[sid],
            languages=tuple(dict.fromkeys(h.lang for h in sections if h.lang)), sections=sections))
    return SearchResult(request=request, matches=tuple(matches), total=len(scores),
                        undated_left_out=undated_left_out)


def _filtered_statements(store: Store, request: SearchRequest) -> set[str] | None:
    """Statements the --org and --country options allow, or None when they are not given."""
    allowed: set[str] | None = None
    codes: set[str] = set()
    for country in request.countries:
        codes |= country_codes(store, country)
    if codes:
        allowed = store.statements_from_countries(sorted(codes))
    for org in request.orgs:
        signed = signed_by(store, org, countries=codes)
        allowed = signed if allowed is None else allowed & signed
    return allowed


def _leaf_scores(store: Store, index: SectionIndex, leaf: Leaf, *, langs: tuple[str, ...]) -> dict[str, float]:
    """Every statement a leaf matches: org:/country: from the store, anything else from the index."""
    if isinstance(leaf, Words) and leaf.field == "org":
        return dict.fromkeys(signed_by(store, leaf.text), 0.0)
    if isinstance(leaf, Words) and leaf.field == "country":
        codes = country_codes(store, leaf.text)
        return dict.fromkeys(store.statements_from_countries(sorted(codes)), 0.0)
    if isinstance(leaf, Prefix) and leaf.field in STORE_FIELDS:
        raise QueryError(describe_query(leaf), f"{leaf.field}: takes a name, not a prefix with *")
    return index.statement_scores(leaf, filters=SearchFilters(langs=langs))


def _matching_sections(index: SectionIndex, matched: Node | None, shown: list[str], *,
                       langs: tuple[str, ...]) -> dict[str, tuple[Hit, ...]]:
    """Statement id -> its sections that the query's positive words matched, best first, with snippets."""
    if matched is None or not shown:
        return {}
    hits = index.search(matched, filters=SearchFilters(langs=langs, statements=tuple(shown)),
                        limit=len(shown) * SECTIONS_SHOWN, per_statement=SECTIONS_SHOWN)
    found: dict[str, list[Hit]] = {}
    for h in hits:
        found.setdefault(h.statement_id, []).append(
            Hit(statement_id=h.statement_id, position=h.position, lang=h.lang, title=h.title, score=h.score,
                snippet=merged_snippet([h.snippet])))
    return {sid: tuple(sections) for sid, sections in found.items()}
