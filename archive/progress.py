"""Ingest progress on the terminal (the only module that imports tqdm): a bar on a TTY, plain lines otherwise."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, TextIO

from .escape import one_line
from .outcome import Outcome
from .report import FileOutcome

if TYPE_CHECKING:
    from tqdm import tqdm

# the files a line is printed for
_EXTRACTED = (Outcome.NEW, Outcome.UPDATED, Outcome.REPLACED, Outcome.NEEDS_OCR, Outcome.NO_STATEMENT, Outcome.FAILED)


class BarProgress:
    """files done / total, pages/s and ETA, on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._bar: tqdm | None = None
        self._pages = 0
        self._ocr_pages = 0
        self._started = time.monotonic()

    def planned(self, *, files: int, to_extract: int) -> None:
        from tqdm import tqdm  # only a terminal needs it

        self._started = time.monotonic()
        self._bar = tqdm(total=files, unit="file", file=self._stream, dynamic_ncols=True, leave=True,
                         desc=f"ingest ({to_extract} to extract)")

    def settled(self, outcome: FileOutcome) -> None:
        if self._bar is None:
            return
        self._pages += outcome.pages
        self._ocr_pages += outcome.ocr_pages
        rate = self._pages / max(time.monotonic() - self._started, 1e-6)
        ocr = f", {self._ocr_pages} by OCR" if self._ocr_pages else ""
        self._bar.set_postfix_str(f"{self._pages} pages{ocr}, {rate:.1f} pages/s", refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class LineProgress:
    """One line per file extracted (not per file skipped), for logs and pipes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._total = 0
        self._done = 0

    def planned(self, *, files: int, to_extract: int) -> None:
        self._total = to_extract
        print(f"{files} files found, {to_extract} to extract", file=self._stream, flush=True)

    def settled(self, outcome: FileOutcome) -> None:
        if outcome.outcome not in _EXTRACTED or outcome.sha256 is None:
            return
        self._done += 1
        pages = f" ({outcome.pages} pages" + (f", {outcome.ocr_pages} by OCR" if outcome.ocr_pages else "") + ")"
        pages = pages if outcome.pages else ""
        print(f"[{self._done}/{self._total}] {outcome.outcome}: {one_line(outcome.path)}{pages}", file=self._stream, flush=True)

    def close(self) -> None:
        pass
