"""The database schema as named, ordered migrations; each applied one is recorded in `migrations`.

Append new migrations at the end; never edit or reorder one that has shipped.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol


class Database(Protocol):
    """The part of sqlite_utils.Database the migrations use."""

    def execute(self, sql: str, parameters: Any = ...) -> Any: ...


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    statements: tuple[str, ...]


_DOCUMENTS = """
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    title TEXT,
    date TEXT,
    languages TEXT NOT NULL DEFAULT '[]',
    pages INTEGER,
    masthead TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('ok', 'needs_ocr')),
    status_detail TEXT,
    engine TEXT,
    extractor_version TEXT NOT NULL,
    ocr_pages TEXT NOT NULL DEFAULT '[]',
    ocr_confidence REAL,
    warnings TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL,
    indexed INTEGER NOT NULL DEFAULT 0
)"""

_SECTIONS = """
CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    lang TEXT,
    title TEXT,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    UNIQUE (document, position)
)"""

_ORGANISATIONS = """
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    acronym TEXT,
    country_code TEXT,
    name_key TEXT NOT NULL,
    acronym_key TEXT
)"""

_ORGANISATION_NAMES = """
CREATE TABLE organisation_names (
    id INTEGER PRIMARY KEY,
    organisation INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    acronym TEXT,
    country TEXT,
    name_key TEXT NOT NULL,
    UNIQUE (organisation, name, acronym, country)
)"""

_SIGNATURES = """
CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    organisation INTEGER NOT NULL REFERENCES organisations(id),
    position INTEGER NOT NULL,
    category TEXT,
    name TEXT NOT NULL,
    acronym TEXT,
    country TEXT,
    country_code TEXT,
    entry TEXT NOT NULL,
    UNIQUE (document, position)
)"""

_FILES = """
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    seen_at TEXT NOT NULL
)"""

_FAILURES = """
CREATE TABLE failures (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    failed_at TEXT NOT NULL
)"""

_FILE_VERSIONS = """
CREATE TABLE file_versions (
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    replaced_by TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (path, sha256)
)"""

_STATEMENTS_VIEW = """
CREATE VIEW statements_with_signatory_count AS
SELECT d.sha256, d.title, d.date, d.languages, d.pages, d.status, d.ocr_confidence, d.ingested_at,
       (SELECT COUNT(*) FROM signatures s WHERE s.document = d.sha256) AS signatories,
       (SELECT COUNT(*) FROM files f WHERE f.sha256 = d.sha256) AS paths
FROM documents d"""

_ORGANISATIONS_VIEW = """
CREATE VIEW organisations_with_statements AS
SELECT o.id, o.name, o.acronym, o.country_code,
       COUNT(DISTINCT s.document) AS statements,
       group_concat(DISTINCT s.document) AS statement_ids
FROM organisations o JOIN signatures s ON s.organisation = o.id
GROUP BY o.id"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration("001_documents_and_files", (_DOCUMENTS, _FILES, "CREATE INDEX files_by_sha256 ON files(sha256)")),
    Migration("002_sections", (_SECTIONS,)),
    Migration("003_organisations_and_signatures", (
        _ORGANISATIONS, _ORGANISATION_NAMES, _SIGNATURES,
        "CREATE INDEX organisations_by_acronym ON organisations(acronym_key, country_code)",
        "CREATE INDEX organisation_names_by_key ON organisation_names(name_key)",
        "CREATE INDEX signatures_by_organisation ON signatures(organisation)",
    )),
    Migration("004_failures", (_FAILURES,)),
    Migration("005_views", (_STATEMENTS_VIEW, _ORGANISATIONS_VIEW)),
    Migration("006_documents_by_indexed", ("CREATE INDEX documents_by_indexed ON documents(indexed)",)),
    Migration("007_file_history", (
        "ALTER TABLE files ADD COLUMN missing_since TEXT",  # NULL while the file is where it was last seen
        _FILE_VERSIONS,
    )),
    # SQLite cannot change a CHECK constraint in place: the table is rebuilt (foreign keys are off meanwhile).
    Migration("008_no_statement_status", (
        "DROP VIEW statements_with_signatory_count", "DROP VIEW organisations_with_statements",
        _DOCUMENTS.replace("CREATE TABLE documents", "CREATE TABLE documents_new")
                  .replace("('ok', 'needs_ocr')", "('ok', 'needs_ocr', 'no_statement')"),
        "INSERT INTO documents_new SELECT * FROM documents",
        "DROP TABLE documents",
        "ALTER TABLE documents_new RENAME TO documents",
        "CREATE INDEX documents_by_indexed ON documents(indexed)",
        _STATEMENTS_VIEW, _ORGANISATIONS_VIEW,
    )),
    # Documents stored as "ok" with no statement text before that status existed (manuals, invoices...).
    Migration("009_empty_documents_are_no_statement", (
        "UPDATE documents SET status = 'no_statement', status_detail = 'no statement text found', indexed = 0 "
        "WHERE status = 'ok' AND sha256 NOT IN (SELECT document FROM sections WHERE words > 0)",
        "DELETE FROM sections WHERE document IN (SELECT sha256 FROM documents WHERE status = 'no_statement')",
        "DELETE FROM signatures WHERE document IN (SELECT sha256 FROM documents WHERE status = 'no_statement')",
        "DELETE FROM organisations WHERE id NOT IN (SELECT organisation FROM signatures)",
    )),
    # Where each date came from (a dateline near the title or the signatures, or the opening text).
    Migration("010_documents_date_source", ("ALTER TABLE documents ADD COLUMN date_source TEXT",)),
    # When a file's inode last changed (no tool can set it back, as `cp -p` sets the modification time back):
    # NULL for a file recorded before, which the next ingest reads once more.
    Migration("011_files_ctime", ("ALTER TABLE files ADD COLUMN ctime REAL",)),
)

_LEDGER = "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"


def applied_migrations(db: Database) -> list[str]:
    db.execute(_LEDGER)
    return [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY name").fetchall()]


def unknown_migrations(db: Database) -> list[str]:
    """Migrations recorded in the database that this version does not know (a newer tool wrote it)."""
    known = {m.name for m in MIGRATIONS}
    return [name for name in applied_migrations(db) if name not in known]


def apply_migration(db: Database, migration: Migration) -> None:
    """Run one migration and record it; the caller holds the write transaction."""
    for statement in migration.statements:
        db.execute(statement)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", [migration.name, now])
