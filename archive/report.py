"""What an ingest did (or would do), file by file, with the counts the summary shows."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

NEW = "new"  # extracted and stored for the first time
UPDATED = "updated"  # stored before, extracted again (--force, or a newer extractor)
PRESENT = "present"  # already stored under this path
DUPLICATE = "duplicate"  # same content as another path
NEEDS_OCR = "needs_ocr"  # image-only, stored as "needs OCR"
FAILED = "failed"  # could not be extracted; recorded for --retry-failed
FAILED_BEFORE = "failed_before"  # failed in an earlier run and not retried
TO_EXTRACT = "to_extract"  # --dry-run: would be extracted

OUTCOMES = (NEW, UPDATED, PRESENT, DUPLICATE, NEEDS_OCR, FAILED, FAILED_BEFORE, TO_EXTRACT)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    outcome: str
    sha256: str | None = None
    reason: str | None = None
    pages: int = 0
    ocr_pages: int = 0  # pages read by OCR


@dataclass(slots=True)
class IngestReport:
    """Every file's outcome, in the order they were settled."""

    home: str
    extractor_version: str
    dry_run: bool = False
    files: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # discover_and_hash, extract_in_workers (summed), store, index
    indexed: int = 0  # documents written to the index in this run (incl. ones left over by a crash)

    def add(self, outcome: FileOutcome) -> None:
        self.files.append(outcome)

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(f.outcome for f in self.files)
        return {name: found.get(name, 0) for name in OUTCOMES}

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files)

    @property
    def ocr_pages(self) -> int:
        return sum(f.ocr_pages for f in self.files)

    @property
    def failures(self) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome in (FAILED, FAILED_BEFORE)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "home": self.home, "extractor_version": self.extractor_version, "dry_run": self.dry_run,
            "counts": self.counts, "pages": self.pages, "ocr_pages": self.ocr_pages, "seconds": round(self.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "indexed": self.indexed, "files": [asdict(f) for f in self.files],
        }
