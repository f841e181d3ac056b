"""The PDFium reader (pypdfium2): the default engine, fast; the only package that imports pypdfium2."""
from ._reader import count_pages, open_document, read_pages, render_page

__all__ = ["count_pages", "open_document", "read_pages", "render_page"]
