"""Fuzz: mutants of the fixture PDFs through extract() in worker processes with a time and memory limit.

    python3 bench/fuzz.py [--count 1000] [--seed 11] [--timeout 60] [--memory-limit 2048] [--jobs 2]
                          [--ocr never] [--keep DIR]

Mutants come from tests/fixtures/hostile/mutate.py (byte flips, truncations, xref damage, /Length
lies, changed numbers in an uncompressed copy), the same ones for the same seed. Each runs in
archive's extraction workers, as `archive ingest` runs files. Every outcome is counted as:
ok; clean error (an ExtractionError, one line); traceback (any other exception: an extractor bug);
crash (the worker died); hang (past the time limit); memory (past the memory limit: "too large").
The last four should be 0. With --keep, the mutants that are not ok or clean errors are written to DIR.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "hostile"))

from archive.limits import DEFAULT_MEMORY_LIMIT_MB  # noqa: E402
from archive.outcome import Outcome  # noqa: E402
from archive.workers import ExtractionJob, run_extractions  # noqa: E402
from extractor import OCR_MODES, ExtractOptions  # noqa: E402
from mutate import mutants, seed_files  # noqa: E402

OUTCOMES = ("ok", "clean error", "traceback", "crash", "hang", "memory")


def outcome(kind: str, reason: str | None) -> str:
    """Which of OUTCOMES a worker's result is."""
    reason = reason or ""
    if kind == Outcome.EXTRACTED:
        return "ok"
    if kind == Outcome.TIMED_OUT:
        return "hang"
    if kind == Outcome.CRASHED:
        return "crash"
    if "too large" in reason:
        return "memory"
    if kind == Outcome.FAILED and "extractor error:" in reason:
        return "traceback"
    if kind in (Outcome.FAILED, Outcome.NEEDS_OCR) and "\n" not in reason:
        return "clean error"
    return "traceback"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant")
    parser.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_LIMIT_MB, help="MB per worker")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ocr", choices=OCR_MODES, default="never")
    parser.add_argument("--keep", type=Path, help="write the mutants that went wrong into this folder")
    args = parser.parse_args()

    seeds = seed_files(ROOT / "tests" / "fixtures")
    counts: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    slowest: list[tuple[float, str]] = []
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        jobs, kinds = [], {}
        for mutant in mutants(seeds, args.count, seed=args.seed):
            path = Path(folder) / mutant.name
            path.write_bytes(mutant.data)
            jobs.append(ExtractionJob(sha256=mutant.name, path=str(path)))
            kinds[str(path)] = mutant.kind
        started = time.monotonic()
        results = run_extractions(jobs, options=ExtractOptions(ocr=args.ocr), workers=args.jobs,
                                  timeout=args.timeout, memory_limit_mb=args.memory_limit)
        for result in results:
            found = outcome(result.kind, result.reason)
            counts[found] += 1
            by_kind[(kinds[result.job.path], found)] += 1
            slowest.append((result.seconds, Path(result.job.path).name))
            if found not in ("ok", "clean error"):
                print(f"{found}: {result.reason}", file=sys.stderr)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / Path(result.job.path).name).write_bytes(Path(result.job.path).read_bytes())
        wall = time.monotonic() - started

    print(f"{args.count} mutants of {len(seeds)} fixture PDFs (seed {args.seed}), {args.jobs} workers, "
          f"{args.timeout:g} s and {args.memory_limit} MB each, OCR {args.ocr}: {wall:.0f} s")
    for name in OUTCOMES:
        print(f"  {name:<12} {counts[name]:>5}")
    print("by mutation:")
    for kind in sorted({k for k, _ in by_kind}):
        row = "  ".join(f"{name} {by_kind[(kind, name)]}" for name in OUTCOMES if by_kind[(kind, name)])
        print(f"  {kind:<9} {row}")
    print("slowest: " + ", ".join(f"{name} {seconds:.1f} s" for seconds, name in sorted(slowest)[-3:][::-1]))


if __name__ == "__main__":
    main()
