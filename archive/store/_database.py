"""The connection under the store (the only module that imports sqlite_utils): open, migrate, run SQL.

Reads and single statements run on `sqlite3` itself; sqlite-utils (which pulls in numpy, dateutil and
pluggy: ~0.25 s of a command's start-up) is imported only by the first bulk insert, so that the
research commands (search, list, show, org, export, stats) never load it.
"""
from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ..errors import ArchiveLocked, ArchiveMissing, ArchiveTooNew, ArchiveUnreadable, DatabaseDamaged, StorageFull
from .migrations import MIGRATIONS, applied_migrations, apply_migration, unknown_migrations

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 30000  # how long a write waits for another process's transaction before failing
CHUNK = 500  # ids per `IN (...)` list, below SQLite's limit on bound parameters
# In WAL mode, NORMAL syncs the log at checkpoints, not at each commit (FULL's fsync took ~11 ms a
# document here, a ceiling of ~90 documents/s for the single writer). The database stays consistent;
# a power cut (not a crash of the process) may lose the last commits, whose files the next ingest
# then extracts again, as it does for any file not stored.
SYNCHRONOUS = "NORMAL"
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


def now(at: float | None = None) -> str:
    """The time `at` (epoch seconds; default: now) as the store keeps times: ISO 8601, UTC, to the second."""
    moment = datetime.now(timezone.utc) if at is None else datetime.fromtimestamp(at, timezone.utc)
    return moment.isoformat(timespec="seconds")


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def marks(count: int) -> str:
    """"?,?,?" for an `IN (...)` list of `count` values."""
    return ",".join("?" * count)


class Database:
    """One open archive database; the store's topic classes build on it."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._db = _Connection(conn)
        self.path = path
        self._bulk: sqlite_utils.Database | None = None  # for inserts of many rows, made on first use
        self._savepoints = itertools.count(1)  # names of nested transactions, unique on this connection

    @classmethod
    def open(cls, path: Path, *, create: bool) -> Self:
        """Open (and migrate) the database at `path`; with create=False a missing archive is an error."""
        if not path.exists():
            if not create:
                raise ArchiveMissing(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
        elif path.is_file() and path.stat().st_size == 0:
            raise ArchiveUnreadable(path, "the file is empty (0 bytes), not a database; restore it from a backup, "
                                          "or delete it to start a new archive")
        try:
            # The timeout is SQLite's busy timeout from the first statement on (sqlite3's default is 5 s).
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")  # per connection
            opened = cls(conn, path)
            opened._migrate()
        except sqlite3.OperationalError as e:
            raise database_error(path, e) from e
        except sqlite3.DatabaseError as e:
            raise ArchiveUnreadable(path, str(e), damaged=True) from e
        return opened

    def _migrate(self) -> None:
        """Apply pending migrations, each in its own write transaction; one another process applied meanwhile is skipped."""
        unknown = unknown_migrations(self._db)
        if unknown:
            raise ArchiveTooNew(self.path, unknown)
        if set(applied_migrations(self._db)) >= {m.name for m in MIGRATIONS}:
            return
        self._db.execute("PRAGMA foreign_keys = OFF")  # a migration may rebuild a table others refer to
        try:
            for migration in MIGRATIONS:
                with self._transaction():
                    if migration.name not in applied_migrations(self._db):
                        apply_migration(self._db, migration)
        finally:
            self._db.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self._db.close()

    def migrations(self) -> list[str]:
        return [row["name"] for row in self.rows("SELECT name FROM migrations ORDER BY name")]

    # -- raw access, for the store's own modules and for tests that inspect the tables ---------------

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query; rows as dicts."""
        with self._sqlite_errors():
            return list(self._db.query(sql, params))

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._sqlite_errors():
            row = self._db.execute(sql, params).fetchone()
        return row[0] if row else None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._sqlite_errors():
            return self._db.execute(sql, params)

    def _insert_all(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        with self._sqlite_errors():
            if self._bulk is None:
                import sqlite_utils  # only writers pay for it (see the module's docstring)

                self._bulk = sqlite_utils.Database(self._db.conn)
            self._bulk[table].insert_all(rows)

    @contextmanager
    def _sqlite_errors(self) -> Iterator[None]:
        """A corrupt file, a lock held too long or a full disk as the archive's errors; other SQLite errors
        (constraint violations: bugs) pass through."""
        try:
            yield
        except sqlite3.OperationalError as e:
            raise database_error(self.path, e) from e
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.DatabaseError as e:
            raise DatabaseDamaged(self.path, str(e)) from e

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A write transaction taken at once (BEGIN IMMEDIATE), so it waits for another writer up to the busy
        timeout instead of failing when it upgrades a read; nested ones are savepoints."""
        conn = self._db.conn
        if conn.in_transaction:
            savepoint = f"sp_{next(self._savepoints)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise database_error(self.path, e) from e
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        try:
            with self._sqlite_errors():
                conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise


class _Connection:
    """A `sqlite3` connection that runs SQL as sqlite-utils' `Database` does: rows as dicts, and a write
    outside a transaction committed at once (sqlite3 would leave it open)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")  # the implicit transaction the failed statement opened
            raise
        if (not was_in_transaction and conn.in_transaction and cursor.description is None
                and _first_word(sql) not in _TRANSACTION_CONTROL):
            conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cursor = self.execute(sql, parameters)
        keys = _unique_keys([d[0] for d in cursor.description or ()])
        return [dict(zip(keys, row)) for row in cursor]

    def close(self) -> None:
        self.conn.close()


def _first_word(sql: str) -> str:
    words = sql.split(None, 1)
    return words[0].upper().rstrip(";") if words else ""


def _unique_keys(keys: list[str]) -> list[str]:
    """Column names made unique as sqlite-utils makes them: a repeated "id" becomes "id_2", "id_3"..."""
    if len(set(keys)) == len(keys):
        return keys
    taken, seen, unique = set(keys), set(), []
    for key in keys:
        if key in seen:
            base, suffix = key, 2
            while key in seen or key in taken:
                key, suffix = f"{base}_{suffix}", suffix + 1
        seen.add(key)
        unique.append(key)
    return unique


def database_error(path: Path, error: sqlite3.OperationalError) -> Exception:
    """SQLite's operational errors as the archive's: locked past the busy timeout, disk full, else unreadable."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return ArchiveLocked(path, BUSY_TIMEOUT_MS / 1000)
    if "full" in text:
        return StorageFull(path, str(error))
    return ArchiveUnreadable(path, str(error))


def file_integrity_problems(path: Path, *, full: bool) -> list[str]:
    """SQLite's integrity check (quick, or `full`) of a database file too damaged to open as an archive,
    read-only and without migrating it; the error that stops it is a problem too."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as e:
        return [str(e)]
    return [row[0] for row in rows if row[0] != "ok"]
