"""The analysis both backends share: the extractor's folding, and the same words from Python and from tantivy."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import backend_available
from hypothesis import given
from hypothesis import strategies as st

from extractor import fold as extractor_fold
from index.analysis import fold, words
from index.snippets import SnippetMaker, SnippetOptions, WordStemmers, highlights_of
from index.syntax import Words

FIXTURES = Path(__file__).parent / "fixtures"


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted((FIXTURES / "statements").glob("*.json")) + sorted((FIXTURES / "corpus").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        texts += [s["text"] for s in truth.get("sections", []) + truth.get("masthead", [])]
    return texts


def test_the_index_folds_as_organisations_filters_and_countries_do():
    assert words("İstanbul’da, Straße «Gıda-İş» ﬁnance Œuvre") == ["istanbul", "da", "strasse", "gida", "is",
                                                                  "finance", "oeuvre"]
    assert all(fold(text) == extractor_fold(text) for text in _fixture_texts())


def test_characters_said_to_fold_in_place_keep_the_words_where_they_are():
    """index.accents is data computed from fold (`python3 -m index.accents` rewrites it): still true of fold."""
    from index.accents import FOLDED, IN_PLACE, ORIGINALS
    from index.analysis import WORD

    in_place = [chr(code) for first, last in IN_PLACE for code in range(first, last + 1)]
    assert len(in_place) > 2000 and set("ıİÉéèçñøłÇ’«»…€•") <= set(in_place)
    assert not set("ßﬁœæ\u0301ـ") & set(in_place), "these change the words or their length"
    for character in in_place:
        for text in (f"ab{character}cd", f"x.{character}y"):
            lowered = text.lower()
            if len(lowered) == len(text):  # else snippets go word by word anyway
                assert [fold(m.group()) for m in WORD.finditer(lowered)] == words(text), (character, text)
    assert all(extractor_fold(original) == folded for original, folded in zip(ORIGINALS, FOLDED))


# Characters whose folding changes the length of the text, or its words, among plain letters.
_TRICKY = st.sampled_from(["ß", "İ", "ı", "ﬁ", "œ", "Æ", "’", "«", "e\u0301", "ـ", "َ", "ك", "ʼ", "½", "²"])
_TEXT = st.lists(st.one_of(_TRICKY, st.sampled_from(["a", "b", "É", "é", " ", " ", ".", "-", "x"])), min_size=1,
                 max_size=60).map("".join)


def _stem(_lang):
    return lambda word: word


@given(_TEXT)
def test_snippets_highlight_whole_words_of_the_stored_text_whatever_folding_does(text: str):
    found = words(text)
    if not found:
        return
    query = found[len(found) // 2]
    snippet = SnippetMaker(highlights_of(Words(query)), stemmers=WordStemmers(_stem),
                           options=SnippetOptions(max_chars=1000, fragments=1)).snippet(text, lang=None)
    marked = [piece.split("]]")[0] for piece in snippet.split("[[")[1:]]
    assert marked, (text, query, snippet)
    assert all(query in words(piece) for piece in marked), (text, query, snippet)
    assert snippet.replace("[[", "").replace("]]", "") == " ".join(text.split())


@pytest.mark.skipif(not backend_available("tantivy"), reason="tantivy is not installed")
def test_tantivy_splits_folded_text_into_the_same_words_as_python():
    from index.tantivy_backend.schema import WORDS_TOKENIZER, analyzers

    analyzer = analyzers()[WORDS_TOKENIZER]
    texts = _fixture_texts() + ["e\u0301te\u0301 u.s.a 3.5% snake_case x.y. كَتَبَ"]
    assert len(texts) > 20
    for text in texts:
        assert analyzer.analyze(fold(text)) == words(text)


def test_sentences_fold_in_place_so_their_snippets_need_no_word_by_word_pass() -> None:
    from index.snippets import folds_in_place

    assert folds_in_place("the strike goes on. workers, e.g. dockers; 1.5 % (all).")
    assert not folds_in_place("straße")  # one letter to two: word by word
