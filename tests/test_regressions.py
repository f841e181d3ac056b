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


# Sections and titles (issue 8: titles, section text and section languages per producer).

@pytest.mark.parametrize("engine", ENGINES)
def test_a_dateline_set_like_a_heading_opens_the_text_and_is_no_title(engine):
    """A bold 'Dublin, 3 June 2024' under a bold title, in two sections: each title stays whole and
    the dateline is the first paragraph of its section."""
    name = "dateline-set-as-heading"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


def test_lam_alef_ligature_and_a_latin_word_at_the_left_end_of_an_arabic_title():
    """LibreOffice draws lam-alef as one glyph, which PDFium reads reversed ('ال لطرد' for 'لا لطرد');
    the title's Latin name, at the line's left end, closes it. pdfplumber is left out: its reader
    does not repair the reversed ligature yet."""
    name = "arabic-ligatures"
    assert _sections(_extracted(name, "pdfium")) == _truth(name)["sections"]


def test_arabic_web_page_text_is_neither_headings_nor_drawn_order():
    """Chromium's Arabic: Noto Naskh Arabic Regular, which PDFium rates heavy, stays body text; words PDFium
    leaves in drawn order ('مهتالئاعو') are read in logical order; the final stop, in the Latin font, stays
    at the end; the title's flush-right second line 'شركة Harbour Link Logistics' starts at its right.
    Only the Arabic section is compared: the English one meets a paragraph break after a line ending
    in "workers'", a layout matter of its own."""
    name = "arabic-web-page"
    sections = _sections(_extracted(name, "pdfium"))
    assert [s["lang"] for s in sections] == ["en", "ar"]
    assert sections[1] == _truth(name)["sections"][1]
# --- signatory entries (issue 8, entry parsing) ------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_table_columns_are_read_by_their_role(engine):
    """'Organisation | Country | Sector': the sector column's repeated words are no acronyms, a name
    cell's second line (its '(ACR)' or a last word) stays in its row, a name run into the country
    column is cut before the country, and the header row split by the line finder is no category."""
    name = "table-with-sector-column"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_entries_wrapped_in_a_narrow_column_are_joined(engine):
    """'ACR – Name (Country)' entries wrapped wherever the column's width ran out (after a plain word,
    inside 'United' / 'States'); 'Sinutapetrolgas' is the acronym of an acronym-first list, and
    'Name - Name (Country)' written with a hyphen keeps its whole name."""
    name = "acronym-first-entries-wrapped"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_dash_markers_without_space_and_country_lines_end_their_entry(engine):
    """'–Name, Country' loses its dash; '- Polen.' on its own line is the country of the entry above."""
    name = "dash-markers-and-country-lines"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_names_wrapped_in_list_columns_are_read_whole(engine):
    """Two columns of 'Name (ACR)' entries: 'Freie Verkehrsgewerkschaft' / 'Nord (FVN)' wrapped where
    the column's width ran out is one entry, as is 'Coordinadora Estatal de' / 'Estibadores (CEE)'."""
    name = "list-columns-with-wrapped-names"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]
# Signatory list detection (issue 8: lists without a list word, tables, columns; issue 11: not a statement)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_list_needs_entries_that_look_like_names(engine):
    """A C library's reference: prototypes under 'Function signatures' (a list word), a list of
    types, a table of functions. No signatories, and the prototypes stay in the text."""
    statement = _extracted("code-listing", engine)
    assert _signatories(statement) == _truth("code-listing")["signatories"] == []
    text = "\n".join(section.text for section in statement.sections)
    assert "void cpx_scale(cpx *z, float k);" in text


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "name", ["entries-one-paragraph-each", "one-entry-per-category", "table-after-text", "names-under-a-plain-heading"]
)
def test_a_list_is_found_by_its_entries_without_a_list_word(name, engine):
    """No heading says 'signatories': entries that wrap in paragraphs of their own, one entry under
    each category heading, a table of names right after the text, bare names under 'Organisations'."""
    statement = _extracted(name, engine)
    assert _signatories(statement) == _truth(name)["signatories"]
    assert _sections(statement) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_dash_bullet_glued_to_the_entry_opens_it(engine):
    """'–UPP – Union of Port Pilots (Ireland)': the dash drawn without its space is a marker."""
    statement = _extracted("glued-dash-bullets", engine)
    assert _signatories(statement) == _truth("glued-dash-bullets")["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_paragraph_of_entries_longer_than_a_line(engine):
    """A justified paragraph of 'Name (ACR, Country),' entries, each running over more than a line."""
    statement = _extracted("long-entries-paragraph", engine)
    assert _signatories(statement) == _truth("long-entries-paragraph")["signatories"]
    assert _sections(statement) == _truth("long-entries-paragraph")["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wrapped_entry_whose_second_line_starts_with_a_capital_is_one_entry(engine):
    """'... de la Clase' / 'Trabajadora (UNT)': the acronym spells both lines' initials; 'Cobas (ADL' /
    'COBAS)': the parenthesis is still open. A bare name above an entry stays an entry of its own."""
    statement = _extracted("wrapped-entries-capitalised", engine)
    assert _signatories(statement) == _truth("wrapped-entries-capitalised")["signatories"]
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


@pytest.mark.parametrize("engine", ENGINES)
def test_ragged_entries_paragraph_continued_in_the_left_column_of_the_next_page(engine):
    """Entries run together in a ragged column (most start inside a line), then the paragraph ends on
    the next page in the left column alone: its lines are that column's, not one-line paragraphs."""
    statement = _extracted("ragged-list-ends-in-left-column", engine)
    truth = _truth("ragged-list-ends-in-left-column")
    assert _signatories(statement) == truth["signatories"]
    assert _sections(statement) == truth["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_two_column_list_under_two_column_text_is_read_after_the_text(engine):
    """A tall white across both columns parts the page although both parts share one gutter: the
    text is read across its two columns, then the list (no heading) across its own."""
    statement = _extracted("two-column-list-under-two-column-text", engine)
    truth = _truth("two-column-list-under-two-column-text")
    assert _signatories(statement) == truth["signatories"]
    assert _sections(statement) == truth["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_two_column_text_above_a_one_column_list_is_read_in_columns(engine):
    """The list's lines cross the text's gutter, so the page as a whole has none: the text part is
    read in its two columns all the same, then the list."""
    statement = _extracted("one-column-list-under-two-column-text", engine)
    truth = _truth("one-column-list-under-two-column-text")
    assert _sections(statement) == truth["sections"]
    assert _signatories(statement) == truth["signatories"]


# --- LaTeX layouts (issue 8): columns over a wide list, lists in multicol columns, Arabic columns ---


@pytest.mark.parametrize("engine", ENGINES)
def test_columns_above_a_list_whose_lines_cross_their_gutter_are_read_column_by_column(engine):
    """Two justified columns 10 points apart over a one-column list whose long entries run across the
    gutter: the page as a whole shows no gutter, the text above the list does. Where a column line
    is cut from its neighbour, the cut is the white covering the gutter, not a stretched space."""
    statement = _extracted("two-columns-over-a-wide-list", engine)
    truth = _truth("two-columns-over-a-wide-list")
    assert _sections(statement) == truth["sections"]
    assert _signatories(statement) == truth["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_list_in_three_columns_of_paragraphs_is_read_column_by_column_one_entry_a_paragraph(engine):
    """A multicol list: three columns 10 points apart running on at their own pitch (no table's rows),
    each entry a paragraph of its own, wrapped without a country; an entry opening with a country's
    name on a line of its own ('Trinidad and Tobago') is that entry's first words."""
    statement = _extracted("list-in-three-columns", engine)
    truth = _truth("list-in-three-columns")
    assert _signatories(statement) == truth["signatories"]
    assert _sections(statement) == truth["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_list_paragraph_is_one_entry_until_it_ends_as_an_entry_does(engine):
    """Three multicol columns of 'Name, Country' entries, two lines each mostly, one line of them run
    into the next column's, their lines on shared baselines at first and apart lower down (no
    table's rows): 'Crane Drivers and Signallers' / 'Guild, Japan' is one entry, as is
    'Riverside Boatmen Mutual Aid' / 'Society, Kenya', whose first line fills its column."""
    name = "list-in-three-columns-of-two-line-entries"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_arabic_column_lines_drawn_word_by_word_or_cut_from_the_latin_column_keep_logical_order(engine):
    """An Arabic column 10 points from a justified English one: its justified lines drawn word by
    word read right to left, and its title's Latin words ('Porto' left of the Arabic on a full line,
    'Nuovo' flush right below) stay at the title's end."""
    assert _sections(_extracted("arabic-column-justified", engine)) == _truth("arabic-column-justified")["sections"]


# --- tables and columns as LibreOffice lays them out (issue 8: docx and odt) ----------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["wrapped-cells-table-over-a-page-break", "numbered-table-over-a-page-break"])
def test_a_table_whose_cells_wrap_is_read_whole_across_a_page_break(name, engine):
    """Name cells wrapping onto two or three lines (most name lines have nothing beside them), a number
    column far left of the names: the table is read row by row, not as columns of text; a row broken
    by the page goes on under the repeated header, and a cell's line opening with a dash is the name's."""
    statement = _extracted(name, engine)
    assert _signatories(statement) == _truth(name)["signatories"]
    assert _sections(statement) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_acronym_cell_with_its_place_is_cut_off_the_name_run_into_it(engine):
    """'Centrale Générale des Services CGTB Bruxelles': a name filling its cell up to the acronym column."""
    name = "acronym-cell-with-its-place"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["table-under-two-columns", "list-columns-under-two-columns",
                                  "list-paragraph-under-two-columns"])
def test_what_follows_two_columns_of_text_on_their_page_is_read_after_them(name, engine):
    """Under text in two columns: a table as wide as the page (its name column wider than the text's
    left column), a list in two columns of its own under a bold heading, a paragraph of entries right
    under a full last line. Each is read after both columns, whole, and no part of the text."""
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert _signatories(statement) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_pieces_of_a_word_broken_at_a_line_end_are_no_words_of_the_document(engine):
    """'Be-' / 'triebsgewerkschaft' is joined: the pieces, counted as words, made it a compound."""
    name = "broken-word-pieces"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


PRODUCER_CORPUS = Path(__file__).parent / "fixtures" / "producers" / "corpus"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("stem", ["docx-22-garment", "docx-25-garment"])
def test_libreoffice_justified_arabic_keeps_its_words_and_paragraphs(stem, engine):
    """Justified Arabic exported by LibreOffice (Noto Naskh Arabic): its kashida glyphs reach the text
    layer as '%' or '(' inside words, and its lines are set further apart than the Latin ones. Each
    paragraph has its words, and the lines of one paragraph are one paragraph. (Real LibreOffice output
    from the producer corpus: no other producer here draws kashida. Word order around a Latin name
    inside an Arabic line is another question, left out.)"""
    statement = extract(PRODUCER_CORPUS / f"{stem}.pdf", ExtractOptions(engine=engine))
    truth = json.loads((PRODUCER_CORPUS / f"{stem}.json").read_text(encoding="utf-8"))
    found = next(s.text for s in statement.sections if s.lang == "ar").split("\n\n")
    expected = next(s["text"] for s in truth["sections"] if s["lang"] == "ar").split("\n\n")
    assert [sorted(p.split()) for p in found] == [sorted(p.split()) for p in expected]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_masthead_line_without_the_bold_of_its_neighbours_is_a_masthead_line(engine):
    """Bold Latin masthead lines around an Arabic one set regular in its own font."""
    name = "masthead-line-in-another-font"
    statement = _extracted(name, engine)
    truth = _truth(name)
    assert [{"lang": m.lang, "text": m.text} for m in statement.masthead] == truth["masthead"]
    assert _sections(statement) == truth["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_line_opening_with_a_bracketed_acronym_and_a_dash_opens_an_entry(engine):
    """'Sindicato Uno Prodinsa, Maipú' / '(Sol) - Solidarity Union ...': two entries, not one."""
    name = "bracketed-acronym-opens-an-entry"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


# --- column layouts stacked on one page; Latin names at the ends of Arabic column lines ----------------


@pytest.mark.parametrize("engine", ENGINES)
def test_columns_above_a_bulleted_list_across_their_gutter_are_read_column_by_column(engine):
    """Two columns of text, then a one-column list whose lines run across the columns' gutter, more
    of them than the page may have crossing a gutter: the columns are found on their own part of the
    page and read one after the other, the list after them."""
    name = "bulleted-list-across-the-gutter"
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert _signatories(statement) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_heading_alone_between_column_layouts_opens_the_columns_under_it(engine):
    """Two columns of text, then group headings standing alone between whites, each over its entries
    in two columns on the text's gutter: text first, then each heading with its group, column by
    column, each entry under its own heading."""
    name = "headings-between-column-layouts"
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert _signatories(statement) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_latin_names_at_either_end_of_arabic_column_lines_keep_logical_order(engine):
    """Arabic in two right-to-left columns, lines opening with a Latin name (drawn at their right end)
    or closing with one (drawn at their left end), in a font of their own; the left column's lines end
    far from the page's right edge."""
    name = "arabic-columns-latin-names-at-line-ends"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_quote_hung_into_a_narrow_gutter_does_not_close_it(engine):
    """Justified columns 6.5 points apart, a paragraph below the other column's end opening with a quote
    hung a point into the gutter: the columns are still found, English then German."""
    name = "quote-hung-into-a-narrow-gutter"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_rare_words_broken_at_line_ends_are_joined_without_their_hyphen(engine):
    """'Leihar-'/'beitsfirma', 'Rekordge-'/'winne': the pieces of a broken word are no words the document
    uses, so they do not make it a compound of two of its words."""
    name = "rare-words-broken-at-line-ends"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_table_under_two_columns_keeps_its_heading_and_header_row(engine):
    """Two columns of text, then a group heading close above a table whose name cells cross the text's
    gutter: the heading is the entries' category, the header row none, and neither joins the columns."""
    name = "page-wide-table-under-two-columns"
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert _signatories(statement) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_lines_ended_by_hand_with_commas_inside_are_one_entry_each(engine):
    """People one a line in a list column ('Name, role, Organisation'), most lines nearly full: lines that
    end where the next line's first word would have fitted were ended by hand, so the block is no
    paragraph of comma-separated entries."""
    name = "entries-with-commas-one-a-line"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


# --- web layouts (issue 8, Chromium): columns of lists, titles in narrow columns, parts under columns ---

@pytest.mark.parametrize("engine", ENGINES)
def test_rare_words_cut_at_line_ends_are_joined(engine):
    """'Hafenschlepp‐' / 'verband': the halves of a cut word are no words of the document, so they
    do not pass for a compound of two words it writes."""
    name = "rare-words-hyphenated-at-line-ends"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_words_broken_with_a_drawn_hyphen_are_joined_even_of_two_common_words(engine):
    """U+2010 at a line end is the typesetter's break ('Rekord‐'/'gewinne'); a typed hyphen before a
    capital stays ('Nord-'/'Süd-Verbindung')."""
    name = "typesetter-hyphens-at-line-ends"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_title_wrapped_over_many_lines_of_a_narrow_column_is_the_title(engine):
    name = "title-wrapped-in-a-narrow-column"
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert [{"lang": m.lang, "text": m.text} for m in statement.masthead] == _truth(name)["masthead"]


@pytest.mark.parametrize("engine", ENGINES)
def test_columns_above_a_web_list_across_their_gutter_are_read_column_by_column(engine):
    name = "list-across-the-gutter-under-two-columns"
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert _signatories(statement) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_list_groups_flowing_in_three_columns_are_read_column_by_column(engine):
    """Rows across columns of one flow are no table; an entry goes on at the top of the next column;
    the second group's heading comes between the groups."""
    name = "list-groups-in-three-columns"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_arabic_section_in_left_to_right_css_columns_then_a_table(engine):
    """Headless Chromium: the Arabic section flows from the left column into the right one (the page
    is left to right, whatever script most of its lines are in), its lines' final stops end them, and
    the table under the columns is read by rows, apart from the text."""
    name = "arabic-in-css-columns-then-a-table"
    statement = _extracted(name, engine)
    assert _sections(statement) == _truth(name)["sections"]
    assert _signatories(statement) == _truth(name)["signatories"]


@pytest.mark.parametrize("engine", ENGINES)
def test_words_in_a_synthetic_italic_are_read(engine):
    """Chromium slants the glyphs of a font without an italic face (an Arabic dateline in italic):
    slanted text is upright text to read, not text set at an angle to leave out."""
    name = "arabic-dateline-in-synthetic-italic"
    assert _sections(_extracted(name, engine)) == _truth(name)["sections"]


@pytest.mark.parametrize("engine", ENGINES)
def test_table_cells_run_together_are_parted_where_a_column_starts(engine):
    """'United Kingdom' and 'Campaign' drawn closer than a cell gap: parted where the sector column
    starts on the other rows, so the country stays a country."""
    name = "table-cells-closer-than-a-gap"
    assert _signatories(_extracted(name, engine)) == _truth(name)["signatories"]
