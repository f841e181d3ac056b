"""Language knowledge shared by both backends: folding, words, stop words, which languages are stemmed.

Both backends index the folded text (`fold`, the extractor's: the same folding as the
organisation matcher, the filters and the country table) and split it with `WORD`, so that
they hold the same words; each stems them with its own engine's Snowball stemmers. The
stop-word lists are Whoosh's data (whoosh is a dependency either way); the Whoosh engine
itself is used only in `index.whoosh_backend`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractor.folding import fold

# A word: letters and digits, with inner dots ("u.s.a", "1.5"); the same in both backends.
WORD_PATTERN = r"\w+(?:\.?\w+)*"
WORD = re.compile(WORD_PATTERN)

# Languages stemmed in both backends (Whoosh and tantivy both have a Snowball stemmer for each).
STEMMED_LANGUAGES: tuple[str, ...] = (
    "ar", "da", "de", "en", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "ro", "ru", "sv",
)


def words(text: str) -> list[str]:
    """The folded words of `text`, as both backends index them."""
    return WORD.findall(fold(text))


def stemmed_field_name(lang: str) -> str:
    """The index field holding a section's text stemmed for `lang`."""
    return f"text_{lang}"


def stemmed_language(lang: str | None) -> str | None:
    """`lang` when it is stemmed, else None."""
    if lang is None:
        return None
    lang = lang.lower()
    return lang if lang in STEMMED_LANGUAGES else None


@lru_cache(maxsize=1)
def _stop_lists() -> dict[str, frozenset[str]]:
    from whoosh.lang.stopwords import stoplists  # plain data, imported when first needed

    return {lang: frozenset(fold(w) for w in words) for lang, words in stoplists.items()}


def stop_words(lang: str) -> frozenset[str]:
    """`lang`'s folded stop words (left out of its stemmed field); empty when it has no list."""
    return _stop_lists().get(lang, frozenset())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The folded stop words of every language with a list: the words phrases are slow on."""
    return frozenset().union(*_stop_lists().values())


def is_common_pair(first: str, second: str) -> bool:
    """Whether a pair of folded words has one common word (indexed as a pair by the Whoosh backend)."""
    common = common_words()
    return first in common or second in common
