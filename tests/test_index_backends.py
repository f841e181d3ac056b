"""Two backends, one index: the same hits from both, the record beside the index, conversion, rebuild checks."""
from __future__ import annotations

import json

import pytest

from index import (
    INDEX_VERSION,
    BackendMismatchError,
    QueryError,
    SearchFilters,
    SectionDoc,
    SectionIndex,
    backend_available,
    backend_of,
)
from index.meta import META_FILE
from tests.test_index import BACKEND_PARAMS, BELARUS_ID, MASTHEAD_ID, belarus_docs, masthead_docs

needs_tantivy = pytest.mark.skipif(not backend_available("tantivy"),
                                   reason="tantivy is not installed (pip install 'statement-archive[tantivy]')")

# Queries of every kind the language has, on the seed statement's real multilingual text.
SAME_HITS_QUERIES = [
    "grève", "grèves", "strikes", "huelga", "Bélarus", "BELARUS", "النقابية", "solidarité",
    '"general strike"', '"peuple du belarus"', "huelga OR strike", "Belarus NOT dictator", "NOT dictator",
    "lang:es Belarus", "title:ditadura", "org:Solidaires", 'org:"Union syndicale Solidaires"', "country:BR",
    "date:2021", "date:[2020-01-01 TO 2020-12-31]", "internationale OR Belarus NOT org:CSP-Conlutas",
    "trabalhador*", "-Belarus internationale", "(greve OR huelga) AND Bélarus",
]
SAME_HITS_FILTERS = [
    SearchFilters(), SearchFilters(langs=("fr", "es")), SearchFilters(orgs=("Solidaires",)),
    SearchFilters(countries=("BR",)), SearchFilters(since="2021"), SearchFilters(until="2020-08"),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    if not backend_available("tantivy"):
        pytest.skip("tantivy is not installed (pip install 'statement-archive[tantivy]')")
    indexes = {}
    for backend in ("whoosh", "tantivy"):
        index = SectionIndex.open(tmp_path_factory.mktemp(backend) / "ix", backend=backend)
        index.add(belarus_docs())
        index.add(masthead_docs())
        indexes[backend] = index
    yield indexes
    for index in indexes.values():
        index.close()


def _hits(index: SectionIndex, query: str, filters: SearchFilters) -> set[tuple[str, int]]:
    return {(hit.statement_id, hit.position) for hit in index.search(query, filters=filters, limit=100)}


@pytest.mark.parametrize("query", SAME_HITS_QUERIES)
def test_both_backends_find_the_same_sections(both, query):
    for filters in SAME_HITS_FILTERS:
        whoosh, tantivy = _hits(both["whoosh"], query, filters), _hits(both["tantivy"], query, filters)
        assert whoosh == tantivy, (query, filters)
    assert _hits(both["whoosh"], query, SearchFilters()), f"{query!r} should find something"


def test_both_backends_mark_the_same_words_in_snippets(both):
    for query in ("grèves", '"general strike"', "trabalhador*", "Bélarus"):
        snippets = [{(h.statement_id, h.position): h.snippet for h in index.search(query, limit=100)}
                    for index in both.values()]
        assert snippets[0] == snippets[1]
        assert any("[[" in s for s in snippets[0].values())


# -- the record beside the index


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_a_new_index_records_its_backend_and_version_and_is_opened_with_it(tmp_path, backend):
    path = tmp_path / "ix"
    with SectionIndex.open(path, backend=backend) as index:
        index.add(masthead_docs())
    assert json.loads((path / META_FILE).read_text()) == {"backend": backend, "version": INDEX_VERSION}
    assert backend_of(path) == backend
    assert SectionIndex.needs_rebuild(path) is None
    with SectionIndex.open(path) as index:  # no backend named: the recorded one
        assert index.backend == backend
        assert index.statement_ids() == {MASTHEAD_ID}


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_another_index_version_needs_a_rebuild(tmp_path, backend):
    path = tmp_path / "ix"
    SectionIndex.open(path, backend=backend).close()
    (path / META_FILE).write_text(json.dumps({"backend": backend, "version": INDEX_VERSION - 1}))
    reason = SectionIndex.needs_rebuild(path)
    assert reason and f"version {INDEX_VERSION - 1}" in reason and f"version {INDEX_VERSION}" in reason


def test_an_index_from_before_versions_were_recorded_needs_a_rebuild_and_still_opens(tmp_path):
    path = tmp_path / "ix"
    with SectionIndex.open(path, backend="whoosh") as index:
        index.add(masthead_docs())
    (path / META_FILE).unlink()
    assert "before index versions were recorded" in SectionIndex.needs_rebuild(path)
    with SectionIndex.open(path) as index:
        assert index.backend == "whoosh" and index.statement_ids() == {MASTHEAD_ID}


def test_no_index_needs_a_build(tmp_path):
    assert "no index" in SectionIndex.needs_rebuild(tmp_path / "nothing")


@needs_tantivy
def test_asking_for_another_backend_names_the_conversion(tmp_path):
    path = tmp_path / "ix"
    SectionIndex.open(path, backend="whoosh").close()
    assert SectionIndex.needs_rebuild(path, backend="tantivy") == "it uses the whoosh backend, not tantivy"
    with pytest.raises(BackendMismatchError, match="archive reindex --index tantivy"):
        SectionIndex.open(path, backend="tantivy")


@needs_tantivy
@pytest.mark.parametrize(("before", "after"), [("whoosh", "tantivy"), ("tantivy", "whoosh")])
def test_create_converts_an_index_to_the_other_backend(tmp_path, before, after):
    path = tmp_path / "ix"
    (path / "notes.txt").parent.mkdir(parents=True)
    (path / "notes.txt").write_text("not the index's")
    with SectionIndex.open(path, backend=before) as index:
        index.add(belarus_docs())
    with SectionIndex.create(path, backend=after) as index:
        assert index.backend == after and index.section_count() == 0
        index.add(belarus_docs())
        assert index.statement_ids() == {BELARUS_ID}
    assert backend_of(path) == after and SectionIndex.needs_rebuild(path) is None
    left = sorted(p.name for p in path.iterdir())
    assert "notes.txt" in left  # only the index's own files go
    whoosh_files = [name for name in left if name.startswith(("MAIN", "_MAIN")) or name.endswith(".seg")]
    assert bool(whoosh_files) == (after == "whoosh")
    assert ("tantivy" in left) == (after == "tantivy")


def test_an_unknown_backend_is_refused(tmp_path):
    with pytest.raises(ValueError, match="whoosh, tantivy"):
        SectionIndex.open(tmp_path / "ix", backend="lucene")


# -- replace: the delete-then-add of a batch, in one place


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_replace_removes_statements_without_sections_and_replaces_the_others(tmp_path, backend):
    revised = [SectionDoc(statement_id=BELARUS_ID, position=0, lang="en", title=None,
                          text="A revised statement about dockers.", date="2020-08-15")]
    with SectionIndex.open(tmp_path / "ix", backend=backend) as index:
        index.add(belarus_docs() + masthead_docs())
        index.replace([BELARUS_ID, MASTHEAD_ID], revised)
        assert index.statement_ids() == {BELARUS_ID}
        assert index.section_count() == 1
        assert [h.position for h in index.search("dockers")] == [0]
        assert index.search("grève") == []


# -- queries that used to cost internal errors or seconds (issue 11)


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
@pytest.mark.parametrize(("query", "reason"), [
    ("date:[a TO b]", "dates look like"),
    ("(" * 2000 + "strike" + ")" * 2000, "more than"),
    ("(" * 60 + "strike" + ")" * 60, "nested parentheses"),
    ("*", "would match almost every word"),
    ("s*", "would match almost every word"),
    ("strike OR", "'OR' needs something after it"),
    ("AND strike", "'AND' needs something before it"),
    ("date:[2021 TO 2020]", "ends before it starts"),
    ("()", "empty parentheses"),
])
def test_hostile_queries_give_one_line_errors(tmp_path, backend, query, reason):
    with SectionIndex.open(tmp_path / "ix", backend=backend) as index:
        index.add(masthead_docs())
        with pytest.raises(QueryError) as caught:
            index.search(query)
    message = str(caught.value)
    assert reason in message and "\n" not in message and len(message) < 300


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_minus_means_not(tmp_path, backend):
    with SectionIndex.open(tmp_path / "ix", backend=backend) as index:
        index.add(belarus_docs())
        with_dictator = {h.position for h in index.search("Belarus dictator", limit=50)}
        assert with_dictator
        without = {h.position for h in index.search("Belarus -dictator", limit=50)}
        assert without and not without & with_dictator
