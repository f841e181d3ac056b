"""Highlighted snippets: matched words (exact or stemmed) wrapped in [[ ]].

The same for both backends: words are found with the indexing pattern and folded the same
way; only the stemmer comes from the backend. Whoosh's highlighter ran the full analyzer
chain over each stored text (about 3 ms per hit); a page of 20 hits takes a few milliseconds.

Highlights are placed on the stored text, which folding may lengthen or shorten ("Straße" ->
"strasse", "İ" -> "i", Arabic vowel marks dropped): a text whose every character folds in place
(index.accents) is searched as it is, any other word by word, each word's span kept from the original.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .accents import FOLDED, IN_PLACE, ORIGINALS
from .analysis import WORD, fold, stemmed_language, stop_words, words
from .syntax import And, Node, Or, Prefix, Words

ELLIPSIS = "…"
STEM_HEAD = 4  # letters a word shares with its stem (Snowball stems cut endings); candidates start so
_SEPARATOR = "\x00"  # joins words to fold them at once; no word holds it and folding keeps it
# Combining marks, which stay in a word of the stored text though folding drops them ("كَتَبَ", "e\u0301").
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_STORED_WORD = re.compile(rf"[\w{_MARKS}]+(?:\.[\w{_MARKS}]+)*")  # WORD, over text not yet folded

StemmerFor = Callable[[str], Callable[[str], str]]  # language -> stemmer of folded words


@dataclass(frozen=True, slots=True)
class SnippetOptions:
    max_chars: int = 240  # length of the snippet, all fragments together
    fragments: int = 2  # at most this many fragments, joined by an ellipsis


@dataclass(frozen=True, slots=True)
class Highlights:
    """What a query matches in a section's text: folded words (stemmed per language) and prefixes."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


def highlights_of(node: Node) -> Highlights:
    """The words to highlight for a query: its words on the text or title, outside NOT."""
    found: set[str] = set()
    prefixes: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, (And, Or)):
            for child in n.children:
                walk(child)
        elif isinstance(n, Words) and n.field in (None, "title"):
            found.update(words(n.text))
        elif isinstance(n, Prefix) and n.field in (None, "title"):
            prefixes.append(n.text)
        # Not: what is excluded is not shown; other fields are not in the text

    walk(node)
    return Highlights(frozenset(found), tuple(prefixes))


class WordStemmers:
    """Per-language stemming of folded words, as a backend's stemmed fields do it, with a cache."""

    def __init__(self, stemmer_for: StemmerFor, *, cache_size: int = 50_000) -> None:
        self._stemmer_for = stemmer_for
        self._stemmers: dict[str, Callable[[str], str]] = {}
        self._cache: dict[tuple[str, str], str] = {}
        self._cache_size = cache_size

    def stem(self, lang: str, folded: str) -> str | None:
        """The stem the index holds for this folded word, or None for a stop word of `lang`."""
        if folded in stop_words(lang):
            return None
        key = (lang, folded)
        stem = self._cache.get(key)
        if stem is None:
            stemmer = self._stemmers.get(lang)
            if stemmer is None:
                stemmer = self._stemmers[lang] = self._stemmer_for(lang)
            stem = stemmer(folded)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[key] = stem
        return stem


@dataclass(frozen=True, slots=True)
class _InPlace:
    """What folding does to the characters it leaves in place (index.accents)."""

    unfolded: dict[str, str]  # folded letter or digit -> the others that fold to it
    other: re.Pattern  # finds any character that folding does not leave in place


@lru_cache(maxsize=1)
def _in_place() -> _InPlace:
    unfolded: dict[str, str] = {}
    for original, folded in zip(ORIGINALS, FOLDED):
        unfolded[folded] = unfolded.get(folded, "") + original
    members = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in IN_PLACE)
    return _InPlace(unfolded=unfolded, other=re.compile(f"[^{members}]"))


def folds_in_place(text: str) -> bool:
    """Whether folding leaves each word of `text` where it is (so that its offsets hold)."""
    return _in_place().other.search(text) is None


@lru_cache(maxsize=256)
def _words_starting_with(letters: str) -> re.Pattern:
    """Whole lower-case words whose first letter folds to one of `letters`: a regex of one character
    class, quick to compile (an alternation of accent-blind words took milliseconds per search)."""
    unfolded = _in_place().unfolded
    first = "".join(dict.fromkeys(c + unfolded.get(c, "") for c in letters))
    return re.compile(rf"(?<!\w)(?<!\w\.)[{re.escape(first)}]\w*(?:\.\w+)*")


class SnippetMaker:
    """Builds the snippets of one search from the words its query matched."""

    def __init__(self, highlights: Highlights, *, stemmers: WordStemmers,
                 options: SnippetOptions = SnippetOptions()) -> None:
        self._highlights = highlights
        self._stemmers = stemmers
        self._options = options
        self._stems: dict[str, frozenset[str]] = {}
        self._finders: dict[str | None, tuple[re.Pattern, tuple[str, ...]] | None] = {}
        # Whether a word matched, by language: words recur from one hit's text to the next.
        self._verdicts: dict[str | None, dict[str, bool]] = {}  # of the finder's candidates
        self._all_verdicts: dict[str | None, dict[str, bool]] = {}  # of every word (word by word)

    def snippet(self, text: str, *, lang: str | None) -> str:
        """The passages of `text` richest in matched words; its beginning when none matched."""
        matches = self._matches(text, lang=lang)
        if not matches:
            windows = [(0, min(len(text), self._options.max_chars))]
        else:
            width = self._options.max_chars // self._options.fragments
            windows = _best_windows(matches, width=width, count=self._options.fragments, length=len(text))
        pieces = [_marked(text, *_word_bounds(text, start, end), matches) for start, end in windows]
        lead = f"{ELLIPSIS} " if windows[0][0] > 0 else ""
        tail = f" {ELLIPSIS}" if windows[-1][1] < len(text) else ""
        return lead + f" {ELLIPSIS} ".join(pieces) + tail

    def _query_stems(self, lang: str) -> frozenset[str]:
        stems = self._stems.get(lang)
        if stems is None:
            stems = frozenset(s for w in self._highlights.words if (s := self._stemmers.stem(lang, w)))
            self._stems[lang] = stems
        return stems

    def _matches(self, text: str, *, lang: str | None) -> list[tuple[int, int]]:
        stemmed_lang = stemmed_language(lang)
        stems = self._query_stems(stemmed_lang) if stemmed_lang else frozenset()
        lowered = text.lower()
        if len(lowered) != len(text) or (stems and stemmed_lang == "ar") or not folds_in_place(lowered):
            return self._word_by_word(text, stemmed_lang, stems)
        # Find the words starting with a letter the query's words, prefixes or stems start with,
        # with one regex over the lower-cased text, then fold and check only those (once per word).
        finder = self._finder(stemmed_lang, stems)
        if finder is None:
            return []
        pattern, starts = finder
        verdicts = self._verdicts.setdefault(stemmed_lang, {})
        found = []
        for match in pattern.finditer(lowered):
            word = match.group()
            verdict = verdicts.get(word)
            if verdict is None:
                folded = fold(word)
                verdict = verdicts[word] = folded.startswith(starts) and self._is_match(folded, stemmed_lang, stems)
            if verdict:
                found.append(match.span())
        return found

    def _is_match(self, folded: str, lang: str | None, stems: frozenset[str]) -> bool:
        """Whether a folded word of a section in `lang` is one the query matched."""
        prefixes = self._highlights.prefixes
        return (folded in self._highlights.words or bool(prefixes and folded.startswith(prefixes))
                or bool(stems and self._stemmers.stem(lang, folded) in stems))

    def _finder(self, lang: str | None, stems: frozenset[str]) -> tuple[re.Pattern, tuple[str, ...]] | None:
        """The candidate finder for sections in `lang`, and the folded starts a match begins with."""
        if lang not in self._finders:
            # Stems keep a word's first letters (Arabic aside, which goes word by word).
            starts = tuple(sorted(w for w in {*self._highlights.words, *self._highlights.prefixes,
                                              *(s[:STEM_HEAD] for s in stems)} if w))
            self._finders[lang] = (_words_starting_with("".join(sorted({w[0] for w in starts}))), starts) if starts else None
        return self._finders[lang]

    def _word_by_word(self, text: str, lang: str | None, stems: frozenset[str]) -> list[tuple[int, int]]:
        """Every word of `text` folded and checked (when folding changes the text's length or its words,
        and for Arabic); only the words not seen in an earlier hit of this search are folded. A word
        is matched when one of the words it folds to is."""
        verdicts = self._all_verdicts.setdefault(lang, {})  # by the word as written
        matches = [(match.group(), match.span()) for match in _STORED_WORD.finditer(text)]
        unseen = list(dict.fromkeys(word for word, _ in matches if word not in verdicts))
        if unseen:
            for word, folded in zip(unseen, fold(_SEPARATOR.join(unseen)).split(_SEPARATOR)):
                verdicts[word] = any(self._is_match(w, lang, stems) for w in WORD.findall(folded))
        return [span for word, span in matches if verdicts[word]]


def _best_windows(matches: list[tuple[int, int]], *, width: int, count: int, length: int) -> list[tuple[int, int]]:
    """Up to `count` non-overlapping windows of `width` chars holding the most matches, in text order."""
    windows: list[tuple[int, int]] = []
    remaining = list(matches)
    while remaining and len(windows) < count:
        ends = [end for _, end in remaining]  # ascending: matches do not overlap
        best_start, best_count = remaining[0][0], 0
        for left, (start, _) in enumerate(remaining):
            # the matches from `left` that end within the window starting at `start` (at least itself)
            held = max(bisect_right(ends, start + width) - left, 1)
            if held > best_count:
                best_start, best_count = start, held
        lead = min(width // 4, best_start)
        window = (best_start - lead, min(length, best_start - lead + width))
        windows.append(window)
        remaining = [m for m in remaining if m[1] <= window[0] or m[0] >= window[1]]
    return sorted(windows)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inwards to whole words when they cut one."""
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = space if space != -1 else end
    return start, end


def _marked(text: str, start: int, end: int, matches: list[tuple[int, int]]) -> str:
    """text[start:end] on one line, with the matches inside it wrapped in [[ ]]."""
    out, position = [], start
    for match_start, match_end in matches:
        if match_start >= start and match_end <= end:
            out.append(text[position:match_start])
            out.append(f"[[{text[match_start:match_end]}]]")
            position = match_end
    out.append(text[position:end])
    return " ".join("".join(out).split())
