"""Blocks that are not the statement's text: a table of contents, URLs, contact lines."""
from __future__ import annotations

import re

from ..layout import HEADING, Block

TOC_TITLE = re.compile(
    r"^\s*(sommaire|table des mati[eè]res|contents|table of contents|índice|indice|"
    r"sumário|sumario|inhalt|inhaltsverzeichnis|المحتويات|الفهرس)\s*:?\s*$",
    re.IGNORECASE,
)
_LEADER_LINE = re.compile(r"\S.*?(?:[.·…_]\s?){3,}\s*\d{1,4}\s*$")
_NUMBERED_LINE = re.compile(r"\S.*?\s\d{1,4}\s*$")
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$|^\s*\S+@\S+\.\w+\s*$", re.IGNORECASE)


def is_url_or_email(text: str) -> bool:
    return bool(_URL.match(text))


def _ends_in_number(text: str) -> bool:
    """The last character but spaces is a digit: what both entry patterns end with (checked first,
    as most lines fail it and a pattern's lazy scan of a line costs more)."""
    return text.rstrip()[-1:].isdecimal()


def _is_toc_block(block: Block, *, after_title: bool) -> bool:
    lines = [line.text for line in block.lines]
    numbered_lines = [t for t in lines if _ends_in_number(t)]
    leaders = sum(bool(_LEADER_LINE.match(t)) for t in numbered_lines)
    if leaders and leaders >= 0.6 * len(lines):
        return True
    numbered = sum(bool(_NUMBERED_LINE.match(t)) for t in numbered_lines)
    return after_title and numbered >= 0.6 * len(lines)


def drop_table_of_contents(blocks: list[Block]) -> list[Block]:
    """Blocks without a table of contents (its title and its entry lines)."""
    kept: list[Block] = []
    after_title = False
    for block in blocks:
        if TOC_TITLE.match(block.text):
            after_title = True
            continue
        if _is_toc_block(block, after_title=after_title):
            continue
        if block.kind == HEADING or len(block.text.split()) > 12:
            after_title = False
        kept.append(block)
    return kept
