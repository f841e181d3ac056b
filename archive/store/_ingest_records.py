"""The store's ingest side: what is stored already, and writing documents, files, failures and index marks."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from extractor import Signatory, Statement

from ..organisations import acronym_key, name_key, signature_entry
from ._database import Database, chunks, marks, now
from ._text import path_from_storage, storable_path, storable_statement
from .records import FileSeen, RecordedFailure, RecordedFile, StoredDocument

_FAILURE_COLUMNS = "path, sha256, kind, reason, extractor_version, failed_at"


class IngestRecords(Database):
    """Each document is written in one transaction."""

    # -- what is stored already ------------------------------------------------------------------

    def stored_documents(self, sha256s: Iterable[str]) -> dict[str, StoredDocument]:
        found: dict[str, StoredDocument] = {}
        for chunk in chunks(sorted(set(sha256s))):
            for row in self.rows(f"SELECT sha256, status, extractor_version FROM documents "
                                 f"WHERE sha256 IN ({marks(len(chunk))})", chunk):
                found[row["sha256"]] = StoredDocument(**row)
        return found

    def known_paths(self, paths: Iterable[str]) -> dict[str, str]:
        """path -> sha256 for the paths already recorded."""
        return {path: recorded.sha256 for path, recorded in self.recorded_files(paths).items()}

    def recorded_files(self, paths: Iterable[str]) -> dict[str, RecordedFile]:
        """path -> its content, size, times and when it was read, as recorded, for the paths already recorded."""
        found: dict[str, RecordedFile] = {}
        for chunk in chunks(sorted({storable_path(p) for p in paths})):
            for row in self.rows(f"SELECT path, sha256, size, mtime, seen_at, ctime FROM files "
                                 f"WHERE path IN ({marks(len(chunk))})", chunk):
                path = path_from_storage(row.pop("path"))
                found[path] = RecordedFile(**row)
        return found

    def failures(self) -> dict[str, RecordedFailure]:
        """path -> the failure recorded for it, by path."""
        rows = self.rows(f"SELECT {_FAILURE_COLUMNS} FROM failures ORDER BY path")
        return {path_from_storage(row["path"]): RecordedFailure(**row) for row in rows}

    def unindexed(self, *, limit: int) -> list[str]:
        return [r["sha256"] for r in self.rows(
            "SELECT sha256 FROM documents WHERE indexed = 0 ORDER BY ingested_at, sha256 LIMIT ?", [limit])]

    # -- writing ---------------------------------------------------------------------------------

    def save_statement(self, statement: Statement, *, files: Sequence[FileSeen]) -> None:
        """Store (or replace) one extracted statement with its paths, waiting to be indexed.

        Text SQLite cannot hold (lone surrogates a PDF reader left) is replaced, with a warning on the statement.
        A statement with pages left unread for want of OCR is stored "needs OCR": a later ingest reads it again.
        """
        statement = storable_statement(statement)
        unread = ", ".join(map(str, statement.needs_ocr_pages))
        languages = list(dict.fromkeys(statement.languages))
        document = {
            "sha256": statement.sha256, "title": statement.title, "date": statement.date,
            "date_source": statement.date_source,
            "languages": json.dumps(languages), "pages": statement.pages,
            "masthead": json.dumps([{"lang": m.lang, "text": m.text} for m in statement.masthead], ensure_ascii=False),
            "status": "needs_ocr" if unread else "ok",
            "status_detail": f"page(s) {unread} have no usable text layer and were not read (OCR was off or "
                             "Tesseract missing)" if unread else None,
            "engine": statement.engine, "extractor_version": statement.extractor_version,
            "ocr_pages": json.dumps(list(statement.ocr_pages)), "ocr_confidence": statement.ocr_confidence,
            "warnings": json.dumps(list(statement.warnings), ensure_ascii=False),
        }
        with self._transaction():
            self._replace_document(document)
            self._insert_all("sections", [
                {"document": statement.sha256, "position": i, "lang": s.lang, "title": s.title,
                 "text": s.text, "words": len(s.text.split())}
                for i, s in enumerate(statement.sections)
            ])
            for position, signatory in enumerate(statement.signatories):
                self._insert_signature(statement.sha256, position, signatory)
            self._record_files(files)

    def save_no_statement(self, statement: Statement, *, detail: str, files: Sequence[FileSeen]) -> None:
        """Store a document in which no statement text was found: kept (so it is not read again) without
        sections or signatories, so it stays out of lists, searches and organisations."""
        statement = storable_statement(statement)
        document = {
            "sha256": statement.sha256, "title": None, "date": None, "languages": "[]", "pages": statement.pages,
            "masthead": "[]", "status": "no_statement", "status_detail": detail, "engine": statement.engine,
            "extractor_version": statement.extractor_version, "ocr_pages": json.dumps(list(statement.ocr_pages)),
            "ocr_confidence": statement.ocr_confidence,
            "warnings": json.dumps(list(statement.warnings), ensure_ascii=False),
        }
        with self._transaction():
            self._replace_document(document)
            self._record_files(files)

    def save_needs_ocr(self, sha256: str, *, detail: str, extractor_version: str, files: Sequence[FileSeen]) -> None:
        """Store a document that has no text layer, so a later ingest with Tesseract picks it up.

        A document already stored with its text (OCRed earlier) keeps it; one already waiting for OCR
        is left as it is, so that ingesting again changes nothing.
        """
        document = {
            "sha256": sha256, "title": None, "date": None, "date_source": None, "languages": "[]", "pages": None, "masthead": "[]",
            "status": "needs_ocr", "status_detail": detail, "engine": None,
            "extractor_version": extractor_version, "ocr_pages": "[]", "ocr_confidence": None, "warnings": "[]",
        }
        with self._transaction():
            status = self.scalar("SELECT status FROM documents WHERE sha256 = ?", [sha256])
            if status is None:
                self._replace_document(document)
            elif status == "needs_ocr":
                self._execute("UPDATE documents SET status_detail = ?, extractor_version = ? WHERE sha256 = ?",
                              [detail, extractor_version, sha256])
            self._record_files(files)

    def record_files(self, files: Sequence[FileSeen]) -> None:
        """Remember more paths of documents already stored."""
        with self._transaction():
            self._record_files(files)

    def restamp_files(self, files: Sequence[FileSeen]) -> None:
        """Paths read again and found with the content recorded: their present size, time and reading time."""
        with self._transaction():
            for f in files:
                self._execute("UPDATE files SET size = ?, mtime = ?, ctime = ?, seen_at = ? "
                              "WHERE path = ? AND sha256 = ?",
                              [f.size, f.mtime, f.ctime, now(f.read_at), storable_path(f.path), f.sha256])

    def record_failure(self, *, path: str, sha256: str | None, kind: str, reason: str, extractor_version: str) -> None:
        with self._transaction():
            self._execute(f"INSERT OR REPLACE INTO failures ({_FAILURE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                          [storable_path(path), sha256, str(kind), storable_path(reason), extractor_version, now()])

    def mark_indexed(self, sha256s: Sequence[str]) -> None:
        with self._transaction():
            for chunk in chunks(sha256s):
                self._execute(f"UPDATE documents SET indexed = 1 WHERE sha256 IN ({marks(len(chunk))})", list(chunk))

    def mark_all_unindexed(self) -> None:
        with self._transaction():
            self._execute("UPDATE documents SET indexed = 0")

    def _replace_document(self, document: dict[str, Any]) -> None:
        sha = document["sha256"]
        if self.scalar("SELECT 1 FROM documents WHERE sha256 = ?", [sha]):
            self._execute("DELETE FROM sections WHERE document = ?", [sha])
            self._execute("DELETE FROM signatures WHERE document = ?", [sha])
            self._execute("DELETE FROM organisations WHERE id NOT IN (SELECT organisation FROM signatures)")
        columns = list(document) + ["ingested_at", "indexed"]
        values = list(document.values()) + [now(), 0]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "sha256")
        self._execute(
            f"INSERT INTO documents ({', '.join(columns)}) VALUES ({marks(len(columns))}) "
            f"ON CONFLICT (sha256) DO UPDATE SET {updates}", values)

    def move_file(self, old_path: str, new: FileSeen) -> None:
        """A stored file is now at another path: the old path is forgotten, the new one recorded."""
        with self._transaction():
            self._execute("DELETE FROM files WHERE path = ?", [storable_path(old_path)])
            self._record_files([new])

    def _record_files(self, files: Sequence[FileSeen]) -> None:
        """Record paths with their content; a path that held other content keeps that as an earlier version."""
        for f in files:
            path = storable_path(f.path)
            before = self.scalar("SELECT sha256 FROM files WHERE path = ?", [path])
            if before is not None and before != f.sha256:
                self._execute("INSERT OR REPLACE INTO file_versions (path, sha256, replaced_by, replaced_at) "
                              "VALUES (?, ?, ?, ?)", [path, before, f.sha256, now()])
            self._execute(
                "INSERT INTO files (path, sha256, size, mtime, ctime, seen_at, missing_since) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, "
                "size = excluded.size, mtime = excluded.mtime, ctime = excluded.ctime, seen_at = excluded.seen_at, "
                "missing_since = NULL",
                [path, f.sha256, f.size, f.mtime, f.ctime, now(f.read_at)])
            self._execute("DELETE FROM file_versions WHERE path = ? AND sha256 = ?", [path, f.sha256])
            self._execute("DELETE FROM failures WHERE path = ?", [path])

    def _insert_signature(self, sha256: str, position: int, signatory: Signatory) -> None:
        organisation = self._organisation_for(signatory)
        self._execute(
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
            found = self._execute(
                "INSERT INTO organisations (name, acronym, country_code, name_key, acronym_key) VALUES (?, ?, ?, ?, ?)",
                [signatory.name, signatory.acronym, code, n_key, acr_key]).lastrowid
        elif acr_key:
            self._execute("UPDATE organisations SET acronym = ?, acronym_key = ? WHERE id = ? AND acronym IS NULL",
                          [signatory.acronym, acr_key, found])
        spelling = [found, signatory.name, signatory.acronym, signatory.country]
        if self.scalar("SELECT 1 FROM organisation_names WHERE organisation = ? AND name = ? AND acronym IS ? "
                       "AND country IS ?", spelling) is None:
            self._execute("INSERT INTO organisation_names (organisation, name, acronym, country, name_key) "
                          "VALUES (?, ?, ?, ?, ?)", spelling + [n_key])
        return int(found)
