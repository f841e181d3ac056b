"""Extraction speed: pages per second of pdftotext, of each reader engine and of extract().

    python3 bench/extract.py [PDF or DIR ...] [--repeat N]

Defaults to the committed fixture PDFs under tests/fixtures/. Every contender reads the
same PDFs the same number of times in this one run; speeds are given as ratios against
pdftotext (poppler-utils, one process per PDF). Both wall-clock and CPU time are shown:
on a busy machine CPU time (this process, or the pdftotext children) is the steadier one.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import ENGINES, ExtractionError, ExtractOptions, extract  # noqa: E402
from extractor.readers import page_count, read_pages  # noqa: E402
from timing import Timing  # noqa: E402  (bench/, the script's own folder)

FIXTURES = ROOT / "tests" / "fixtures"


def find_pdfs(targets: list[str]) -> list[Path]:
    roots = [Path(t) for t in targets] or [FIXTURES]
    pdfs: list[Path] = []
    for root in roots:
        pdfs.extend(sorted(root.rglob("*.pdf")) if root.is_dir() else [root])
    readable = []
    for pdf in pdfs:
        try:
            page_count(pdf)
        except ExtractionError:
            continue  # the bad-input fixtures
        readable.append(pdf)
    return readable


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_it(name: str, pdfs: list[Path], pages: int, repeat: int,
            read: Callable[[Path], object], cpu: Callable[[], float] = _self_cpu) -> Timing:
    read(pdfs[0])  # warm up: imports, caches
    wall0, cpu0 = time.perf_counter(), cpu()
    for _ in range(repeat):
        for pdf in pdfs:
            read(pdf)
    return Timing(name, pages * repeat, time.perf_counter() - wall0, cpu() - cpu0)


def pdftotext(pdf: Path) -> None:
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(pdfs: list[Path], repeat: int) -> list[Timing]:
    pages = sum(page_count(pdf) for pdf in pdfs)
    timings: list[Timing] = []
    if shutil.which("pdftotext"):
        timings.append(time_it("pdftotext", pdfs, pages, repeat, pdftotext, _children_cpu))
    else:
        timings.append(Timing("pdftotext", 0, 0, 0, "skipped: install poppler-utils"))
    for engine in ENGINES:
        timings.append(time_it(f"read_pages {engine}", pdfs, pages, repeat,
                               lambda p, e=engine: read_pages(p, engine=e)))
    for engine in ENGINES:
        options = ExtractOptions(engine=engine, ocr="never")
        timings.append(time_it(f"extract {engine}", pdfs, pages, repeat,
                               lambda p, o=options: _extract_or_refuse(p, o)))
    return timings


def _extract_or_refuse(pdf: Path, options: ExtractOptions) -> None:
    """extract(), counting a refusal (e.g. an image-only PDF without OCR) as done."""
    try:
        extract(pdf, options)
    except ExtractionError:
        pass


def report(timings: list[Timing]) -> str:
    base = timings[0] if timings and timings[0].pages else None
    lines = [f"{'':22} {'pages/s wall':>12} {'x pdftotext':>11} {'pages/s CPU':>12} {'x pdftotext':>11}"]
    for t in timings:
        if not t.pages:
            lines.append(f"{t.name:22} {t.note}")
            continue
        wall, cpu = t.rate(t.wall), t.rate(t.cpu)
        ratio_wall = f"{wall / base.rate(base.wall):.2f}" if base else "-"
        ratio_cpu = f"{cpu / base.rate(base.cpu):.2f}" if base else "-"
        lines.append(f"{t.name:22} {wall:12.1f} {ratio_wall:>11} {cpu:12.1f} {ratio_cpu:>11}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help="PDF files or folders")
    parser.add_argument("--repeat", type=int, default=5, help="times each PDF is read")
    args = parser.parse_args()
    pdfs = find_pdfs(args.targets)
    if not pdfs:
        parser.error("no readable PDF found")
    print(f"{len(pdfs)} PDFs, {sum(page_count(p) for p in pdfs)} pages, each read {args.repeat} times")
    print(report(run(pdfs, args.repeat)))


if __name__ == "__main__":
    main()
