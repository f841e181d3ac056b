"""Tuning of the index, the same for both backends."""
from __future__ import annotations

from dataclasses import dataclass

from .snippets import SnippetOptions


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Tuning of the index; the defaults keep a writer under ~100 MB."""

    writer_limit_mb: int = 64  # writer memory before it spills to disk (Whoosh pool, tantivy heap)
    writer_threads: int = 1  # tantivy indexing threads (Whoosh has one); ingest already uses the other core
    lock_timeout: float = 10.0  # seconds to wait for another writer to finish
    snippets: SnippetOptions = SnippetOptions()
