"""Search results as rows for spreadsheets and scripts: CSV (optionally with a BOM for Excel) or JSON Lines."""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from .search import SearchResult

HIT_FORMATS = ("csv", "jsonl")
HIT_COLUMNS = ("query", "rank", "id", "date", "title", "file", "score", "languages", "sections", "snippet")
EXCEL_BOM = "\ufeff"  # lets Excel read the file as UTF-8
_MARKED = re.compile(r"\[\[(.+?)\]\]")


def hit_rows(query: str, result: SearchResult) -> list[dict[str, Any]]:
    """One row per matching statement, the query beside it; matched words are *starred* in the snippet."""
    return [{
        "query": query, "rank": rank, "id": m.id, "date": m.date, "title": m.title,
        "file": Path(m.file).name if m.file else None, "score": round(m.score, 3),
        "languages": "; ".join(m.languages),
        "sections": "; ".join(f"{h.lang or '?'} {h.position + 1}" for h in m.sections),
        "snippet": _MARKED.sub(r"*\1*", m.snippet),
    } for rank, m in enumerate(result.matches, start=1)]


def write_hits(results: Iterable[tuple[str, SearchResult]], stream: TextIO, *, fmt: str, excel: bool = False) -> int:
    """Write the hits of each (query, result) as one CSV (header once) or as JSON Lines; returns rows written."""
    if fmt not in HIT_FORMATS:
        raise ValueError(f"unknown hits format {fmt!r}")
    count = 0
    writer = None
    if fmt == "csv":
        if excel:
            stream.write(EXCEL_BOM)
        writer = csv.DictWriter(stream, fieldnames=HIT_COLUMNS)
        writer.writeheader()
    for query, result in results:
        for row in hit_rows(query, result):
            if writer is not None:
                writer.writerow(row)
            else:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
