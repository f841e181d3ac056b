"""The full-text index of statement sections. Every Whoosh import of the project lives in this package.

    with SectionIndex.open(path) as index:
        index.add(docs)                      # replaces those statements' sections
        hits = index.search('"general strike" grève', filters=SearchFilters(langs=("fr",)))

`SectionIndex.create(path)` replaces an index that cannot be opened (another schema, damage).
"""
from .errors import IndexLockedError, IndexUnreadableError, InvalidFilterError, QueryError, SearchIndexError
from .model import Hit, SearchFilters, SectionDoc
from .snippets import SnippetOptions
from .whoosh_index import IndexOptions, SectionIndex

__all__ = [
    "Hit",
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
]
