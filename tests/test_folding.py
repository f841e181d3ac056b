"""The one folding function: what researchers expect to match, matches."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor import fold


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("İstanbul", "istanbul"),
        ("Gıda", "gida"),
        ("GIDA-İŞ", "gida-is"),
        ("Straße", "strasse"),
        ("ﬁnancement", "financement"),
        ("Grève générale", "greve generale"),
        ("l’Union", "l'union"),
        ("«Solidarité»", '"solidarite"'),
        ("„Streik“", '"streik"'),
        ("São Paulo", "sao paulo"),
        ("Œuvre", "oeuvre"),
        ("Łódź", "lodz"),
        ("Nordisk Fagforbund – Norge", "nordisk fagforbund - norge"),
    ],
)
def test_written_forms_fold_to_what_is_typed(written: str, typed: str) -> None:
    assert fold(written) == typed


def test_arabic_vowel_marks_and_tatweel_are_folded_away() -> None:
    assert fold("نقابــة") == fold("نقابة")
    assert fold("التَّضامُن") == "التضامن"


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_folds_as_any_text_does(text: str) -> None:
    assert fold(text) + "e" == fold(text + "é")  # the second is not ASCII: it takes the full path
