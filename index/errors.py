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
        return f"invalid query {self.query!r}: {self.reason}"


class InvalidFilterError(QueryError):
    """A search filter value that cannot be used (e.g. a date that is not ISO 8601)."""

    def __str__(self) -> str:
        return f"invalid filter {self.query!r}: {self.reason}"


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
