"""One folding of text for matching, everywhere: the index, organisation names, filters, countries.

Folding is for comparing, never for storing: the stored text keeps what the PDF draws.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# What case folding and NFKD leave apart that a reader takes for the same letter or mark.
_SAME_LETTER = str.maketrans({
    "ı": "i",  # Turkish dotless i ("Gıda" = "Gida"); "İ" casefolds to "i" + a combining dot, stripped below
    "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "ŧ": "t", "ŀ": "l", "þ": "th", "æ": "ae", "œ": "oe",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
    "ـ": "",  # Arabic tatweel: a stretch of the line, not a letter
})


CACHED_LENGTH = 200  # names and query words are folded again and again; whole section texts once each


def fold(text: str) -> str:
    """Case, accents, ligatures, Arabic vowel marks, typographic quotes and dashes folded: "İstanbul’da" -> "istanbul'da"."""
    if str.isascii(text):  # NFKD and combining marks change nothing there, casefold is lower (TypeError if no str)
        return text.lower().translate(_SAME_LETTER)
    return _fold_cached(text) if len(text) <= CACHED_LENGTH else _fold(text)


@lru_cache(maxsize=65536)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    # Compatibility forms first ("ᴬ", "Ⓐ" become letters), then case, then the accents it exposes ("İ" -> "i" + dot).
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.translate(_SAME_LETTER))
