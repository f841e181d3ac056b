"""The signatory list's entries, each with the category heading it sits under."""
from __future__ import annotations

import re
from collections import Counter

from ..layout import HEADING, ITEM, Block, marker_of
from ..model import Signatory
from ._entries import split_entries
from ._looks import (
    MAX_HEADING_WORDS, entry_score, is_list_heading, is_number, is_prose, is_tabular, opens_inline_list,
    paragraph_entries,
)
from ._rows import country_only, reader_for
from ._start import list_start
from ._tables import header_rows

__all__ = ["entry_score", "is_list_heading", "list_start", "parse_list"]

_LABEL_WORD = re.compile(r"[^\W\d_]{3}")  # a heading has a word of three letters or more


def _heading_text(block: Block, headers: dict[int, tuple] | None = None) -> str:
    """A heading block's text above a table's header row that may have been set with it ('' if
    the block is only the header row: column names are no heading). `headers`: the lines of header
    rows by id (a header row's first column name may be set apart from the rest of its row)."""
    lines = []
    for line in block.lines:
        if len(line.cells) >= 2 or id(line) in (headers or {}):
            break
        if _LABEL_WORD.search(line.text):  # not a number column's label ('Nr.', 'N°', '#')
            lines.append(line.text)
    return " ".join(lines)


def _is_header_row(block: Block, headers: dict[int, tuple]) -> bool:
    """A heading block that is only (part of) a table's header row: column names, no heading."""
    return all(id(line) in headers for line in block.lines)


def _dominant_marker(blocks: list[Block]) -> str | None:
    markers = Counter(marker_of(b.text) for b in blocks if b.kind == ITEM)
    return markers.most_common(1)[0][0] if markers else None


def _is_list_part_heading(block: Block) -> bool:
    """A heading inside the list: not an entry set in bold, not a wrapped entry's second line, not
    a long title (a masthead the reading order put there)."""
    return (
        block.kind == HEADING and entry_score(block.text) < 0.75 and block.text[:1] not in "(-–—"
        and not _is_long_heading(block)
    )


def _is_long_heading(block: Block) -> bool:
    return block.kind == HEADING and len(_heading_text(block).split()) > MAX_HEADING_WORDS


def _list_title(blocks: list[Block], headers: dict[int, tuple] | None = None) -> int | None:
    """Index of the list's title: its first heading when other headings come under it and it
    announces the list ('Signatories:') or is set apart from them (directly followed by one).
    A list's only heading is no title: it is the category of every entry."""
    headings = [i for i, b in enumerate(blocks) if _is_list_part_heading(b) and _heading_text(b)
                and not _is_header_row(b, headers or {})]
    if len(headings) < 2:
        return None
    first = headings[0]
    return first if is_list_heading(blocks[first].text) or headings[1] == first + 1 else None


def parse_list(blocks: list[Block]) -> list[Signatory]:
    """Signatories of the list's blocks, each with the category heading it sits under."""
    headings = frozenset(id(line) for block in blocks if block.kind == HEADING for line in block.lines)
    reader = reader_for([line for block in blocks for line in block.lines], headings=headings)
    category: str | None = None
    dominant = _dominant_marker(blocks)
    headers = header_rows([line for block in blocks if block.kind == HEADING for line in block.lines])
    title = _list_title(blocks, headers)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == HEADING and _is_list_part_heading(block):
            text = _heading_text(block, headers)
            parts = [headers[id(line)] for line in block.lines if id(line) in headers]
            for row in parts:
                reader.header(row)  # a table's column names: where its columns start
            if not text or len(parts) == len(block.lines) or all(reader.is_header_part(line) for line in block.lines):
                pass  # column names of a table
            elif index == title or (
                following is not None and _is_list_part_heading(following) and _heading_text(following)
                and not _is_header_row(following, headers)
            ):
                category = None  # a title with sub-headings under it, not a category
            else:
                category = text.strip().rstrip(":").strip()
            reader.open = False
            continue
        if _is_long_heading(block):
            reader.open = False
            continue  # neither a category nor an entry
        if opens_inline_list(block):
            for entry in split_entries(block.text.partition(":")[2]):
                reader.start(entry, category, open_=False)
            continue
        if is_list_heading(block.text) and block.text.rstrip().endswith(":"):
            reader.open = False  # "The following organisations have signed:"
            continue
        if block.kind == ITEM and reader.in_table_row(block.lines[0]):
            for line in block.lines:
                reader.line(line, category)  # a cell's line opening with a dash ('Name I' / '- Name II')
            continue
        if block.kind == ITEM:
            dashed = marker_of(block.text) in "-–—" and (dominant not in (None, *"-–—") or country_only(block.text))
            if dashed and reader.entries and isinstance(reader.entries[-1][0], str):
                reader.extend(block.text)  # "- Country." under a "•" list: the end of the entry above
            else:
                reader.start(block.text, category, open_=True)
            continue
        if is_number(block.text):
            continue  # a table's number column read apart from its rows
        tabular = is_tabular(block)
        pieces = None if tabular else paragraph_entries(block)
        if pieces:
            for piece in pieces:
                reader.start(piece, category, open_=False)
            continue
        if not tabular and is_prose(block):
            reader.open = False
            continue  # prose after or inside the list
        reader.paragraph(block.lines, category)
    return reader.signatories()
