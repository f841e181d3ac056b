"""Index build rate, index size, search latency and peak memory: SectionIndex against plain Whoosh.

    python3 bench/search.py                   # 100,000 sections (a few minutes)
    python3 bench/search.py --sections 5000   # a quick run

Sections are synthesised from real multilingual paragraphs (the fixture truth files in
tests/fixtures/statements/, else the seed statement, else generated text), with a share of
their words replaced by variants drawn from a long-tailed vocabulary so that the index has a
realistic number of distinct terms. Both engines index the same sections in the same batches
(one `add` per batch of statements, as ingest does) and answer the same queries, each in its own
process so that its peak RSS is its own.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import re
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index import SectionDoc, SectionIndex  # noqa: E402
from index.whoosh_backend.baseline import PlainWhooshBaseline  # noqa: E402

WORD = re.compile(r"\w+")
SYLLABLES = ("ra", "to", "len", "mi", "sur", "ka", "do", "vel", "tion", "es", "ung", "ar", "ci", "po")
COUNTRIES = ("FR", "ES", "BR", "IT", "DE", "PT", "BE", "CH", "MA", "DZ", "TN", "AR", "US", "GB", "BY", "UA")


@dataclass(frozen=True, slots=True)
class Source:
    lang: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchTimes:
    term_p50_ms: float
    term_p95_ms: float
    phrase_p50_ms: float
    phrase_p95_ms: float
    term_hits: float  # mean hits per query, to show the engines did comparable work
    phrase_hits: float


@dataclass(frozen=True, slots=True)
class EngineResult:
    engine: str
    build_seconds: float
    build_cpu_seconds: float  # user + system: less affected by other processes than wall time
    sections_per_second: float
    index_mb: float
    segments: int
    searches: SearchTimes | None  # timed with both engines interleaved
    rss_after_build_mb: float  # ru_maxrss: includes the memory-mapped index files
    anon_after_build_mb: float  # heap only
    optimize_seconds: float | None = None  # SectionIndex only: after optimize()
    optimized_mb: float | None = None
    optimized_searches: SearchTimes | None = None
    peak_rss_mb: float = 0.0
    peak_anon_mb: float = 0.0


def load_sources() -> tuple[list[Source], list[tuple[str, str]], str]:
    """Sections of real statements and signatory names, and where they came from."""
    truth_files = sorted((REPO / "tests" / "fixtures" / "statements").glob("*.json"))
    truth_files += sorted((REPO / "tests" / "fixtures" / "corpus").glob("*.json"))[:1]
    if not truth_files:
        truth_files = [p for p in [Path("/work/shared/corpus/belarus-2020.json")] if p.exists()]
    sources: list[Source] = []
    names: list[tuple[str, str]] = []
    for path in truth_files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        for section in truth.get("sections", []):
            paragraphs = tuple(p for p in re.split(r"\n\s*\n", section["text"]) if len(p.split()) > 5)
            if paragraphs:
                sources.append(Source(section.get("lang") or "en", section.get("title") or "", paragraphs))
        names += [(s["name"], s.get("acronym") or "") for s in truth.get("signatories", []) if s.get("name")]
    if not sources:
        return [_generated_source(random.Random(0))], [("Union syndicale", "US")], "generated text"
    origin = ", ".join(p.name for p in truth_files)
    return sources, sorted(set(names)) or [("Union syndicale", "US")], origin


def _generated_source(rng: random.Random) -> Source:
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    paragraphs = tuple(" ".join(rng.choice(words) for _ in range(rng.randint(40, 120))) for _ in range(50))
    return Source("en", "generated", paragraphs)


class Synthesiser:
    """Sections built from source paragraphs; 20% of the words become long-tail variants."""

    def __init__(self, sources: list[Source], names: list[tuple[str, str]], rng: random.Random) -> None:
        self._rng = rng
        self._sources = sources
        self._names = names
        self._variants: dict[str, list[str]] = {}
        for source in sources:
            pool = self._variants.setdefault(source.lang, [])
            pool += [w for p in source.paragraphs for w in WORD.findall(p) if len(w) > 3]

    def _variant(self, lang: str) -> str:
        pool = self._variants[lang]
        rank = min(int(self._rng.paretovariate(0.8)), 20000)
        base = pool[(rank * 7919) % len(pool)]
        return base if rank < 3 else base + SYLLABLES[rank % len(SYLLABLES)] + str(rank // len(SYLLABLES))

    def _text(self, source: Source) -> str:
        paragraphs = self._rng.sample(source.paragraphs, k=min(len(source.paragraphs), self._rng.randint(1, 3)))
        words = " ".join(paragraphs).split(" ")
        return " ".join(self._variant(source.lang) if self._rng.random() < 0.2 else w for w in words)

    def statements(self, sections: int) -> Iterator[list[SectionDoc]]:
        """Statements of 3-12 sections until `sections` sections were made."""
        made = number = 0
        while made < sections:
            count = min(self._rng.randint(3, 12), sections - made)
            signers = self._rng.sample(self._names, k=min(len(self._names), self._rng.randint(5, 60)))
            date = f"{self._rng.randint(2015, 2025)}-{self._rng.randint(1, 12):02d}-{self._rng.randint(1, 28):02d}"
            countries = tuple(self._rng.sample(COUNTRIES, k=3))
            docs = []
            for position in range(count):
                source = self._rng.choice(self._sources)
                docs.append(SectionDoc(statement_id=f"{number:064x}", position=position, lang=source.lang,
                                       title=source.title, text=self._text(source), date=date,
                                       org_names=tuple(n for n, _ in signers),
                                       acronyms=tuple(a for _, a in signers if a), countries=countries))
            yield docs
            made += count
            number += 1


def write_corpus(path: Path, *, sections: int, seed: int) -> list[str]:
    """Write synthetic statements as JSON lines; return a sample of their texts for queries."""
    sources, names, origin = load_sources()
    langs = sorted({s.lang for s in sources})
    print(f"sources: {len(sources)} sections ({', '.join(langs)}), {len(names)} names from {origin}", file=sys.stderr)
    rng = random.Random(seed)
    sample: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        for statement in Synthesiser(sources, names, rng).statements(sections):
            out.write(json.dumps([asdict(d) for d in statement], ensure_ascii=False) + "\n")
            if rng.random() < 0.05:
                sample.append(statement[0].text)
    return sample


def make_queries(texts: list[str], *, count: int, seed: int) -> tuple[list[str], list[str]]:
    """Term queries (one word) and phrase queries (2-3 consecutive words) drawn from the texts."""
    rng = random.Random(seed)
    terms: list[str] = []
    phrases: list[str] = []
    while len(terms) < count or len(phrases) < count:
        words = WORD.findall(rng.choice(texts))
        if len(words) < 4:
            continue
        long_words = [w for w in words if len(w) > 3]
        if long_words and len(terms) < count:
            terms.append(rng.choice(long_words))
        start = rng.randrange(len(words) - 3)
        if len(phrases) < count:
            phrases.append('"' + " ".join(words[start : start + rng.choice((2, 3))]) + '"')
    return terms, phrases


def read_batches(path: Path, *, statements_per_batch: int) -> Iterator[list[SectionDoc]]:
    batch: list[SectionDoc] = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, start=1):
            batch += [SectionDoc(**{**d, "org_names": tuple(d["org_names"]), "acronyms": tuple(d["acronyms"]),
                                    "countries": tuple(d["countries"])}) for d in json.loads(line)]
            if n % statements_per_batch == 0:
                yield batch
                batch = []
    if batch:
        yield batch


def _p(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _timed(search, queries: list[str]) -> tuple[list[float], float]:
    for query in queries[:10]:  # warm caches
        search(query)
    times, hits = [], 0
    for query in queries:
        start = time.perf_counter()
        hits += len(search(query))
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times), hits / len(queries)


def time_searches(search, terms: list[str], phrases: list[str]) -> SearchTimes:
    term_times, term_hits = _timed(search, terms)
    phrase_times, phrase_hits = _timed(search, phrases)
    return SearchTimes(statistics.median(term_times), _p(term_times, 0.95), statistics.median(phrase_times),
                       _p(phrase_times, 0.95), term_hits, phrase_hits)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_engine(engine: str, corpus: Path, workdir: Path, terms: list[str], phrases: list[str],
               sections: int, batch: int, optimize: bool) -> EngineResult:
    """Build one engine's index from the corpus (run in a fresh process); searches are timed later."""
    path = workdir / engine
    with AnonymousMemoryPeak() as anonymous:
        index = SectionIndex.open(path) if engine == "section-index" else PlainWhooshBaseline(path)
        start, cpu = time.perf_counter(), _cpu_seconds()
        for docs in read_batches(corpus, statements_per_batch=batch):
            index.add(docs)
        build, build_cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        rss_after_build, anon_after_build = _rss_mb(), anonymous.peak_mb
        result = EngineResult(engine, build, build_cpu, sections / build, _size_mb(path),
                              len(list(path.glob("*.seg"))), None, rss_after_build, anon_after_build)
        if optimize and isinstance(index, SectionIndex):
            start = time.perf_counter()
            index.optimize()
            search = (lambda q: index.search(q, limit=20))
            result = replace(result, optimize_seconds=time.perf_counter() - start, optimized_mb=_size_mb(path),
                             optimized_searches=time_searches(search, terms, phrases))
        index.close()
    return replace(result, peak_rss_mb=_rss_mb(), peak_anon_mb=anonymous.peak_mb)


def interleaved_searches(workdir: Path, terms: list[str], phrases: list[str]) -> tuple[SearchTimes, SearchTimes]:
    """Both engines answer each query in turn, so that load from other processes hits both alike."""
    ours = SectionIndex.open(workdir / "section-index", create=False)
    base = PlainWhooshBaseline(workdir / "plain-whoosh", create=False)
    engines = [lambda q: ours.search(q, limit=20), lambda q: base.search(q, limit=20)]
    times: list[dict[str, list[float]]] = [{"term": [], "phrase": []}, {"term": [], "phrase": []}]
    hits = [{"term": 0, "phrase": 0}, {"term": 0, "phrase": 0}]
    for kind, queries in (("term", terms), ("phrase", phrases)):
        for query in queries[:10]:  # warm caches
            for search in engines:
                search(query)
        for query in queries:
            for n, search in enumerate(engines):
                start = time.perf_counter()
                hits[n][kind] += len(search(query))
                times[n][kind].append((time.perf_counter() - start) * 1000)
    ours.close()
    base.close()

    def summary(n: int) -> SearchTimes:
        term, phrase = sorted(times[n]["term"]), sorted(times[n]["phrase"])
        return SearchTimes(statistics.median(term), _p(term, 0.95), statistics.median(phrase), _p(phrase, 0.95),
                           hits[n]["term"] / len(terms), hits[n]["phrase"] / len(phrases))

    return summary(0), summary(1)


def _in_fresh_process(function, *args):
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def _search_rows(label: str, ours: SearchTimes, base: SearchTimes) -> list[str]:
    rows = []
    for name in ("term_p50_ms", "term_p95_ms", "phrase_p50_ms", "phrase_p95_ms"):
        a, b = getattr(ours, name), getattr(base, name)
        rows.append(f"{label + ' ' + name.replace('_ms', ' (ms)').replace('_', ' '):46}{a:>12.1f}{b:>14.1f}{a / b:>8.2f}x")
    rows.append(f"{label + ' mean hits term/phrase':46}{ours.term_hits:>6.1f}/{ours.phrase_hits:<5.1f}"
                f"{base.term_hits:>8.1f}/{base.phrase_hits:<5.1f}")
    return rows


def report(results: list[EngineResult], *, sections: int, batch: int) -> str:
    ours, base = results
    lines = [f"{sections} sections, add() per {batch} statements",
             f"{'':46}{'SectionIndex':>12}{'plain Whoosh':>14}{'ratio':>9}"]

    def row(label: str, a: float, b: float, fmt: str = "{:.1f}") -> None:
        lines.append(f"{label:46}{fmt.format(a):>12}{fmt.format(b):>14}{a / b:>8.2f}x")

    row("build seconds (wall)", ours.build_seconds, base.build_seconds)
    row("build CPU seconds", ours.build_cpu_seconds, base.build_cpu_seconds)
    row("build rate (sections/s)", ours.sections_per_second, base.sections_per_second, "{:.0f}")
    row("index size as built (MB)", ours.index_mb, base.index_mb)
    row("segments as built", ours.segments, base.segments, "{:.0f}")
    lines += _search_rows("as built, interleaved:", ours.searches, base.searches)
    if ours.optimized_searches is not None:
        lines.append(f"{'optimize() seconds':46}{ours.optimize_seconds:>12.1f}")
        row("index size optimized (MB)", ours.optimized_mb, base.index_mb)
        lines += _search_rows("optimized:", ours.optimized_searches, base.searches)
    row("peak RSS during build (MB, incl. mapped files)", ours.rss_after_build_mb, base.rss_after_build_mb, "{:.0f}")
    row("peak anonymous RSS during build (MB)", ours.anon_after_build_mb, base.anon_after_build_mb, "{:.0f}")
    row("peak RSS, whole run (MB)", ours.peak_rss_mb, base.peak_rss_mb, "{:.0f}")
    row("peak anonymous RSS, whole run (MB)", ours.peak_anon_mb, base.peak_anon_mb, "{:.0f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="queries of each kind")
    parser.add_argument("--batch", type=int, default=50, help="statements per add() call")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--optimize", action="store_true",
                        help="also time optimize() and searches after it (slow; gained nothing at 20k sections)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus.jsonl"
        terms, phrases = make_queries(write_corpus(corpus, sections=args.sections, seed=args.seed),
                                      count=args.queries, seed=args.seed)
        results = [
            _in_fresh_process(run_engine, engine, corpus, workdir, terms, phrases, args.sections, args.batch,
                              args.optimize)
            for engine in ("section-index", "plain-whoosh")
        ]
        searches = _in_fresh_process(interleaved_searches, workdir, terms, phrases)
        results = [replace(result, searches=times) for result, times in zip(results, searches)]
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(report(results, sections=args.sections, batch=args.batch))


if __name__ == "__main__":
    main()
