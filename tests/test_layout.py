"""Layout stages on real fixture PDFs: columns, page furniture, paragraphs, hyphenation, contents."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from extractor.layout import HEADING, ITEM, PARAGRAPH, join_hyphenated, layout, page_fragments, vocabulary
from extractor.layout._gutters import find_gutter
from extractor.layout._furniture import is_page_number, remove_furniture
from extractor.layout import has_marker, strip_marker
from extractor.model import Page, TextRun
from extractor.structure import drop_table_of_contents
from extractor.readers import read_pages

FIXTURES = Path(__file__).parent / "fixtures"


def _blocks(name: str):
    return layout(read_pages(FIXTURES / name))


def _fragments(name: str):
    pages = read_pages(FIXTURES / name)
    return pages, remove_furniture(pages, [page_fragments(page.runs) for page in pages])


def test_gutter_found_on_two_column_pages_only():
    _, two = _fragments("statements/two-columns-letter.pdf")
    _, one = _fragments("statements/one-language-en.pdf")
    assert find_gutter(two[0]) is not None  # the last page fills the left column only
    assert all(find_gutter(page) is None for page in one)


def test_columns_are_read_one_after_the_other():
    text = " ".join(b.text for b in _blocks("statements/two-columns-letter.pdf"))
    # The paragraph cut by the column break reads on, instead of mixing in the other column.
    truth = (FIXTURES / "statements/two-columns-letter.json").read_text(encoding="utf-8")
    import json

    for section in json.loads(truth)["sections"]:
        for paragraph in section["text"].split("\n\n"):
            assert paragraph in text


def test_table_rows_keep_their_cells_together():
    blocks = _blocks("statements/signatories-table.pdf")
    rows = [line for block in blocks for line in block.lines if len(line.cells) == 3]
    assert any(row.cells[-1] == "Germany" and row.cells[1] == "ver.di Leipzig" for row in rows)


@pytest.mark.parametrize("text", ["Page 2 / 7", "2/7", "Page 4 of 9", "Seite 2 von 3", "— página 3 —"])
def test_labelled_page_numbers_are_recognised(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2020", "3", "Article 3 of the law", "9 août 2020", "COVID-19"])
def test_other_short_lines_are_not_labelled_page_numbers(text):
    assert not is_page_number(text)


def _margin_page(number: int, footer: str) -> Page:
    """A page of three body lines and one footer line in the bottom margin."""
    body = tuple(TextRun(f"Body line {i} of the statement.", 72, 100 + 20 * i, 300, 112 + 20 * i,
                         "Serif", 11, False, False, number) for i in range(3))
    foot = TextRun(footer, 290, 800, 310, 810, "Serif", 11, False, False, number)
    return Page(number=number, width=595, height=842, runs=(*body, foot))


def _kept_footers(footers: list[str]) -> list[list[str]]:
    pages = [_margin_page(number, footer) for number, footer in enumerate(footers, start=1)]
    kept = remove_furniture(pages, [page_fragments(page.runs) for page in pages])
    return [[line.text for line in lines if line.top >= 800] for lines in kept]


def test_bare_numbers_that_advance_with_the_pages_are_page_numbers():
    assert _kept_footers(["- 1 -", "- 2 -", "- 3 -"]) == [[], [], []]
    assert _kept_footers(["17", "18"]) == [[], []]  # printed pages 17-18 of a bulletin


def test_a_bare_year_alone_in_a_margin_is_kept():
    assert _kept_footers(["2020"]) == [["2020"]]
    assert _kept_footers(["Text", "2020"]) == [["Text"], ["2020"]]


def test_running_headers_and_footers_are_removed():
    _, kept = _fragments("corpus/belarus-2020.pdf")
    texts = [line.text for page in kept for line in page]
    assert not any(t.startswith("Page ") and "/" in t for t in texts)
    assert texts.count("www.laboursolidarity.org") == 1  # under the masthead; the header is gone


def test_small_header_on_a_two_page_document_is_removed():
    blocks = _blocks("statements/individual-signatories.pdf")
    assert not any("www.righttostrike.info" in b.text for b in blocks)


def test_paragraph_broken_by_a_page_break_is_one_paragraph():
    import json

    truth = json.loads((FIXTURES / "statements/a5-page-breaks.json").read_text(encoding="utf-8"))
    paragraphs = [b.text for b in _blocks("statements/a5-page-breaks.pdf") if b.kind == PARAGRAPH]
    expected = [p for s in truth["sections"] for p in s["text"].split("\n\n")]
    assert all(p in paragraphs for p in expected)


def test_block_kinds():
    blocks = _blocks("corpus/belarus-2020.pdf")
    kinds = Counter(b.kind for b in blocks)
    assert kinds[HEADING] >= 4 + 5  # four titles, the list's title and categories
    assert kinds[ITEM] >= 90  # one per signatory bullet
    titles = [b.text for b in blocks if b.kind == HEADING]
    assert "After 26 years of dictatorship, support the people of Belarus!" in titles


@pytest.mark.parametrize(
    ("head", "tail", "expected"),
    [
        ("solida-", "rité des peuples", "solidarité des peuples"),
        ("anti-", "capitaliste", "anti-capitaliste"),
        ("Verzeichnis-", "Strukturen", "Verzeichnis-Strukturen"),
        ("exige-", "se que", "exige-se que"),
        ("Arbeiterinnen-", "und Arbeiter", "Arbeiterinnen- und Arbeiter"),
        ("mobili\u00ad", "sation", "mobilisation"),
        # a dictionary decides, not lists of prefixes and clitics
        ("anti-", "cipation", "anticipation"),
        ("multi-", "plier", "multiplier"),
        ("Venezue-", "la", "Venezuela"),
        ("dá-", "lhe", "dá-lhe"),
        ("Arbeits-", "markt", "Arbeitsmarkt"),
        # LibreOffice's justified line-end hyphen, detached from its word
        ("la solida -", "rité", "la solidarité"),
        ("the workers -", "who strike", "the workers - who strike"),
    ],
)
def test_line_end_hyphens(head, tail, expected):
    assert join_hyphenated(head, tail, Counter()) == expected


def test_hyphen_kept_when_the_document_writes_the_compound_elsewhere():
    words = vocabulary(["la ré-élection du dictateur", "une ré-élection contestée"])
    assert join_hyphenated("ré-", "élection", words) == "ré-élection"
    words = vocabulary(["la manifestation", "une manifestation"])
    assert join_hyphenated("manifes-", "tation", words) == "manifestation"


def test_table_of_contents_is_not_part_of_the_text():
    blocks = drop_table_of_contents(_blocks("statements/table-of-contents.pdf"))
    assert not any("Sommaire" == b.text or "....." in b.text for b in blocks)


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        ("\uf0b7 Union des Boulangers", "Union des Boulangers"),  # Word's Symbol bullet
        ("\uf0a7 Syndicat", "Syndicat"),  # Wingdings square
        ("➢ Réseau", "Réseau"),
        ("• Union", "Union"),
        ("•Union", "Union"),
        ("– Union", "Union"),
        ("12) Union", "Union"),
        ("(3) Union", "Union"),
        ("4 - Union", "Union"),
        ("b) Union", "Union"),
        ("1. • Union", "Union"),
    ],
)
def test_one_marker_grammar_strips_any_bullet(line, entry):
    assert strip_marker(line) == entry and has_marker(line)


@pytest.mark.parametrize("line", ["6.3, forbids any eviction", "e.g. the inspector", "Union", "2020 was", "«Union»"])
def test_text_that_only_looks_like_a_marker_is_not_one(line):
    assert not has_marker(line) and strip_marker(line) == line
