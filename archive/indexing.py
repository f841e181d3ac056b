"""The index is derived from the database: build section documents from stored rows, sync, rebuild, compare."""
from __future__ import annotations

import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index import SectionDoc, SectionIndex

from .settings import INDEX_BATCH
from .store import Store

# Statements handed to the index at a time: it indexes them while the workers extract, so that little is
# left to index after the last extraction (the commits still come every batch).
STAGED_HAND_OVER = 8


@dataclass(frozen=True, slots=True)
class Consistency:
    """How the database and the index compare."""

    documents: int  # statements with sections in the database
    indexed_statements: int  # statements in the index
    database_sections: int
    index_sections: int
    missing_from_index: tuple[str, ...]
    not_in_database: tuple[str, ...]
    pending: tuple[str, ...]  # documents stored but not yet marked indexed

    @property
    def ok(self) -> bool:
        return (not self.missing_from_index and not self.not_in_database and not self.pending
                and self.database_sections == self.index_sections)


def section_docs(store: Store, sha256s: Sequence[str]) -> list[SectionDoc]:
    """One index document per stored section of these statements, with their signatories."""
    signers: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for signature in store.signatures_to_index(sha256s):
        fields = signers[signature.statement_id]
        fields["names"].append(signature.name)
        if signature.acronym:
            fields["acronyms"].append(signature.acronym)
        for country in (signature.country_code, signature.country):
            if country and country not in fields["countries"]:
                fields["countries"].append(country)
    return [
        SectionDoc(statement_id=s.statement_id, position=s.position, lang=s.lang, title=s.title, text=s.text,
                   date=s.date, org_names=tuple(signers[s.statement_id]["names"]),
                   acronyms=tuple(signers[s.statement_id]["acronyms"]),
                   countries=tuple(signers[s.statement_id]["countries"]))
        for s in store.sections_to_index(sha256s)
    ]


def replace_in_index(index: SectionIndex, sha256s: Sequence[str], docs: Sequence[SectionDoc]) -> None:
    """Make the index hold exactly `docs` for these statements (one without sections leaves the index)."""
    index.replace(sha256s, docs)


def sync_index(store: Store, index: SectionIndex, *, batch: int = INDEX_BATCH,
               on_batch: Callable[[int], None] | None = None) -> int:
    """Index every document stored but not yet marked indexed, a batch per commit; returns how many.

    A crash between the index commit and the mark only means the batch is indexed again next time
    (adding replaces a statement's sections), so nothing is lost or duplicated.
    """
    done = 0
    while pending := store.unindexed(limit=batch):
        replace_in_index(index, pending, section_docs(store, pending))
        store.mark_indexed(pending)
        done += len(pending)
        if on_batch:
            on_batch(len(pending))
    return done


def rebuild_index(store: Store, index: SectionIndex, *, batch: int = INDEX_BATCH,
                  on_batch: Callable[[int], None] | None = None) -> int:
    """Empty the index and index every stored document again."""
    store.mark_all_unindexed()
    index.clear()
    return sync_index(store, index, batch=batch, on_batch=on_batch)


def compare(store: Store, index: SectionIndex) -> Consistency:
    """Statement ids and section counts in the database against the index."""
    expected = store.index_bookkeeping()
    in_db, in_index = expected.with_sections, set(index.statement_ids())
    return Consistency(
        documents=len(in_db), indexed_statements=len(in_index), database_sections=expected.sections,
        index_sections=index.section_count(), missing_from_index=tuple(sorted(in_db - in_index)),
        not_in_database=tuple(sorted(in_index - in_db)), pending=expected.pending,
    )


class BackgroundIndexer:
    """Indexes the documents an ingest stores in one thread, the only index writer: handed STAGED_HAND_OVER
    documents at a time, it stages them and commits every batch.

    The main thread keeps collecting extractions and writing SQLite meanwhile. Documents are marked
    indexed (by the main thread, which owns the database connection) only after their batch is committed.
    """

    def __init__(self, store: Store, index: SectionIndex, *, batch: int = INDEX_BATCH) -> None:
        self._store, self._index, self._batch = store, index, batch
        self._waiting: list[str] = []  # stored, not yet handed over
        self._uncommitted = 0  # handed over since the last commit was asked for
        self._todo: queue.Queue[tuple[list[str], list[SectionDoc], bool] | None] = queue.Queue(maxsize=2)
        self._committed: queue.Queue[list[str]] = queue.Queue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._write, name="index-writer", daemon=True)
        self._thread.start()
        self.indexed = 0
        self.seconds = 0.0  # spent writing the index (in its thread)

    def stored(self, sha256: str) -> None:
        """A document was stored (or replaced): index it with the next batch."""
        self._waiting.append(sha256)
        due = self._uncommitted + len(self._waiting) >= self._batch  # a commit every `batch` documents exactly
        if due or len(self._waiting) >= STAGED_HAND_OVER:
            self._hand_over(commit=due)
        self.mark_committed()

    def mark_committed(self) -> None:
        while True:
            try:
                ids = self._committed.get_nowait()
            except queue.Empty:
                break
            self._store.mark_indexed(ids)
            self.indexed += len(ids)
        if self._error is not None:
            raise self._error

    def finish(self) -> int:
        """Index what is left, wait for the writer, and return how many documents were indexed."""
        try:
            if self._error is None:
                self._hand_over(commit=True)
        finally:
            self._todo.put(None)
            self._thread.join()
        self.mark_committed()
        return self.indexed

    def _hand_over(self, *, commit: bool) -> None:
        """The waiting documents to the writer (an empty list only to commit what it staged)."""
        if self._waiting or (commit and self._uncommitted):
            ids, self._waiting = self._waiting, []
            self._uncommitted = 0 if commit else self._uncommitted + len(ids)
            self._todo.put((ids, section_docs(self._store, ids) if ids else [], commit))

    def _write(self) -> None:
        staged: list[str] = []  # written and not yet committed
        while (item := self._todo.get()) is not None:
            if self._error is not None:
                continue
            ids, docs, commit = item
            started = time.monotonic()
            try:
                if ids:
                    self._index.stage(ids, docs)
                    staged += ids
                if commit:
                    self._index.commit_staged()
                    self._committed.put(staged)
                    staged = []
            except BaseException as e:  # handed to the main thread, which raises it
                self._error = e
                continue
            finally:
                self.seconds += time.monotonic() - started
