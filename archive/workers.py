"""Extraction in worker processes, each file under a time limit: a worker that overruns is killed.

The parent hands one file at a time to each worker over a pipe and waits on all of them; a worker
is replaced after `tasks_per_worker` files so that memory a PDF library leaks is given back.
"""
from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from extractor import ExtractionError, ExtractOptions, NeedsOcr, Statement

from . import limits
from .errors import WorkerStartFailed
from .outcome import Outcome

STARTUP_TIMEOUT = 120.0  # seconds for a new worker to import the extractor and say it is ready
# Added to the time limit of a worker's first file: the extractor loads its language model and
# country tables on first use, which takes seconds (more on a loaded machine).
FIRST_FILE_ALLOWANCE = 60.0
_READY = "ready"


@dataclass(frozen=True, slots=True)
class ExtractionJob:
    sha256: str
    path: str


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """What became of one job: a statement, or an outcome kind and a one-line reason."""

    job: ExtractionJob
    kind: Outcome  # EXTRACTED, NEEDS_OCR, FAILED, TIMED_OUT or CRASHED
    statement: Statement | None = None
    reason: str | None = None
    seconds: float = 0.0
    sha256: str | None = None  # the file's digest as the worker read it (None: not a regular file, or unreadable)


def extract_one(job: ExtractionJob, options: ExtractOptions) -> ExtractionResult:
    """Run the extractor on one file and turn every error into a result (runs in the worker)."""
    from extractor import extract  # the pipeline: imported by the workers (and their fork server), not the writer

    started = time.monotonic()
    # hashed again just before it is read (~0.5% of an extraction): whatever the outcome, a file changed since
    # the ingest hashed it is caught when its result is stored, not stored under the digest of what it was
    digest = _digest(job.path)
    try:
        statement = extract(job.path, options, sha256=digest)
    except NeedsOcr as e:
        kind, reason, statement = Outcome.NEEDS_OCR, str(e), None
    except ExtractionError as e:
        kind, reason, statement = Outcome.FAILED, str(e), None
    except Exception as e:  # an extractor bug must not stop the batch; it is recorded with its type
        kind, reason, statement = Outcome.FAILED, f"{job.path}: extractor error: {type(e).__name__}: {e}", None
    else:
        kind, reason = Outcome.EXTRACTED, None
    return ExtractionResult(job, kind, statement=statement, reason=reason, seconds=time.monotonic() - started,
                            sha256=digest)


def _digest(path: str) -> str | None:
    """The file's sha256; None for what is not a regular file (extract() refuses it without reading it) or
    cannot be read (extract() says why)."""
    from extractor import file_sha256

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        return file_sha256(path)
    except OSError:
        return None


def _worker_main(conn: Connection, options: ExtractOptions, memory_limit_mb: int | None = None) -> None:
    """Loop in the worker: receive a job, send back its result, until told to stop or the parent is gone."""
    try:
        for module in _PRELOAD:
            importlib.import_module(module)
        limits.lead_process_group()
        limits.limit_memory(memory_limit_mb)
        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings would break the one-line output
        conn.send(_READY)  # the extractor is imported: the time limit of a job starts from here
        while (job := conn.recv()) is not None:
            conn.send(extract_one(job, options))
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        conn.close()


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    tasks: int = 0  # files finished


@dataclass(frozen=True, slots=True)
class _Task:
    """A job a worker is busy with, and when its time is up."""

    worker: _Worker
    job: ExtractionJob
    started: float
    deadline: float


# What a worker loads before its memory limit applies: the extractor's pipeline (PDFium, the layout)
# and numpy, which it imports on first use and whose BLAS sets up its buffers on import (under the
# limit, a worker that did that could crash instead of raising MemoryError).
_PRELOAD = ("extractor.pipeline", "numpy")
# The fork server imports them once, with the main module (multiprocessing's default) and this one,
# and loads what the extractor would load on a worker's first files (extractor.preload: the word lists,
# the country table, the language model): each worker is then a fork of a process that has them, instead
# of loading them again (~0.5 s of CPU a worker for the imports, more where Python cannot write its
# bytecode caches, and ~0.25 s for the tables).
_FORKSERVER_PRELOAD = ["__main__", __name__, *_PRELOAD, "archive._worker_preload"]


def _context() -> Any:
    """forkserver where there is one (a clean process to fork workers from, whatever threads we run), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_FORKSERVER_PRELOAD)  # effective when the fork server starts
        return context
    return multiprocessing.get_context("spawn")


def start_fork_server() -> None:
    """Start the fork server now: its imports (~0.3 s of CPU) then overlap the ingest's own start (opening the
    archive and the index, finding and hashing the files) instead of delaying the first worker."""
    if _context().get_start_method() != "forkserver":
        return  # spawn starts each worker from scratch
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        return  # a process still importing its main module (a script without the main guard) starts none
    from multiprocessing import forkserver

    forkserver.ensure_running()


def _main_guard_hint() -> str:
    """When run from a script: a new worker imports the script, so one that ingests at import time cannot start."""
    main = sys.modules.get("__main__")
    if getattr(main, "__spec__", None) is None and getattr(main, "__file__", None):
        return '; a script that ingests must do it under `if __name__ == "__main__":`'
    return ""


class _Pool:
    def __init__(self, *, options: ExtractOptions, workers: int, timeout: float, tasks_per_worker: int,
                 first_file_allowance: float, memory_limit_mb: int | None = None) -> None:
        self._ctx = _context()
        self._options = options
        self._size = max(1, workers)
        self._timeout = timeout
        self._tasks_per_worker = max(1, tasks_per_worker)
        self._first_file_allowance = first_file_allowance
        self._memory_limit_mb = memory_limit_mb
        self._idle: list[_Worker] = []
        self._busy: list[_Task] = []

    def run(self, jobs: Iterable[ExtractionJob]) -> Iterator[ExtractionResult]:
        queue = deque(jobs)
        try:
            while queue or self._busy:
                while queue and len(self._busy) < self._size:
                    self._start(queue.popleft())
                yield from self._collect()
        finally:
            self._shutdown()

    def _start(self, job: ExtractionJob) -> None:
        worker = self._idle.pop() if self._idle else self._spawn()
        try:
            worker.conn.send(job)
        except (OSError, ValueError):  # the worker died while idle: take a fresh one
            self._retire(worker, kill=True)
            worker = self._spawn()
            worker.conn.send(job)
        started = time.monotonic()
        allowance = self._first_file_allowance if worker.tasks == 0 else 0.0
        self._busy.append(_Task(worker, job, started, started + self._timeout + allowance))

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=_worker_main, args=(child, self._options, self._memory_limit_mb), daemon=True)
        process.start()
        child.close()
        answered = parent.poll(STARTUP_TIMEOUT)
        try:
            ready = answered and parent.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            process.kill()
            process.join()
            parent.close()
            if answered:
                raise WorkerStartFailed(f"an extraction worker exited on start (exit code {process.exitcode})"
                                        + _main_guard_hint())
            raise WorkerStartFailed(f"an extraction worker did not start within {STARTUP_TIMEOUT:g} s")
        return _Worker(process=process, conn=parent)

    def _collect(self) -> Iterator[ExtractionResult]:
        wait_for = max(0.0, min(t.deadline for t in self._busy) - time.monotonic())
        ready = set(wait([t.worker.conn for t in self._busy], timeout=wait_for))
        now = time.monotonic()
        for task in list(self._busy):
            if task.worker.conn in ready:
                yield self._receive(task)
            elif now >= task.deadline:
                yield self._time_out(task)

    def _receive(self, task: _Task) -> ExtractionResult:
        self._busy.remove(task)
        worker = task.worker
        try:
            result: ExtractionResult = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            self._retire(worker, kill=True)
            reason = f"{task.job.path}: the extractor process died (exit code {code}) while reading this file"
            if limits.aborted_under_memory_limit(code, self._memory_limit_mb):
                reason = (f"{task.job.path}: the extractor process aborted while reading this file, possibly out of "
                          f"memory under --memory-limit {self._memory_limit_mb} MB (to tell, ingest it again with "
                          "a higher --memory-limit and --retry-failed)")
            return ExtractionResult(task.job, Outcome.CRASHED, reason=reason, seconds=time.monotonic() - task.started)
        worker.tasks += 1
        if worker.tasks >= self._tasks_per_worker:
            self._retire(worker, kill=False)
        else:
            self._idle.append(worker)
        return result

    def _time_out(self, task: _Task) -> ExtractionResult:
        self._busy.remove(task)
        self._retire(task.worker, kill=True)
        reason = f"{task.job.path}: timed out after {self._timeout:g} s (ingest again with --timeout N --retry-failed, N above that)"
        return ExtractionResult(task.job, Outcome.TIMED_OUT, reason=reason, seconds=time.monotonic() - task.started)

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        if kill:
            limits.kill_process_group(worker.process.pid)  # with the Tesseract it may be running
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                worker.process.kill()
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def _shutdown(self) -> None:
        for task in self._busy:
            self._retire(task.worker, kill=True)
        for worker in self._idle:
            self._retire(worker, kill=False)
        self._busy, self._idle = [], []


def run_extractions(
    jobs: Iterable[ExtractionJob], *, options: ExtractOptions, workers: int, timeout: float, tasks_per_worker: int = 500,
    first_file_allowance: float = FIRST_FILE_ALLOWANCE, memory_limit_mb: int | None = limits.DEFAULT_MEMORY_LIMIT_MB,
) -> Iterator[ExtractionResult]:
    """Extract every job in `workers` processes; results come in completion order, one per job.

    A file gets `timeout` seconds (plus `first_file_allowance` if it is its worker's first);
    past that its worker is killed, the file is reported Outcome.TIMED_OUT and a fresh worker goes on.
    Each worker's address space is capped at `memory_limit_mb` (None: no cap); a file that needs
    more is reported Outcome.FAILED as too large when Python ran out of memory, and Outcome.CRASHED,
    possibly out of memory, when PDFium aborted the worker (an abort does not say why).
    """
    pool = _Pool(options=options, workers=workers, timeout=timeout, tasks_per_worker=tasks_per_worker,
                 first_file_allowance=first_file_allowance, memory_limit_mb=memory_limit_mb)
    return pool.run(jobs)
