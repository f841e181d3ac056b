"""Extraction on the workers of a Dask distributed cluster (the only module that imports dask/distributed).

The client submits one task per file, two per worker thread at a time (one queued behind each
running one, so a worker never waits on the client's round trip), and
yields an `ExtractionResult` per file as it completes; the caller alone writes the database and
the index. Guarantees, as with local worker processes:
- a file gets `timeout` seconds from the moment a worker takes it; past that its task is
  cancelled, the worker restarted by its nanny (a Python thread cannot be stopped) and the
  file recorded TIMED_OUT;
- a worker that dies mid-task has its tasks retried elsewhere by the scheduler; a file that has
  killed `distributed.scheduler.allowed-failures` + 1 workers comes back as `KilledWorker`,
  recorded CRASHED, and the batch goes on.
OCR runs on the worker with a temporary cache seeded with the client's entries for the file;
the entries it writes come back with the result and are written to the client's cache.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import dask
import distributed
from distributed.scheduler import KilledWorker

from extractor import ExtractOptions

from .errors import SchedulerUnreachable
from .outcome import Outcome
from .workers import FIRST_FILE_ALLOWANCE, ExtractionJob, ExtractionResult, extract_one

# A file sent with --send-files rides in its task through the scheduler, which holds it until the
# task ends: the cap bounds the scheduler's memory to (worker threads x cap) and keeps each send short.
SEND_FILES_MAX_BYTES = 64 * 2**20
CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler before giving up with a one-line error
POLL_SECONDS = 0.5  # how often the client looks which tasks have started and whose time is up
TASKS_PER_THREAD = 2  # in flight per worker thread: the one running and the next, already at the worker
RESTART_TIMEOUT = 60.0  # seconds for a nanny to restart a worker whose task overran
_CACHE_SUFFIX = ".json"  # OCR cache entries are JSON files (see extractor/ocr/_cache.py)

OcrEntries = tuple[tuple[str, bytes], ...]  # (path relative to the cache folder, content)


@dataclass(frozen=True, slots=True)
class RemoteExtraction:
    """What a worker sends back: the result, and the OCR cache entries it wrote."""

    result: ExtractionResult
    ocr_entries: OcrEntries = ()
    worker: str = ""  # the address of the worker that ran it


def extract_on_worker(job: ExtractionJob, options: ExtractOptions, *, content: bytes | None = None,
                      ocr_entries: OcrEntries = ()) -> RemoteExtraction:
    """Run on a Dask worker: extract one file (read at its path, or from `content`), OCR cache in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="statement-archive-") as scratch:
        cache = Path(scratch) / "ocr-cache"
        for name, data in ocr_entries:
            target = cache / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        local = job
        if content is not None:
            copy = Path(scratch) / "file" / Path(job.path).name
            copy.parent.mkdir()
            copy.write_bytes(content)
            local = ExtractionJob(job.sha256, str(copy))
        worker_options = dataclasses.replace(options, ocr_cache=cache if options.ocr_cache is not None else None)
        result = extract_one(local, worker_options)
        if local is not job:
            result = _as_read_from(result, job, local.path)
        seeded = {name for name, _ in ocr_entries}
        written = tuple((name, (cache / name).read_bytes()) for name in _cache_entries(cache) if name not in seeded)
        return RemoteExtraction(result, written, _worker_address())


def _worker_address() -> str:
    try:
        return distributed.get_worker().address
    except ValueError:  # not on a worker (called directly)
        return ""


def _as_read_from(result: ExtractionResult, job: ExtractionJob, copy: str) -> ExtractionResult:
    """The result of extracting a sent copy, naming the client's path instead of the copy's."""
    statement = result.statement
    if statement is not None:
        statement = dataclasses.replace(statement, source=job.path)
    reason = result.reason.replace(copy, job.path) if result.reason else result.reason
    return dataclasses.replace(result, job=job, statement=statement, reason=reason)


def _cache_entries(cache: Path) -> list[str]:
    """The cache entries under `cache`, as POSIX paths relative to it (<sha256>/<page>-<langs>-<dpi>.json)."""
    if not cache.is_dir():
        return []
    return sorted(path.relative_to(cache).as_posix() for path in cache.glob(f"*/*{_CACHE_SUFFIX}"))


def _read_cached(cache: Path | None, sha256: str) -> OcrEntries:
    """The client's OCR cache entries of one file, to seed the worker's cache."""
    if cache is None:
        return ()
    try:
        pages = sorted((cache / sha256).glob(f"*{_CACHE_SUFFIX}"))
        return tuple((f"{sha256}/{page.name}", page.read_bytes()) for page in pages)
    except OSError:  # an unreadable cache is a miss, as in extractor/ocr/_cache.py
        return ()


def _write_cached(cache: Path, entries: OcrEntries) -> None:
    """Write the entries a worker made into the client's cache, atomically; a name that leaves the cache is skipped."""
    for name, data in entries:
        parts = PurePosixPath(name).parts
        if len(parts) != 2 or ".." in parts or not name.endswith(_CACHE_SUFFIX):
            continue
        target = cache.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@dataclass(slots=True)
class _Running:
    """A submitted job: `worker` once the scheduler has given it to one, `started` once it runs there."""

    job: ExtractionJob
    submitted: float
    worker: str | None = None
    assigned: float = 0.0  # when the scheduler gave it to `worker`
    started: float | None = None


@dataclass(slots=True)
class DaskExecutor:
    """Extraction on the workers of the Dask cluster whose scheduler listens at `scheduler`."""

    scheduler: str
    options: ExtractOptions
    timeout: float
    send_files: bool = False
    first_file_allowance: float = FIRST_FILE_ALLOWANCE  # a worker's first file: the extractor loads its data
    task: Callable[..., RemoteExtraction] = extract_on_worker  # what runs on the worker (tests swap it)
    _warm: set[str] = field(default_factory=set)  # workers that have finished a file

    def run(self, jobs: Sequence[ExtractionJob]) -> Iterator[ExtractionResult]:
        client = self._connect()
        try:
            yield from self._run(client, deque(jobs))
        finally:
            client.close()

    def _connect(self) -> distributed.Client:
        try:
            return distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise SchedulerUnreachable(self.scheduler, str(e) or type(e).__name__) from e

    def _run(self, client: distributed.Client, queue: deque[ExtractionJob]) -> Iterator[ExtractionResult]:
        running: dict[distributed.Future, _Running] = {}
        try:
            while queue or running:
                threads = client.nthreads()
                capacity = TASKS_PER_THREAD * max(1, sum(threads.values()))
                while queue and len(running) < capacity:
                    job = queue.popleft()
                    submitted = self._submit(client, job)
                    if isinstance(submitted, ExtractionResult):
                        yield submitted
                    else:
                        running[submitted] = _Running(job, time.monotonic())
                if not running:
                    continue
                try:
                    with client.as_current():  # wait() looks for the current client; ours is not the default
                        done = distributed.wait(list(running), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED").done
                except TimeoutError:
                    done = set()
                for future in done:
                    yield self._finish(future, running.pop(future))
                yield from self._watch(client, running, threads)
        finally:
            for future in running:
                future.cancel()

    def _submit(self, client: distributed.Client, job: ExtractionJob) -> distributed.Future | ExtractionResult:
        """Hand one job to the scheduler, or the result that it cannot be sent."""
        content = None
        if self.send_files:
            try:
                size = os.path.getsize(job.path)
                if size > SEND_FILES_MAX_BYTES:
                    return ExtractionResult(job, Outcome.FAILED, reason=(
                        f"{job.path}: {size / 2**20:.0f} MiB is over the {SEND_FILES_MAX_BYTES // 2**20} MiB "
                        "--send-files sends; put it where the workers can read it and ingest without --send-files"))
                content = Path(job.path).read_bytes()
            except OSError as e:
                return ExtractionResult(job, Outcome.FAILED, reason=f"{job.path}: cannot read ({e.strerror or e})")
        cached = _read_cached(self.options.ocr_cache, job.sha256) if self.options.ocr != "never" else ()
        # the file is in the task on purpose (a worker that dies does not take it along): no warning for that
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": 2 * SEND_FILES_MAX_BYTES}):
            return client.submit(self.task, job, self.options, content=content, ocr_entries=cached, pure=False,
                                 key=f"extract-{job.sha256[:16]}-{os.urandom(4).hex()}")

    def _finish(self, future: distributed.Future, task: _Running) -> ExtractionResult:
        elapsed = time.monotonic() - (task.started or task.submitted)
        if future.status == "finished":
            remote: RemoteExtraction = future.result()
            if self.options.ocr_cache is not None and remote.ocr_entries:
                try:
                    _write_cached(self.options.ocr_cache, remote.ocr_entries)
                except OSError:  # the cache only saves time; the statement is stored all the same
                    pass
            worker = remote.worker or task.worker
            if worker:
                self._warm.add(worker)
            return remote.result
        error = future.exception() if future.status == "error" else None
        if isinstance(error, KilledWorker):
            reason = (f"{task.job.path}: the extraction worker died while reading this file, "
                      f"on every worker that tried it ({error.allowed_failures + 1})")
            return ExtractionResult(task.job, Outcome.CRASHED, reason=reason, seconds=elapsed)
        cause = f"{type(error).__name__}: {error}" if error is not None else f"task {future.status}"
        return ExtractionResult(task.job, Outcome.FAILED, reason=f"{task.job.path}: the cluster lost this file ({cause})",
                                seconds=elapsed)

    def _watch(self, client: distributed.Client, running: dict[distributed.Future, _Running],
               threads: dict[str, int]) -> Iterator[ExtractionResult]:
        """Note which tasks run where (again, if their worker died) and time out the overdue."""
        if not running:
            return
        where = {key: worker for worker, keys in client.processing().items() for key in keys}
        now = time.monotonic()
        by_worker: dict[str, list[_Running]] = {}
        for future, task in running.items():
            worker = where.get(future.key)
            if worker != task.worker:  # given to a worker, or retried on another: its clock starts again
                task.worker, task.assigned, task.started = worker, now, None
            if worker is not None:
                by_worker.setdefault(worker, []).append(task)
        for worker, tasks in by_worker.items():  # a worker runs as many as it has threads, oldest first
            for task in sorted(tasks, key=lambda t: t.assigned)[:threads.get(worker, 1)]:
                task.started = task.started or now
        for future, task in list(running.items()):
            if task.started is None or task.worker is None:
                continue
            allowance = 0.0 if task.worker in self._warm else self.first_file_allowance
            if now - task.started >= self.timeout + allowance:
                del running[future]
                future.cancel()
                client.restart_workers([task.worker], timeout=RESTART_TIMEOUT, raise_for_error=False)
                self._warm.discard(task.worker)
                reason = f"{task.job.path}: timed out after {self.timeout:g} s (raise it with --timeout)"
                yield ExtractionResult(task.job, Outcome.TIMED_OUT, reason=reason, seconds=now - task.started)
