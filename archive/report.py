"""What an ingest did (or would do), file by file, with the counts the summary shows."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from .escape import utf8_path
from .outcome import REPORTED, Outcome


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    outcome: Outcome
    sha256: str | None = None
    reason: str | None = None
    pages: int = 0
    ocr_pages: int = 0  # pages read by OCR


class IngestProgress(Protocol):
    """Told how an ingest goes, file by file; the CLI shows it as a bar or as lines."""

    def planned(self, *, files: int, to_extract: int) -> None: ...

    def settled(self, outcome: FileOutcome) -> None: ...


class SilentProgress:
    """Progress nobody watches."""

    def planned(self, *, files: int, to_extract: int) -> None:
        pass

    def settled(self, outcome: FileOutcome) -> None:
        pass


@dataclass(frozen=True, slots=True)
class IngestReport:
    """Every file's outcome, in the order they were settled."""

    home: str
    extractor_version: str
    dry_run: bool = False
    files: tuple[FileOutcome, ...] = ()
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # discover_and_hash, extract_in_workers (summed), store, index
    indexed: int = 0  # documents written to the index in this run (incl. ones left over by a crash)
    index_repaired: str | None = None  # why the index was found damaged and rebuilt from the database first

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(f.outcome for f in self.files)
        return {str(name): found.get(name, 0) for name in REPORTED}

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files)

    @property
    def ocr_pages(self) -> int:
        return sum(f.ocr_pages for f in self.files)

    @property
    def failures(self) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome in (Outcome.FAILED, Outcome.FAILED_BEFORE)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "home": self.home, "extractor_version": self.extractor_version, "dry_run": self.dry_run,
            "counts": self.counts, "pages": self.pages, "ocr_pages": self.ocr_pages, "seconds": round(self.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "indexed": self.indexed, "index_repaired": self.index_repaired,
            "files": [asdict(f) | {"path": utf8_path(f.path), "reason": f.reason and utf8_path(f.reason)}
                      for f in self.files],
        }


@dataclass(slots=True)
class ReportBuilder:
    """Collects an ingest's outcomes as they settle, tells the progress, and freezes them into a report."""

    home: str
    extractor_version: str
    dry_run: bool = False
    progress: IngestProgress = field(default_factory=SilentProgress)
    files: list[FileOutcome] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    indexed: int = 0
    started: float = field(default_factory=time.monotonic)

    def settle(self, outcome: FileOutcome) -> None:
        self.files.append(outcome)
        self.progress.settled(outcome)

    def report(self) -> IngestReport:
        return IngestReport(home=self.home, extractor_version=self.extractor_version, dry_run=self.dry_run,
                            files=tuple(self.files), seconds=time.monotonic() - self.started,
                            stage_seconds=dict(self.stage_seconds), indexed=self.indexed)
