"""`archive check`: SQLite's own integrity check of the database, then the database against the index."""
from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index import IndexLockedError, QueryError, SectionIndex

from .errors import ArchiveError, IndexDamaged, StorageFull
from .indexing import Consistency, compare
from .store import Store


@dataclass(frozen=True, slots=True)
class Health:
    """What `check` found: problems SQLite reports in the database, and how the index compares with it."""

    database_problems: tuple[str, ...]  # empty when SQLite's check says "ok"
    full: bool  # integrity_check (every page and index) rather than quick_check
    index: Consistency | None  # None when the index could not be read
    index_problem: str | None = None

    @property
    def ok(self) -> bool:
        return not self.database_problems and self.index is not None and self.index.ok and not self.index_problem


@contextmanager
def index_errors(path: Path) -> Iterator[None]:
    """Errors from reading or writing the index, as the archive's: damage with its remedy, a full disk by name.

    Query errors and a lock held by another process are the user's to fix and pass through.
    """
    try:
        yield
    except (QueryError, IndexLockedError, ArchiveError):
        raise
    except OSError as e:
        if e.errno == errno.ENOSPC:
            raise StorageFull(e.filename or path, e.strerror or str(e)) from e
        raise IndexDamaged(path, describe(e)) from e
    except Exception as e:  # noqa: BLE001 - whatever a damaged file makes the index library raise
        raise IndexDamaged(path, describe(e)) from e


def describe(error: BaseException) -> str:
    """One line on what went wrong with an index file."""
    if isinstance(error, FileNotFoundError):
        return f"{error.filename or 'a file'} is missing"
    if isinstance(error, EOFError):
        return "a file of the index ends too soon (truncated)"
    if isinstance(error, OSError):
        return f"{error.filename or 'a file'}: {error.strerror or error}"
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def lost_sections(store: Store, index: SectionIndex) -> str | None:
    """Why the index is damaged when it is empty although the database says it indexed sections."""
    expected = store.indexed_sections()
    if expected and index.section_count() == 0:
        return f"it holds no sections, while the database has {expected} indexed (was its table of contents deleted?)"
    return None


def check(store: Store, index_path: Path, open_index: Callable[[], SectionIndex], *, full: bool) -> Health:
    """The database's integrity, then the index against it; a damaged index is reported, not raised."""
    problems = tuple(store.integrity_problems(full=full))
    if problems:
        return Health(problems, full, None, "not compared: the database is damaged")
    try:
        with index_errors(index_path):
            index = open_index()
            lost = lost_sections(store, index)
            if lost:
                raise IndexDamaged(index_path, lost)
            return Health((), full, compare(store, index))
    except IndexDamaged as e:
        return Health((), full, None, str(e))
