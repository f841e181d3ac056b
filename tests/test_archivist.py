"""The archivist's archive over time: exit status, failures, moves, replacements, pruning, odd file names."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from archive.workers import ExtractionJob, run_extractions
from extractor import ExtractOptions

from .conftest import FIXTURES, REPO, copy_fixtures, invoke_cli

NURSES = "statements/one-language-en.pdf"
SIX = "statements/six-languages.pdf"
TRUNCATED = "bad/truncated.pdf"


def _cli(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python3 -m archive --home HOME ARGS...` in a process of its own; bytes out, for names that are not UTF-8."""
    return subprocess.run([sys.executable, "-m", "archive", "--home", os.fsencode(home), *args], cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO), **(env or {})), capture_output=True, timeout=600)


# -- exit status, failures -------------------------------------------------------------------------


def test_ingest_exits_0_when_all_went_in_1_when_some_failed_2_for_misuse(tmp_path: Path) -> None:
    good = copy_fixtures(tmp_path / "good", {NURSES: "nurses.pdf"})
    mixed = copy_fixtures(tmp_path / "mixed", {SIX: "six.pdf", TRUNCATED: "truncated.pdf"})
    home = tmp_path / "home"
    assert _cli(home, "ingest", str(good)).returncode == 0
    failed = _cli(home, "ingest", str(mixed))
    assert failed.returncode == 1
    assert f"! {mixed / 'truncated.pdf'}: corrupt".encode() in failed.stdout, "the failures are listed"
    assert _cli(home, "ingest", str(tmp_path / "no-such-folder")).returncode == 2
    assert _cli(home, "ingest", "--jobs", "0", str(good)).returncode == 2
    help_text = _cli(home, "ingest", "--help").stdout.decode()
    assert "Exit status: 0" in " ".join(help_text.split())


def test_failures_lists_each_path_once(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "pdfs", {TRUNCATED: "truncated.pdf", "bad/not-a-pdf.pdf": "not-a-pdf.pdf"})
    home = tmp_path / "home"
    invoke_cli(home, "ingest", str(folder))
    out = invoke_cli(home, "failures").stdout
    for name in ("truncated.pdf", "not-a-pdf.pdf"):
        assert out.count(str(folder / name)) == 1, out


def test_the_timeout_hint_names_both_options(tmp_path: Path) -> None:
    stall = tmp_path / "stall.pdf"
    os.mkfifo(stall)
    [result] = run_extractions([ExtractionJob("stall", str(stall))], options=ExtractOptions(), workers=1,
                               timeout=1, first_file_allowance=0)
    assert "--timeout N --retry-failed" in result.reason
