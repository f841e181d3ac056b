"""Characters as PDFium hands them over: one code point per character, whatever its plane."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from extractor.options import ENGINES
from extractor.readers import read_pages

THUMBS_UP = "\U0001F44D"  # outside the Basic Multilingual Plane: two UTF-16 units


def _font_with(char: str) -> Path:
    """A font file that has a glyph for `char`, found by fontconfig (the test skips without one)."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed")
    with tempfile.TemporaryDirectory() as cache:  # fontconfig may write its cache: not in the user's home
        listed = subprocess.run(["fc-list", f":charset={ord(char):x}", "file"], capture_output=True, text=True,
                                check=False, env={**os.environ, "XDG_CACHE_HOME": cache}).stdout
    files = sorted(line.rstrip(": ") for line in listed.splitlines() if line.strip().endswith((".ttf:", ".otf:")))
    if not files:
        pytest.skip(f"no installed font has U+{ord(char):04X}")
    return Path(files[0])


@pytest.fixture(scope="module")
def emoji_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """'Great work 👍 thanks' on one line, the emoji from a font of its own."""
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 makes the PDF (pip install '.[fixtures]')")
    text_font = _font_with("G")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("Text", fname=str(text_font))
    pdf.add_font("Symbols", fname=str(_font_with(THUMBS_UP)))
    for family, text in (("Text", "Great work "), ("Symbols", THUMBS_UP), ("Text", " thanks")):
        pdf.set_font(family, size=14)
        pdf.cell(text=text)
    path = tmp_path_factory.mktemp("emoji") / "emoji.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_a_character_outside_the_basic_plane_is_one_code_point(emoji_pdf: Path, engine: str) -> None:
    [page] = read_pages(emoji_pdf, engine=engine)
    text = " ".join(run.text for run in page.runs)
    assert THUMBS_UP in text
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text), ascii(text)  # no lone surrogate
    assert text.split() == ["Great", "work", THUMBS_UP, "thanks"]
