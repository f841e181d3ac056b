"""What is recorded beside the index: which backend built it, and with which INDEX_VERSION.

The record is a small JSON file in the index directory. Bump INDEX_VERSION whenever what
is indexed changes (analyzers, fields, folding, stop words): indexes built before then
answer differently and `needs_rebuild` says so.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

INDEX_VERSION = 3  # 1: unrecorded (before backends); 2: folded text, folded stop words, two backends;
# 3: the extractor's folding (dotless ı, ß, ligatures, quotes, Arabic marks), as organisations and filters fold
META_FILE = "statement-archive-index.json"
BACKENDS = ("whoosh", "tantivy")
DEFAULT_BACKEND = "whoosh"


@dataclass(frozen=True, slots=True)
class IndexMeta:
    backend: str
    version: int


def read_meta(path: Path) -> IndexMeta | None:
    """The record in index directory `path`; None when there is none (or it cannot be read)."""
    try:
        data = json.loads((Path(path) / META_FILE).read_text(encoding="utf-8"))
        return IndexMeta(backend=str(data["backend"]), version=int(data["version"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_meta(path: Path, meta: IndexMeta) -> None:
    """Record `meta` in `path`, atomically."""
    target = Path(path) / META_FILE
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"backend": meta.backend, "version": meta.version}) + "\n", encoding="utf-8")
    os.replace(temporary, target)
