"""The full-text index of statement sections, kept by Whoosh (default) or tantivy.

    with SectionIndex.open(path) as index:     # the backend recorded in `path`
        index.add(docs)                        # replaces those statements' sections
        hits = index.search('"general strike" grève', filters=SearchFilters(langs=("fr",)))

`SectionIndex.create(path, backend="tantivy")` replaces (converts) whatever index is there;
`SectionIndex.needs_rebuild(path)` says why an index must be rebuilt (another INDEX_VERSION,
another backend), or None.

`import index` loads only the constants and errors; the rest comes from its module on first use,
so that a command that only needs the backends' names (`archive --help`) starts fast.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    BackendMismatchError,
    BackendUnavailableError,
    IndexLockedError,
    IndexUnreadableError,
    InvalidFilterError,
    QueryError,
    SearchIndexError,
)
from .meta import BACKENDS, DEFAULT_BACKEND, INDEX_VERSION

if TYPE_CHECKING:
    from .model import Hit, SearchFilters, SectionDoc
    from .options import IndexOptions
    from .section_index import SectionIndex, backend_available, backend_of
    from .snippets import SnippetOptions

# The module of each name loaded on first use.
_LAZY = {
    "Hit": ".model", "SearchFilters": ".model", "SectionDoc": ".model",
    "IndexOptions": ".options",
    "SectionIndex": ".section_index", "backend_available": ".section_index", "backend_of": ".section_index",
    "SnippetOptions": ".snippets",
}

__all__ = [
    "BACKENDS",
    "BackendMismatchError",
    "BackendUnavailableError",
    "DEFAULT_BACKEND",
    "Hit",
    "INDEX_VERSION",
    "IndexLockedError",
    "IndexOptions",
    "IndexUnreadableError",
    "InvalidFilterError",
    "QueryError",
    "SearchFilters",
    "SearchIndexError",
    "SectionDoc",
    "SectionIndex",
    "SnippetOptions",
    "backend_available",
    "backend_of",
]


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value
