"""OCR speed (pages per second, one process) and accuracy on scanned PDFs.

    python3 bench/ocr.py [PDF ...]

Defaults to the scanned fixtures (tests/fixtures/scans/*-scan.pdf, tests/fixtures/corpus/
*-scan.pdf) and the shared seed scan when /work/shared exists. Every contender OCRs the
same pages in this one run; speeds are ratios against the baseline, bare Tesseract (the
page rendered, then `tesseract ... txt` with the same languages, no box handling), so the
ratio shows what ocr_pages() adds (hOCR, deskew, bold, runs) and what other settings
cost. Wall-clock and CPU time (this process plus its Tesseract children) are shown: on a
busy machine CPU time is the steadier one. Accuracy is the token recall of each PDF's
truth JSON (sections, masthead, signatory names) among the OCR words, and the mean word
confidence.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.ocr import installed_ocr_languages, ocr_pages  # noqa: E402
from extractor.ocr._pages import _render  # noqa: E402
from extractor.readers import open_renderer, page_count  # noqa: E402
from extractor.ocr._tesseract import tesseract_available  # noqa: E402
from timing import Timing  # noqa: E402  (bench/, the script's own folder)

SHARED_SCAN = ROOT.parent / "shared" / "corpus" / "belarus-2020-scan.pdf"  # beside the repo, when present


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def default_pdfs() -> list[Path]:
    fixtures = ROOT / "tests" / "fixtures"
    pdfs = sorted((fixtures / "scans").glob("*-scan.pdf")) + sorted(
        (fixtures / "corpus").glob("*-scan.pdf"))
    if SHARED_SCAN.exists() and not any(p.name == SHARED_SCAN.name for p in pdfs):
        pdfs.append(SHARED_SCAN)
    return pdfs


def bare_tesseract(pdf: Path, languages: Sequence[str]) -> None:
    """Baseline: render each page, run Tesseract to plain text, nothing else."""
    with open_renderer(pdf) as renderer:
        images = [_render(renderer, number, 300) for number in range(1, renderer.page_count + 1)]
    for image_pixels in images:
        pixels = image_pixels.pixels
        with tempfile.NamedTemporaryFile(suffix=".pgm") as image:
            height, width = pixels.shape
            image.write(b"P5\n%d %d\n255\n" % (width, height) + pixels.tobytes())
            image.flush()
            subprocess.run(
                ["tesseract", image.name, "stdout", "-l", "+".join(languages), "--psm", "3",
                 "--dpi", "300"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=dict(os.environ, OMP_THREAD_LIMIT="1"),
            )


def time_it(name: str, pdfs: list[Path], pages: int, run: Callable[[Path], object]) -> Timing:
    wall0, cpu0 = time.perf_counter(), _cpu()
    for pdf in pdfs:
        run(pdf)
    return Timing(name, pages, time.perf_counter() - wall0, _cpu() - cpu0)


def accuracy(pdf: Path, languages: Sequence[str], cache: Path) -> str:
    truth_file = pdf.with_suffix(".json")
    results = ocr_pages(pdf, range(1, page_count(pdf) + 1), languages=languages,
                        cache_dir=cache, file_sha256=pdf.stem)
    found = Counter(t for r in results for run in r.page.runs for t in _tokens(run.text))
    confidences = [r.confidence for r in results if r.confidence is not None]
    parts = [f"mean confidence {sum(confidences) / max(len(confidences), 1):.1f}"]
    if truth_file.exists():
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for section in truth.get("sections", []):
            text = f"{section.get('title') or ''} {section['text']}"
            parts.append(f"{section['lang']} {_recall(text, found):.3f}")
        masthead = " ".join(m["text"] for m in truth.get("masthead", []))
        names = " ".join(s["name"] for s in truth.get("signatories", []))
        parts.append(f"masthead {_recall(masthead, found):.3f}")
        parts.append(f"signatory names {_recall(names, found):.3f}")
    return ", ".join(parts)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _recall(text: str, found: Counter[str]) -> float:
    wanted = Counter(_tokens(text))
    total = sum(wanted.values())
    return sum(min(n, found[t]) for t, n in wanted.items()) / total if total else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    if not tesseract_available():
        sys.exit("Tesseract is not installed: apt-get install tesseract-ocr (and language packs)")
    pdfs = args.pdfs or default_pdfs()
    pages = sum(page_count(pdf) for pdf in pdfs)
    languages = installed_ocr_languages()
    print(f"{len(pdfs)} PDFs, {pages} pages, languages {'+'.join(languages)}, 1 process")
    all_pages = lambda pdf: range(1, page_count(pdf) + 1)  # noqa: E731
    with tempfile.TemporaryDirectory() as cache:
        contenders = [
            ("bare tesseract, txt, 300 dpi (baseline)", lambda p: bare_tesseract(p, languages)),
            ("ocr_pages, 300 dpi", lambda p: ocr_pages(p, all_pages(p), languages=languages)),
            ("ocr_pages, 200 dpi", lambda p: ocr_pages(
                p, all_pages(p), languages=languages, dpi=200)),
            ("ocr_pages, eng only, 300 dpi", lambda p: ocr_pages(
                p, all_pages(p), languages=["eng"])),
            ("ocr_pages, filling the cache", lambda p: ocr_pages(
                p, all_pages(p), languages=languages, cache_dir=Path(cache), file_sha256=p.stem)),
            ("ocr_pages, from the cache", lambda p: ocr_pages(
                p, all_pages(p), languages=languages, cache_dir=Path(cache), file_sha256=p.stem)),
        ]
        timings = [time_it(name, pdfs, pages, run) for name, run in contenders]
        scores = {pdf: accuracy(pdf, languages, Path(cache)) for pdf in pdfs}
    base = timings[0]
    print(f"{'contender':42} {'pages/s wall':>12} {'pages/s cpu':>12} {'x wall':>7} {'x cpu':>7}")
    for t in timings:
        print(f"{t.name:42} {t.pages / t.wall:12.3f} {t.pages / max(t.cpu, 1e-9):12.3f} "
              f"{base.wall / t.wall:7.2f} {base.cpu / max(t.cpu, 1e-9):7.2f}")
    print("\naccuracy (token recall of the truth among OCR words, ocr_pages at 300 dpi):")
    for pdf, score in scores.items():
        print(f"  {pdf.name}: {score}")


if __name__ == "__main__":
    main()
