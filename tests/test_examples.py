"""The README's usage examples and every `--help` example run as written, against a small ingested archive."""
from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli

from .conftest import REPO, invoke_cli

README = REPO / "README.md"
_SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
_COMMENT = re.compile(r"\s{2,}#.*$")  # a trailing comment, as the README aligns them
_ENV = re.compile(r"^[A-Z_]+=\S+$")


def _archive_commands(lines: list[str]) -> list[str]:
    """Each `archive ...` command in shell lines: split at && and ||, without pipes, redirections, comments."""
    found = []
    for line in lines:
        for part in re.split(r"&&|\|\|", _COMMENT.sub("", line)):
            words = part.split("|", 1)[0].split(">", 1)[0].split()
            while words and _ENV.match(words[0]):
                words.pop(0)
            if words and words[0] == "archive" and _NEEDS_A_CLUSTER not in words:
                found.append(" ".join(words))
    return found


# Examples that need a Dask cluster on other machines: tests/test_cluster.py runs the option on a loopback one.
_NEEDS_A_CLUSTER = "--scheduler"
_REMOVING = ("remove", "prune")  # commands that take statements out of the archive


def readme_commands() -> list[str]:
    return _archive_commands([line for block in _SHELL_BLOCK.findall(README.read_text(encoding="utf-8"))
                              for line in block.splitlines()])


def help_commands() -> list[str]:
    found = []
    for command in [None, *sorted(cli.all_commands())]:
        text = CliRunner().invoke(cli, [*([command] if command else []), "--help"]).stdout
        example = text.split("Example:", 1)[1] if "Example:" in text else ""
        found += _archive_commands([line.strip() for line in example.splitlines()])
    return found


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(home, folder): an archive of the README's examples, and a folder holding the files the examples name."""
    root = tmp_path_factory.mktemp("examples")
    folder = root / "work"
    shutil.copytree(REPO / "examples", folder / "examples")
    example = folder / "examples" / "belarus-2020.pdf"
    for name in ("statement.pdf", "scans/fax-2021.pdf", "scans/belarus.pdf", "statements/belarus.pdf"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(example, folder / name)
    (folder / "questions.txt").write_text("strike\n\"general strike\" OR grève\n", encoding="utf-8")
    home = root / "home"
    result = invoke_cli(home, "ingest", str(folder / "examples"), "--jobs", "2", "--json")
    assert result.exit_code == 0, result.output
    return home, folder


def _run(command: str, home: Path, folder: Path, monkeypatch: pytest.MonkeyPatch):
    """Run one example on our archive: its own --home is replaced, ~/ is the work folder."""
    words = [w.replace("~/", f"{folder}/") for w in shlex.split(command)][1:]
    if words[:1] == ["--home"]:
        words = words[2:]
    if words[0] in _REMOVING:  # on a copy, so that the examples after it find the archive whole
        copy = home.parent / f"{home.name}-{words[0]}-{len(list(home.parent.iterdir()))}"
        shutil.copytree(home, copy)
        home = copy
    elif words[0] == "init":  # makes a new archive
        home = home.parent / f"new-{len(list(home.parent.iterdir()))}"
    monkeypatch.chdir(folder)
    return invoke_cli(home, *words)


def test_the_examples_are_found() -> None:
    readme, helps = readme_commands(), help_commands()
    assert len(readme) >= 20 and any(c.startswith("archive search --queries") for c in readme)
    assert all(any(c.split()[1] == name for c in helps) for name in cli.all_commands())


@pytest.mark.parametrize("command", readme_commands())
def test_a_readme_example_runs(command: str, workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(command, *workspace, monkeypatch)
    assert result.exit_code == 0, f"{command}\n{result.output}"


@pytest.mark.parametrize("command", help_commands())
def test_a_help_example_runs(command: str, workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(command, *workspace, monkeypatch)
    assert result.exit_code == 0, f"{command}\n{result.output}"
