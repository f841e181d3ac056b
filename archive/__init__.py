"""The archive: SQLite store, ingest pipeline and the `archive` command line, built on extractor and index.

`Archive` is the library's entry point; everything the command line does goes through it:

    from archive import Archive

    with Archive.open("/srv/statements") as archive:
        archive.ingest(["examples/"])
        for match in archive.search("strike").matches:
            print(match.title, archive.statement(match.id).signatories[:3])

`import archive` loads nothing else: each name below comes from its module on first use, so that
`archive --version` and a worker process do not pay for SQLite, the index and the extractor.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import (AmbiguousStatement, ArchiveError, ArchiveMissing, ArchiveTooNew, ArchiveUnreadable,
                         UnknownLanguage, UnknownOrganisation, UnknownStatement, WorkerStartFailed)
    from .indexing import Consistency
    from .library import Archive, ArchiveStats
    from .outcome import Outcome
    from .report import FileOutcome, IngestProgress, IngestReport
    from .search import SearchRequest, SearchResult, StatementMatch
    from .settings import IngestOptions, Settings
    from .store import (OrganisationDetail, OrganisationSummary, RecordedFailure, SignedStatement, Spelling,
                        StatementDetail, StatementSummary, StoredSection, StoredSignature)

# The module that defines each public name.
_HOMES = {
    **dict.fromkeys(("AmbiguousStatement", "ArchiveError", "ArchiveMissing", "ArchiveTooNew", "ArchiveUnreadable",
                     "UnknownLanguage", "UnknownOrganisation", "UnknownStatement", "WorkerStartFailed"), ".errors"),
    "Consistency": ".indexing",
    "Archive": ".library", "ArchiveStats": ".library",
    "Outcome": ".outcome",
    **dict.fromkeys(("FileOutcome", "IngestProgress", "IngestReport"), ".report"),
    **dict.fromkeys(("SearchRequest", "SearchResult", "StatementMatch"), ".search"),
    "IngestOptions": ".settings", "Settings": ".settings",
    **dict.fromkeys(("OrganisationDetail", "OrganisationSummary", "RecordedFailure", "SignedStatement", "Spelling",
                     "StatementDetail", "StatementSummary", "StoredSection", "StoredSignature"), ".store"),
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
