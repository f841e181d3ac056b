"""Highlighted snippets: matched words (exact or stemmed) wrapped in [[ ]].

Whoosh's highlighter runs the full analyzer chain over each stored text, which cost
about 3 ms per hit; this scans words with the tokenizer's own pattern and folds them
with the same accent map, so a page of 20 hits takes a few milliseconds.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang import has_stopwords, stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

from .analysis import stemmed_field_name, stemmed_language

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class SnippetOptions:
    max_chars: int = 240  # length of the snippet, all fragments together
    fragments: int = 2  # at most this many fragments, joined by an ellipsis


class WordStemmers:
    """Per-language stemming of folded words, as the `text_<lang>` analyzers do it, with a cache."""

    def __init__(self, *, cache_size: int = 50_000) -> None:
        self._stemmers: dict[str, Callable[[str], str]] = {}
        self._stops: dict[str, frozenset[str]] = {}
        self._cache: dict[tuple[str, str], str] = {}
        self._cache_size = cache_size

    def stem(self, lang: str, lowered: str, folded: str) -> str | None:
        """The stem the index holds for this word, or None for a stop word of `lang`."""
        if lowered in self._stop_words(lang):
            return None
        key = (lang, folded)
        stem = self._cache.get(key)
        if stem is None:
            stem = self._stemmer(lang)(folded)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[key] = stem
        return stem

    def _stemmer(self, lang: str) -> Callable[[str], str]:
        stemmer = self._stemmers.get(lang)
        if stemmer is None:
            stemmer = self._stemmers[lang] = stemmer_for_language(lang)
        return stemmer

    def _stop_words(self, lang: str) -> frozenset[str]:
        stops = self._stops.get(lang)
        if stops is None:
            stops = self._stops[lang] = frozenset(stopwords_for_language(lang)) if has_stopwords(lang) else frozenset()
        return stops


class SnippetMaker:
    """Builds the snippets of one search from the words the query matched, by field."""

    def __init__(self, terms: Mapping[str, frozenset[str]], *, stemmers: WordStemmers,
                 options: SnippetOptions = SnippetOptions()) -> None:
        self._terms = terms
        self._stemmers = stemmers
        self._options = options

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

    def _matches(self, text: str, *, lang: str | None) -> list[tuple[int, int]]:
        exact = self._terms.get("text", frozenset())
        stemmed_lang = stemmed_language(lang)
        stems = self._terms.get(stemmed_field_name(stemmed_lang), frozenset()) if stemmed_lang else frozenset()
        # Stems keep a word's first letters, except in Arabic (prefixes are stripped).
        heads = None if stemmed_lang == "ar" else {s[:3] for s in stems}
        found = []
        for match in default_pattern.finditer(text):
            lowered = match.group().lower()
            folded = lowered.translate(accent_map)
            if folded in exact or (
                stems and (heads is None or folded[:3] in heads)
                and self._stemmers.stem(stemmed_lang, lowered, folded) in stems
            ):
                found.append(match.span())
        return found


def _best_windows(matches: list[tuple[int, int]], *, width: int, count: int, length: int) -> list[tuple[int, int]]:
    """Up to `count` non-overlapping windows of `width` chars holding the most matches, in text order."""
    windows: list[tuple[int, int]] = []
    remaining = list(matches)
    while remaining and len(windows) < count:
        best_start, best_count = remaining[0][0], 0
        right = 0
        for left, (start, _) in enumerate(remaining):
            right = max(right, left)
            while right + 1 < len(remaining) and remaining[right + 1][1] - start <= width:
                right += 1
            if right - left + 1 > best_count:
                best_start, best_count = start, right - left + 1
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
