"""The two PDF readers: same runs from either engine, logical Arabic, fake bold, bad inputs."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.errors import CorruptPdf, EmptyFile, EncryptedPdf, ExtractionError, NotAPdf
from extractor.model import Page, TextRun
from extractor.options import ENGINES
from extractor.readers import page_count, read_pages, render_page
from extractor.readers._bidi import (
    repair_inverted_brackets,
    undo_neutral_mirroring,
    visual_to_logical,
)
from extractor.readers._runs import clean_text

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEEDS = [CORPUS / "belarus-2020.pdf", CORPUS / "belarus-2020-twocol.pdf"]
MASTHEAD_ARABIC = "الشبكة النقابية العالمية للتضامن والنضال"


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.stem)
def seed(request: pytest.FixtureRequest) -> dict[str, list[Page]]:
    """A seed PDF read with each engine."""
    return {engine: read_pages(request.param, engine=engine) for engine in ENGINES}


def truth(pdf: Path) -> dict:
    return json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))


def words(page: Page) -> list[str]:
    return sorted(word for run in page.runs for word in run.text.split())


def all_runs(pages: list[Page]) -> list[TextRun]:
    return [run for page in pages for run in page.runs]


def styled_words(pages: list[Page]) -> list[tuple[str, bool, str, int]]:
    """Each word in reading order with its run's style: where a justified space is about as wide as the
    gap that ends a run (MAX_GAP_EM), the engines may cut runs differently, never the words or their style."""
    return [(word, run.bold, run.font, run.page) for run in all_runs(pages) for word in run.text.split()]


def line_extents(pages: list[Page]) -> list[tuple[int, float, float, float]]:
    """Page, top, left and right end of each line (runs on one baseline gathered)."""
    lines: dict[tuple[int, int], list[TextRun]] = {}
    for run in all_runs(pages):
        lines.setdefault((run.page, round(run.top)), []).append(run)
    return [(page, runs[0].top, min(r.x0 for r in runs), max(r.x1 for r in runs))
            for (page, _), runs in sorted(lines.items())]


# --- the seed statements ---------------------------------------------------------------


def test_engines_give_the_same_words_and_bold_flags(seed: dict[str, list[Page]]) -> None:
    pdfium, plumber = seed["pdfium"], seed["pdfplumber"]
    assert len(pdfium) == len(plumber) == 7
    for a, b in zip(pdfium, plumber):
        assert (a.number, a.width, a.height) == (b.number, b.width, b.height)
        assert words(a) == words(b)
    assert styled_words(pdfium) == styled_words(plumber)


def test_engines_agree_on_geometry_within_a_point(seed: dict[str, list[Page]]) -> None:
    pdfium, plumber = line_extents(seed["pdfium"]), line_extents(seed["pdfplumber"])
    assert len(pdfium) == len(plumber)
    for a, b in zip(pdfium, plumber):
        assert a[0] == b[0] and all(abs(x - y) < 1 for x, y in zip(a[1:], b[1:])), (a, b)
    sizes = [(word, round(r.size, 1)) for r in all_runs(seed["pdfium"]) for word in r.text.split()]
    assert sizes == [(word, round(r.size, 1)) for r in all_runs(seed["pdfplumber"]) for word in r.text.split()]


@pytest.mark.parametrize("pdf", SEEDS, ids=lambda p: p.stem)
def test_every_word_of_the_truth_is_read(pdf: Path) -> None:
    expected = truth(pdf)
    text = " ".join(run.text for run in all_runs(read_pages(pdf)))
    typed = text.translate(str.maketrans("‘’“”", "''\"\""))
    found = Counter(typed.split())  # the layout types the typographic quotes back
    for section in expected["sections"]:
        for word in section["text"].split():
            assert found[word] > 0, word


def test_section_titles_and_acronyms_are_bold(seed: dict[str, list[Page]]) -> None:
    pdf_truth = truth(SEEDS[0])
    for engine, pages in seed.items():
        runs = all_runs(pages)
        bold_text = " ".join(r.text for r in runs if r.bold)
        plain_text = " ".join(r.text for r in runs if not r.bold)
        for section in pdf_truth["sections"]:
            assert section["title"] in bold_text, (engine, section["title"])
            first_words = " ".join(section["text"].split()[:6])
            assert first_words in plain_text, (engine, first_words)
        acronyms = {s["acronym"] for s in pdf_truth["signatories"] if s["acronym"]}
        bold_words = {
            w.strip("()") for r in runs if r.bold
            for w in re.split(r"[\s-]+", r.text.replace("’", "'"))
        }
        missing = {a for a in acronyms if not set(re.split(r"[\s-]+", a)) <= bold_words}
        assert not missing, (engine, missing)


def test_arabic_masthead_line_is_in_logical_order(seed: dict[str, list[Page]]) -> None:
    for engine, pages in seed.items():
        first_page = [r.text for r in pages[0].runs]
        assert MASTHEAD_ARABIC in first_page, engine
        # presentation forms would show up as U+FExx: they must have been normalised
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", " ".join(first_page))


def test_arabic_word_in_brackets_inside_a_french_line() -> None:
    """PDFium mirrors the bracket after an Arabic word in a left-to-right line; it is put back."""
    for engine in ENGINES:
        runs = all_runs(read_pages(SEEDS[0], engine=engine))
        line = next(r for r in runs if "Syndicat des travailleurs du transport de Téhéran" in r.text)
        before = sorted((r for r in runs if r.page == line.page and abs(r.top - line.top) < 2
                         and r.x1 <= line.x0 + 0.5), key=lambda r: r.x0)
        assert [r.text for r in before][-2:] == ["(", "واحد"], engine
        assert line.text.startswith(") - Syndicat"), (engine, line.text)


def test_runs_do_not_span_the_gutter_of_the_two_column_list() -> None:
    pdf = CORPUS / "belarus-2020-twocol.pdf"
    for engine in ENGINES:
        pages_with_two_columns = 0
        for page in read_pages(pdf, engine=engine):
            # the right column starts where many runs start in the right half of the page
            starts = Counter(round(r.x0) for r in page.runs if r.x0 > page.width / 2)
            if not starts or starts.most_common(1)[0][1] < 5:
                continue
            column_x = starts.most_common(1)[0][0]
            lines_with_right_column = {round(r.top) for r in page.runs if abs(r.x0 - column_x) < 1}
            assert len(lines_with_right_column) >= 5
            pages_with_two_columns += 1
            for run in page.runs:
                if round(run.top) in lines_with_right_column and run.x0 < column_x - 1:
                    assert run.x1 < column_x, (engine, page.number, run.text)
        assert pages_with_two_columns >= 2, engine  # the signatory list fills two pages


STATEMENTS = sorted((FIXTURES / "statements").glob("*.pdf"))


@pytest.mark.parametrize("pdf", STATEMENTS, ids=lambda p: p.stem)
def test_engines_agree_on_every_fixture_statement(pdf: Path) -> None:
    """Regression: Arabic lines once came out with the bullet after the acronym with PDFium."""
    pdfium, plumber = (read_pages(pdf, engine=engine) for engine in ENGINES)
    assert styled_words(pdfium) == styled_words(plumber)


def test_bullet_before_a_latin_acronym_in_an_arabic_line() -> None:
    pdf = FIXTURES / "statements" / "arabic-section.pdf"
    for engine in ENGINES:
        runs = all_runs(read_pages(pdf, engine=engine))
        assert "• SNATFP –" in [r.text for r in runs], engine


# --- made-up PDFs for single behaviours -------------------------------------------------


def tiny_pdf(path: Path, content: str, *, form: str = "", size: tuple[int, int] = (400, 200),
             rotate: int = 0) -> Path:
    """A one-page PDF drawing `content` with Helvetica (F1) and Helvetica-Bold (F2).

    `form` is the content of a form XObject the page can draw with `/Fm1 Do`;
    `rotate` the page's /Rotate.
    """
    stream, form_stream = content.encode("latin-1"), form.encode("latin-1")
    fonts = b"/Font << /F1 5 0 R /F2 6 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Contents 4 0 R "
        b"/Resources << %s /XObject << /Fm1 7 0 R >> >> >>" % (*size, rotate, fonts),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << %s >> /Length %d >>"
        b"\nstream\n" % (*size, fonts, len(form_stream)) + form_stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


def texts(pages: list[Page]) -> list[str]:
    return [run.text for run in all_runs(pages)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_gap_of_one_em_inside_one_text_object_splits_the_run(tmp_path: Path, engine: str) -> None:
    # one TJ: "left column" then a 10 pt jump (1 em at 10 pt), like a tight gutter
    pdf = tiny_pdf(tmp_path / "gutter.pdf",
                   "BT /F1 10 Tf 20 150 Td [(left column) -1000 (right column)] TJ ET "
                   "BT /F1 10 Tf 20 130 Td [(one run with ) -150 (a small kern)] TJ ET")
    assert texts(read_pages(pdf, engine=engine)) == [
        "left column", "right column", "one run with a small kern"
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_words_placed_without_space_characters(tmp_path: Path, engine: str) -> None:
    # kerning of 0.05 em keeps a word whole; 0.3 em (a space's width) separates words
    pdf = tiny_pdf(tmp_path / "no-spaces.pdf",
                   "BT /F1 10 Tf 20 150 Td [(Soli) -50 (darity) -300 (without) -300 (spaces)] TJ ET")
    assert texts(read_pages(pdf, engine=engine)) == ["Solidarity without spaces"]


@pytest.mark.parametrize("engine", ENGINES)
def test_size_is_the_rendered_size(tmp_path: Path, engine: str) -> None:
    pdf = tiny_pdf(tmp_path / "scaled.pdf",
                   "BT /F1 1 Tf 12 0 0 12 20 150 Tm (Scaled by the matrix) Tj ET "
                   "q 2 0 0 2 0 0 cm BT /F2 7 Tf 10 40 Td (Scaled by the CTM) Tj ET Q")
    runs = all_runs(read_pages(pdf, engine=engine))
    assert [(r.text, r.size, r.bold) for r in runs] == [
        ("Scaled by the matrix", 12.0, False), ("Scaled by the CTM", 14.0, True)
    ]
    assert runs[0].bottom - runs[0].top == pytest.approx(12.0)
    assert runs[0].top == pytest.approx(200 - 150 - 0.8 * 12, abs=0.01)  # baseline at 80%


@pytest.mark.parametrize("engine", ENGINES)
def test_text_drawn_twice_to_fake_bold_is_read_once_as_bold(tmp_path: Path, engine: str) -> None:
    pdf = tiny_pdf(tmp_path / "fake-bold.pdf",
                   "BT /F1 12 Tf 20 150 Td (Fake bold title) Tj ET "
                   "BT /F1 12 Tf 20.3 150 Td (Fake bold title) Tj ET "
                   "BT /F1 12 Tf 20 120 Td (Plain text below) Tj ET")
    runs = all_runs(read_pages(pdf, engine=engine))
    assert [(r.text, r.bold) for r in runs] == [("Fake bold title", True), ("Plain text below", False)]


@pytest.mark.parametrize("engine", ENGINES)
def test_rotated_text_is_left_out(tmp_path: Path, engine: str) -> None:
    pdf = tiny_pdf(tmp_path / "rotated.pdf",
                   "BT /F1 12 Tf 20 150 Td (Upright) Tj ET "
                   "BT /F1 12 Tf 0 1 -1 0 300 20 Tm (Sideways margin note) Tj ET")
    assert texts(read_pages(pdf, engine=engine)) == ["Upright"]


@pytest.mark.parametrize("engine", ENGINES)
def test_text_inside_a_form_xobject_is_placed_on_the_page(tmp_path: Path, engine: str) -> None:
    pdf = tiny_pdf(tmp_path / "form.pdf",
                   "BT /F1 12 Tf 20 170 Td (On the page) Tj ET q 1 0 0 1 30 -20 cm /Fm1 Do Q",
                   form="BT /F2 12 Tf 20 150 Td (Inside a form) Tj ET")
    runs = all_runs(read_pages(pdf, engine=engine))
    assert [(r.text, r.bold) for r in runs] == [("On the page", False), ("Inside a form", True)]
    assert runs[1].x0 == pytest.approx(50, abs=0.5)
    assert runs[1].bottom == pytest.approx(200 - 130 + 0.2 * 12, abs=0.05)


# text drawn so that it reads upright once the page is turned by /Rotate, at 20 pt
# from the left and with its baseline 50 pt from the top of the page as shown
UPRIGHT_WHEN_ROTATED = {0: "1 0 0 1 20 350", 90: "0 1 -1 0 50 20", 180: "-1 0 0 -1 180 50",
                        270: "0 -1 1 0 150 380"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rotate", sorted(UPRIGHT_WHEN_ROTATED))
def test_rotated_pages_are_read_as_displayed(tmp_path: Path, engine: str, rotate: int) -> None:
    matrix = UPRIGHT_WHEN_ROTATED[rotate]
    pdf = tiny_pdf(tmp_path / f"rotate-{rotate}.pdf", size=(200, 400), rotate=rotate,
                   content=f"BT /F2 12 Tf {matrix} Tm (Landscape table) Tj ET")
    [page] = read_pages(pdf, engine=engine)
    assert (page.width, page.height) == ((400, 200) if rotate in (90, 270) else (200, 400))
    [run] = page.runs
    assert (run.text, run.bold, run.size) == ("Landscape table", True, 12.0)
    assert run.x0 == pytest.approx(20, abs=0.5)
    assert run.top == pytest.approx(50 - 0.8 * 12, abs=0.05)


# --- text normalisation and bidi, as pure functions ----------------------------------------


def test_clean_text() -> None:
    assert clean_text("ﬁnal ﬂow") == "final flow"
    assert clean_text("ﻻ ﺍﻟﺸﺒﻜﺔ") == "لا الشبكة"
    assert clean_text("co\u00adop\u00aderation") == "cooperation"
    assert clean_text("solida\u00ad") == "solida\u00ad"
    assert clean_text("80\u00a0%\x07") == "80 %"


ARABIC = st.text(st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي "), min_size=1)


@given(ARABIC)
def test_reversed_arabic_comes_back_in_logical_order(logical: str) -> None:
    assert visual_to_logical(logical[::-1]) == logical


@given(ARABIC, st.from_regex(r"[0-9]{1,4}", fullmatch=True))
def test_numbers_inside_arabic_keep_their_order(before: str, number: str) -> None:
    logical = f"{before.strip() or 'ب'} {number} ج"
    visual = "ج " + number + " " + (before.strip() or "ب")[::-1]
    assert visual_to_logical(visual) == logical


def test_undo_neutral_mirroring_puts_punctuation_back_between_directions() -> None:
    assert undo_neutral_mirroring("• (واحد (- Syndicat")[0] == "• (واحد) - Syndicat"
    assert undo_neutral_mirroring("Union (واحد(")[0] == "Union (واحد)"
    # in a right-to-left line, the bullet PDFium glued after a Latin acronym
    assert undo_neutral_mirroring("نقابة الوظيف – SNATFP• ")[0] == "نقابة الوظيف – SNATFP •"
    # right-to-left lines, numbers after the Arabic word, and plain text are left alone
    assert undo_neutral_mirroring("الشبكة (النقابية) abc") is None
    assert undo_neutral_mirroring("x واحد (2020) y") is None
    assert undo_neutral_mirroring("(CGT) - France") is None


def test_inverted_brackets_in_arabic_text_are_turned_back() -> None:
    assert repair_inverted_brackets("نقابة )الجزائر(") == "نقابة (الجزائر)"
    assert repair_inverted_brackets("نقابة (الجزائر)") == "نقابة (الجزائر)"
    assert repair_inverted_brackets("نقابة )الجزائر") == "نقابة )الجزائر"  # no swap balances it
    assert repair_inverted_brackets(")CGT(") == ")CGT("  # only right-to-left text


@given(st.text())
def test_visual_to_logical_keeps_every_character(text: str) -> None:
    result = visual_to_logical(text)
    assert len(result) == len(text)
    mirrored = str.maketrans("()[]{}<>«»", ")(][}{><»«")
    assert sorted(result.translate(mirrored)) == sorted(text) or sorted(result) == sorted(text)


# --- bad inputs --------------------------------------------------------------------------


def pdf_without_pages() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, type[ExtractionError] | None]]:
    seed_bytes = SEEDS[0].read_bytes()
    files = {
        "truncated": (seed_bytes[: len(seed_bytes) // 2], CorruptPdf),
        "random": (bytes(range(256)) * 8, NotAPdf),
        "text": ("Dear colleagues,\nplease find the statement attached.\n".encode(), NotAPdf),
        "empty": (b"", EmptyFile),
        "header-only": (b"%PDF-1.7\n%garbage that never becomes a document\n", CorruptPdf),
        "no-pages": (pdf_without_pages(), EmptyFile),
        "junk-before-header": (b"\r\n\x00junk" + seed_bytes, None),
    }
    paths = {}
    for name, (data, error) in files.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        paths[name] = (path, error)
    paths["encrypted"] = (FIXTURES / "bad" / "encrypted.pdf", EncryptedPdf)
    return paths


@pytest.mark.parametrize("engine", ENGINES)
def test_bad_inputs_raise_our_errors(tmp_path: Path, engine: str) -> None:
    for name, (path, error) in bad_inputs(tmp_path).items():
        if error is None:  # readers accept junk before %PDF, as viewers do
            assert len(read_pages(path, engine=engine)) == 7, name
            continue
        with pytest.raises(ExtractionError) as caught:
            read_pages(path, engine=engine)
        assert type(caught.value) is error, name
        assert str(path) in str(caught.value)
        if error is CorruptPdf:
            assert caught.value.detail, name  # the library's reason is kept


def test_page_count_and_errors_outside_read_pages(tmp_path: Path) -> None:
    assert page_count(SEEDS[1]) == 7
    with pytest.raises(EncryptedPdf):
        page_count(FIXTURES / "bad" / "encrypted.pdf")
    with pytest.raises(ValueError):
        read_pages(SEEDS[0], engine="pdftotext")


def test_render_page_for_ocr() -> None:
    image = render_page(SEEDS[0], 1, dpi=72)  # A4: 595.3 x 841.9 pt
    assert abs(image.size[0] - 595.3) <= 1 and abs(image.size[1] - 841.9) <= 1
    image = render_page(SEEDS[1], 7, dpi=144)  # Letter at twice the size
    assert image.size == (1224, 1584)
    with pytest.raises(ValueError):
        render_page(SEEDS[0], 8)
