"""What became of a file in an ingest, and of one extraction attempt: one set of names for reports and records."""
from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """A file's outcome; the value is what `--json` reports and the `failures.kind` column hold."""

    NEW = "new"  # extracted and stored for the first time
    UPDATED = "updated"  # stored before, extracted again (--force, or a newer extractor)
    PRESENT = "present"  # already stored under this path
    DUPLICATE = "duplicate"  # same content as another path
    MOVED = "moved"  # a stored file found at a new path, its old path gone
    REPLACED = "replaced"  # new content at a stored path: a new statement; the old one keeps its history
    MISSING = "missing"  # a stored path, under a folder ingested again, that is no longer there
    NO_STATEMENT = "no_statement"  # a document with no statement text: stored, but not listed or searched
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
REPORTED: tuple[Outcome, ...] = (Outcome.NEW, Outcome.UPDATED, Outcome.REPLACED, Outcome.PRESENT, Outcome.MOVED,
                                 Outcome.DUPLICATE, Outcome.MISSING, Outcome.NEEDS_OCR, Outcome.NO_STATEMENT,
                                 Outcome.FAILED, Outcome.FAILED_BEFORE, Outcome.TO_EXTRACT)
