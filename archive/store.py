"""The SQLite store (the only module that imports sqlite_utils): open, migrate, write documents, read rows."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from extractor import Signatory, Statement

from .errors import ArchiveMissing, ArchiveTooNew, ArchiveUnreadable
from .migrations import apply_migration, pending_migrations, unknown_migrations
from .organisations import acronym_key, name_key, signature_entry


@dataclass(frozen=True, slots=True)
class FileSeen:
    """A path found on disk, with what identifies its content."""

    path: str
    sha256: str
    size: int
    mtime: float


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What the ingest needs to know of a document already stored."""

    sha256: str
    status: str
    extractor_version: str


@dataclass(frozen=True, slots=True)
class RecordedFailure:
    path: str
    sha256: str | None
    kind: str
    reason: str
    extractor_version: str


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Store:
    """One archive database. Each document is written in one transaction."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self._db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool) -> Store:
        """Open (and migrate) the database at `path`; with create=False a missing archive is an error."""
        if not path.exists():
            if not create:
                raise ArchiveMissing(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite_utils.Database(path)
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA foreign_keys = ON")
            if db.journal_mode != "wal":
                db.enable_wal()
            store = cls(db, path)
            store._migrate()
        except sqlite3.DatabaseError as e:
            raise ArchiveUnreadable(path, str(e)) from e
        return store

    def _migrate(self) -> None:
        unknown = unknown_migrations(self._db)
        if unknown:
            raise ArchiveTooNew(self.path, unknown)
        for migration in pending_migrations(self._db):
            apply_migration(self._db, migration, atomic=self._db.atomic)

    def close(self) -> None:
        self._db.close()

    # -- reading -------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query; rows as dicts."""
        return list(self._db.query(sql, params))

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._db.execute(sql, params).fetchone()
        return row[0] if row else None

    def migrations(self) -> list[str]:
        return [row["name"] for row in self.rows("SELECT name FROM migrations ORDER BY name")]

    def stored_documents(self, sha256s: Iterable[str]) -> dict[str, StoredDocument]:
        wanted = sorted(set(sha256s))
        found: dict[str, StoredDocument] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for row in self.rows(f"SELECT sha256, status, extractor_version FROM documents WHERE sha256 IN ({marks})", chunk):
                found[row["sha256"]] = StoredDocument(**row)
        return found

    def known_paths(self, paths: Iterable[str]) -> dict[str, str]:
        """path -> sha256 for the paths already recorded."""
        wanted = sorted(set(paths))
        found: dict[str, str] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for row in self.rows(f"SELECT path, sha256 FROM files WHERE path IN ({marks})", chunk):
                found[row["path"]] = row["sha256"]
        return found

    def failures(self) -> dict[str, RecordedFailure]:
        rows = self.rows("SELECT path, sha256, kind, reason, extractor_version FROM failures ORDER BY path")
        return {row["path"]: RecordedFailure(**row) for row in rows}

    def unindexed(self, *, limit: int) -> list[str]:
        return [r["sha256"] for r in self.rows(
            "SELECT sha256 FROM documents WHERE indexed = 0 ORDER BY ingested_at, sha256 LIMIT ?", [limit])]

    # -- writing -------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._db.atomic():
            yield

    def save_statement(self, statement: Statement, *, files: Sequence[FileSeen]) -> None:
        """Store (or replace) one extracted statement with its paths, waiting to be indexed."""
        languages = list(dict.fromkeys(statement.languages))
        document = {
            "sha256": statement.sha256, "title": statement.title, "date": statement.date,
            "languages": json.dumps(languages), "pages": statement.pages,
            "masthead": json.dumps([{"lang": m.lang, "text": m.text} for m in statement.masthead], ensure_ascii=False),
            "status": "ok", "status_detail": None, "engine": statement.engine,
            "extractor_version": statement.extractor_version,
            "ocr_pages": json.dumps(list(statement.ocr_pages)), "ocr_confidence": statement.ocr_confidence,
            "warnings": json.dumps(list(statement.warnings), ensure_ascii=False),
        }
        with self._transaction():
            self._replace_document(document)
            self._db["sections"].insert_all([
                {"document": statement.sha256, "position": i, "lang": s.lang, "title": s.title,
                 "text": s.text, "words": len(s.text.split())}
                for i, s in enumerate(statement.sections)
            ])
            for position, signatory in enumerate(statement.signatories):
                self._insert_signature(statement.sha256, position, signatory)
            self._record_files(files)

    def save_needs_ocr(self, sha256: str, *, detail: str, extractor_version: str, files: Sequence[FileSeen]) -> None:
        """Store a document that has no text layer, so a later ingest with Tesseract picks it up.

        A document already stored with its text (OCRed earlier) keeps it; one already waiting for OCR
        is left as it is, so that ingesting again changes nothing.
        """
        document = {
            "sha256": sha256, "title": None, "date": None, "languages": "[]", "pages": None, "masthead": "[]",
            "status": "needs_ocr", "status_detail": detail, "engine": None,
            "extractor_version": extractor_version, "ocr_pages": "[]", "ocr_confidence": None, "warnings": "[]",
        }
        with self._transaction():
            status = self.scalar("SELECT status FROM documents WHERE sha256 = ?", [sha256])
            if status is None:
                self._replace_document(document)
            elif status == "needs_ocr":
                self._db.execute("UPDATE documents SET status_detail = ?, extractor_version = ? WHERE sha256 = ?",
                                 [detail, extractor_version, sha256])
            self._record_files(files)

    def record_files(self, files: Sequence[FileSeen]) -> None:
        """Remember more paths of documents already stored."""
        with self._transaction():
            self._record_files(files)

    def record_failure(self, *, path: str, sha256: str | None, kind: str, reason: str, extractor_version: str) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO failures (path, sha256, kind, reason, extractor_version, failed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", [path, sha256, kind, reason, extractor_version, _now()])

    def mark_indexed(self, sha256s: Sequence[str]) -> None:
        with self._transaction():
            for chunk in _chunks(sha256s):
                marks = ",".join("?" * len(chunk))
                self._db.execute(f"UPDATE documents SET indexed = 1 WHERE sha256 IN ({marks})", list(chunk))

    def mark_all_unindexed(self) -> None:
        with self._transaction():
            self._db.execute("UPDATE documents SET indexed = 0")

    def _replace_document(self, document: dict[str, Any]) -> None:
        sha = document["sha256"]
        if self.scalar("SELECT 1 FROM documents WHERE sha256 = ?", [sha]):
            self._db.execute("DELETE FROM sections WHERE document = ?", [sha])
            self._db.execute("DELETE FROM signatures WHERE document = ?", [sha])
            self._db.execute("DELETE FROM organisations WHERE id NOT IN (SELECT organisation FROM signatures)")
        columns = list(document) + ["ingested_at", "indexed"]
        values = list(document.values()) + [_now(), 0]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "sha256")
        self._db.execute(
            f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT (sha256) DO UPDATE SET {updates}", values)

    def _record_files(self, files: Sequence[FileSeen]) -> None:
        for f in files:
            self._db.execute(
                "INSERT INTO files (path, sha256, size, mtime, seen_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, "
                "mtime = excluded.mtime, seen_at = excluded.seen_at", [f.path, f.sha256, f.size, f.mtime, _now()])
            self._db.execute("DELETE FROM failures WHERE path = ?", [f.path])

    def _insert_signature(self, sha256: str, position: int, signatory: Signatory) -> None:
        organisation = self._organisation_for(signatory)
        self._db.execute(
            "INSERT INTO signatures (document, organisation, position, category, name, acronym, country, "
            "country_code, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sha256, organisation, position, signatory.category, signatory.name, signatory.acronym,
             signatory.country, signatory.country_code, signature_entry(signatory)])

    def _organisation_for(self, signatory: Signatory) -> int:
        """Match by acronym and country, else by normalised name and country; keep every spelling."""
        acr_key, n_key, code = acronym_key(signatory.acronym), name_key(signatory.name), signatory.country_code
        found = None
        if acr_key:
            found = self.scalar("SELECT id FROM organisations WHERE acronym_key = ? AND country_code IS ? "
                                "ORDER BY id LIMIT 1", [acr_key, code])
        if found is None:
            found = self.scalar(
                "SELECT o.id FROM organisation_names n JOIN organisations o ON o.id = n.organisation "
                "WHERE n.name_key = ? AND o.country_code IS ? AND (o.acronym_key IS NULL OR ? IS NULL "
                "OR o.acronym_key = ?) ORDER BY o.id LIMIT 1", [n_key, code, acr_key, acr_key])
        if found is None:
            found = self._db.execute(
                "INSERT INTO organisations (name, acronym, country_code, name_key, acronym_key) VALUES (?, ?, ?, ?, ?)",
                [signatory.name, signatory.acronym, code, n_key, acr_key]).lastrowid
        elif acr_key:
            self._db.execute("UPDATE organisations SET acronym = ?, acronym_key = ? WHERE id = ? AND acronym IS NULL",
                             [signatory.acronym, acr_key, found])
        spelling = [found, signatory.name, signatory.acronym, signatory.country]
        if self.scalar("SELECT 1 FROM organisation_names WHERE organisation = ? AND name = ? AND acronym IS ? "
                       "AND country IS ?", spelling) is None:
            self._db.execute("INSERT INTO organisation_names (organisation, name, acronym, country, name_key) "
                             "VALUES (?, ?, ?, ?, ?)", spelling + [n_key])
        return int(found)
