"""`archive search`: ask the index, then group the matching sections by statement with its title and date."""
from __future__ import annotations

from dataclasses import dataclass, field

from index import Hit, SearchFilters, SectionIndex

from .queries import country_codes_named
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


@dataclass(slots=True)
class StatementMatch:
    """One statement that matched, with its matching sections best first."""

    id: str
    title: str | None
    date: str | None
    score: float
    languages: list[str] = field(default_factory=list)
    sections: list[Hit] = field(default_factory=list)

    @property
    def snippet(self) -> str:
        return self.sections[0].snippet if self.sections else ""


def search_statements(store: Store, index: SectionIndex, request: SearchRequest) -> list[StatementMatch]:
    """Statements whose sections match, best first; raises the index's QueryError on a malformed query."""
    countries: list[str] = []
    for country in request.countries:
        countries.extend(country_codes_named(store, country) or [country])
    filters = SearchFilters(langs=request.langs, orgs=request.orgs, countries=tuple(countries),
                            since=request.since, until=request.until)
    hits = index.search(request.query, filters=filters, limit=max(1, request.limit) * HITS_PER_STATEMENT)
    grouped: dict[str, StatementMatch] = {}
    for hit in hits:
        match = grouped.get(hit.statement_id)
        if match is None:
            if len(grouped) >= request.limit:
                continue
            match = grouped[hit.statement_id] = StatementMatch(hit.statement_id, None, None, hit.score)
        match.sections.append(hit)
        if hit.lang and hit.lang not in match.languages:
            match.languages.append(hit.lang)
    _add_titles(store, grouped)
    return list(grouped.values())


def _add_titles(store: Store, grouped: dict[str, StatementMatch]) -> None:
    if not grouped:
        return
    ids = list(grouped)
    marks = ",".join("?" * len(ids))
    for row in store.rows(f"SELECT sha256, title, date FROM documents WHERE sha256 IN ({marks})", ids):
        match = grouped[row["sha256"]]
        match.title, match.date = row["title"], row["date"]
