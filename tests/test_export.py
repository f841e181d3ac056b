"""Exports for spreadsheets and Gephi: one row per signature, search hits as CSV/JSON Lines, the co-signature network."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from .conftest import invoke_cli

BOM = "\ufeff"


def _json(home: Path, *args: str):
    result = invoke_cli(home, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _signed(home: Path, name: str) -> set[str]:
    return {s["id"] for o in _json(home, "org", name) for s in o["statements"]}


def test_signatories_csv_has_one_row_per_signature(research_archive: Path) -> None:
    result = invoke_cli(research_archive, "export", "--what", "signatories", "--format", "csv")
    assert result.exit_code == 0 and not result.stdout.startswith(BOM), "a BOM only with --excel"
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["statement_id", "date", "title", "file", "organisation_id", "organisation", "name",
                             "acronym", "country", "country_code", "category"]
    assert len(rows) == _json(research_archive, "stats")["signatures"]
    belarus = next(s for s in _json(research_archive, "list") if s["date"] == "2020-08-09")
    mine = [r for r in rows if r["statement_id"] == belarus["id"]]
    assert len(mine) == belarus["signatories"]
    cgt = next(r for r in mine if r["acronym"] == "CGT")
    assert (cgt["country_code"], cgt["date"], Path(cgt["file"]).name) == ("ES", "2020-08-09", "belarus-2020.pdf")
    assert cgt["organisation_id"] == str(_json(research_archive, "org", "CGT")[0]["id"])


def test_excel_csv_starts_with_a_bom_and_json_is_the_short_form(research_archive: Path) -> None:
    excel = invoke_cli(research_archive, "export", "--what", "signatories", "--format", "csv", "--excel").stdout
    plain = invoke_cli(research_archive, "export", "--what", "signatories", "--format", "csv").stdout
    assert excel == BOM + plain
    as_json = invoke_cli(research_archive, "export", "--what", "signatories", "--json").stdout
    assert json.loads(as_json) == json.loads(invoke_cli(research_archive, "export", "--what", "signatories",
                                                        "--format", "json").stdout)
    assert invoke_cli(research_archive, "export", "--what", "network", "--format", "csv").exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_search_hits_as_csv_or_jsonl(research_archive: Path, fmt: str) -> None:
    shown = _json(research_archive, "search", "strike AND grève")
    text = invoke_cli(research_archive, "search", "strike AND grève", "--format", fmt).stdout
    rows = list(csv.DictReader(io.StringIO(text))) if fmt == "csv" else [json.loads(x) for x in text.splitlines()]
    assert [r["id"] for r in rows] == [m["id"] for m in shown]
    assert {r["query"] for r in rows} == {"strike AND grève"}
    assert all(re.search(r"\*\w[^*]*\*", r["snippet"]) and "[[" not in r["snippet"] for r in rows), "words starred"
    assert all(r["file"].endswith(".pdf") for r in rows)


def test_queries_file_writes_one_csv_with_the_query_beside_each_hit(research_archive: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("strike\n\ndockers OR estibadores\nstrike -grève\n", encoding="utf-8")
    target = tmp_path / "hits.csv"
    result = invoke_cli(research_archive, "search", "--queries", str(questions), "--format", "csv", "--excel",
                        "--limit", "50", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    for query in ("strike", "dockers OR estibadores", "strike -grève"):
        expected = [m["id"] for m in _json(research_archive, "search", query, "--limit", "50")]
        assert [r["id"] for r in rows if r["query"] == query] == expected and expected, query
    assert invoke_cli(research_archive, "search", "--queries", str(questions)).exit_code == 2, "text needs one query"


def test_cosigners_count_the_statements_signed_together(research_archive: Path) -> None:
    found = _json(research_archive, "org", "CGT", "--cosigners")
    assert len(found) == 1
    cgt = found[0]
    solidaires = next(c for c in cgt["cosigners"] if c["acronym"] == "Solidaires" and c["country_code"] == "FR")
    together = _signed(research_archive, "CGT") & {s["id"] for o in _json(research_archive, "org", "Solidaires")
                                                   if o["country_code"] == "FR" for s in o["statements"]}
    assert set(solidaires["statements"]) == together and len(together) > 1
    counts = [len(c["statements"]) for c in cgt["cosigners"]]
    assert counts == sorted(counts, reverse=True) and all(c["id"] != cgt["id"] for c in cgt["cosigners"])
    text = invoke_cli(research_archive, "org", "CGT", "--cosigners").stdout
    assert f"{len(together):>5}  Union syndicale Solidaires (Solidaires) [FR]" in text


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_cosignature_network_for_gephi(research_archive: Path, tmp_path: Path, fmt: str) -> None:
    nx = pytest.importorskip("networkx", reason="networkx is the optional extra statement-archive[network]")
    target = tmp_path / f"network.{fmt}"
    result = invoke_cli(research_archive, "export", "--what", "network", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
    orgs = _json(research_archive, "orgs")
    assert graph.number_of_nodes() == len(orgs)
    cgt = _json(research_archive, "org", "CGT", "--cosigners")[0]
    node = graph.nodes[str(cgt["id"])]
    assert (node["country"], int(node["statements"])) == ("ES", cgt["statements"])
    for other in cgt["cosigners"][:5]:
        assert int(graph.edges[str(cgt["id"]), str(other["id"])]["weight"]) == len(other["statements"])
    assert graph.degree(str(cgt["id"])) == len(cgt["cosigners"])
