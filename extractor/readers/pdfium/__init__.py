"""The PDFium reader (pypdfium2): the default engine, fast; the only package that imports pypdfium2."""
from ._drawn import OUTLINED_TEXT_PATHS, blank_pages, is_encrypted, page_sizes
from ._reader import count_pages, open_document, read_pages, render_page

__all__ = [
    "OUTLINED_TEXT_PATHS", "blank_pages", "count_pages", "is_encrypted", "open_document", "page_sizes", "read_pages",
    "render_page",
]
