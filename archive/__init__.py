"""The archive: SQLite store, ingest pipeline and the `archive` command line, built on extractor and index.

`Archive` is the library's entry point; everything the command line does goes through it:

    from archive import Archive

    with Archive.open("/srv/statements") as archive:
        archive.ingest(["examples/"])
        for match in archive.search("strike").matches:
            print(match.title, archive.statement(match.id).signatories[:3])
"""
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

__all__ = [
    "AmbiguousStatement", "Archive", "ArchiveError", "ArchiveMissing", "ArchiveStats", "ArchiveTooNew",
    "ArchiveUnreadable", "Consistency", "FileOutcome", "IngestOptions", "IngestProgress", "IngestReport",
    "OrganisationDetail", "OrganisationSummary", "Outcome", "RecordedFailure", "SearchRequest", "SearchResult",
    "Settings", "SignedStatement", "Spelling", "StatementDetail", "StatementMatch", "StatementSummary",
    "StoredSection", "StoredSignature", "UnknownLanguage", "UnknownOrganisation", "UnknownStatement",
    "WorkerStartFailed",
]
