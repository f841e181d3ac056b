"""The Tesseract command-line program: is it installed, which languages, hOCR of one
image, which way up an image is.

This module is the only one that runs Tesseract. It talks to the `tesseract` binary
through a subprocess (no Python binding needed) and feeds it one greyscale image at
a time on stdin, with OMP_THREAD_LIMIT=1 so that parallel ingest workers do not
oversubscribe the machine's cores.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ExtractionError, OcrUnavailable

SUPPORTED_LANGUAGES = ("fra", "eng", "spa", "por", "ita", "deu", "ara")
INSTALL_COMMAND = "apt-get install tesseract-ocr " + " ".join(
    f"tesseract-ocr-{code}" for code in SUPPORTED_LANGUAGES
)
_TIMEOUT_SECONDS = 600
# Tesseract's orientation confidence below which its answer is taken as a guess (it
# reported 12-13 for text pages turned by 90, 180 and 270 degrees).
MIN_ORIENTATION_CONFIDENCE = 2.0


def tesseract_available() -> bool:
    """True when the `tesseract` program is on PATH."""
    return shutil.which("tesseract") is not None


def can_detect_orientation() -> bool:
    """True when Tesseract's orientation and script detection data (osd) is installed."""
    return "osd" in _listed_languages()


def installed_ocr_languages() -> tuple[str, ...]:
    """The supported languages (fra eng spa por ita deu ara) whose traineddata is installed."""
    listed = set(_listed_languages())
    return tuple(code for code in SUPPORTED_LANGUAGES if code in listed)


def _listed_languages() -> tuple[str, ...]:
    """Every language `tesseract --list-langs` names; () when Tesseract cannot run."""
    if not tesseract_available():
        return ()
    try:
        done = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True,
            timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    # After a header line ("List of available languages in ..."), one code per line;
    # older versions print the list on stderr.
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return tuple(line.strip() for line in lines if line.strip() and " " not in line.strip())


def resolve_languages(path: Path, languages: Sequence[str] | None) -> tuple[str, ...]:
    """The languages to pass to Tesseract: the asked ones, checked, or the installed supported ones."""
    if not tesseract_available():
        raise OcrUnavailable(path, f"to install it: {INSTALL_COMMAND}")
    if languages is None:
        installed = installed_ocr_languages()
        if not installed:
            raise OcrUnavailable(path, f"no language pack installed: {INSTALL_COMMAND}")
        return installed
    asked = tuple(dict.fromkeys(code.strip() for code in languages if code.strip()))
    if not asked:
        raise ExtractionError(path, "no OCR language given")
    listed = set(_listed_languages())
    missing = [code for code in asked if code not in listed]
    if missing:
        packs = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise ExtractionError(
            path,
            f"Tesseract language pack(s) not installed: {', '.join(missing)}; "
            f"install with `apt-get install {packs}`",
        )
    return asked


def detect_rotation(pixels: np.ndarray, *, path: Path, page: int, dpi: int) -> int:
    """Degrees (0, 90, 180, 270) to turn the image clockwise to make its text upright,
    by Tesseract's orientation detection; 0 when it finds too little text or is unsure."""
    done = _run(["--psm", "0"], pixels, path=path, page=page, dpi=dpi, check=False)
    found = dict(
        line.split(":", 1) for line in done.stdout.decode("utf-8", "replace").splitlines()
        if ":" in line
    )
    try:
        rotate = int(found.get("Rotate", "0").strip())
        confidence = float(found.get("Orientation confidence", "0").strip())
    except ValueError:
        return 0
    return rotate % 360 if rotate % 90 == 0 and confidence >= MIN_ORIENTATION_CONFIDENCE else 0


def recognise_hocr(
    pixels: np.ndarray, *, path: Path, page: int, languages: Sequence[str], dpi: int, psm: int = 3
) -> str:
    """Run Tesseract on one greyscale image (2-D uint8 array); return its hOCR text."""
    done = _run(
        ["-l", "+".join(languages), "--psm", str(psm), "hocr"],
        pixels, path=path, page=page, dpi=dpi, check=True,
    )
    return done.stdout.decode("utf-8", "replace")


def _run(
    arguments: list[str], pixels: np.ndarray, *, path: Path, page: int, dpi: int, check: bool
) -> subprocess.CompletedProcess[bytes]:
    """Tesseract on one greyscale image (2-D uint8 array) given on stdin as a PGM."""
    height, width = pixels.shape
    image = b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(pixels).tobytes()
    command = ["tesseract", "stdin", "stdout", "--dpi", str(dpi), *arguments]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            command, input=image, capture_output=True, env=env,
            timeout=_TIMEOUT_SECONDS, check=False,
        )
    except FileNotFoundError as e:
        raise OcrUnavailable(path, f"to install it: {INSTALL_COMMAND}") from e
    except (OSError, subprocess.SubprocessError) as e:
        raise ExtractionError(path, f"Tesseract failed on page {page}: {e}") from e
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = message[-1] if message else f"exit status {done.returncode}"
        raise ExtractionError(path, f"Tesseract failed on page {page}: {last}")
    return done
