"""`archive search`: a query evaluated at statement level over the index's section hits, then filtered and ranked."""
from __future__ import annotations

from dataclasses import dataclass

from index import Hit, SearchFilters, SectionIndex

from .query import STORE_FIELDS, Leaf, LeafMatches, evaluate, leaves, parse
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
    tree = parse(request.query)
    langs = checked_languages(store, request.langs)
    since = check_date(request.since) if request.since else None
    until = check_date(request.until) if request.until else None
    allowed = _filtered_statements(store, request)
    dates = store.statement_dates()
    universe = set(dates) if allowed is None else set(dates) & allowed
    found = {(leaf, negated): _leaf_matches(store, index, leaf, langs=() if negated else langs)
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
    hits = _positive_hits(found, set(shown))
    headings = store.statement_headings(shown)
    matches = []
    for sid in shown:
        heading = headings.get(sid)
        sections = tuple(hits.get(sid, ()))[:SECTIONS_SHOWN]
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


def _leaf_matches(store: Store, index: SectionIndex, leaf: Leaf, *, langs: tuple[str, ...]) -> LeafMatches:
    """Every statement a leaf matches: org:/country: from the store, anything else from the index's sections."""
    if leaf.field == "org":
        return LeafMatches(scores=dict.fromkeys(signed_by(store, leaf.value), 0.0))
    if leaf.field == "country":
        codes = country_codes(store, leaf.value)
        return LeafMatches(scores=dict.fromkeys(store.statements_from_countries(sorted(codes)), 0.0))
    # The index answers sections; all of them are needed to know every statement the leaf matches. This is the
    # one place that asks the index: a native statement-level search (ids and scores, no snippets) plugs in here.
    limit = max(1, index.section_count())
    hits = index.search(leaf.text, filters=SearchFilters(langs=langs), limit=limit)
    scores: dict[str, float] = {}
    for hit in hits:
        scores[hit.statement_id] = max(scores.get(hit.statement_id, 0.0), hit.score)
    return LeafMatches(scores=scores, hits=tuple(hits))


def _positive_hits(found: dict[tuple[Leaf, bool], LeafMatches], wanted: set[str]) -> dict[str, list[Hit]]:
    """The sections the positive leaves matched in `wanted` statements, one hit per section, best first."""
    best: dict[tuple[str, int], list[Hit]] = {}
    for (leaf, negated), matches in found.items():
        if negated or leaf.field in STORE_FIELDS:
            continue
        for hit in matches.hits:
            if hit.statement_id in wanted:
                best.setdefault((hit.statement_id, hit.position), []).append(hit)
    by_statement: dict[str, list[Hit]] = {}
    for group in best.values():
        top = max(group, key=lambda h: h.score)
        merged = Hit(statement_id=top.statement_id, position=top.position, lang=top.lang, title=top.title,
                     score=sum(h.score for h in group), snippet=merged_snippet(h.snippet for h in group))
        by_statement.setdefault(top.statement_id, []).append(merged)
    for sections in by_statement.values():
        sections.sort(key=lambda h: -h.score)
    return by_statement
