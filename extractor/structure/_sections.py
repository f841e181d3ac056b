"""Blocks -> masthead and language sections (the signatory list is cut off before)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..layout import HEADING, Block, Line, dominant_size, ends_open
from ._contents import is_url_or_email
from ._dates import is_dateline
from ._languages import LanguageGuesser
from ..model import MastheadLine, Section

BODY_WORDS = 12  # a paragraph this long is body text, not a caption or a dateline
LONG_WORDS = 25  # long enough for langid to be trusted on its own
SECTION_WORDS = 15  # short paragraphs under one heading, together this long, are judged as one text
SURE = 0.95  # langid's probability from which a short section's language is taken
LANGUAGE_WORDS = 40  # words in a language, outside whole sections, for the document to be in it
LONG_SURE = 0.8  # langid's probability from which a long block's language is taken
ENOUGH_VOTES = 80  # words after a heading that settle the language of the text it opens
MIN_VOTES = 3  # fewer words after a heading say nothing of its language
MAX_TITLE_LINES = 3  # a heading of more lines is no title...
MAX_TITLE_WORDS = 25  # ...unless it is this short and wrapped: a title in a narrow column (a masthead is longer)
ALIGNED = 1.0  # points: lines starting this close start at the same place


@dataclass
class _Draft:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)

    def add(self, text: str, lang: str | None) -> None:
        self.paragraphs.append(text)
        if lang:
            self.votes[lang] += len(text.split())

    @property
    def lang(self) -> str | None:
        return self.votes.most_common(1)[0][0] if self.votes else None

    def section(self) -> Section:
        return Section(self.lang, self.title, "\n\n".join(self.paragraphs))


def body_size(blocks: list[Block]) -> float:
    """The type size most of the document's words are set in."""
    return dominant_size((block.size, block.word_count) for block in blocks)


def is_body(block: Block, size: float) -> bool:
    return block.kind != HEADING and block.word_count >= BODY_WORDS and abs(block.size - size) < 0.6


def _segments(blocks: list[Block]) -> list[list[Block]]:
    """The text under each heading (and before the first), headings left out."""
    segments: list[list[Block]] = [[]]
    for block in blocks:
        if block.kind == HEADING:
            segments.append([])
        else:
            segments[-1].append(block)
    return [segment for segment in segments if segment]


def document_languages(blocks: list[Block], guesser: LanguageGuesser) -> set[str]:
    """Languages the statement's text is written in: long blocks each vote with their words, and the
    short blocks under one heading vote together, so a section of short paragraphs counts too.

    Give it the statement's blocks only: a masthead or a list of foreign names says nothing of them.
    """
    words: Counter[str] = Counter()
    whole_sections: set[str] = set()
    for segment in _segments(blocks):
        short = [block for block in segment if block.word_count < LONG_WORDS]
        for block in segment:
            if block.word_count >= LONG_WORDS:
                lang, probability = guesser.guess(block.text)
                if lang and probability > LONG_SURE:
                    words[lang] += block.word_count
        text = " ".join(block.text for block in short)
        count = len(text.split())
        if count >= SECTION_WORDS:
            lang, probability = guesser.guess(text)
            if lang and probability > SURE:
                words[lang] += count
                if len(short) == len(segment):
                    whole_sections.add(lang)
    return {lang for lang, count in words.items() if count >= LANGUAGE_WORDS or lang in whole_sections}


def first_title(blocks: list[Block]) -> int:
    """Index of the heading that opens the first section (or of the first body block).

    Between the title and the first paragraph there may be short lines (a dateline, a subtitle).
    """
    size = body_size(blocks)
    for index, block in enumerate(blocks):
        if is_body(block, size):
            start = index
            while start > 0 and not _is_title_part(blocks[start - 1]) and blocks[start - 1].word_count < BODY_WORDS:
                start -= 1  # short lines under the title (a dateline, even set like a heading)
            if start > 0 and _is_title_part(blocks[start - 1]) and _title_sized(blocks[start - 1]):
                return start - 1
            return index
    for index, block in enumerate(blocks[:-1]):  # a statement of short paragraphs only
        if _is_title_part(block) and not _is_title_part(blocks[index + 1]):
            return index
    return len(blocks)


def _title_sized(block: Block) -> bool:
    """A heading short enough to be a title: few lines, or few words wrapped in a narrow column."""
    if len(block.lines) <= MAX_TITLE_LINES:
        return True
    return block.word_count <= MAX_TITLE_WORDS and _wrapped_text(block.lines)


def _wrapped_text(lines: tuple[Line, ...]) -> bool:
    """Each line was ended by wrapping: the next line's first word would not have fit on it within the
    widest line (a wrapped title's column is at least that wide). A masthead's names each take a line
    of their own, and a short one leaves room for the next name's first word."""
    widest = max(line.x1 - line.x0 for line in lines)
    for previous, line in zip(lines, lines[1:]):
        words = line.text.split()
        if not words or not line.text:
            continue
        letter = (line.x1 - line.x0) / len(line.text)  # an average letter's width, spaces included
        # one letter of slack in favour of a wrap: the letter width is an estimate
        if (previous.x1 - previous.x0) + letter * (len(words[0]) + 1) < widest - letter:
            return False
    return True


def _wrapped_word(previous: Line, line: Line, widest: float) -> bool:
    """A lone word under a line that starts at the same place and would not have taken it within the
    block's widest line: the end of a name wrapped in a narrow box ("International Dockworkers'" /
    "Coordination"). A name of one word is rare; a centred or right-to-left line is left alone."""
    if len(line.text.split()) != 1 or line.rtl or abs(line.x0 - previous.x0) > ALIGNED:
        return False
    space = (line.x1 - line.x0) / len(line.text)
    return (previous.x1 - previous.x0) + space + (line.x1 - line.x0) > widest


def masthead(blocks: list[Block], guesser: LanguageGuesser) -> list[MastheadLine]:
    """The organisation's name lines above the first title, each with its language."""
    candidates = [block for index, block in enumerate(blocks)
                  if block.kind == HEADING or _between_headings(blocks, index)] or blocks
    lines: list[str] = []
    for block in candidates:
        widest = max(line.x1 - line.x0 for line in block.lines)
        previous: Line | None = None
        for line in block.lines:
            text = line.text
            if is_url_or_email(text) or is_dateline(text) or len(text.split()) > 16:
                continue
            wrapped = previous is not None and _wrapped_word(previous, line, widest)
            if lines and (ends_open(lines[-1]) or text[:1].islower() or wrapped):
                lines[-1] = f"{lines[-1]} {text}"  # a name too long for one line
            else:
                lines.append(text)
            previous = line
    lines = [text for text in lines if any(c.isalpha() for c in text)]
    return [MastheadLine(lang, text) for lang, text in zip(guesser.distinct(lines), lines)]


def _between_headings(blocks: list[Block], index: int) -> bool:
    """A one-line block between two headings of the masthead: a name set in another script's font,
    which did not take the bold of the lines around it (a word processor bolds complex scripts apart)."""
    block = blocks[index]
    return (0 < index < len(blocks) - 1 and len(block.lines) == 1 and blocks[index - 1].kind == HEADING
            and blocks[index + 1].kind == HEADING)


def _is_title_part(block: Block) -> bool:
    """A heading, unless it is a dateline set like one: that is the first line of its section's text."""
    return block.kind == HEADING and not is_dateline(block.text)


def _language_after(blocks: list[Block], start: int, guesser: LanguageGuesser) -> str | None:
    """Language of the text that follows a heading, up to the next heading (votes by words)."""
    votes: Counter[str] = Counter()
    for block in blocks[start:]:
        if _is_title_part(block) or sum(votes.values()) >= ENOUGH_VOTES:
            break
        lang, _ = guesser.guess(block.text)
        if lang:
            votes[lang] += block.word_count
    return votes.most_common(1)[0][0] if sum(votes.values()) >= MIN_VOTES else None


def split_sections(blocks: list[Block], guesser: LanguageGuesser) -> list[Section]:
    """Sections in document order: a heading opens one when the text after it changes language.

    A dateline set like a heading ("Hamburg, 3 June 2024") is text, not part of a title.
    """
    drafts: list[_Draft] = []
    pending_title: list[str] = []
    for index, block in enumerate(blocks):
        if _is_title_part(block):
            pending_title.append(block.text)
            continue
        lang, probability = guesser.guess(block.text)
        trusted = block.word_count >= BODY_WORDS or (block.word_count >= MIN_VOTES + 1 and probability > SURE)
        current = drafts[-1] if drafts else None
        if pending_title:
            title = " ".join(pending_title)
            pending_title = []
            following = _language_after(blocks, index, guesser)
            if current is None or (following and following != current.lang):
                drafts.append(_Draft(title))
            else:
                current.add(title, None)  # a sub-heading inside the section
        elif current is None or (
            block.word_count >= LONG_WORDS and trusted and current.lang and lang != current.lang
        ):
            drafts.append(_Draft(None))
        drafts[-1].add(block.text, lang if trusted else None)
    return [draft.section() for draft in drafts]
