"""OCR of image-only pages: render them (readers), read them with Tesseract, return Pages.

The pages come back in the same model as a PDF reader's, so the same layout, language
and signatory analysis applies to them: one TextRun per stretch of a line in one weight,
in logical order, boxes in points from the top-left corner with the page's skew rotated
away, Tesseract's line-size estimate standing in for the font size, bold guessed from
stroke thickness, and each run's mean word confidence. Steps per page: render (readers),
3x3 median filter, Tesseract hOCR, bullets restored, runs built; results can be cached.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from . import _cache as ocr_cache
from ..errors import ExtractionError
from ._hocr import HocrError, HocrLine, parse_hocr
from ..model import Page, TextRun
from ._bullets import restore_bullets
from ._runs import Rotation, line_runs, line_sizes, page_skew
from ..readers import PageRenderer, PageSize, open_renderer
from ._stroke_weight import bold_words, ink_threshold
from ._tesseract import (
    can_detect_orientation,
    detect_rotation,
    installed_ocr_languages,
    recognise_hocr,
    resolve_languages,
    tesseract_available,
)

__all__ = ["OcrPage", "installed_ocr_languages", "ocr_pages", "tesseract_available"]

DEFAULT_DPI = 300
# A 3x3 median filter before Tesseract: on a noisy 200 dpi scan it kept Tesseract from
# dropping the first words of a line, and on scanned and clean renders (sans and serif)
# it raised word recall by 0-4 points. Below 200 dpi strokes are too thin for it.
DENOISE_MIN_DPI = 200
# Below this mean word confidence a page may be turned sideways or upside down (upright
# scans score 90-95, a page turned by a quarter 66): ask Tesseract for its orientation.
DOUBTFUL_CONFIDENCE = 75.0
# Largest page image rendered for OCR. A page is rendered at a lower resolution when it would
# be bigger: PDFium allows pages of 14,400 pt (200 inches) a side, which at 300 dpi take 14 GB.
# 36 Mpx is an A2 poster at 300 dpi; rendering, filtering and Tesseract take about 30 bytes a
# pixel together, which keeps one page near 1 GB.
MAX_RENDER_PIXELS = 36_000_000
# Tesseract refuses images with a side longer than 32,767 pixels.
MAX_RENDER_SIDE = 32_000


@dataclass(frozen=True, slots=True)
class PageImage:
    number: int  # 1-based
    pixels: np.ndarray  # 2-D uint8 grey, 0 = black, rows from the top of the page
    dpi: int

    @property
    def points_per_pixel(self) -> float:
        return 72 / self.dpi

    @property
    def width(self) -> float:
        return round(self.pixels.shape[1] * self.points_per_pixel, 2)

    @property
    def height(self) -> float:
        return round(self.pixels.shape[0] * self.points_per_pixel, 2)


@dataclass(frozen=True, slots=True)
class OcrPage:
    page: Page  # ocr=True; runs are stretches of recognised words of one line and weight
    confidence: float | None  # mean word confidence, 0-100; None when no word was found


def ocr_pages(
    path: str | Path,
    page_numbers: Sequence[int],
    *,
    languages: Sequence[str] | None = None,
    dpi: int = DEFAULT_DPI,
    cache_dir: Path | None = None,
    file_sha256: str | None = None,
) -> list[OcrPage]:
    """OCR the given pages (1-based) of the PDF at `path`, in the order given.

    `languages` are Tesseract codes (default: the installed ones of fra eng spa por ita
    deu ara). With `cache_dir` and `file_sha256`, results are kept and reused per page.
    Raises OcrUnavailable when Tesseract is missing, ExtractionError subclasses otherwise.
    """
    path = Path(path)
    if dpi < 50:
        raise ValueError(f"dpi must be at least 50, not {dpi}")
    codes = resolve_languages(path, languages)
    can_orient = can_detect_orientation()
    found: dict[int, OcrPage] = {}
    if cache_dir is not None and file_sha256:
        found = _cached(Path(cache_dir), file_sha256, page_numbers, codes, dpi)
    missing = [number for number in dict.fromkeys(page_numbers) if number not in found]
    if missing:
        with open_renderer(path) as pdf:  # opened once for all the pages to read
            for number in missing:
                if not 1 <= number <= pdf.page_count:
                    raise ExtractionError(path, f"page {number} does not exist (the PDF has {pdf.page_count})")
                image = _render(pdf, number, capped_dpi(PageSize(*pdf.size(number)), dpi))
                found[number] = _recognise(path, image, codes, can_orient=can_orient)
                if cache_dir is not None and file_sha256:
                    _store(Path(cache_dir), file_sha256, found[number], codes, dpi)
    return [found[number] for number in page_numbers]


def capped_dpi(size: PageSize, dpi: int) -> int:
    """`dpi`, or less for a page that would render larger than MAX_RENDER_PIXELS or MAX_RENDER_SIDE."""
    width, height = max(size.width, 1.0) / 72, max(size.height, 1.0) / 72  # inches
    by_area = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
    by_side = MAX_RENDER_SIDE / max(width, height)
    return max(1, min(dpi, int(by_area), int(by_side)))


def _render(pdf: PageRenderer, number: int, dpi: int) -> PageImage:
    image = pdf.render(number, dpi=dpi)
    try:
        pixels = np.asarray(image.convert("L"), dtype=np.uint8)
    except (OSError, ValueError, MemoryError) as e:
        raise ExtractionError(pdf.path, f"page {number} cannot be converted to grey: {e}") from e
    return PageImage(number, pixels, dpi)


def _denoised(image: PageImage) -> np.ndarray:
    if image.dpi < DENOISE_MIN_DPI:
        return image.pixels
    filtered = Image.fromarray(image.pixels).filter(ImageFilter.MedianFilter(3))
    return np.asarray(filtered, dtype=np.uint8)


def _recognise(
    path: Path, image: PageImage, languages: Sequence[str], *, can_orient: bool
) -> OcrPage:
    """The page read as it is, or turned upright when it reads badly and Tesseract's
    orientation detection says it is turned."""
    result = _read(path, image, languages)
    if not can_orient or (result.confidence or 0) >= DOUBTFUL_CONFIDENCE:
        return result
    turn = detect_rotation(_denoised(image), path=path, page=image.number, dpi=image.dpi)
    if not turn:
        return result
    upright = np.ascontiguousarray(np.rot90(image.pixels, -(turn // 90)))
    second = _read(path, PageImage(image.number, upright, image.dpi), languages)
    return second if (second.confidence or 0) > (result.confidence or 0) else result


def _read(path: Path, image: PageImage, languages: Sequence[str]) -> OcrPage:
    hocr = recognise_hocr(
        _denoised(image), path=path, page=image.number, languages=languages, dpi=image.dpi
    )
    try:
        lines = parse_hocr(hocr)
    except HocrError as e:
        raise ExtractionError(path, f"page {image.number}: {e}") from e
    confidences = [word.confidence for line in lines for word in line.words]  # Tesseract's
    lines = restore_bullets(image.pixels, lines, ink_below=ink_threshold(image.pixels))
    runs = _runs(lines, image)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    page = Page(image.number, image.width, image.height, tuple(runs), ocr=True)
    return OcrPage(page, mean)


def _runs(lines: Sequence[HocrLine], image: PageImage) -> list[TextRun]:
    height_px, width_px = image.pixels.shape
    rotation = Rotation(page_skew(lines, page_width=width_px), width_px / 2, height_px / 2)
    bold = bold_words(image.pixels, lines)
    runs: list[TextRun] = []
    for line, size, line_bold in zip(lines, line_sizes(lines, bold), bold):
        runs.extend(line_runs(
            line, rotation=rotation, points_per_pixel=image.points_per_pixel,
            page=image.number, size_px=size, bold=line_bold,
        ))
    return runs


def _cached(
    cache_dir: Path, sha256: str, numbers: Sequence[int], languages: Sequence[str], dpi: int
) -> dict[int, OcrPage]:
    found = {}
    for number in numbers:
        entry = ocr_cache.load_page(ocr_cache.cache_file(cache_dir, sha256, number, languages, dpi))
        if entry is not None:
            found[number] = OcrPage(*entry)
    return found


def _store(
    cache_dir: Path, sha256: str, result: OcrPage, languages: Sequence[str], dpi: int
) -> None:
    target = ocr_cache.cache_file(cache_dir, sha256, result.page.number, languages, dpi)
    try:
        ocr_cache.store_page(target, result.page, result.confidence)
    except OSError:
        # The cache only saves time: an unwritable cache folder must not lose the result.
        pass
