"""What extraction loads on first use, loaded now: a process that forks workers gives them all of it."""
from __future__ import annotations

from pathlib import Path

from .countries import load_country_table
from .lexicon import SUPPORTED_LANGUAGES, load_word_lists
from .structure import LanguageGuesser


def preload(cache_dir: Path | None = None) -> None:
    """Load the word lists, the country table and the language model (from `cache_dir`, see
    extractor.cache_dir) now, as the first document would."""
    load_word_lists()
    load_country_table()
    LanguageGuesser(frozenset(SUPPORTED_LANGUAGES), cache_dir=cache_dir)  # as structure() makes it
