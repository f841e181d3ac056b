"""Text made safe for one line of terminal output: control characters, bidi overrides and undecodable bytes escaped."""
from __future__ import annotations

import unicodedata

# Unicode categories escaped on output: controls (newline, CR, ESC), formats (U+202E RIGHT-TO-LEFT
# OVERRIDE and the other bidi controls, which reorder what follows), and surrogates (bytes of a file
# name that are not UTF-8, as Python decodes them with surrogateescape).
_ESCAPED = ("Cc", "Cf", "Cs")


def one_line(text: str) -> str:
    """`text` with every character that could break or disguise a line written as a Python escape (\\n, \\u202e, \\xff)."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _ESCAPED else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def utf8_path(path: str) -> str:
    """A file name as valid UTF-8 (for JSON and the database): bytes that are not UTF-8 written as \\xNN."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(_escape(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in path)
    return path
