"""Is a page's text layer usable, or must the page be OCR'd?

A page needs OCR when it has no text at all (a scan), or when its text is garbage:
a font without a Unicode map makes readers return symbols, private-use characters,
replacement characters, `(cid:NN)` codes or control characters instead of letters.
Real text in any script is mostly letters, and most of its tokens are word-like.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Page

__all__ = ["TextQuality", "page_needs_ocr", "text_quality"]

MIN_WORDS = 3  # fewer real words than this: nothing worth keeping (a page number at most)
MIN_LETTER_SHARE = 0.5  # letters and digits among the non-space characters
MAX_BAD_SHARE = 0.1  # private-use, replacement, control characters and (cid:NN) codes
MIN_WORD_SHARE = 0.4  # tokens that look like words

_CID = re.compile(r"\(cid:\d+\)")
_ALNUM = re.compile(r"[^\W_]")
_WORD = re.compile(r"^[^\W\d_]+(?:['’\-.][^\W\d_]+)*$")


@dataclass(frozen=True, slots=True)
class TextQuality:
    characters: int  # non-space characters, each (cid:NN) counting as one
    letter_share: float
    bad_share: float
    tokens: int
    words: int  # tokens that look like words


SAMPLE_CHARS = 800  # a page's first characters tell as much as all of them


def page_needs_ocr(page: Page) -> bool:
    """True when the page has no text layer or its text is not real text."""
    if page.ocr:
        return False
    quality = text_quality(" ".join(run.text for run in page.runs)[:SAMPLE_CHARS])
    return (
        quality.words < MIN_WORDS
        or quality.letter_share < MIN_LETTER_SHARE
        or quality.bad_share > MAX_BAD_SHARE
        or quality.words < quality.tokens * MIN_WORD_SHARE
    )


def text_quality(text: str) -> TextQuality:
    """Counts that tell real text from the output of a font without a Unicode map."""
    cids = len(_CID.findall(text))
    text = _CID.sub(" ", text)
    characters = [ch for ch in text if not ch.isspace()]
    total = len(characters) + cids
    if total == 0:
        return TextQuality(0, 0.0, 0.0, 0, 0)
    letters = len(_ALNUM.findall(text))
    # Punctuation (a table of contents' dot leaders) says nothing about the font's Unicode map.
    punctuation = sum(_is_punctuation(ch) for ch in characters if not ch.isalnum())
    total = max(1, total - punctuation) if letters else total
    bad = cids + sum(_is_bad(ch) for ch in characters if not ch.isalnum())
    tokens = [token.strip(".,;:!?()[]«»\"'“”‘’") for token in text.split()]
    # Numbers and punctuation say nothing either way.
    tokens = [token for token in tokens if any(ch.isalpha() or _is_bad(ch) for ch in token)]
    words = sum(_looks_like_word(token) for token in tokens)
    return TextQuality(total, letters / total, bad / total, len(tokens), words)


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _is_bad(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Co", "Cc", "Cs", "Cn") or ch == "\ufffd"


def _looks_like_word(token: str) -> bool:
    """Letters only (with inner apostrophes, hyphens or dots), in one case pattern."""
    if not _WORD.match(token):
        return False
    if any(_is_bad(ch) for ch in token):
        return False
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) == 1:
        return True
    rest = "".join(letters[1:])
    # Real words are lower case, Capitalised or ALL CAPS; glyph-code soup mixes cases.
    return rest == rest.lower() or rest == rest.upper()
