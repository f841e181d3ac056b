"""Joining a word hyphenated at a line end, keeping the hyphen of real compounds."""
from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")
_HYPHENS = ("-", "\u00ad", "‐")

# Prefixes that are written with a hyphen in the languages we read; a line-end hyphen after
# one of them is kept ("anti-" + "capitaliste" -> "anti-capitaliste").
COMPOUND_PREFIXES = frozenset(
    "anti non post semi multi néo neo ultra vice self demi contre sous quasi pseudo well".split()
)

# Pronouns written after a hyphen ("exige-se", "dá-lhe", "dit-il"): never a broken word.
CLITICS = frozenset("se me te lhe lhes lo la los las nos vos il elle ils elles on je tu vous moi toi".split())


# A hyphen before a conjunction suspends a compound ("Arbeiterinnen- und Arbeiter-Union").
CONJUNCTIONS = frozenset("und oder sowie bis and or et ou y o e".split())


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
    if tail.split()[0].lower() in CONJUNCTIONS:
        return f"{head} {tail}"
    if rest[0].isupper():  # "Verzeichnis-" + "Strukturen", "Jean-" + "Luc"
        return head + tail
    joined, hyphenated = (stem + rest).lower(), f"{stem}-{rest}".lower()
    if words[hyphenated] > words[joined]:
        return head + tail
    if words[joined]:
        return bare + tail
    if stem.lower() in COMPOUND_PREFIXES or rest.lower() in CLITICS:
        return head + tail
    # Both halves stand alone elsewhere (each is counted once where the line breaks).
    if len(stem) >= 4 and len(rest) >= 4 and words[stem.lower()] >= 2 and words[rest.lower()] >= 2:
        return head + tail  # two words of the document: a compound ("exige-se", "franco-allemand")
    return bare + tail
