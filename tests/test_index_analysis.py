"""The analysis both backends share: Whoosh's accent map, and the same words from Python and from tantivy."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import backend_available
from index.analysis import accent_map, fold, words

FIXTURES = Path(__file__).parent / "fixtures"


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted((FIXTURES / "statements").glob("*.json")) + sorted((FIXTURES / "corpus").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        texts += [s["text"] for s in truth.get("sections", []) + truth.get("masthead", [])]
    return texts


def test_the_accent_map_is_whooshs():
    from whoosh.support.charset import accent_map as whoosh_accent_map

    assert accent_map == {code: ord(folded) for code, folded in whoosh_accent_map.items()}


def test_folding_keeps_each_character_in_place():
    text = "Grève générale: İstanbul, Ærø, São Paulo, Đakovo, Łódź"
    assert len(text.translate(accent_map)) == len(text)
    assert fold("Grève Générale") == "greve generale"


@pytest.mark.skipif(not backend_available("tantivy"), reason="tantivy is not installed")
def test_tantivy_splits_folded_text_into_the_same_words_as_python():
    from index.tantivy_backend.schema import WORDS_TOKENIZER, analyzers

    analyzer = analyzers()[WORDS_TOKENIZER]
    texts = _fixture_texts() + ["e\u0301te\u0301 u.s.a 3.5% snake_case x.y. كَتَبَ"]
    assert len(texts) > 20
    for text in texts:
        assert analyzer.analyze(fold(text)) == words(text)
