"""Country names as written in statements -> ISO 3166-1 alpha-2 codes (the country table).

A module of its own, needing only the folding, so that the archive's filters (`--country Espagne`)
look countries up without loading the extractor's layout, PDF readers or numpy.

Names come from CLDR: every territory's name in French, English, Spanish, Portuguese,
Italian, German and Arabic, and in its own official languages ("España", "Deutschland",
"Türkiye"), kept in `signatories/data/country_names.tsv` (written from babel by `signatories._cldr_names`, so
that no lookup pays for walking babel's locales). `country_aliases.tsv` beside it adds the
few names CLDR lacks: regions written where a country is expected ("Catalogne" -> ES),
political and short names ("Etat espagnol", "USA", "Burkina"). Matching ignores case,
accents, hyphens, apostrophes and other punctuation, and a leading article
("l'Italie", "the Netherlands").
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from .folding import fold

__all__ = ["MAX_COUNTRY_WORDS", "country_code", "find_country", "normalize_name"]

_ARTICLES = frozenset(
    {"the", "la", "le", "l", "les", "el", "los", "las", "o", "os", "a", "as", "il", "lo", "die", "der", "das"}
)
MAX_COUNTRY_WORDS = 8  # "Saint-Martin (partie française)" is about the longest we need
_WORD = re.compile(r"\w+")
_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_TRAILING_OK = frozenset(" \t\n.,;:!?")
_TAIL_CHARS = 160  # characters from the end in which a text's last words are looked for first
NAMES_REMEMBERED = 16384  # texts looked up: a list's lines and pieces are asked about many times over
# Beside the signatory parser that writes them (a path, not importlib.resources: that costs a command 10 ms).
_DATA = Path(__file__).parent / "signatories"


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def normalize_name(text: str) -> str:
    """Lookup key: folded as everywhere (`extractor.fold`), '&' read as 'and', punctuation -> single spaces."""
    words = _WORD.findall(fold(text).replace("&", " and "))
    return " ".join(words) if "_" not in words else " ".join(w for w in words if w != "_")


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def country_code(text: str) -> str | None:
    """ISO alpha-2 code of the country `text` names ("Brésil" -> "BR"), or None."""
    key = normalize_name(text)
    if not key:
        return None
    table = _country_table()
    code = table.get(key)
    if code is None:
        first, _, rest = key.partition(" ")
        if first in _ARTICLES and rest:
            code = table.get(rest)
    return code


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def find_country(text: str) -> tuple[str, str] | None:
    """The longest country name that ends `text` (trailing punctuation aside), as written, and its code.

    The name must start at a word boundary: "Sindicato X - Etat espagnol." -> ("Etat espagnol", "ES"). It is
    one of the last MAX_COUNTRY_WORDS words (runs of word characters) or fewer.
    """
    end = len(text)
    while end and text[end - 1] in _TRAILING_OK:
        end -= 1
    words = _last_words(text, end)
    if not words or words[-1].end() != end:
        return None
    for count in range(min(MAX_COUNTRY_WORDS, len(words)), 0, -1):
        start = words[-count].start()
        if start and text[start - 1] in "'’":  # "d'Ivoire" is not a name on its own
            continue
        code = country_code(text[start:end])
        if code:
            return text[start:end], code
    return None


def _last_words(text: str, end: int) -> list[re.Match[str]]:
    """The words of text[:end], or at least its last MAX_COUNTRY_WORDS whole: a long entry is read
    from its end, over as many characters as its last words take."""
    start = max(0, end - _TAIL_CHARS)
    words = list(_WORD.finditer(text, start, end))
    if start and len(words) <= MAX_COUNTRY_WORDS:  # the first may be cut: one more than needed
        words = list(_WORD.finditer(text, 0, end))
    return words


def load_country_table() -> None:
    """Build the country table now instead of on first use (a process that forks workers gives them theirs)."""
    _country_table()


@functools.cache
def _country_table() -> dict[str, str]:
    """Normalised name -> code; built once, on first use."""
    table: dict[str, str] = {}
    names = list(_cldr_names())
    for name, code in names:
        table.setdefault(normalize_name(name), code)
    for name, code in names:  # second pass: weaker variants never displace a full name
        for variant in _variants(name):
            table.setdefault(normalize_name(variant), code)
    for alias, code in _aliases():
        table[normalize_name(alias)] = code
    table.pop("", None)
    return table


def _cldr_names() -> Iterator[tuple[str, str]]:
    """(name, code) from CLDR, highest priority first (see `_cldr_names.py`)."""
    yield from _data_rows("data/country_names.tsv")


def _variants(name: str) -> list[str]:
    """Shorter forms of a CLDR name: 'Myanmar (Burma)' -> 'Myanmar', 'Burma'."""
    match = _PAREN.match(name)
    return [match.group(1), match.group(2)] if match else []


def _aliases() -> Iterator[tuple[str, str]]:
    yield from _data_rows("data/country_aliases.tsv")


def _data_rows(name: str) -> Iterator[tuple[str, str]]:
    """The (name, code) rows of one of our tab-separated data files, comments left out."""
    text = (_DATA / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            alias, code = line.split("\t")
            yield alias.strip(), code.strip()
