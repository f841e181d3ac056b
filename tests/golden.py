"""Comparing an extracted Statement with a fixture's truth JSON (the shared scorer's metrics, in small)."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass

from extractor import Statement

_TOKEN = re.compile(r"\w+|[^\w\s]")
_DASHES = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})


# As the shared scorer: a word processor's curly quotes match the typed ones of a truth.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"',
                         "‚": "'", "‹": "'", "›": "'"})


def unify_quotes(text: str | None) -> str:
    """The text with typographic quotes as typed ones and its spaces normalised, as the shared scorer compares."""
    return _norm(text)


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").translate(_QUOTES).split())


def _key(text: str | None) -> str:
    return _norm(text).casefold().translate(_DASHES).strip(" .,;:")


def token_f1(truth: str, predicted: str) -> float:
    a = Counter(_TOKEN.findall(_norm(truth).casefold()))
    b = Counter(_TOKEN.findall(_norm(predicted).casefold()))
    common = sum((a & b).values())
    if not a and not b:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / sum(b.values()), common / sum(a.values())
    return 2 * precision * recall / (precision + recall)


def set_f1(truth: list, predicted: list) -> float:
    a, b = Counter(truth), Counter(predicted)
    common = sum((a & b).values())
    if not a and not b:
        return 1.0
    return 2 * common / (sum(a.values()) + sum(b.values()))


@dataclass(frozen=True)
class Score:
    masthead: float
    languages: list[tuple[str | None, ...]]  # truth's, then predicted
    titles: float
    section_f1: float
    signatories: float
    categories: float


def score(statement: Statement, truth: dict) -> Score:
    sections = list(statement.sections)
    truth_sections = truth["sections"]
    f1s, titles = [], 0
    for index, expected in enumerate(truth_sections):
        got = sections[index] if index < len(sections) else None
        f1s.append(token_f1(expected["text"], got.text if got else ""))
        titles += bool(got) and _norm(got.title) == _norm(expected["title"])
    triples = lambda rows: [(_key(r["name"]), _key(r["acronym"]), r["country_code"]) for r in rows]  # noqa: E731
    predicted = [asdict(signatory) for signatory in statement.signatories]
    categories = [(_key(r["name"]), _key(r["category"])) for r in truth["signatories"]]
    return Score(
        masthead=set_f1(
            [(m["lang"], _key(m["text"])) for m in truth["masthead"]],
            [(m.lang, _key(m.text)) for m in statement.masthead],
        ),
        languages=[tuple(s["lang"] for s in truth_sections), tuple(s.lang for s in sections)],
        titles=titles / len(truth_sections) if truth_sections else 1.0,
        section_f1=sum(f1s) / len(f1s) if f1s else 1.0,
        signatories=set_f1(triples(truth["signatories"]), triples(predicted)),
        categories=set_f1(categories, [(_key(r["name"]), _key(r["category"])) for r in predicted]),
    )
