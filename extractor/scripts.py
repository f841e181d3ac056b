"""Writing systems: which characters are right-to-left letters, and which are Arabic or Hebrew.

One definition for the readers, the layout, OCR and language identification.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan... and their presentation forms (not the BOM at U+FEFF).
RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
HEBREW_LETTER = re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")
LETTER = re.compile(r"[^\W\d_]")
# Texts whose direction is remembered: a line's is asked many times while its page is laid out.
DIRECTIONS_REMEMBERED = 16384


def has_rtl(text: str) -> bool:
    """True when the text holds a right-to-left letter (Arabic, Hebrew, ...)."""
    return RTL_LETTER.search(text) is not None


@lru_cache(maxsize=DIRECTIONS_REMEMBERED)
def mostly_rtl(text: str) -> bool:
    """More than half of the text's letters are right-to-left: such a line reads from its right edge."""
    if text.isascii():
        return False
    rtl = len(RTL_LETTER.findall(text))
    return rtl > 0 and rtl > len(LETTER.findall(text)) / 2
