"""The full-text index of statement sections, kept by Whoosh (default) or tantivy.

    with SectionIndex.open(path) as index:     # the backend recorded in `path`
        index.add(docs)                        # replaces those statements' sections
        hits = index.search('"general strike" grève', filters=SearchFilters(langs=("fr",)))

`SectionIndex.create(path, backend="tantivy")` replaces (converts) whatever index is there;
`SectionIndex.needs_rebuild(path)` says why an index must be rebuilt (another INDEX_VERSION,
another backend), or None.
"""
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
from .model import Hit, SearchFilters, SectionDoc
from .options import IndexOptions
from .section_index import SectionIndex, backend_available, backend_of
from .snippets import SnippetOptions

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
