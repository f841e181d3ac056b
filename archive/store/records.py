"""What the store returns: typed, frozen rows. Field order is the order `--json` and exports show."""
from __future__ import annotations

from dataclasses import dataclass

from extractor import MastheadLine


@dataclass(frozen=True, slots=True)
class FileSeen:
    """A path found on disk, with what identifies its content."""

    path: str
    sha256: str
    size: int
    mtime: float
    read_at: float | None = None  # when its content was last read (epoch seconds), recorded as seen_at; None: now
    ctime: float | None = None  # when its inode last changed (None: not known)


@dataclass(frozen=True, slots=True)
class RecordedFile:
    """What the archive recorded of a path when it last read it."""

    sha256: str
    size: int
    mtime: float
    seen_at: str  # when its content was read: ISO 8601, UTC, to the second
    ctime: float | None  # when its inode last changed (None: recorded before this was kept)


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What the ingest needs to know of a document already stored."""

    sha256: str
    status: str
    extractor_version: str


@dataclass(frozen=True, slots=True)
class RecordedFailure:
    """A file that could not be ingested, and why."""

    path: str
    sha256: str | None
    kind: str  # an Outcome value: failed, timed_out, crashed or unreadable
    reason: str
    extractor_version: str
    failed_at: str


@dataclass(frozen=True, slots=True)
class FileVersion:
    """`path` held statement `sha256` until `replaced_at`, when a corrected file (`replaced_by`) took its place."""

    path: str
    sha256: str
    replaced_by: str
    replaced_at: str


@dataclass(frozen=True, slots=True)
class StoredSection:
    position: int
    lang: str | None
    title: str | None
    text: str
    words: int


@dataclass(frozen=True, slots=True)
class StoredSignature:
    position: int
    category: str | None
    name: str
    acronym: str | None
    country: str | None  # as written
    country_code: str | None
    entry: str  # the entry as a list prints it
    organisation: int  # the organisation's id


@dataclass(frozen=True, slots=True)
class StatementDetail:
    """A stored statement as `archive show` presents it."""

    id: str
    title: str | None
    date: str | None
    date_source: str | None  # where the date was found (see extractor.Statement.date_source)
    status: str
    status_detail: str | None
    pages: int | None
    languages: tuple[str, ...]
    engine: str | None
    extractor_version: str
    ocr_pages: tuple[int, ...]
    ocr_confidence: float | None
    warnings: tuple[str, ...]
    ingested_at: str
    paths: tuple[str, ...]
    masthead: tuple[MastheadLine, ...]
    sections: tuple[StoredSection, ...]
    signatories: tuple[StoredSignature, ...]
    versions: tuple[FileVersion, ...] = ()  # earlier and later contents of its files' paths


@dataclass(frozen=True, slots=True)
class StatementSummary:
    """One line of `archive list`."""

    id: str
    title: str | None
    date: str | None
    languages: tuple[str, ...]
    pages: int | None
    status: str
    signatories: int
    ocr_confidence: float | None
    ingested_at: str
    file: str | None  # the first of its paths


@dataclass(frozen=True, slots=True)
class StatementHeading:
    """What a search result shows of a statement besides its matching sections."""

    id: str
    title: str | None
    date: str | None
    file: str | None  # the first of its paths


@dataclass(frozen=True, slots=True)
class OrganisationSummary:
    """One line of `archive orgs`."""

    id: int
    name: str
    acronym: str | None
    country_code: str | None
    statements: int


@dataclass(frozen=True, slots=True)
class Spelling:
    """One way an organisation was written in a signatory list."""

    name: str
    acronym: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class SignedStatement:
    """A statement an organisation signed, with the entry it signed under."""

    id: str
    title: str | None
    date: str | None
    entry: str
    category: str | None


@dataclass(frozen=True, slots=True)
class OrganisationDetail:
    id: int
    name: str
    acronym: str | None
    country_code: str | None
    spellings: tuple[Spelling, ...]
    statements: tuple[SignedStatement, ...]


@dataclass(frozen=True, slots=True)
class ArchiveCounts:
    """What the database holds."""

    database: str
    statements: int
    needs_ocr: int
    files: int
    failed_files: int
    pages: int
    sections: int
    signatures: int
    organisations: int
    languages: dict[str, int]  # sections per language, most first
    not_indexed: int
    migrations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SectionToIndex:
    """A stored section with what the index needs of its statement: its date and its signatures."""

    statement_id: str
    position: int
    lang: str | None
    title: str | None
    text: str
    date: str | None


@dataclass(frozen=True, slots=True)
class SignatureToIndex:
    statement_id: str
    name: str
    acronym: str | None
    country: str | None
    country_code: str | None


@dataclass(frozen=True, slots=True)
class IndexBookkeeping:
    """What the database says the index should hold."""

    with_sections: frozenset[str]  # statements that have sections
    sections: int
    pending: tuple[str, ...]  # stored but not yet marked indexed


@dataclass(frozen=True, slots=True)
class SignatureRow:
    """One signature of one statement, as `archive export --what signatories` writes it."""

    statement_id: str
    date: str | None
    title: str | None
    file: str | None
    organisation_id: int
    organisation: str  # the organisation's name (its first spelling seen)
    name: str  # as written in this statement
    acronym: str | None
    country: str | None  # as written
    country_code: str | None
    category: str | None


@dataclass(frozen=True, slots=True)
class CoSigner:
    """An organisation that signed with another, and the statements they both signed."""

    id: int
    name: str
    acronym: str | None
    country_code: str | None
    statements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NetworkNode:
    id: int
    name: str
    acronym: str | None
    country_code: str | None
    statements: int


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: int  # organisation ids
    target: int
    statements: int  # statements both signed


@dataclass(frozen=True, slots=True)
class OrganisationCosigners:
    """An organisation, how many statements it signed, and who signed them with it."""

    id: int
    name: str
    acronym: str | None
    country_code: str | None
    statements: int
    cosigners: tuple[CoSigner, ...]
