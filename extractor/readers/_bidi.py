"""Right-to-left text: turn visually ordered glyphs (left to right on the page) into logical order."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from ..scripts import RTL_LETTER, has_rtl

Unit = TypeVar("Unit")

_MIRRORED = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
             "«": "»", "»": "«", "‹": "›", "›": "‹"}


def _is_ltr_strong(ch: str) -> bool:
    """Letters and digits that keep their left-to-right order inside right-to-left text."""
    return unicodedata.bidirectional(ch) in ("L", "EN", "AN")


def _mirror(ch: str) -> str:
    return _MIRRORED.get(ch, ch)


def _embedding_levels(directions: Sequence[str]) -> list[int]:
    """2 for left-to-right units (and neutrals between two of them), 1 for the rest."""
    strong = [(i, d) for i, d in enumerate(directions) if d != "N"]
    levels = [2 if d == "L" else 1 for d in directions]
    previous = "R"  # the paragraph edge counts as right-to-left
    k = 0
    for i, d in enumerate(directions):
        while k < len(strong) and strong[k][0] <= i:
            previous = strong[k][1]
            k += 1
        if d == "N":
            following = strong[k][1] if k < len(strong) else "R"
            levels[i] = 2 if previous == "L" and following == "L" else 1
    return levels


def reorder_visual(units: Sequence[Unit], directions: Sequence[str]) -> list[Unit]:
    """Logical order of units laid out left to right, with a right-to-left base direction.

    `directions` holds "R" (right-to-left), "L" (left-to-right) or "N" (neutral) per unit.
    Units are read right to left, except that each stretch of "L" units (with the
    neutrals between them) keeps its left-to-right order, as numbers and Latin words
    do inside Arabic text.
    """
    levels = _embedding_levels(directions)
    out = list(units)
    i = 0
    while i < len(out):
        if levels[i] == 2:
            j = i
            while j < len(out) and levels[j] == 2:
                j += 1
            out[i:j] = out[i:j][::-1]
            i = j
        else:
            i += 1
    return out[::-1]


def visual_to_logical(text: str) -> str:
    """Logical order of a string whose characters are in visual (left-to-right) order.

    Text without right-to-left letters is returned unchanged. Brackets inside a
    right-to-left stretch are mirrored, as a renderer would have mirrored them.
    """
    if not has_rtl(text):
        return text
    directions = [
        "R" if RTL_LETTER.match(ch) else "L" if _is_ltr_strong(ch) else "N" for ch in text
    ]
    levels = _embedding_levels(directions)
    chars = [_mirror(ch) if level == 1 else ch for ch, level in zip(text, levels)]
    return "".join(reorder_visual(chars, directions))


def _strong(ch: str) -> str | None:
    """'R' or 'L' for characters with a strong direction, None for the others."""
    cls = unicodedata.bidirectional(ch)
    if cls in ("R", "AL"):
        return "R"
    if cls == "L":
        return "L"
    return None


_NEUTRAL_CLASSES = frozenset(("WS", "ON", "S"))
_BRACKET_SWAP = str.maketrans("()[]{}", ")(][}{")


def _brackets_balance(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in ")]}":
            if not stack or "([{"[")]}".index(ch)] != stack.pop():
                return False
    return not stack


def repair_inverted_brackets(text: str) -> str:
    """Swap the brackets of right-to-left text whose brackets all face the wrong way.

    Some PDF producers map a mirrored bracket glyph back to the character as typed,
    others to the glyph's own character; reading the first kind as the second
    turns "(الجزائر)" into ")الجزائر(". When swapping every bracket makes the text
    balanced and it was not, the swap is right.
    """
    if not has_rtl(text) or _brackets_balance(text):
        return text
    swapped = text.translate(_BRACKET_SWAP)
    return swapped if _brackets_balance(swapped) else text


def undo_neutral_mirroring(line: str) -> tuple[str, list[int]] | None:
    """Repair PDFium's ordering of spaces and punctuation between text of both directions.

    PDFium orders such neutral characters by the direction of the text before
    them, where the bidi algorithm looks at the line's direction when the text
    around them differs. So in a left-to-right line "(واحد) - X" reads
    "(واحد (- X", and in a right-to-left line "• SNATFP – نقابة" reads
    "نقابة – SNATFP• ". The line's direction is that of most of its letters.
    Such stretches are reversed and their brackets mirrored back. Returns the
    repaired line and, for each of its characters, its index in `line`; None when
    nothing changed.
    """
    if not has_rtl(line):
        return None
    strong = [d for d in map(_strong, line) if d]
    line_direction = "L" if strong.count("L") > strong.count("R") else "R"
    other = "R" if line_direction == "L" else "L"
    order = list(range(len(line)))
    repaired: set[int] = set()
    previous = line_direction  # the start of the line counts as the line's direction
    i = 0
    while i < len(line):
        if unicodedata.bidirectional(line[i]) not in _NEUTRAL_CLASSES or previous != other:
            previous = _strong(line[i]) or previous
            i += 1
            continue
        end = i
        while end < len(line) and unicodedata.bidirectional(line[end]) in _NEUTRAL_CLASSES:
            end += 1
        if _next_direction(line, end) in (line_direction, "end"):
            order[i:end] = order[i:end][::-1]
            repaired.update(range(i, end))
        i = end
    text = "".join(_mirror(line[k]) if k in repaired else line[k] for k in order)
    return (text, order) if text != line else None


def _next_direction(line: str, start: int) -> str:
    """Direction of the first letter or number from `start` on: "R", "L", "number" or "end"."""
    for ch in line[start:]:
        cls = unicodedata.bidirectional(ch)
        if cls in ("R", "AL"):
            return "R"
        if cls == "L":
            return "L"
        if cls in ("EN", "AN"):
            return "number"
    return "end"
