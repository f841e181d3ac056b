"""Write `data/month_names.tsv`, the CLDR month names the date finder reads.

    python3 -m extractor.structure._cldr_months

Run it when babel (CLDR) is upgraded: dates are found with the committed file, so a
cold `archive extract` does not load babel's locale data for nine languages (about 0.4 s).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel import Locale, __version__ as babel_version

from ._dates import DATE_LANGUAGES

NAMES_FILE = Path(__file__).parent / "data" / "month_names.tsv"
HEADER = "# CLDR month names as 'name<TAB>month number', in the order the date finder reads them.\n" \
         "# Generated from babel {version} by `python3 -m extractor.structure._cldr_months`; do not edit.\n"


def cldr_months() -> Iterator[tuple[str, int]]:
    """Wide and abbreviated month names, in formats and standing alone, of each date language."""
    for lang in DATE_LANGUAGES:
        locale = Locale(lang)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                yield from ((name, number) for number, name in locale.months[context][width].items())


def names_file_text() -> str:
    return HEADER.format(version=babel_version) + "".join(f"{name}\t{number}\n" for name, number in cldr_months())


if __name__ == "__main__":
    NAMES_FILE.write_text(names_file_text(), encoding="utf-8")
