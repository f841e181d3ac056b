"""Read pages with pdfplumber (pdfminer.six): the slower, pure-Python engine.

pdfplumber gives characters in visual order: the letters of an Arabic word run left
to right on the page, so each word is turned back into logical order here. Words are
cut where the font changes, then go through the same run building as PDFium's.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import CorruptPdf, EmptyFile, EncryptedPdf, ExtractionError, TooLarge
from ..model import Page
from ._bidi import visual_to_logical
from ._runs import FAKE_BOLD_DISTANCE, WordPiece, build_runs, font_name, looks_bold, looks_italic

WORD_GAP_EM = 0.135  # a wider gap without a space character separates words, as PDFium judges
_FONT_FORCE_BOLD = 1 << 18
_FONT_ITALIC = 1 << 6
MAX_DETAIL = 120  # characters of pdfminer's message kept: it may quote a whole broken dictionary
Char = dict[str, Any]


def read_pages(path: Path) -> list[Page]:
    """All pages of the PDF as text runs (the PDF is opened once, each page freed after use)."""
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedPdf(path) from e
        raise _error(path, cause) from e
    except Exception as e:  # pdfminer raises bare Exceptions on some damaged files
        raise _error(path, e) from e
    try:
        if not pdf.pages:
            if pdf.doc.encryption:
                raise EncryptedPdf(path, "its pages cannot be decrypted")
            raise EmptyFile(path, "the PDF has no pages")
        traits: dict[str, tuple[bool, bool]] = {}
        return [_read_page(page, traits) for page in pdf.pages]
    except ExtractionError:
        raise
    except Exception as e:  # anything pdfminer trips on while parsing a page
        raise _error(path, e) from e
    finally:
        _close(pdf)


def _error(path: Path, error: BaseException) -> ExtractionError:
    """Our error for what pdfminer raised while reading `path`."""
    if isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]
    if isinstance(error, MemoryError):
        return TooLarge(path)
    if isinstance(error, RecursionError):
        return CorruptPdf(path, "objects nested too deeply to read")
    reason = str(error) or type(error).__name__
    return CorruptPdf(path, reason if len(reason) <= MAX_DETAIL else reason[: MAX_DETAIL - 1] + "…")


def _close(pdf: pdfplumber.PDF) -> None:
    """Close the PDF and its file; pdfplumber's close() walks the pages again and fails where they did."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - the error that matters was raised already
        pdf.stream.close()


def _read_page(page: pdfplumber.page.Page, traits: dict[str, tuple[bool, bool]]) -> Page:
    try:
        traits.update(_font_traits(page))
        doubled = _doubled_chars(page.chars)
        if doubled:
            drawn_twice = {id(kept) for kept in doubled.values()}
            view = page.filter(lambda obj: id(obj) not in doubled)
        else:
            drawn_twice, view = set(), page
        words = view.extract_words(keep_blank_chars=False, use_text_flow=False,
                                   return_chars=True, x_tolerance_ratio=WORD_GAP_EM)
        pieces = [
            piece
            for number, word in enumerate(words)
            if word.get("upright", True)
            for piece in _word_pieces(word["chars"], number, traits, drawn_twice)
        ]
        return Page(number=page.page_number, width=round(float(page.width), 2),
                    height=round(float(page.height), 2),
                    runs=build_runs(pieces, page=page.page_number))
    finally:
        page.close()


def _doubled_chars(chars: Sequence[Char]) -> dict[int, Char]:
    """Characters drawn a second time at almost the same place (fake bold): id -> the kept one."""
    seen: dict[tuple[str, str, int], list[Char]] = {}
    doubled: dict[int, Char] = {}
    for char in chars:
        size = char["size"]
        near = min(FAKE_BOLD_DISTANCE, 0.15 * size)
        line = round(char["bottom"])
        key = (char["text"], char["fontname"], line)
        twin = next((
            other
            for other_line in (line - 1, line, line + 1)
            for other in seen.get((key[0], key[1], other_line), ())
            if abs(other["x0"] - char["x0"]) <= near and abs(other["bottom"] - char["bottom"]) <= near
        ), None)
        if twin is None:
            seen.setdefault(key, []).append(char)
        else:
            doubled[id(char)] = twin
    return doubled


def _word_pieces(chars: Sequence[Char], number: int, traits: dict[str, tuple[bool, bool]],
                 drawn_twice: set[int]) -> Iterator[WordPiece]:
    """A word's characters cut where font or size changes, each part in logical order."""
    begin = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or _style_key(chars[i]) != _style_key(chars[begin]):
            piece = _piece(chars[begin:i], number, traits)
            if any(id(c) in drawn_twice for c in chars[begin:i]):
                piece = piece._replace(bold=True)
            yield piece
            begin = i


def _style_key(char: Char) -> tuple[str, float]:
    return char["fontname"], round(char["size"], 2)


def _piece(chars: Sequence[Char], number: int,
           traits: dict[str, tuple[bool, bool]]) -> WordPiece:
    first = chars[0]
    raw_name = str(first["fontname"])
    name = font_name(raw_name)
    bold, italic = traits.get(raw_name, (False, False))
    # the baseline lies above the char box's bottom by the font's descent
    baseline = first["bottom"] - (first["matrix"][5] - first["y0"])
    return WordPiece(
        text=visual_to_logical("".join(c["text"] for c in chars)),
        x0=min(c["x0"] for c in chars),
        x1=max(c["x1"] for c in chars),
        baseline=round(baseline, 2),
        size=round(first["size"], 2),
        font=name,
        bold=bold or looks_bold(name),
        italic=italic or looks_italic(name),
        first_word=number,
        last_word=number,
    )


def _font_traits(page: pdfplumber.page.Page) -> dict[str, tuple[bool, bool]]:
    """Bold and italic of the page's fonts by base name, from their font descriptors."""
    traits: dict[str, tuple[bool, bool]] = {}
    resources = resolve1(page.page_obj.resources) or {}
    fonts = resolve1(resources.get("Font")) if isinstance(resources, dict) else None
    if not isinstance(fonts, dict):
        return traits
    for reference in fonts.values():
        spec = resolve1(reference)
        if not isinstance(spec, dict):
            continue
        name = _literal_name(resolve1(spec.get("BaseFont")))
        descriptor = _descriptor(spec)
        if name is None or descriptor is None:
            continue
        weight = resolve1(descriptor.get("FontWeight"))
        flags = resolve1(descriptor.get("Flags"))
        weight = weight if isinstance(weight, (int, float)) else 0
        flags = flags if isinstance(flags, int) else 0
        traits[name] = (weight >= 600 or bool(flags & _FONT_FORCE_BOLD),
                        bool(flags & _FONT_ITALIC))
    return traits


def _descriptor(spec: dict) -> dict | None:
    descriptor = resolve1(spec.get("FontDescriptor"))
    if descriptor is None and spec.get("DescendantFonts") is not None:
        descendants = resolve1(spec["DescendantFonts"])
        if isinstance(descendants, list) and descendants:
            child = resolve1(descendants[0])
            if isinstance(child, dict):
                descriptor = resolve1(child.get("FontDescriptor"))
    return descriptor if isinstance(descriptor, dict) else None


def _literal_name(value: object) -> str | None:
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else None
