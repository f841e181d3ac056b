"""Finding a statement's date in its text, with month names from CLDR (`data/month_names.tsv`, see _cldr_months)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from importlib import resources

DATE_LANGUAGES = ("fr", "en", "es", "pt", "it", "de", "ca", "nl", "ar")
_YEAR = re.compile(r"\d{4}")  # four digits in a row, as each date pattern's year has


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).rstrip(".")


@cache
def _months() -> dict[str, int]:
    names: dict[str, int] = {}
    text = resources.files(__package__).joinpath("data/month_names.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, number = line.split("\t")
            if len(_fold(name)) >= 3:
                names[_fold(name)] = int(number)
    return names


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    month = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    day_month_year = re.compile(
        rf"\b(\d{{1,2}})(?:er|º|°|st|nd|rd|th)?\.?\s+(?:de\s+|di\s+)?({month})\.?,?\s+(?:de\s+|del\s+)?(\d{{4}})\b"
    )
    month_day_year = re.compile(rf"\b({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
    numeric = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
    return day_month_year, month_day_year, numeric


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if 1900 <= year <= 2100 else None
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """The first date written out in the text ("9 août 2020", "August 9, 2020", "2020-08-09")."""
    folded = _fold(text)
    if not _YEAR.search(folded):
        return None  # every pattern needs one: most lines are not searched for month names
    day_month_year, month_day_year, numeric = _patterns()
    found: list[tuple[int, date]] = []
    for match in day_month_year.finditer(folded):
        value = _valid(int(match[3]), _months()[match[2]], int(match[1]))
        if value:
            found.append((match.start(), value))
    for match in month_day_year.finditer(folded):
        value = _valid(int(match[3]), _months()[match[1]], int(match[2]))
        if value:
            found.append((match.start(), value))
    for match in numeric.finditer(folded):
        if match[1]:
            value = _valid(int(match[1]), int(match[2]), int(match[3]))
        else:  # day first, as in every language we read except US English
            value = _valid(int(match[6]), int(match[5]), int(match[4]))
        if value:
            found.append((match.start(), value))
    return min(found)[1] if found else None


def is_dateline(text: str) -> bool:
    """A short line that is mostly a date ("Paris, le 12 mars 2021")."""
    return len(text.split()) <= 8 and find_date(text) is not None


# Where a statement's date was found, most trusted first; `Statement.date_source` holds one of these.
TITLE_DATELINE = "dateline near the title"
SIGNATURE_DATELINE = "dateline near the signatures"
OPENING_TEXT = "date in the opening text"  # the first date written near the title, maybe an event's


def statement_date(opening: list[str], closing: list[str]) -> tuple[date, str] | None:
    """The statement's date and where it was found: a dateline ("Paris, le 12 mars 2021") among the opening
    lines, then among the closing lines (above the signatories, at the end), then the first date of the opening."""
    for lines, source in ((opening, TITLE_DATELINE), (closing, SIGNATURE_DATELINE)):
        for line in lines:
            if is_dateline(line):
                found = find_date(line)
                if found:
                    return found, source
    found = find_date(" ".join(opening))
    return (found, OPENING_TEXT) if found else None
