"""Keep each page's OCR result as JSON, so that re-ingesting a file does not OCR it again.

Layout: <cache_dir>/<file sha256>/<page>-<languages joined by +>-<dpi>.json. A file
written by another format version, or unreadable, counts as a miss.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from ..model import Page, TextRun

# Bump when what is cached changes (how runs are built from Tesseract's output).
FORMAT_VERSION = 4


def cache_file(
    cache_dir: Path, file_sha256: str, page: int, languages: Sequence[str], dpi: int
) -> Path:
    return Path(cache_dir) / file_sha256 / f"{page}-{'+'.join(languages)}-{dpi}.json"


def load_page(path: Path) -> tuple[Page, float | None] | None:
    """The cached page and its mean confidence, or None when absent or stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != FORMAT_VERSION:
            return None
        runs = tuple(TextRun(**run) for run in data["runs"])
        page = Page(
            number=data["number"], width=data["width"], height=data["height"],
            runs=runs, ocr=True,
        )
        return page, data["confidence"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_page(path: Path, page: Page, confidence: float | None) -> None:
    """Write atomically (temporary file then rename): parallel workers may share the cache."""
    data = {
        "version": FORMAT_VERSION,
        "number": page.number,
        "width": page.width,
        "height": page.height,
        "confidence": confidence,
        "runs": [asdict(run) for run in page.runs],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the cache is not secret
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
