"""Write `data/country_names.tsv`, the CLDR country names the country table is built from.

    python3 -m extractor.signatories._cldr_names

Run it when babel (CLDR) is upgraded: the table is read from the committed file at run
time, so looking up a country never imports babel nor walks its locales (about 0.45 s).
Names are every territory's name in French, English, Spanish, Portuguese, Italian and
German, then in each country's own official languages, then in Arabic: that order is
the priority when two countries share a name.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel import Locale, UnknownLocaleError, __version__ as babel_version
from babel.languages import get_official_languages

NAMES_FILE = Path(__file__).parent / "data" / "country_names.tsv"
HEADER = "# CLDR country names as 'name<TAB>ISO code', highest priority first. Generated from babel {version}\n" \
         "# by `python3 -m extractor.signatories._cldr_names`; do not edit (aliases: country_aliases.tsv).\n"
_NAME_LOCALES = ("fr", "en", "es", "pt", "it", "de")
_LATE_LOCALES = ("ar",)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def cldr_names() -> Iterator[tuple[str, str]]:
    """(name, code) for every country in our languages, then in each country's own languages."""
    codes = [c for c in Locale("en").territories if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES]
    for lang in _NAME_LOCALES:
        territories = Locale(lang).territories
        yield from ((territories[c], c) for c in codes if c in territories)
    for code in codes:
        for lang in get_official_languages(code, de_facto=True):
            name = _territory_name(lang, code)
            if name:
                yield name, code
    for lang in _LATE_LOCALES:
        territories = Locale(lang).territories
        yield from ((territories[c], c) for c in codes if c in territories)


def _territory_name(lang: str, code: str) -> str | None:
    try:
        return Locale.parse(lang).territories.get(code)
    except (UnknownLocaleError, ValueError):
        return None


def names_file_text() -> str:
    """The file's content: the header, then each (name, code) pair once, in priority order."""
    pairs = dict.fromkeys(cldr_names())  # a repeated pair changes nothing: the first one wins
    return HEADER.format(version=babel_version) + "".join(f"{name}\t{code}\n" for name, code in pairs)


if __name__ == "__main__":
    NAMES_FILE.write_text(names_file_text(), encoding="utf-8")
