"""Reading the archive: one statement, the list, organisations, counts. Plain SQL over the store's views."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .errors import AmbiguousStatement, UnknownOrganisation, UnknownStatement
from .organisations import acronym_key, fold, name_key
from .store import Store


@dataclass(frozen=True, slots=True)
class StatementDetail:
    """A stored statement as `archive show` presents it."""

    id: str
    title: str | None
    date: str | None
    status: str
    status_detail: str | None
    pages: int | None
    languages: list[str]
    engine: str | None
    extractor_version: str
    ocr_pages: list[int]
    ocr_confidence: float | None
    warnings: list[str]
    ingested_at: str
    paths: list[str]
    masthead: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    signatories: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class OrganisationDetail:
    id: int
    name: str
    acronym: str | None
    country_code: str | None
    spellings: list[dict[str, Any]]
    statements: list[dict[str, Any]]


def resolve_statement(store: Store, ref: str) -> str:
    """The full id of the statement whose sha256 is `ref` or starts with it."""
    prefix = ref.strip().lower()
    if not prefix or any(c not in "0123456789abcdef" for c in prefix):
        raise UnknownStatement(ref)
    rows = store.rows("SELECT sha256 FROM documents WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256 LIMIT 6",
                      [prefix, prefix + "g"])
    if not rows:
        raise UnknownStatement(ref)
    if len(rows) > 1 and rows[0]["sha256"] != prefix:
        raise AmbiguousStatement(ref, [r["sha256"] for r in rows])
    return rows[0]["sha256"]


def statement_detail(store: Store, sha256: str) -> StatementDetail:
    rows = store.rows("SELECT * FROM documents WHERE sha256 = ?", [sha256])
    if not rows:
        raise UnknownStatement(sha256)
    doc = rows[0]
    return StatementDetail(
        id=sha256, title=doc["title"], date=doc["date"], status=doc["status"], status_detail=doc["status_detail"],
        pages=doc["pages"], languages=json.loads(doc["languages"]), engine=doc["engine"],
        extractor_version=doc["extractor_version"], ocr_pages=json.loads(doc["ocr_pages"]),
        ocr_confidence=doc["ocr_confidence"], warnings=json.loads(doc["warnings"]), ingested_at=doc["ingested_at"],
        paths=[r["path"] for r in store.rows("SELECT path FROM files WHERE sha256 = ? ORDER BY path", [sha256])],
        masthead=json.loads(doc["masthead"]),
        sections=store.rows("SELECT position, lang, title, text, words FROM sections WHERE document = ? "
                            "ORDER BY position", [sha256]),
        signatories=store.rows("SELECT position, category, name, acronym, country, country_code, entry, "
                               "organisation FROM signatures WHERE document = ? ORDER BY position", [sha256]),
    )


def list_statements(store: Store) -> list[dict[str, Any]]:
    rows = store.rows("SELECT sha256 AS id, title, date, languages, pages, status, signatories, ocr_confidence, "
                      "ingested_at FROM statements_with_signatory_count ORDER BY date IS NULL, date, title, sha256")
    for row in rows:
        row["languages"] = json.loads(row["languages"])
    return rows


def list_organisations(store: Store, *, country: str | None = None) -> list[dict[str, Any]]:
    """Organisations with the number of statements they signed, most first."""
    where, params = "", []
    if country:
        where, params = "WHERE country_code = ?", [country.upper()]
    return store.rows(f"SELECT id, name, acronym, country_code, statements FROM organisations_with_statements "
                      f"{where} ORDER BY statements DESC, name", params)


def find_organisations(store: Store, name: str) -> list[OrganisationDetail]:
    """Organisations whose acronym or any spelling of whose name matches `name` (case and accents ignored)."""
    acr, key = acronym_key(name), name_key(name)
    ids = [r["id"] for r in store.rows(
        "SELECT DISTINCT o.id FROM organisations o LEFT JOIN organisation_names n ON n.organisation = o.id "
        "WHERE o.acronym_key = ? OR n.name_key = ? ORDER BY o.id", [acr, key])]
    if not ids:
        ids = [r["organisation"] for r in store.rows(
            "SELECT DISTINCT organisation FROM organisation_names WHERE name_key LIKE ? ORDER BY organisation",
            [f"%{fold(name)}%"])]
    if not ids:
        raise UnknownOrganisation(name)
    return [_organisation(store, i) for i in ids]


def _organisation(store: Store, organisation_id: int) -> OrganisationDetail:
    org = store.rows("SELECT id, name, acronym, country_code FROM organisations WHERE id = ?", [organisation_id])[0]
    spellings = store.rows("SELECT name, acronym, country FROM organisation_names WHERE organisation = ? "
                           "ORDER BY id", [organisation_id])
    statements = store.rows(
        "SELECT DISTINCT d.sha256 AS id, d.title, d.date, s.entry, s.category FROM signatures s "
        "JOIN documents d ON d.sha256 = s.document WHERE s.organisation = ? ORDER BY d.date IS NULL, d.date, d.title",
        [organisation_id])
    return OrganisationDetail(**org, spellings=spellings, statements=statements)


def country_codes_named(store: Store, country: str) -> list[str]:
    """ISO codes for a country as written in signatures ("Etat espagnol" -> ["ES"]); a code is kept as it is."""
    if len(country) == 2 and country.isalpha():
        return [country.upper()]
    wanted = fold(country)
    rows = store.rows("SELECT DISTINCT country, country_code FROM signatures WHERE country_code IS NOT NULL")
    return sorted({r["country_code"] for r in rows if r["country"] and fold(r["country"]) == wanted})


def archive_stats(store: Store) -> dict[str, Any]:
    def count(sql: str) -> int:
        return int(store.scalar(sql) or 0)

    return {
        "database": str(store.path),
        "statements": count("SELECT COUNT(*) FROM documents WHERE status = 'ok'"),
        "needs_ocr": count("SELECT COUNT(*) FROM documents WHERE status = 'needs_ocr'"),
        "files": count("SELECT COUNT(*) FROM files"),
        "failed_files": count("SELECT COUNT(*) FROM failures"),
        "pages": count("SELECT COALESCE(SUM(pages), 0) FROM documents"),
        "sections": count("SELECT COUNT(*) FROM sections"),
        "signatures": count("SELECT COUNT(*) FROM signatures"),
        "organisations": count("SELECT COUNT(*) FROM organisations"),
        "languages": {r["lang"]: r["n"] for r in store.rows(
            "SELECT lang, COUNT(*) AS n FROM sections WHERE lang IS NOT NULL GROUP BY lang ORDER BY n DESC, lang")},
        "not_indexed": count("SELECT COUNT(*) FROM documents WHERE indexed = 0"),
        "migrations": store.migrations(),
    }


def failed_files(store: Store) -> list[dict[str, Any]]:
    return store.rows("SELECT path, sha256, kind, reason, extractor_version, failed_at FROM failures ORDER BY path")
