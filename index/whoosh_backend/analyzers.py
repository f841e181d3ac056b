"""Whoosh analyzers over folded text (the backend folds text with `index.analysis.fold` first)."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from whoosh.analysis import Analyzer, Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stemmer_for_language

from ..analysis import WORD, common_words, stop_words

_COMMA_PIECE = re.compile(r"[^,]+")  # Whoosh's CommaSeparatedTokenizer's pattern
STEM_CACHE = 50000  # words whose stem each language keeps (as Whoosh's StemFilter does)


def word_analyzer() -> Analyzer:
    """The words of folded text, kept as they are: exact words and phrases."""
    return RegexTokenizer(WORD)


class CommonPairFilter(Filter):
    """Joins each word to the previous one when either is a common word ("common grams")."""

    def __init__(self, common: frozenset[str]) -> None:
        self.common = common

    def __eq__(self, other) -> bool:
        return isinstance(other, CommonPairFilter) and self.common == other.common

    def __call__(self, tokens):
        common = self.common
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None and (previous in common or text in common):
                token.text = f"{previous} {text}"
                yield token
            previous = text


def common_pair_analyzer() -> Analyzer:
    """Pairs of consecutive folded words of which one is common: "la greve generale" -> "la greve"."""
    return word_analyzer() | CommonPairFilter(common_words())


def stemming_analyzer(lang: str) -> Analyzer:
    """Folded words without `lang`'s (folded) stop words, stemmed with Whoosh's stemmer for `lang`."""
    chain = word_analyzer()
    if stop_words(lang):
        chain = chain | StopFilter(stoplist=stop_words(lang), minsize=1)
    return chain | StemFilter(stemfn=stemmer_for_language(lang), cachesize=STEM_CACHE)


def stemmer_for(lang: str):
    """Whoosh's stemmer of folded words for `lang` (for snippets)."""
    return stemmer_for_language(lang)


# The same terms as the analyzers above, as lists of words, which Whoosh indexes as they are (a list is
# taken as the tokens of a field): a section's folded text is split once for its three fields instead of
# once per field, and without a Token object per word. tests/test_index_writer.py holds them equal.


def word_terms(folded: str) -> list[str]:
    """What `word_analyzer` makes of folded text."""
    return WORD.findall(folded)


def keyword_terms(text: str) -> list[str]:
    """What the analyzer of a `KEYWORD(commas=True)` field makes of `text`: its comma-separated pieces, stripped."""
    return [piece.strip() for piece in _COMMA_PIECE.findall(text)]


def common_pair_terms(words: list[str]) -> list[str]:
    """What `common_pair_analyzer` makes of the text of these words."""
    common = common_words()
    return [f"{first} {second}" for first, second in zip(words, words[1:]) if first in common or second in common]


def stemmed_terms(words: list[str], lang: str) -> list[str]:
    """What `stemming_analyzer(lang)` makes of the text of these words."""
    stops, stem = stop_words(lang), _cached_stemmer(lang)
    return [stem(word) for word in words if word not in stops]


@lru_cache(maxsize=None)
def _cached_stemmer(lang: str) -> Callable[[str], str]:
    return lru_cache(maxsize=STEM_CACHE)(stemmer_for_language(lang))
