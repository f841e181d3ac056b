"""Where the signatory list starts, its category headings, and its entries."""
from __future__ import annotations

import re

from .blocks import HEADING, ITEM, Block, is_item_start
from .contents import is_url_or_email
from .countries import country_code
from .lines import Line
from .model import Signatory
from .signatories import entry_score, is_list_heading, parse_signatory, split_entries

ENTRY = 0.5  # entry_score from which a line counts as an entry
PROSE_WORDS = 30  # a block this long inside the list is prose, not an entry
_CONTINUES_LINE = re.compile(r"[-–—(/,&+]$|\b(?:of|de|du|des|del|da|do|dos|di|della|der|und|and|et|y|e)$")
_ACRONYM_CELL = re.compile(r"^[\w.&/'’-]{2,}(?:\s[\w.&/'’-]+){0,3}$")


def _entry_lines(block: Block) -> list[str]:
    return [line.text for line in block.lines]


def _is_entry_like(block: Block) -> bool:
    if block.kind == ITEM:
        return True
    lines = _entry_lines(block)
    return sum(entry_score(t) >= ENTRY for t in lines) >= max(1, 0.5 * len(lines))


def list_start(blocks: list[Block], *, after: int) -> int:
    """Index of the first block of the signatory list (len(blocks) if there is none)."""
    for index in range(after, len(blocks)):
        block = blocks[index]
        if is_list_heading(block.text) and len(block.text.split()) <= 20:
            return index
        if _opens_inline_list(block):
            return index
    # No heading announces it: the first run of three entry-like blocks or lines.
    for index in range(after, len(blocks)):
        run = blocks[index : index + 3]
        lines = sum(len(b.lines) for b in run if _is_entry_like(b))
        if run and all(_is_entry_like(b) for b in run[:2]) and lines >= 3:
            start = index
            while start > after and blocks[start - 1].kind == HEADING:
                start -= 1
            return start
    return len(blocks)


def _opens_inline_list(block: Block) -> bool:
    """'Signataires : A (FR), B (ES), ...' in one paragraph."""
    head, colon, rest = block.text.partition(":")
    return bool(colon) and is_list_heading(head + ":") and len(split_entries(rest)) >= 2


def _cells_signatory(cells: tuple[str, ...], category: str | None) -> Signatory:
    """A table row: name, then acronym and/or country cells."""
    name_parts: list[str] = []
    acronym = country = code = None
    for cell in cells:
        cell_code = country_code(cell)
        if name_parts and cell_code and country is None:
            country, code = cell.strip(" ."), cell_code
        elif name_parts and acronym is None and _ACRONYM_CELL.match(cell) and any(c.isupper() for c in cell):
            acronym = cell.strip()
        else:
            name_parts.append(cell.strip())
    return Signatory(" ".join(name_parts), acronym, country, code, category)


def _joins_previous(previous: Line, line: Line) -> bool:
    """A wrapped entry's second line."""
    text = line.text
    if is_item_start(text):
        return False
    return bool(_CONTINUES_LINE.search(previous.text)) or text[:1].islower() or text[:1] in "(-–—"


def _entries_of(block: Block) -> list[str | tuple[str, ...]]:
    """The entries a list block holds: an item, lines, table rows, or a comma-separated paragraph."""
    if block.kind == ITEM:
        return [block.text]
    if any(len(line.cells) >= 2 for line in block.lines):
        return [line.cells if len(line.cells) >= 2 else line.text for line in block.lines]
    lines = list(block.lines)
    separators = block.text.count(",") + block.text.count(";")
    if separators >= 2 and (len(lines) == 1 or not _lines_are_entries(lines)):
        pieces = split_entries(block.text)
        if len(pieces) >= 2:
            return pieces
    entries: list[str] = []
    for previous, line in zip([None, *lines], lines):
        if previous is not None and _joins_previous(previous, line):
            entries[-1] = f"{entries[-1]} {line.text}"
        else:
            entries.append(line.text)
    return entries


def _lines_are_entries(lines: list[Line]) -> bool:
    return sum(entry_score(line.text) >= ENTRY for line in lines) >= 0.6 * len(lines)


def _country_only(text: str) -> bool:
    stripped = text.strip(" .-–—•")
    return bool(stripped) and len(stripped.split()) <= 4 and country_code(stripped) is not None


def parse_list(blocks: list[Block]) -> list[Signatory]:
    """Signatories of the list's blocks, each with the category heading it sits under."""
    signatories: list[Signatory] = []
    raw: list[str] = []  # the text each signatory was parsed from, for joining stray fragments
    category: str | None = None
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == HEADING and entry_score(block.text) < 0.75 and block.text[:1] not in "(-–—":
            if is_list_heading(block.text) or (following is not None and following.kind == HEADING):
                category = None  # the list's title, not a category
            else:
                category = block.text.strip().rstrip(":").strip()
            continue
        if block.kind != ITEM and block.word_count > PROSE_WORDS and not _lines_are_entries(list(block.lines)):
            if not _opens_inline_list(block):
                continue
        text = block.text
        if _opens_inline_list(block):
            text = text.partition(":")[2]
            block = Block(block.kind, block.lines, text, block.page, block.size, block.bold)
            entries: list[str | tuple[str, ...]] = split_entries(text)
        else:
            entries = _entries_of(block)
        for entry in entries:
            if isinstance(entry, tuple):
                signatories.append(_cells_signatory(entry, category))
                raw.append(" ".join(entry))
                continue
            if is_url_or_email(entry) or not any(c.isalnum() for c in entry):
                continue
            if signatories and raw and _country_only(entry) and signatories[-1].country is None:
                raw[-1] = f"{raw[-1]} {entry.strip()}"
                signatories[-1] = parse_signatory(raw[-1], category=signatories[-1].category)
                continue
            signatories.append(parse_signatory(entry, category=category))
            raw.append(entry)
    return signatories
