"""SectionIndex: the full-text index of statement sections, kept by one of two backends.

The backend (Whoosh or tantivy) is chosen when the index is created and recorded beside
it with INDEX_VERSION (index.meta); opening an index picks its backend by itself.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, Sequence

from .documents import statements_in_runs
from .errors import BackendMismatchError, BackendUnavailableError, IndexUnreadableError
from .meta import BACKENDS, DEFAULT_BACKEND, INDEX_VERSION, IndexMeta, read_meta, write_meta
from .model import Hit, SearchFilters, SectionDoc
from .options import IndexOptions
from .syntax import Node, describe, parse

_MODULES = {"whoosh": "index.whoosh_backend.whoosh_index", "tantivy": "index.tantivy_backend.tantivy_index"}
_PACKAGES = {"whoosh": "whoosh-reloaded", "tantivy": "tantivy"}


class Backend(Protocol):
    """What a backend does; SectionIndex adds parsing, the record and the statement grouping."""

    name: str

    def replace(self, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> None: ...
    def stage(self, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> None: ...
    def commit_staged(self) -> None: ...
    def clear(self) -> None: ...
    def optimize(self) -> None: ...
    def search(self, node: Node, *, text: str, filters: SearchFilters, limit: int,
               per_statement: int | None) -> list[Hit]: ...
    def statement_scores(self, node: Node, *, text: str, filters: SearchFilters) -> dict[str, float]: ...
    def statement_ids(self) -> set[str]: ...
    def section_count(self) -> int: ...
    def close(self) -> None: ...


def _module(backend: str):
    if backend not in _MODULES:
        raise ValueError(f"unknown index backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    try:
        return importlib.import_module(_MODULES[backend])
    except ImportError as e:
        raise BackendUnavailableError(backend, _PACKAGES[backend]) from e


def backend_available(backend: str) -> bool:
    """Whether `backend`'s library is installed."""
    try:
        _module(backend)
    except BackendUnavailableError:
        return False
    return True


def backend_of(path: Path) -> str | None:
    """The backend of the index in `path` (an index from before backends were recorded is Whoosh's)."""
    meta = read_meta(Path(path))
    if meta is not None:
        return meta.backend
    return "whoosh" if _module("whoosh").exists_in(Path(path)) else None


def _parsed(query: str | Node) -> tuple[Node, str]:
    """The tree of a query and its text (for messages)."""
    if isinstance(query, str):
        return parse(query), query
    return query, describe(query)


def _statements_and_deletions(statement_ids: Iterable[str], docs: Iterable[SectionDoc]
                              ) -> tuple[list[tuple[str, list[SectionDoc]]], list[str]]:
    """`docs` grouped by statement, and the statements of `statement_ids` that have none (to delete)."""
    statements = list(statements_in_runs(docs))
    given = {statement_id for statement_id, _ in statements}
    return statements, [sid for sid in dict.fromkeys(statement_ids) if sid not in given]


class SectionIndex:
    """One index document per statement section; open with `SectionIndex.open(path)`."""

    def __init__(self, backend: Backend, path: Path) -> None:
        self._backend = backend
        self._path = path

    @classmethod
    def open(cls, path: Path, *, create: bool = True, backend: str | None = None,
             options: IndexOptions = IndexOptions()) -> "SectionIndex":
        """Open the index in directory `path` with the backend recorded there.

        Without an index there, create one (with `backend`, default Whoosh) if `create`.
        BackendMismatchError if `backend` is given and the index uses another one.
        """
        path = Path(path)
        recorded = backend_of(path)
        if recorded is None:
            if not create:
                raise IndexUnreadableError(path, "there is no index in this directory")
            return cls.create(path, backend=backend, options=options)
        if backend is not None and backend != recorded:
            raise BackendMismatchError(path, recorded, backend)
        module = _module(recorded)
        return cls(module.Backend.open(module.directory(path), create=False, options=options), path)

    @classmethod
    def create(cls, path: Path, *, backend: str | None = None,
               options: IndexOptions = IndexOptions()) -> "SectionIndex":
        """A new, empty index in `path` with `backend` (default: the one recorded there, else Whoosh),
        replacing any index there, of either backend, even an unreadable one (for `archive reindex`).
        Only the index's own files are removed."""
        path = Path(path)
        try:
            chosen = backend or backend_of(path) or DEFAULT_BACKEND
        except BackendUnavailableError:
            chosen = backend or DEFAULT_BACKEND
        module = _module(chosen)
        path.mkdir(parents=True, exist_ok=True)
        for name in BACKENDS:
            if name == chosen or backend_available(name):
                _module(name).remove_from(path)
        try:
            implementation = module.Backend.open(module.directory(path), create=True, options=options)
        except OSError as e:
            raise IndexUnreadableError(path, f"{type(e).__name__}: {e}") from e
        write_meta(path, IndexMeta(backend=chosen, version=INDEX_VERSION))
        return cls(implementation, path)

    @staticmethod
    def needs_rebuild(path: Path, *, backend: str | None = None) -> str | None:
        """Why the index in `path` must be rebuilt before use (or converted to `backend`), else None."""
        path = Path(path)
        meta = read_meta(path)
        if meta is None:
            if backend_of(path) is None:
                return f"there is no index in {path}"
            return "it was built before index versions were recorded"
        if meta.backend not in BACKENDS:
            return f"it was built with an unknown backend {meta.backend!r}"
        if backend is not None and backend != meta.backend:
            return f"it uses the {meta.backend} backend, not {backend}"
        if meta.version != INDEX_VERSION:
            return f"it was built as index version {meta.version}; this statement-archive builds version {INDEX_VERSION}"
        if not backend_available(meta.backend):
            return f"its {meta.backend} backend is not installed"
        return None

    @property
    def path(self) -> Path:
        return self._path

    @property
    def backend(self) -> str:
        """The backend's name: "whoosh" or "tantivy"."""
        return self._backend.name

    def add(self, docs: Iterable[SectionDoc]) -> None:
        """Index `docs` in one commit, replacing every existing section of their statements.

        A statement's sections are expected together, and are read as the index is written
        (the write lock is held meanwhile); a (statement_id, position) given twice is indexed once.
        """
        self._backend.replace(statements_in_runs(docs), ())

    def replace(self, statement_ids: Iterable[str], docs: Iterable[SectionDoc]) -> None:
        """In one commit, make `docs` the only sections of `statement_ids`: statements without docs
        are removed, the others' sections replaced (what sync and ingest do per batch)."""
        self._backend.replace(*_statements_and_deletions(statement_ids, docs))

    def stage(self, statement_ids: Iterable[str], docs: Iterable[SectionDoc]) -> None:
        """`replace`, made searchable (and durable) by the next `commit_staged`; meanwhile tantivy indexes the
        documents in its writer's thread, Whoosh groups their postings."""
        self._backend.stage(*_statements_and_deletions(statement_ids, docs))

    def commit_staged(self) -> None:
        """Commit what `stage` wrote."""
        self._backend.commit_staged()

    def delete(self, statement_ids: Iterable[str]) -> None:
        """Remove every section of these statements (unknown ids are ignored)."""
        self._backend.replace((), list(dict.fromkeys(statement_ids)))

    def clear(self) -> None:
        """Remove every document (before a rebuild)."""
        self._backend.clear()

    def optimize(self) -> None:
        """Merge all segments into one: faster searches after a bulk build."""
        self._backend.optimize()

    def search(self, query: str | Node, *, filters: SearchFilters = SearchFilters(), limit: int = 20,
               per_statement: int | None = None) -> list[Hit]:
        """The best `limit` sections for `query` (a string, or a tree from `parse_query`), best first,
        at most `per_statement` of each statement when given; QueryError if `query` is malformed."""
        if limit < 1 or (per_statement is not None and per_statement < 1):
            raise ValueError(f"limit and per_statement must be at least 1, not {limit} and {per_statement}")
        node, text = _parsed(query)
        return self._backend.search(node, text=text, filters=filters, limit=limit, per_statement=per_statement)

    def statement_scores(self, query: str | Node, *, filters: SearchFilters = SearchFilters()) -> dict[str, float]:
        """Statement id -> the best score of its sections matching `query`, for every statement with one.

        What a statement-level search asks of each leaf of a query: all the statements, cheaply
        (no snippets, no stored fields), where `search` gives the best few sections.
        """
        node, text = _parsed(query)
        return self._backend.statement_scores(node, text=text, filters=filters)

    def statement_ids(self) -> set[str]:
        """The ids of all statements with indexed sections."""
        return self._backend.statement_ids()

    def section_count(self) -> int:
        return self._backend.section_count()

    def close(self) -> None:
        self._backend.close()

    def __enter__(self) -> "SectionIndex":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
