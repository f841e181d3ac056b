"""The ingest pipeline: discover -> hash -> skip what is stored -> extract in workers -> store -> index."""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from pathlib import Path

import extractor
from index import SectionIndex

from .errors import ArchiveLocked, DatabaseDamaged, StorageFull
from .health import index_errors
from .indexing import BackgroundIndexer, sync_index
from .outcome import Outcome
from .planning import KnownFiles, PlannedExtraction, discover_and_hash, missing_under, plan_ingest
from .report import FileOutcome, IngestProgress, IngestReport, ReportBuilder, SilentProgress
from .settings import IngestOptions
from .store import Store
from .executor import Executor, executor_for
from .workers import ExtractionJob, ExtractionResult

# outcomes that change what the index holds
_STORED = (Outcome.NEW, Outcome.UPDATED, Outcome.REPLACED, Outcome.NEEDS_OCR, Outcome.NO_STATEMENT)


def ingest(paths: Sequence[str | Path], *, store: Store, index: SectionIndex, options: IngestOptions, home: str,
           progress: IngestProgress | None = None) -> IngestReport:
    """Run the whole pipeline; a bad file is recorded and skipped. (A dry run is `planning.dry_run`.)"""
    report = ReportBuilder(home=home, extractor_version=extractor.VERSION, progress=progress or SilentProgress())
    executor = executor_for(options)  # before any work: --scheduler may be unusable
    with index_errors(index.path):
        report.indexed += sync_index(store, index, batch=options.index_batch)  # left over by a crash
    found = discover_and_hash(paths, store=store, options=options)
    seen = found.seen
    report.stage_seconds["discover_and_hash"] = time.monotonic() - report.started
    plan = plan_ingest(seen, known=KnownFiles.read(store, seen, found.recorded), options=options)
    report.progress.planned(files=len(seen) + len(found.unreadable), to_extract=len(plan.extractions))
    for outcome in found.unreadable:
        store.record_failure(path=outcome.path, sha256=None, kind=Outcome.UNREADABLE, reason=outcome.reason or "",
                             extractor_version=extractor.VERSION)
    for outcome in [*found.unreadable, *plan.settled]:
        report.settle(outcome)
    if plan.known_files:
        store.record_files(plan.known_files)
    if found.restamped:
        store.restamp_files(found.restamped)
    for old, moved in plan.moves:
        store.move_file(old, moved)
    store.mark_present(f.path for f in seen)
    missing = missing_under(paths, stored=store.stored_files(), seen=(f.path for f in seen),
                            moved_from=(old for old, _ in plan.moves))
    store.mark_missing(missing)
    for path in missing:
        report.settle(FileOutcome(path, Outcome.MISSING, reason=f"{path}: no longer there (`archive prune` "
                                                                "removes statements whose every file is gone)"))
    report.indexed += _extract_store_index(plan.extractions, store=store, index=index, options=options,
                                           executor=executor, report=report)
    return report.report()


def _extract_store_index(extractions: list[PlannedExtraction], *, store: Store, index: SectionIndex,
                         options: IngestOptions, executor: Executor, report: ReportBuilder) -> int:
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
            outcomes = _store_or_fail(result, by_sha[result.job.sha256], store=store)
            storing += time.monotonic() - started
            if outcomes[0].outcome in _STORED:
                with index_errors(index.path):
                    indexer.stored(result.job.sha256)
            for outcome in outcomes:
                report.settle(outcome)
    finally:
        with index_errors(index.path):
            indexed = indexer.finish()
        report.stage_seconds |= {"extract_in_workers": extracting, "store": storing, "index": indexer.seconds}
    return indexed


def has_statement_text(statement: extractor.Statement) -> bool:
    """A statement has at least one section with words; a document without is "no statement" (a manual, a form)."""
    return any(section.text.split() for section in statement.sections)


def _store_or_fail(result: ExtractionResult, extraction: PlannedExtraction, *, store: Store) -> list[FileOutcome]:
    """Store one result; an error while storing it fails that document alone (recorded), and the batch goes on.

    What no document can get past (the database locked for good or damaged, the disk full) stops the ingest.
    """
    try:
        return _store_result(result, extraction, store=store)
    except (ArchiveLocked, StorageFull, DatabaseDamaged):
        raise
    except Exception as e:  # noqa: BLE001 - any storing bug must fail this file only
        reason = f"could not be stored: {type(e).__name__}: {e}"
        failed = dataclasses.replace(result, kind=Outcome.FAILED, statement=None,
                                     reason=f"{extraction.files[0].path}: {reason}")
        return _store_result(failed, extraction, store=store)


def _store_result(result: ExtractionResult, extraction: PlannedExtraction, *, store: Store) -> list[FileOutcome]:
    """Write one extraction's result in one transaction; the outcome of each of its paths."""
    first, *others = extraction.files
    sha = extraction.sha256
    read = result.sha256 or (result.statement.sha256 if result.statement is not None else None)
    changed = read not in (None, "", sha)
    if changed:  # a failure of its own, recorded without a digest: the next ingest hashes and extracts it again
        result = dataclasses.replace(result, kind=Outcome.FAILED, statement=None,
                                     reason=f"{first.path}: the file changed while it was being ingested; ingest it again")
    if result.kind == Outcome.EXTRACTED and result.statement is not None:
        statement = dataclasses.replace(result.statement, sha256=sha,
                                        extractor_version=result.statement.extractor_version or extractor.VERSION)
        if not has_statement_text(statement):
            store.save_no_statement(statement, detail=f"no statement text found in {statement.pages} page(s)",
                                    files=extraction.files)
            return [FileOutcome(first.path, Outcome.NO_STATEMENT, sha, pages=statement.pages),
                    *(FileOutcome(f.path, Outcome.DUPLICATE, sha) for f in others)]
        store.save_statement(statement, files=extraction.files)
        kind = (Outcome.NEEDS_OCR if statement.needs_ocr_pages
                else Outcome.UPDATED if extraction.stored_before
                else Outcome.REPLACED if extraction.replaces else Outcome.NEW)
        main = FileOutcome(first.path, kind, sha, pages=statement.pages, ocr_pages=len(statement.ocr_pages))
        return [main, *(FileOutcome(f.path, Outcome.DUPLICATE, sha) for f in others)]
    if result.kind == Outcome.NEEDS_OCR:
        store.save_needs_ocr(sha, detail=result.reason or "", extractor_version=extractor.VERSION,
                             files=extraction.files)
        return [FileOutcome(first.path, Outcome.NEEDS_OCR, sha, result.reason),
                *(FileOutcome(f.path, Outcome.DUPLICATE, sha) for f in others)]
    outcomes = []
    for f in extraction.files:
        reason = result.reason or "unknown error"
        if f is not first:
            reason = (f"{f.path}: not extracted: {first.path}, with the same content, changed while it was being "
                      "ingested; ingest it again") if changed else reason.replace(first.path, f.path)
        store.record_failure(path=f.path, sha256=None if changed else sha, kind=result.kind, reason=reason,
                             extractor_version=extractor.VERSION)
        outcomes.append(FileOutcome(f.path, Outcome.FAILED, sha, reason))
    return outcomes
