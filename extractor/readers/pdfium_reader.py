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
from .runs import MAX_GAP_EM, WordPiece, build_runs, font_name, looks_bold, looks_italic

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
_UPRIGHT_SKEW = 0.01  # |b|, |c| of the text matrix relative to its scale


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
    styles: dict[int, _Style | None] = field(default_factory=dict)
    interned: dict[_Style, _Style] = field(default_factory=dict)
    rect: pdfium_c.FS_RECTF = field(default_factory=pdfium_c.FS_RECTF)


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
        scan = _PageScan(calls, fonts, _handle(textpage.raw), top, left)
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
               origin: list[int] | None) -> Iterator[tuple[WordPiece, list[int]]]:
    """Word pieces of the page, consecutive words in one style already joined.

    Each comes with the text objects it was drawn from. Words come in logical
    order, so a right-to-left line arrives right to left: the gap test looks at
    the distance between boxes whichever side the next word is on. `origin` maps
    positions in `text` to PDFium character indices when they differ.
    """
    calls, textpage, styles = scan.calls, scan.textpage, scan.styles
    text_object, box, rect = calls.text_object, calls.loose_box, scan.rect
    rect_ref = ctypes.byref(rect)
    current: _Fragment | None = None
    for word, match in enumerate(_WORD.finditer(text)):
        start, end = match.span()
        if origin is not None and origin[start:end] != list(range(start, end)):
            parts = [(i, i + 1, origin[i], origin[i], text_object(textpage, origin[i]))
                     for i in range(start, end)]
        else:
            first = text_object(textpage, start)
            last = first if end - start == 1 else text_object(textpage, end - 1)
            parts = ([(start, end, start, end - 1, first)] if first == last
                     else _split_by_object(scan, start, end))
        for part_start, part_end, first_char, last_char, obj in parts:
            style = styles.get(obj, _UNKNOWN) if obj is not None else None
            if style is _UNKNOWN:
                style = styles[obj] = _style(scan, obj, first_char)
            if style is None:
                continue
            box(textpage, first_char, rect_ref)
            x0, x1 = rect.left, rect.right
            if last_char != first_char:
                box(textpage, last_char, rect_ref)
                x0, x1 = min(x0, rect.left), max(x1, rect.right)
            if (current is not None and current.style is style and current.end == part_start
                    or current is not None and current.style is style
                    and max(x0 - current.x1, current.x0 - x1) <= MAX_GAP_EM * style.size):
                current.extend(part_end, x0, x1, word, obj)
                continue
            if current is not None:
                yield current.piece(scan, text)
            current = _Fragment(part_start, part_end, x0, x1, style, word, word, [obj])
    if current is not None:
        yield current.piece(scan, text)


def _split_by_object(scan: _PageScan, start: int,
                     end: int) -> list[tuple[int, int, int, int, int | None]]:
    """Characters start..end-1 cut where their text object changes.

    Each part: text start and end, PDFium index of its first and last character, object.
    """
    text_object, textpage = scan.calls.text_object, scan.textpage
    objects = [text_object(textpage, i) for i in range(start, end)]
    parts, begin = [], 0
    for i in range(1, len(objects) + 1):
        if i == len(objects) or objects[i] != objects[begin]:
            parts.append((start + begin, start + i, start + begin, start + i - 1, objects[begin]))
            begin = i
    return parts


@dataclass(slots=True)
class _Fragment:
    """Consecutive characters of the page text in one style (being collected)."""

    start: int
    end: int
    x0: float
    x1: float
    style: _Style
    first_word: int
    last_word: int
    objects: list[int]

    def extend(self, end: int, x0: float, x1: float, word: int, obj: int) -> None:
        self.end = end
        self.x0 = min(self.x0, x0)
        self.x1 = max(self.x1, x1)
        self.last_word = word
        if obj != self.objects[-1]:
            self.objects.append(obj)

    def piece(self, scan: _PageScan, text: str) -> tuple[WordPiece, list[int]]:
        chunk = text[self.start:self.end]
        if not _SINGLE_SPACED.fullmatch(chunk):
            chunk = " ".join(chunk.split())
        style, left = self.style, scan.page_left
        return WordPiece(chunk, self.x0 - left, self.x1 - left, style.baseline, style.size,
                         style.font, style.bold, style.italic, self.first_word,
                         self.last_word), self.objects


def _style(scan: _PageScan, obj: int, char_index: int) -> _Style | None:
    """Font, rendered size and baseline of a text object, found from one of its characters."""
    calls = scan.calls
    matrix = pdfium_c.FS_MATRIX()
    calls.char_matrix(scan.textpage, char_index, ctypes.byref(matrix))
    scale = max(abs(matrix.a), abs(matrix.d))
    if (matrix.a <= 0 or matrix.d <= 0 or abs(matrix.b) > _UPRIGHT_SKEW * scale
            or abs(matrix.c) > _UPRIGHT_SKEW * scale):
        return None  # rotated or mirrored text: not part of the reading flow
    handle = ctypes.c_void_p(obj)
    size = ctypes.c_float()
    if not calls.font_size(handle, ctypes.byref(size)):
        return None
    font, bold, italic = _font(scan, calls.font(handle))
    style = _Style(font, round(size.value * matrix.d, 2), bold, italic,
                   round(scan.page_top - matrix.f, 2))
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


def _text_objects(calls: _Calls, page: ctypes.c_void_p) -> Iterator[int]:
    """Addresses of the page's text objects, including those inside form XObjects."""
    pending: list[tuple[Callable, Callable, ctypes.c_void_p]] = [
        (calls.count_objects, calls.get_object, page)
    ]
    while pending:
        count, get, holder = pending.pop()
        for i in range(count(holder)):
            obj = get(holder, i)
            if obj is None:
                continue
            kind = calls.object_type(ctypes.c_void_p(obj))
            if kind == _TEXT_OBJECT:
                yield obj
            elif kind == _FORM_OBJECT:
                pending.append((calls.form_count, calls.form_object, ctypes.c_void_p(obj)))


def _fake_bold_objects(scan: _PageScan, page: ctypes.c_void_p) -> set[int]:
    """Text objects drawn a second time at almost the same place (PDFium kept one copy)."""
    objects = list(_text_objects(scan.calls, page))
    unused = [obj for obj in objects if obj not in scan.styles]
    if not unused:
        return set()
    bounds = {obj: _bounds(scan.calls, obj) for obj in objects}
    by_corner: dict[tuple[int, int], list[int]] = {}
    for obj in scan.styles:
        if obj in bounds:
            left, _, _, top = bounds[obj]
            by_corner.setdefault((round(left), round(top)), []).append(obj)
    bold: set[int] = set()
    for obj in unused:
        box = bounds[obj]
        if box[2] - box[0] <= 0:
            continue
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in by_corner.get((round(box[0]) + dx, round(box[3]) + dy), ()):
                    if all(abs(a - b) <= 1.0 for a, b in zip(box, bounds[other])):
                        bold.add(other)
    return bold


def _bounds(calls: _Calls, obj: int) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    calls.object_bounds(ctypes.c_void_p(obj), ctypes.byref(left), ctypes.byref(bottom),
                        ctypes.byref(right), ctypes.byref(top))
    return left.value, bottom.value, right.value, top.value
