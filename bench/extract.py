"""Extraction speed: pages per second of pdftotext, of each reader engine and of extract().

    python3 bench/extract.py [PDF or DIR ...] [--repeat N] [--cold-runs N] [--cold-only] [--python VENV/bin/python]

Defaults to the committed fixture PDFs under tests/fixtures/. Every contender reads the
same PDFs the same number of times in this one run; speeds are given as ratios against
pdftotext (poppler-utils, one process per PDF). Both wall-clock and CPU time are shown:
on a busy machine CPU time (this process, or the pdftotext children) is the steadier one.

Then the peak memory (resident set) of this process, which ran every reader and extract(),
and of the largest pdftotext process.

Then the cold start, each a new process, median of --cold-runs: the interpreter alone
(`python3 -c pass`: the floor under every command), `import extractor`, `archive --version`,
`archive extract` of a one-page PDF (the first page of a fixture), `archive search` on a
small archive (the fixtures, with each index backend) and `archive list` on it, against
pdftotext on the same page.
Each command runs once untimed first: the extractor's cache (a temporary folder) fills, and so
do the bytecode caches (in a temporary PYTHONPYCACHEPREFIX, as an installed package has them,
even where PYTHONDONTWRITEBYTECODE is set). The cold start times this checkout, whose editable
install and site packages slow the interpreter itself; `--python` times the package installed in a
virtual environment instead, as users run it (`python3 -m venv V && V/bin/pip install .[tantivy]`).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import ENGINES, ExtractionError, ExtractOptions, extract  # noqa: E402
from extractor.readers import page_count, read_pages  # noqa: E402
from timing import Timing  # noqa: E402  (bench/, the script's own folder)

FIXTURES = ROOT / "tests" / "fixtures"
COLD_SOURCE = FIXTURES / "statements" / "one-language-en.pdf"


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


def peak_memory() -> str:
    """Peak resident memory of this process and of the largest child so far (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"peak memory: this process {own:.0f} MB, largest pdftotext {child:.0f} MB"


def one_page_pdf(source: Path, target: Path) -> Path:
    """The first page of `source` as a PDF of its own."""
    import pypdfium2 as pdfium

    pdf, page = pdfium.PdfDocument(source), pdfium.PdfDocument.new()
    page.import_pages(pdf, [0])
    page.save(target)
    return target


def _time_process(command: list[str], env: dict[str, str], runs: int, cwd: Path = ROOT) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of `runs` new processes, after one untimed run."""
    subprocess.run(command, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls, cpus = [], []
    for _ in range(runs):
        cpu0, wall0 = _children_cpu(), time.perf_counter()
        subprocess.run(command, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - wall0)
        cpus.append(_children_cpu() - cpu0)
    return statistics.median(walls), statistics.median(cpus)


# Targets of the start-up work (issue 9), wall time on this machine when idle.
COLD_TARGETS_MS = {"archive --version": 150, "archive extract": 400, "archive search tantivy": 300}
COLD_ARCHIVE = FIXTURES / "statements"  # what `archive search` searches: the statement fixtures
COLD_QUERY = "strike"


def _archive_with(archive: list[str], backend: str, home: Path, env: dict[str, str], cwd: Path) -> bool:
    """A small archive of the fixtures with this index backend; False when the backend is not installed."""
    archive = [*archive, "--home", str(home)]
    made = subprocess.run([*archive, "init", "--index", backend], env=env, cwd=cwd, capture_output=True)
    if made.returncode != 0:
        return False
    subprocess.run([*archive, "ingest", str(COLD_ARCHIVE), "--jobs", "2", "--ocr", "never", "--json"], env=env,
                   cwd=cwd, capture_output=True)
    return True


def cold_start(runs: int, python: str | None = None) -> list[Timing]:
    """New-process times of pdftotext, the interpreter, `import extractor` and `archive` commands: this
    checkout's, or with `python` the package installed for that interpreter (a virtual environment's)."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = one_page_pdf(COLD_SOURCE, Path(folder) / "one-page.pdf")
        env = {**os.environ, "STATEMENT_ARCHIVE_CACHE": str(Path(folder) / "cache"),
               "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if python is None:  # this checkout, from its folder
            python, cwd, env["PYTHONPATH"] = sys.executable, ROOT, str(ROOT)
        else:  # the installed package: run from elsewhere, so the checkout is not on the path
            cwd = Path(folder)
            env.pop("PYTHONPATH", None)
        archive = [python, "-m", "archive"]
        commands = {"python3 -c pass": [python, "-c", "pass"],
                    "import extractor": [python, "-c", "import extractor"],
                    "archive --version": [*archive, "--version"],
                    "archive extract": [*archive, "extract", str(pdf)]}
        for backend in ("whoosh", "tantivy"):
            home = Path(folder) / f"home-{backend}"
            if _archive_with(archive, backend, home, env, cwd):
                commands[f"archive search {backend}"] = [*archive, "--home", str(home), "search", COLD_QUERY]
                if "archive list" not in commands:  # the catalogue's reads: no index backend
                    commands["archive list"] = [*archive, "--home", str(home), "list"]
        if shutil.which("pdftotext"):
            commands = {"pdftotext": ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], **commands}
        return [Timing(name, 1, *_time_process(command, env, runs, cwd)) for name, command in commands.items()]


def report_cold(timings: list[Timing]) -> str:
    base = timings[0] if timings[0].name == "pdftotext" else None
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"cold start (new process, median of runs; load average {load} on {os.cpu_count()} CPUs)",
             f"{'':24} {'ms wall':>9} {'x pdftotext':>11} {'ms CPU':>8} {'x pdftotext':>11} {'target ms wall':>15}"]
    for t in timings:
        ratio_wall = f"{base.wall / t.wall:.3f}" if base else "-"
        ratio_cpu = f"{base.cpu / t.cpu:.3f}" if base and t.cpu else "-"
        target = COLD_TARGETS_MS.get(t.name)
        lines.append(f"{t.name:24} {t.wall * 1000:9.0f} {ratio_wall:>11} {t.cpu * 1000:8.0f} {ratio_cpu:>11}"
                     f" {target if target else '':>15}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help="PDF files or folders")
    parser.add_argument("--repeat", type=int, default=5, help="times each PDF is read")
    parser.add_argument("--cold-runs", type=int, default=7, help="new processes timed for the cold start")
    parser.add_argument("--cold-only", action="store_true", help="only the cold start")
    parser.add_argument("--python", help="time the package installed for this interpreter (a virtual "
                        "environment's python), as users run it, instead of this checkout")
    args = parser.parse_args()
    pdfs = find_pdfs(args.targets)
    if not pdfs:
        parser.error("no readable PDF found")
    if not args.cold_only:
        print(f"{len(pdfs)} PDFs, {sum(page_count(p) for p in pdfs)} pages, each read {args.repeat} times")
        print(report(run(pdfs, args.repeat)))
        print(peak_memory())  # before the cold start, whose processes are not part of the run
        print()
    print(report_cold(cold_start(args.cold_runs, args.python)))


if __name__ == "__main__":
    main()
