"""Text analysis: case and accent folding for every language, stemming where Whoosh has a stemmer."""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    Filter,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import has_stemmer, has_stopwords, stemmer_for_language, stopwords_for_language
from whoosh.lang import languages as whoosh_languages
from whoosh.support.charset import accent_map

# Languages with a Whoosh stemmer (ar, da, de, en, es, fi, fr, hu, it, nl, no, pt, ro, ru, sv, tr).
STEMMED_LANGUAGES: tuple[str, ...] = tuple(sorted(lang for lang in whoosh_languages if has_stemmer(lang)))


def stemmed_field_name(lang: str) -> str:
    """The index field holding a section's text stemmed for `lang`."""
    return f"text_{lang}"


def stemmed_language(lang: str | None) -> str | None:
    """`lang` when Whoosh can stem it, else None."""
    if lang is None:
        return None
    lang = lang.lower()
    return lang if lang in STEMMED_LANGUAGES else None


def folding_analyzer() -> Analyzer:
    """Words, lower-cased and accent-folded, no stop words: "Grève" -> "greve"."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The folded stop words of every language Whoosh has a list for: the words phrases are slow on."""
    return frozenset(
        fold(word) for lang in whoosh_languages if has_stopwords(lang) for word in stopwords_for_language(lang)
    )


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


def is_common_pair(first: str, second: str) -> bool:
    """Whether the pair of folded words is indexed by `common_pair_analyzer`."""
    return first in common_words() or second in common_words()


def common_pair_analyzer() -> Analyzer:
    """Pairs of consecutive folded words of which one is common: "la greve generale" -> "la greve"."""
    return folding_analyzer() | CommonPairFilter(common_words())


def stemming_analyzer(lang: str) -> Analyzer:
    """Folded words without `lang`'s stop words, stemmed with `lang`'s stemmer.

    Stop words are removed before folding (the lists are accented); stemming
    runs after folding, so that "greve" and "grève" reach the stemmer as the
    same word and yield the same stem.
    """
    chain = RegexTokenizer() | LowercaseFilter()
    if has_stopwords(lang):
        chain = chain | StopFilter(stoplist=stopwords_for_language(lang), minsize=1)
    return chain | CharsetFilter(accent_map) | StemFilter(stemfn=stemmer_for_language(lang), cachesize=50000)


def fold(text: str) -> str:
    """Lower-case and accent-fold a string the way the analyzers do."""
    return text.lower().translate(accent_map)
