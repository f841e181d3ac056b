"""OCR of image-only pages and detection of pages without a usable text layer.

Fixtures come from tests/fixtures/make_scan_fixtures.py: a two-page statement with a text
layer, the same pages as a noisy, slightly rotated 200 dpi scan, its first page scanned
sideways, and a PDF whose text layer is garbage. OCR tests are marked `ocr` and skipped
when Tesseract is not installed.
"""
from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.ocr import _pages as ocr_module
from extractor.errors import ExtractionError, OcrUnavailable
from extractor.ocr._hocr import Box, HocrError, HocrLine, HocrWord, parse_hocr
from extractor.model import Page, TextRun
from extractor.ocr import OcrPage, installed_ocr_languages, ocr_pages, tesseract_available
from extractor.ocr._bullets import BULLET, restore_bullets
from extractor.ocr._runs import line_sizes, reading_order
from extractor.readers import read_pages
from extractor.ocr._tesseract import SUPPORTED_LANGUAGES
from extractor.ocr import page_needs_ocr, text_quality

SCANS = Path(__file__).parent / "fixtures" / "scans"
STATEMENT = SCANS / "three-languages.pdf"
SCAN = SCANS / "three-languages-scan.pdf"
TRUTH = json.loads((SCANS / "three-languages-scan.json").read_text(encoding="utf-8"))
GARBAGE = SCANS / "garbage-text-layer.pdf"
SIDEWAYS = SCANS / "sideways-scan.pdf"

needs_tesseract = pytest.mark.ocr  # skipped by conftest.py where Tesseract is missing


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _recall(expected: str, found: Counter[str]) -> float:
    wanted = Counter(_tokens(expected))
    return sum(min(n, found[token]) for token, n in wanted.items()) / sum(wanted.values())


def _page(*texts: str, ocr: bool = False) -> Page:
    runs = tuple(
        TextRun(text, 50.0, 50.0 + 14 * i, 300.0, 62.0 + 14 * i, "F", 11.0, False, False, 1)
        for i, text in enumerate(texts)
    )
    return Page(1, 595.0, 842.0, runs, ocr=ocr)


@pytest.fixture(scope="module")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="module")
def scanned(ocr_cache: Path) -> list[OcrPage]:
    if not tesseract_available():
        pytest.skip("Tesseract is not installed")
    return ocr_pages(SCAN, [1, 2], cache_dir=ocr_cache, file_sha256="scan-fixture")


# ---------------------------------------------------------------- which pages need OCR
def test_text_layer_pages_do_not_need_ocr() -> None:
    assert [page_needs_ocr(page) for page in read_pages(STATEMENT)] == [False, False]


def test_image_only_pages_need_ocr() -> None:
    assert [page_needs_ocr(page) for page in read_pages(SCAN)] == [True, True]


def test_garbage_text_layers_need_ocr_and_a_real_one_does_not() -> None:
    # Page 1 maps its letters into the private use area, page 2 into arrow symbols,
    # page 3 has the same text with no map (the standard encoding gives real words).
    assert [page_needs_ocr(page) for page in read_pages(GARBAGE)] == [True, True, False]


@pytest.mark.parametrize("text", [
    "(cid:12)(cid:5)(cid:44) (cid:3)(cid:18)(cid:9)(cid:7) (cid:22)(cid:30) " * 5,
    "\x03\x11\x0f\x0c \x14\x05\x12\x08 \x02\x0e\x01 \x13\x0f\x0c " * 5,
    "\ufffd\ufffd\ufffd \ufffd\ufffd \ufffd\ufffd\ufffd\ufffd " * 5,
    "ÇºÞÏ ÓwÃqÀ ßÐþÛx ÅaÆbØ qWeRtY zXcVbN " * 5,  # letters in no case pattern
])
def test_symbol_soup_needs_ocr(text: str) -> None:
    assert page_needs_ocr(_page(text))


def test_pages_with_no_runs_or_almost_no_words_need_ocr() -> None:
    assert page_needs_ocr(_page())
    assert page_needs_ocr(_page("3"))


def test_real_text_in_any_script_is_usable() -> None:
    assert not page_needs_ocr(_page("الشبكة النقابية العالمية للتضامن والنضال"))
    assert not page_needs_ocr(_page(
        "Union syndicale Solidaires (Solidaires) - France.",
        "Confederación General del Trabajo (CGT) - Etat espagnol.",
        "2020 - 2021 : 45 %",
    ))


def test_an_ocr_page_is_not_ocr_again() -> None:
    assert not page_needs_ocr(_page(ocr=True))


@given(st.text())
def test_text_quality_takes_any_string(text: str) -> None:
    quality = text_quality(text)
    assert 0.0 <= quality.letter_share <= 1.0 and 0.0 <= quality.bad_share <= 1.0
    assert 0 <= quality.words <= quality.tokens


@given(st.text())
def test_hocr_parser_rejects_rubbish_with_its_own_error(text: str) -> None:
    try:
        lines = parse_hocr(text)
    except HocrError:
        return
    # Text that happens to be well-formed XML holds no hOCR line unless it spells one out.
    assert lines == () or "bbox" in text
    assert all(line.words and all(word.text == word.text.strip() != "" for word in line.words) for line in lines)


def test_hocr_lines_carry_their_words_boxes_and_baseline() -> None:
    hocr = (
        '<div class="ocr_page"><p class="ocr_par">'
        '<span class="ocr_line" title="bbox 10 20 200 40; baseline 0.01 -5; x_size 18; x_descenders 4; x_ascenders 5">'
        '<span class="ocrx_word" title="bbox 10 20 90 40; x_wconf 91">Solidarity</span> '
        '<span class="ocrx_word" title="bbox 100 20 200 40; x_wconf 87">\u200fنقابة\u200f</span>'
        '<span class="ocrx_word" title="bbox 1 1 2 2; x_wconf 10">  </span>'
        "</span></p></div>"
    )
    (line,) = parse_hocr(hocr)
    assert [word.text for word in line.words] == ["Solidarity", "نقابة"]
    assert line.words[0].box == Box(10, 20, 90, 40) and line.words[0].confidence == 91
    assert (line.baseline_slope, line.baseline_offset, line.x_size, line.x_height) == (0.01, -5, 18, 9)


def _line(text: str, x_size: float, ascenders: float, descenders: float, top: float) -> HocrLine:
    words = tuple(
        HocrWord(word, Box(100 + 200 * i, top, 280 + 200 * i, top + x_size), 95.0)
        for i, word in enumerate(text.split())
    )
    box = Box(100, top, 100 + 200 * len(words), top + x_size)
    return HocrLine(box, 0.0, -descenders, x_size, descenders, ascenders, words)


def test_an_accent_above_a_capital_does_not_make_a_line_look_larger() -> None:
    # Tesseract's numbers for a 10.5 pt body at 300 dpi, a 11.5 pt heading, and a body
    # line whose Turkish capital İ raised the ascender estimate.
    lines = [
        _line("Syndicat Autonome des Postiers", 42, 8, 9, 100),
        _line("Botswana Public Employees Union", 42, 8, 9, 160),
        _line("Local labour organizations", 46, 9, 10, 220),
        _line("Türkiye DERİ-İŞ Sendikası Tuzla", 47, 13, 9, 290),
        _line("Sindicato di base Pavia", 41, 8, 8, 350),
    ]
    sizes = line_sizes(lines, [[False] * len(line.words) for line in lines])
    assert sizes[2] > 1.08 * sizes[0]
    assert abs(sizes[3] - sizes[0]) < 0.03 * sizes[0]


def _placed(text: str, x0: float, x1: float) -> tuple[HocrWord, bool]:
    return HocrWord(text, Box(x0, 100, x1, 130), 90.0), False


def test_an_arabic_word_in_a_latin_line_keeps_its_place() -> None:
    # Tesseract's order for the seed's line "(واحد) - Syndicat des travailleurs (Vahed)":
    # the Arabic word and the dash came last.
    tesseract = [
        _placed("Syndicat", 563, 729), _placed("des", 743, 810),
        _placed("travailleurs", 824, 1034), _placed("(Vahed)", 1816, 1973),
        _placed("-", 536, 547), _placed("(واحد)", 400, 520),
    ]
    ordered = [word.text for word, _ in reading_order(tesseract, right_to_left=False)]
    assert ordered == ["(واحد)", "-", "Syndicat", "des", "travailleurs", "(Vahed)"]


def test_words_of_an_arabic_line_read_right_to_left_with_latin_inside_left_to_right() -> None:
    words = [  # "الشبكة النقابية ILNSS 2020 للتضامن" laid out right to left
        _placed("الشبكة", 1482, 1597), _placed("النقابية", 1340, 1463),
        _placed("ILNSS", 1000, 1100), _placed("2020", 1120, 1200), _placed("للتضامن", 865, 980),
    ]
    ordered = [word.text for word, _ in reading_order(words[::-1], right_to_left=True)]
    assert ordered == ["الشبكة", "النقابية", "ILNSS", "2020", "للتضامن"]


def _page_with_blob(radius: int) -> tuple[np.ndarray, HocrLine]:
    """A white page with one body line (x_size 42 px, baseline at y=225) whose words
    start at x=300, and a filled disc of the given radius 60 px before it, centred on
    the x-height band."""
    pixels = np.full((400, 1400), 250, dtype=np.uint8)
    pixels[200:234, 300:1300:40] = 20  # the words' strokes
    ys, xs = np.ogrid[:400, :1400]
    pixels[(ys - 213) ** 2 + (xs - 240) ** 2 <= radius ** 2] = 20
    line = _line("Union syndicale Solidaires", 42, 8, 9, 192)
    moved = tuple(replace(w, box=replace(w.box, x0=w.box.x0 + 200, x1=w.box.x1 + 200))
                  for w in line.words)
    return pixels, replace(line, box=replace(line.box, x0=300, x1=1300), words=moved)


@pytest.mark.parametrize(("radius", "restored"), [(6, True), (2, False), (16, False)])
def test_a_bullet_tesseract_dropped_is_put_back(radius: int, restored: bool) -> None:
    pixels, line = _page_with_blob(radius)
    (result,) = restore_bullets(pixels, [line], ink_below=135)
    assert (result.words[0].text == BULLET) is restored
    assert len(result.words) == len(line.words) + restored


@given(st.lists(
    st.tuples(st.sampled_from(["Union", "(CGT)", "-", "2020", "الشبكة", "(واحد)", "«", "ILNSS"]),
              st.integers(0, 2000)),
    max_size=12,
), st.booleans())
def test_reading_order_keeps_every_word(texts: list[tuple[str, int]], rtl: bool) -> None:
    words = [_placed(text, x, x + 50) for text, x in texts]
    ordered = reading_order(words, right_to_left=rtl)
    assert sorted(id(w) for w, _ in ordered) == sorted(id(w) for w, _ in words)


# ---------------------------------------------------------------- OCR
@needs_tesseract
def test_installed_languages_are_the_supported_ones_tesseract_lists() -> None:
    languages = installed_ocr_languages()
    assert set(languages) <= set(SUPPORTED_LANGUAGES)
    assert "eng" in languages  # CI installs the packs (.ci/apt-packages.txt)


@needs_tesseract
def test_ocr_finds_the_words_of_every_section(scanned: list[OcrPage]) -> None:
    found = Counter(t for page in scanned for run in page.page.runs for t in _tokens(run.text))
    for section in TRUTH["sections"]:
        assert _recall(section["title"] + " " + section["text"], found) >= 0.9, section["lang"]
    names = " ".join(s["name"] for s in TRUTH["signatories"])
    assert _recall(names, found) >= 0.9


@needs_tesseract
def test_arabic_comes_out_in_logical_order(scanned: list[OcrPage]) -> None:
    arabic = next(m["text"] for m in TRUTH["masthead"] if m["lang"] == "ar")
    runs = [run for run in scanned[0].page.runs if re.search("[\u0600-\u06ff]", run.text)]
    assert runs and all(run.bold for run in runs)  # the masthead is bold in every language
    words = " ".join(run.text for run in runs).split()
    assert all("\u200e" not in w and "\u200f" not in w for w in words)
    expected = arabic.split()
    in_order = [w for w in words if w in expected]
    assert len(in_order) >= len(expected) - 1
    assert in_order == sorted(in_order, key=expected.index)
    # Sized like the Latin masthead lines around it (Tesseract alone says 5-15% larger).
    latin = next(run for run in scanned[0].page.runs if run.text.startswith("Red internacional"))
    assert abs(runs[0].size - latin.size) < 0.03 * latin.size


@needs_tesseract
def test_runs_are_text_layer_like(scanned: list[OcrPage]) -> None:
    for number, result in enumerate(scanned, start=1):
        page = result.page
        assert page.ocr and page.number == number
        assert abs(page.width - 595.28) < 1 and abs(page.height - 841.89) < 1
        assert page.runs
        for run in page.runs:
            assert run.text == run.text.strip() and run.text
            assert 0 <= run.x0 < run.x1 <= page.width and 0 <= run.top < run.bottom <= page.height
            assert run.page == number and run.font == "ocr" and not run.italic
            assert 5 < run.size < 20 and abs((run.bottom - run.top) - run.size) < 0.05
            assert run.confidence is not None and 0 <= run.confidence <= 100
        assert result.confidence is not None and 70 <= result.confidence <= 100


def _text_layer_partner(run: TextRun, page: Page) -> TextRun | None:
    """The text-layer run on the same line that overlaps the OCR run most."""
    def overlap(other: TextRun) -> float:
        across = min(run.x1, other.x1) - max(run.x0, other.x0)
        down = min(run.bottom, other.bottom) - max(run.top, other.top)
        return across if down > 0.5 * run.size else 0.0
    best = max(page.runs, key=overlap)
    return best if overlap(best) > 0.5 * (run.x1 - run.x0) else None


@needs_tesseract
def test_boxes_sizes_and_weight_match_the_text_layer(scanned: list[OcrPage]) -> None:
    text_pages = read_pages(STATEMENT)
    pairs = [
        (run, partner)
        for result, text_page in zip(scanned, text_pages)
        for run in result.page.runs
        if (partner := _text_layer_partner(run, text_page)) is not None
    ]
    assert len(pairs) >= 0.9 * sum(len(r.page.runs) for r in scanned)
    # Deskewed: every line sits at the same height as in the text layer, give or take a
    # constant offset (the scan is rotated by 0.7 degrees: up to 5 pt at the page's edges).
    # Latin script only: the Arabic font's ascent and descent differ.
    offsets = [run.top - partner.top for run, partner in pairs if run.text.isascii()]
    middle = statistics.median(offsets)
    assert len(offsets) > 20 and all(abs(offset - middle) < 1.5 for offset in offsets)
    ratios = [run.size / partner.size for run, partner in pairs]
    assert all(0.9 < ratio < 1.15 for ratio in ratios)
    agree = sum(run.bold == partner.bold for run, partner in pairs)
    assert agree >= 0.95 * len(pairs)
    assert any(run.bold for run, _ in pairs) and not all(run.bold for run, _ in pairs)


@needs_tesseract
def test_headings_are_taller_than_body_text(scanned: list[OcrPage]) -> None:
    runs = scanned[0].page.runs
    body = statistics.median(run.size for run in runs)
    for section in TRUTH["sections"]:
        first_word = section["title"].split()[0].strip("¡!")
        title = next(run for run in runs if first_word in run.text)
        assert title.size > 1.15 * body and title.bold


@needs_tesseract
def test_list_bullets_come_out_as_bullets(scanned: list[OcrPage]) -> None:
    # Tesseract alone reads these as '.', '0', 'e' or '*', or drops them.
    runs = scanned[1].page.runs
    bullets = [run for run in runs if run.text == "•"]
    assert len(bullets) >= len(TRUTH["signatories"]) - 1
    assert not any(run.text in {".", "0", "o", "e", "*"} for run in runs)
    names = {s["name"].split()[0] for s in TRUTH["signatories"]}
    # Each bullet is followed, on its line, by the first word of a signatory.
    for bullet in bullets:
        right = [r for r in runs if abs(r.top - bullet.top) < 2 and r.x0 > bullet.x1]
        assert right and min(right, key=lambda r: r.x0).text.split()[0] in names


@needs_tesseract
def test_cached_pages_are_not_ocr_again(
    scanned: list[OcrPage], ocr_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    languages = "+".join(installed_ocr_languages())
    assert (ocr_cache / "scan-fixture" / f"2-{languages}-300.json").is_file()
    calls: list[int] = []
    real = ocr_module.recognise_hocr

    def counting(*args: object, **kwargs: object) -> str:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ocr_module, "recognise_hocr", counting)
    again = ocr_pages(SCAN, [2, 1], cache_dir=ocr_cache, file_sha256="scan-fixture")
    assert calls == [] and again == [scanned[1], scanned[0]]
    # Other settings are another cache entry.
    ocr_pages(SCAN, [2], languages=["eng"], dpi=150, cache_dir=ocr_cache, file_sha256="scan-fixture")
    assert calls == [1]


@needs_tesseract
def test_a_page_scanned_sideways_is_read_upright() -> None:
    (result,) = ocr_pages(SIDEWAYS, [1])
    page = result.page
    assert page.width < page.height  # the landscape scan turned back into a portrait page
    found = Counter(t for run in page.runs for t in _tokens(run.text))
    for section in TRUTH["sections"]:
        assert _recall(section["title"] + " " + section["text"], found) >= 0.9, section["lang"]
    assert result.confidence is not None and result.confidence > 85
    # Upright: lines are wide and stacked downwards, as on the upright page.
    wide = [run for run in page.runs if run.x1 - run.x0 > 3 * (run.bottom - run.top)]
    assert len(wide) > 0.6 * len(page.runs)


@needs_tesseract
def test_ocr_reads_a_page_whose_text_layer_is_garbage() -> None:
    (result,) = ocr_pages(GARBAGE, [1], languages=["eng"])
    found = Counter(t for run in result.page.runs for t in _tokens(run.text))
    assert _recall("Solidarity with the strike of the Genoa dock workers", found) >= 0.9


@needs_tesseract
def test_a_missing_language_pack_is_named_with_its_package() -> None:
    with pytest.raises(ExtractionError, match="tesseract-ocr-xyz") as raised:
        ocr_pages(SCAN, [1], languages=["xyz"])
    assert str(SCAN) in str(raised.value)


@needs_tesseract
def test_a_page_that_does_not_exist_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="page 3"):
        ocr_pages(SCAN, [3], languages=["eng"])


def test_missing_tesseract_raises_ocr_unavailable_with_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not tesseract_available()
    assert installed_ocr_languages() == ()
    with pytest.raises(OcrUnavailable) as raised:
        ocr_pages(SCAN, [1])
    message = str(raised.value)
    assert str(SCAN) in message and "apt-get install tesseract-ocr" in message
