"""Search filters resolved against the store: organisations, countries, languages and dates -> statement ids."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from extractor.countries import country_code

from .errors import InvalidDate, UnknownCountry, UnknownLanguageCode, UnknownOrganisation
from .store import OrganisationDetail, Store

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO_CODE = re.compile(r"^[A-Za-z]{2}$")


def check_date(text: str) -> str:
    """`text` if it is YYYY, YYYY-MM or YYYY-MM-DD naming a real period; InvalidDate otherwise."""
    match = _DATE.match(text.strip())
    if not match:
        raise InvalidDate(text)
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError as e:
        raise InvalidDate(text) from e
    return text.strip()


def in_period(value: str | None, *, since: str | None, until: str | None) -> bool:
    """Whether an ISO date (or its year/month) falls in the period; `since`/`until` are YYYY[-MM[-DD]] prefixes."""
    if value is None:
        return False
    if since and value[:len(since)] < since:
        return False
    return not (until and value[:len(until)] > until)


def country_codes(store: Store, text: str) -> frozenset[str]:
    """ISO codes for a country named in any language the extractor knows ("Espagne", "UK") or an ISO code."""
    code = country_code(text)
    if code:
        return frozenset({code})
    present = store.country_codes_present()
    if _ISO_CODE.match(text.strip()) and text.strip().upper() in present:
        return frozenset({text.strip().upper()})
    written = store.country_codes_named(text)  # a name as written in this archive's signatures
    if written and not _ISO_CODE.match(text.strip()):
        return frozenset(written)
    raise UnknownCountry(text, present)


def organisations(store: Store, name: str, *, countries: Iterable[str] = ()) -> list[OrganisationDetail]:
    """The organisations `archive org NAME` shows, kept to those of `countries` (ISO codes) when given."""
    found = store.find_organisations(name)
    wanted = set(countries)
    if wanted:
        found = [o for o in found if o.country_code in wanted]
        if not found:
            raise UnknownOrganisation(f"{name} ({', '.join(sorted(wanted))})")
    return found


def signed_by(store: Store, name: str, *, countries: Iterable[str] = ()) -> set[str]:
    """Statements signed by the organisation `name` stands for (any of its namesakes, within `countries`)."""
    return {s.id for org in organisations(store, name, countries=countries) for s in org.statements}


def checked_languages(store: Store, langs: Iterable[str]) -> tuple[str, ...]:
    """The codes, lower-cased; UnknownLanguageCode lists the codes present when one is not."""
    present = store.languages_present()
    wanted = tuple(dict.fromkeys(lang.strip().lower() for lang in langs if lang.strip()))
    for lang in wanted:
        if lang not in present:
            raise UnknownLanguageCode(lang, present)
    return wanted
