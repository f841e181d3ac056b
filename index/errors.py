"""Errors of the search index; each formats itself as a one-line message for the user."""
from __future__ import annotations

from pathlib import Path


class SearchIndexError(Exception):
    """Base class: something went wrong with the full-text index."""


class QueryError(SearchIndexError, ValueError):
    """A malformed query; str() is a one-line explanation for the user."""

    def __init__(self, query: str, reason: str) -> None:
        super().__init__(query, reason)
        self.query = query
        self.reason = reason

    def __str__(self) -> str:
        return f"invalid query {_shortened(self.query)}: {self.reason}"


def _shortened(text: str, *, limit: int = 80) -> str:
    """repr(text), cut in the middle when longer than `limit` characters."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[: limit // 2]) + " ... " + repr(text[-limit // 2 :])


class InvalidFilterError(QueryError):
    """A search filter value that cannot be used (e.g. a date that is not ISO 8601)."""

    def __str__(self) -> str:
        return f"invalid filter {_shortened(self.query)}: {self.reason}"


class IndexLockedError(SearchIndexError):
    """Another live process is writing to the index."""

    def __init__(self, path: Path, owner_pid: int | None) -> None:
        super().__init__(path, owner_pid)
        self.path = path
        self.owner_pid = owner_pid

    def __str__(self) -> str:
        owner = f"process {self.owner_pid}" if self.owner_pid else "another process"
        return f"index {self.path} is being written by {owner}; wait for it to finish and try again"


class IndexUnreadableError(SearchIndexError):
    """The index directory exists but cannot be opened; `archive reindex` rebuilds it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot open index {self.path}: {self.reason} (run `archive reindex` to rebuild it)"


class BackendUnavailableError(SearchIndexError):
    """The index (or the user) asks for a backend whose library is not installed."""

    def __init__(self, backend: str, package: str) -> None:
        super().__init__(backend, package)
        self.backend = backend
        self.package = package

    def __str__(self) -> str:
        return (f"the {self.backend} index backend needs the {self.package} package: "
                f"pip install 'statement-archive[{self.backend}]'")


class BackendMismatchError(SearchIndexError):
    """The index was built with another backend than the one asked for."""

    def __init__(self, path: Path, recorded: str, wanted: str) -> None:
        super().__init__(path, recorded, wanted)
        self.path = path
        self.recorded = recorded
        self.wanted = wanted

    def __str__(self) -> str:
        return (f"index {self.path} uses the {self.recorded} backend, not {self.wanted} "
                f"(run `archive reindex --index {self.wanted}` to convert it)")
