"""Limits on an extraction worker: its memory, and one process group for it and its Tesseract.

A hostile PDF (a compression bomb, a page of 400 MB of text operators, a huge page rendered for
OCR) can take all the machine's memory. Each worker caps its address space with RLIMIT_AS:
past the cap an allocation fails. In Python that raises MemoryError, which the extractor reports
as TooLarge: a certain verdict. PDFium, which does not survive a failed allocation, aborts the
worker (SIGABRT) without saying why, and an abort can have other causes: the parent reports that
file as crashed, possibly out of memory under the limit. Either way the batch goes on with a
fresh worker.

A worker is the leader of its own process group, so that killing it (on a timeout) kills the
Tesseract it runs too, instead of leaving it to finish a page nobody waits for.
"""
from __future__ import annotations

import os
import resource
import signal

# Address space per worker. A worker needs about 400 MB of it for a statement with OCR (Python,
# PDFium, numpy and a 300 dpi page); 2 GB leaves room for long documents and large pages while
# four workers cannot take more than 8 GB.
DEFAULT_MEMORY_LIMIT_MB = 2048
# Address space a worker maps before it reads anything (interpreter, PDFium, numpy): a limit
# below this would stop every file.
MIN_MEMORY_LIMIT_MB = 256
# How a worker ends when PDFium (C++) cannot allocate: it aborts instead of raising.
_ABORTED = -signal.SIGABRT


def limit_memory(megabytes: int | None) -> None:
    """Cap this process's address space at `megabytes` (None: no cap); children inherit it."""
    if megabytes is None:
        return
    if megabytes < MIN_MEMORY_LIMIT_MB:
        raise ValueError(f"a memory limit of {megabytes} MB is below the {MIN_MEMORY_LIMIT_MB} MB a worker needs")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def lead_process_group() -> None:
    """Make this process the leader of a new process group (its children join it)."""
    os.setpgid(0, 0)


def kill_process_group(pid: int) -> None:
    """Kill the process group led by `pid`: a worker and the Tesseract it runs."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def aborted_under_memory_limit(exit_code: int | None, megabytes: int | None) -> bool:
    """True when a worker died of SIGABRT with a memory limit set: what PDFium does when an allocation
    fails, so the limit is a likely cause, but not a proven one (nothing says why a process aborted)."""
    return megabytes is not None and exit_code == _ABORTED
