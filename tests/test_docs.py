"""Docs that cannot drift: every command's --help shows an example of that command."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from archive.cli import cli

COMMANDS = sorted(cli.commands)


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
