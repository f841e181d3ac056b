"""The store's reading side: one statement, the lists, organisations, counts, and what the index is fed."""
from __future__ import annotations

import json
from collections.abc import Sequence

from extractor import MastheadLine

from ..errors import AmbiguousStatement, UnknownOrganisation, UnknownStatement
from ..organisations import acronym_key, fold, name_key
from ._database import Database, chunks, marks
from ._text import storable_path
from .records import (ArchiveCounts, IndexBookkeeping, OrganisationDetail, OrganisationSummary, RecordedFailure,
                      SectionToIndex, SignatureToIndex, SignedStatement, Spelling, StatementDetail,
                      StatementHeading, StatementSummary, StoredSection, StoredSignature)

_PREFIX_MATCHES_SHOWN = 6  # ids read for an ambiguous prefix: enough to name a few in the message


class Catalogue(Database):
    """Reads for people and for the index; plain SQL over the tables and the views."""

    def resolve_statement(self, ref: str) -> str:
        """The full id of the statement whose sha256 is `ref` or starts with it."""
        prefix = ref.strip().lower()
        if not prefix or any(c not in "0123456789abcdef" for c in prefix):
            raise UnknownStatement(ref)
        rows = self.rows("SELECT sha256 FROM documents WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256 LIMIT ?",
                         [prefix, prefix + "g", _PREFIX_MATCHES_SHOWN])
        if not rows:
            raise UnknownStatement(ref)
        if len(rows) > 1 and rows[0]["sha256"] != prefix:
            raise AmbiguousStatement(ref, [r["sha256"] for r in rows])
        return rows[0]["sha256"]

    def statement_for_path(self, path: str) -> str | None:
        """The id of the statement stored from `path` (as ingested, or its file name when only one file has it)."""
        path = storable_path(path)
        found = self.rows("SELECT sha256 FROM files WHERE path = ?", [path])
        if not found:
            name = path.replace("\\", "/").rsplit("/", 1)[-1]
            found = self.rows("SELECT DISTINCT sha256 FROM files WHERE path = ? OR substr(path, -?) = ?",
                              [name, len(name) + 1, "/" + name])
        return found[0]["sha256"] if len(found) == 1 else None

    def statement_detail(self, sha256: str) -> StatementDetail:
        rows = self.rows("SELECT * FROM documents WHERE sha256 = ?", [sha256])
        if not rows:
            raise UnknownStatement(sha256)
        doc = rows[0]
        return StatementDetail(
            id=sha256, title=doc["title"], date=doc["date"], date_source=doc["date_source"], status=doc["status"],
            status_detail=doc["status_detail"],
            pages=doc["pages"], languages=tuple(json.loads(doc["languages"])), engine=doc["engine"],
            extractor_version=doc["extractor_version"], ocr_pages=tuple(json.loads(doc["ocr_pages"])),
            ocr_confidence=doc["ocr_confidence"], warnings=tuple(json.loads(doc["warnings"])),
            ingested_at=doc["ingested_at"],
            paths=tuple(r["path"] for r in self.rows("SELECT path FROM files WHERE sha256 = ? ORDER BY path", [sha256])),
            masthead=tuple(MastheadLine(**m) for m in json.loads(doc["masthead"])),
            sections=tuple(StoredSection(**r) for r in self.rows(
                "SELECT position, lang, title, text, words FROM sections WHERE document = ? ORDER BY position",
                [sha256])),
            signatories=tuple(StoredSignature(**r) for r in self.rows(
                "SELECT position, category, name, acronym, country, country_code, entry, organisation "
                "FROM signatures WHERE document = ? ORDER BY position", [sha256])),
        )

    def statement_ids(self) -> list[str]:
        """Every stored statement, in ingest order."""
        return [r["sha256"] for r in self.rows("SELECT sha256 FROM documents ORDER BY ingested_at, sha256")]

    def statement_summaries(self, *, under: str | None = None, everything: bool = False) -> list[StatementSummary]:
        """Every statement by date (undated last), then title; with `under`, those with a file at or below that path;
        documents that are no statement only with `everything`."""
        conditions, params = [], []
        if under is not None:
            folder = under.rstrip("/") + "/"
            conditions.append("sha256 IN (SELECT sha256 FROM files WHERE path = ? OR substr(path, 1, ?) = ?)")
            params = [under, len(folder), folder]
        if not everything:
            conditions.append("status != 'no_statement'")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self.rows("SELECT sha256 AS id, title, date, languages, pages, status, signatories, ocr_confidence, "
                         "ingested_at, (SELECT MIN(path) FROM files f WHERE f.sha256 = v.sha256) AS file "
                         f"FROM statements_with_signatory_count v {where} "
                         "ORDER BY date IS NULL, date, title, sha256", params)
        return [StatementSummary(**(row | {"languages": tuple(json.loads(row["languages"]))})) for row in rows]

    def statement_headings(self, sha256s: Sequence[str]) -> dict[str, StatementHeading]:
        """Title, date and first file (by path) of each statement."""
        found: dict[str, StatementHeading] = {}
        for chunk in chunks(sorted(set(sha256s))):
            for row in self.rows(f"SELECT sha256 AS id, title, date, (SELECT MIN(path) FROM files f "
                                 f"WHERE f.sha256 = d.sha256) AS file FROM documents d "
                                 f"WHERE sha256 IN ({marks(len(chunk))})", chunk):
                found[row["id"]] = StatementHeading(**row)
        return found

    def statement_dates(self) -> dict[str, str | None]:
        """Every statement with sections, and its date (None when undated)."""
        return {r["sha256"]: r["date"] for r in self.rows(
            "SELECT sha256, date FROM documents WHERE EXISTS (SELECT 1 FROM sections s WHERE s.document = sha256)")}

    def statements_from_countries(self, codes: Sequence[str]) -> set[str]:
        """Statements with at least one signatory from one of these countries (ISO codes)."""
        return {r["document"] for r in self.rows(
            f"SELECT DISTINCT document FROM signatures WHERE country_code IN ({marks(len(codes))})", list(codes))}

    def country_codes_present(self) -> list[str]:
        return [r["country_code"] for r in self.rows(
            "SELECT DISTINCT country_code FROM signatures WHERE country_code IS NOT NULL ORDER BY country_code")]

    def languages_present(self) -> list[str]:
        return [r["lang"] for r in self.rows(
            "SELECT DISTINCT lang FROM sections WHERE lang IS NOT NULL ORDER BY lang")]

    def organisation_summaries(self, *, country: str | None = None) -> list[OrganisationSummary]:
        """Organisations with the number of statements they signed, most first."""
        where, params = "", []
        if country:
            where, params = "WHERE country_code = ?", [country.upper()]
        return [OrganisationSummary(**r) for r in self.rows(
            f"SELECT id, name, acronym, country_code, statements FROM organisations_with_statements "
            f"{where} ORDER BY statements DESC, name", params)]

    def find_organisations(self, name: str) -> list[OrganisationDetail]:
        """Organisations whose acronym or any spelling of whose name matches `name` (case and accents ignored)."""
        acr, key = acronym_key(name), name_key(name)
        ids = [r["id"] for r in self.rows(
            "SELECT DISTINCT o.id FROM organisations o LEFT JOIN organisation_names n ON n.organisation = o.id "
            "WHERE o.acronym_key = ? OR n.name_key = ? ORDER BY o.id", [acr, key])]
        if not ids:
            ids = [r["organisation"] for r in self.rows(
                "SELECT DISTINCT organisation FROM organisation_names WHERE name_key LIKE ? ORDER BY organisation",
                [f"%{fold(name)}%"])]
        if not ids:
            raise UnknownOrganisation(name)
        return [self._organisation(i) for i in ids]

    def _organisation(self, organisation_id: int) -> OrganisationDetail:
        org = self.rows("SELECT id, name, acronym, country_code FROM organisations WHERE id = ?", [organisation_id])[0]
        spellings = self.rows("SELECT name, acronym, country FROM organisation_names WHERE organisation = ? "
                              "ORDER BY id", [organisation_id])
        statements = self.rows(
            "SELECT DISTINCT d.sha256 AS id, d.title, d.date, s.entry, s.category FROM signatures s "
            "JOIN documents d ON d.sha256 = s.document WHERE s.organisation = ? "
            "ORDER BY d.date IS NULL, d.date, d.title", [organisation_id])
        return OrganisationDetail(**org, spellings=tuple(Spelling(**s) for s in spellings),
                                  statements=tuple(SignedStatement(**s) for s in statements))

    def country_codes_named(self, country: str) -> list[str]:
        """ISO codes for a country as written in signatures ("Etat espagnol" -> ["ES"]); a code is kept as it is."""
        if len(country) == 2 and country.isalpha():
            return [country.upper()]
        wanted = fold(country)
        rows = self.rows("SELECT DISTINCT country, country_code FROM signatures WHERE country_code IS NOT NULL")
        return sorted({r["country_code"] for r in rows if r["country"] and fold(r["country"]) == wanted})

    def counts(self) -> ArchiveCounts:
        def count(sql: str) -> int:
            return int(self.scalar(sql) or 0)

        return ArchiveCounts(
            database=str(self.path),
            statements=count("SELECT COUNT(*) FROM documents WHERE status = 'ok'"),
            needs_ocr=count("SELECT COUNT(*) FROM documents WHERE status = 'needs_ocr'"),
            files=count("SELECT COUNT(*) FROM files"),
            failed_files=count("SELECT COUNT(*) FROM failures"),
            pages=count("SELECT COALESCE(SUM(pages), 0) FROM documents"),
            sections=count("SELECT COUNT(*) FROM sections"),
            signatures=count("SELECT COUNT(*) FROM signatures"),
            organisations=count("SELECT COUNT(*) FROM organisations"),
            languages={r["lang"]: r["n"] for r in self.rows(
                "SELECT lang, COUNT(*) AS n FROM sections WHERE lang IS NOT NULL GROUP BY lang ORDER BY n DESC, lang")},
            not_indexed=count("SELECT COUNT(*) FROM documents WHERE indexed = 0"),
            migrations=tuple(self.migrations()),
        )

    def recorded_failures(self) -> list[RecordedFailure]:
        return [RecordedFailure(**r) for r in self.rows(
            "SELECT path, sha256, kind, reason, extractor_version, failed_at FROM failures ORDER BY path")]

    # -- what the index is fed -------------------------------------------------------------------

    def sections_to_index(self, sha256s: Sequence[str]) -> list[SectionToIndex]:
        """The sections of these statements, by statement and position."""
        if not sha256s:
            return []
        return [SectionToIndex(**r) for r in self.rows(
            f"SELECT s.document AS statement_id, s.position, s.lang, s.title, s.text, d.date FROM sections s "
            f"JOIN documents d ON d.sha256 = s.document WHERE s.document IN ({marks(len(sha256s))}) "
            f"ORDER BY s.document, s.position", list(sha256s))]

    def signatures_to_index(self, sha256s: Sequence[str]) -> list[SignatureToIndex]:
        """The signatures of these statements, by statement and position."""
        if not sha256s:
            return []
        return [SignatureToIndex(**r) for r in self.rows(
            f"SELECT document AS statement_id, name, acronym, country, country_code FROM signatures "
            f"WHERE document IN ({marks(len(sha256s))}) ORDER BY document, position", list(sha256s))]

    def index_bookkeeping(self) -> IndexBookkeeping:
        return IndexBookkeeping(
            with_sections=frozenset(r["document"] for r in self.rows("SELECT DISTINCT document FROM sections")),
            sections=int(self.scalar("SELECT COUNT(*) FROM sections")),
            pending=tuple(r["sha256"] for r in self.rows("SELECT sha256 FROM documents WHERE indexed = 0")),
        )
