"""Signatory entries as statements print them -> `Signatory` (name, acronym, country).

Conventions read: "Name (ACR) - Country.", "Name (ACR) – Country", "ACR – Name (Country)",
"Name - Country", "Name, Country", "Name (ACR)", "Name (ACR, Country)", with or without a bullet
or a number in front. A name may itself hold " - " or parentheses: the country is only taken from
the end, the acronym only from the last parenthesis before it. Nothing is ever dropped: an entry
that fits no convention is kept whole as the name.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from ..layout import strip_marker
from ..model import Signatory
from ..countries import country_code, normalize_name

__all__ = ["TEXTS_REMEMBERED", "acronym_dash", "clean_entry", "ends_like_entry", "looks_like_acronym", "parse_signatory", "split_acronym", "split_entries", "writes_acronym_first"]

_DASHES = "-–—‒―−"
_DASH_CLASS = r"\-–—‒―−"  # for use inside [...]
_DASHES_ONLY = re.compile(r"[" + _DASH_CLASS + r"]+")  # a run of dashes (see `_dash_runs`)
_ABBREVIATION_END = re.compile(r"(?:\b\w\.){2,}$")
_TERMINAL = ".;,:"
_TAIL_PUNCTUATION = " /|:;," + _DASHES
_MAX_PLACE_WORDS = 4
_COUNTRY_JOINER = re.compile(r"\s*(?:[/,&" + _DASH_CLASS + r"]|\s(?:et|and|y|e|und|i|ve)\s)\s*")
_MAX_ACRONYM_WORDS = 8
_BRACKET_OR_COMMA = re.compile(r"[(),:]")
_PLACE_AFTER_ACRONYM = re.compile(r"\)\s*[" + _DASH_CLASS + r"]+\s*([^()" + _DASH_CLASS + r",;:/]+)$")
_ACRONYM_THEN_PLACE = re.compile(r"\(([^()]+)\)\s*(?:[" + _DASH_CLASS + r"]+|,)\s*([^()]+)$")
_ACRONYM_TOKEN = re.compile(r"[\w./&'’+-]+")
_ACRONYM_PART_END = re.compile(r"[-/.]")
_SENTENCE_STOP = re.compile(r"\.\s+(?=\S)")
# Distinct texts whose parsing is kept: the same entries and lines are judged again and again (where
# the list starts, wrapped lines, rows, the entries themselves), within a document and across a run.
TEXTS_REMEMBERED = 16384


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def parse_signatory(entry: str, *, category: str | None = None, acronym_first: str = "") -> Signatory:
    """One entry -> Signatory; what fits no convention stays in the name.

    `acronym_first`: the dash of a list that writes "ACR – Name": what comes before the first such dash
    is the acronym even when it does not look like one ('Sinutapetrolgas – Sindicato ...').
    """
    text = clean_entry(entry)
    rest, country, code = _split_country(text)
    name, acronym = _split_acronym(rest, acronym_first=acronym_first)
    if not name:
        name, acronym, country, code = text or " ".join(entry.split()), None, None, None
    return Signatory(name=name, acronym=acronym, country=country, country_code=code, category=category)


def split_acronym(entry: str) -> tuple[str, str | None]:
    """(name, acronym) of an entry that holds no country (a table's name cell)."""
    text = clean_entry(entry)
    name, acronym = _split_acronym(text)
    return (name, acronym) if name else (text, None)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def clean_entry(entry: str) -> str:
    """Whitespace collapsed, bullet or numbering and final full stop removed."""
    text = " ".join(entry.split())
    text = strip_marker(text).lstrip(_DASHES + " ")  # a dash set apart from its name by a gap: '–Name'
    while text and text[-1] in _TERMINAL and not _ABBREVIATION_END.search(text):
        text = text[:-1].rstrip()
    body = text.rstrip(_DASHES)  # dashes loose at the end ('Name -'), not a word's ('Name-')
    return body[:-1] if body != text and body[-1:].isspace() else text


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _split_country(text: str) -> tuple[str, str | None, str | None]:
    """(text before the country, country as written, its code); the country is read from the end."""
    if text.endswith(")"):
        found = _country_in_parentheses(text)
        if found:
            return found
    for start, end in reversed(_separators(text)):
        tail = text[end:].strip().lstrip(_TAIL_PUNCTUATION)
        if len(tail.split()) > _MAX_PLACE_WORDS + 2:
            break
        code = country_code(tail)
        if (code or _names_several_countries(tail)) and _has_word(text[:start]):
            return _trim(text[:start]), tail, code
    return _unknown_place_after_acronym(text)


def _names_several_countries(tail: str) -> bool:
    """'France/Belgique', 'Portugal e Brasil', 'Colombia-Venezuela': a country, but no single code."""
    parts = _COUNTRY_JOINER.split(tail)
    return len(parts) >= 2 and all(country_code(p) for p in parts)


def _country_in_parentheses(text: str) -> tuple[str, str, str | None] | None:
    """'Name (Country)' -> country; 'Name (ACR, Country)' -> 'Name (ACR)' and the country."""
    open_at = _matching_open(text)
    if open_at is None:
        return None
    inner = text[open_at + 1 : -1]
    head = text[:open_at].rstrip()
    code = country_code(inner)
    if code and _has_word(head):
        return _trim(head), inner.strip(), code
    for start, end in reversed(_separators(inner)):
        tail = inner[end:].strip()
        code = country_code(tail)
        if code and _has_word(inner[:start]):
            return f"{head} ({inner[:start].strip()})", tail, code
    return None


def _unknown_place_after_acronym(text: str) -> tuple[str, str | None, str | None]:
    """'Name (ACR) - Kurdistan': the slot after the acronym holds a place even if we do not know it."""
    match = _PLACE_AFTER_ACRONYM.search(text)
    if match:
        tail = match.group(1).strip()
        words = tail.split()
        if 0 < len(words) <= _MAX_PLACE_WORDS and tail[0].isupper() and not any(c.isdigit() for c in tail):
            if not _looks_like_acronym(tail):
                return _trim(text[: match.start() + 1]), tail, None
    return text, None, None


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def writes_acronym_first(entry: str) -> tuple[str, bool] | None:
    """(its first dash, whether the entry reads "ACR – Name"); None when no spaced dash tells."""
    text = _split_country(clean_entry(entry))[0]
    first = next((s for s in _separators(text) if text[s[0] : s[1]].strip()[:1] in _DASHES), None)
    if first is None:
        return None
    acronym = _split_acronym(text)[1]
    return text[first[0] : first[1]].strip()[:1], acronym is not None and acronym == text[: first[0]].strip()


ACRONYM_FIRST_SHARE = 0.6  # a list writes "ACR – Name" when this share of its dashed entries clearly do


def acronym_dash(entries: Iterable[str]) -> str:
    """The dash of a list whose entries write "ACR – Name" ('' if they do not)."""
    votes = [vote for vote in map(writes_acronym_first, entries) if vote is not None]
    dashes = Counter(dash for dash, first in votes if first)
    if not dashes:
        return ""
    dash = dashes.most_common(1)[0][0]
    same = [first for d, first in votes if d == dash]
    return dash if sum(same) >= ACRONYM_FIRST_SHARE * len(same) else ""


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _split_acronym(text: str, *, acronym_first: str = "") -> tuple[str, str | None]:
    """(name, acronym): from the last parenthesis, else a bare acronym before or after a dash."""
    if acronym_first:
        seps = _separators(text)
        if seps and text[seps[0][0] : seps[0][1]].strip()[:1] == acronym_first:
            head, tail = text[: seps[0][0]].strip(), text[seps[0][1] :].strip()
            if _has_word(head) and len(tail.split()) >= 2 and len(head.split()) < len(tail.split()):
                return tail, head
    if text.endswith(")"):
        open_at = _matching_open(text)
        if open_at is not None:
            inner = text[open_at + 1 : -1].strip()
            name = _trim(text[:open_at])
            if _looks_like_acronym(name) and _looks_like_full_name(inner):
                return inner, name  # 'CUB (Confederazione Unitaria di Base)'
            if _looks_like_parenthesised_acronym(inner) and _has_word(name):
                return name, inner
    else:
        found = _acronym_then_place(text)
        if found:
            return found
    seps = _separators(text)
    if seps:
        head, tail = text[: seps[0][0]].strip(), text[seps[0][1] :].strip()
        if _looks_like_leading_acronym(head, tail):
            return tail, head
        head, tail = text[: seps[-1][0]].strip(), text[seps[-1][1] :].strip()
        after_comma = text[seps[-1][0]] == ","  # 'Name, HQ-NORTH': a qualifier of the name
        if _looks_like_acronym(tail) and len(head.split()) >= 2 and not after_comma:
            return _trim(head), tail
    return text, None


def _acronym_then_place(text: str) -> tuple[str, str] | None:
    """'Name (ACR) - Paris' (the country was after the city) -> ('Name, Paris', 'ACR')."""
    match = _ACRONYM_THEN_PLACE.search(text)
    if not match:
        return None
    inner, place = match.group(1).strip(), match.group(2).strip()
    name = _trim(text[: match.start()])
    if len(place.split()) <= _MAX_PLACE_WORDS and _looks_like_parenthesised_acronym(inner) and _has_word(name):
        return f"{name}, {place}", inner
    return None


def _looks_like_parenthesised_acronym(inner: str) -> bool:
    """Any short text with a capital (or in a script without case) is taken as an acronym."""
    if not inner or len(inner.split()) > _MAX_ACRONYM_WORDS or not _has_word(inner):
        return False
    letters = [c for c in inner if c.isalpha()]
    return any(c.isupper() for c in letters) or not any(c.islower() for c in letters)


def _looks_like_leading_acronym(head: str, tail: str) -> bool:
    """'CGT – Confédération ...', 'GEW Frankfurt – Gewerkschaft ...', 'Solidaires – Union syndicale Solidaires'."""
    head_words, tail_words = head.split(), tail.split()
    if not head_words or len(tail_words) < 2 or len(head_words) >= len(tail_words):
        return False
    if len(head_words) <= 3 and _looks_like_acronym(head_words[0]):
        return True
    folded_tail = set(normalize_name(tail).split())  # 'Écho – Echo Workers Network': accents aside
    return len(head_words) == 1 and head[0].isupper() and normalize_name(head) in folded_tail


def looks_like_acronym(token: str) -> bool:
    """A bare acronym: one token, mostly capitals or capitals first ('CGT', 'CNT-f', 'CSP-Conlutas')."""
    return _looks_like_acronym(token)


def _looks_like_full_name(text: str) -> bool:
    """Several words, none of them an acronym ('Confederazione Unitaria di Base', not 'SUD Rail')."""
    words = text.split()
    return len(words) >= 2 and not any(_looks_like_acronym(w) for w in words)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _looks_like_acronym(token: str) -> bool:
    """A bare acronym: one token, mostly capitals or capitals first ('CGT', 'CNT-f', 'CSP-Conlutas')."""
    if not token or " " in token or len(token) > 20 or not _ACRONYM_TOKEN.fullmatch(token):
        return False
    letters = [c for c in token if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    first_part = _ACRONYM_PART_END.split(token)[0]
    return upper >= 2 and (upper >= 0.6 * len(letters) or (len(first_part) >= 2 and first_part.isupper()))


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _separators(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of dashes and commas that separate parts (not the hyphen inside 'Fiat-Irisbus')."""
    spans = []
    depth = 0
    for found in _BRACKET_OR_COMMA.finditer(text):  # the only characters the depth and the commas depend on
        i, char = found.start(), found.group()
        depth = max(depth + (char == "(") - (char == ")"), 0)
        if depth == 0 and char in ",:":
            spans.append((i, i + 1))
        elif depth == 0 and char == ")" and text[i + 1 : i + 2].isspace():
            spans.append((i + 1, i + 1))  # 'Name (ACR) France'
    for start, end in _dash_runs(text):
        before = text[start - 1] if start else ""
        spaced = text[start].isspace() or text[end - 1].isspace()
        if start > 0 and (spaced or before == ")") and _depth_at(text, start) == 0:
            spans.append((start, end))
    return tuple(sorted(spans))


def _dash_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the runs of dashes with the white space around them, in order and apart: those
    re.finditer would give for white space, dashes, white space, but found from the dashes (a
    pattern that opens with optional white space is tried at every character)."""
    done = 0
    for run in _DASHES_ONLY.finditer(text):
        start, end = run.span()
        while start > done and text[start - 1].isspace():
            start -= 1
        while end < len(text) and text[end].isspace():
            end += 1
        yield start, end
        done = end


def _depth_at(text: str, index: int) -> int:
    return max(text.count("(", 0, index) - text.count(")", 0, index), 0)


def _matching_open(text: str) -> int | None:
    """Index of the '(' that the final ')' closes, or None when unbalanced."""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


def _trim(text: str) -> str:
    return text.strip().rstrip(",;:" + _DASHES).rstrip()


def _has_word(text: str) -> bool:
    return any(c.isalnum() or c == "_" for c in text)


# --- paragraphs of several entries ---------------------------------------------------------

_INLINE_BULLETS = "•·▪●"
_HARD_BREAK = re.compile(r"\s*(?:[;\n]|\s[" + _INLINE_BULLETS + r"]\s)\s*")
_BREAK_CHARACTERS = frozenset(";\n" + _INLINE_BULLETS)  # one of them in the text or no hard break


def split_entries(paragraph: str) -> list[str]:
    """Split a paragraph holding several entries at ';', line breaks, inline bullets and commas.

    Commas are ambiguous ("Trades Union Congress, Liverpool (TUC) - UK"): when some pieces end
    like an entry (a country, an acronym in parentheses), pieces are joined until one does;
    otherwise every comma separates two entries.
    """
    return list(_entries_of(paragraph))


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _entries_of(paragraph: str) -> tuple[str, ...]:
    entries: list[str] = []
    if _BREAK_CHARACTERS.isdisjoint(paragraph):
        chunks = [paragraph.strip()] if paragraph.strip() else []
    else:
        chunks = _split_outside_parentheses(paragraph, _HARD_BREAK)
    for chunk in chunks:
        for sentence in _split_after_entry_stops(chunk):
            entries.extend(_split_commas(sentence))
    return tuple(e for e in entries if _has_word(e))


def _split_outside_parentheses(text: str, pattern: re.Pattern[str]) -> list[str]:
    pieces, start = [], 0
    for match in pattern.finditer(text):
        if _depth_at(text, match.start()) == 0:
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _split_after_entry_stops(chunk: str) -> list[str]:
    """'A (A) - France. B - Italie.' -> two entries: a full stop after a country or ')' ends one."""
    pieces, start = [], 0
    for match in _SENTENCE_STOP.finditer(chunk):
        piece = chunk[start : match.start()]
        if _depth_at(chunk, match.start()) == 0 and _ends_like_entry(piece):
            pieces.append(piece)
            start = match.end()
    pieces.append(chunk[start:])
    return [p.strip() for p in pieces if p.strip()]


def _split_commas(sentence: str) -> list[str]:
    spans, start = [], 0
    for end, next_start in (s for s in _separators(sentence) if sentence[s[0]] == ","):
        spans.append((start, end))
        start = next_start
    spans.append((start, len(sentence)))
    pieces = [sentence[a:b] for a, b in spans]
    if not any(_ends_like_entry(p) or country_code(p) for p in pieces):
        return [p.strip() for p in pieces]
    entries, first = [], 0
    for i, piece in enumerate(pieces):
        if _ends_like_entry(piece) or country_code(piece):
            entries.append(sentence[spans[first][0] : spans[i][1]].strip())
            first = i + 1
    if first < len(pieces):
        entries.append(sentence[spans[first][0] :].strip())
    return entries


def ends_like_entry(piece: str) -> bool:
    """The text ends as an entry does: with a closing parenthesis or a country."""
    return _ends_like_entry(piece)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _ends_like_entry(piece: str) -> bool:
    text = clean_entry(piece)
    return text.endswith(")") or _split_country(text)[1] is not None
