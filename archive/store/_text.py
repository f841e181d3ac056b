"""Text as SQLite can store it (valid UTF-8): the store's boundary for extracted text and for file names."""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from extractor import Statement

from ..escape import utf8_path

_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


storable_path = utf8_path  # a file name for the database: bytes that are not UTF-8 written as \xNN


def path_from_storage(stored: str) -> str:
    """The file name `storable_path` was given (a literal "\\xNN" with NN >= 80 in a real name reads back as a byte)."""
    if "\\x" not in stored:
        return stored
    return _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m[1], 16)), stored)


def storable_text(text: str) -> tuple[str, int]:
    """`text` with UTF-16 surrogate pairs joined into their characters and lone surrogates replaced by U+FFFD;
    how many were replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        cleaned = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in joined)
        return cleaned, cleaned.count("\ufffd") - text.count("\ufffd")
    return text, 0


def storable_statement(statement: Statement) -> Statement:
    """The statement with every text field storable; a warning says how many characters were replaced."""
    cleaned, replaced = _clean(statement)
    if not replaced:
        return cleaned
    note = (f"{replaced} character(s) of the text could not be stored (lone UTF-16 surrogates left by the PDF "
            "reader) and were replaced by U+FFFD")
    return dataclasses.replace(cleaned, warnings=(*cleaned.warnings, note))


def _clean(value: Any) -> tuple[Any, int]:
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, tuple):
        items = [_clean(v) for v in value]
        if all(v is old for (v, _), old in zip(items, value)):
            return value, 0
        return tuple(v for v, _ in items), sum(n for _, n in items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes, total = {}, 0
        for f in dataclasses.fields(value):
            original = getattr(value, f.name)
            cleaned, replaced = _clean(original)
            total += replaced
            if cleaned is not original:
                changes[f.name] = cleaned
        return (dataclasses.replace(value, **changes) if changes else value), total
    return value, 0
