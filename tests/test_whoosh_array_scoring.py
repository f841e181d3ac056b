"""The Whoosh backend's array scoring (index.whoosh_backend.vectorized) against Whoosh's own collector."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

pytest.importorskip("whoosh")

from index import SearchFilters, SectionIndex
from index.syntax import parse
from index.whoosh_backend.compile import QueryCompiler, filter_query
from index.whoosh_backend.vectorized import best_hits
from tests.test_index import belarus_docs, masthead_docs

QUERIES = (
    "Belarus", "travailleurs", "grève générale", '"la grève"', '"de la classe ouvrière"', "solidarité OR solidarity",
    "Belarus -Lukashenko", "internat*", "org:Conlutas", "title:Belarus", "workers AND (strike OR grève)",
)
FILTERS = (SearchFilters(), SearchFilters(langs=("fr",)), SearchFilters(orgs=("CSP-Conlutas",)),
           SearchFilters(orgs=("Solidaires",), langs=("en", "es")))


@pytest.fixture(scope="module")
def whoosh_index(tmp_path_factory):
    """Several segments (one commit per statement copy) and deleted documents."""
    path = tmp_path_factory.mktemp("whoosh-arrays") / "ix"
    rng = random.Random(3)
    docs = belarus_docs() + masthead_docs()
    with SectionIndex.open(path, backend="whoosh") as index:
        for n in range(12):
            copies = [replace(d, statement_id=f"{n:02d}{d.statement_id[2:]}") for d in rng.sample(docs, k=len(docs) // 2)]
            index.add(copies)
        index.delete([f"{n:02d}{docs[0].statement_id[2:]}" for n in (1, 5)])
        yield index


def _reference(searcher, q, allowed) -> dict[int, float]:
    """Every hit of Whoosh's own collector without block skipping: document -> score."""
    return {hit.docnum: hit.score for hit in searcher.search(q, filter=allowed, limit=None, optimize=False)}


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f"langs={f.langs},orgs={f.orgs}")
def test_array_scoring_finds_whooshs_hits_with_whooshs_scores(whoosh_index, query, filters):
    backend = whoosh_index._backend
    searcher = backend._current_searcher()
    assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
    compiler = QueryCompiler(langs=backend._search_langs(filters.langs), stemmers=backend._stemmers)
    q = compiler.compile(parse(query), text=query)
    allowed = filter_query(filters)
    want = _reference(searcher, q, allowed)
    got = best_hits(searcher, q, allowed=allowed, limit=10_000, lengths={})
    assert {docnum for _, docnum in got} == set(want)
    assert [score for score, _ in got] == pytest.approx([want[docnum] for _, docnum in got], rel=1e-12)
    assert [score for score, _ in got] == sorted((score for score, _ in got), reverse=True)
    assert best_hits(searcher, q, allowed=allowed, limit=3, lengths={}) == got[:3]


def test_some_queries_above_match_many_sections(whoosh_index):
    """The comparison above is not vacuous: queries and filters find hits across segments."""
    assert len(whoosh_index.search("Belarus", limit=1000)) > 10
    assert whoosh_index.search("Belarus", filters=SearchFilters(orgs=("CSP-Conlutas",)), limit=1000)


LAZY_PHRASES = ('"la grève"', '"de la"', 'grève "la grève"', 'workers -"general strike"', '"grève générale" OR Belarus',
                'title:"26 years"', '"de dictadura"', '"générale grève" OR "grève générale"',
                'title:"Belarus support" OR title:"support the"')


@pytest.mark.parametrize("query", LAZY_PHRASES)
@pytest.mark.parametrize("limit", (1, 2, 5))
def test_phrases_checked_a_few_candidates_at_a_time_give_the_best_hits_of_all_checked(whoosh_index, query, limit,
                                                                                        monkeypatch):
    """Phrase candidates are checked lazily, best first; with one candidate checked per round (many rounds)
    the best hits are still those of every candidate checked."""
    from index.whoosh_backend import vectorized

    backend = whoosh_index._backend
    searcher = backend._current_searcher()
    compiler = QueryCompiler(langs=backend._search_langs(()), stemmers=backend._stemmers)
    q = compiler.compile(parse(query), text=query)
    want = sorted(_reference(searcher, q, None).items(), key=lambda hit: (-hit[1], hit[0]))[:limit]
    monkeypatch.setattr(vectorized, "FIRST_CHECKS", 1)
    got = best_hits(searcher, q, allowed=None, limit=limit, lengths={})
    assert [docnum for _, docnum in got] == [docnum for docnum, _ in want]
    assert [score for score, _ in got] == pytest.approx([score for _, score in want], rel=1e-12)
    assert want


def test_phrase_positions_are_read_as_whoosh_decodes_them():
    """Positions lists read from their bytes (small deltas) or unpickled (others) are Whoosh's."""
    from whoosh.formats import Positions

    from index.whoosh_backend.positions import _deltas

    rng = random.Random(7)
    positions_format = Positions()
    for _ in range(2000):
        positions = sorted(rng.sample(range(rng.choice((200, 70_000))), k=rng.randint(1, 30)))
        value = positions_format.encode(positions)
        deltas = list(_deltas(value))
        assert [sum(deltas[:i + 1]) for i in range(len(deltas))] == positions_format.decode_positions(value)


@pytest.mark.parametrize("postings", (3, 400))
def test_many_postings_positions_read_at_once_are_whooshs(postings):
    """Positions of many postings read together (with numpy from so many on) are Whoosh's, in turn,
    whether their deltas are small (read from the bytes), large, or the list is empty (unpickled)."""
    from whoosh.formats import Positions

    from index.whoosh_backend.positions import _all_deltas

    rng = random.Random(11)
    positions_format = Positions()
    for _ in range(20):
        lists = [sorted(rng.sample(range(rng.choice((200, 70_000))), k=rng.choice((0, 1, 1, 2, 5, 30))))
                 for _ in range(postings)]
        counts, deltas = _all_deltas([positions_format.encode(positions) for positions in lists])
        assert counts.tolist() == [len(positions) for positions in lists]
        ends = counts.cumsum()
        got = [deltas[end - count:end].cumsum().tolist() for count, end in zip(counts, ends)]
        assert got == lists
