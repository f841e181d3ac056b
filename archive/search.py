"""`archive search`: ask the index, then group the matching sections by statement with its title and date."""
from __future__ import annotations

from dataclasses import dataclass

from index import Hit, SearchFilters, SectionIndex

from .store import Store

HITS_PER_STATEMENT = 4  # sections asked of the index per statement wanted


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    langs: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO codes or country names as written in signatures
    since: str | None = None
    until: str | None = None
    limit: int = 10  # statements


@dataclass(frozen=True, slots=True)
class StatementMatch:
    """One statement that matched, with its matching sections best first."""

    id: str
    title: str | None
    date: str | None
    score: float
    languages: tuple[str, ...] = ()
    sections: tuple[Hit, ...] = ()

    @property
    def snippet(self) -> str:
        return self.sections[0].snippet if self.sections else ""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The statements that matched a request, best first."""

    request: SearchRequest
    matches: tuple[StatementMatch, ...]


def search_statements(store: Store, index: SectionIndex, request: SearchRequest) -> SearchResult:
    """Statements whose sections match, best first; raises the index's QueryError on a malformed query."""
    countries: list[str] = []
    for country in request.countries:
        countries.extend(store.country_codes_named(country) or [country])
    filters = SearchFilters(langs=request.langs, orgs=request.orgs, countries=tuple(countries),
                            since=request.since, until=request.until)
    hits = index.search(request.query, filters=filters, limit=max(1, request.limit) * HITS_PER_STATEMENT)
    by_statement: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.statement_id in by_statement or len(by_statement) < request.limit:
            by_statement.setdefault(hit.statement_id, []).append(hit)
    headings = store.statement_headings(list(by_statement))
    matches = []
    for statement_id, sections in by_statement.items():
        heading = headings.get(statement_id)
        matches.append(StatementMatch(
            id=statement_id, title=heading.title if heading else None, date=heading.date if heading else None,
            score=sections[0].score, languages=tuple(dict.fromkeys(h.lang for h in sections if h.lang)),
            sections=tuple(sections)))
    return SearchResult(request=request, matches=tuple(matches))
