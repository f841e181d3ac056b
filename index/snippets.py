"""Highlighted snippets: matched words (exact or stemmed) wrapped in [[ ]]."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from whoosh.fields import Schema
from whoosh.highlight import BasicFragmentScorer, ContextFragmenter, Formatter, get_text, top_fragments

from .analysis import stemmed_field_name, stemmed_language


class BracketFormatter(Formatter):
    """Wraps each matched word in [[ ]] and joins fragments with an ellipsis."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"[[{get_text(text, token, replace)}]]"


class SnippetMaker:
    """Builds snippets for one search: the query's words by field, analyzers per language."""

    def __init__(
        self, terms: Mapping[str, frozenset[str]], *, schema: Schema, max_chars: int = 240, fragments: int = 2
    ) -> None:
        self._terms = terms
        self._schema = schema
        self._folding = schema["text"].analyzer
        self._fragmenter = ContextFragmenter(maxchars=max_chars, surround=60)
        self._scorer = BasicFragmentScorer()
        self._formatter = BracketFormatter()
        self._fragments = fragments
        self._max_chars = max_chars

    def snippet(self, text: str, *, lang: str | None) -> str:
        """The best fragments of `text`; its beginning when no word matched."""
        tokens = self._marked_tokens(text, lang=lang)
        fragments = top_fragments(
            self._fragmenter.fragment_tokens(text, tokens), self._fragments, self._scorer, order=_by_position
        )
        if fragments:
            return " ".join(self._formatter.format(fragments).split())
        return _leading_text(text, max_chars=self._max_chars)

    def _marked_tokens(self, text: str, *, lang: str | None) -> Iterator:
        exact = self._terms.get("text", frozenset())
        stemmed_starts = self._stemmed_match_starts(text, lang=lang)
        for token in self._folding(text, chars=True, mode="query", removestops=False):
            token.matched = token.text in exact or token.startchar in stemmed_starts
            yield token

    def _stemmed_match_starts(self, text: str, *, lang: str | None) -> frozenset[int]:
        stemmed_lang = stemmed_language(lang)
        if stemmed_lang is None:
            return frozenset()
        words = self._terms.get(stemmed_field_name(stemmed_lang))
        if not words:
            return frozenset()
        analyzer = self._schema[stemmed_field_name(stemmed_lang)].analyzer
        return frozenset(t.startchar for t in analyzer(text, chars=True, mode="index") if t.text in words)


def _by_position(fragment) -> int:
    return fragment.startchar


def _leading_text(text: str, *, max_chars: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    return flat[:max_chars].rsplit(" ", 1)[0] + " …"
