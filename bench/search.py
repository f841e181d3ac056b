"""Index build time, size, search latency and peak memory: the Whoosh and tantivy backends of SectionIndex.

    python3 bench/search.py                          # 100,000 sections, both backends
    python3 bench/search.py --sections 20000 --backends whoosh --baseline
    python3 bench/search.py --keep /tmp/bench        # build once, then search again with changed code

Sections are synthesised from real multilingual paragraphs (the fixture truth files in
tests/fixtures/statements/, else the seed statement, else generated text), with a share of
their words replaced by variants drawn from a long-tailed vocabulary so that the index has a
realistic number of distinct terms. Every engine indexes the same sections in the same batches
(one `add` per batch of statements, as ingest does), each in a fresh process so that its peak
memory is its own; then, in another fresh process per engine, it answers the same queries:
one word, two words (AND), a 2-3 word phrase, a word with a `--lang` filter and a word with an
`--org` filter. The first query of that process is timed apart (cold open: imports excluded),
with the heap it grew by; then a whole new process imports `index`, opens it and searches
once (cold search). Latencies are given in wall time and in CPU time of the searching thread,
which other processes on a shared machine do not inflate; the load average is printed.
`--baseline` adds plain Whoosh (one field, default analysis) as the reference a first Whoosh
integration would be. `--keep DIR` keeps the corpus and the indexes (building 100,000 sections
with Whoosh takes about 20 minutes of CPU) and reuses them, with their build figures, in later
runs with the same --sections, --seed and --batch.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.settings import INDEX_BATCH  # noqa: E402
from index import SearchFilters, SectionIndex, backend_available  # noqa: E402
from search_corpus import KINDS, Query, make_queries, read_batches, write_corpus  # noqa: E402 (bench/)

GOALS_MS = {"tantivy": {"term": 5, "phrase": 20, "lang": 10, "org": 10}, "whoosh": {"term": 50, "phrase": 50}}
GOAL_BUILD_SECONDS = {"tantivy": 120}
GOAL_COLD_MS = {"tantivy": 300}  # a whole `archive search`-like process: imports, open, one search


@dataclass(frozen=True, slots=True)
class Latency:
    p50_ms: float
    p95_ms: float
    cpu_p50_ms: float  # CPU time of the searching thread: what other processes' load does not inflate
    cpu_p95_ms: float
    mean_hits: float  # to show the engines did comparable work


@dataclass(frozen=True, slots=True)
class BuildResult:
    engine: str
    build_seconds: float
    build_cpu_seconds: float  # user + system: less affected by other processes than wall time
    index_mb: float
    peak_rss_mb: float  # ru_maxrss: includes memory-mapped index files
    peak_anon_mb: float  # heap only


@dataclass(frozen=True, slots=True)
class SearchResult:
    engine: str
    first_query_ms: float  # open + first search in a fresh process (imports excluded)
    first_query_heap_mb: float  # anonymous memory the open and first search added
    latency: dict[str, Latency] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    peak_anon_mb: float = 0.0


class AnonymousMemoryPeak:
    """Samples RssAnon (heap, not the memory-mapped index files that ru_maxrss also counts)."""

    def __init__(self, *, interval: float = 0.05) -> None:
        self.peak_mb = 0.0
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "AnonymousMemoryPeak":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        status = Path("/proc/self/status")
        while not self._stop.is_set():
            for line in status.read_text().splitlines():
                if line.startswith("RssAnon:"):
                    self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)
            self._stop.wait(self._interval)


def _p(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _anon_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _Baseline:
    """Plain Whoosh behind the same calls as SectionIndex (filters ignored: it has no such fields)."""

    def __init__(self, path: Path, *, create: bool) -> None:
        from index.whoosh_backend.baseline import PlainWhooshBaseline

        self._index = PlainWhooshBaseline(path, create=create)

    def add(self, docs) -> None:
        self._index.add(docs)

    def search(self, query: str, *, filters: SearchFilters = SearchFilters(), limit: int = 20) -> list:
        return self._index.search(query, limit=limit)

    def close(self) -> None:
        self._index.close()


def _open(engine: str, path: Path, *, create: bool):
    if engine == "plain-whoosh":
        return _Baseline(path, create=create)
    return SectionIndex.open(path, backend=engine, create=create)


def build(engine: str, corpus: Path, workdir: Path, batch: int) -> BuildResult:
    """Build one engine's index from the corpus (run in a fresh process)."""
    path = workdir / engine
    shutil.rmtree(path, ignore_errors=True)
    with AnonymousMemoryPeak() as anonymous:
        index = _open(engine, path, create=True)
        start, cpu = time.perf_counter(), _cpu_seconds()
        for docs in read_batches(corpus, statements_per_batch=batch):
            index.add(docs)
        index.close()
        seconds, cpu_seconds = time.perf_counter() - start, _cpu_seconds() - cpu
    return BuildResult(engine, seconds, cpu_seconds, _size_mb(path), _rss_mb(), anonymous.peak_mb)


def search(engine: str, workdir: Path, queries: dict[str, list[Query]], limit: int) -> SearchResult:
    """Open the index in a fresh process, time the first query apart, then every kind of query."""
    path = workdir / engine
    with AnonymousMemoryPeak() as anonymous:
        heap_before, start = _anon_mb(), time.perf_counter()
        index = _open(engine, path, create=False)
        first = queries["term"][0]
        index.search(first.text, limit=limit)
        first_ms, first_heap = (time.perf_counter() - start) * 1000, _anon_mb() - heap_before
        latency = {}
        for kind, batch in queries.items():
            if engine == "plain-whoosh" and kind in ("lang", "org"):
                continue
            latency[kind] = _timed(index, batch, limit=limit)
        index.close()
    return SearchResult(engine, first_ms, first_heap, latency, _rss_mb(), anonymous.peak_mb)


def _timed(index, batch: list[Query], *, limit: int) -> Latency:
    def run(query: Query) -> int:
        return len(index.search(query.text, filters=SearchFilters(langs=query.langs, orgs=query.orgs), limit=limit))

    for query in batch[:10]:  # warm caches
        run(query)
    times, cpu_times, hits = [], [], 0
    for query in batch:
        started, cpu_started = time.perf_counter(), time.thread_time()
        hits += run(query)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.thread_time() - cpu_started) * 1000)
    times.sort()
    cpu_times.sort()
    return Latency(statistics.median(times), _p(times, 0.95), statistics.median(cpu_times), _p(cpu_times, 0.95),
                   hits / len(batch))


_COLD_SEARCH = (
    "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; from index import SectionIndex; "
    "SectionIndex.open(Path(sys.argv[2]), create=False).search(sys.argv[3], limit=20)"
)


def cold_search_seconds(engine: str, workdir: Path, query: str, *, runs: int = 5) -> tuple[float, float]:
    """Median wall and CPU time (user + system) of a whole new Python process that imports `index`,
    opens it and searches once."""
    times, cpu_times = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _children_cpu_seconds()
        subprocess.run([sys.executable, "-c", _COLD_SEARCH, str(REPO), str(workdir / engine), query], check=True)
        times.append(time.perf_counter() - start)
        cpu_times.append(_children_cpu_seconds() - cpu)
    return statistics.median(times), statistics.median(cpu_times)


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _corpus(workdir: Path, *, sections: int, seed: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The corpus in `workdir` (written unless kept from an earlier run) and its query material."""
    corpus, material = workdir / "corpus.jsonl", workdir / "queries.json"
    if corpus.exists() and material.exists():
        sample, orgs = json.loads(material.read_text(encoding="utf-8"))
        return [tuple(pair) for pair in sample], orgs
    sample, orgs = write_corpus(corpus, sections=sections, seed=seed)
    material.write_text(json.dumps([sample, orgs], ensure_ascii=False), encoding="utf-8")
    return sample, orgs


def _kept_build(workdir: Path, engine: str) -> BuildResult | None:
    """The figures of an index built in `workdir` by an earlier run, if it is there."""
    figures = workdir / f"{engine}.build.json"
    if not figures.exists() or not (workdir / engine).is_dir():
        return None
    return BuildResult(**json.loads(figures.read_text(encoding="utf-8")))


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _in_fresh_process(function, *args):
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def report(builds: list[BuildResult], searches: list[SearchResult], cold: dict[str, tuple[float, float]], *,
           sections: int, batch: int) -> str:
    engines = [b.engine for b in builds]
    lines = [f"{sections} sections, add() per {batch} statements", f"{'':40}" + "".join(f"{e:>15}" for e in engines)]

    def row(label: str, values: list[float | None], fmt: str = "{:.1f}") -> None:
        lines.append(f"{label:40}" + "".join(f"{fmt.format(v) if v is not None else '-':>15}" for v in values))

    row("build seconds (wall)", [b.build_seconds for b in builds])
    row("build CPU seconds", [b.build_cpu_seconds for b in builds])
    row("build rate (sections/s)", [sections / b.build_seconds for b in builds], "{:.0f}")
    row("index size on disk (MB)", [b.index_mb for b in builds])
    row("peak RSS during build (MB)", [b.peak_rss_mb for b in builds], "{:.0f}")
    row("peak anonymous RSS during build (MB)", [b.peak_anon_mb for b in builds], "{:.0f}")
    row("first query, fresh process (ms)", [s.first_query_ms for s in searches])
    row("heap added by open + first query (MB)", [s.first_query_heap_mb for s in searches])
    row("cold search process, wall (ms)", [cold[e][0] * 1000 if e in cold else None for e in engines], "{:.0f}")
    row("cold search process, CPU (ms)", [cold[e][1] * 1000 if e in cold else None for e in engines], "{:.0f}")
    for kind in KINDS:
        for stat in ("p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms"):
            row(f"{kind} {stat.replace('_ms', '').replace('_', ' ')} (ms)",
                [getattr(s.latency[kind], stat) if kind in s.latency else None for s in searches], "{:.2f}")
        row(f"{kind} mean hits", [s.latency[kind].mean_hits if kind in s.latency else None for s in searches])
    row("peak RSS while searching (MB)", [s.peak_rss_mb for s in searches], "{:.0f}")
    row("peak anonymous RSS while searching (MB)", [s.peak_anon_mb for s in searches], "{:.0f}")
    lines.append("goals (wall; CPU when other processes load the machine):\n  " + "\n  ".join(_goal_lines(builds, searches, cold)))
    return "\n".join(lines)


def _goal_lines(builds: list[BuildResult], searches: list[SearchResult],
                cold: dict[str, tuple[float, float]]) -> list[str]:
    out = []
    for engine, (wall, cpu) in cold.items():
        goal = GOAL_COLD_MS.get(engine)
        if goal:
            out.append(f"{engine} cold search {wall * 1000:.0f} (CPU {cpu * 1000:.0f}) <= {goal} ms "
                       f"{'ok' if wall * 1000 <= goal else 'ok in CPU time' if cpu * 1000 <= goal else 'MISSED'}")
    for result in searches:
        for kind, goal in GOALS_MS.get(result.engine, {}).items():
            got, cpu = result.latency[kind].p95_ms, result.latency[kind].cpu_p95_ms
            out.append(f"{result.engine} {kind} p95 {got:.1f} (CPU {cpu:.1f}) <= {goal} ms "
                       f"{_verdict(got, cpu, goal)}")
    for result in builds:
        goal = GOAL_BUILD_SECONDS.get(result.engine)
        if goal:
            got, cpu = result.build_seconds, result.build_cpu_seconds
            out.append(f"{result.engine} build {got:.0f} (CPU {cpu:.0f}) <= {goal} s "
                       f"{_verdict(got, cpu, goal)}")
    return out


def _verdict(got: float, cpu: float, goal: float) -> str:
    return "ok" if got <= goal else "ok in CPU time" if cpu <= goal else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="queries of each kind")
    parser.add_argument("--batch", type=int, default=INDEX_BATCH, help="statements per add() call (default: as ingest)")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--limit", type=int, default=20, help="hits asked for per query")
    parser.add_argument("--backends", default="whoosh,tantivy", help="comma-separated: whoosh, tantivy")
    parser.add_argument("--baseline", action="store_true", help="also plain Whoosh (slow to build at 100k)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the corpus and indexes in DIR and reuse those already built there "
                             "with the same --sections, --seed and --batch (their build figures are reused too)")
    parser.add_argument("--rebuild", default="", help="with --keep: comma-separated engines to build again")
    args = parser.parse_args()
    engines = [e for e in args.backends.split(",") if e and backend_available(e)]
    engines += ["plain-whoosh"] if args.baseline else []
    with contextlib.ExitStack() as stack:
        if args.keep:
            workdir = args.keep / f"s{args.sections}-seed{args.seed}-batch{args.batch}"
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-search-")))
        sample, orgs = _corpus(workdir, sections=args.sections, seed=args.seed)
        queries = make_queries(sample, orgs, count=args.queries, seed=args.seed)
        builds, searches, cold = [], [], {}
        rebuild = set(args.rebuild.split(","))
        for engine in engines:
            built = _kept_build(workdir, engine) if args.keep and engine not in rebuild else None
            if built is None:
                print(f"building {engine} ...", file=sys.stderr)
                built = _in_fresh_process(build, engine, workdir / "corpus.jsonl", workdir, args.batch)
                (workdir / f"{engine}.build.json").write_text(json.dumps(asdict(built)), encoding="utf-8")
            else:
                print(f"reusing {workdir / engine}", file=sys.stderr)
            builds.append(built)
        print(f"searching (load average {_load()}) ...", file=sys.stderr)
        for engine in engines:
            searches.append(_in_fresh_process(search, engine, workdir, queries, args.limit))
            if engine != "plain-whoosh":
                cold[engine] = cold_search_seconds(engine, workdir, queries["term"][1].text)
    if args.json:
        print(json.dumps({"sections": args.sections, "builds": [asdict(b) for b in builds],
                          "searches": [asdict(s) for s in searches], "cold_search_seconds": cold}, indent=2))
    else:
        print(report(builds, searches, cold, sections=args.sections, batch=args.batch))
        print(f"load average after: {_load()} (2 cores shared: compare CPU times)")


if __name__ == "__main__":
    main()
