"""The SQLite store: named migrations, one transaction per document, typed rows out. All of the archive's SQL lives here."""
from ._catalogue import Catalogue
from ._database import file_integrity_problems
from ._file_history import FileHistory
from ._ingest_records import IngestRecords
from ._research import ResearchReads
from .records import (ArchiveCounts, CoSigner, FileSeen, FileVersion, IndexBookkeeping, NetworkEdge, NetworkNode,
                      OrganisationCosigners, OrganisationDetail, OrganisationSummary, RecordedFailure, RecordedFile,
                      SectionToIndex, SignatureRow, SignatureToIndex, SignedStatement, Spelling, StatementDetail,
                      StatementHeading, StatementSummary, StoredDocument, StoredSection, StoredSignature)


class Store(IngestRecords, FileHistory, Catalogue, ResearchReads):
    """One archive database: `Store.open(path, create=...)`, then the ingest's writes and the catalogue's reads."""


__all__ = [
    "ArchiveCounts", "CoSigner", "FileSeen", "FileVersion", "IndexBookkeeping", "NetworkEdge", "NetworkNode",
    "OrganisationCosigners", "OrganisationDetail", "OrganisationSummary", "RecordedFailure", "RecordedFile",
    "SectionToIndex", "SignatureRow", "SignatureToIndex", "SignedStatement", "Spelling", "StatementDetail",
    "StatementHeading", "StatementSummary", "Store", "StoredDocument", "StoredSection", "StoredSignature",
    "file_integrity_problems",
]
