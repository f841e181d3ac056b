"""Start-up: `import extractor` and one extraction import only what they use (checked in a fresh process)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STATEMENT = Path(__file__).parent / "fixtures" / "statements" / "one-language-en.pdf"
HEAVY = ("numpy", "pypdfium2", "langid", "babel", "PIL", "pdfplumber", "platformdirs")


def _imported_after(code: str) -> list[str]:
    """Which of the heavy libraries a new Python process has imported after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_import_extractor_loads_no_heavy_library() -> None:
    assert _imported_after("import extractor; extractor.VERSION") == []


def test_extracting_a_text_pdf_loads_neither_langid_babel_pillow_nor_pdfplumber(extractor_cache: Path) -> None:
    from extractor import ExtractOptions, extract

    extract(STATEMENT, ExtractOptions(cache_dir=extractor_cache))  # the language model is in the cache now
    # (the new process finds the cache folder through the environment, set by the conftest)
    code = f"from extractor import ExtractOptions, extract; extract({str(STATEMENT)!r}, ExtractOptions(ocr='never'))"
    assert _imported_after(code) == ["numpy", "pypdfium2"]
