"""What became of a file in an ingest, and of one extraction attempt: one set of names for reports and records."""
from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """A file's outcome; the value is what `--json` reports and the `failures.kind` column hold."""

    NEW = "new"  # extracted and stored for the first time
    UPDATED = "updated"  # stored before, extracted again (--force, or a newer extractor)
    PRESENT = "present"  # already stored under this path
    DUPLICATE = "duplicate"  # same content as another path
    NEEDS_OCR = "needs_ocr"  # image-only, stored as "needs OCR"
    FAILED = "failed"  # could not be extracted; recorded for --retry-failed
    FAILED_BEFORE = "failed_before"  # failed in an earlier run and not retried
    TO_EXTRACT = "to_extract"  # --dry-run: would be extracted
    # What one extraction in a worker gave, before it is stored; the last three are kinds of failure.
    EXTRACTED = "ok"
    TIMED_OUT = "timed_out"
    CRASHED = "crashed"  # the worker process died
    UNREADABLE = "unreadable"  # the path could not be read or hashed


# The outcomes an ingest report counts, in the order its summary shows them.
REPORTED: tuple[Outcome, ...] = (Outcome.NEW, Outcome.UPDATED, Outcome.PRESENT, Outcome.DUPLICATE,
                                 Outcome.NEEDS_OCR, Outcome.FAILED, Outcome.FAILED_BEFORE, Outcome.TO_EXTRACT)
