"""Whoosh analyzers over folded text (the backend folds text with `index.analysis.fold` first)."""
from __future__ import annotations

from whoosh.analysis import Analyzer, Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stemmer_for_language

from ..analysis import WORD, common_words, stop_words


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
    return chain | StemFilter(stemfn=stemmer_for_language(lang), cachesize=50000)


def stemmer_for(lang: str):
    """Whoosh's stemmer of folded words for `lang` (for snippets)."""
    return stemmer_for_language(lang)
