"""The PDFium functions called per word or per object, as raw ctypes pointers made cheap to call.

Most are called without argument conversion, with handles as `c_void_p`: the page walk gets its
objects as `Handle`s, passed on as they are. Functions called with a handle kept as a plain integer
(a text object, a font) convert it in C, which costs less than making a `c_void_p` in Python.
"""
from __future__ import annotations

import ctypes
from collections.abc import Callable

import pypdfium2.raw as pdfium_c


class Handle(ctypes.c_void_p):
    """A handle PDFium returned, kept as ctypes got it (a `c_void_p` restype would make an int of it)."""


def _untyped(function: Callable, restype: type | None) -> Callable:
    """The same C function without ctypes argument conversion (callers pass c_void_p)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype)(address)


def _by_handle(function: Callable, restype: type | None, *argtypes: type) -> Callable:
    """The same C function taking a handle (the integer PDFium returned) as its first argument."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, ctypes.c_void_p, *argtypes)(address)


class PdfiumCalls:
    """The PDFium functions called per word or per object, made cheap to call."""

    def __init__(self) -> None:
        c_int, c_void_p, c_ulong = ctypes.c_int, ctypes.c_void_p, ctypes.c_ulong
        float_p = ctypes.POINTER(ctypes.c_float)
        self.text_object = _untyped(pdfium_c.FPDFText_GetTextObject, c_void_p)
        self.loose_box = _untyped(pdfium_c.FPDFText_GetLooseCharBox, c_int)
        self.char_matrix = _untyped(pdfium_c.FPDFText_GetMatrix, c_int)
        self.unicode = _untyped(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
        self.font = _by_handle(pdfium_c.FPDFTextObj_GetFont, c_void_p)
        self.font_size = _by_handle(pdfium_c.FPDFTextObj_GetFontSize, c_int, float_p)
        self.base_font_name = _untyped(pdfium_c.FPDFFont_GetBaseFontName, c_ulong)
        self.font_weight = _untyped(pdfium_c.FPDFFont_GetWeight, c_int)
        self.font_flags = _untyped(pdfium_c.FPDFFont_GetFlags, c_int)
        self.count_objects = _untyped(pdfium_c.FPDFPage_CountObjects, c_int)
        self.get_object = _untyped(pdfium_c.FPDFPage_GetObject, Handle)
        self.form_count = _untyped(pdfium_c.FPDFFormObj_CountObjects, c_int)
        self.form_object = _untyped(pdfium_c.FPDFFormObj_GetObject, Handle)
        self.object_type = _untyped(pdfium_c.FPDFPageObj_GetType, c_int)
        self.object_bounds = _by_handle(pdfium_c.FPDFPageObj_GetBounds, c_int, float_p, float_p, float_p, float_p)
        self.count_rects = _untyped(pdfium_c.FPDFText_CountRects, c_int)
        self.new_rect = pdfium_c.FS_RECTF
        self.new_matrix = pdfium_c.FS_MATRIX
