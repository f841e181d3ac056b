"""How signatory entries are matched to one organisation: normalised names and acronyms (pure)."""
from __future__ import annotations

import re

from extractor import Signatory
from extractor import fold as fold_text

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """The extractor's folding (case, accents, dotless ı, ligatures, quotes), punctuation to single spaces:
    "Confédération  Générale," -> "confederation generale", "Gıda-İş" -> "gida is"."""
    return " ".join(_NOT_WORD.sub(" ", fold_text(text)).split())


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
