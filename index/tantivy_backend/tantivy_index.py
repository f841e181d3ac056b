"""The tantivy backend of SectionIndex: one document per section, in `<index dir>/tantivy`."""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import tantivy
from tantivy import Query

from ..analysis import STEMMED_LANGUAGES
from ..documents import statement_signatories
from ..errors import IndexLockedError, IndexUnreadableError
from ..model import Hit, SearchFilters, SectionDoc
from ..options import IndexOptions
from ..snippets import SnippetMaker, WordStemmers, highlights_of
from ..syntax import Node
from .compile import QueryCompiler
from .schema import (STATEMENT_KEY, STORED_TEXT, STORED_TITLE, analyzers, build_schema, sections_of,
                     statement_key, stemmer_for)

NAME = "tantivy"
SUBDIRECTORY = "tantivy"
OWNER_FILE = "writer.pid"  # written by whoever holds the write lock, to name it when the lock is refused
LOCK_POLL = 0.05  # seconds between attempts to take the write lock
_MIN_HEAP_MB = 15  # tantivy refuses less than ~3 MB per indexing thread; stay well above


def directory(path: Path) -> Path:
    return path / SUBDIRECTORY


def exists_in(path: Path) -> bool:
    return (directory(path) / "meta.json").exists()


def remove_from(path: Path) -> None:
    """Delete the tantivy index under `path` (only it)."""
    shutil.rmtree(directory(path), ignore_errors=True)


class TantivyBackend:
    """Sections in a tantivy index; each section carries its statement's signatories."""

    name = NAME

    def __init__(self, index: tantivy.Index, path: Path, *, options: IndexOptions) -> None:
        self._index = index
        self._schema = build_schema()
        self._path = path
        self._options = options
        self._stemmers = WordStemmers(stemmer_for)
        self._seen_state: tuple[int, int] | None = None
        self._searcher = None
        self._stemmed_present: tuple[str, ...] | None = None
        self._ids_by_key: dict[int, str] | None = None
        self._staged = None  # the writer `stage` keeps until `commit_staged`

    @classmethod
    def open(cls, path: Path, *, create: bool, options: IndexOptions) -> "TantivyBackend":
        meta = path / "meta.json"
        if not meta.exists() and not create:
            raise IndexUnreadableError(path, "there is no index in this directory")
        try:
            path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(build_schema(), path=str(path), reuse=True)
        except (OSError, ValueError) as e:
            raise IndexUnreadableError(path, f"{type(e).__name__}: {e}") from e
        for name, analyzer in analyzers().items():
            index.register_tokenizer(name, analyzer)
        return cls(index, path, options=options)

    # -- writing

    def replace(self, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> None:
        """In one commit: delete `deleted` and the statements given, then add the statements' sections."""
        with self._ending(self._writer()) as writer:
            if _write(writer, statements, deleted):
                writer.commit()

    def stage(self, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> None:
        """`replace` without the commit: the writer (and its lock) is kept, and indexes the documents in its
        thread, until `commit_staged`."""
        if self._staged is None:
            self._staged = self._writer()
        try:
            _write(self._staged, statements, deleted)
        except BaseException:
            self._end_staged(commit=False)
            raise

    def commit_staged(self) -> None:
        self._end_staged(commit=True)

    def _end_staged(self, *, commit: bool) -> None:
        writer, self._staged = self._staged, None
        if writer is None:
            return
        with self._ending(writer):
            if commit:
                writer.commit()
            else:
                writer.rollback()

    @contextmanager
    def _ending(self, writer: tantivy.IndexWriter) -> Iterator[tantivy.IndexWriter]:
        """The writer for a last write: rolled back if that fails, then its merges waited for (which releases
        the write lock) and the searcher renewed."""
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
            self._invalidate()

    def clear(self) -> None:
        writer = self._writer()
        try:
            writer.delete_all_documents()
            writer.commit()
        finally:
            writer.wait_merging_threads()
        self._invalidate()

    def optimize(self) -> None:
        """tantivy merges segments in the background as it commits; nothing more is needed."""

    # -- reading

    def search(self, node: Node, *, text: str, filters: SearchFilters, limit: int,
               per_statement: int | None = None) -> list[Hit]:
        searcher = self._current_searcher()
        if per_statement:
            found = self._best_per_statement(searcher, node, text=text, filters=filters, limit=limit,
                                             per_statement=per_statement)
        else:
            found = self._scored(searcher, node, text=text, filters=filters, limit=limit)
        snippets = SnippetMaker(highlights_of(node), stemmers=self._stemmers, options=self._options.snippets)
        return [self._hit(score, searcher.doc(address), snippets) for score, address in found]

    def statement_scores(self, node: Node, *, text: str, filters: SearchFilters) -> dict[str, float]:
        """Every matching section's score and statement, read from the key column (no stored documents)."""
        searcher = self._current_searcher()
        found = self._scored(searcher, node, text=text, filters=filters, limit=max(1, searcher.num_docs))
        if not found:
            return {}
        keys = searcher.fast_field_values(STATEMENT_KEY, [address for _, address in found])
        ids = self._statement_ids_by_key()
        best: dict[str, float] = {}
        for (score, _), key in zip(found, keys):
            statement_id = ids.get(key)
            if statement_id is not None and score > best.get(statement_id, -1.0):
                best[statement_id] = score
        return best

    def statement_ids(self) -> set[str]:
        searcher = self._current_searcher()
        if not searcher.num_docs:
            return set()
        return {term for term, count in searcher.terms_with_prefix("statement_id", "", filter_query=Query.all_query())
                if count}

    def section_count(self) -> int:
        return self._current_searcher().num_docs

    def close(self) -> None:
        self._end_staged(commit=False)  # what was staged and not committed is not kept
        self._invalidate()

    # -- internals

    def _writer(self):
        heap = max(_MIN_HEAP_MB, self._options.writer_limit_mb) * 1_000_000
        deadline = time.monotonic() + self._options.lock_timeout
        while True:
            try:
                writer = self._index.writer(heap, self._options.writer_threads)
            except ValueError as e:
                if "LockBusy" not in str(e):
                    raise IndexUnreadableError(self._path, str(e)) from e
                if time.monotonic() >= deadline:
                    raise IndexLockedError(self._path, self._lock_owner()) from e
                time.sleep(LOCK_POLL)
            else:
                (self._path / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
                return writer

    def _lock_owner(self) -> int | None:
        """The pid of the last process that took the write lock (tantivy's lock file names nobody)."""
        try:
            text = (self._path / OWNER_FILE).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def _invalidate(self) -> None:
        self._seen_state = None
        self._searcher = None
        self._stemmed_present = None
        self._ids_by_key = None

    def _current_searcher(self):
        """A searcher on the last commit, by any process (tantivy's meta.json changes with each)."""
        try:
            stat = os.stat(self._path / "meta.json")
        except OSError as e:
            raise IndexUnreadableError(self._path, f"{type(e).__name__}: {e}") from e
        state = (stat.st_mtime_ns, stat.st_size)
        if self._searcher is None or state != self._seen_state:
            self._index.reload()
            self._searcher = self._index.searcher()
            self._seen_state = state
            self._stemmed_present = None
            self._ids_by_key = None
        return self._searcher

    def _scored(self, searcher, node: Node, *, text: str, filters: SearchFilters, limit: int) -> list:
        """(score, address) of the best `limit` sections for `node` within `filters`."""
        compiler = QueryCompiler(self._schema, langs=self._search_langs(filters.langs), stemmers=self._stemmers)
        query = compiler.compile(node, text=text)
        restriction = compiler.filter_query(filters)
        if restriction is not None:
            query = Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, restriction)])
        try:
            return searcher.search(query, limit=limit, count=False).hits
        except ValueError as e:
            raise IndexUnreadableError(self._path, str(e)) from e

    def _best_per_statement(self, searcher, node: Node, *, text: str, filters: SearchFilters, limit: int,
                            per_statement: int) -> list:
        """The best `limit` sections, at most `per_statement` of each statement (told apart by their keys)."""
        found = self._scored(searcher, node, text=text, filters=filters, limit=max(1, searcher.num_docs))
        keys = searcher.fast_field_values(STATEMENT_KEY, [address for _, address in found]) if found else []
        counts: dict[int, int] = {}
        kept = []
        for hit, key in zip(found, keys):
            if counts.get(key, 0) < per_statement:
                counts[key] = counts.get(key, 0) + 1
                kept.append(hit)
                if len(kept) == limit:
                    break
        return kept

    def _statement_ids_by_key(self) -> dict[int, str]:
        """Statement key -> statement id, for the current searcher (made on first need)."""
        if self._ids_by_key is None:
            self._ids_by_key = {statement_key(sid): sid for sid in self.statement_ids()}
        return self._ids_by_key

    def _search_langs(self, langs: tuple[str, ...]) -> tuple[str, ...]:
        if self._stemmed_present is None:
            searcher = self._current_searcher()
            self._stemmed_present = tuple(lang for lang in STEMMED_LANGUAGES if searcher.doc_freq("lang", lang))
        wanted = {lang.strip().lower() for lang in langs}
        return tuple(lang for lang in self._stemmed_present if not wanted or lang in wanted)

    def _hit(self, score: float, document, snippets: SnippetMaker) -> Hit:
        lang = document.get_first("lang")
        title = document.get_first(STORED_TITLE)
        text = (document.get_first(STORED_TEXT) or b"").decode("utf-8")
        return Hit(statement_id=document.get_first("statement_id"), position=int(document.get_first("position")),
                   lang=lang, title=title.decode("utf-8") if title else None, score=float(score),
                   snippet=snippets.snippet(text, lang=lang))


Backend = TantivyBackend

__all__ = ["NAME", "Backend", "TantivyBackend", "directory", "exists_in", "remove_from"]


def _write(writer, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> bool:
    """Delete `deleted` and the statements given, then add the statements' sections; whether anything changed."""
    changed = False
    for statement_id in deleted:
        writer.delete_documents_by_term("statement_id", statement_id)
        changed = True
    for statement_id, sections in statements:
        writer.delete_documents_by_term("statement_id", statement_id)
        changed = True
        for document in sections_of(sections, statement_signatories(sections)):
            writer.add_document(document)
    return changed
