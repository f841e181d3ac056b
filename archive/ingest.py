"""The ingest pipeline: discover -> hash -> skip what is stored -> extract in workers -> store -> index."""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import extractor
from index import SectionIndex

from .discover import FoundFile, UnreadablePath, discover, sha256_of
from .executor import Executor, executor_for
from .indexing import BackgroundIndexer, sync_index
from .report import (DUPLICATE, FAILED, FAILED_BEFORE, NEEDS_OCR, NEW, PRESENT, TO_EXTRACT, UPDATED,
                     FileOutcome, IngestReport)
from .settings import IngestOptions
from .store import FileSeen, Store
from .workers import FAILED as WORKER_FAILED
from .workers import NEEDS_OCR as WORKER_NEEDS_OCR
from .workers import OK, ExtractionJob, ExtractionResult


class IngestProgress(Protocol):
    """Told how the run goes; the CLI shows it as a bar or as lines."""

    def planned(self, *, files: int, to_extract: int) -> None: ...

    def settled(self, outcome: FileOutcome) -> None: ...


class _Silent:
    def planned(self, *, files: int, to_extract: int) -> None:
        pass

    def settled(self, outcome: FileOutcome) -> None:
        pass


@dataclass(slots=True)
class PlannedExtraction:
    """One content to extract and every path it was found under."""

    sha256: str
    files: list[FileSeen]
    stored_before: bool


@dataclass(slots=True)
class Plan:
    extractions: list[PlannedExtraction] = field(default_factory=list)
    settled: list[FileOutcome] = field(default_factory=list)  # decided without extracting
    known_files: list[FileSeen] = field(default_factory=list)  # new paths of stored documents


def hash_files(found: Iterable[FoundFile | UnreadablePath]) -> Iterator[FileSeen | FileOutcome]:
    """Stage 2: the sha256 of each file, or a failure for what cannot be read."""
    for item in found:
        if isinstance(item, UnreadablePath):
            yield FileOutcome(item.path, FAILED, reason=f"{item.path}: {item.reason}")
            continue
        try:
            digest = sha256_of(item.path)
        except OSError as e:
            yield FileOutcome(item.path, FAILED, reason=f"{item.path}: cannot read ({e.strerror or e})")
            continue
        yield FileSeen(path=item.path, sha256=digest, size=item.size, mtime=item.mtime)


def plan_ingest(files: Sequence[FileSeen], *, store: Store | None, options: IngestOptions) -> Plan:
    """Stage 3: what to extract, and what is already settled (stored, duplicate, failed before)."""
    version = extractor.VERSION
    stored = store.stored_documents(f.sha256 for f in files) if store else {}
    known = store.known_paths(f.path for f in files) if store else {}
    failures = store.failures() if store else {}
    plan = Plan()
    planned: dict[str, PlannedExtraction] = {}
    for f in files:
        doc = stored.get(f.sha256)
        fresh = doc is not None and doc.status == "ok" and doc.extractor_version == version and not options.force
        failure = failures.get(f.path)
        waits_for_ocr = (doc is not None and doc.status == "needs_ocr" and options.extract.ocr == "never"
                         and not options.force)
        if f.sha256 in planned:
            planned[f.sha256].files.append(f)
        elif waits_for_ocr:
            plan.settled.append(FileOutcome(f.path, NEEDS_OCR, f.sha256, f"{f.path}: stored without text, "
                                            "waiting for OCR (ingest it again with --ocr auto)"))
            if known.get(f.path) != f.sha256:
                plan.known_files.append(f)
        elif fresh:
            plan.settled.append(FileOutcome(f.path, PRESENT if known.get(f.path) == f.sha256 else DUPLICATE, f.sha256))
            if known.get(f.path) != f.sha256:
                plan.known_files.append(f)
        elif (failure and failure.sha256 == f.sha256 and failure.extractor_version == version
              and not options.retry_failed and not options.force):
            plan.settled.append(FileOutcome(f.path, FAILED_BEFORE, f.sha256, failure.reason))
        else:
            planned[f.sha256] = PlannedExtraction(f.sha256, [f], stored_before=doc is not None)
    plan.extractions = list(planned.values())
    return plan


def ingest(paths: Sequence[str | Path], *, store: Store | None, index: SectionIndex | None, options: IngestOptions,
           home: str, progress: IngestProgress | None = None) -> IngestReport:
    """Run the whole pipeline; a bad file is recorded and skipped. With dry_run nothing is written."""
    started = time.monotonic()
    report = IngestReport(home=home, extractor_version=extractor.VERSION, dry_run=options.dry_run)
    progress = progress or _Silent()
    executor = None if options.dry_run else executor_for(options)  # before any work: --scheduler may be unusable
    if not options.dry_run:
        _require(store, index)
        report.indexed += sync_index(store, index, batch=options.index_batch)  # left over by a crash
    seen: list[FileSeen] = []
    unreadable: list[FileOutcome] = []
    for item in hash_files(discover(paths)):
        (seen if isinstance(item, FileSeen) else unreadable).append(item)
    report.stage_seconds["discover_and_hash"] = time.monotonic() - started
    plan = plan_ingest(seen, store=store, options=options)
    progress.planned(files=len(seen) + len(unreadable), to_extract=len(plan.extractions))
    for outcome in [*unreadable, *plan.settled]:
        _settle(report, progress, outcome, store=None if options.dry_run else store)
    if options.dry_run:
        for extraction in plan.extractions:
            for f in extraction.files:
                _settle(report, progress, FileOutcome(f.path, TO_EXTRACT, f.sha256), store=None)
    else:
        _require(store, index)
        if plan.known_files:
            store.record_files(plan.known_files)
        report.indexed += _extract_store_index(plan.extractions, store=store, index=index, options=options,
                                               executor=executor, report=report, progress=progress)
    report.seconds = time.monotonic() - started
    return report


def _require(store: Store | None, index: SectionIndex | None) -> None:
    if store is None or index is None:
        raise ValueError("an ingest that is not a dry run needs a store and an index")


def _settle(report: IngestReport, progress: IngestProgress, outcome: FileOutcome, *, store: Store | None) -> None:
    if store is not None and outcome.outcome == FAILED and outcome.sha256 is None:
        store.record_failure(path=outcome.path, sha256=None, kind="unreadable", reason=outcome.reason or "",
                             extractor_version=extractor.VERSION)
    report.add(outcome)
    progress.settled(outcome)


def _extract_store_index(extractions: list[PlannedExtraction], *, store: Store, index: SectionIndex,
                         options: IngestOptions, executor: Executor, report: IngestReport,
                         progress: IngestProgress) -> int:
    """Stages 4-6: workers extract, this thread alone writes the database, one more thread the index."""
    by_sha = {e.sha256: e for e in extractions}
    jobs = [ExtractionJob(e.sha256, e.files[0].path) for e in extractions]
    indexer = BackgroundIndexer(store, index, batch=options.index_batch)
    storing = extracting = 0.0
    try:
        results = executor.run(jobs)
        for result in results:
            extracting += result.seconds
            started = time.monotonic()
            outcomes = _store_result(result, by_sha[result.job.sha256], store=store)
            storing += time.monotonic() - started
            if outcomes[0].outcome in (NEW, UPDATED, NEEDS_OCR):
                indexer.stored(result.job.sha256)
            for outcome in outcomes:
                _settle(report, progress, outcome, store=None)
    finally:
        indexed = indexer.finish()
        report.stage_seconds |= {"extract_in_workers": extracting, "store": storing, "index": indexer.seconds}
    return indexed


def _store_result(result: ExtractionResult, extraction: PlannedExtraction, *, store: Store) -> list[FileOutcome]:
    """Write one extraction's result in one transaction; the outcome of each of its paths."""
    first, *others = extraction.files
    sha = extraction.sha256
    if result.kind == OK and result.statement is not None and result.statement.sha256 not in ("", sha):
        result = dataclasses.replace(result, kind=WORKER_FAILED, statement=None,
                                     reason=f"{first.path}: the file changed while it was being ingested; ingest it again")
    if result.kind == OK and result.statement is not None:
        statement = dataclasses.replace(result.statement, sha256=sha,
                                        extractor_version=result.statement.extractor_version or extractor.VERSION)
        store.save_statement(statement, files=extraction.files)
        main = FileOutcome(first.path, UPDATED if extraction.stored_before else NEW, sha, pages=statement.pages,
                           ocr_pages=len(statement.ocr_pages))
        return [main, *(FileOutcome(f.path, DUPLICATE, sha) for f in others)]
    if result.kind == WORKER_NEEDS_OCR:
        store.save_needs_ocr(sha, detail=result.reason or "", extractor_version=extractor.VERSION,
                             files=extraction.files)
        return [FileOutcome(first.path, NEEDS_OCR, sha, result.reason),
                *(FileOutcome(f.path, DUPLICATE, sha) for f in others)]
    outcomes = []
    for f in extraction.files:
        reason = result.reason or "unknown error"
        if f is not first:
            reason = reason.replace(first.path, f.path)
        store.record_failure(path=f.path, sha256=sha, kind=result.kind, reason=reason,
                             extractor_version=extractor.VERSION)
        outcomes.append(FileOutcome(f.path, FAILED, sha, reason))
    return outcomes
