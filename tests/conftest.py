"""Shared fixtures: where the fixture PDFs are, a temporary archive home and cache, and the CLI run against it."""
from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from extractor.cache_dir import CACHE_DIR_ENV

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
NO_TESSERACT = "Tesseract is not installed (apt-get install tesseract-ocr; see .ci/apt-packages.txt)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `ocr` need the Tesseract binary: they skip, with the remedy, where it is missing."""
    if shutil.which("tesseract"):
        return
    for item in items:
        if "ocr" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=NO_TESSERACT))


@pytest.fixture(scope="session", autouse=True)
def extractor_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The extractor's cache folder for the whole run: a temporary one, never the user's.

    Session-wide, so the language model is decoded once per test run; subprocesses
    inherit it through the environment variable.
    """
    folder = tmp_path_factory.mktemp("extractor-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_DIR_ENV, str(folder))
        yield folder


@pytest.fixture
def archive_home(tmp_path: Path) -> Path:
    """An empty data directory for one test's archive."""
    return tmp_path / "archive-home"


def invoke_cli(home: Path, *args: str) -> Result:
    """Run `archive --home HOME ARGS...` in-process; stdout and stderr kept apart."""
    from archive.cli import cli

    return CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)


@pytest.fixture
def run_cli(archive_home: Path) -> Callable[..., Result]:
    """`run_cli("search", "grève")` runs the CLI on this test's archive."""
    return lambda *args: invoke_cli(archive_home, *args)


def copy_fixtures(folder: Path, names: dict[str, str]) -> Path:
    """Copy fixture files (path relative to tests/fixtures -> name in `folder`) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for source, target in names.items():
        destination = folder / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / source, destination)
    return folder


@pytest.fixture(scope="session")
def research_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The home of an archive of the README's examples and every fixture statement, ingested once per session."""
    home = tmp_path_factory.mktemp("research") / "home"
    result = invoke_cli(home, "ingest", str(REPO / "examples"), str(FIXTURES / "statements"),
                        str(FIXTURES / "corpus" / "belarus-2020.pdf"), "--jobs", "2", "--json")
    assert result.exit_code == 0, result.output
    return home


def stalling_pdf(folder: Path) -> Path:
    """A PDF that keeps a worker busy for about ten seconds here, twice the shortest timeout the tests set:
    250,000 blank pages (100,000 took under 4 s once extraction got faster). A FIFO is refused at once."""
    sys.path.insert(0, str(FIXTURES / "hostile"))
    from make_hostile import many_blank_pages_pdf

    stall = folder / "stall.pdf"
    stall.write_bytes(many_blank_pages_pdf(250_000))
    return stall
