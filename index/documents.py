"""What both backends derive from SectionDocs: a statement's signatories once, dates, acronym terms."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import attrgetter
from dataclasses import dataclass
from datetime import date

from .analysis import fold
from .errors import InvalidFilterError
from .model import SectionDoc
from .syntax import period


@dataclass(frozen=True, slots=True)
class Signatories:
    """The organisations and countries of one statement, each once, in first-seen order."""

    names: tuple[str, ...]
    acronyms: tuple[str, ...]
    countries: tuple[str, ...]


def statement_signatories(sections: Sequence[SectionDoc]) -> Signatories:
    return Signatories(
        names=tuple(dict.fromkeys(name for doc in sections for name in doc.org_names)),
        acronyms=tuple(dict.fromkeys(a for doc in sections for a in doc.acronyms if a.strip())),
        countries=tuple(dict.fromkeys(c for doc in sections for c in doc.countries)),
    )


def acronym_term(acronym: str) -> str:
    """The indexed form of an acronym: folded, whole ("CSP-Conlutas" -> "csp-conlutas")."""
    return fold(acronym.strip()).replace(",", " ")


def indexed_date(value: str | None) -> date | None:
    """The day to index for "YYYY-MM-DD", "YYYY-MM" or "YYYY" (first day of the period), else None."""
    span = period(value) if value else None
    return span[0] if span else None


def statements_in_runs(docs: Iterable[SectionDoc]) -> Iterator[tuple[str, list[SectionDoc]]]:
    """(statement id, its sections) for each run of consecutive docs of one statement, lazily;
    a position given twice in a run is kept once (the first)."""
    for statement_id, run in groupby(docs, key=attrgetter("statement_id")):
        sections: dict[int, SectionDoc] = {}
        for doc in run:
            sections.setdefault(doc.position, doc)
        yield statement_id, list(sections.values())


def date_bounds(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The first and last day a `since`/`until` filter admits ("2020", "2020-08" or "2020-08-09")."""
    bounds: list[date | None] = []
    for value, which, pick in ((since, "since", 0), (until, "until", 1)):
        if not value:
            bounds.append(None)
            continue
        span = period(value)
        if span is None:
            raise InvalidFilterError(f"{which}={value}", "expected a date like 2020, 2020-08 or 2020-08-09")
        bounds.append(span[pick])
    return bounds[0], bounds[1]
