"""Bulk ingest against pdftotext, on one machine and through a loopback Dask cluster, in one run on the same PDFs.

    python3 bench/ingest.py                          # ~300 pages; every row below
    python3 bench/ingest.py --pages 120 --cluster-workers ''   # quick: local rows and the writer only

The PDFs are the text fixtures (tests/fixtures/statements and corpus, scans excluded, then the producers'
renderings of the shared sources in turns: Chromium, Word, fpdf2, LaTeX, LibreOffice, ReportLab...), copied
with a comment appended after %%EOF so that every copy is a distinct document, until there are --pages pages:
at ~300 pages every file is a different rendering. Statements that share their text (a source rendered by
several producers) still flatter the extractor's caches of texts' judgements, as a network's statements
that share a signatory list do.

Rows, each a fresh archive (OCR off), timed from the command's start to its exit:
- pdftotext over the same files, one process per file, one after another: the baseline;
- extract() of every file in this one warm process: what the workers spend per file;
- `archive ingest --jobs 1` and `--jobs 2` with each index backend (tantivy when installed);
- `archive ingest --scheduler` through a loopback `distributed.LocalCluster` of 1 and 2 single-threaded
  worker processes (needs `distributed`), started before the run as a long-lived cluster would be; their
  "workers" CPU is the cluster's processes' (nannies' heartbeats included) and their peak memory the
  client's alone;
- the single writer's ceiling: already-extracted statements stored and indexed by the ingest's own
  writer (SQLite in the main thread, the index in its thread) with nothing else running, per backend.

The machine is shared: wall time depends on what else runs. Each ingest row therefore also gives its
CPU time (the ingest process and every descendant, from /proc every 20 ms, or the cluster's worker
processes), split into the main process (the single writer) and the workers, and the "idle" wall time
those CPU times allow on this machine's cores: max(workers / jobs, main, all / cores). Ratios are
pdftotext's time over the row's. Peak memory: the largest sum of the resident sets of the ingest's
process tree at one moment. Python's bytecode caches are on (in a temporary PYTHONPYCACHEPREFIX, filled
by an untimed ingest first), as an installed package has them, even where PYTHONDONTWRITEBYTECODE is set.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from process_tree import TreeWatch, child_pids  # bench/, the script's own folder

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
CORES = os.cpu_count() or 1
MEMORY_TARGET_MB = 600  # issue 10: the ingest's process tree at its peak
RATIO_TARGETS = {"whoosh": 0.5, "tantivy": 0.8}  # issue 10: --jobs 2 against pdftotext


# -- the files and the baselines ---------------------------------------------------------------


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _text_fixtures() -> list[Path]:
    """The text fixtures, the producers' renderings taken in turns (each renderer's first, then each one's
    second...), so that a few hundred pages are distinct files from every producer."""
    own = sorted((FIXTURES / "statements").glob("*.pdf")) + [
        p for p in sorted((FIXTURES / "corpus").glob("*.pdf")) if "scan" not in p.name]
    rendered = sorted((FIXTURES / "producers" / "corpus").glob("*.pdf"))
    by_producer: dict[str, list[Path]] = {}
    for pdf in rendered:
        by_producer.setdefault(pdf.name.split("-")[0], []).append(pdf)
    in_turns = [pdf for turn in itertools.zip_longest(*by_producer.values()) for pdf in turn if pdf]
    return own + in_turns


def make_folder(folder: Path, *, pages: int) -> tuple[list[Path], int]:
    """Distinct copies of the text fixtures until `pages` pages."""
    sources = _text_fixtures()
    if not sources:
        sys.exit("no fixture PDFs found under tests/fixtures")
    counted = [(p, page_count(p)) for p in sources]
    folder.mkdir(parents=True)
    made, total, i = [], 0, 0
    while total < pages:
        source, n = counted[i % len(counted)]
        target = folder / f"{i:04d}-{source.name}"
        target.write_bytes(source.read_bytes() + f"\n% bench copy {i}\n".encode())
        made.append(target)
        total += n
        i += 1
    return made, total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True, slots=True)
class Baseline:
    pdftotext_wall: float
    pdftotext_cpu: float
    extract_cpu: float  # extract() of every file in one warm process
    extract_warmup: float  # its first call: imports, language model, country tables


def time_pdftotext(pdfs: list[Path]) -> tuple[float, float]:
    cpu, started = _children_cpu(), time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, _children_cpu() - cpu


def extract_all(pdfs: list[Path]) -> tuple[float, float, list]:
    """(warm-up CPU, CPU, statements) of the extractor alone in this process."""
    from extractor import ExtractOptions, extract

    options = ExtractOptions(ocr="never")
    started = time.process_time()
    extract(pdfs[0], options)
    warmup = time.process_time() - started
    started = time.process_time()
    statements = [extract(pdf, options) for pdf in pdfs]
    return warmup, time.process_time() - started, statements


# -- one ingest, watched -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestRun:
    label: str
    backend: str
    jobs: int
    pages: int
    wall: float
    cpu_main: float  # the ingest process: planning, unpickling results, SQLite, the index thread
    cpu_workers: float  # every other process of the tree (or of the cluster)
    peak_tree_mb: float
    stage_seconds: dict
    counts: dict

    @property
    def cpu(self) -> float:
        return self.cpu_main + self.cpu_workers

    @property
    def idle_wall(self) -> float:
        """The wall time these CPU times allow on this machine: workers share `jobs`, everything shares the cores."""
        return max(self.cpu_workers / self.jobs, self.cpu_main, self.cpu / CORES)


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO))


def make_archive(home: Path, backend: str) -> bool:
    """An empty archive with this index backend; False when the backend is not installed."""
    done = subprocess.run([sys.executable, "-m", "archive", "--home", str(home), "init", "--index", backend],
                          cwd=REPO, env=_env(), capture_output=True)
    return done.returncode == 0


def run_ingest(label: str, home: Path, folder: Path, *, pages: int, backend: str, jobs: int,
               scheduler: str | None = None, cluster_pids: tuple[int, ...] = ()) -> IngestRun:
    """One `archive ingest` of `folder` into a new archive, watched (on a cluster if `scheduler`)."""
    if not make_archive(home, backend):
        sys.exit(f"could not make an archive with the {backend} index")
    where = ["--scheduler", scheduler] if scheduler else ["--jobs", str(jobs)]
    command = [sys.executable, "-m", "archive", "--home", str(home), "ingest", str(folder), *where,
               "--ocr", "never", "--json"]
    cluster = [TreeWatch(pid) for pid in cluster_pids]
    for watch in cluster:
        watch.sample()
    cluster_before = sum(sum(w.cpu.values()) for w in cluster)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with TreeWatch(process.pid) as watch:
        out, err = process.communicate()
    wall = time.perf_counter() - started
    for w in cluster:
        w.sample()
    if process.returncode != 0:
        sys.exit(f"archive ingest failed: {err.decode().strip()}")
    report = json.loads(out)
    cpu_main = watch.cpu.get(process.pid, 0.0)
    cpu_workers = sum(cpu for pid, cpu in watch.cpu.items() if pid != process.pid)
    if cluster:
        cpu_workers = sum(sum(w.cpu.values()) for w in cluster) - cluster_before
    return IngestRun(label, backend, jobs, pages, wall, cpu_main, cpu_workers, watch.peak_rss / 2**20,
                     report.get("stage_seconds", {}), {k: v for k, v in report["counts"].items() if v})


def warm_up(pdfs: list[Path], work: Path, backends: list[str]) -> None:
    """An untimed ingest of a few files per backend: the bytecode caches fill."""
    folder = work / "pdfs"
    folder.mkdir(parents=True)
    for pdf in pdfs:
        shutil.copy(pdf, folder)
    for backend in backends:
        run_ingest("warm-up", work / backend, folder, pages=0, backend=backend, jobs=2)


def bench_local(folder: Path, work: Path, *, pages: int, backends: list[str], jobs: tuple[int, ...]) -> list[IngestRun]:
    runs = []
    for backend in backends:
        for n in jobs:
            runs.append(run_ingest(f"--jobs {n}", work / f"home-{backend}-{n}", folder, pages=pages,
                                   backend=backend, jobs=n))
    return runs


def bench_cluster(folder: Path, work: Path, *, pages: int, backend: str,
                  workers: tuple[int, ...]) -> list[IngestRun] | str:
    """`archive ingest --scheduler` through a loopback LocalCluster of each size, or why it was skipped."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return "cluster rows skipped: distributed is not installed (pip install 'statement-archive[cluster]')"
    sys.path.insert(0, str(REPO))  # the scheduler, in this process, unpickles the archive's tasks
    runs = []
    for n in workers:
        with LocalCluster(n_workers=n, processes=True, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            nannies = tuple(child_pids(os.getpid()))
            runs.append(run_ingest(f"cluster {n} worker{'s' if n > 1 else ''}", work / f"home-cluster-{n}", folder,
                                   pages=pages, backend=backend, jobs=n, scheduler=cluster.scheduler_address,
                                   cluster_pids=nannies))
    return runs


# -- the single writer's ceiling ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WriterCeiling:
    backend: str
    statements: int
    sections: int
    cpu: float  # this process, every thread: SQLite and the index
    wall: float
    stage_seconds: dict = field(default_factory=dict)

    @property
    def statements_per_second(self) -> float:
        return self.statements / self.cpu

    @property
    def sections_per_second(self) -> float:
        return self.sections / self.cpu


def writer_ceiling(statements: list, work: Path, *, backend: str, copies: int) -> WriterCeiling | str:
    """Store and index `copies` distinct copies of `statements` through the ingest's writer, with no worker."""
    sys.path.insert(0, str(REPO))
    from archive.ingest import _extract_store_index  # the stages after extraction, as an ingest runs them
    from archive.outcome import Outcome
    from archive.planning import PlannedExtraction
    from archive.report import ReportBuilder
    from archive.settings import IngestOptions
    from archive.store import FileSeen, Store
    from archive.workers import ExtractionJob, ExtractionResult
    from index import BackendUnavailableError, SectionIndex

    home = work / f"writer-{backend}"
    home.mkdir(parents=True)
    try:
        index = SectionIndex.create(home / "index", backend=backend)
    except BackendUnavailableError as e:
        return f"{backend}: {e}"
    store = Store.open(home / "archive.db", create=True)
    results, extractions = [], []
    for copy in range(copies):
        for i, statement in enumerate(statements):
            sha = f"{copy:08x}{i:056x}"
            path = str(home / f"{copy}-{i}.pdf")
            results.append(ExtractionResult(ExtractionJob(sha, path), Outcome.EXTRACTED,
                                            statement=dataclasses.replace(statement, sha256=sha)))
            extractions.append(PlannedExtraction(sha, [FileSeen(path, sha, 1, 0.0)], stored_before=False))

    class Extracted:
        """An executor whose extractions are already done."""

        def run(self, _jobs):
            return iter(results)

    report = ReportBuilder(home=str(home), extractor_version="bench")
    cpu, wall = time.process_time(), time.perf_counter()
    _extract_store_index(extractions, store=store, index=index, options=IngestOptions(), executor=Extracted(),
                         report=report)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    sections = sum(len(s.sections) for s in statements) * copies
    index.close()
    store.close()
    return WriterCeiling(backend, len(results), sections, cpu, wall, dict(report.stage_seconds))


# -- the report --------------------------------------------------------------------------------


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def report_lines(base: Baseline, pages: int, files: int, runs: list[IngestRun], cluster: list[IngestRun] | str,
                 writers: list[WriterCeiling | str]) -> list[str]:
    pps = pages / base.pdftotext_wall
    lines = [
        f"{files} PDFs, {pages} pages, OCR off; {CORES} CPUs, load average {_load()} (wall times follow the load; "
        "the CPU columns do not)",
        f"pdftotext, one process per file:   {base.pdftotext_wall:6.2f} s wall ({pps:6.1f} pages/s)"
        f"  {base.pdftotext_cpu:6.2f} s CPU ({pages / base.pdftotext_cpu:6.1f} pages/s)",
        f"extract() in one warm process:                          {base.extract_cpu:6.2f} s CPU"
        f" ({pages / base.extract_cpu:6.1f} pages/s) = {base.pdftotext_cpu / base.extract_cpu:.2f}x pdftotext;"
        f" first call {base.extract_warmup:.2f} s CPU",
        "",
        f"{'ingest':18} {'backend':8} {'wall s':>7} {'pages/s':>8} {'x pdftotext':>11} | {'CPU s':>6} {'main':>5}"
        f" {'workers':>7} {'x pdftotext':>11} | {'idle wall s':>11} {'x pdftotext':>11} | {'peak MB':>7}",
    ]
    for r in [*runs, *([] if isinstance(cluster, str) else cluster)]:
        target = RATIO_TARGETS.get(r.backend) if r.label == "--jobs 2" else None
        lines.append(
            f"{r.label:18} {r.backend:8} {r.wall:7.2f} {pages / r.wall:8.1f} {base.pdftotext_wall / r.wall:11.2f} |"
            f" {r.cpu:6.2f} {r.cpu_main:5.2f} {r.cpu_workers:7.2f} {base.pdftotext_cpu / r.cpu:11.2f} |"
            f" {r.idle_wall:11.2f} {base.pdftotext_cpu / r.idle_wall:11.2f} | {r.peak_tree_mb:7.0f}"
            + (f"  (target >= {target}x)" if target else ""))
    if isinstance(cluster, str):
        lines.append(cluster)
    lines += [
        f"  idle wall: max(workers' CPU / jobs, main's CPU, all CPU / {CORES} cores), against pdftotext's CPU;"
        f" peak memory target <= {MEMORY_TARGET_MB} MB",
        "  stages (ingest report, s; extraction summed over workers): " + "; ".join(
            f"{r.label} {r.backend}: " + ", ".join(f"{k} {v:.1f}" for k, v in r.stage_seconds.items())
            for r in runs),
        "",
        "the single writer's ceiling (extracted statements stored in SQLite and indexed, no worker running; CPU):",
    ]
    for w in writers:
        if isinstance(w, str):
            lines.append(f"  skipped: {w}")
            continue
        lines.append(f"  {w.backend:8} {w.statements} statements, {w.sections} sections in {w.cpu:.2f} s CPU"
                     f" ({w.wall:.2f} s wall): {w.statements_per_second:6.1f} statements/s,"
                     f" {w.sections_per_second:6.1f} sections/s; " + ", ".join(
                         f"{k} {v:.2f} s" for k, v in w.stage_seconds.items() if k != "extract_in_workers"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages to ingest (fixtures copied until reached)")
    parser.add_argument("--jobs", default="1,2", help="local worker counts, comma-separated")
    parser.add_argument("--cluster-workers", default="1,2",
                        help="LocalCluster sizes to ingest through, comma-separated ('' to skip)")
    parser.add_argument("--backends", default="whoosh,tantivy", help="index backends, comma-separated")
    parser.add_argument("--writer-copies", type=int, default=4,
                        help="copies of the extracted statements the writer's ceiling stores")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext is needed for the baseline: apt-get install poppler-utils")
    sys.path.insert(0, str(REPO))
    from index import backend_available

    backends = [b for b in args.backends.split(",") if b and backend_available(b)]
    jobs = tuple(int(n) for n in args.jobs.split(",") if n.strip())
    sizes = tuple(int(n) for n in args.cluster_workers.split(",") if n.strip())
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the children (and the cluster's workers) inherit this
        os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        pdfs, pages = make_folder(work / "pdfs", pages=args.pages)
        warm_up(pdfs[:4], work / "warm-up", backends)
        wall, cpu = time_pdftotext(pdfs)
        warmup, extracting, statements = extract_all(pdfs)
        base = Baseline(wall, cpu, extracting, warmup)
        runs = bench_local(work / "pdfs", work, pages=pages, backends=backends, jobs=jobs)
        cluster = bench_cluster(work / "pdfs", work, pages=pages, backend=backends[-1], workers=sizes) if sizes else []
        writers = [writer_ceiling(statements, work, backend=b, copies=args.writer_copies) for b in backends]
    if args.json:
        print(json.dumps({"pages": pages, "files": len(pdfs), "baseline": dataclasses.asdict(base),
                          "load_average": os.getloadavg(), "cores": CORES,
                          "runs": [dataclasses.asdict(r) | {"idle_wall": r.idle_wall} for r in runs],
                          "cluster": cluster if isinstance(cluster, str) else [
                              dataclasses.asdict(r) | {"idle_wall": r.idle_wall} for r in cluster],
                          "writer": [w if isinstance(w, str) else dataclasses.asdict(w) for w in writers]}, indent=2))
    else:
        print("\n".join(report_lines(base, pages, len(pdfs), runs, cluster, writers)))


if __name__ == "__main__":
    main()
