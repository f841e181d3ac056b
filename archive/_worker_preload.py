"""Imported by the fork server the extraction workers are forked from (see archive.workers), never by the
ingest itself: what a worker would load on its first files is loaded here, once, and every worker is
forked with it."""
from extractor.preload import preload

try:
    preload()
except Exception:  # noqa: BLE001 - only a head start: a worker that lacks something loads it itself
    pass
