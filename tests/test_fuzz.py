"""Seeded fuzzing: mutants of the fixture PDFs give a statement or a one-line error, in bounded time and memory.

A bounded count runs here (bench/fuzz.py runs 1,000). The mutants (tests/fixtures/hostile/mutate.py)
are byte flips, truncations, xref damage, /Length lies and changed numbers in an uncompressed copy;
each is extracted in archive's worker processes under a time and a memory limit.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from archive.outcome import Outcome
from archive.workers import ExtractionJob, run_extractions
from extractor import ExtractOptions
from extractor.readers import read_pages

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES / "hostile"))
import mutate  # noqa: E402 - the mutator lives with the hostile fixtures

MUTANTS = 40  # a CI-sized sample; the bench runs 1,000
SEED = 20261201
TIME_LIMIT = 60.0  # seconds per mutant: the slowest fixture takes a few
MEMORY_LIMIT_MB = 1024


def test_an_uncompressed_copy_reads_the_same(tmp_path: Path) -> None:
    original = FIXTURES / "statements" / "two-columns-letter.pdf"
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(mutate.uncompressed(original.read_bytes()))
    assert b"/FlateDecode" not in plain.read_bytes() and plain.stat().st_size > original.stat().st_size
    assert read_pages(original) == read_pages(plain)


def test_the_same_seed_gives_the_same_mutants() -> None:
    seeds = mutate.seed_files(FIXTURES)
    first = [m.data for m in mutate.mutants(seeds, 10, seed=SEED)]
    assert first == [m.data for m in mutate.mutants(seeds, 10, seed=SEED)]
    assert first != [m.data for m in mutate.mutants(seeds, 10, seed=SEED + 1)]
    assert len(set(first)) == 10


def test_mutants_give_a_statement_or_a_one_line_error(tmp_path: Path) -> None:
    seeds = mutate.seed_files(FIXTURES)
    jobs = []
    for mutant in mutate.mutants(seeds, MUTANTS, seed=SEED):
        path = tmp_path / mutant.name
        path.write_bytes(mutant.data)
        jobs.append(ExtractionJob(sha256=mutant.name, path=str(path)))
    results = list(run_extractions(jobs, options=ExtractOptions(ocr="never"), workers=2, timeout=TIME_LIMIT,
                                   memory_limit_mb=MEMORY_LIMIT_MB))
    assert len(results) == MUTANTS
    kinds = Counter(result.kind for result in results)
    assert kinds[Outcome.TIMED_OUT] == 0 and kinds[Outcome.CRASHED] == 0, [r.reason for r in results if r.kind != Outcome.EXTRACTED]
    for result in results:
        if result.kind == Outcome.EXTRACTED:
            assert result.statement.pages >= 1
            continue
        assert result.kind in (Outcome.FAILED, Outcome.NEEDS_OCR)
        assert result.reason.startswith(result.job.path) and "\n" not in result.reason
        assert "extractor error" not in result.reason, result.reason  # an exception that is not ours
        assert "too large" not in result.reason, result.reason
    # Both ways out are exercised: damage some files survive, and damage that is refused.
    assert kinds[Outcome.EXTRACTED] >= MUTANTS // 4 and kinds[Outcome.FAILED] >= MUTANTS // 10


@pytest.mark.parametrize("kind", mutate.KINDS)
def test_each_mutation_changes_the_file(kind: str) -> None:
    import random

    data = (FIXTURES / "statements" / "one-language-en.pdf").read_bytes()
    assert mutate.mutate(data, kind, random.Random(1)) != data
