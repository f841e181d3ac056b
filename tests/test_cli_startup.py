"""Start-up of the command line: each command imports only what it runs (checked in a fresh process).

`archive --version` and `--help` load neither the store, the index, the PDF readers nor numpy;
`archive extract` loads the extractor's pipeline but neither SQLite's wrapper nor an index backend;
the read commands (search, list, show, orgs, export) load neither sqlite-utils, the extractor's layout
nor the ingest, and only search loads an index backend.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STATEMENT = Path(__file__).parent / "fixtures" / "statements" / "one-language-en.pdf"
# What only some commands need: the store, the index backends, the PDF reader, the progress bar.
HEAVY = ("sqlite_utils", "whoosh", "tantivy", "numpy", "pypdfium2", "tqdm", "extractor.pipeline", "archive.library",
         "archive.store", "index.section_index")


def _loaded_by(args: list[str]) -> list[str]:
    """Which HEAVY modules `archive ARGS` has imported when it exits (run as a new process)."""
    probe = ("import atexit, json, sys\n"
             f"atexit.register(lambda: print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr))\n"
             "from archive.cli import main\n"
             f"sys.argv = ['archive', *{args!r}]\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_import_archive_loads_nothing_heavy() -> None:
    probe = f"import archive, json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=300,
                          check=True)
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["ingest", "--help"], ["search", "--help"]])
def test_version_and_help_load_nothing_heavy(args: list[str]) -> None:
    assert _loaded_by(args) == []


def test_extract_loads_the_pipeline_but_not_the_store_nor_the_index(tmp_path: Path) -> None:
    loaded = _loaded_by(["--home", str(tmp_path), "extract", str(STATEMENT), "--ocr", "never", "--json"])
    assert "extractor.pipeline" in loaded
    assert not {"sqlite_utils", "whoosh", "tantivy", "archive.store", "index.section_index"} & set(loaded)


def test_version_loads_no_command_module_and_a_command_only_its_own() -> None:
    probe = ("import json, sys\nfrom archive.cli import main\nsys.argv = ['archive', *sys.argv[1:]]\n"
             "try:\n    main()\nfinally:\n"
             "    print(json.dumps(sorted(m for m in sys.modules if m.startswith(('archive.cli._', 'extractor.model')))),"
             " file=sys.stderr)\n")

    def loaded(*args: str) -> set[str]:
        done = subprocess.run([sys.executable, "-c", probe, *args], cwd=REPO, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        return set(json.loads(done.stderr.strip().splitlines()[-1]))

    assert loaded("--version") == {"archive.cli._group"}
    assert loaded("search", "--help") == {"archive.cli._group", "archive.cli._research"}


# The read commands (search, list, show, org, orgs, export) run on plain sqlite3 and the index: what only
# writers, the extractor's pipeline or the ingest need must not load (sqlite-utils alone pulls numpy, dateutil
# and pluggy in; the country table must not bring the layout, the PDF readers and numpy with it).
WRITERS_ONLY = ("sqlite_utils", "extractor.pipeline", "extractor.layout", "extractor.signatories", "pypdfium2",
                "archive.ingest", "archive.workers", "multiprocessing", "tqdm")
BACKENDS_INSTALLED = [pytest.param(b, marks=pytest.mark.skipif(importlib.util.find_spec(b) is None,
                                                               reason=f"{b} is not installed"))
                      for b in ("whoosh", "tantivy")]


def _modules_loaded_by(args: list[str], modules: tuple[str, ...]) -> set[str]:
    """Which of `modules` `archive ARGS` has imported when it exits (run as a new process)."""
    probe = ("import atexit, json, sys\n"
             f"atexit.register(lambda: print(json.dumps([m for m in {modules!r} if m in sys.modules]), file=sys.stderr))\n"
             "from archive.cli import main\n"
             f"sys.argv = ['archive', *{args!r}]\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.fixture(scope="module", params=BACKENDS_INSTALLED)
def small_archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(backend, home) of an archive holding one ingested statement."""
    home = tmp_path_factory.mktemp(f"home-{request.param}")
    archive = [sys.executable, "-m", "archive", "--home", str(home)]
    subprocess.run([*archive, "init", "--index", request.param], cwd=REPO, check=True, capture_output=True, timeout=300)
    subprocess.run([*archive, "ingest", str(STATEMENT), "--jobs", "1", "--ocr", "never", "--json"], cwd=REPO,
                   check=True, capture_output=True, timeout=600)
    return request.param, home


@pytest.mark.parametrize("command", [["list"], ["show", "{id}"], ["orgs"], ["orgs", "--country", "France"],
                                     ["export", "--format", "jsonl"], ["export", "--what", "signatories",
                                                                       "--format", "csv"]], ids=" ".join)
def test_reading_the_catalogue_loads_no_index_backend_nor_what_writers_need(small_archive: tuple[str, Path],
                                                                             command: list[str]) -> None:
    _, home = small_archive
    listed = subprocess.run([sys.executable, "-m", "archive", "--home", str(home), "list", "--json"], cwd=REPO,
                            check=True, capture_output=True, text=True, timeout=300)
    statement_id = json.loads(listed.stdout)[0]["id"]
    args = ["--home", str(home), *(part.format(id=statement_id) for part in command)]
    loaded = _modules_loaded_by(args, (*WRITERS_ONLY, "numpy", "whoosh", "tantivy"))
    assert loaded == set()


@pytest.mark.parametrize("query", [["strike"], ["strike", "--country", "Royaume-Uni", "--lang", "en"],
                                   ["strike", "--format", "csv"]], ids=" ".join)
def test_search_loads_its_index_but_not_what_writers_need(small_archive: tuple[str, Path], query: list[str]) -> None:
    backend, home = small_archive
    loaded = _modules_loaded_by(["--home", str(home), "search", *query], (*WRITERS_ONLY, "numpy", backend))
    assert backend in loaded  # the probe sees the search's own imports
    assert loaded - {backend, "numpy"} == set()
    if backend == "tantivy":  # (Whoosh's array scoring is numpy's)
        assert "numpy" not in loaded
