"""Joining a word hyphenated at a line end, keeping the hyphen of real compounds.

Decided with the document's own vocabulary first (a form it writes elsewhere), then with word
frequencies (extractor.lexicon): a common word when joined is joined ('anti-'/'cipation' ->
'anticipation'); two common words on both sides are a compound or a clitic ('anti-capitaliste',
'exige-se'); otherwise two words the document uses alone keep their hyphen, and the rest is joined.
"""
from __future__ import annotations

import re
from collections import Counter

from .. import lexicon

_WORD = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")
_HYPHENS = ("-", "\u00ad", "‐")
_CONJUNCTIONS = lexicon.words_of(lexicon.CONJUNCTIONS)
# LibreOffice's justified line-end hyphen can come out detached: 'solida -'.
_DETACHED = re.compile(r"[^\W\d_]{2,} [-‐]$")
_STEM = re.compile(r"([^\W\d_]+)[-\u00ad‐]$")  # the letters before a line-end hyphen
MAX_WORD = 40  # letters of the longest word looked at before a detached hyphen
MIN_PART = 2  # letters on each side of a compound's hyphen ('e-mail' is a word of its own)


def vocabulary(texts: list[str]) -> Counter[str]:
    """Lower-cased words of the document, hyphenated forms included, for deciding joins.

    `texts` are lines in reading order. The halves of a word cut at a line end are left out: counted,
    every 'Leihar-'/'beitsfirma' would pass for two words the document writes, hence a compound.
    """
    kept: list[str] = []
    cut = False  # whether the line before ended on a hyphenated word
    for text in texts:
        words = _WORD.findall(text)
        if cut and words and text.lstrip().startswith(words[0]):
            words = words[1:]
        cut = ends_hyphenated(text)
        if cut and words:
            words = words[:-1]
        kept.extend(words)
    return Counter(map(str.lower, kept))


def ends_hyphenated(text: str) -> bool:
    if len(text) >= 2 and text.endswith(_HYPHENS) and text[-2].isalpha():
        return True
    return text.endswith((" -", " ‐")) and bool(_DETACHED.search(text[-MAX_WORD - 2 :]))


def join_hyphenated(head: str, tail: str, words: Counter[str]) -> str:
    """head ends with a hyphen at a line end; tail is the next line. Returns them joined."""
    if head.endswith((" -", " ‐")) and _DETACHED.search(head[-MAX_WORD - 2 :]):
        return _join_detached(head, tail, words)
    stem_match = _stem_before_hyphen(head)
    tail_match = re.match(r"([^\W\d_]+)", tail)
    bare = head[:-1]
    if stem_match is None or tail_match is None:
        return f"{head}{tail}" if head.endswith("-") else f"{bare} {tail}"
    stem, rest = stem_match.group(1), tail_match.group(1)
    if head.endswith("\u00ad"):  # a soft hyphen is always a break, never part of the word
        return bare + tail
    if tail.split()[0].lower() in _CONJUNCTIONS:
        return f"{head} {tail}"
    if rest[0].isupper():  # "Verzeichnis-" + "Strukturen", "Jean-" + "Luc"
        return head + tail
    if head.endswith("‐") and not _written_hyphenated(stem, rest, words):
        return bare + tail  # U+2010: the hyphen a typesetter draws at its own break (Chromium's)
    return bare + tail if _is_broken_word(stem, rest, words) else head + tail


def _stem_before_hyphen(head: str) -> re.Match[str] | None:
    """The match of the letters just before the hyphen ending `head`, found from near its end.

    A search of the whole line tries every position of it (a block's text, joined line by line,
    is searched again for each line). A match starting where the search started may begin
    further back: then the whole line is searched.
    """
    start = max(0, len(head) - MAX_WORD - 2)
    match = _STEM.search(head, start)
    if match is not None and match.start() == start and start > 0:
        return _STEM.search(head)
    return match


def _written_hyphenated(stem: str, rest: str, words: Counter[str]) -> bool:
    """The document writes the word with its hyphen more often than without."""
    joined = (stem + rest).lower()
    return max(words[f"{stem}-{rest}".lower()], words[f"{stem}‐{rest}".lower()]) > words[joined]


def _is_broken_word(stem: str, rest: str, words: Counter[str]) -> bool:
    """Whether 'stem-' + 'rest' is one word broken by a typesetter (not a compound)."""
    joined, hyphenated = (stem + rest).lower(), f"{stem}-{rest}".lower()
    if words[hyphenated] > words[joined]:
        return False
    if words[joined]:
        return True
    if lexicon.is_common_word(joined):
        return True
    if len(stem) >= MIN_PART and len(rest) >= MIN_PART and lexicon.is_common_word(stem) and lexicon.is_common_word(rest):
        return False  # two words: a compound ('anti-capitaliste') or a clitic ('exige-se')
    return not (words[stem.lower()] and words[rest.lower()])  # two words of the document: a compound


def _join_detached(head: str, tail: str, words: Counter[str]) -> str:
    """'solida -' + 'rité': joined when that makes a word; else the dash stands between words."""
    stem = re.search(r"([^\W\d_]+) [-‐]$", head).group(1)
    tail_match = re.match(r"([^\W\d_]+)", tail)
    if tail_match and tail_match.group(1)[0].islower():
        rest = tail_match.group(1)
        joined = (stem + rest).lower()
        if words[joined] or lexicon.is_common_word(joined):
            return head[:-2] + tail
    return f"{head} {tail}"
