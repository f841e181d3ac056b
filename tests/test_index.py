"""The section index on a temporary directory, with the seed statement's real multilingual text."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import (
    BACKENDS,
    IndexLockedError,
    IndexOptions,
    InvalidFilterError,
    QueryError,
    SearchFilters,
    SectionDoc,
    SectionIndex,
    backend_available,
)

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
REPO = Path(__file__).resolve().parent.parent
BELARUS_ID = "b" * 64  # the seed statement: fr, en, es, pt sections, dated 2020
MASTHEAD_ID = "m" * 64  # its masthead lines as a second statement: ar, it, de ... dated 2021


def _seed() -> dict:
    return json.loads((CORPUS / "belarus-2020.json").read_text(encoding="utf-8"))


def _statement_docs(statement_id: str, sections: list[dict], signatories: list[dict], *, date: str) -> list[SectionDoc]:
    countries = {s["country_code"] for s in signatories if s["country_code"]}
    countries |= {s["country"] for s in signatories if s["country"]}
    return [
        SectionDoc(
            statement_id=statement_id,
            position=position,
            lang=section["lang"],
            title=section.get("title"),
            text=section["text"],
            date=date,
            org_names=tuple(s["name"] for s in signatories),
            acronyms=tuple(s["acronym"] for s in signatories if s["acronym"]),
            countries=tuple(sorted(countries)),
        )
        for position, section in enumerate(sections)
    ]


def belarus_docs() -> list[SectionDoc]:
    seed = _seed()
    brazilian = [s for s in seed["signatories"] if s["country_code"] == "BR"]
    return _statement_docs(BELARUS_ID, seed["sections"], brazilian, date="2020-08-15")


def masthead_docs() -> list[SectionDoc]:
    seed = _seed()
    french = [s for s in seed["signatories"] if s["country_code"] == "FR"]
    sections = [{"lang": line["lang"], "title": None, "text": line["text"]} for line in seed["masthead"]]
    return _statement_docs(MASTHEAD_ID, sections, french, date="2021-03-01")


def _backend_param(name: str):
    missing = pytest.mark.skip(reason=f"{name} is not installed (pip install 'statement-archive[{name}]')")
    return pytest.param(name, id=name, marks=[] if backend_available(name) else [missing])


BACKEND_PARAMS = [_backend_param(name) for name in BACKENDS]  # every test below runs on both backends


@pytest.fixture(params=BACKEND_PARAMS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module", params=BACKEND_PARAMS)
def index(request, tmp_path_factory):
    with SectionIndex.open(tmp_path_factory.mktemp("index") / "ix", backend=request.param) as ix:
        ix.add(belarus_docs())
        ix.add(masthead_docs())
        yield ix


def section(statement_id: str, lang: str) -> SectionDoc:
    docs = belarus_docs() if statement_id == BELARUS_ID else masthead_docs()
    return next(d for d in docs if d.lang == lang)


def found(index: SectionIndex, query: str, **kwargs) -> set[tuple[str, str | None]]:
    return {(hit.statement_id[0], hit.lang) for hit in index.search(query, **kwargs)}


# -- language-aware matching


def test_french_plural_finds_the_singular_through_the_french_stemmer(index):
    assert "grèves" not in section(BELARUS_ID, "fr").text
    hits = index.search("grèves")
    assert ("b", "fr") in {(h.statement_id[0], h.lang) for h in hits}
    french = next(h for h in hits if h.lang == "fr")
    assert "[[grève]]" in french.snippet


def test_english_plural_finds_the_singular_through_the_english_stemmer(index):
    assert "strikes" not in section(BELARUS_ID, "en").text.lower()
    assert ("b", "en") in found(index, "strikes")


def test_unaccented_query_finds_accented_word(index):
    assert "greve " not in section(BELARUS_ID, "fr").text
    assert ("b", "fr") in found(index, "greve")


def test_accented_query_finds_unaccented_word_and_the_reverse(index):
    assert "Bélarus" not in section(BELARUS_ID, "en").text
    assert ("b", "en") in found(index, "Bélarus")
    assert "Belarus " not in section(BELARUS_ID, "fr").text
    assert ("b", "fr") in found(index, "BELARUS")


def test_arabic_text_is_searchable(index):
    assert found(index, "النقابية") == {("m", "ar")}


# -- query syntax


def test_phrase_matches_only_the_words_in_order(index):
    assert found(index, '"general strike"') == {("b", "en")}
    assert found(index, '"strike general"') == set()
    assert ("b", "en") in found(index, "strike general")


def test_long_phrase_needs_its_words_in_a_row_not_just_its_word_pairs(tmp_path, backend):
    text = "Workers called a general strike on Monday. By Friday the strike spread to every mine."
    doc = SectionDoc(statement_id="s" * 64, position=0, lang="en", title=None, text=text, date=None)
    with SectionIndex.open(tmp_path / "ix", backend=backend) as ix:
        ix.add([doc])
        assert len(ix.search('"the strike spread"')) == 1
        assert len(ix.search('"strike spread to every mine"')) == 1
        assert ix.search('"general strike spread"') == []  # "general strike" and "strike spread" both occur
        assert ix.search('"spread the strike"') == []


def test_three_word_phrase_in_real_text(index):
    assert "peuple du Bélarus" in section(BELARUS_ID, "fr").title
    assert found(index, '"peuple du belarus"') == {("b", "fr")}


def test_phrase_snippet_marks_the_phrase_words(index):
    [hit] = index.search('"general strike"')
    assert "[[general]] [[strike]]" in hit.snippet


def test_and_or_not(index):
    assert found(index, "huelga OR strike") == {("b", "es"), ("b", "en")}
    assert found(index, "huelga AND strike") == set()
    belarus = found(index, "Belarus")
    assert found(index, "Belarus NOT dictator") == belarus - found(index, "dictator")
    assert found(index, "Belarus NOT dictator") != belarus


def test_a_negative_query_returns_only_sections(index):
    hits = index.search("NOT dictator", limit=50)
    assert hits and ("b", "en") not in {(h.statement_id[0], h.lang) for h in hits}
    assert len(hits) == len({(h.statement_id, h.position) for h in hits})
    assert all(isinstance(h.position, int) and h.lang for h in hits)  # no statement (signatories) documents


def test_negated_org_excludes_its_statements(index):
    assert {s for s, _ in found(index, "internationale OR Belarus NOT org:CSP-Conlutas", limit=50)} == {"m"}


def test_field_queries(index):
    assert found(index, "lang:es Belarus") == {("b", "es")}
    assert found(index, "title:ditadura") == {("b", "pt")}
    assert {sid for sid, _ in found(index, "org:Solidaires", limit=50)} == {"m"}
    assert {sid for sid, _ in found(index, "org:CSP-Conlutas", limit=50)} == {"b"}
    assert {sid for sid, _ in found(index, "country:BR", limit=50)} == {"b"}
    assert {sid for sid, _ in found(index, "date:2021", limit=50)} == {"m"}
    assert {sid for sid, _ in found(index, "date:[2020-01-01 TO 2020-12-31]", limit=50)} == {"b"}


def test_field_names_are_case_insensitive(index):
    assert found(index, "LANG:es Belarus") == found(index, "lang:es Belarus")


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"general strike', "double quote"),
        ("(strike OR greve", "not closed"),
        ("strike)", "no matching"),
        ("colour:red", "unknown field 'colour'"),
        ("date:yesterday", "dates look like"),
        ("   ", "empty"),
    ],
)
def test_malformed_query_raises_a_one_line_query_error(index, query, reason):
    with pytest.raises(QueryError) as caught:
        index.search(query)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab é"()[]{}:*?~^-+ANDORNOT lang date title xyz12')), max_size=30))
def test_any_query_string_either_searches_or_raises_query_error(index, query):
    try:
        hits = index.search(query)
    except QueryError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert all(h.snippet is not None for h in hits)


# -- filters


def test_language_filter(index):
    assert found(index, "Belarus", filters=SearchFilters(langs=("FR", "es"))) == {("b", "fr"), ("b", "es")}


def test_org_filter_by_acronym_and_by_name_words(index):
    assert {s for s, _ in found(index, "Solidarité", filters=SearchFilters(orgs=("Solidaires",)))} == {"m"}
    by_name = found(index, "Belarus", filters=SearchFilters(orgs=("central sindical popular",)))
    assert {s for s, _ in by_name} == {"b"}
    assert found(index, "Belarus", filters=SearchFilters(orgs=("no such union",))) == set()


def test_country_filter(index):
    assert {s for s, _ in found(index, "internationale OR Belarus", filters=SearchFilters(countries=("FR",)))} == {"m"}
    assert {s for s, _ in found(index, "internationale OR Belarus", filters=SearchFilters(countries=("br",)))} == {"b"}


def test_date_filters_are_inclusive(index):
    since = found(index, "internationale OR Belarus", filters=SearchFilters(since="2021-03-01"), limit=50)
    until = found(index, "internationale OR Belarus", filters=SearchFilters(until="2020-08-15"), limit=50)
    assert {s for s, _ in since} == {"m"}
    assert {s for s, _ in until} == {"b"}
    assert found(index, "Belarus", filters=SearchFilters(since="2020-08-16", until="2021-02-28")) == set()


def test_bad_date_filter_is_reported(index):
    with pytest.raises(InvalidFilterError, match="since=last week"):
        index.search("Belarus", filters=SearchFilters(since="last week"))


def test_limit_caps_the_hits(index):
    assert len(index.search("Belarus OR internationale", limit=2)) == 2


# -- updates


def test_adding_a_statement_again_replaces_its_sections(tmp_path, backend):
    with SectionIndex.open(tmp_path / "ix", backend=backend) as ix:
        ix.add(belarus_docs())
        ix.add(belarus_docs())
        assert ix.section_count() == len(belarus_docs())
        revised = [replace(d, text=d.text.replace("grève", "manifestation")) for d in belarus_docs()[:1]]
        ix.add(revised)
        assert ix.section_count() == 1
        assert found(ix, "grève") == set()
        assert found(ix, "manifestation") == {("b", "fr")}


def test_staged_statements_are_searchable_after_the_commit_and_a_statement_staged_twice_is_indexed_once(
        tmp_path, backend):
    with SectionIndex.open(tmp_path / "ix", backend=backend) as ix:
        ix.stage([BELARUS_ID], belarus_docs())
        ix.stage([MASTHEAD_ID], masthead_docs())
        revised = [replace(d, text=d.text.replace("grève", "manifestation")) for d in belarus_docs()[:1]]
        ix.stage([BELARUS_ID], revised)  # again before any commit: Whoosh's deletions see committed segments only
        ix.commit_staged()
        assert ix.statement_ids() == {BELARUS_ID, MASTHEAD_ID}
        assert ix.section_count() == 1 + len(masthead_docs())
        assert found(ix, "grève") == set() and found(ix, "manifestation") == {("b", "fr")}
        ix.stage([MASTHEAD_ID], [])  # staged, never committed: dropped when the index closes
    with SectionIndex.open(tmp_path / "ix", create=False) as ix:
        assert ix.statement_ids() == {BELARUS_ID, MASTHEAD_ID}


def test_delete_and_statement_ids(tmp_path, backend):
    with SectionIndex.open(tmp_path / "ix", backend=backend) as ix:
        ix.add(belarus_docs() + masthead_docs())
        assert ix.statement_ids() == {BELARUS_ID, MASTHEAD_ID}
        ix.delete([BELARUS_ID, "unknown"])
        assert ix.statement_ids() == {MASTHEAD_ID}
        assert ix.section_count() == len(masthead_docs())
        assert found(ix, "Belarus") == set()


def test_clear_empties_the_index(tmp_path, backend):
    with SectionIndex.open(tmp_path / "ix", backend=backend) as ix:
        ix.add(belarus_docs())
        ix.clear()
        assert ix.section_count() == 0 and ix.statement_ids() == set()


def test_reopening_sees_committed_documents(tmp_path, backend):
    with SectionIndex.open(tmp_path / "ix", backend=backend) as ix:
        ix.add(masthead_docs())
    with SectionIndex.open(tmp_path / "ix", create=False) as ix:
        assert ix.statement_ids() == {MASTHEAD_ID}


def test_open_without_create_on_an_empty_directory_fails(tmp_path, backend):
    from index import IndexUnreadableError

    with pytest.raises(IndexUnreadableError, match="no index"):
        SectionIndex.open(tmp_path, create=False, backend=backend)


def test_create_replaces_an_unreadable_index(tmp_path, backend):
    from index import IndexUnreadableError

    path = tmp_path / "ix"
    with SectionIndex.open(path, backend=backend) as ix:
        ix.add(masthead_docs())
    damaged = list(path.glob("_MAIN_*.toc")) + list(path.glob("tantivy/meta.json"))
    assert damaged
    for table_of_contents in damaged:
        table_of_contents.write_bytes(b"not a table of contents")
    with pytest.raises(IndexUnreadableError, match="archive reindex"):
        SectionIndex.open(path)
    with SectionIndex.create(path) as ix:
        assert ix.backend == backend
        assert ix.section_count() == 0
        ix.add(belarus_docs())
        assert ix.statement_ids() == {BELARUS_ID}


# -- crash safety

_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from tests.test_index import belarus_docs
    from index import SectionIndex
    from pathlib import Path
    from dataclasses import replace

    def docs():
        for n in range(200):
            for doc in belarus_docs():
                yield replace(doc, statement_id=f"{n:064d}")
            if n == 100:
                print("writing", flush=True)
                time.sleep(60)

    SectionIndex.open(Path(sys.argv[1])).add(docs())
    """
)


def _start_writer(path: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path), str(REPO)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "writing"
    return child


def test_index_works_after_its_writer_is_killed(tmp_path, backend):
    path = tmp_path / "ix"
    with SectionIndex.open(path, backend=backend) as ix:
        ix.add(masthead_docs())
    child = _start_writer(path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with SectionIndex.open(path, options=IndexOptions(lock_timeout=1.0)) as ix:
        assert ix.statement_ids() == {MASTHEAD_ID}  # the killed batch left nothing behind
        ix.add(belarus_docs())
        assert ix.statement_ids() == {MASTHEAD_ID, BELARUS_ID}
        assert not [p for p in os.listdir(path) if ".toc." in p]


def test_a_live_writer_is_named_when_the_lock_is_refused(tmp_path, backend):
    path = tmp_path / "ix"
    SectionIndex.open(path, backend=backend).close()
    child = _start_writer(path)
    try:
        with SectionIndex.open(path, options=IndexOptions(lock_timeout=0.2)) as ix:
            with pytest.raises(IndexLockedError) as caught:
                ix.add(masthead_docs())
        assert caught.value.owner_pid == child.pid
        assert str(child.pid) in str(caught.value)
    finally:
        child.kill()
        child.wait()


# -- statement-level answers (what `archive search` asks of each leaf of a query)


@pytest.mark.parametrize("query", ["Belarus", "grève", "grèves", '"general strike"', "lang:fr", "date:2021",
                                   "internationale OR Belarus", "solidar*", "Belarus NOT lang:fr"])
def test_statement_scores_give_every_statement_with_a_match_and_its_best_section(index, query):
    best: dict[str, float] = {}
    for hit in index.search(query, limit=1000):
        best[hit.statement_id] = max(best.get(hit.statement_id, 0.0), hit.score)
    scores = index.statement_scores(query)
    assert best and scores.keys() == best.keys()
    assert all(scores[sid] == pytest.approx(best[sid]) for sid in best)


def test_statement_scores_take_the_filters(index):
    assert index.statement_scores("Belarus", filters=SearchFilters(langs=("fr",))).keys() == {BELARUS_ID}
    both = index.statement_scores("internationale OR Belarus")
    assert both.keys() == {BELARUS_ID, MASTHEAD_ID}
    kept = index.statement_scores("internationale OR Belarus", filters=SearchFilters(statements=(MASTHEAD_ID,)))
    assert kept == pytest.approx({MASTHEAD_ID: both[MASTHEAD_ID]})
    assert index.statement_scores("nonexistentword") == {}


def test_a_search_can_be_kept_to_some_statements(index):
    for kept in (BELARUS_ID, MASTHEAD_ID):
        hits = index.search("internationale OR Belarus", filters=SearchFilters(statements=(kept,)), limit=50)
        assert hits and {h.statement_id for h in hits} == {kept}


def test_a_parsed_query_searches_as_its_text_does(index):
    from index import describe_query, parse_query

    for query in ('"general strike" OR grève -Belarus', "lang:fr (solidar* OR date:2020)", "a OR b c"):
        tree = parse_query(query)
        assert parse_query(describe_query(tree)) == tree
        if query != "a OR b c":
            assert [(h.statement_id, h.position) for h in index.search(tree)] == \
                [(h.statement_id, h.position) for h in index.search(query)]


@pytest.mark.parametrize("per_statement", [1, 2])
def test_at_most_so_many_sections_per_statement_the_best_of_each(index, per_statement):
    query = "internationale OR Belarus OR solidarité OR lang:ar"
    every = index.search(query, limit=1000)
    hits = index.search(query, limit=1000, per_statement=per_statement)
    kept = index.search(query, limit=1000, per_statement=per_statement,
                        filters=SearchFilters(statements=(BELARUS_ID, MASTHEAD_ID)))
    for statement_id in (BELARUS_ID, MASTHEAD_ID):
        scores = sorted((h.score for h in every if h.statement_id == statement_id), reverse=True)
        assert len(scores) > per_statement
        for found in (hits, kept):
            assert [h.score for h in found if h.statement_id == statement_id] == pytest.approx(scores[:per_statement])
