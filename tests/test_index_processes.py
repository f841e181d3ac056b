"""The index seen from other processes: searches during writes, and what a fresh search process holds."""
from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index import SectionDoc, SectionIndex
from tests.test_index import BACKEND_PARAMS, REPO, masthead_docs

_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from dataclasses import replace
    from pathlib import Path
    from index import SectionIndex
    from tests.test_index import belarus_docs

    with SectionIndex.open(Path(sys.argv[1])) as index:
        print("writing", flush=True)
        for n in range(int(sys.argv[3])):
            index.add(replace(d, statement_id=f"{n:064d}") for d in belarus_docs())
            if n % 3 == 2:
                index.delete([f"{n - 2:064d}"])
        print("done", flush=True)
    """
)
WRITES = 24  # batches written: with the deletes, 32 commits and several merges


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_fresh_opens_during_writes_answer_from_a_committed_state(tmp_path, backend):
    path = tmp_path / "ix"
    with SectionIndex.open(path, backend=backend) as index:
        index.add(masthead_docs())
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(REPO), str(WRITES)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        searches = 0
        while writer.poll() is None:
            with SectionIndex.open(path, create=False) as index:  # a fresh open, as each `archive search` does
                hits = index.search("Belarus OR internationale", limit=50)
                assert {h.statement_id for h in hits}
                assert index.section_count() >= len(masthead_docs())
            searches += 1
        finished = writer.stdout.readline().strip()
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode == 0 and finished == "done"
    assert searches > 3


_HEAP_OF_A_SEARCH = textwrap.dedent(
    """
    import sys, tracemalloc
    sys.path.insert(0, sys.argv[2])
    from pathlib import Path
    import whoosh.collectors, whoosh.sorting  # imported by a first search: not what is measured
    import index.whoosh_backend.compile, index.whoosh_backend.vectorized  # likewise
    import index.whoosh_backend.whoosh_index as backend
    if sys.argv[3] == "unpatched":  # Whoosh as it comes: every segment file copied onto the heap
        backend.install_mapped_segments = lambda: None
    from index import SectionIndex
    tracemalloc.start()
    with SectionIndex.open(Path(sys.argv[1]), create=False) as index:
        assert index.search("w17 OR w4242", limit=20)
        index.statement_ids()
    print(tracemalloc.get_traced_memory()[1])
    """
)


def _synthetic_sections(count: int, *, words: int, vocabulary: int) -> list[SectionDoc]:
    rng = random.Random(7)
    return [SectionDoc(statement_id=f"{n:064x}", position=0, lang="en", title=None, date="2020-01-01",
                       text=" ".join(f"w{int(rng.paretovariate(0.7)) % vocabulary}" for _ in range(words)))
            for n in range(count)]


def _search_heap(path: Path, mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", _HEAP_OF_A_SEARCH, str(path), str(REPO), mode],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_whoosh_search_does_not_copy_the_segments_onto_the_heap(tmp_path):
    path = tmp_path / "ix"
    with SectionIndex.open(path, backend="whoosh") as index:
        index.add(_synthetic_sections(1200, words=800, vocabulary=50_000))
        index.optimize()
    segment_bytes = sum(p.stat().st_size for p in path.glob("*.seg"))
    assert segment_bytes > 4_000_000  # well above what opening and searching allocate (~2 MB)
    assert _search_heap(path, "unpatched") > segment_bytes  # what the patch is for
    assert _search_heap(path, "patched") < segment_bytes / 2
