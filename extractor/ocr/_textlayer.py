"""Is a page's text layer usable, or must the page be OCR'd?

A page needs OCR when it has no text at all (a scan), or when its text is garbage:
a font without a Unicode map makes readers return symbols, private-use characters,
replacement characters, `(cid:NN)` codes or control characters instead of letters.
Real text in any script is mostly letters, and most of its tokens are word-like.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..model import Page

__all__ = ["TextQuality", "has_garbled_text", "page_needs_ocr", "text_quality"]

MIN_WORDS = 3  # fewer real words than this: nothing worth keeping (a page number at most)
MIN_LETTER_SHARE = 0.5  # letters and digits among the non-space characters
MAX_BAD_SHARE = 0.1  # private-use, replacement, control characters and (cid:NN) codes
MIN_WORD_SHARE = 0.4  # tokens that look like words
# A table of figures has few words but is real text: this many numbers stand in for the words.
# Fewer, with no words, are a page number or a date at most.
MIN_NUMBERS = 10

_CID = re.compile(r"\(cid:\d+\)")
_ALNUM = re.compile(r"[^\W_]")
_WORD = re.compile(r"^[^\W\d_]+(?:['’\-.][^\W\d_]+)*$")
_NUMBER = re.compile(r"^[-+−(]?[\d.,:/%€$£()\-+−]*\d[\d.,:/%€$£()\-+−]*$")


@dataclass(frozen=True, slots=True)
class TextQuality:
    characters: int  # non-space characters, each (cid:NN) counting as one
    letter_share: float
    bad_share: float
    tokens: int  # tokens with letters (and no digits) or bad characters
    words: int  # tokens that look like words
    numbers: int = 0  # tokens that are figures: 2020, 1,234.5, 45 %, 12/05, (3.2)


SAMPLE_CHARS = 800  # a page's first characters tell as much as all of them
TOKENS_REMEMBERED = 8192  # tokens judged once for all pages (words recur from page to page)


def page_needs_ocr(page: Page) -> bool:
    """True when the page has no text layer or its text is not real text."""
    if page.ocr:
        return False
    quality = text_quality(_sample(page))
    return (quality.words < MIN_WORDS and quality.numbers < MIN_NUMBERS) or _garbled(quality)


def has_garbled_text(page: Page) -> bool:
    """True when the page has text that is not real text (a font without a Unicode map).

    A page that needs OCR without garbled text has little or no text: it is a scan only if it
    draws an image (readers.blank_pages tells).
    """
    return not page.ocr and _garbled(text_quality(_sample(page)))


def _garbled(quality: TextQuality) -> bool:
    return (
        quality.letter_share < MIN_LETTER_SHARE
        or quality.bad_share > MAX_BAD_SHARE
        or quality.words < quality.tokens * MIN_WORD_SHARE
    ) and quality.characters > 0


def _sample(page: Page) -> str:
    """The page's first SAMPLE_CHARS characters, joining no more runs than that takes."""
    parts: list[str] = []
    length = 0
    for run in page.runs:
        parts.append(run.text)
        length += len(run.text) + 1
        if length >= SAMPLE_CHARS:
            break
    return " ".join(parts)[:SAMPLE_CHARS]


def text_quality(text: str) -> TextQuality:
    """Counts that tell real text from the output of a font without a Unicode map.

    Characters are counted once per distinct character (a page sample has a few dozen), and
    tokens are judged once each for all pages.
    """
    cids = len(_CID.findall(text))
    if cids:
        text = _CID.sub(" ", text)
    kinds = _CharacterKinds(text)
    total = kinds.characters + cids
    if total == 0:
        return TextQuality(0, 0.0, 0.0, 0, 0, 0)
    # Punctuation (a table of contents' dot leaders) says nothing about the font's Unicode map.
    total = max(1, total - kinds.punctuation) if kinds.letters else total
    bad = cids + kinds.bad
    numbers = counted = words = 0
    for piece in text.split():
        number, counts, word = _token_kind(piece.strip(".,;:!?()[]«»\"'“”‘’"))
        numbers += number
        counted += counts
        words += word
    return TextQuality(total, kinds.letters / total, bad / total, counted, words, numbers)


@lru_cache(maxsize=TOKENS_REMEMBERED)
def _token_kind(token: str) -> tuple[bool, bool, bool]:
    """Whether the token is a number; whether it counts as a token (it has bad characters, or letters
    and no digits: numbers, punctuation and labels such as Q1 or 2019a say nothing either way); and
    whether it then looks like a word. A token's characters are the text's, so this is the token's alone."""
    bad_chars = {ch for ch in token if not ch.isalnum() and _is_bad(ch)}
    counts = bool(bad_chars) or (any(ch.isalpha() for ch in token) and not any(ch.isdigit() for ch in token))
    return bool(_NUMBER.match(token)), counts, counts and _looks_like_word(token, bad_chars)


class _CharacterKinds:
    """How many of a text's characters are non-space, letters or digits, punctuation, bad."""

    def __init__(self, text: str) -> None:
        self.characters = self.letters = self.punctuation = self.bad = 0
        for ch, times in Counter(text).items():
            if ch.isspace():
                continue
            self.characters += times
            if ch.isalnum():
                self.letters += times
                continue
            if _is_punctuation(ch):
                self.punctuation += times
            if _is_bad(ch):
                self.bad += times


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _is_bad(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Co", "Cc", "Cs", "Cn") or ch == "\ufffd"


def _looks_like_word(token: str, bad_chars: set[str]) -> bool:
    """Letters only (with inner apostrophes, hyphens or dots), in one case pattern."""
    if token.isalpha():  # the usual word: no inner mark, nothing bad (bad characters are not letters)
        rest = token[1:]
        return rest == rest.lower() or rest == rest.upper()
    if not _WORD.match(token):
        return False
    if bad_chars and not bad_chars.isdisjoint(token):
        return False
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) == 1:
        return True
    rest = "".join(letters[1:])
    # Real words are lower case, Capitalised or ALL CAPS; glyph-code soup mixes cases.
    return rest == rest.lower() or rest == rest.upper()
