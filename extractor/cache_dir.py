"""The one folder where the extractor keeps what it can rebuild (the decoded language model).

Chosen, first that applies: `ExtractOptions.cache_dir`, the `STATEMENT_ARCHIVE_CACHE`
environment variable, the user's cache folder for "statement-archive" (platformdirs,
e.g. ~/.cache/statement-archive). Nothing is written anywhere else.
"""
from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_ENV = "STATEMENT_ARCHIVE_CACHE"
APP_NAME = "statement-archive"


def cache_dir(chosen: str | Path | None = None) -> Path:
    """The cache folder to use (not created here: writers create it when they write)."""
    if chosen:
        return Path(chosen)
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env)
    import platformdirs  # only when neither override is given

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
