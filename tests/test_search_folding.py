"""One folding for search: what a researcher types finds what the PDF draws (dotless ı, ß, quotes), both backends."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from index import backend_available

from .conftest import invoke_cli

# Invented statements; each holds letters that fold to more, fewer or other letters than they are.
WRITTEN = {
    "title": "Solidarity with the food workers of İstanbul",
    "paragraphs": [
        "The Gıda-İş federation called a strike at the bakery depot of İstanbul after the dismissal of forty bakers.",
        "In Berlin, a rally on Karl-Marx-Straße will support the strike, and the workers’ union asks "
        "the employer to reopen the talks.",
    ],
}
TYPED = {
    "title": "Dockers of Marseille stand by the port strike",
    "paragraphs": [
        "The dockers' union of Marseille will stop the cranes for two hours on Friday.",
        "They call on the dockers of every port to join the strike and to refuse overtime work.",
    ],
}
CHARACTERS = "İıß’"


def _font() -> Path:
    """An installed font drawing every character of the statements."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed")
    charset = " ".join(f"{ord(c):x}" for c in CHARACTERS)
    with tempfile.TemporaryDirectory() as cache:  # fontconfig may write its cache: not in the user's home
        listed = subprocess.run(["fc-list", f":charset={charset}", "file"], capture_output=True, text=True,
                                check=False, env={**os.environ, "XDG_CACHE_HOME": cache}).stdout
    files = sorted(line.rstrip(": ") for line in listed.splitlines() if line.strip().endswith(".ttf:"))
    if not files:
        pytest.skip(f"no installed TrueType font draws {CHARACTERS}")
    return Path(files[0])


def _draw(statement: dict, path: Path, font: Path) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 makes the PDF (pip install '.[fixtures]')")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("Text", fname=str(font))
    pdf.set_font("Text", size=15)
    pdf.multi_cell(0, 9, statement["title"])
    pdf.ln(4)
    pdf.set_font("Text", size=11)
    for paragraph in statement["paragraphs"]:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    pdf.output(str(path))


@pytest.fixture(scope="module", params=["whoosh", "tantivy"])
def folding_archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive, with each backend, of one statement with "İstanbul", "Gıda", "Straße", "workers’" and one
    with "dockers'"."""
    if not backend_available(request.param):
        pytest.skip(f"the {request.param} backend is not installed")
    font = _font()
    folder = tmp_path_factory.mktemp("folding-pdfs")
    _draw(WRITTEN, folder / "food-workers-istanbul.pdf", font)
    _draw(TYPED, folder / "dockers-marseille.pdf", font)
    home = tmp_path_factory.mktemp(f"folding-{request.param}") / "home"
    assert invoke_cli(home, "init", "--index", request.param).exit_code == 0
    result = invoke_cli(home, "ingest", str(folder), "--json")
    assert result.exit_code == 0, result.output
    return home


def _search(home: Path, query: str) -> dict[str, str]:
    """File name -> snippet of each statement the query finds."""
    result = invoke_cli(home, "search", query, "--limit", "100", "--json")
    assert result.exit_code == 0, result.output
    return {Path(m["file"]).name: m["snippet"] for m in json.loads(result.stdout)}


@pytest.mark.parametrize(("query", "written"), [
    ("Istanbul", "İstanbul"), ("istanbul", "İstanbul"), ("İSTANBUL", "İstanbul"),
    ("strasse", "Straße"), ("STRASSE", "Straße"), ("Gida", "Gıda"), ("GIDA", "Gıda"),
])
def test_a_word_typed_without_its_special_letters_finds_it(folding_archive: Path, query: str, written: str) -> None:
    found = _search(folding_archive, query)
    assert set(found) == {"food-workers-istanbul.pdf"}
    assert f"[[{written}]]" in found["food-workers-istanbul.pdf"], "highlighted as written, whole"


def test_the_written_form_finds_the_same_statements_as_the_typed_one(folding_archive: Path) -> None:
    for written, typed in (("İstanbul", "Istanbul"), ("Straße", "strasse"), ("Gıda", "gida")):
        assert _search(folding_archive, written).keys() == _search(folding_archive, typed).keys() != set()


@pytest.mark.parametrize(("query", "file", "written"), [
    ('"workers\' union"', "food-workers-istanbul.pdf", "workers’ union"),
    ('"dockers’ union"', "dockers-marseille.pdf", "dockers' union"),
])
def test_an_apostrophe_typed_finds_a_typographic_one_and_the_reverse(folding_archive: Path, query: str, file: str,
                                                                     written: str) -> None:
    found = _search(folding_archive, query)
    assert set(found) == {file}
    first, second = written.split(" ")
    assert f"[[{first[:-1]}]]{first[-1]} [[{second}]]" in found[file], "the apostrophe shown as the PDF has it"


def test_a_prefix_folds_as_words_do(folding_archive: Path) -> None:
    assert set(_search(folding_archive, "Gıd*")) == set(_search(folding_archive, "gid*")) == {"food-workers-istanbul.pdf"}
