"""Snippets of several hits merged into one: fragments that repeat or overlap another are left out."""
from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

ELLIPSIS = "…"  # what the index puts between a snippet's fragments
FRAGMENTS_KEPT = 3  # fragments in one merged snippet: enough context without a wall of text
OVERLAP_CHARS = 25  # a shared run this long means two fragments show the same passage
_MARKER = re.compile(r"\[\[|\]\]")


def _plain(fragment: str) -> str:
    return " ".join(_MARKER.sub("", fragment).split())


def _overlaps(a: str, b: str) -> bool:
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= OVERLAP_CHARS


def merged_snippet(snippets: Iterable[str]) -> str:
    """One snippet from several: highlighted fragments first, none repeating or overlapping a kept one."""
    fragments = [f.strip() for s in snippets for f in s.split(ELLIPSIS) if f.strip()]
    fragments.sort(key=lambda f: -f.count("[["))  # stable: text order kept among equals
    kept: list[str] = []
    for fragment in fragments:
        plain = _plain(fragment)
        if not any(_overlaps(plain, _plain(k)) for k in kept):
            kept.append(fragment)
        if len(kept) == FRAGMENTS_KEPT:
            break
    return f" {ELLIPSIS} ".join(kept)
