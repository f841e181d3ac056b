"""The ingest stages that decide: hash what was found, compare with what is stored, plan the extractions.

A dry run is these stages alone (`dry_run`): nothing is written, and no archive is needed.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path

import extractor
from extractor import file_sha256

from .discover import FoundFile, UnreadablePath, discover
from .outcome import Outcome
from .report import FileOutcome, IngestProgress, IngestReport, ReportBuilder, SilentProgress
from .settings import IngestOptions
from .store import FileSeen, RecordedFailure, RecordedFile, Store, StoredDocument


@dataclass(frozen=True, slots=True)
class KnownFiles:
    """What the archive already holds of some files: their documents, their paths and their failures."""

    documents: dict[str, StoredDocument] = field(default_factory=dict)  # by sha256
    paths: dict[str, str] = field(default_factory=dict)  # path -> sha256
    failures: dict[str, RecordedFailure] = field(default_factory=dict)  # by path
    gone: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> its stored paths no longer on disk

    @classmethod
    def read(cls, store: Store, files: Sequence[FileSeen],
             recorded: dict[str, RecordedFile] | None = None) -> KnownFiles:
        """What `store` holds of `files`; `recorded`: their recorded files, when discovery has read them already."""
        stored = store.stored_files()
        shas, seen = {f.sha256 for f in files}, {f.path for f in files}
        gone = {sha: [p for p in paths if p not in seen and not os.path.lexists(p)]
                for sha, paths in stored.items() if sha in shas}
        known = ({path: r.sha256 for path, r in recorded.items()} if recorded is not None
                 else store.known_paths(f.path for f in files))
        return cls(documents=store.stored_documents(shas), paths=known, failures=store.failures(),
                   gone={sha: paths for sha, paths in gone.items() if paths})


@dataclass(slots=True)
class PlannedExtraction:
    """One content to extract and every path it was found under."""

    sha256: str
    files: list[FileSeen]
    stored_before: bool
    replaces: bool = False  # its first path held other content before


@dataclass(slots=True)
class Plan:
    extractions: list[PlannedExtraction] = field(default_factory=list)
    settled: list[FileOutcome] = field(default_factory=list)  # decided without extracting
    known_files: list[FileSeen] = field(default_factory=list)  # new paths of stored documents
    moves: list[tuple[str, FileSeen]] = field(default_factory=list)  # (old path, the file at its new path)


# A file read within this time of its last change may change again without its times moving (FAT keeps
# times to 2 s, the coarsest file system in common use): such a file is read again.
FILE_TIME_GRANULARITY = 2.0


@dataclass(slots=True)
class Discovery:
    """What stages 1 and 2 found."""

    seen: list[FileSeen] = field(default_factory=list)
    unreadable: list[FileOutcome] = field(default_factory=list)
    recorded: dict[str, RecordedFile] = field(default_factory=dict)  # what the store recorded of the paths found
    # read again and found as recorded: their present size and time, to record so that the next run need not read them
    restamped: list[FileSeen] = field(default_factory=list)


def discover_and_hash(paths: Sequence[str | Path], *, store: Store | None, options: IngestOptions) -> Discovery:
    """Stages 1 and 2: the files found under `paths` with their sha256, and the paths that cannot be read.

    A file that `store` recorded with its present size, modification time and inode change time keeps the
    sha256 recorded then, unread (the quick check of git), when its document needs no extraction now; never
    with `options.checksum` or `options.force`.
    """
    found = list(discover(paths))
    discovery = Discovery()
    if store is not None:
        discovery.recorded = store.recorded_files(f.path for f in found if isinstance(f, FoundFile))
    trusted = _trusted(store, discovery.recorded, options) if store is not None else {}
    for item in found:
        if isinstance(item, UnreadablePath):
            discovery.unreadable.append(FileOutcome(item.path, Outcome.FAILED, reason=f"{item.path}: {item.reason}"))
            continue
        before = trusted.get(item.path)
        if before is not None and _unchanged(item, before):
            discovery.seen.append(FileSeen(path=item.path, sha256=before.sha256, size=item.size, mtime=item.mtime,
                                           read_at=_read_time(before), ctime=item.ctime))
            continue
        read_at = time.time()  # before reading: a change made while it is read is not trusted later
        try:
            digest = file_sha256(item.path)
        except OSError as e:
            discovery.unreadable.append(FileOutcome(item.path, Outcome.FAILED,
                                                    reason=f"{item.path}: cannot read ({e.strerror or e})"))
            continue
        seen = FileSeen(path=item.path, sha256=digest, size=item.size, mtime=item.mtime, read_at=read_at,
                        ctime=item.ctime)
        discovery.seen.append(seen)
        if before is not None and before.sha256 == digest:
            discovery.restamped.append(seen)
    return discovery


def _trusted(store: Store, recorded: dict[str, RecordedFile], options: IngestOptions) -> dict[str, RecordedFile]:
    """The recorded files whose record may stand for their content: their document needs no extraction now
    (an extracted file is always read, so the worker extracts the content it was given)."""
    if options.checksum or options.force:
        return {}
    documents = store.stored_documents({r.sha256 for r in recorded.values()})
    return {path: r for path, r in recorded.items()
            if _fresh(doc := documents.get(r.sha256), options) or _waits_for_ocr(doc, options)}


def _unchanged(found: FoundFile, recorded: RecordedFile) -> bool:
    """The file has the size and times recorded, and was read long enough after its last change: a change
    since sets its inode change time past the reading (the time equality also catches a file server whose
    clock runs behind ours)."""
    if (found.size, found.mtime, found.ctime) != (recorded.size, recorded.mtime, recorded.ctime):
        return False
    read_at = _read_time(recorded)
    return read_at is not None and read_at - max(recorded.mtime, found.ctime) > FILE_TIME_GRANULARITY


def _read_time(recorded: RecordedFile) -> float | None:
    """When the recorded content was read (epoch seconds); None for a time the store does not write."""
    try:
        return datetime.fromisoformat(recorded.seen_at).timestamp()
    except (TypeError, ValueError):
        return None


def _fresh(doc: StoredDocument | None, options: IngestOptions) -> bool:
    """Stored with this extractor version, with its text or known to have none: nothing to extract again."""
    return (doc is not None and doc.status in ("ok", "no_statement") and doc.extractor_version == extractor.VERSION
            and not options.force)


def _waits_for_ocr(doc: StoredDocument | None, options: IngestOptions) -> bool:
    """Stored without a text layer while OCR is off: it waits for an ingest with OCR."""
    return doc is not None and doc.status == "needs_ocr" and options.extract.ocr == "never" and not options.force


def plan_ingest(files: Sequence[FileSeen], *, known: KnownFiles, options: IngestOptions) -> Plan:
    """Stage 3: what to extract, and what is already settled (stored, duplicate, failed before)."""
    version = extractor.VERSION
    plan = Plan()
    planned: dict[str, PlannedExtraction] = {}
    gone = {sha: list(paths) for sha, paths in known.gone.items()}
    for f in files:
        doc = known.documents.get(f.sha256)
        fresh = _fresh(doc, options)
        failure = known.failures.get(f.path)
        waits_for_ocr = _waits_for_ocr(doc, options)
        path_known = known.paths.get(f.path) == f.sha256
        replaces = f.path in known.paths and not path_known
        if f.sha256 in planned:
            planned[f.sha256].files.append(f)
        elif waits_for_ocr:
            plan.settled.append(FileOutcome(f.path, Outcome.NEEDS_OCR, f.sha256, f"{f.path}: stored without text, "
                                            "waiting for OCR (ingest it again with --ocr auto)"))
            if not path_known:
                plan.known_files.append(f)
        elif fresh and not path_known and not replaces and gone.get(f.sha256):
            old = gone[f.sha256].pop(0)
            plan.moves.append((old, f))
            plan.settled.append(FileOutcome(f.path, Outcome.MOVED, f.sha256, f"{old} -> {f.path}"))
        elif fresh:
            kind = Outcome.PRESENT if path_known else Outcome.REPLACED if replaces else Outcome.DUPLICATE
            plan.settled.append(FileOutcome(f.path, kind, f.sha256))
            if not path_known:
                plan.known_files.append(f)
        elif (failure and failure.sha256 == f.sha256 and failure.extractor_version == version
              and not options.retry_failed and not options.force):
            plan.settled.append(FileOutcome(f.path, Outcome.FAILED_BEFORE, f.sha256, failure.reason))
        else:
            planned[f.sha256] = PlannedExtraction(f.sha256, [f], stored_before=doc is not None, replaces=replaces)
    plan.extractions = list(planned.values())
    return plan


def missing_under(roots: Sequence[str | Path], *, stored: dict[str, list[str]], seen: Iterable[str],
                  moved_from: Iterable[str]) -> list[str]:
    """Stored paths under the folders given that are no longer on disk (and did not move)."""
    folders = [os.path.join(os.path.abspath(os.path.expanduser(r)), "") for r in roots if os.path.isdir(r)]
    skip = set(seen) | set(moved_from)
    return sorted(p for paths in stored.values() for p in paths
                  if p not in skip and p.startswith(tuple(folders)) and not os.path.lexists(p))


def dry_run(paths: Sequence[str | Path], *, store: Store | None, options: IngestOptions, home: str,
            progress: IngestProgress | None = None) -> IngestReport:
    """Discover, hash and plan, and report what an ingest would do; `store` is None when there is no archive yet."""
    report = ReportBuilder(home=home, extractor_version=extractor.VERSION, dry_run=True,
                           progress=progress or SilentProgress())
    found = discover_and_hash(paths, store=store, options=options)
    report.stage_seconds["discover_and_hash"] = time.monotonic() - report.started
    plan = plan_ingest(found.seen, known=KnownFiles.read(store, found.seen, found.recorded) if store else KnownFiles(),
                       options=options)
    report.progress.planned(files=len(found.seen) + len(found.unreadable), to_extract=len(plan.extractions))
    to_extract = [FileOutcome(f.path, Outcome.TO_EXTRACT, f.sha256) for e in plan.extractions for f in e.files]
    for outcome in [*found.unreadable, *plan.settled, *to_extract]:
        report.settle(outcome)
    return report.report()
