"""The connection under the store (the only module that imports sqlite_utils): open, migrate, run SQL."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Self

import sqlite_utils

from ..errors import ArchiveMissing, ArchiveTooNew, ArchiveUnreadable
from .migrations import apply_migration, pending_migrations, unknown_migrations

BUSY_TIMEOUT_MS = 30000  # how long a write waits for another process's transaction before failing
CHUNK = 500  # ids per `IN (...)` list, below SQLite's limit on bound parameters


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def marks(count: int) -> str:
    """"?,?,?" for an `IN (...)` list of `count` values."""
    return ",".join("?" * count)


class Database:
    """One open archive database; the store's topic classes build on it."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self._db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool) -> Self:
        """Open (and migrate) the database at `path`; with create=False a missing archive is an error."""
        if not path.exists():
            if not create:
                raise ArchiveMissing(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite_utils.Database(path)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            if db.journal_mode != "wal":
                db.enable_wal()
            opened = cls(db, path)
            opened._migrate()
        except sqlite3.DatabaseError as e:
            raise ArchiveUnreadable(path, str(e)) from e
        return opened

    def _migrate(self) -> None:
        unknown = unknown_migrations(self._db)
        if unknown:
            raise ArchiveTooNew(self.path, unknown)
        for migration in pending_migrations(self._db):
            apply_migration(self._db, migration, atomic=self._db.atomic)

    def close(self) -> None:
        self._db.close()

    def migrations(self) -> list[str]:
        return [row["name"] for row in self.rows("SELECT name FROM migrations ORDER BY name")]

    # -- raw access, for the store's own modules and for tests that inspect the tables ---------------

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query; rows as dicts."""
        return list(self._db.query(sql, params))

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._db.execute(sql, params).fetchone()
        return row[0] if row else None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def _insert_all(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        self._db[table].insert_all(rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._db.atomic():
            yield
