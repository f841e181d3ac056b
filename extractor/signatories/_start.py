"""Where the signatory list starts: after the statement's text, where a list heading announces
entries, or where entries begin without one."""
from __future__ import annotations

from ..layout import HEADING, ITEM, Block
from ._looks import (
    ENTRY, ITEM_ENTRY, entry_score, holds_entries, is_entry_like, is_fragment, is_list_heading,
    is_name_lines, is_number, is_prose, is_tabular, named_share, opens_inline_list, paragraph_entries,
)

ITEMS_ENTRIES = 0.6  # share of a group's items that must read as entries for its weaker ones to count
NAMED_ENTRIES = 0.5  # share of a list's entries that start like a name (a capital, or a script without case)
NAME_LIST_LINES = 3  # bare names under a heading to the end of the document that make a list
RUN_BLOCKS = 3  # entry blocks (and lines) in a row that make a list without a heading


def list_start(blocks: list[Block], *, after: int) -> int:
    """Index of the first block of the signatory list (len(blocks) if there is none): where a list
    heading announces entries, or where the entries past the statement's text begin, whichever
    comes first. Its entries must mostly start like names ('void cpx_add(...)' under 'Function
    signatures' is no list)."""
    prose_after = [False] * (len(blocks) + 1)  # whether statement text comes at or after i
    for index in range(len(blocks) - 1, after - 1, -1):
        prose_after[index] = prose_after[index + 1] or (is_prose(blocks[index]) and not _among_entries(blocks, index))
    start = min(
        _announced_start(blocks, prose_after, after=after),
        _entries_start(blocks, prose_after, after=after),
        _names_start(blocks, prose_after, after=after),
    )
    return start if named_share(blocks[start:]) >= NAMED_ENTRIES else len(blocks)


def _among_entries(blocks: list[Block], index: int) -> bool:
    """Entries right above and right below: a block of entries whose columns the reading order
    mixed up, not the statement's text."""
    above, below = blocks[index - 1 : index], blocks[index + 1 : index + 2]
    return bool(above and below) and holds_entries(above[0]) and holds_entries(below[0])


def _announced_start(blocks: list[Block], prose_after: list[bool], *, after: int) -> int:
    """Where a list heading ('Signatories:') followed by entries opens the list."""
    for index in range(after, len(blocks)):
        block = blocks[index]
        if prose_after[index + 1]:
            continue  # a list inside the statement's text
        if opens_inline_list(block):
            return index
        if (
            is_list_heading(block.text)
            and len(block.text.split()) <= 20
            and _entries_follow(blocks[index + 1 :])
        ):
            return _earlier_groups(blocks, index, after=after)
    return len(blocks)


def _entries_start(blocks: list[Block], prose_after: list[bool], *, after: int) -> int:
    """No heading needed: the first run of entries past the statement's text (headings between
    groups of entries do not break it), with the headings right above it."""
    bodies = [i for i in range(after, len(blocks)) if blocks[i].kind != HEADING and not is_fragment(blocks[i])]
    holds: dict[int, bool] = {}

    def judged(i: int) -> bool:
        if i not in holds:
            holds[i] = holds_entries(blocks[i])
        return holds[i]

    for position, index in enumerate(bodies):
        run = bodies[position : position + RUN_BLOCKS]
        if prose_after[run[-1] + 1] or is_prose(blocks[index]):
            continue
        lines = sum(len(blocks[i].lines) for i in run if judged(i))
        if all(judged(i) for i in run[:2]) and lines >= RUN_BLOCKS:
            return _list_top(blocks, index, after=after)
    return len(blocks)


def _names_start(blocks: list[Block], prose_after: list[bool], *, after: int) -> int:
    """A heading followed to the end by bare names, one a line (no acronym, no country, no list
    word in the heading: 'Organisations' over 'Batay Ouvriye', 'Clean Shops Campaign', ...)."""
    for index in range(after, len(blocks)):
        if blocks[index].kind != HEADING or prose_after[index]:
            continue
        rest = [block for block in blocks[index + 1 :] if block.kind != HEADING]
        lines = sum(len(block.lines) for block in rest)
        if lines >= NAME_LIST_LINES and all(is_name_lines(block) or holds_entries(block) for block in rest):
            return index
    return len(blocks)


def _list_top(blocks: list[Block], start: int, *, after: int) -> int:
    """Back from the first run of entries over what belongs to the list above it: its headings,
    a table's number column set apart, names one a line, entries."""
    while start > after:
        block = blocks[start - 1]
        if is_prose(block) or not (
            block.kind == HEADING or is_number(block.text) or is_name_lines(block) or holds_entries(block)
        ):
            break
        start -= 1
    while start < len(blocks) - 1 and is_fragment(blocks[start]):
        start += 1  # the list opens with a heading or an entry, not with a stray word
    return start


def _entries_follow(blocks: list[Block]) -> bool:
    """Entries come next (past any category headings): entry-like lines, items or table rows."""
    following = [block for block in blocks[:8] if block.kind != HEADING][:3]
    if sum(is_name_lines(block) for block in following) >= min(2, len(following)) > 0:
        return True  # bare names, one a line, without acronym or country
    return any(
        block.kind == ITEM or is_tabular(block) or is_entry_like(block) or paragraph_entries(block)
        for block in following
    )


def _is_entry_block(block: Block, *, in_items: bool = False) -> bool:
    """Entries for sure: an item or lines that read as entries (a bulleted demand is neither;
    among items that are entries, one with a weaker score is too)."""
    if block.kind == ITEM:
        return entry_score(block.text) >= (ITEM_ENTRY if in_items else ENTRY)
    return is_tabular(block) or is_entry_like(block)


def _earlier_groups(blocks: list[Block], start: int, *, after: int) -> int:
    """Where the list starts when the heading found at `start` is a later group's ('Individual
    signatories' under 'Organisations'): back over the groups of entries, each under its heading."""
    index = _back_over_groups(blocks, start, after=after, in_items=True)
    items = [block for block in blocks[index:start] if block.kind == ITEM]
    if sum(entry_score(block.text) >= ENTRY for block in items) < ITEMS_ENTRIES * len(items):
        index = _back_over_groups(blocks, start, after=after, in_items=False)  # demands, not entries
    while index < start and blocks[index].kind != HEADING:
        index += 1  # the list opens with a heading: entries above the first one are text
    return index


def _back_over_groups(blocks: list[Block], start: int, *, after: int, in_items: bool) -> int:
    index = start
    while index - 1 >= after:
        previous = blocks[index - 1]
        if previous.kind == HEADING:
            if index == start or not _is_entry_block(blocks[index], in_items=in_items):
                break
        elif not _is_entry_block(previous, in_items=in_items):
            break
        index -= 1
    return index
