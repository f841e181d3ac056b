"""Words of a PDFium text page: cut at text-object changes, styled, joined into fragments.

The page text comes in one call; for each word PDFium is asked only for the text
object of its first (sometimes last) character and the loose boxes of its first and
last characters. Font, rendered size and baseline are looked up once per text
object. The PDFium functions arrive through `PdfiumCalls` (pdfium_reader owns
pypdfium2), as ctypes pointers called without argument conversion.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .._bidi import has_rtl
from .._runs import MAX_GAP_EM, WordPiece, font_name, looks_bold, looks_italic, named_not_bold

if TYPE_CHECKING:
    from ._calls import PdfiumCalls

_WORD = re.compile(r"\S+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NO_OBJECTS: list[int] = []  # shared, never appended to: objects are not tracked
_UNKNOWN = object()
_FONT_FORCE_BOLD = 1 << 18
_FONT_ITALIC = 1 << 6
_UPRIGHT_SKEW = 0.01  # |b|, |c| of the text matrix relative to its scale
# |c| relative to the scale up to which upright text is slanted (tan 20 degrees): a synthetic italic,
# drawn for a font without an italic face (Chromium's Arabic in an italic paragraph), is text to read
_OBLIQUE_SLANT = 0.36


class Style(NamedTuple):
    """How a text object is drawn; equal styles are one object, compared with `is`.

    A named tuple, not a dataclass: one is made per line of most pages, and a tuple is
    made several times faster.
    """

    font: str
    size: float
    bold: bool
    italic: bool
    baseline: float  # points from the top of the page


@dataclass(frozen=True, slots=True)
class PageFrame:
    """The page as displayed: user-space points -> points from its top-left corner.

    PDFium gives positions in the unrotated user space; a page with /Rotate is
    read as it is shown (a landscape page drawn sideways on a portrait sheet),
    as pdfplumber does.
    """

    rotation: int  # 0, 90, 180 or 270, clockwise
    left: float
    bottom: float
    right: float
    top: float

    @property
    def size(self) -> tuple[float, float]:
        width, height = self.right - self.left, self.top - self.bottom
        return (height, width) if self.rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def vector(self, dx: float, dy: float) -> tuple[float, float]:
        """A direction in user space, in displayed coordinates (y pointing down)."""
        if self.rotation == 90:
            return dy, dx
        if self.rotation == 180:
            return -dx, dy
        if self.rotation == 270:
            return -dy, -dx
        return dx, -dy

    def x_range(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float]:
        """Displayed left and right of a user-space box."""
        x0, _ = self.point(left, bottom)
        x1, _ = self.point(right, top)
        return min(x0, x1), max(x0, x1)


@dataclass(slots=True)
class PageScan:
    """What the scan of one page learns about its text objects (None: skipped, e.g. rotated)."""

    calls: PdfiumCalls
    fonts: dict[int, tuple[str, bool, bool]]  # by font handle, for the whole document
    textpage: ctypes.c_void_p
    frame: PageFrame
    chars: int
    styles: dict[int, Style | None] = field(default_factory=dict)  # by text object
    by_box: dict[tuple, Style | None] = field(default_factory=dict)  # by font, loose box
    interned: dict[Style, Style] = field(default_factory=dict)
    rect: ctypes.Structure = field(init=False)
    matrix: ctypes.Structure = field(init=False)
    size: ctypes.c_float = field(default_factory=ctypes.c_float)
    matrix_ref: object = None
    size_ref: object = None

    def __post_init__(self) -> None:
        self.rect = self.calls.new_rect()
        self.matrix = self.calls.new_matrix()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.size_ref = ctypes.byref(self.size)


def word_pieces(scan: PageScan, text: str, origin: list[int] | None, *,
                track_objects: bool = True) -> list[tuple[WordPiece, list[int]]]:
    """Word pieces of the page, consecutive words in one style already joined.

    Each comes with the text objects it was drawn from (only when `track_objects`:
    the fake-bold check needs them, and most pages can skip it). Words come in
    logical order, so Arabic words arrive right to left (see `_continues`).
    `origin` maps positions in `text` to PDFium character indices when they differ.
    The loop runs once per part (a word, or the part of a word in one text object),
    so it keeps the piece being collected in local variables.
    """
    textpage, styles, by_box, frame = scan.textpage, scan.styles, scan.by_box, scan.frame
    box, rect, font_of = scan.calls.loose_box, scan.rect, scan.calls.font
    rect_ref = ctypes.byref(rect)
    upright_page = frame.rotation == 0
    page_left = frame.left if upright_page else 0.0  # subtracted from the pieces' x
    surrogates = _SURROGATE.search(text) is not None
    pieces: list[tuple[WordPiece, list[int]]] = []
    style: Style | None
    current: Style | None = None  # the style of the piece being collected, if any
    c_start = c_end = c_first = c_last = 0
    c_x0 = c_x1 = 0.0
    c_objects: list[int] = _NO_OBJECTS
    # the font, box and style of the last object found in by_box: glyphs drawn one object each
    # mostly follow one of the same style, found here without making and hashing the key
    last_font: int | None = _UNKNOWN  # type: ignore[assignment]
    last_top = last_bottom = 0.0
    last_style: Style | None = None
    for start, end, first_char, last_char, obj, word in _parts(scan, text, origin):
        box(textpage, first_char, rect_ref)
        if upright_page:
            x0, x1 = rect.left, rect.right
        else:
            x0, x1 = frame.x_range(rect.left, rect.top, rect.right, rect.bottom)
        style = styles.get(obj, _UNKNOWN)  # type: ignore[assignment]
        if style is _UNKNOWN:  # a text object not seen yet: often one per glyph
            if obj is None:
                style = None
            else:
                font = font_of(obj)
                top, bottom = rect.top, rect.bottom
                if upright_page and font == last_font and top == last_top and bottom == last_bottom:
                    style = last_style  # as by_box has it: the object before had the same font and box
                else:
                    box_key = (font, top, bottom) if upright_page else (font, rect.left, rect.right, top, bottom)
                    style = by_box.get(box_key, _UNKNOWN)  # type: ignore[assignment]
                    if style is _UNKNOWN:
                        style = _style(scan, obj, font, first_char, box_key)
                    if upright_page and box_key in by_box:
                        last_font, last_top, last_bottom, last_style = font, top, bottom, style
            styles[obj] = style
        if style is None:
            continue
        if last_char != first_char:
            box(textpage, last_char, rect_ref)
            left, right = ((rect.left, rect.right) if upright_page else
                           frame.x_range(rect.left, rect.top, rect.right, rect.bottom))
            if left < x0:
                x0 = left
            if right > x1:
                x1 = right
        if current is style and (
                (x0 >= c_x0 and (c_end == start or x0 - c_x1 <= MAX_GAP_EM * style.size))  # the usual case
                or _continues(text, c_start, c_end, c_x0, c_x1, start, end, x0, x1, MAX_GAP_EM * style.size)):
            c_end = end
            if x0 < c_x0:
                c_x0 = x0
            if x1 > c_x1:
                c_x1 = x1
            c_last = word
            if track_objects and obj != c_objects[-1]:
                c_objects.append(obj)
            continue
        if current is not None:
            pieces.append(_piece(text, c_start, c_end, c_x0, c_x1, current, c_first, c_last, c_objects,
                                 page_left, surrogates))
        current, c_start, c_end, c_x0, c_x1, c_first, c_last = style, start, end, x0, x1, word, word
        c_objects = [obj] if track_objects else _NO_OBJECTS
    if current is not None:
        pieces.append(_piece(text, c_start, c_end, c_x0, c_x1, current, c_first, c_last, c_objects,
                             page_left, surrogates))
    return pieces


def _continues(text: str, c_start: int, c_end: int, c_x0: float, c_x1: float, start: int, end: int,
               x0: float, x1: float, max_gap: float) -> bool:
    """Whether the part at start..end (box x0..x1) extends the piece c_start..c_end (c_x0..c_x1).

    Left-to-right parts must follow to the right (text order is reading order);
    right-to-left words follow to the left. Anything else, like a bullet that
    PDFium's bidi moved after the Latin word it precedes, starts a new piece and
    is put in place later, as the other engine's pieces are.
    """
    if x0 >= c_x0:
        return c_end == start or x0 - c_x1 <= max_gap
    return c_x0 - x1 <= max_gap and has_rtl(text[start:end]) and has_rtl(text[c_start:c_end])


def _piece(text: str, start: int, end: int, x0: float, x1: float, style: Style, first_word: int,
           last_word: int, objects: list[int], page_left: float, surrogates: bool) -> tuple[WordPiece, list[int]]:
    """The piece of text[start:end], its words single-spaced; `page_left` is taken from its x, and
    `surrogates` says whether the page text holds surrogate halves to join."""
    chunk = " ".join(text[start:end].split())  # cheaper than asking whether it is single-spaced already
    if surrogates and _SURROGATE.search(chunk) is not None:
        chunk = whole_code_points(chunk)
    return WordPiece(chunk, x0 - page_left, x1 - page_left, style.baseline, style.size, style.font,
                     style.bold, style.italic, first_word, last_word), objects


def whole_code_points(text: str) -> str:
    """Join UTF-16 surrogate halves into the characters they encode (U+FFFD for a lone half).

    PDFium's text page holds a character outside the Basic Multilingual Plane
    (an emoji, a mathematical letter) as two characters, its surrogate halves.
    """
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


_Part = tuple[int, int, int, int, "int | None", int]


def _parts(scan: PageScan, text: str, origin: list[int] | None) -> list[_Part]:
    """Each word, cut where its text object changes.

    A part: its start and end in `text`, the PDFium index of its first and last
    character, its text object, its word number. `origin` maps positions in
    `text` to PDFium character indices when they differ.
    """
    text_object, textpage = scan.calls.text_object, scan.textpage
    spans = [match.span() for match in _WORD.finditer(text)]
    if origin is not None:
        return [(i, i + 1, origin[i], origin[i], text_object(textpage, origin[i]), word)
                for word, (start, end) in enumerate(spans) for i in range(start, end)]
    firsts = [text_object(textpage, start) for start, _ in spans]
    firsts.append(None)
    parts: list[_Part] = []
    append = parts.append
    for word, (start, end) in enumerate(spans):
        obj = firsts[word]
        # a text object's characters follow each other in the text page, so a word
        # whose next word starts in the same object lies wholly in that object
        if end - start == 1 or firsts[word + 1] == obj:
            append((start, end, start, end - 1, obj, word))
            continue
        last = text_object(textpage, end - 1)
        if last == obj:
            append((start, end, start, end - 1, obj, word))
            continue
        begin, previous = start, obj
        objects = [text_object(textpage, i) for i in range(start + 1, end - 1)]  # often one per glyph
        objects.append(last)
        for i, following in enumerate(objects, start + 1):
            if following != previous:
                append((begin, i, begin, i - 1, previous, word))
                begin, previous = i, following
        append((begin, end, begin, end - 1, previous, word))
    return parts


def _style(scan: PageScan, handle: int, font: int | None, char_index: int,
           box_key: tuple) -> Style | None:
    """Font, rendered size and baseline of a text object, found from one of its characters.

    Called once per font and loose box (top and bottom on unrotated pages) of a
    character: the same font with the same box means the same size and baseline,
    which spares three calls per object on pages that draw each glyph as an object
    of its own. None for text that is not upright as displayed, which is not part
    of the reading flow.
    """
    calls = scan.calls
    calls.char_matrix(scan.textpage, char_index, scan.matrix_ref)
    if not calls.font_size(handle, scan.size_ref):
        return None
    m = scan.matrix
    style = scan.by_box[box_key] = _new_style(scan, font, scan.size.value, m.a, m.b, m.c, m.d, m.e, m.f)
    return style


def _new_style(scan: PageScan, font: int | None, size: float, a: float, b: float, c: float,
               d: float, e: float, f: float) -> Style | None:
    frame = scan.frame
    if frame.rotation == 0:  # frame.vector inlined for the usual page
        across, across_down, up_x, up_y = a, -b, c, -d
    else:
        across, across_down = frame.vector(a, b)  # the text's x axis, as displayed
        up_x, up_y = frame.vector(c, d)  # its y axis: upright text points up (negative y)
    scale = max(abs(across), abs(up_y))
    if (across <= 0 or up_y >= 0 or abs(across_down) > _UPRIGHT_SKEW * scale
            or abs(up_x) > _OBLIQUE_SLANT * scale):
        return None
    name, bold, italic = _font(scan, font)
    italic = italic or abs(up_x) > _UPRIGHT_SKEW * scale
    baseline = frame.top - f if frame.rotation == 0 else frame.point(e, f)[1]
    rendered = size * -up_y
    style = Style(name, round(rendered, 2), bold, italic, round(baseline, 2))
    return scan.interned.setdefault(style, style)  # equal styles are one object: compared by `is`


def _font(scan: PageScan, font: int | None) -> tuple[str, bool, bool]:
    """Name, bold and italic of a font handle, cached for the document."""
    if font is None:
        return "", False, False
    known = scan.fonts.get(font)
    if known is not None:
        return known
    calls, handle = scan.calls, ctypes.c_void_p(font)
    buffer = ctypes.create_string_buffer(256)
    length = calls.base_font_name(handle, buffer, ctypes.c_size_t(len(buffer)))
    name = font_name(buffer.raw[: max(min(length, len(buffer)) - 1, 0)].decode("utf-8", "replace"))
    weight = calls.font_weight(handle)
    flags = calls.font_flags(handle)
    heavy = weight >= 600 or (flags != -1 and bool(flags & _FONT_FORCE_BOLD))
    bold = looks_bold(name) or (heavy and not named_not_bold(name))
    italic = looks_italic(name) or (flags != -1 and bool(flags & _FONT_ITALIC))
    known = scan.fonts[font] = (name, bold, italic)
    return known
