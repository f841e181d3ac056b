"""Where the archive lives and how an ingest runs: one home for every setting."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extractor import ExtractOptions

from .limits import DEFAULT_MEMORY_LIMIT_MB, MIN_MEMORY_LIMIT_MB  # noqa: F401 - the command line's bounds too

# Statements per index commit: Whoosh's build took 1.8x the CPU at 50 (bench/search.py), and 1.6x at 400,
# whose postings (~1,350 a statement) overflow its writer's 64 MB pool onto disk (1,152 statements, CPU).
INDEX_BATCH = 200

HOME_ENV = "ARCHIVE_HOME"
SCHEDULER_ENV = "ARCHIVE_SCHEDULER"  # address of a Dask scheduler, e.g. tcp://scheduler-host:8786
APP_DIR = "statement-archive"
DEFAULT_TIMEOUT = 300.0  # seconds per file; OCR of a long scan needs minutes


def default_home(environ: Mapping[str, str]) -> Path:
    """The per-user data directory: $XDG_DATA_HOME/statement-archive or ~/.local/share/statement-archive."""
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR


@dataclass(frozen=True, slots=True)
class Settings:
    """The data directory and the files in it."""

    home: Path

    @classmethod
    def resolve(cls, *, home: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """--home wins over $ARCHIVE_HOME, which wins over the per-user default."""
        env = os.environ if environ is None else environ
        chosen = home or env.get(HOME_ENV) or default_home(env)
        return cls(home=Path(chosen).expanduser().resolve())

    @property
    def database_path(self) -> Path:
        return self.home / "archive.db"

    @property
    def index_path(self) -> Path:
        return self.home / "index"

    @property
    def ocr_cache(self) -> Path:
        return self.home / "ocr-cache"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How one `archive ingest` run behaves."""

    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False  # re-extract documents already stored with this extractor version (and read every file)
    checksum: bool = False  # read every file, even one recorded with its present size and modification time
    dry_run: bool = False
    retry_failed: bool = False  # try again files that failed before with this extractor version
    timeout: float = DEFAULT_TIMEOUT
    extract: ExtractOptions = ExtractOptions()
    index_batch: int = INDEX_BATCH  # statements per index commit
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB  # address space per worker; a file needing more fails
    index_backend: str | None = None  # for a new archive: whoosh (default) or tantivy; an existing one keeps its own
    tasks_per_worker: int = 500  # a worker is replaced after this many files (a new one loads the extractor again)
    scheduler: str | None = None  # a Dask scheduler address: extract on its workers instead of local processes
    send_files: bool = False  # with a scheduler: send each file's bytes to the workers instead of its path
