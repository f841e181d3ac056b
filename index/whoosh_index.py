"""SectionIndex: the full-text index of statement sections, kept in a Whoosh directory."""
from __future__ import annotations

import shutil
from pickle import UnpicklingError
from struct import error as struct_error
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import CLEAR

from .analysis import STEMMED_LANGUAGES, stemmed_field_name
from .errors import IndexUnreadableError
from .locking import open_writer
from .merging import tiered_merge
from .model import Hit, SearchFilters, SectionDoc
from .query import STATEMENTS, filter_query, highlight_terms, make_parser, parse_query
from .schema import build_schema, section_fields, statement_fields, stored_text
from .snippets import SnippetMaker, SnippetOptions, WordStemmers


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Tuning of the index; the defaults keep a writer under ~100 MB."""

    writer_limit_mb: int = 64  # Whoosh writer pool size before it spills to disk
    lock_timeout: float = 10.0  # seconds to wait for another writer to finish
    snippets: SnippetOptions = SnippetOptions()


class SectionIndex:
    """One index document per statement section; open with `SectionIndex.open(path)`."""

    def __init__(self, ix, path: Path, *, options: IndexOptions) -> None:
        self._ix = ix
        self._path = path
        self._options = options
        self._searcher = None
        self._searcher_generation = -1
        self._statement_docnums: set[int] | None = None
        self._stemmed_present: tuple[str, ...] | None = None
        self._parsers: dict[tuple[str, ...], object] = {}
        self._stemmers = WordStemmers()

    @classmethod
    def open(cls, path: Path, *, create: bool = True, options: IndexOptions = IndexOptions()) -> "SectionIndex":
        """Open the index in directory `path`, creating it (and the directory) if `create`."""
        path = Path(path)
        schema = build_schema()
        try:
            if whoosh_index.exists_in(str(path)):
                ix = whoosh_index.open_dir(str(path))
            elif create:
                path.mkdir(parents=True, exist_ok=True)
                ix = whoosh_index.create_in(str(path), schema)
            else:
                raise IndexUnreadableError(path, "there is no index in this directory")
        except (OSError, whoosh_index.IndexError, EOFError, ValueError, UnpicklingError, struct_error) as e:
            raise IndexUnreadableError(path, f"{type(e).__name__}: {e}") from e
        if set(ix.schema.names()) != set(schema.names()):
            ix.close()
            raise IndexUnreadableError(path, "it was built by another version of statement-archive")
        return cls(ix, path, options=options)

    @classmethod
    def create(cls, path: Path, *, options: IndexOptions = IndexOptions()) -> "SectionIndex":
        """A new, empty index in `path`, replacing any index there, even an unreadable one or one
        of another schema (for `archive reindex`). Only the index's own files are removed."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for entry in path.iterdir():
            if entry.name.startswith(("MAIN", "_MAIN")):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink(missing_ok=True)
        try:
            ix = whoosh_index.create_in(str(path), build_schema())
        except OSError as e:
            raise IndexUnreadableError(path, f"{type(e).__name__}: {e}") from e
        return cls(ix, path, options=options)

    @property
    def path(self) -> Path:
        return self._path

    def add(self, docs: Iterable[SectionDoc]) -> None:
        """Index `docs` in one commit, replacing every existing section of their statements.

        A statement's sections are expected together; within one call a (statement_id,
        position) given twice is indexed once (the first).
        """
        writer = self._writer()
        changed = False
        try:
            replaced: set[str] = set()
            seen: set[tuple[str, int]] = set()
            for statement_id, run in groupby(docs, key=attrgetter("statement_id")):
                sections = [doc for doc in run if (statement_id, doc.position) not in seen]
                seen.update((statement_id, doc.position) for doc in sections)
                if not sections:
                    continue
                if statement_id not in replaced:
                    writer.delete_by_term("statement_id", statement_id)
                    replaced.add(statement_id)
                with writer.group():
                    writer.add_document(**statement_fields(statement_id, sections))
                    for doc in sections:
                        writer.add_document(**section_fields(doc))
                changed = True
        except BaseException:
            writer.cancel()
            raise
        self._commit(writer, changed=changed)

    def delete(self, statement_ids: Iterable[str]) -> None:
        """Remove every section of these statements (unknown ids are ignored)."""
        writer = self._writer()
        try:
            changed = False
            for statement_id in statement_ids:
                writer.delete_by_term("statement_id", statement_id)
                changed = True
        except BaseException:
            writer.cancel()
            raise
        self._commit(writer, changed=changed)

    def clear(self) -> None:
        """Remove every document (before a rebuild)."""
        writer = self._writer()
        writer.commit(mergetype=CLEAR)
        self._invalidate()

    def optimize(self) -> None:
        """Merge all segments into one: faster searches after a bulk build."""
        writer = self._writer()
        writer.commit(optimize=True)
        self._invalidate()

    def search(self, query: str, *, filters: SearchFilters = SearchFilters(), limit: int = 20) -> list[Hit]:
        """The best `limit` sections for `query`, best first; QueryError if `query` is malformed."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        searcher = self._current_searcher()
        parsed = parse_query(query, parser=self._parser(filters.langs))
        results = searcher.search(parsed, filter=filter_query(filters), mask=self._statement_docs(), limit=limit)
        snippets = SnippetMaker(highlight_terms(parsed, searcher.reader()), stemmers=self._stemmers,
                                options=self._options.snippets)
        return [self._hit(result, snippets) for result in results]

    def statement_ids(self) -> set[str]:
        """The ids of all statements with indexed sections."""
        searcher = self._current_searcher()
        statements = self._statement_docs()
        if not statements:
            return set()  # an empty index has no column to read
        column = searcher.reader().column_reader("statement_id", translate=True)
        return {column[docnum] for docnum in statements}

    def section_count(self) -> int:
        searcher = self._current_searcher()
        return searcher.doc_count() - len(self._statement_docs())

    def close(self) -> None:
        self._invalidate()
        self._ix.close()

    def __enter__(self) -> "SectionIndex":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- internals

    def _writer(self):
        return open_writer(
            self._ix, self._path, limitmb=self._options.writer_limit_mb, timeout=self._options.lock_timeout
        )

    def _commit(self, writer, *, changed: bool) -> None:
        if changed:
            writer.commit(mergetype=tiered_merge)
        else:
            writer.cancel()
        self._invalidate()

    def _invalidate(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._stemmed_present = None
        self._statement_docnums = None

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

    def _search_fields(self, langs: tuple[str, ...]) -> tuple[str, ...]:
        if self._stemmed_present is None:
            reader = self._current_searcher().reader()
            self._stemmed_present = tuple(
                lang for lang in STEMMED_LANGUAGES if reader.field_length(stemmed_field_name(lang))
            )
        wanted = {lang.strip().lower() for lang in langs}
        stemmed = [lang for lang in self._stemmed_present if not wanted or lang in wanted]
        return ("title", "text", *(stemmed_field_name(lang) for lang in stemmed))

    def _parser(self, langs: tuple[str, ...]):
        fields = self._search_fields(langs)
        parser = self._parsers.get(fields)
        if parser is None:
            parser = self._parsers[fields] = make_parser(self._ix.schema, search_fields=fields)
        return parser

    def _hit(self, result, snippets: SnippetMaker) -> Hit:
        stored = result.fields()
        lang = stored.get("lang")
        return Hit(
            statement_id=stored["statement_id"],
            position=stored["position"],
            lang=lang,
            title=stored.get("title"),
            score=float(result.score),
            snippet=snippets.snippet(stored_text(stored), lang=lang),
        )
