"""The PDFium reader (pypdfium2): the default engine, fast; the only package that imports pypdfium2."""
from ._drawn import OUTLINED_TEXT_PATHS, blank_pages, is_encrypted
from ._reader import PageRenderer, count_pages, open_document, read_pages, render_page

__all__ = [
    "OUTLINED_TEXT_PATHS", "PageRenderer", "blank_pages", "count_pages", "is_encrypted", "open_document",
    "read_pages", "render_page",
]
