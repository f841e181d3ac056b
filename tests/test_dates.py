"""Which date a statement gets, and where it was found: datelines before the first date of the text."""
from __future__ import annotations

from datetime import date

from extractor import extract
from extractor.structure._dates import OPENING_TEXT, SIGNATURE_DATELINE, TITLE_DATELINE, statement_date

from .conftest import FIXTURES

EVENT = "After the rigged election of Sunday 9 August 2020, thousands took to the streets of every town in the country."


def test_a_dateline_near_the_title_wins_over_an_earlier_date_in_the_text() -> None:
    opening = ["Solidarity with the people", EVENT, "Paris, 14 September 2020"]
    assert statement_date(opening, []) == (date(2020, 9, 14), TITLE_DATELINE)


def test_a_dateline_above_the_signatures_wins_over_a_date_in_the_opening_text() -> None:
    closing = ["We call on all unions to join the campaign.", "Bruxelles, le 3 octobre 2020"]
    assert statement_date(["Solidarity with the people", EVENT], closing) == (date(2020, 10, 3), SIGNATURE_DATELINE)


def test_the_first_date_of_the_opening_text_is_the_last_resort_and_says_so() -> None:
    assert statement_date(["Solidarity with the people", EVENT], ["No date here."]) == (date(2020, 8, 9), OPENING_TEXT)
    assert statement_date(["No date"], ["none either"]) is None


def test_extract_records_where_the_date_came_from() -> None:
    dateline = extract(FIXTURES / "statements" / "dateline-and-subtitle.pdf")
    assert (dateline.date, dateline.date_source) == ("2023-03-14", TITLE_DATELINE)
    belarus = extract(FIXTURES / "corpus" / "belarus-2020.pdf")
    assert (belarus.date, belarus.date_source) == ("2020-08-09", OPENING_TEXT), "an election day, not a dateline"
    undated = extract(FIXTURES / "statements" / "one-language-en.pdf")
    assert (undated.date, undated.date_source) == (None, None)
