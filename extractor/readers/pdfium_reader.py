"""Read pages with PDFium (pypdfium2), the fast default engine.

PDFium's text page already puts the characters of a line in logical order (it
runs the bidi algorithm), expands ligatures, normalises Arabic presentation forms
and drops text objects drawn twice. We take the page text in one call, cut it into
words, and ask PDFium only for the first and last character of each word (box and
text object); font, size and baseline are looked up once per text object. Calls go
through ctypes function pointers without argument conversion, which halves their cost.
"""
from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import CorruptPdf, EmptyFile, EncryptedPdf
from ..model import Page
from .bidi import has_rtl, undo_neutral_mirroring
from .runs import FAKE_BOLD_DISTANCE, MAX_GAP_EM, WordPiece, build_runs, font_name, looks_bold, looks_italic

if TYPE_CHECKING:
    from PIL.Image import Image

_WORD = re.compile(r"\S+")
_SINGLE_SPACED = re.compile(r"\S+(?: \S+)*")
_UNKNOWN = object()
_LINE = re.compile(r"[^\r\n]+")
_LINE_END_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen ending a line
_FONT_FORCE_BOLD = 1 << 18
_FONT_ITALIC = 1 << 6
_TEXT_OBJECT = 1
_FORM_OBJECT = 5
_PDFIUM_LOOKBACK = 6  # PDFium drops a copy of one of the 5 text objects before it
_UPRIGHT_SKEW = 0.01
_GLYPH_BY_GLYPH = 0.5  # page objects per character above which a page is drawn glyph by glyph  # |b|, |c| of the text matrix relative to its scale


def _untyped(function: Callable, restype: type | None) -> Callable:
    """The same C function without ctypes argument conversion (callers pass c_void_p)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype)(address)


class _Calls:
    """The PDFium functions called per word or per object, made cheap to call."""

    def __init__(self) -> None:
        c_int, c_void_p, c_ulong = ctypes.c_int, ctypes.c_void_p, ctypes.c_ulong
        self.text_object = _untyped(pdfium_c.FPDFText_GetTextObject, c_void_p)
        self.loose_box = _untyped(pdfium_c.FPDFText_GetLooseCharBox, c_int)
        self.char_origin = _untyped(pdfium_c.FPDFText_GetCharOrigin, c_int)
        self.char_matrix = _untyped(pdfium_c.FPDFText_GetMatrix, c_int)
        self.unicode = _untyped(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
        self.font = _untyped(pdfium_c.FPDFTextObj_GetFont, c_void_p)
        self.font_size = _untyped(pdfium_c.FPDFTextObj_GetFontSize, c_int)
        self.base_font_name = _untyped(pdfium_c.FPDFFont_GetBaseFontName, c_ulong)
        self.font_weight = _untyped(pdfium_c.FPDFFont_GetWeight, c_int)
        self.font_flags = _untyped(pdfium_c.FPDFFont_GetFlags, c_int)
        self.count_objects = _untyped(pdfium_c.FPDFPage_CountObjects, c_int)
        self.get_object = _untyped(pdfium_c.FPDFPage_GetObject, c_void_p)
        self.form_count = _untyped(pdfium_c.FPDFFormObj_CountObjects, c_int)
        self.form_object = _untyped(pdfium_c.FPDFFormObj_GetObject, c_void_p)
        self.object_type = _untyped(pdfium_c.FPDFPageObj_GetType, c_int)
        self.object_bounds = _untyped(pdfium_c.FPDFPageObj_GetBounds, c_int)
        self.count_rects = _untyped(pdfium_c.FPDFText_CountRects, c_int)


@dataclass(frozen=True, slots=True)
class _Style:
    font: str
    size: float
    bold: bool
    italic: bool
    baseline: float  # points from the top of the page


@dataclass(slots=True)
class _PageScan:
    """What one page's scan learns about its text objects (None: skipped, e.g. rotated)."""

    calls: _Calls
    fonts: dict[int, tuple[str, bool, bool]]
    textpage: ctypes.c_void_p
    page_top: float
    page_left: float
    chars: int
    styles: dict[int, _Style | None] = field(default_factory=dict)  # by text object
    by_key: dict[tuple, _Style | None] = field(default_factory=dict)  # by font, size, matrix
    by_box: dict[tuple, _Style | None] = field(default_factory=dict)  # by font, loose box
    interned: dict[_Style, _Style] = field(default_factory=dict)
    rect: pdfium_c.FS_RECTF = field(default_factory=pdfium_c.FS_RECTF)
    matrix: pdfium_c.FS_MATRIX = field(default_factory=pdfium_c.FS_MATRIX)
    size: ctypes.c_float = field(default_factory=ctypes.c_float)
    matrix_ref: object = None
    size_ref: object = None

    def __post_init__(self) -> None:
        self.matrix_ref = ctypes.byref(self.matrix)
        self.size_ref = ctypes.byref(self.size)


def open_document(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning its failures into our errors."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedPdf(path) from e
        if code == pdfium_c.FPDF_ERR_SUCCESS:
            raise EmptyFile(path, "the PDF has no pages") from e
        raise CorruptPdf(path, str(e)) from e
    except (OSError, ValueError) as e:
        raise CorruptPdf(path, str(e)) from e
    return pdf


def count_pages(path: Path) -> int:
    pdf = open_document(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def read_pages(path: Path) -> list[Page]:
    """All pages of the PDF as text runs."""
    pdf = open_document(path)
    calls = _Calls()
    fonts: dict[int, tuple[str, bool, bool]] = {}
    try:
        return [_read_page(pdf, index, calls, fonts, path) for index in range(len(pdf))]
    except pdfium.PdfiumError as e:
        raise CorruptPdf(path, str(e)) from e
    finally:
        pdf.close()


def render_page(path: Path, page_number: int, *, dpi: int = 300) -> Image:
    """One page (1-based) as a greyscale-capable PIL image, for OCR."""
    pdf = open_document(path)
    try:
        if not 1 <= page_number <= len(pdf):
            raise ValueError(f"page {page_number} is not in 1..{len(pdf)}")
        page = pdf[page_number - 1]
        try:
            return page.render(scale=dpi / 72).to_pil()
        finally:
            page.close()
    except pdfium.PdfiumError as e:
        raise CorruptPdf(path, f"page {page_number}: {e}") from e
    finally:
        pdf.close()


def _handle(pointer: object) -> ctypes.c_void_p:
    return ctypes.c_void_p(ctypes.cast(pointer, ctypes.c_void_p).value)


def _read_page(pdf: pdfium.PdfDocument, index: int, calls: _Calls,
               fonts: dict[int, tuple[str, bool, bool]], path: Path) -> Page:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        left, _bottom, _right, top = page.get_bbox()
        scan = _PageScan(calls, fonts, _handle(textpage.raw), top, left,
                         pdfium_c.FPDFText_CountChars(textpage.raw))
        text, origin = _logical_text(_page_text(scan, textpage))
        found = list(_fragments(scan, text, origin))
        bold_objects = _fake_bold_objects(scan, _handle(page.raw))
        pieces = [
            piece._replace(bold=True) if bold_objects.intersection(objects) else piece
            for piece, objects in found
        ]
        return Page(number=index + 1, width=round(width, 2), height=round(height, 2),
                    runs=build_runs(pieces, page=index + 1))
    finally:
        textpage.close()
        page.close()


def _page_text(scan: _PageScan, textpage: pdfium.PdfTextPage) -> str:
    """The text page's characters, one Python character per PDFium character."""
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (2 * count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage.raw, 0, count, buffer)
    text = bytes(memoryview(buffer)[: max(written - 1, 0)]).decode("utf-16-le", "replace")
    if len(text) == count:
        return text
    # Characters PDFium leaves out of its text (control characters) shift the
    # indices: ask for each character instead (slower, rare).
    unicode = scan.calls.unicode
    return "".join(chr(unicode(scan.textpage, i) or 0xFFFD) for i in range(count))


def _logical_text(text: str) -> tuple[str, list[int] | None]:
    """The page text with line-end hyphens restored and PDFium's bidi slips undone.

    Returns the text and, if characters moved, the PDFium index of each character.
    """
    text = text.replace(_LINE_END_HYPHEN, "-")
    if not has_rtl(text):
        return text, None
    parts: list[str] = []
    origin = list(range(len(text)))
    for line in _LINE.finditer(text):
        repaired = undo_neutral_mirroring(line.group())
        if repaired is None:
            continue
        start = line.start()
        parts.append((start, repaired[0]))
        origin[start:line.end()] = [start + k for k in repaired[1]]
    if not parts:
        return text, None
    chars = list(text)
    for start, line_text in parts:
        chars[start:start + len(line_text)] = line_text
    return "".join(chars), origin


def _fragments(scan: _PageScan, text: str,
               origin: list[int] | None) -> list[tuple[WordPiece, list[int]]]:
    """Word pieces of the page, consecutive words in one style already joined.

    Each comes with the text objects it was drawn from. Words come in logical
    order, so a right-to-left line arrives right to left: the gap test looks at
    the distance between boxes whichever side the next word is on.
    """
    textpage, styles = scan.textpage, scan.styles
    box, rect = scan.calls.loose_box, scan.rect
    rect_ref = ctypes.byref(rect)
    pieces: list[tuple[WordPiece, list[int]]] = []
    current: list | None = None  # start, end, x0, x1, style, first word, last word, objects
    for part_start, part_end, first_char, last_char, obj, word in _parts(scan, text, origin):
        box(textpage, first_char, rect_ref)
        x0, x1 = rect.left, rect.right
        style = styles.get(obj, _UNKNOWN)
        if style is _UNKNOWN:
            style = styles[obj] = _style(scan, obj, first_char, rect.top, rect.bottom)
        if style is None:
            continue
        if last_char != first_char:
            box(textpage, last_char, rect_ref)
            if rect.left < x0:
                x0 = rect.left
            if rect.right > x1:
                x1 = rect.right
        if current is not None and current[4] is style and (
                current[1] == part_start
                or max(x0 - current[3], current[2] - x1) <= MAX_GAP_EM * style.size):
            current[1] = part_end
            if x0 < current[2]:
                current[2] = x0
            if x1 > current[3]:
                current[3] = x1
            current[6] = word
            if obj != current[7][-1]:
                current[7].append(obj)
            continue
        if current is not None:
            pieces.append(_piece(scan, text, *current))
        current = [part_start, part_end, x0, x1, style, word, word, [obj]]
    if current is not None:
        pieces.append(_piece(scan, text, *current))
    return pieces


def _piece(scan: _PageScan, text: str, start: int, end: int, x0: float, x1: float,
           style: _Style, first_word: int, last_word: int,
           objects: list[int]) -> tuple[WordPiece, list[int]]:
    chunk = text[start:end]
    if not _SINGLE_SPACED.fullmatch(chunk):
        chunk = " ".join(chunk.split())
    left = scan.page_left
    return WordPiece(chunk, x0 - left, x1 - left, style.baseline, style.size, style.font,
                     style.bold, style.italic, first_word, last_word), objects


_Part = tuple[int, int, int, int, "int | None", int]


def _parts(scan: _PageScan, text: str, origin: list[int] | None) -> Iterator[_Part]:
    """Each word, cut where its text object changes.

    A part: its start and end in `text`, the PDFium index of its first and last
    character, its text object, its word number. `origin` maps positions in
    `text` to PDFium character indices when they differ.
    """
    text_object, textpage = scan.calls.text_object, scan.textpage
    spans = [match.span() for match in _WORD.finditer(text)]
    if origin is not None:
        for word, (start, end) in enumerate(spans):
            for i in range(start, end):
                yield i, i + 1, origin[i], origin[i], text_object(textpage, origin[i]), word
        return
    firsts = [text_object(textpage, start) for start, _ in spans]
    firsts.append(None)
    for word, (start, end) in enumerate(spans):
        obj = firsts[word]
        # a text object's characters follow each other in the text page, so a word
        # whose next word starts in the same object lies wholly in that object
        if end - start == 1 or firsts[word + 1] == obj or text_object(textpage, end - 1) == obj:
            yield start, end, start, end - 1, obj, word
            continue
        objects = [text_object(textpage, i) for i in range(start, end)]
        begin = 0
        for i in range(1, len(objects) + 1):
            if i == len(objects) or objects[i] != objects[begin]:
                yield start + begin, start + i, start + begin, start + i - 1, objects[begin], word
                begin = i


def _style(scan: _PageScan, obj: int | None, char_index: int, top: float,
           bottom: float) -> _Style | None:
    """Font, rendered size and baseline of a text object, found from one of its characters.

    `top` and `bottom` are that character's loose box: the same font with the same
    box means the same size and baseline, which spares three calls per object on
    pages that draw each glyph as an object of its own. None for rotated or
    mirrored text, which is not part of the reading flow.
    """
    if obj is None:
        return None
    calls, handle = scan.calls, ctypes.c_void_p(obj)
    font = calls.font(handle)
    box_key = (font, top, bottom)
    style = scan.by_box.get(box_key, _UNKNOWN)
    if style is not _UNKNOWN:
        return style
    calls.char_matrix(scan.textpage, char_index, scan.matrix_ref)
    if not calls.font_size(handle, scan.size_ref):
        return None
    m = scan.matrix
    key = (font, scan.size.value, m.a, m.b, m.c, m.d, m.f)
    style = scan.by_key.get(key, _UNKNOWN)
    if style is _UNKNOWN:
        style = scan.by_key[key] = _new_style(scan, *key)
    scan.by_box[box_key] = style
    return style


def _new_style(scan: _PageScan, font: int | None, size: float, a: float, b: float, c: float,
               d: float, f: float) -> _Style | None:
    scale = max(abs(a), abs(d))
    if a <= 0 or d <= 0 or abs(b) > _UPRIGHT_SKEW * scale or abs(c) > _UPRIGHT_SKEW * scale:
        return None
    name, bold, italic = _font(scan, font)
    style = _Style(name, round(size * d, 2), bold, italic, round(scan.page_top - f, 2))
    return scan.interned.setdefault(style, style)  # equal styles are one object: compared by `is`


def _font(scan: _PageScan, font: int | None) -> tuple[str, bool, bool]:
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
    bold = looks_bold(name) or weight >= 600 or (flags != -1 and bool(flags & _FONT_FORCE_BOLD))
    italic = looks_italic(name) or (flags != -1 and bool(flags & _FONT_ITALIC))
    known = scan.fonts[font] = (name, bold, italic)
    return known


def _text_objects(calls: _Calls, page: ctypes.c_void_p) -> list[list[int]]:
    """The page's text objects in drawing order, one list per page or form XObject."""
    holders: list[list[int]] = []
    pending: list[tuple[Callable, Callable, ctypes.c_void_p]] = [
        (calls.count_objects, calls.get_object, page)
    ]
    object_type, void_p = calls.object_type, ctypes.c_void_p
    while pending:
        count, get, holder = pending.pop()
        handles = [void_p(get(holder, i)) for i in range(count(holder))]
        kinds = [object_type(handle) for handle in handles]
        holders.append([h.value for h, kind in zip(handles, kinds) if kind == _TEXT_OBJECT])
        pending.extend((calls.form_count, calls.form_object, h)
                       for h, kind in zip(handles, kinds) if kind == _FORM_OBJECT)
    return holders


def _fake_bold_objects(scan: _PageScan, page: ctypes.c_void_p) -> set[int]:
    """Text objects drawn again at almost the same place just after (fake bold).

    PDFium leaves such a copy out of the text page; it compares a text object with
    the few drawn just before it, so we look there too. Skipped at once when every
    object of the page shows up in the text page, and on pages that draw glyph by
    glyph, where walking thousands of objects would cost more than reading the text.
    """
    calls = scan.calls
    objects = calls.count_objects(page)
    if objects <= calls.count_rects(scan.textpage, 0, -1) or objects > scan.chars * _GLYPH_BY_GLYPH:
        return set()
    bold: set[int] = set()
    bounds: dict[int, tuple[float, float, float, float]] = {}
    for objects in _text_objects(calls, page):
        for k, obj in enumerate(objects):
            if obj in scan.styles:
                continue
            box = bounds[obj] = bounds.get(obj) or _bounds(calls, obj)
            if box[2] - box[0] <= 0:
                continue
            for other in objects[max(0, k - _PDFIUM_LOOKBACK):k]:
                if scan.styles.get(other) is None:
                    continue
                other_box = bounds[other] = bounds.get(other) or _bounds(calls, other)
                if all(abs(u - v) <= FAKE_BOLD_DISTANCE for u, v in zip(box, other_box)):
                    bold.add(other)
    return bold


def _bounds(calls: _Calls, obj: int) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    calls.object_bounds(ctypes.c_void_p(obj), ctypes.byref(left), ctypes.byref(bottom),
                        ctypes.byref(right), ctypes.byref(top))
    return left.value, bottom.value, right.value, top.value
