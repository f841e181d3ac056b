"""`archive export`: statements or signatures as JSON, JSON Lines or CSV; the co-signature network as a graph file."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from typing import Any, BinaryIO, TextIO

from .hits_export import EXCEL_BOM, write_hits
from .formats import FORMATS, FORMATS_BY_WHAT, WHAT
from .network import write_network
from .store import SignatureRow, Store

__all__ = ["CSV_COLUMNS", "FORMATS", "FORMATS_BY_WHAT", "SIGNATURE_COLUMNS", "WHAT", "export", "export_network",
           "statement_records", "write_hits"]

CSV_COLUMNS = ("id", "title", "date", "languages", "pages", "status", "ocr_confidence", "sections",
               "signatories", "paths")
SIGNATURE_COLUMNS = tuple(f.name for f in fields(SignatureRow))


def statement_records(store: Store) -> Iterator[dict[str, Any]]:
    """Each statement with its masthead, sections, signatories and paths, in ingest order, one at a time."""
    for sha256 in store.statement_ids():
        yield asdict(store.statement_detail(sha256))


def export(store: Store, stream: TextIO, *, fmt: str, what: str = "statements", excel: bool = False) -> int:
    """Write every statement (or every signature: one row each) in `fmt`; returns how many records.

    CSV starts with a UTF-8 byte-order mark only with `excel`, for spreadsheets that need it to read accents.
    """
    if what not in ("statements", "signatories") or fmt not in FORMATS:
        raise ValueError(f"cannot export {what} as {fmt!r}")
    if what == "signatories":
        records: Iterable[dict[str, Any]] = (asdict(r) for r in store.signature_rows())
        columns = SIGNATURE_COLUMNS
    else:
        records = statement_records(store)
        columns = CSV_COLUMNS
    if fmt == "csv":
        if excel:
            stream.write(EXCEL_BOM)
        rows = records if what == "signatories" else (_statement_row(r) for r in records)
        return _write_csv(rows, columns, stream)
    return _write_json(records, stream, lines=fmt == "jsonl")


def export_network(store: Store, stream: BinaryIO, *, fmt: str) -> int:
    """Write the co-signature network (gexf or graphml); returns how many organisations."""
    nodes = store.network_nodes()
    write_network(nodes, store.network_edges(), stream, fmt=fmt)
    return len(nodes)


def _write_json(records: Iterable[dict[str, Any]], stream: TextIO, *, lines: bool) -> int:
    count = 0
    if not lines:
        stream.write("[")
    for record in records:
        if lines:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            stream.write(",\n" if count else "\n")
            stream.write(json.dumps(record, ensure_ascii=False, indent=2))
        count += 1
    if not lines:
        stream.write("\n]\n")
    return count


def _statement_row(r: dict[str, Any]) -> dict[str, Any]:
    """One statement as a CSV row; lists are joined with "; "."""
    return {
        "id": r["id"], "title": r["title"], "date": r["date"], "languages": "; ".join(r["languages"]),
        "pages": r["pages"], "status": r["status"], "ocr_confidence": r["ocr_confidence"],
        "sections": len(r["sections"]), "signatories": "; ".join(s["entry"] for s in r["signatories"]),
        "paths": "; ".join(r["paths"]),
    }


def _write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count
