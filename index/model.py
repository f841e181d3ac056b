"""What goes into the index and what comes out of a search; engine-neutral."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SectionDoc:
    """One index document: one section of one statement."""

    statement_id: str  # the statement's sha256
    position: int  # the section's position in the statement (0-based)
    lang: str | None  # ISO 639-1
    title: str | None
    text: str
    date: str | None  # ISO "YYYY-MM-DD" or None
    org_names: tuple[str, ...] = ()  # signatories' names
    acronyms: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes (and maybe names as written)


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching section; `snippet` wraps matched words in [[ ]]."""

    statement_id: str
    position: int
    lang: str | None
    title: str | None
    score: float
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions applied to a search; within a field values are alternatives, fields combine with AND."""

    langs: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()  # acronym or name words
    countries: tuple[str, ...] = ()  # ISO codes
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    statements: tuple[str, ...] = ()  # statement ids: only their sections
