"""How signatory entries are matched to one organisation: normalised names and acronyms (pure)."""
from __future__ import annotations

import re
import unicodedata

from extractor import Signatory

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation to single spaces: "Confédération  Générale," -> "confederation generale"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", stripped.casefold()).split())


def name_key(name: str) -> str:
    return fold(name)


def acronym_key(acronym: str | None) -> str | None:
    """"CSP-Conlutas", "CSP Conlutas" and "csp/conlutas" share one key; None when there is no acronym."""
    if not acronym:
        return None
    return fold(acronym).replace(" ", "") or None


def signature_entry(signatory: Signatory) -> str:
    """The entry as a list would print it: "Union syndicale Solidaires (Solidaires) - France."."""
    entry = signatory.name
    if signatory.acronym:
        entry += f" ({signatory.acronym})"
    if signatory.country:
        entry += f" - {signatory.country}"
    return entry + "."
