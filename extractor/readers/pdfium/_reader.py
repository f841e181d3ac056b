"""Read pages with PDFium (pypdfium2), the fast default engine; this module owns pypdfium2.

PDFium's text page already puts the characters of a line in logical order (it
runs the bidi algorithm), expands ligatures, normalises Arabic presentation forms
and drops text objects drawn twice at the same place. The page text is taken in one
call; pdfium_words turns it into word pieces, asking PDFium as little as possible.
Calls go through ctypes function pointers without argument conversion, which
halves their cost.
"""
from __future__ import annotations

import ctypes
import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ...errors import CorruptPdf, EmptyFile, EncryptedPdf
from ...model import Page
from ...scripts import RTL_LETTER
from .._bidi import has_rtl, undo_neutral_mirroring
from ._calls import PdfiumCalls
from ._words import PageFrame, PageScan, word_pieces
from .._runs import FAKE_BOLD_DISTANCE, build_runs

if TYPE_CHECKING:
    from PIL.Image import Image

_LINE = re.compile(r"[^\r\n]+")
_LINE_END_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen ending a line
_RTL_WORD = re.compile(f"(?:{RTL_LETTER.pattern}){{2,}}")
_ALEF_LAM = re.compile("[\u0627\u0622\u0623\u0625]\u0644")  # alef (plain, with madda or hamza), then lam
_LAM = "\u0644"
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_UNKNOWN: "unknown error",
    pdfium_c.FPDF_ERR_FILE: "file not found or could not be opened",
    pdfium_c.FPDF_ERR_FORMAT: "not in PDF format or damaged",
    pdfium_c.FPDF_ERR_PASSWORD: "a password is needed",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security scheme",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}
_TEXT_OBJECT = 1
_FORM_OBJECT = 5
_PDFIUM_LOOKBACK = 6  # PDFium drops a copy of one of the 5 text objects before it
_GLYPH_BY_GLYPH = 0.5  # page objects per character above which a page is drawn glyph by glyph


def open_document(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning its failures into our errors.

    The document is loaded through the raw call so that PDFium's error code is
    read right after the failure it describes (pypdfium2 also reads it for a
    document that loaded with no pages, when it is left over from an earlier file).
    """
    raw = pdfium_c.FPDF_LoadDocument(os.fsencode(path) + b"\x00", None)
    if not raw:
        code = pdfium_c.FPDF_GetLastError()
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedPdf(path, None if code == pdfium_c.FPDF_ERR_PASSWORD else _LOAD_ERRORS[code])
        raise CorruptPdf(path, f"PDFium: {_LOAD_ERRORS.get(code, f'error {code}')}")
    pdf = pdfium.PdfDocument(raw)
    if len(pdf) == 0:
        pdf.close()
        raise EmptyFile(path, "the PDF has no pages")
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
    calls = _pdfium_calls()
    fonts: dict[int, tuple[str, bool, bool]] = {}
    try:
        return [_read_page(pdf, index, calls, fonts) for index in range(len(pdf))]
    except pdfium.PdfiumError as e:
        raise CorruptPdf(path, str(e)) from e
    finally:
        pdf.close()


@functools.cache
def _pdfium_calls() -> PdfiumCalls:
    """The PDFium functions made cheap to call, made once (they hold no state of a document)."""
    return PdfiumCalls()


class PageRenderer:
    """A PDF opened once to render several of its pages (for OCR); close it, or use it in a `with`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pdf = open_document(path)

    @property
    def page_count(self) -> int:
        return len(self._pdf)

    def size(self, page_number: int) -> tuple[float, float]:
        """Width and height (points) PDFium renders page `page_number` (1-based) at."""
        return self._pdf.get_page_size(self._index(page_number))

    def render(self, page_number: int, *, dpi: int = 300) -> Image:
        """Page `page_number` (1-based) as a PIL image."""
        index = self._index(page_number)
        try:
            page = self._pdf[index]
            try:
                return page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
        except pdfium.PdfiumError as e:
            raise CorruptPdf(self.path, f"page {page_number}: {e}") from e

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> PageRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _index(self, page_number: int) -> int:
        if not 1 <= page_number <= len(self._pdf):
            raise ValueError(f"page {page_number} is not in 1..{len(self._pdf)}")
        return page_number - 1


def render_page(path: Path, page_number: int, *, dpi: int = 300) -> Image:
    """One page (1-based) rendered as a PIL image, for OCR."""
    with PageRenderer(path) as renderer:
        return renderer.render(page_number, dpi=dpi)


def _handle(pointer: object) -> ctypes.c_void_p:
    return ctypes.c_void_p(ctypes.cast(pointer, ctypes.c_void_p).value)


def _read_page(pdf: pdfium.PdfDocument, index: int, calls: PdfiumCalls,
               fonts: dict[int, tuple[str, bool, bool]]) -> Page:
    # Raw handles, closed here: pypdfium2's page objects cost more to make and close (a
    # weakref finalizer each) than reading a short page's text.
    raw_page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not raw_page:
        raise pdfium.PdfiumError("Failed to load page.")  # as pypdfium2 says it
    try:
        raw_text = pdfium_c.FPDFText_LoadPage(raw_page)
        if not raw_text:
            raise pdfium.PdfiumError("Failed to load text page.")
        try:
            return _page_from(raw_page, raw_text, index, calls, fonts)
        finally:
            pdfium_c.FPDFText_ClosePage(raw_text)
    finally:
        pdfium_c.FPDF_ClosePage(raw_page)


def _page_from(raw_page: object, raw_text: object, index: int, calls: PdfiumCalls,
               fonts: dict[int, tuple[str, bool, bool]]) -> Page:
    frame = PageFrame(_rotation(raw_page), *_bounding_box(raw_page))
    width, height = frame.size
    textpage = _handle(raw_text)
    scan = PageScan(calls, fonts, textpage, frame, pdfium_c.FPDFText_CountChars(raw_text))
    drawn = _rtl_words_in_order(scan, _page_text(scan, raw_text))
    text, origin = _logical_text(_lam_alef_in_order(scan, drawn))
    page_handle = _handle(raw_page)
    may_fake_bold = _may_draw_fake_bold(scan, page_handle)
    found = word_pieces(scan, text, origin, track_objects=may_fake_bold)
    bold_objects = _fake_bold_objects(scan, page_handle) if may_fake_bold else set()
    pieces = [
        piece._replace(bold=True) if bold_objects and bold_objects.intersection(objects) else piece
        for piece, objects in found
    ]
    return Page(number=index + 1, width=round(width, 2), height=round(height, 2),
                runs=build_runs(pieces, page=index + 1))


def _rotation(raw_page: object) -> int:
    """Clockwise rotation of the page as displayed, in degrees (0, 90, 180 or 270)."""
    quarter_turns = pdfium_c.FPDFPage_GetRotation(raw_page)
    if quarter_turns == -1:
        raise pdfium.PdfiumError("Failed to get page rotation.")
    return quarter_turns * 90 % 360


def _bounding_box(raw_page: object) -> tuple[float, float, float, float]:
    """Left, bottom, right, top of the page's media box clipped to its crop box."""
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(raw_page, rect):
        raise pdfium.PdfiumError("Failed to get page bounding box.")
    return rect.left, rect.bottom, rect.right, rect.top


def _page_text(scan: PageScan, raw_text: object) -> str:
    """The text page's characters, one Python character per PDFium character.

    A character outside the Basic Multilingual Plane is two PDFium characters, its
    UTF-16 surrogate halves: they stay two here (so indices match) and are joined
    when the piece's text is taken (`whole_code_points`).
    """
    count = scan.chars
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (2 * count + 1))()
    written = pdfium_c.FPDFText_GetText(raw_text, 0, count, buffer)
    text = bytes(memoryview(buffer)[: max(written - 1, 0)]).decode("utf-16-le", "surrogatepass")
    if len(text) == count:
        return text
    # Characters PDFium leaves out of its text (control characters) shift the
    # indices: ask for each character instead (slower, rare).
    unicode, textpage = scan.calls.unicode, scan.textpage
    return "".join([chr(unicode(textpage, i) or 0xFFFD) for i in range(count)])


def _rtl_words_in_order(scan: PageScan, text: str) -> str:
    """Right-to-left words PDFium left in the order they are drawn (left to right), reversed.

    In a word in logical order the first letter is drawn right of the last; some producers (Chromium)
    get words of one line in both orders ("ةلادعلا لعمال" for "العدالة لعمال"). Character indices do
    not change.
    """
    if not has_rtl(text):
        return text
    box, first, last = scan.calls.loose_box, scan.calls.new_rect(), scan.calls.new_rect()
    chars: list[str] | None = None
    for word in _RTL_WORD.finditer(text):
        letters = [k for k in range(*word.span()) if text[k].isalpha()]  # not a comma after the word
        if len(letters) < 2:
            continue
        start, end = letters[0], letters[-1] + 1
        box(scan.textpage, start, ctypes.byref(first))
        box(scan.textpage, end - 1, ctypes.byref(last))
        if first.left + first.right < last.left + last.right:  # drawn left to right: visual order
            chars = chars or list(text)
            chars[start:end] = chars[start:end][::-1]
    return "".join(chars) if chars else text


def _lam_alef_in_order(scan: PageScan, text: str) -> str:
    """The lam-alef ligature's two letters in their written order, lam first.

    A glyph that stands for several characters keeps them in its font's order, but PDFium reverses
    them with the right-to-left word it reads, so "وعاملات" comes out "وعامالت". Two characters drawn
    as one glyph share one box; alef is never joined to a following lam, so such a pair is a
    reversed ligature. Character indices do not change.
    """
    if _LAM not in text:  # most pages: no Arabic
        return text
    pairs = [m.start() for m in _ALEF_LAM.finditer(text)]
    if not pairs:
        return text
    box, first, second = scan.calls.loose_box, scan.calls.new_rect(), scan.calls.new_rect()
    chars = list(text)
    for k in pairs:
        box(scan.textpage, k, ctypes.byref(first))
        box(scan.textpage, k + 1, ctypes.byref(second))
        if (first.left, first.right, first.top, first.bottom) == (second.left, second.right, second.top,
                                                                   second.bottom):
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
    return "".join(chars)


def _logical_text(text: str) -> tuple[str, list[int] | None]:
    """The page text with line-end hyphens restored and PDFium's bidi slips undone.

    Returns the text and, if characters moved, the PDFium index of each character.
    """
    text = text.replace(_LINE_END_HYPHEN, "-")
    if not has_rtl(text):
        return text, None
    parts: list[tuple[int, str]] = []
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


def _text_objects(calls: PdfiumCalls, page: ctypes.c_void_p) -> list[list[int]]:
    """The page's text objects in drawing order, one list per page or form XObject."""
    holders: list[list[int]] = []
    pending: list[tuple[Callable, Callable, ctypes.c_void_p]] = [
        (calls.count_objects, calls.get_object, page)
    ]
    object_type = calls.object_type
    while pending:
        count, get, holder = pending.pop()
        handles = [get(holder, i) for i in range(count(holder))]
        kinds = [object_type(handle) for handle in handles]
        holders.append([h.value for h, kind in zip(handles, kinds) if kind == _TEXT_OBJECT])
        pending.extend((calls.form_count, calls.form_object, h)
                       for h, kind in zip(handles, kinds) if kind == _FORM_OBJECT)
    return holders


def _may_draw_fake_bold(scan: PageScan, page: ctypes.c_void_p) -> bool:
    """Whether the page may hold fake bold worth looking for (see `_fake_bold_objects`).

    Not when every object of the page shows up in the text page, nor on pages that
    draw glyph by glyph, where walking thousands of objects would cost more than
    reading the text.
    """
    calls = scan.calls
    count = calls.count_objects(page)
    # the objects counted first: the text page's rectangles are not worked out for a page drawn glyph by glyph
    return count <= scan.chars * _GLYPH_BY_GLYPH and calls.count_rects(scan.textpage, 0, -1) < count


def _fake_bold_objects(scan: PageScan, page: ctypes.c_void_p) -> set[int]:
    """Text objects drawn again at almost the same place just after (fake bold).

    PDFium leaves such a copy out of the text page; it compares a text object with
    the few drawn just before it, so we look there too.
    """
    calls, styles = scan.calls, scan.styles
    bold: set[int] = set()
    bounds: dict[int, tuple[float, float, float, float]] = {}
    read_bounds = _bounds_reader(calls)
    for objects in _text_objects(calls, page):
        for k, obj in enumerate(objects):
            if obj in styles:
                continue
            box = bounds[obj] = bounds.get(obj) or read_bounds(obj)
            if box[2] - box[0] <= 0:
                continue
            for other in objects[max(0, k - _PDFIUM_LOOKBACK):k]:
                if styles.get(other) is None:
                    continue
                other_box = bounds[other] = bounds.get(other) or read_bounds(other)
                if all(abs(u - v) <= FAKE_BOLD_DISTANCE for u, v in zip(box, other_box)):
                    bold.add(other)
    return bold


def _bounds_reader(calls: PdfiumCalls) -> Callable[[int], tuple[float, float, float, float]]:
    """A function giving a page object's bounds (left, bottom, right, top), read into floats made once."""
    edges = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(edge) for edge in edges]
    left, bottom, right, top = edges

    def bounds(obj: int) -> tuple[float, float, float, float]:
        calls.object_bounds(obj, *refs)
        return left.value, bottom.value, right.value, top.value

    return bounds
