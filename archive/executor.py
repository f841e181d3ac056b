"""Where extraction runs: local worker processes (the default) or the workers of a Dask cluster.

Both are an `Executor`: given the jobs, they yield one `ExtractionResult` per job, in completion
order, with the outcome kinds of `archive.workers`. The caller alone stores the results.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from extractor import ExtractOptions

from .errors import ClusterUnavailable
from .settings import IngestOptions
from .workers import ExtractionJob, ExtractionResult, run_extractions


class Executor(Protocol):
    """Runs extraction jobs somewhere and yields one result per job, in completion order."""

    def run(self, jobs: Sequence[ExtractionJob]) -> Iterator[ExtractionResult]: ...


@dataclass(frozen=True, slots=True)
class LocalExecutor:
    """Worker processes on this machine, each file under a time limit (see archive.workers)."""

    options: ExtractOptions
    workers: int
    timeout: float
    tasks_per_worker: int = 500
    memory_limit_mb: int | None = None

    def run(self, jobs: Sequence[ExtractionJob]) -> Iterator[ExtractionResult]:
        return run_extractions(jobs, options=self.options, workers=self.workers, timeout=self.timeout,
                               tasks_per_worker=self.tasks_per_worker, memory_limit_mb=self.memory_limit_mb)


def executor_for(options: IngestOptions) -> Executor:
    """The Dask cluster when a scheduler is named, else local worker processes."""
    if options.scheduler is None:
        return LocalExecutor(options.extract, workers=options.jobs, timeout=options.timeout,
                             tasks_per_worker=options.tasks_per_worker, memory_limit_mb=options.memory_limit_mb)
    try:
        from .cluster import DaskExecutor  # distributed is an optional extra
    except ImportError as e:
        raise ClusterUnavailable(e.name or "distributed") from e
    return DaskExecutor(scheduler=options.scheduler, options=options.extract, timeout=options.timeout,
                        send_files=options.send_files)
