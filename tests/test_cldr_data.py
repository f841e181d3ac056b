"""The committed CLDR data files (country names, month names) are what babel gives today."""
from __future__ import annotations

import re
from types import ModuleType

import pytest

babel = pytest.importorskip("babel", reason="babel writes the CLDR data files")

from extractor.signatories import _cldr_names  # noqa: E402
from extractor.structure import _cldr_months  # noqa: E402


@pytest.mark.parametrize("writer", [_cldr_names, _cldr_months], ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_the_committed_file_is_what_its_script_writes(writer: ModuleType) -> None:
    committed = writer.NAMES_FILE.read_text(encoding="utf-8")
    version = re.search(r"from babel (\S+)", committed)
    assert version, "the file's header names the babel version it was written from"
    if version.group(1) != babel.__version__:
        pytest.skip(f"written from babel {version.group(1)}, babel {babel.__version__} is installed")
    assert committed == writer.names_file_text(), (
        f"{writer.NAMES_FILE.name} is stale: run python3 -m {writer.__name__}"
    )
