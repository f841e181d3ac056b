"""`Archive`: the library's one entry point. It pairs the store with the index and does what each command does."""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, Self, TextIO

from index import BACKENDS, SectionIndex, backend_of

from .errors import ArchiveUnreadable, IndexDamaged, UnknownLanguage, UnknownStatementFile, WorkerStartFailed
from .health import Health, check, index_errors, lost_sections
from .search_filters import country_codes, organisations
from .settings import IngestOptions, Settings
from .store import (ArchiveCounts, OrganisationCosigners, OrganisationDetail, OrganisationSummary, RecordedFailure,
                    StatementDetail, StatementSummary, Store, file_integrity_problems)

if TYPE_CHECKING:
    from .pruning import Removal
    from .report import IngestProgress, IngestReport
    from .search import SearchRequest, SearchResult

# Start-up: what only writers and exports run (the ingest pipeline and its worker processes, pruning,
# reindexing, export formats) is imported by the method that runs it, so that `archive search`,
# `list` and `show` do not load multiprocessing, the executor or the progress reports; so is the
# search (the query language, snippets), which `list`, `show` and `org` do not need.

@dataclass(frozen=True, slots=True)
class ArchiveStats(ArchiveCounts):
    """What the database holds, and where the archive and its index are."""

    home: str
    index: str
    index_sections: int
    missing_files: int  # paths no longer where an ingest last saw them (`archive prune` removes what is gone)
    no_statement: int  # documents stored with no statement text (not listed, searched or counted as statements)


def _looks_like_path(ref: str) -> bool:
    """A file name rather than an id (prefix): ids are hexadecimal only."""
    return any(c not in "0123456789abcdefABCDEF" for c in ref.strip()) or Path(ref).exists()


def _statement_id(store: Store, ref: str) -> str:
    """The statement an id (or unique prefix) names, or the path of one of its files (or a file name only one has)."""
    if not _looks_like_path(ref):
        return store.resolve_statement(ref)
    sha = store.statement_for_path(str(Path(ref).expanduser().resolve()))
    if sha is None:
        raise UnknownStatementFile(ref)
    return sha


class Archive:
    """One archive: its database and its full-text index, opened when first needed and closed on exit.

        with Archive.open(Settings.resolve(home="/srv/statements")) as archive:
            archive.ingest(["scans/"])
            result = archive.search("grève générale")

    Reading an archive that does not exist raises `ArchiveMissing`; `ingest` creates it.
    Writers (ingest, reindex, prune, remove) take the archive's write lock: one waits for another
    (calling `on_wait(pid)` first), or raises `ArchiveBusy` at once when `wait` is False.
    """

    def __init__(self, settings: Settings, *, wait: bool = True,
                 on_wait: Callable[[int | None], None] | None = None) -> None:
        self.settings = settings
        self._wait = wait
        self._on_wait = on_wait
        self._store: Store | None = None
        self._index: SectionIndex | None = None

    @classmethod
    def open(cls, settings: Settings | str | os.PathLike[str], *, wait: bool = True,
             on_wait: Callable[[int | None], None] | None = None) -> Self:
        """The archive `settings` names; a path is taken as its data directory (`--home`)."""
        if not isinstance(settings, Settings):
            settings = Settings.resolve(home=Path(settings))
        return cls(settings, wait=wait, on_wait=on_wait)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the archive's write lock; the store is opened (or created) only once it is held."""
        import multiprocessing

        from .writer_lock import write_lock

        if getattr(multiprocessing.current_process(), "_inheriting", False):
            # A worker importing a script that ingests at import time would wait for its own parent's lock.
            raise WorkerStartFailed("an archive is written while a worker process starts: a script that ingests "
                                    'must do it under `if __name__ == "__main__":`')
        with write_lock(self.settings.home, wait=self._wait, on_wait=self._on_wait):
            yield

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        index, store, self._index, self._store = self._index, self._store, None, None
        try:
            if index is not None:
                index.close()
        finally:
            if store is not None:
                store.close()

    # -- adding ------------------------------------------------------------------------------------

    def ingest(self, paths: Sequence[str | Path], options: IngestOptions | None = None, *,
               progress: IngestProgress | None = None) -> IngestReport:
        """Add PDF files and folders (searched recursively); with `options.dry_run`, only say what would be done.

        Files are extracted in worker processes, which import the main module: a script calls this under
        `if __name__ == "__main__":`.
        """
        options = options or IngestOptions()
        if options.scheduler is None and not options.dry_run:
            from .workers import start_fork_server

            start_fork_server()  # while the ingest loads, the archive opens and the files are found and hashed
        from .ingest import ingest
        from .planning import dry_run

        options = self._with_ocr_cache(options)
        home = str(self.settings.home)
        if options.dry_run:
            store = self._opened_store() if self.settings.database_path.exists() else None
            return dry_run(paths, store=store, options=options, home=home, progress=progress)
        with self._writing():
            store = self._opened_store(create=True)
            repaired = self._repaired_index(store, backend=options.index_backend)
            report = ingest(paths, store=store, index=self._opened_index(backend=options.index_backend),
                            options=options, home=home, progress=progress)  # index errors named there
            return dataclasses.replace(report, index_repaired=repaired) if repaired else report

    def init(self, *, index: str | None = None) -> str:
        """Create the archive (database and index) with the `index` backend (default: Whoosh); return the backend.

        An existing archive is left as it is; asking it for another backend raises BackendMismatchError
        (`archive reindex --index NAME` converts an archive).
        """
        with self._writing():
            self._opened_store(create=True)
            with index_errors(self.settings.index_path):
                self._opened_index(backend=index)
            return backend_of(self.settings.index_path) or index or BACKENDS[0]

    def _repaired_index(self, store: Store, *, backend: str | None = None) -> str | None:
        """Rebuild a damaged or outdated index from the database (the source of truth); why it was rebuilt, or None."""
        due = self._rebuild_due()
        if due is not None:
            self._replace_index(store)
            return due
        try:
            with index_errors(self.settings.index_path):
                index = self._opened_index(backend=backend)
                index.statement_ids()  # reads every segment
                lost = lost_sections(store, index)
                if lost is None:
                    return None
                raise IndexDamaged(self.settings.index_path, lost)
        except IndexDamaged as e:
            reason = e.reason
        self._replace_index(store)
        return reason

    def _rebuild_due(self) -> str | None:
        """Why an existing index must be rebuilt (another INDEX_VERSION, a backend not installed), or None."""
        if backend_of(self.settings.index_path) is None:
            return None
        due = SectionIndex.needs_rebuild(self.settings.index_path)
        return f"the index must be rebuilt: {due}" if due else None

    def _replace_index(self, store: Store) -> None:
        """An empty index of the same backend in place of the old one; the ingest then indexes every document."""
        if self._index is not None:
            try:
                self._index.close()
            except Exception:  # noqa: BLE001 - a damaged index may not even close; it is replaced
                pass
            self._index = None
        with index_errors(self.settings.index_path):
            SectionIndex.create(self.settings.index_path).close()
        store.mark_all_unindexed()  # the ingest indexes every stored document again first

    def _readable_index(self, store: Store) -> SectionIndex:
        """The index, known not to have lost what the database says it holds (a deleted table of contents)."""
        index = self._opened_index()
        lost = lost_sections(store, index)
        if lost:
            raise IndexDamaged(self.settings.index_path, lost)
        return index

    def _with_ocr_cache(self, options: IngestOptions) -> IngestOptions:
        """OCR results are kept in the archive's cache unless the options name another one."""
        if options.extract.ocr_cache is not None:
            return options
        return dataclasses.replace(options, extract=dataclasses.replace(options.extract,
                                                                        ocr_cache=self.settings.ocr_cache))

    # -- reading -----------------------------------------------------------------------------------

    def search(self, request: SearchRequest | str) -> SearchResult:
        """Statements matching a query (words, "phrases", AND/OR/NOT/-word, brackets, field:value), best first.

        The query is read at statement level: `strike AND grève` matches a statement with each word in a
        different section. Raises the index's `QueryError` for a malformed query, `UnknownOrganisation`,
        `UnknownCountry`, `UnknownLanguageCode` or `InvalidDate` for a filter that names nothing."""
        from .search import SearchRequest, search_statements

        if isinstance(request, str):
            request = SearchRequest(query=request)
        store = self._opened_store()
        with index_errors(self.settings.index_path):
            return search_statements(store, self._readable_index(store), request)

    def statement(self, ref: str, *, lang: str | None = None) -> StatementDetail:
        """The statement whose id is `ref` or starts with it, or that was ingested from the file `ref`;
        with `lang`, only its section(s) in that language."""
        store = self._opened_store()
        sha = _statement_id(store, ref)
        detail = dataclasses.replace(store.statement_detail(sha), versions=tuple(store.file_versions(sha)))
        if lang is None:
            return detail
        sections = tuple(s for s in detail.sections if s.lang == lang)
        if not sections:
            raise UnknownLanguage(detail.id, lang, list(detail.languages))
        return dataclasses.replace(detail, sections=sections)

    def statements(self, *, under: str | os.PathLike[str] | None = None,
                   everything: bool = False) -> tuple[StatementSummary, ...]:
        """Every stored statement, by date (undated last), then title; with `under`, only those ingested from
        that file or from files below that folder; with `everything`, documents that are not statements too."""
        path = str(Path(under).expanduser().resolve()) if under is not None else None
        return tuple(self._opened_store().statement_summaries(under=path, everything=everything))

    def organisation(self, name: str, *, country: str | None = None) -> tuple[OrganisationDetail, ...]:
        """The organisations an acronym or name (any spelling seen) stands for, e.g. the CGT of France and of Spain;
        with `country` (ISO code or name), only the one(s) of that country."""
        store = self._opened_store()
        return tuple(organisations(store, name, countries=country_codes(store, country) if country else ()))

    def organisations(self, *, country: str | None = None) -> tuple[OrganisationSummary, ...]:
        """Organisations (of one country: ISO code or name in any language) with the number of statements each
        signed, most first; `UnknownCountry` when the country is not one."""
        store = self._opened_store()
        if country is None:
            return tuple(store.organisation_summaries())
        return tuple(o for code in sorted(country_codes(store, country))
                     for o in store.organisation_summaries(country=code))

    def failures(self) -> tuple[RecordedFailure, ...]:
        """Files that could not be ingested, by path."""
        return tuple(self._opened_store().recorded_failures())

    def export(self, stream: TextIO, *, fmt: str = "jsonl", what: str = "statements", excel: bool = False) -> int:
        """Write every statement with its sections, signatories and paths (what="statements"), or every signature
        with its statement and organisation (what="signatories"), as json, jsonl or csv; returns how many.
        With `excel`, CSV starts with a UTF-8 byte-order mark."""
        from .export import export

        return export(self._opened_store(), stream, fmt=fmt, what=what, excel=excel)

    def export_network(self, stream: BinaryIO, *, fmt: str = "gexf") -> int:
        """Write the co-signature network (organisations, and the statements each pair signed together as a
        weighted edge) as gexf or graphml; returns how many organisations. Needs networkx."""
        from .export import export_network

        return export_network(self._opened_store(), stream, fmt=fmt)

    def cosigners(self, name: str, *, country: str | None = None) -> tuple[OrganisationCosigners, ...]:
        """For each organisation `name` stands for (of `country`), the organisations that signed with it."""
        store = self._opened_store()
        codes = country_codes(store, country) if country else ()
        return tuple(OrganisationCosigners(id=o.id, name=o.name, acronym=o.acronym, country_code=o.country_code,
                                           statements=len(o.statements), cosigners=tuple(store.cosigners(o.id)))
                     for o in organisations(store, name, countries=codes))

    # -- keeping it healthy ------------------------------------------------------------------------

    def stats(self) -> ArchiveStats:
        store = self._opened_store()
        counts = store.counts()
        with index_errors(self.settings.index_path):
            index_sections = self._readable_index(store).section_count()
        return ArchiveStats(**{f.name: getattr(counts, f.name) for f in dataclasses.fields(counts)},
                            home=str(self.settings.home), index=str(self.settings.index_path),
                            index_sections=index_sections, missing_files=store.missing_files(),
                            no_statement=store.no_statement_count())

    def check(self, *, full: bool = False) -> Health:
        """SQLite's integrity check of the database (quick, or `full`), then the database against the index."""
        try:
            store = self._opened_store()
        except ArchiveUnreadable as e:
            if not e.damaged:
                raise  # not SQLite's verdict (an empty file): the message says what to do
            problems = file_integrity_problems(self.settings.database_path, full=full) or [e.reason]
            return Health(tuple(problems), full, None, "not compared: the database is damaged")
        health = check(store, self.settings.index_path, self._opened_index, full=full)
        due = self._rebuild_due()
        if due is None or health.index_problem:
            return health
        return dataclasses.replace(health, index_problem=f"{due}: run `archive reindex`")

    def reindex(self, *, index: str | None = None) -> int:
        """Rebuild the index from the database, whatever was there (even an index of another schema or backend),
        with the `index` backend (default: the one it had); returns how many statements."""
        from .indexing import rebuild_index

        with self._writing():
            store = self._opened_store()
            if self._index is not None:
                self._index.close()
                self._index = None
            with (index_errors(self.settings.index_path),
                  SectionIndex.create(self.settings.index_path, backend=index) as index_):
                count = rebuild_index(store, index_)
                index_.optimize()
            return count

    def prune(self, *, dry_run: bool = False) -> Removal:
        """Remove the statements whose every file is gone from disk (and forget gone paths of the others)."""
        from .pruning import plan_prune, remove

        with self._writing():
            store = self._opened_store()
            statements, paths = plan_prune(store)
            return remove(store, self._opened_index(), statements, forget=paths, dry_run=dry_run)

    def remove(self, ref: str, *, dry_run: bool = False) -> Removal:
        """Remove one statement, named by its id (or a unique prefix) or by the path of one of its files."""
        from .pruning import remove

        with self._writing():
            store = self._opened_store()
            return remove(store, self._opened_index(), [_statement_id(store, ref)], dry_run=dry_run)

    # -- opening -----------------------------------------------------------------------------------

    def _opened_store(self, *, create: bool = False) -> Store:
        if self._store is None:
            self._store = Store.open(self.settings.database_path, create=create)
        return self._store

    def _opened_index(self, *, backend: str | None = None) -> SectionIndex:
        """The index, derived from the database: a missing one is created empty (`check` then says so),
        with `backend` (default: Whoosh); an existing one of another backend raises BackendMismatchError."""
        if self._index is None:
            with index_errors(self.settings.index_path):
                self._index = SectionIndex.open(self.settings.index_path, create=True, backend=backend)
        return self._index
