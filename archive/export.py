"""`archive export`: every stored statement as JSON, JSON Lines or CSV, written to a text stream."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, TextIO

from .hits_export import write_hits
from .store import Store

__all__ = ["CSV_COLUMNS", "FORMATS", "export", "statement_records", "write_hits"]

FORMATS = ("json", "jsonl", "csv")
CSV_COLUMNS = ("id", "title", "date", "languages", "pages", "status", "ocr_confidence", "sections",
               "signatories", "paths")


def statement_records(store: Store) -> Iterator[dict[str, Any]]:
    """Each statement with its masthead, sections, signatories and paths, in ingest order, one at a time."""
    for sha256 in store.statement_ids():
        yield asdict(store.statement_detail(sha256))


def export(store: Store, stream: TextIO, *, fmt: str) -> int:
    """Write every statement in `fmt`; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    records = statement_records(store)
    if fmt == "csv":
        return _write_csv(records, stream)
    count = 0
    if fmt == "json":
        stream.write("[")
    for record in records:
        if fmt == "json":
            stream.write(",\n" if count else "\n")
            stream.write(json.dumps(record, ensure_ascii=False, indent=2))
        else:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    if fmt == "json":
        stream.write("\n]\n")
    return count


def _write_csv(records: Iterator[dict[str, Any]], stream: TextIO) -> int:
    """One row per statement; lists are joined with "; "."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for r in records:
        writer.writerow({
            "id": r["id"], "title": r["title"], "date": r["date"], "languages": "; ".join(r["languages"]),
            "pages": r["pages"], "status": r["status"], "ocr_confidence": r["ocr_confidence"],
            "sections": len(r["sections"]), "signatories": "; ".join(s["entry"] for s in r["signatories"]),
            "paths": "; ".join(r["paths"]),
        })
        count += 1
    return count
