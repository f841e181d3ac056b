"""The Whoosh backend of SectionIndex: one statement document and its section documents per statement.

The query compiler and the vectorized scorer (numpy, Whoosh's query machinery) are imported by the
methods that search: an ingest, which only writes, never loads them.
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from pickle import UnpicklingError
from struct import error as struct_error
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.reading import ReaderClosed
from whoosh.writing import CLEAR

from ..analysis import STEMMED_LANGUAGES, stemmed_field_name
from ..errors import IndexUnreadableError
from ..model import Hit, SearchFilters, SectionDoc
from ..options import IndexOptions
from ..snippets import SnippetMaker, WordStemmers, highlights_of
from ..syntax import Node
from .analyzers import stemmer_for
from .locking import open_writer
from .mapped import install_mapped_segments
from .merging import tiered_merge
from .schema import STATEMENTS, build_schema, section_fields, statement_fields, stored_text

if TYPE_CHECKING:
    from whoosh.query import Query

NAME = "whoosh"
_OWN_FILES = ("MAIN", "_MAIN")  # Whoosh's files in the index directory start with these
_OPEN_ERRORS = (OSError, whoosh_index.IndexError, EOFError, ValueError, UnpicklingError, struct_error)
SEARCH_ATTEMPTS = 5  # a search racing a commit that removes its segments is retried on the new state
RETRY_PAUSE = 0.02  # seconds between those attempts


def exists_in(path: Path) -> bool:
    return whoosh_index.exists_in(str(path))


def remove_from(path: Path) -> None:
    """Delete the Whoosh files in `path` (only those)."""
    if path.is_dir():
        for entry in path.iterdir():
            if entry.name.startswith(_OWN_FILES) or entry.suffix == ".seg":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink(missing_ok=True)


class WhooshBackend:
    """Sections in a Whoosh directory; statements' signatories in one statement document each."""

    name = NAME

    def __init__(self, ix, path: Path, *, options: IndexOptions) -> None:
        self._ix = ix
        self._path = path
        self._options = options
        self._searcher = None
        self._searcher_generation = -1
        self._statement_docnums: set[int] | None = None
        self._stemmed_present: tuple[str, ...] | None = None
        self._stemmers = WordStemmers(stemmer_for)
        self._lengths: dict = {}  # field lengths per segment, for best_hits (reset with the searcher)
        self._staged = None  # the writer `stage` keeps until `commit_staged`
        self._staged_ids: set[str] = set()  # the statements staged or deleted in it

    @classmethod
    def open(cls, path: Path, *, create: bool, options: IndexOptions) -> "WhooshBackend":
        install_mapped_segments()
        schema = build_schema()
        for attempt in range(SEARCH_ATTEMPTS):  # a commit may remove the table of contents being read
            try:
                if exists_in(path):
                    ix = whoosh_index.open_dir(str(path))
                elif create:
                    path.mkdir(parents=True, exist_ok=True)
                    ix = whoosh_index.create_in(str(path), schema)
                else:
                    raise IndexUnreadableError(path, "there is no index in this directory")
                names = set(ix.schema.names())
                break
            except _OPEN_ERRORS as e:
                if attempt == SEARCH_ATTEMPTS - 1:
                    raise IndexUnreadableError(path, f"{type(e).__name__}: {e}") from e
                time.sleep(RETRY_PAUSE)
        if names != set(schema.names()):
            ix.close()
            raise IndexUnreadableError(path, "it was built by another version of statement-archive")
        return cls(ix, path, options=options)

    # -- writing

    def replace(self, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> None:
        """In one commit: delete `deleted` and the statements given, then add the statements' sections."""
        self.stage(statements, deleted)
        self.commit_staged()

    def stage(self, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> None:
        """`replace` without the commit: the writer (and its lock) is kept, and groups the documents'
        postings now, until `commit_staged` writes them. A statement staged again commits the writer
        first: Whoosh's deletions see committed segments only, so it would otherwise be indexed twice."""
        if self._staged_ids:  # (else `statements` is read as it is written, as `replace` reads it)
            statements = list(statements)
            if self._staged_ids & ({statement_id for statement_id, _ in statements} | set(deleted)):
                self.commit_staged()
        if self._staged is None:
            self._staged = self._open_writer()
        try:
            self._staged_ids |= _write(self._staged, statements, deleted)
        except BaseException:
            self._end_staged(commit=False)
            raise

    def commit_staged(self) -> None:
        self._end_staged(commit=True)

    def _end_staged(self, *, commit: bool) -> None:
        writer, touched, self._staged, self._staged_ids = self._staged, self._staged_ids, None, set()
        if writer is None:
            return
        if commit and touched:  # something was deleted or added
            writer.commit(mergetype=tiered_merge)
        else:
            writer.cancel()
        self._invalidate()

    def _open_writer(self):
        return open_writer(self._ix, self._path, limitmb=self._options.writer_limit_mb,
                           timeout=self._options.lock_timeout)

    def clear(self) -> None:
        writer = self._open_writer()
        writer.commit(mergetype=CLEAR)
        self._invalidate()

    def optimize(self) -> None:
        writer = self._open_writer()
        writer.commit(optimize=True)
        self._invalidate()

    # -- reading

    def search(self, node: Node, *, text: str, filters: SearchFilters, limit: int,
               per_statement: int | None = None) -> list[Hit]:
        return self._answering(lambda: self._search(node, text=text, filters=filters, limit=limit,
                                                    per_statement=per_statement))

    def statement_scores(self, node: Node, *, text: str, filters: SearchFilters) -> dict[str, float]:
        return self._answering(lambda: self._statement_scores(node, text=text, filters=filters))

    def statement_ids(self) -> set[str]:
        return self._answering(self._statement_ids)

    def section_count(self) -> int:
        return self._answering(lambda: self._current_searcher().doc_count() - len(self._statement_docs()))

    def close(self) -> None:
        self._end_staged(commit=False)  # what was staged and not committed is not kept
        self._invalidate()
        self._ix.close()

    # -- internals

    def _answering(self, read):
        """`read()`, retried on the newest committed state if a concurrent commit removed what it read."""
        for attempt in range(SEARCH_ATTEMPTS):
            try:
                return read()
            except (ReaderClosed, OSError, EOFError, struct_error) as e:
                self._invalidate()
                if attempt == SEARCH_ATTEMPTS - 1:
                    raise IndexUnreadableError(self._path, f"{type(e).__name__}: {e}") from e
                time.sleep(RETRY_PAUSE)
        raise AssertionError("unreachable")

    def _search(self, node: Node, *, text: str, filters: SearchFilters, limit: int,
                per_statement: int | None) -> list[Hit]:
        from .vectorized import best_hits  # see the module's docstring

        searcher = self._current_searcher()
        parsed, allowed = self._compiled(node, text=text, filters=filters)
        if per_statement:  # Whoosh's own collector keeps the best `per_statement` sections of each statement
            results = searcher.search(parsed, filter=allowed, limit=limit,
                                      collapse="statement_id", collapse_limit=per_statement)
            found = [(result.score, result.docnum) for result in results]
        else:
            found = best_hits(searcher, parsed, allowed=allowed, limit=limit, lengths=self._lengths)
        snippets = SnippetMaker(highlights_of(node), stemmers=self._stemmers, options=self._options.snippets)
        return [self._hit(score, searcher.stored_fields(docnum), snippets) for score, docnum in found]

    def _statement_scores(self, node: Node, *, text: str, filters: SearchFilters) -> dict[str, float]:
        """Every matching section's score, read with its statement id from the id column (no stored fields)."""
        from .vectorized import best_hits  # see the module's docstring

        searcher = self._current_searcher()
        parsed, allowed = self._compiled(node, text=text, filters=filters)
        found = best_hits(searcher, parsed, allowed=allowed, limit=max(1, searcher.doc_count_all()),
                          lengths=self._lengths)  # scored as search() scores
        if not found:
            return {}
        column = searcher.reader().column_reader("statement_id", translate=True)
        best: dict[str, float] = {}
        for score, docnum in found:
            statement_id = column[docnum]
            if score > best.get(statement_id, -1.0):
                best[statement_id] = score
        return best

    def _compiled(self, node: Node, *, text: str, filters: SearchFilters) -> tuple[Query, Query | None]:
        """The query `node` kept to the filter's statements, and the filter's own query (None: no filter)."""
        from .compile import QueryCompiler, filter_query, kept_to_statements  # see the module's docstring

        compiler = QueryCompiler(langs=self._search_langs(filters.langs), stemmers=self._stemmers)
        return kept_to_statements(compiler.compile(node, text=text), filters.statements), filter_query(filters)

    def _statement_ids(self) -> set[str]:
        searcher = self._current_searcher()
        statements = self._statement_docs()
        if not statements:
            return set()  # an empty index has no column to read
        column = searcher.reader().column_reader("statement_id", translate=True)
        return {column[docnum] for docnum in statements}

    def _invalidate(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except (ReaderClosed, OSError):
                pass
        self._searcher = None
        self._stemmed_present = None
        self._statement_docnums = None
        self._lengths = {}

    def _current_searcher(self):
        """A searcher reused across searches until another commit (by any process) makes it stale."""
        generation = self._ix.latest_generation()
        if self._searcher is not None and generation != self._searcher_generation:
            self._invalidate()
        if self._searcher is None:
            self._searcher = self._ix.searcher()
            self._searcher_generation = generation
        return self._searcher

    def _statement_docs(self) -> set[int]:
        """Document numbers of the statement documents, masked out of every search (cached per searcher)."""
        searcher = self._current_searcher()
        if self._statement_docnums is None:
            self._statement_docnums = set(searcher.docs_for_query(STATEMENTS))
        return self._statement_docnums

    def _search_langs(self, langs: tuple[str, ...]) -> tuple[str, ...]:
        """The stemmed languages a word is looked up in: those in the index, or those of the filter."""
        if self._stemmed_present is None:
            reader = self._current_searcher().reader()
            self._stemmed_present = tuple(
                lang for lang in STEMMED_LANGUAGES if reader.field_length(stemmed_field_name(lang))
            )
        wanted = {lang.strip().lower() for lang in langs}
        return tuple(lang for lang in self._stemmed_present if not wanted or lang in wanted)

    def _hit(self, score: float, stored: dict, snippets: SnippetMaker) -> Hit:
        lang = stored.get("lang")
        return Hit(
            statement_id=stored["statement_id"],
            position=stored["position"],
            lang=lang,
            title=stored.get("title"),
            score=score,
            snippet=snippets.snippet(stored_text(stored), lang=lang),
        )


__all__ = ["NAME", "WhooshBackend", "exists_in", "remove_from"]

Backend = WhooshBackend


def directory(path: Path) -> Path:
    """Whoosh's files live in the index directory itself (as before backends were recorded)."""
    return path


def _write(writer, statements: Iterable[tuple[str, list[SectionDoc]]], deleted: Sequence[str]) -> set[str]:
    """Delete `deleted` and the statements given, then add the statements' sections; the statements touched."""
    touched = set(deleted)
    for statement_id in deleted:
        writer.delete_by_term("statement_id", statement_id)
    for statement_id, sections in statements:
        writer.delete_by_term("statement_id", statement_id)
        touched.add(statement_id)
        with writer.group():
            writer.add_document(**statement_fields(statement_id, sections))
            for doc in sections:
                writer.add_document(**section_fields(doc))
    return touched
