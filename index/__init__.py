"""The full-text index of statement sections, kept by Whoosh (default) or tantivy.

    with SectionIndex.open(path) as index:     # the backend recorded in `path`
        index.add(docs)                        # replaces those statements' sections
        hits = index.search('"general strike" grève', filters=SearchFilters(langs=("fr",)))
        scores = index.statement_scores("grève")      # every statement with a matching section

`parse_query` is the one parser of the query language; its tree (`And`, `Or`, `Not` over the
leaves `Words`, `Prefix`, `DateSpan`) is what `archive search` evaluates statement by statement.

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
    from .syntax import And, DateSpan, Leaf, Node, Not, Or, Prefix, Words, is_leaf
    from .syntax import describe as describe_query
    from .syntax import parse as parse_query

# The module of each name loaded on first use, and the name it has there.
_LAZY = {
    "Hit": (".model", "Hit"), "SearchFilters": (".model", "SearchFilters"), "SectionDoc": (".model", "SectionDoc"),
    "IndexOptions": (".options", "IndexOptions"),
    "SectionIndex": (".section_index", "SectionIndex"), "backend_available": (".section_index", "backend_available"),
    "backend_of": (".section_index", "backend_of"),
    "SnippetOptions": (".snippets", "SnippetOptions"),
    **{name: (".syntax", name) for name in ("And", "DateSpan", "Leaf", "Node", "Not", "Or", "Prefix", "Words", "is_leaf")},
    "describe_query": (".syntax", "describe"), "parse_query": (".syntax", "parse"),
}

__all__ = [
    "And",
    "BACKENDS",
    "BackendMismatchError",
    "BackendUnavailableError",
    "DEFAULT_BACKEND",
    "DateSpan",
    "Hit",
    "INDEX_VERSION",
    "IndexLockedError",
    "IndexOptions",
    "IndexUnreadableError",
    "InvalidFilterError",
    "Leaf",
    "Node",
    "Not",
    "Or",
    "Prefix",
    "QueryError",
    "SearchFilters",
    "SearchIndexError",
    "SectionDoc",
    "SectionIndex",
    "SnippetOptions",
    "backend_available",
    "Words",
    "backend_of",
    "describe_query",
    "is_leaf",
    "parse_query",
]


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = home
    value = getattr(importlib.import_module(module, __name__), attribute)
    globals()[name] = value
    return value
