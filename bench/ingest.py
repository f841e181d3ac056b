"""End-to-end ingest throughput and memory against pdftotext, in one run on the same PDFs.

    python3 bench/ingest.py                         # ~300 pages, then search latency on 100,000 sections
    python3 bench/ingest.py --pages 120 --search-sections 0   # quick: ingest only

The PDFs are the text fixtures (tests/fixtures/statements and corpus, scans excluded), copied with a
comment appended after %%EOF so that every copy is a distinct document, until there are --pages pages.
Baseline: `pdftotext` over the same files, one process, one file after another; for reference also
`extract()` alone in one warm process (what a worker spends per file) and its first-call warm-up. Ingest: `archive ingest
--jobs N` in a subprocess (a fresh archive, OCR off), timed from start to exit: discovery, hashing, worker
start-up, extraction, SQLite and index writes. Peak memory: the largest sum of the resident sets of the
ingest process and all its descendants, sampled from /proc every 20 ms (Linux), and each process's own peak.
Cluster rows (--cluster-workers, needs `distributed`): the same ingest with `--scheduler` through a
loopback `distributed.LocalCluster` of 1 and 2 single-threaded worker processes, started (not timed)
before each run, as a long-lived cluster would be; the workers' first-file warm-up is timed.
If bench/search.py is present, it runs too (--search-sections): search latency p50/p95 for term
and phrase queries and the index build rate, SectionIndex against plain Whoosh.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True, slots=True)
class IngestResult:
    files: int
    pages: int
    jobs: int
    pdftotext_seconds: float
    extract_warmup_seconds: float  # first extract() of a process: imports, language model, country tables
    extract_seconds: float  # extract() of every file in one warm process, OCR off
    ingest_seconds: float
    reingest_seconds: float  # the same folder again: everything already present
    peak_tree_rss_mb: float  # largest sum over the ingest's process tree at one moment
    peak_process_rss_mb: float  # largest single process (ru_maxrss of the children)
    counts: dict
    stage_seconds: dict  # as the ingest report gives them

    @property
    def pdftotext_pages_per_second(self) -> float:
        return self.pages / self.pdftotext_seconds

    @property
    def ingest_pages_per_second(self) -> float:
        return self.pages / self.ingest_seconds

    @property
    def extract_pages_per_second(self) -> float:
        return self.pages / self.extract_seconds

    @property
    def ratio(self) -> float:
        return self.ingest_pages_per_second / self.pdftotext_pages_per_second


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def make_folder(folder: Path, *, pages: int) -> tuple[list[Path], int]:
    """Distinct copies of the text fixtures until `pages` pages."""
    sources = sorted((FIXTURES / "statements").glob("*.pdf")) + [
        p for p in sorted((FIXTURES / "corpus").glob("*.pdf")) if "scan" not in p.name]
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


def time_pdftotext(pdfs: list[Path]) -> float:
    started = time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_extract(pdfs: list[Path]) -> tuple[float, float]:
    """(warm-up, seconds) of the extractor alone in this process: what the workers spend per file."""
    sys.path.insert(0, str(REPO))
    from extractor import ExtractOptions, extract

    options = ExtractOptions(ocr="never")
    started = time.perf_counter()
    extract(pdfs[0], options)
    warmup = time.perf_counter() - started
    started = time.perf_counter()
    for pdf in pdfs:
        extract(pdf, options)
    return warmup, time.perf_counter() - started


def _descendants_rss(root: int) -> int:
    """Sum of resident pages of `root` and every process below it (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [c for c, p in parents.items() if p == pid and c not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) * PAGE_SIZE


def run_ingest(home: Path, folder: Path, *, jobs: int, scheduler: str | None = None) -> tuple[float, float, dict]:
    """Wall seconds, peak tree RSS (bytes) and the JSON report of one `archive ingest` (on a cluster if `scheduler`)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    where = ["--scheduler", scheduler] if scheduler else ["--jobs", str(jobs)]
    command = [sys.executable, "-m", "archive", "--home", str(home), "ingest", str(folder),
               *where, "--ocr", "never", "--json"]
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            if Path("/proc").is_dir():
                peak = max(peak, _descendants_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"archive ingest failed: {err.decode().strip()}")
    return seconds, peak, json.loads(out)


def bench_ingest(*, pages: int, jobs: int) -> IngestResult:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        pdfs, total = make_folder(Path(tmp) / "pdfs", pages=pages)
        baseline = time_pdftotext(pdfs)
        seconds, peak, report = run_ingest(Path(tmp) / "home", Path(tmp) / "pdfs", jobs=jobs)
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        again, _, _ = run_ingest(Path(tmp) / "home", Path(tmp) / "pdfs", jobs=jobs)
        warmup, extracting = time_extract(pdfs)
    counts = {k: v for k, v in report["counts"].items() if v}
    return IngestResult(len(pdfs), total, jobs, baseline, warmup, extracting, seconds, again, peak / 2**20,
                        largest, counts, report.get("stage_seconds", {}))


@dataclass(frozen=True, slots=True)
class ClusterResult:
    workers: int
    pages: int
    pdftotext_seconds: float
    ingest_seconds: float
    stage_seconds: dict

    @property
    def ingest_pages_per_second(self) -> float:
        return self.pages / self.ingest_seconds

    @property
    def ratio(self) -> float:
        return self.pdftotext_seconds / self.ingest_seconds


def bench_cluster(*, pages: int, workers: tuple[int, ...]) -> list[ClusterResult] | str:
    """`archive ingest --scheduler` through a loopback LocalCluster of each size, or why it was skipped."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return "cluster rows skipped: distributed is not installed (pip install 'statement-archive[cluster]')"
    sys.path.insert(0, str(REPO))  # the scheduler, in this process, unpickles the archive's tasks
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        pdfs, total = make_folder(Path(tmp) / "pdfs", pages=pages)
        baseline = time_pdftotext(pdfs)
        for n in workers:
            with LocalCluster(n_workers=n, processes=True, threads_per_worker=1, host="127.0.0.1",
                              dashboard_address=None) as cluster:
                seconds, _, report = run_ingest(Path(tmp) / f"home-{n}", Path(tmp) / "pdfs", jobs=n,
                                                scheduler=cluster.scheduler_address)
            results.append(ClusterResult(n, total, baseline, seconds, report.get("stage_seconds", {})))
    return results


def report_cluster(results: list[ClusterResult] | str) -> str:
    if isinstance(results, str):
        return results
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    lines = [f"through a loopback LocalCluster (OCR off, {results[0].pages} pages, worker start-up not timed;"
             f" load average now {load} on {os.cpu_count()} CPUs):"]
    for r in results:
        lines.append(f"  {r.workers} worker{'s' if r.workers > 1 else ' '}: {r.ingest_seconds:7.2f} s"
                     f"  {r.ingest_pages_per_second:7.1f} pages/s  = {r.ratio:.2f}x pdftotext"
                     f" ({r.pages / r.pdftotext_seconds:.1f} pages/s); stages: "
                     + ", ".join(f"{k} {v:.1f} s" for k, v in r.stage_seconds.items()))
    return "\n".join(lines)


def bench_search(sections: int, *, queries: int, as_json: bool) -> str | None:
    """bench/search.py's latency benchmark (SectionIndex against plain Whoosh), run as its own script."""
    script = Path(__file__).with_name("search.py")
    if sections <= 0 or not script.exists():
        return None
    command = [sys.executable, str(script), "--sections", str(sections), "--queries", str(queries)]
    done = subprocess.run(command + (["--json"] if as_json else []), cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        return f"bench/search.py failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    return done.stdout.strip()


def report_ingest(result: IngestResult) -> str:
    return "\n".join([
        f"{result.files} PDFs, {result.pages} pages; ingest --jobs {result.jobs}, OCR off",
        f"  pdftotext, one process:   {result.pdftotext_seconds:7.2f} s  {result.pdftotext_pages_per_second:7.1f} pages/s",
        f"  extract(), one warm process: {result.extract_seconds:4.2f} s  {result.extract_pages_per_second:7.1f} pages/s"
        f"  (first call of a process: {result.extract_warmup_seconds:.1f} s)",
        f"  archive ingest:           {result.ingest_seconds:7.2f} s  {result.ingest_pages_per_second:7.1f} pages/s"
        f"  = {result.ratio:.2f}x pdftotext (target >= 1.0x),"
        f" {result.ingest_pages_per_second / result.extract_pages_per_second:.2f}x one warm extract() process",
        "  stages (from the ingest report; extraction summed over workers, incl. their warm-up; the index"
        " is written in its own thread alongside): " + ", ".join(f"{k} {v:.1f} s" for k, v in result.stage_seconds.items()),
        f"  re-ingest, all present:   {result.reingest_seconds:7.2f} s",
        f"  peak memory, all ingest processes together: {result.peak_tree_rss_mb:.0f} MB (target <= 1024 MB);"
        f" largest single process {result.peak_process_rss_mb:.0f} MB",
        f"  outcomes: {result.counts}",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages to ingest (fixtures copied until reached)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cluster-workers", default="1,2",
                        help="LocalCluster sizes to ingest through, comma-separated ('' to skip)")
    parser.add_argument("--search-sections", type=int, default=100_000, help="0 to skip the search benchmark")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext is needed for the baseline: apt-get install poppler-utils")
    result = bench_ingest(pages=args.pages, jobs=args.jobs)
    if not args.json:
        print(report_ingest(result), flush=True)
    sizes = tuple(int(n) for n in args.cluster_workers.split(",") if n.strip())
    cluster = bench_cluster(pages=args.pages, workers=sizes) if sizes else []
    if not args.json and sizes:
        print(report_cluster(cluster), flush=True)
    search = bench_search(args.search_sections, queries=args.queries, as_json=args.json)
    if args.json:
        search_data = json.loads(search) if search and search.startswith("[") else search
        print(json.dumps(asdict(result) | {"ingest_pages_per_second": result.ingest_pages_per_second,
                                           "extract_pages_per_second": result.extract_pages_per_second,
                                           "pdftotext_pages_per_second": result.pdftotext_pages_per_second,
                                           "ratio": result.ratio, "search": search_data,
                                           "cluster": cluster if isinstance(cluster, str) else [
                                               asdict(c) | {"ingest_pages_per_second": c.ingest_pages_per_second,
                                                            "ratio": c.ratio} for c in cluster]}, indent=2))
    elif search:
        print(f"\nsearch latency over {args.search_sections} synthetic sections (bench/search.py):\n{search}")

if __name__ == "__main__":
    main()
