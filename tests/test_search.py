"""`archive search` answers about statements: boolean logic across languages, filters, dates, readable results."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import invoke_cli

ALL = ("--limit", "1000")


def _json(home: Path, *args: str):
    result = invoke_cli(home, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _ids(home: Path, *args: str) -> set[str]:
    return {m["id"] for m in _json(home, "search", *args, *ALL)}


def _statement(home: Path, title_start: str) -> dict:
    sid = next(s["id"] for s in _json(home, "list") if (s["title"] or "").startswith(title_start))
    return _json(home, "show", sid)


def _text(statement: dict) -> str:
    return " ".join(f"{s['title']} {s['text']}" for s in statement["sections"]).lower()


# -- statement-level logic -------------------------------------------------------------------------


def test_and_finds_words_in_two_languages_of_one_statement(research_archive: Path) -> None:
    strike = _statement(research_archive, "Hands off the right to strike")
    by_lang = {s["lang"]: f"{s['title']} {s['text']}".lower() for s in strike["sections"]}
    assert "grève" in by_lang["fr"] and "grève" not in by_lang["en"] and "strike" not in by_lang["fr"]
    matches = _json(research_archive, "search", "strike AND grève", *ALL)
    found = next(m for m in matches if m["id"] == strike["id"])
    assert {h["lang"] for h in found["sections"]} == {"en", "fr"}, "matched in both sections"
    assert "[[strike]]" in found["snippet"] and "[[grève]]" in found["snippet"]
    assert _ids(research_archive, "strike grève") == {m["id"] for m in matches}, "AND is the default"


@pytest.mark.parametrize("query", ["grève NOT estibadores", "grève -estibadores", "grève AND NOT estibadores"])
def test_not_leaves_out_a_statement_mentioning_the_word_in_any_language(research_archive: Path, query: str) -> None:
    dockers = _statement(research_archive, "Les dockers")
    assert "grève" in _text(dockers) and "estibadores" in _text(dockers)
    assert dockers["id"] in _ids(research_archive, "grève")
    found = _json(research_archive, "search", query, *ALL)
    assert found and dockers["id"] not in {m["id"] for m in found}
    for match in found:
        assert "estibadores" not in _text(_json(research_archive, "show", match["id"]))


@pytest.mark.parametrize("query", ["strike OR", "AND", "NOT", "strike AND OR dockers", "(strike", "strike)", '"strike'])
def test_a_dangling_operator_is_a_one_line_syntax_error(research_archive: Path, query: str) -> None:
    result = invoke_cli(research_archive, "search", query)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid query") and len(result.stderr.strip().splitlines()) == 1


# -- filters ---------------------------------------------------------------------------------------


def _signed(home: Path, name: str, country: str | None = None) -> set[str]:
    return {s["id"] for o in _json(home, "org", name) if country in (None, o["country_code"]) for s in o["statements"]}


def test_org_is_one_organisation_as_archive_org_finds_it(research_archive: Path) -> None:
    cgt = _signed(research_archive, "CGT")
    assert cgt and _ids(research_archive, "org:CGT") == cgt
    assert _ids(research_archive, "strike OR grève OR huelga", "--org", "CGT") <= cgt
    result = invoke_cli(research_archive, "search", "solidarity", "--org", "Trabajo Solidaires")
    assert result.exit_code == 1 and "Trabajo Solidaires" in result.stderr


def test_several_orgs_mean_all_of_them_and_a_country_narrows_the_org(research_archive: Path) -> None:
    both = _signed(research_archive, "CGT") & _signed(research_archive, "Solidaires")
    assert both and _ids(research_archive, "org:CGT", "--org", "Solidaires") == both
    assert _ids(research_archive, "org:CGT", "--org", "CGT", "--country", "Spain") == _signed(research_archive, "CGT", "ES")
    result = invoke_cli(research_archive, "search", "strike", "--org", "Solidaires", "--country", "ES")
    assert result.exit_code == 1 and "Solidaires (ES)" in result.stderr, "Solidaires is French"


def test_field_values_work_as_phrases(research_archive: Path) -> None:
    assert _ids(research_archive, 'org:"Union syndicale Solidaires"') == _signed(research_archive,
                                                                                 "Union syndicale Solidaires")
    spain = _ids(research_archive, 'country:"Etat espagnol"')
    assert spain and spain == _ids(research_archive, "country:ES")


@pytest.mark.parametrize("name", ["Espagne", "Spain", "Spanish State", "es", "España"])
def test_a_country_by_any_name(research_archive: Path, name: str) -> None:
    spain = _ids(research_archive, "strike OR huelga OR grève", "--country", "ES")
    assert spain and _ids(research_archive, "strike OR huelga OR grève", "--country", name) == spain
    assert _json(research_archive, "orgs", "--country", name) == _json(research_archive, "orgs", "--country", "ES")


def test_uk_is_great_britain(research_archive: Path) -> None:
    assert _json(research_archive, "orgs", "--country", "UK") == _json(research_archive, "orgs", "--country", "GB")


@pytest.mark.parametrize("command", [("search", "strike"), ("orgs",)])
def test_an_unknown_country_is_an_error_naming_it(research_archive: Path, command: tuple[str, ...]) -> None:
    result = invoke_cli(research_archive, *command, "--country", "Narnia")
    assert result.exit_code == 1 and "Narnia" in result.stderr


@pytest.mark.parametrize("lang", ["xx", "french"])
def test_an_unknown_language_lists_the_codes_present(research_archive: Path, lang: str) -> None:
    result = invoke_cli(research_archive, "search", "strike", "--lang", lang)
    assert result.exit_code == 1 and lang in result.stderr
    assert all(code in result.stderr for code in ("en", "fr", "es", "ar"))


# -- dates -----------------------------------------------------------------------------------------


def test_dates_by_year_month_or_day(research_archive: Path) -> None:
    belarus = _statement(research_archive, "Après 26 ans")
    assert belarus["date"] == "2020-08-09"
    for since, until in (("2020", None), ("2020-08", "2020-08"), ("2020-08-09", "2021-06"), (None, "2021")):
        args = [*(["--since", since] if since else []), *(["--until", until] if until else [])]
        assert belarus["id"] in _ids(research_archive, "strike", *args), args
    assert belarus["id"] not in _ids(research_archive, "strike", "--until", "2020-07")
    assert invoke_cli(research_archive, "search", "strike", "--since", "2020-13").exit_code == 2


def test_undated_statements_are_counted_and_can_be_included(research_archive: Path) -> None:
    everything = _ids(research_archive, "strike")
    dated = _ids(research_archive, "strike", "--since", "1990")
    left_out = len(everything - dated)
    assert left_out > 0
    text = invoke_cli(research_archive, "search", "strike", "--since", "1990", *ALL).stdout
    assert f"{left_out} undated statements left out" in text.splitlines()[0] and "--undated" in text
    assert _ids(research_archive, "strike", "--since", "1990", "--undated") == everything


# -- readable results ------------------------------------------------------------------------------


def test_results_say_how_many_and_show_file_names_once(research_archive: Path) -> None:
    total = len(_ids(research_archive, "strike"))
    text = invoke_cli(research_archive, "search", "strike", "--limit", "2").stdout
    assert text.splitlines()[0] == f"showing 2 of {total} statements"
    blocks = text.split("\n\n")[1:]
    assert len(blocks) == 2
    for block in blocks:
        assert block.count("matched in") == 1 and ".pdf)" in block.splitlines()[0]


def test_snippets_do_not_repeat_a_fragment(research_archive: Path) -> None:
    for match in _json(research_archive, "search", "strike OR grève OR greve OR huelga", *ALL):
        fragments = [f.strip() for f in match["snippet"].split("…") if f.strip()]
        assert len(fragments) == len(set(fragments)), match["snippet"]


def test_list_shows_file_names_and_takes_a_path(research_archive: Path) -> None:
    from .conftest import REPO

    text = invoke_cli(research_archive, "list").stdout
    assert "belarus-2020.pdf" in text and "dockers-two-columns.pdf" in text
    examples = sorted((REPO / "examples").glob("*.pdf"))
    listed = _json(research_archive, "list", str(REPO / "examples"))
    assert len(listed) == len(examples) < len(_json(research_archive, "list"))
    one = _json(research_archive, "list", str(examples[0]))
    assert len(one) == 1


def test_show_takes_a_file_path_or_name(research_archive: Path) -> None:
    from .conftest import REPO

    by_path = _json(research_archive, "show", str(REPO / "examples" / "belarus-2020.pdf"))
    assert by_path["date"] == "2020-08-09"
    assert _json(research_archive, "show", "belarus-2020.pdf")["id"] == by_path["id"]
    result = invoke_cli(research_archive, "show", "no-such-file.pdf")
    assert result.exit_code == 1 and "no-such-file.pdf" in result.stderr


def test_orgs_fits_a_100_column_terminal_and_json_keeps_full_names(research_archive: Path) -> None:
    lines = invoke_cli(research_archive, "orgs").stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    full = _json(research_archive, "orgs")
    longest = max(full, key=lambda o: len(o["name"]))
    assert len(longest["name"]) > 60 and longest["name"] not in "\n".join(lines), "long names are shortened"
    assert any(line.endswith(f"  {longest['id']}") and "…" in line for line in lines)


def test_show_says_where_the_date_came_from(research_archive: Path) -> None:
    assert _statement(research_archive, "La vivienda")["date_source"] == "dateline near the title"
    text = invoke_cli(research_archive, "show", "belarus-2020.pdf").stdout
    assert "date:        2020-08-09 (date in the opening text)" in text
    assert "date:        - (no date found)" in invoke_cli(research_archive, "show", "one-language-en.pdf").stdout


def test_organisations_fold_as_the_extractor_does() -> None:
    from archive.organisations import acronym_key, name_key
    from extractor import fold

    assert name_key("Gıda-İş Sendikası") == name_key("GIDA-IS sendikasi") == "gida is sendikasi"
    assert name_key("Straße’s Œuvre") == name_key("strasse's oeuvre")
    assert acronym_key("Gıda-İş") == acronym_key("GIDA IS") == "gidais"
    assert name_key("İstanbul") == fold("Istanbul")


def test_an_organisation_filter_finds_any_spelling(research_archive: Path) -> None:
    solidaires = _signed(research_archive, "Union syndicale Solidaires")
    assert _ids(research_archive, 'org:"UNION SYNDICALE solidaires"') == solidaires
    assert _ids(research_archive, "org:solidaires") == _signed(research_archive, "Solidaires")
