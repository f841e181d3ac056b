"""Every `archive` command through click's CliRunner, on fixture PDFs."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.settings import Settings
from index import SectionIndex

from .conftest import FIXTURES, copy_fixtures, invoke_cli

BELARUS = FIXTURES / "corpus" / "belarus-2020.pdf"
NURSES = FIXTURES / "statements" / "one-language-en.pdf"
SEED_TRUTH = FIXTURES / "corpus" / "belarus-2020.json"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(home, folder): an archive holding the seed statement and an English one, plus one failed file."""
    root = tmp_path_factory.mktemp("cli")
    folder = copy_fixtures(root / "pdfs", {"corpus/belarus-2020.pdf": "belarus.pdf",
                                           "statements/one-language-en.pdf": "nurses.pdf",
                                           "bad/truncated.pdf": "truncated.pdf"})
    home = root / "home"
    result = invoke_cli(home, "ingest", str(folder), "--jobs", "2")
    assert result.exit_code == 1, result.output  # one file failed
    return home, folder


def _json(home: Path, *args: str):
    result = invoke_cli(home, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _belarus_id(home: Path) -> str:
    return next(row["id"] for row in _json(home, "list") if row["signatories"] > 50)


# -- extract ---------------------------------------------------------------------------------------


def test_extract_json_has_the_fields_of_the_truth_files(run_cli) -> None:
    result = run_cli("extract", str(BELARUS), "--json")
    assert result.exit_code == 0, result.output
    statement = json.loads(result.stdout)
    truth = json.loads(SEED_TRUTH.read_text(encoding="utf-8"))
    assert {"masthead", "sections", "signatories", "source", "sha256", "pages", "engine", "extractor_version",
            "date", "warnings", "ocr_pages", "ocr_confidence"} <= set(statement)
    for key in ("masthead", "sections", "signatories"):
        assert set(statement[key][0]) == set(truth[key][0]), key
    assert [s["lang"] for s in statement["sections"]] == [s["lang"] for s in truth["sections"]]
    assert "Bélarus" in result.stdout, "JSON is written with ensure_ascii=False"


def test_extract_summary_shows_sections_and_signatories_by_category(run_cli) -> None:
    result = run_cli("extract", str(BELARUS))
    assert result.exit_code == 0, result.output
    truth = json.loads(SEED_TRUTH.read_text(encoding="utf-8"))
    for section in truth["sections"]:
        assert f"[{section['lang']}] {section['title']}" in result.stdout
    assert "National inter professional labour organizations:" in result.stdout
    assert "- Union syndicale Solidaires (Solidaires) [FR]" in result.stdout
    assert "pages:       7" in result.stdout


def test_extract_of_a_bad_file_is_one_line_and_exit_1(run_cli) -> None:
    result = run_cli("extract", str(FIXTURES / "bad" / "encrypted.pdf"))
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "encrypted" in result.stderr
    assert "Traceback" not in result.output


def test_misuse_exits_2(run_cli, tmp_path: Path) -> None:
    assert run_cli("extract", str(tmp_path / "missing.pdf")).exit_code == 2
    assert run_cli("extract", str(NURSES), "--ocr", "sometimes").exit_code == 2
    assert run_cli("search", "strike", "--since", "last week").exit_code == 2


# -- ingest ----------------------------------------------------------------------------------------


def test_ingest_dry_run_says_what_it_would_do_and_writes_nothing(run_cli, archive_home: Path) -> None:
    report = json.loads(run_cli("ingest", str(NURSES), str(BELARUS), "--dry-run", "--json").stdout)
    assert report["dry_run"] and report["counts"]["to_extract"] == 2
    assert not archive_home.exists()


def test_ingest_summary_and_known_failures(archive: tuple[Path, Path]) -> None:
    home, folder = archive
    result = invoke_cli(home, "ingest", str(folder))
    assert result.exit_code == 1, "a file that failed before still did not go in"
    assert result.stderr.startswith("3 files found, 0 to extract"), "plain progress lines when not a terminal"
    assert "already present: 2" in result.stdout and "failed before (not retried): 1" in result.stdout
    assert f"! {folder / 'truncated.pdf'}: corrupt" in result.stdout
    again = invoke_cli(home, "ingest", str(folder / "truncated.pdf"), "--retry-failed", "--json")
    assert again.exit_code == 1
    retried = json.loads(again.stdout)
    assert (retried["counts"]["failed"], retried["counts"]["failed_before"]) == (1, 0)


def test_ingest_force_extracts_stored_files_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _json(home, "ingest", str(NURSES))["counts"]["new"] == 1
    forced = _json(home, "ingest", str(NURSES), "--force")
    assert (forced["counts"]["updated"], forced["counts"]["new"]) == (1, 0)
    assert invoke_cli(home, "check").exit_code == 0


def test_failures_lists_each_file_and_reason(archive: tuple[Path, Path]) -> None:
    home, folder = archive
    rows = _json(home, "failures")
    assert [(r["path"], r["kind"]) for r in rows] == [(str(folder / "truncated.pdf"), "failed")]
    assert "corrupt" in invoke_cli(home, "failures").stdout


# -- reading ---------------------------------------------------------------------------------------


def test_search_groups_sections_by_statement(archive: tuple[Path, Path]) -> None:
    home, _ = archive
    matches = _json(home, "search", "solidarity OR solidarité OR solidaridad")
    belarus = next(m for m in matches if m["id"] == _belarus_id(home))
    assert {"fr", "en", "es"} <= set(belarus["languages"])
    assert len({s["position"] for s in belarus["sections"]}) == len(belarus["sections"])
    assert belarus["title"] and belarus["date"] == "2020-08-09" and "[[" in belarus["snippet"]
    text = invoke_cli(home, "search", "nurses").stdout
    assert "matched in en" in text and "*nurses*" in text.lower()
    assert len(_json(home, "search", "strike", "--limit", "1")) == 1


def test_a_malformed_query_is_one_line_and_exit_1(archive: tuple[Path, Path]) -> None:
    result = invoke_cli(archive[0], "search", '"unclosed phrase')
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "query" in result.stderr


def test_show_by_prefix_with_one_language(archive: tuple[Path, Path]) -> None:
    home, _ = archive
    statement_id = _belarus_id(home)
    full = invoke_cli(home, "show", statement_id[:8]).stdout
    truth = json.loads(SEED_TRUTH.read_text(encoding="utf-8"))
    assert truth["masthead"][5]["text"] in full and "OCR:" in full and f"id:          {statement_id}" in full
    english = invoke_cli(home, "show", statement_id[:8], "--lang", "en").stdout
    assert f"[en] {truth['sections'][1]['title']}" in english and "[fr] " not in english
    assert truth["sections"][1]["text"][:200] in english and truth["sections"][0]["text"][:200] not in english
    shown = _json(home, "show", statement_id, "--lang", "es")
    assert [s["lang"] for s in shown["sections"]] == ["es"] and shown["ocr_confidence"] is None
    missing = invoke_cli(home, "show", statement_id, "--lang", "ja")
    assert missing.exit_code == 1 and "fr, en, es, pt" in missing.stderr
    assert invoke_cli(home, "show", "0000000000ff").exit_code == 1


def test_list_orgs_and_org(archive: tuple[Path, Path]) -> None:
    home, _ = archive
    rows = _json(home, "list")
    assert len(rows) == 2 and all(len(r["id"]) == 64 for r in rows)
    assert "title" in invoke_cli(home, "list").stdout.splitlines()[0]
    french = _json(home, "orgs", "--country", "fr")
    assert french and {o["country_code"] for o in french} == {"FR"}
    assert all(o["statements"] >= 1 for o in french)
    found = _json(home, "org", "Solidaires")
    assert [(o["acronym"], o["country_code"]) for o in found] == [("Solidaires", "FR")]
    assert found[0]["statements"][0]["id"] == _belarus_id(home)
    assert "Union syndicale Solidaires" in invoke_cli(home, "org", "union syndicale solidaires").stdout
    assert invoke_cli(home, "org", "No Such Union").exit_code == 1


def test_export_in_every_format(archive: tuple[Path, Path], tmp_path: Path) -> None:
    home, _ = archive
    as_json = json.loads(invoke_cli(home, "export", "--format", "json").stdout)
    lines = [json.loads(line) for line in invoke_cli(home, "export", "--format", "jsonl").stdout.splitlines()]
    assert as_json == lines and len(lines) == 2
    assert {len(r["signatories"]) for r in lines} == {s for s in (r["signatories"] for r in _json(home, "list"))}
    target = tmp_path / "out.csv"
    assert invoke_cli(home, "export", "--format", "csv", "-o", str(target)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in lines)


def test_stats_say_which_archive_and_count(archive: tuple[Path, Path]) -> None:
    home, _ = archive
    stats = _json(home, "stats")
    assert stats["home"] == str(home.resolve()) and stats["statements"] == 2 and stats["failed_files"] == 1
    assert stats["index_sections"] == stats["sections"] == 5
    from_env = CliRunner(env={"ARCHIVE_HOME": str(home)}).invoke(cli, ["stats"])
    assert f"archive:       {home.resolve()}" in from_env.stdout


def test_check_finds_a_disagreement_and_reindex_repairs_it(archive: tuple[Path, Path]) -> None:
    home, _ = archive
    assert invoke_cli(home, "check").exit_code == 0
    with SectionIndex.open(home / "index", create=False) as index:
        index.delete([_belarus_id(home)])
    broken = invoke_cli(home, "check")
    assert broken.exit_code == 1 and "1 missing from the index" in broken.stdout
    assert invoke_cli(home, "reindex").stdout.strip() == "indexed 2 statements"
    assert _json(home, "check")["ok"] is True


def test_reading_an_archive_that_does_not_exist_is_exit_1(run_cli, archive_home: Path) -> None:
    for command in (("list",), ("search", "strike"), ("stats",), ("show", "ab"), ("check",)):
        result = run_cli(*command)
        assert result.exit_code == 1 and "no archive" in result.stderr, command
    assert not archive_home.exists()


def test_the_data_directory_is_chosen_by_option_then_environment_then_per_user_default(tmp_path: Path) -> None:
    env = {"ARCHIVE_HOME": str(tmp_path / "from-env"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert Settings.resolve(home=tmp_path / "given", environ=env).home == tmp_path / "given"
    assert Settings.resolve(environ=env).home == tmp_path / "from-env"
    assert Settings.resolve(environ={"XDG_DATA_HOME": env["XDG_DATA_HOME"]}).home == tmp_path / "xdg" / "statement-archive"
    assert Settings.resolve(environ={}).home == Path.home() / ".local" / "share" / "statement-archive"


def test_version_names_the_extractor_version(run_cli) -> None:
    import extractor

    result = run_cli("--version")
    assert result.exit_code == 0 and f"extractor {extractor.VERSION}" in result.stdout


def test_a_memory_limit_below_what_a_worker_needs_is_misuse(run_cli, tmp_path) -> None:
    result = run_cli("ingest", str(tmp_path), "--memory-limit", "100")
    assert result.exit_code == 2 and "--memory-limit" in result.stderr
