"""The extractor's caches: one folder, chosen by option, environment or platformdirs; no pickle; nothing else written."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from extractor import ExtractOptions, extract
from extractor.cache_dir import CACHE_DIR_ENV, cache_dir
from extractor.structure._languages import _cached_arrays

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
STATEMENT = FIXTURES / "statements" / "one-language-en.pdf"


def test_the_option_wins_over_the_environment_which_wins_over_the_user_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "from-env"))
    assert cache_dir(tmp_path / "chosen") == tmp_path / "chosen"
    assert cache_dir() == tmp_path / "from-env"
    monkeypatch.delenv(CACHE_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "statement-archive"


def test_the_language_model_is_cached_as_npz_in_the_chosen_folder(extractor_cache: Path) -> None:
    statement = extract(STATEMENT, ExtractOptions(cache_dir=extractor_cache))
    assert statement.sections[0].lang == "en"
    [model] = extractor_cache.glob("langid-model-*.npz")
    with np.load(model, allow_pickle=False) as stored:  # loads without pickle, or raises
        assert stored["weights"].shape == (stored["output_features"].max() + 1, len(stored["classes"]))
    assert not list(extractor_cache.glob("*.pickle"))


class _Planted:
    """Unpickling this writes a file: what a hostile cache file could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


def test_a_pickle_planted_in_the_cache_is_never_loaded(tmp_path: Path, extractor_cache: Path) -> None:
    extract(STATEMENT, ExtractOptions(cache_dir=extractor_cache))  # the model file exists
    [model] = extractor_cache.glob("langid-model-*.npz")
    planted = tmp_path / "cache"
    planted.mkdir()
    marker = tmp_path / "marker"
    (planted / model.name).write_bytes(pickle.dumps(_Planted(marker)))
    arrays = _cached_arrays(planted)
    assert not marker.exists()
    assert len(arrays["classes"]) == 97  # decoded again from langid, and the bad file replaced
    with np.load(planted / model.name, allow_pickle=False) as stored:
        assert len(stored["classes"]) == 97


def test_archive_extract_writes_nothing_in_home(tmp_path: Path, extractor_cache: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(HOME=str(home), PYTHONPATH=str(REPO), **{CACHE_DIR_ENV: str(extractor_cache)})
    done = subprocess.run([sys.executable, "-m", "archive", "extract", str(STATEMENT), "--json"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert '"lang": "en"' in done.stdout
    assert [str(p.relative_to(home)) for p in home.rglob("*")] == []
    assert list(extractor_cache.glob("langid-model-*.npz"))
