"""Dates, languages and the errors extract() raises for bad input."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import extractor.ocr
from extractor import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    ExtractOptions,
    NeedsOcr,
    NotAPdf,
    OcrUnavailable,
    extract,
)
from extractor.structure import find_date, is_dateline
from extractor.structure import LanguageGuesser

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dimanche 9 août 2020, le peuple", date(2020, 8, 9)),
        ("on Sunday 9 August 2020", date(2020, 8, 9)),
        ("el domingo 9 de agosto de 2020", date(2020, 8, 9)),
        ("August 9, 2020", date(2020, 8, 9)),
        ("Paris, le 1er mai 2021", date(2021, 5, 1)),
        ("Berlin, 3. März 2019", date(2019, 3, 3)),
        ("Lisboa, 25 de abril de 2024", date(2024, 4, 25)),
        ("2021-03-04", date(2021, 3, 4)),
        ("12/03/2021", date(2021, 3, 12)),
        ("nothing but 2020", None),
        ("31 février 2020", None),
    ],
)
def test_dates_in_several_languages(text, expected):
    assert find_date(text) == expected


def test_a_dateline_is_short():
    assert is_dateline("Paris, le 12 mars 2021")
    assert not is_dateline("Le 12 mars 2021, des milliers de personnes ont manifesté dans tout le pays.")


def test_statement_date_is_found():
    assert extract(FIXTURES / "corpus/belarus-2020.pdf").date == "2020-08-09"


def test_language_of_long_and_short_texts():
    guesser = LanguageGuesser()
    assert guesser.guess("Les travailleurs et les travailleuses sont en grève depuis lundi.")[0] == "fr"
    assert guesser.guess("الشبكة النقابية العالمية للتضامن والنضال")[0] == "ar"
    assert guesser.guess("1234 — 56")[0] is None
    among = guesser.restricted_to({"pt", "es"})
    assert among.guess("Rede Sindical Internacional de Solidariedade e de Lutas")[0] == "pt"


@pytest.mark.parametrize("short", ["FO", "A", "é", "de"])
def test_a_text_of_one_or_two_bytes_is_guessed_after_longer_ones(short):
    """Texts are scored in one pass over all their bytes, and scores are kept across documents: a
    document whose only new text is one or two bytes long is scored as a fresh guesser scores it."""
    guesser = LanguageGuesser()
    guesser.prepare(["Confédération générale du travail"])
    guesser.prepare([short, "Confédération générale du travail"])
    (language, score), (alone, alone_score) = guesser.guess(short), LanguageGuesser().guess(short)
    assert language == alone and score == pytest.approx(alone_score, rel=1e-9)  # sums in another order


def test_masthead_lines_take_distinct_languages():
    lines = [
        "Red Sindical Internacional de Solidaridad y de Luchas",
        "Rede Sindical Internacional de Solidariedade e de Lutas",
        "Réseau Syndical International de Solidarité et de Luttes",
    ]
    guesser = LanguageGuesser().restricted_to({"fr", "en", "es", "pt", "it", "de", "ar"})
    assert guesser.distinct(lines) == ["es", "pt", "fr"]


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("not-a-pdf.pdf", NotAPdf),
        ("empty.pdf", EmptyFile),
        ("truncated.pdf", CorruptPdf),
        ("encrypted.pdf", EncryptedPdf),
    ],
)
def test_bad_input_raises_an_error_naming_the_file(name, error):
    path = FIXTURES / "bad" / name
    with pytest.raises(error) as raised:
        extract(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and "\n" not in message


def test_image_only_pdf_without_ocr_says_it_needs_ocr():
    path = FIXTURES / "bad/image-only.pdf"
    with pytest.raises(NeedsOcr, match="OCR"):
        extract(path, ExtractOptions(ocr="never"))


def test_image_only_pdf_without_tesseract_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(extractor.ocr, "tesseract_available", lambda: False)
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr"):
        extract(FIXTURES / "bad/image-only.pdf")


@pytest.mark.ocr
def test_image_only_pdf_is_read_by_ocr(tmp_path):
    statement = extract(FIXTURES / "scans/three-languages-scan.pdf", ExtractOptions(ocr_cache=tmp_path))
    assert statement.ocr_pages and statement.ocr_confidence is not None
    assert [s.lang for s in statement.sections] == ["fr", "en", "es"]
