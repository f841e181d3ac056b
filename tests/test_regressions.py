"""One test per bug found on statements from producers other than our fpdf2 engine.

Each PDF under fixtures/regressions/ is drawn by `make_regressions.py` to show one layout event; its
truth JSON is written from the same source. Named after the behaviour that must hold.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from pathlib import Path

import pytest

from extractor import ExtractOptions, Statement, extract

REGRESSIONS = Path(__file__).parent / "fixtures" / "regressions"
ENGINES = ("pdfium", "pdfplumber")


@cache
def _extracted(name: str, engine: str) -> Statement:
    return extract(REGRESSIONS / f"{name}.pdf", ExtractOptions(engine=engine))


def _truth(name: str) -> dict:
    return json.loads((REGRESSIONS / f"{name}.json").read_text(encoding="utf-8"))


def _signatories(statement: Statement) -> list[dict]:
    return [asdict(signatory) for signatory in statement.signatories]


def _sections(statement: Statement) -> list[dict]:
    return [{"lang": s.lang, "title": s.title, "text": s.text} for s in statement.sections]


@pytest.mark.parametrize("engine", ENGINES)
def test_private_use_bullets_are_list_markers(engine):
    assert _signatories(_extracted("private-use-bullets", engine)) == _truth("private-use-bullets")["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_lists_only_heading_is_its_category(engine):
    assert _signatories(_extracted("only-heading-is-category", engine)) == _truth("only-heading-is-category")["signatories"]


@pytest.mark.parametrize("name", ["sibling-headings", "later-list-word"])
def test_sibling_group_headings_are_categories_even_with_a_list_word(name):
    statement = _extracted(name, "pdfium")
    assert _signatories(statement) == _truth(name)["signatories"]
    assert _sections(statement) == _truth(name)["sections"]  # the first group is not statement text


def test_list_title_with_sub_headings_is_not_a_category():
    categories = {s.category for s in _extracted("private-use-bullets", "pdfium").signatories}
    assert categories == {"Trade unions", "Networks"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["table-header-row", "numbered-table-with-description"])
def test_table_cells_that_wrap_are_read_by_column(name, engine):
    """Name cells wrap (acronym on the second line, a hyphenated word); a header row is no category;
    a number column and a description column are no part of the entry."""
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_accented_acronym_and_capitalised_qualifier(engine):
    """'Écho – Echo Workers Network' splits its acronym; 'Name, HQ-NORTH – Country' keeps it in the name."""
    name = "accented-acronym-and-qualifier"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_list_written_as_one_justified_paragraph(engine):
    statement = _extracted("prose-list", engine)
    assert _signatories(statement) == _truth("prose-list")["signatories"]
    assert _sections(statement) == _truth("prose-list")["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_short_sections_keep_their_language_and_their_one_line_paragraphs(engine):
    """Five one-line English paragraphs without final punctuation, then three German ones: two
    sections, every line its own paragraph."""
    assert _sections(_extracted("short-sections", engine)) == _truth("short-sections")["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_typographic_quotes_are_kept_as_drawn(engine):
    assert _sections(_extracted("typographic-quotes", engine)) == _truth("typographic-quotes")["sections"]
    assert "’" in _extracted("typographic-quotes", engine).sections[0].text


@pytest.mark.parametrize("engine", ENGINES)
def test_wrapped_lines_starting_like_a_marker_stay_in_their_paragraph(engine):
    """Lines starting with '6.3,', '— ' and 'e.g.' inside one paragraph are not list items."""
    assert _sections(_extracted("wrapped-line-markers", engine)) == _truth("wrapped-line-markers")["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_paragraph_cut_by_a_page_break_at_a_sentence_end_is_joined(engine):
    name = "page-break-at-sentence-end"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_line_end_hyphens_decided_by_a_dictionary(engine):
    """'anti-'/'cipation', 'multi-'/'plier', 'Venezue-'/'la' and 'solida -'/'rity' are joined;
    'anti-'/'capitalist' keeps its hyphen."""
    name = "line-end-hyphens"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


def test_right_aligned_arabic_lines_beside_latin_ones_are_not_a_column():
    """The masthead's right-aligned Arabic line stays between the Latin lines around it."""
    statement = _extracted("right-to-left", "pdfium")
    expected = [(m["lang"], m["text"]) for m in _truth("right-to-left")["masthead"]]
    assert [(m.lang, m.text) for m in statement.masthead] == expected


def test_arabic_marks_stay_in_their_word_and_latin_words_keep_logical_order():
    """Harakat drawn as glyphs of their own ('الحُرِّيَّة'), and 'ITF'/'UPP' set in another font inside
    an Arabic line. pdfplumber is left out: it reads glyphs fpdf2 left without a Unicode value as
    '(cid:N)'."""
    statement = _extracted("right-to-left", "pdfium")
    assert _sections(statement) == _truth("right-to-left")["sections"]


def test_a_list_of_foreign_names_does_not_relabel_the_statement():
    statement = _extracted("foreign-names-list", "pdfium")
    assert _sections(statement) == _truth("foreign-names-list")["sections"]
    assert _signatories(statement) == _truth("foreign-names-list")["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_bare_names_under_a_list_heading_are_entries(engine):
    """A list of names without acronym, country or marker, one a line, under 'Signed by:'."""
    name = "names-without-country"
    statement = _extracted(name, engine)
    assert _signatories(statement) == _truth(name)["signatories"]
    assert _sections(statement) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_list_heading_under_two_columns_belongs_to_the_list(engine):
    """Two-column text, then on the same page a one-column list under its heading."""
    name = "two-columns-then-list"
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert _signatories(statement) == _truth(name)["signatories"]


# --- layout: narrow gutters, floated boxes, columns beside a box ---------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_column_lines_seven_points_apart_are_read_column_by_column(engine):
    """Justified columns 7 points apart: a line of each column on one baseline is cut at the gutter,
    so English (left) and German (right) come out whole and in that order."""
    assert _sections(_extracted("narrow-gutter-columns", engine)) == _truth("narrow-gutter-columns")["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_floated_masthead_box_is_read_before_the_text_wrapping_beside_it(engine):
    """The box's names, wrapped at its narrow width (one on a lone word), are the masthead; the
    paragraph that wraps beside the box and goes on below it stays one paragraph."""
    statement = _extracted("floated-box-beside-text", engine)
    truth = _truth("floated-box-beside-text")
    assert [{"lang": m.lang, "text": m.text} for m in statement.masthead] == truth["masthead"]
    assert _sections(statement) == truth["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_two_columns_beside_a_box_are_read_box_first_then_column_by_column(engine):
    """Two columns narrowed by a masthead box at the top of a third strip, set at another line pitch."""
    statement = _extracted("two-columns-beside-a-box", engine)
    truth = _truth("two-columns-beside-a-box")
    assert [{"lang": m.lang, "text": m.text} for m in statement.masthead] == truth["masthead"]
    assert _sections(statement) == truth["sections"]
