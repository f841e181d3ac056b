"""Statement-level queries (`archive search`'s evaluation) on both backends: each leaf as a set, against each leaf's hits.

    python3 bench/statement_search.py                              # 100,000 sections, both backends
    python3 bench/statement_search.py --sections 20000 --backends whoosh --keep /tmp/statement-bench

The sections are bench/search.py's synthetic corpus. For each query, in one process per backend:
"leaf hits" is how statement-level search asked the index before (every section hit of each
leaf, with its snippet: `search(leaf, limit=all sections)`); "leaf sets" is how it asks now
(`statement_scores(leaf)`: statement ids and best scores, no snippets or stored fields). Both are
then combined by archive/query's `evaluate`; "sections shown" adds the matching sections of the
10 best statements, as `archive search` shows them. Times are CPU time of the searching thread;
the ratio old/new is what to read (other processes' load affects both alike).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import search as corpus_bench  # noqa: E402  (bench/search.py: the synthetic corpus)
from archive.query import evaluate, leaves, positive_text_leaves  # noqa: E402
from index import SearchFilters, SectionIndex, backend_available, parse_query  # noqa: E402

QUERIES = ("strike AND dockers", "strike NOT dockers", "grève OR huelga", '"general strike" AND solidarity',
           "workers AND lang:fr")
SHOWN = 10  # statements shown, as `archive search --limit 10`
SECTIONS_SHOWN = 4  # matching sections shown per statement (archive.search.SECTIONS_SHOWN)


def _old_leaf(index: SectionIndex, leaf) -> dict[str, float]:
    """Before: every section hit of the leaf, snippets and all, folded into best score per statement."""
    best: dict[str, float] = {}
    for hit in index.search(leaf, limit=max(1, index.section_count())):
        best[hit.statement_id] = max(best.get(hit.statement_id, 0.0), hit.score)
    return best


def _evaluate(index: SectionIndex, query: str, universe: set[str], *, old: bool) -> dict[str, float]:
    tree = parse_query(query)
    found = {(leaf, negated): _old_leaf(index, leaf) if old else index.statement_scores(leaf)
             for leaf, negated in dict.fromkeys(leaves(tree))}
    return evaluate(tree, found, universe)


def _sections_shown(index: SectionIndex, query: str, scores: dict[str, float]) -> int:
    matched = positive_text_leaves(parse_query(query))
    shown = sorted(scores, key=lambda sid: (-scores[sid], sid))[:SHOWN]
    if matched is None:
        return 0
    return len(index.search(matched, filters=SearchFilters(statements=tuple(shown)),
                            limit=len(shown) * SECTIONS_SHOWN, per_statement=SECTIONS_SHOWN))


def _cpu_ms(function, *, runs: int) -> tuple[float, object]:
    """Median CPU time of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.thread_time()
        result = function()
        times.append((time.thread_time() - started) * 1000)
    return statistics.median(times), result


def measure(engine: str, path: Path, *, runs: int) -> list[str]:
    lines = []
    with SectionIndex.open(path, backend=engine, create=False) as index:
        universe = index.statement_ids()
        lines.append(f"{engine}: {index.section_count()} sections, {len(universe)} statements")
        lines.append(f"  {'query':34}{'statements':>11}{'leaf hits ms':>14}{'leaf sets ms':>14}{'ratio':>8}"
                     f"{'+ sections shown ms':>21}")
        for query in QUERIES:
            old_ms, old = _cpu_ms(lambda: _evaluate(index, query, universe, old=True), runs=runs)
            new_ms, new = _cpu_ms(lambda: _evaluate(index, query, universe, old=False), runs=runs)
            if old.keys() != new.keys():
                raise SystemExit(f"{engine}: {query!r} matched other statements as sets than as hits")
            shown_ms, _ = _cpu_ms(lambda: _sections_shown(index, query, new), runs=runs)
            lines.append(f"  {query:34}{len(new):>11}{old_ms:>14.1f}{new_ms:>14.1f}{old_ms / max(new_ms, 1e-3):>8.1f}"
                         f"{new_ms + shown_ms:>21.1f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=50, help="statements per add() call")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--backends", default="whoosh,tantivy", help="comma-separated: whoosh, tantivy")
    parser.add_argument("--runs", type=int, default=3, help="each time is the median of this many")
    parser.add_argument("--keep", type=Path, help="build the indexes in this folder, reuse them when there")
    args = parser.parse_args()
    engines = [e for e in args.backends.split(",") if e and backend_available(e)]
    with tempfile.TemporaryDirectory(prefix="bench-statements-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        corpus = workdir / f"corpus-{args.sections}-{args.seed}.jsonl"
        if not corpus.exists():
            corpus_bench.write_corpus(corpus, sections=args.sections, seed=args.seed)
        for engine in engines:
            path = workdir / f"{engine}-{args.sections}-{args.seed}"
            built = path / "bench-built"  # written once the whole corpus is in
            if not built.exists() or SectionIndex.needs_rebuild(path, backend=engine):
                print(f"building {engine} ...", file=sys.stderr)
                started = time.process_time()
                with SectionIndex.create(path, backend=engine) as index:
                    for docs in corpus_bench.read_batches(corpus, statements_per_batch=args.batch):
                        index.add(docs)
                    index.optimize()
                built.write_text(f"{time.process_time() - started:.0f} CPU seconds\n", encoding="utf-8")
            print("\n".join(measure(engine, path, runs=args.runs)), flush=True)


if __name__ == "__main__":
    main()
