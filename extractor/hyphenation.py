"""Joining a word hyphenated at a line end, keeping the hyphen of real compounds."""
from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")
_HYPHENS = ("-", "\u00ad", "‐")

# Prefixes that are written with a hyphen in the languages we read; a line-end hyphen after
# one of them is kept ("anti-" + "capitaliste" -> "anti-capitaliste").
COMPOUND_PREFIXES = frozenset(
    """anti ex co non post pré pre pro semi multi sous auto néo neo extra ultra vice self
    inter intra mi demi contre sans bien mal arrière avant après quasi pseudo micro macro
    mini maxi méga mega super hyper trans cross well long short full high low""".split()
)


def vocabulary(texts: list[str]) -> Counter[str]:
    """Lower-cased words of the document, hyphenated forms included, for deciding joins."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(text))
    return counts


def ends_hyphenated(text: str) -> bool:
    return len(text) >= 2 and text.endswith(_HYPHENS) and text[-2].isalpha()


def join_hyphenated(head: str, tail: str, words: Counter[str]) -> str:
    """head ends with a hyphen at a line end; tail is the next line. Returns them joined."""
    stem_match = re.search(r"([^\W\d_]+)[-\u00ad‐]$", head)
    tail_match = re.match(r"([^\W\d_]+)", tail)
    bare = head[:-1]
    if stem_match is None or tail_match is None:
        return f"{head}{tail}" if head.endswith("-") else f"{bare} {tail}"
    stem, rest = stem_match.group(1), tail_match.group(1)
    if head.endswith("\u00ad"):  # a soft hyphen is always a break, never part of the word
        return bare + tail
    if rest[0].isupper():  # "Verzeichnis-" + "Strukturen", "Jean-" + "Luc"
        return head + tail
    joined, hyphenated = (stem + rest).lower(), f"{stem}-{rest}".lower()
    if words[hyphenated] > words[joined]:
        return head + tail
    if words[joined]:
        return bare + tail
    if stem.lower() in COMPOUND_PREFIXES:
        return head + tail
    return bare + tail
