"""List markers: the one grammar for the bullet or number that opens a list line, whoever drew it.

A marker is one of
- a bullet character (•, ▪, ‣, *...), with or without a space after it;
- any other lone symbol or private-use character followed by a space: Word's Symbol and Wingdings
  bullets reach the text layer as U+F0B7, U+F0A7, U+F076, U+F0D8, U+F0FC..., others as ➢, ✓, □;
- a dash followed by a space ("- Name", "– Name"), or an en dash glued to a capital ("–Name");
- a number: "1.", "1)", "(1)", "12 -" (not "6.3", a decimal);
- a lower-case letter: "a)", "(b)", "c." followed by a space (not "e.g.").
OCR writes the bullets it recognises as "•" (extractor.ocr), which this grammar reads.
"""
from __future__ import annotations

import re
import unicodedata

BULLET_CHARACTERS = "•▪◦·●■□►▸‣∙*○▶➢➤→✓✔"
DASHES = "-–—‒―−"
GLUED_DASHES = "–"  # an en dash: an em dash glued to a capital opens a line of dialogue
_NUMBER = re.compile(r"\(?\d{1,3}[.)](?!\d)\s*|\d{1,3}\s*[-–—]\s+")
_LETTER = re.compile(r"\(?[a-z][.)](?=\s)\s*")
# Unicode categories of a character that draws a bullet: other and math symbols, private use.
_SYMBOL_CATEGORIES = frozenset({"So", "Sm", "Co"})


def _one_marker(text: str) -> int:
    """Length of the marker at the start of `text` (its trailing spaces included), 0 if none."""
    if not text:
        return 0
    first = text[0]
    if first.isalpha() and text[1:2] not in (".", ")"):
        return 0  # most lines start with a word: no marker
    spaced = len(text) > 1 and text[1].isspace()
    if first in GLUED_DASHES and text[1:2].isupper():
        return 1  # '–NGWF – Name': a dash bullet drawn without its space (a hyphen there is a sign)
    if first in BULLET_CHARACTERS or (spaced and (first in DASHES or unicodedata.category(first) in _SYMBOL_CATEGORIES)):
        return len(text) - len(text[1:].lstrip())
    match = _NUMBER.match(text) or _LETTER.match(text)
    return match.end() if match else 0


def marker_length(text: str, *, repeated: bool = False) -> int:
    """Length of the list marker that opens `text` (0 if none); with `repeated`, of all the
    markers in a row ("1. • Name")."""
    start = end = len(text) - len(text.lstrip())
    while length := _one_marker(text[end:]):
        end += length
        if not repeated:
            break
    return end if end > start else 0


def strip_marker(text: str) -> str:
    """The text without the list markers at its start."""
    return text[marker_length(text, repeated=True) :]


def has_marker(text: str) -> bool:
    return marker_length(text) > 0


def marker_of(text: str) -> str:
    """The marker's first character ('' when the text has none): a list's bullet style."""
    stripped = text.lstrip()
    return stripped[:1] if has_marker(stripped) else ""
