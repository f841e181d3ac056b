"""A plain Whoosh index (default StandardAnalyzer, one stored field) to measure SectionIndex against.

Only bench/ uses it; it lives here because every Whoosh import of the project lives in `index/`.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from ..model import SectionDoc


class PlainWhooshBaseline:
    """What a first Whoosh integration looks like: one text field, default analysis, default writer."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        if create:
            path.mkdir(parents=True, exist_ok=True)
            schema = Schema(key=ID(stored=True, unique=True), content=TEXT(stored=True))
            self._ix = whoosh_index.create_in(str(path), schema)
        else:
            self._ix = whoosh_index.open_dir(str(path))
        self._parser = QueryParser("content", self._ix.schema)
        self._searcher = None

    def add(self, docs: Iterable[SectionDoc]) -> None:
        with self._ix.writer() as writer:
            for doc in docs:
                writer.update_document(key=f"{doc.statement_id}:{doc.position}", content=doc.text)
        self._searcher = None

    def search(self, query: str, *, limit: int = 20) -> list[tuple[str, str]]:
        """(key, highlighted snippet) of the best `limit` sections."""
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        results = self._searcher.search(self._parser.parse(query), limit=limit)
        return [(hit["key"], hit.highlights("content")) for hit in results]

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._ix.close()
