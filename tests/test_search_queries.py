"""Statement-level queries, on both backends: one parser (the index's), leaves answered as sets of statements."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import backend_available

from .conftest import REPO, invoke_cli

ALL = ("--limit", "1000")


@pytest.fixture(scope="module", params=["whoosh", "tantivy"])
def examples_archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's example PDFs ingested into an archive with each backend."""
    if not backend_available(request.param):
        pytest.skip(f"the {request.param} backend is not installed")
    home = tmp_path_factory.mktemp(f"examples-{request.param}") / "home"
    assert invoke_cli(home, "init", "--index", request.param).exit_code == 0
    result = invoke_cli(home, "ingest", str(REPO / "examples"), "--json")
    assert result.exit_code == 0, result.output
    return home


def _matches(home: Path, query: str) -> list[dict]:
    result = invoke_cli(home, "search", query, *ALL, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _ids(home: Path, query: str) -> set[str]:
    return {m["id"] for m in _matches(home, query)}


def test_and_not_or_combine_the_statements_each_word_finds(examples_archive: Path) -> None:
    huelga, dockers = _ids(examples_archive, "huelga"), _ids(examples_archive, "dockers")
    assert huelga & dockers and huelga - dockers, "the examples hold both cases"
    assert _ids(examples_archive, "huelga AND dockers") == _ids(examples_archive, "huelga dockers") == huelga & dockers
    assert _ids(examples_archive, "huelga NOT dockers") == _ids(examples_archive, "huelga -dockers") == huelga - dockers
    assert _ids(examples_archive, "huelga OR dockers") == huelga | dockers


def test_words_side_by_side_bind_loosest_as_in_the_index(examples_archive: Path) -> None:
    """One grammar: "a OR b c" is "(a OR b) AND c" for statements as for sections."""
    either = _ids(examples_archive, "huelga") | _ids(examples_archive, "strike")
    expected = either & _ids(examples_archive, "dockers")
    assert expected and _ids(examples_archive, "huelga OR strike dockers") == expected
    assert _ids(examples_archive, "(huelga OR strike) AND dockers") == expected


def test_the_sections_shown_are_those_the_words_matched(examples_archive: Path) -> None:
    for match in _matches(examples_archive, "huelga AND dockers"):
        assert 1 <= len(match["sections"]) <= 4
        assert {s["lang"] for s in match["sections"]} >= {"es"}
        assert all("[[" in s["snippet"] for s in match["sections"]), match["sections"]


def test_a_prefix_is_no_organisation_name(examples_archive: Path) -> None:
    result = invoke_cli(examples_archive, "search", "org:Solid*")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid query") and len(result.stderr.strip().splitlines()) == 1
