"""Docs that cannot drift: every command's --help shows an example of that command; the README's Python example runs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive, SearchRequest
from archive.cli import cli

from .conftest import REPO

COMMANDS = sorted(cli.all_commands())


def test_the_commands_the_issues_ask_for_exist() -> None:
    assert {"extract", "ingest", "search", "show", "list", "orgs", "org", "export", "stats", "reindex",
            "check"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout, f"`archive {command} --help` has no example"
    example = result.stdout.split("Example:", 1)[1]
    assert re.search(rf"\barchive( --home \S+)? {command}\b", example), f"the example does not run {command}"


def test_the_group_help_has_an_example() -> None:
    assert "Example:" in CliRunner().invoke(cli, ["--help"]).stdout


def test_every_data_command_offers_json() -> None:
    for command in ("ingest", "search", "show", "list", "orgs", "org", "stats", "check", "extract", "failures"):
        assert "--json" in CliRunner().invoke(cli, [command, "--help"]).stdout, command


# -- the README's Python example -------------------------------------------------------------------

README = REPO / "README.md"
EXAMPLE_HOME = "/tmp/statement-demo"  # the data directory the README's examples use


def _python_example() -> str:
    """The code block under the README's "From Python" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## From Python\n", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_python_example_runs_as_written(tmp_path: Path) -> None:
    code = _python_example()
    assert code.count(EXAMPLE_HOME) == 1, "the example names its data directory once"
    home = tmp_path / "home"
    script = tmp_path / "example.py"
    script.write_text(code.replace(EXAMPLE_HOME, str(home)), encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    first, *shown = run.stdout.splitlines()
    assert first == f"{len(list((REPO / 'examples').glob('*.pdf')))} new statements, 0 failures"
    titles = [line for line in shown if not line.startswith("    ")]
    with Archive.open(home) as archive:
        matches = archive.search(SearchRequest("strike OR solidarity", langs=("en",), limit=3)).matches
        expected = [archive.statement(m.id) for m in matches]
    assert len(titles) == len(expected) >= 2
    assert titles == [f"{s.date} {s.title}" for s in expected]
    signatories = [line.strip() for line in shown if line.startswith("    ")]
    assert signatories == [f"{g.name} {g.country_code or ''}".strip() for s in expected for g in s.signatories[:3]]
