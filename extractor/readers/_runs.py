"""Engine-neutral step shared by the readers: word pieces -> clean `TextRun`s.

Each engine finds *word pieces* (a word, or the part of a word in one font) with
their baseline and font. From there on both engines go through the same code, so
the runs they produce agree: pieces drawn twice to fake bold are merged, pieces on
one baseline in one font that follow each other closely are joined into a run, and
the text is normalised.

Run boxes are em boxes: `bottom - top == size`, with the baseline at 80% of the
height. That keeps them independent of each engine's idea of font ascent/descent.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import NamedTuple

from ..model import TextRun
from ..scripts import ARABIC_LETTER
from ._bidi import has_rtl, reorder_visual, repair_inverted_brackets

MAX_GAP_EM = 0.6  # a wider gap ends a run: column gutters are often only 1 em wide, less beside an overfull line
SAME_BASELINE_EM = 0.15
FAKE_BOLD_DISTANCE = 1.0  # points between two drawings of the same text
ASCENT_EM = 0.8

_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f\u00a0\u00ad\ufb00-\ufb4f\ufb50-\ufdff\ufe70-\ufeff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_COMPATIBILITY = re.compile("[\ufb00-\ufdff\ufe70-\ufefe]")  # ligatures, presentation forms
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold", re.IGNORECASE)
# A face named for a light or regular weight is not bold, whatever weight PDFium estimates for it (from
# the font's stems: Chromium's Noto Naskh Arabic Regular comes out 704).
_NOT_BOLD_NAME = re.compile(r"regular|book|light|thin|normal", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique|slanted|kursiv", re.IGNORECASE)
_ARABIC = ARABIC_LETTER.pattern[1:-1]  # the letters of the class, without its brackets
# Punctuation or symbols inside an Arabic word, between two of its letters: the glyphs a justifier
# drew to stretch the word (kashida), which the font's text map gives as '%' or '('.
_STRETCH_GLYPHS = re.compile(rf"(?<=[{_ARABIC}])[!-/:-@\[-`{{-~]+(?=[{_ARABIC}])")


class WordPiece(NamedTuple):
    """A word, or the part of a word in one font, in logical order (as typed)."""

    text: str
    x0: float
    x1: float
    baseline: float  # points from the top of the page
    size: float  # rendered font size in points
    font: str  # without subset prefix
    bold: bool
    italic: bool
    first_word: int  # numbers of the words the piece starts and ends in: two pieces
    last_word: int  # are joined without a space when one ends in the word the next starts


def font_name(raw: str) -> str:
    """The font name without its subset prefix ("ABCDEF+Name" -> "Name")."""
    return _SUBSET_PREFIX.sub("", raw)


def looks_bold(name: str) -> bool:
    return _BOLD_NAME.search(name) is not None


def named_not_bold(name: str) -> bool:
    """The font's name gives it a light or regular weight ("NotoNaskhArabic-Regular")."""
    return not looks_bold(name) and _NOT_BOLD_NAME.search(name) is not None


def looks_italic(name: str) -> bool:
    return _ITALIC_NAME.search(name) is not None


def clean_text(text: str) -> str:
    """Expand ligatures and presentation forms, drop control characters, NBSP -> space.

    Soft hyphens are dropped except one ending the text (the layout decides about it).
    """
    if _SPECIAL.search(text) is None:
        return text
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    text = _COMPATIBILITY.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if "\u00ad" in text:
        ends_soft = text.endswith("\u00ad")
        text = text.replace("\u00ad", "") + ("\u00ad" if ends_soft else "")
    return text


def drop_stretch_glyphs(text: str) -> str:
    """Arabic words without the stretching glyphs a justifier drew inside them ('ب%%رزم' -> 'برزم')."""
    return _STRETCH_GLYPHS.sub("", text)


def merge_fake_bold(pieces: Iterable[WordPiece]) -> list[WordPiece]:
    """Keep one of each piece drawn twice at (almost) the same place, and mark it bold."""
    kept: list[WordPiece] = []
    seen: dict[tuple[str, str, float], list[int]] = {}
    for piece in pieces:
        key = (piece.text, piece.font, round(piece.size))
        same = seen.get(key)
        if same is None:  # the usual case: no piece with this text yet
            seen[key] = [len(kept)]
            kept.append(piece)
            continue
        for i in same:
            twin = kept[i]
            if _same_place(twin, piece):
                if not twin.bold:
                    kept[i] = twin._replace(bold=True)
                break
        else:
            same.append(len(kept))
            kept.append(piece)
    return kept


def _same_place(a: WordPiece, b: WordPiece) -> bool:
    return (
        abs(a.x0 - b.x0) <= FAKE_BOLD_DISTANCE
        and abs(a.baseline - b.baseline) <= FAKE_BOLD_DISTANCE
    )


_BY_BASELINE_THEN_X0 = itemgetter(3, 1)  # WordPiece.baseline, WordPiece.x0
_BY_X0 = itemgetter(1)


def build_runs(pieces: Iterable[WordPiece], *, page: int) -> tuple[TextRun, ...]:
    """Join word pieces into runs: one baseline, one font, no wide gap inside.

    A page with no right-to-left letter and no character to clean (most pages) skips the
    cleaning and reordering steps, which would leave its runs' text as it is.
    """
    pieces = merge_fake_bold(pieces)
    page_text = "".join([piece.text for piece in pieces])
    plain = _SPECIAL.search(page_text) is None and not has_rtl(page_text)
    runs: list[TextRun] = []
    ems: dict[tuple[float, float], tuple[float, float, float]] = {}
    for line in _lines(pieces):
        left = line[0]
        group = [left]
        for right in line[1:]:
            if not (  # `right` continues the run of `left`: same font and style, close on one baseline
                left.font == right.font
                and abs(left.size - right.size) < 0.05
                and left.bold == right.bold
                and left.italic == right.italic
                and abs(left.baseline - right.baseline) <= SAME_BASELINE_EM * left.size
                and right.x0 - left.x1 <= MAX_GAP_EM * left.size
            ):
                _append_run(runs, group, page, plain, ems)
                group = []
            group.append(right)
            left = right
        _append_run(runs, group, page, plain, ems)
    return tuple(runs)


def _lines(pieces: list[WordPiece]) -> list[list[WordPiece]]:
    """Pieces grouped by baseline, each line sorted left to right."""
    lines: list[list[WordPiece]] = []
    current: list[WordPiece] = []
    first_baseline = 0.0
    for piece in sorted(pieces, key=_BY_BASELINE_THEN_X0):
        if current and piece.baseline - first_baseline > SAME_BASELINE_EM * piece.size:
            lines.append(sorted(current, key=_BY_X0))
            current = []
        if not current:
            first_baseline = piece.baseline
        current.append(piece)
    if current:
        lines.append(sorted(current, key=_BY_X0))
    return lines


def _direction(text: str) -> str:
    if has_rtl(text):
        return "R"
    return "L" if _LETTER_OR_DIGIT.search(text) else "N"


def _logical_order(group: Sequence[WordPiece]) -> Sequence[WordPiece]:
    if len(group) == 1 or not any(has_rtl(p.text) for p in group):
        return group
    return reorder_visual(group, [_direction(p.text) for p in group])


def _append_run(runs: list[TextRun], group: Sequence[WordPiece], page: int, plain: bool,
                ems: dict[tuple[float, float], tuple[float, float, float]]) -> None:
    """The run of the pieces in `group`; `plain`: their page has nothing to clean or reorder.

    `ems` keeps the rounded size, top and bottom of each baseline and size met on the page: most
    runs share them with others of their line, and rounding costs more than looking up.
    """
    if not group:
        return
    first = group[0]
    if len(group) == 1:  # a run of one piece, as most are
        joined = first.text
        x0, x1, bold = first.x0, first.x1, first.bold
    else:
        parts: list[str] = []
        previous_word: int | None = None
        for piece in (group if plain else _logical_order(group)):
            if previous_word is not None and piece.first_word != previous_word:
                parts.append(" ")
            parts.append(piece.text)
            previous_word = piece.last_word
        joined = "".join(parts)
        x0, x1, bold = min(p.x0 for p in group), max(p.x1 for p in group), any(p.bold for p in group)
    if plain:
        text = joined.strip()
    else:
        text = repair_inverted_brackets(drop_stretch_glyphs(clean_text(joined)).strip())
    if not text:
        return
    key = (first.baseline, first.size)
    em = ems.get(key)
    if em is None or not em[0]:  # a size of 0 or -0.0 is found again: -0.0 == 0.0 as keys
        size = round(first.size, 2)
        baseline = first.baseline
        em = ems[key] = (size, round(baseline - ASCENT_EM * size, 2), round(baseline + (1 - ASCENT_EM) * size, 2))
    size, top, bottom = em
    # positional: a run is made for most pieces, and keywords cost a third more
    runs.append(TextRun(text, round(x0, 2), top, round(x1, 2), bottom, first.font, size, bold, first.italic, page))
