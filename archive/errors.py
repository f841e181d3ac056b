"""Errors the archive raises; each is a one-line message for the user, with the remedy when there is one."""
from __future__ import annotations

from pathlib import Path


class ArchiveError(Exception):
    """Something the archive cannot do; str() is shown to the user as it is."""


class ArchiveMissing(ArchiveError):
    """The data directory holds no archive yet."""

    def __init__(self, home: Path) -> None:
        super().__init__(home)
        self.home = home

    def __str__(self) -> str:
        return f"no archive in {self.home} yet: run `archive ingest PATH` first (or pass --home)"


class ArchiveUnreadable(ArchiveError):
    """The database file exists but is not a database we can open."""

    def __init__(self, path: Path, reason: str, *, damaged: bool = False) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason
        self.damaged = damaged  # SQLite found the file damaged (not, say, empty)

    def __str__(self) -> str:
        if self.damaged:  # found on opening, said as when found later
            return str(DatabaseDamaged(self.path, self.reason))
        return f"cannot open the archive database {self.path}: {self.reason}"


class ArchiveTooNew(ArchiveError):
    """The database was migrated by a newer version of this tool."""

    def __init__(self, path: Path, unknown: list[str]) -> None:
        super().__init__(path, unknown)
        self.path = path
        self.unknown = unknown

    def __str__(self) -> str:
        names = ", ".join(self.unknown)
        return f"{self.path} was upgraded by a newer statement-archive (migrations {names}): upgrade this tool"


class UnknownStatement(ArchiveError):
    """No stored statement has this id or id prefix."""

    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.ref = ref

    def __str__(self) -> str:
        return f"no statement with id {self.ref!r}: `archive list` shows the ids"


class AmbiguousStatement(ArchiveError):
    """An id prefix matches more than one statement."""

    def __init__(self, ref: str, matches: list[str]) -> None:
        super().__init__(ref, matches)
        self.ref = ref
        self.matches = matches

    def __str__(self) -> str:
        shown = ", ".join(m[:12] for m in self.matches[:5])
        return f"id prefix {self.ref!r} matches {len(self.matches)} statements ({shown}...): give more characters"


class UnknownOrganisation(ArchiveError):
    """No organisation has this name or acronym."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"no organisation named {self.name!r}: `archive orgs` lists them"


class UnknownLanguage(ArchiveError):
    """The statement has no section in the language asked for."""

    def __init__(self, statement_id: str, lang: str, available: list[str]) -> None:
        super().__init__(statement_id, lang, available)
        self.statement_id = statement_id
        self.lang = lang
        self.available = available

    def __str__(self) -> str:
        have = ", ".join(self.available) or "none"
        return f"statement {self.statement_id[:12]} has no {self.lang!r} section (it has: {have})"


class WorkerStartFailed(ArchiveError):
    """An extraction worker process could not be started; the machine may be out of memory or processes."""


class ArchiveBusy(ArchiveError):
    """Another process is writing to this archive (an ingest, a reindex) and we were told not to wait."""

    def __init__(self, home: Path, holder: int | None) -> None:
        super().__init__(home, holder)
        self.home = home
        self.holder = holder

    def __str__(self) -> str:
        who = f"process {self.holder}" if self.holder else "another process"
        return f"{self.home} is being written by {who}: wait for it to finish, or run again without --no-wait"


class UnknownCountry(ArchiveError):
    """A country filter names no country the extractor's country table knows."""

    def __init__(self, text: str, present: list[str]) -> None:
        super().__init__(text, present)
        self.text = text
        self.present = present

    def __str__(self) -> str:
        have = ", ".join(self.present) or "none"
        return (f"unknown country {self.text!r}: give an ISO code or a name such as \"Espagne\" or \"Spain\" "
                f"(codes in this archive: {have})")


class UnknownLanguageCode(ArchiveError):
    """A language filter names a code no section of the archive has."""

    def __init__(self, code: str, present: list[str]) -> None:
        super().__init__(code, present)
        self.code = code
        self.present = present

    def __str__(self) -> str:
        return f"no section in language {self.code!r}: the archive has {', '.join(self.present) or 'none'}"


class InvalidDate(ArchiveError):
    """A date filter that is not YYYY, YYYY-MM or YYYY-MM-DD."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f"{self.text!r} is not a date like 2020, 2020-08 or 2020-08-09"


class UnknownStatementFile(UnknownStatement):
    """No stored statement was ingested from this file (by path, or by file name when only one has it)."""

    def __str__(self) -> str:
        return f"no statement was ingested from {self.ref!r}: `archive list` shows the files"


class MissingDependency(ArchiveError):
    """An optional library this command needs is not installed."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(module, extra)
        self.module = module
        self.extra = extra

    def __str__(self) -> str:
        return f"this needs {self.module}, which is not installed: pip install '{self.extra}'"


class ClusterUnavailable(ArchiveError):
    """--scheduler was given but Dask distributed, an optional extra, is not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(missing)
        self.missing = missing

    def __str__(self) -> str:
        return (f"--scheduler needs Dask distributed ({self.missing} is not installed): "
                "pip install 'statement-archive[cluster]'")


class SchedulerUnreachable(ArchiveError):
    """The Dask scheduler named by --scheduler (or $ARCHIVE_SCHEDULER) did not answer."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(address, reason)
        self.address = address
        self.reason = reason

    def __str__(self) -> str:
        return (f"cannot reach the Dask scheduler at {self.address}: {self.reason} "
                "(start one with `dask scheduler`, or check --scheduler / $ARCHIVE_SCHEDULER)")
class ArchiveLocked(ArchiveError):
    """Another process held the database's write lock for longer than the busy timeout."""

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(path, seconds)
        self.path = path
        self.seconds = seconds

    def __str__(self) -> str:
        return (f"the archive database {self.path} stayed locked by another process for {self.seconds:g} s: "
                "wait for it to finish (an ingest, or a program holding the database open) and try again")


class StorageFull(ArchiveError):
    """A file of the archive could not be written: the disk (or quota) is full."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return (f"could not write {self.path}: {self.reason}; free some space and run the command again "
                "(what was stored so far is kept)")


class IndexDamaged(ArchiveError):
    """The full-text index cannot be read; the database is intact and the index can be rebuilt from it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"the index {self.path} is damaged ({self.reason}): run `archive reindex` to rebuild it from the database"


class DatabaseDamaged(ArchiveError):
    """SQLite found the database file corrupt while reading it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return (f"the archive database {self.path} is damaged ({self.reason}): `archive check --full` says "
                "how badly; restore it from a backup, or ingest the folders again into a new archive")
