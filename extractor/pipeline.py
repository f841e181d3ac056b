"""extract(): read pages, lay them out, find masthead, sections and signatories."""
from __future__ import annotations

from pathlib import Path

from .model import Statement
from .options import ExtractOptions

VERSION = "0.1.0"


def extract(path: str | Path, options: ExtractOptions = ExtractOptions()) -> Statement:
    raise NotImplementedError("work in progress")
