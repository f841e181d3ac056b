"""Hostile and broken PDFs: each is read in bounded memory and time, or refused with a one-line error.

The small files come from tests/fixtures/hostile/make_hostile.py; bombs and other big inputs are made
here, at test time. Files that could take the machine's memory are extracted in real worker processes
(archive.workers) under a memory limit, as `archive ingest` runs them.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from archive import limits
from archive.outcome import Outcome
from archive.workers import ExtractionJob, ExtractionResult, run_extractions
from extractor import CorruptPdf, EncryptedPdf, ExtractOptions, NeedsOcr, NotAPdf, Statement, extract
from extractor.ocr import page_needs_ocr, tesseract_available
from extractor.ocr._pages import MAX_RENDER_PIXELS, capped_dpi
from extractor.readers import blank_pages, page_sizes, read_document, read_pages

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402 - the generator lives with its files

SCAN = Path(__file__).parent / "fixtures" / "scans" / "three-languages-scan.pdf"
LONG_SCAN_COPIES = 10  # 20 pages: a minute of OCR at least, far past the 4 s limit on any machine
TEST_MEMORY_MB = 1024  # half the default: bombs hit it sooner, and every good file still fits

needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")


def extract_in_workers(paths: list[Path], *, ocr: str = "never", timeout: float = 120,
                       memory_limit_mb: int | None = TEST_MEMORY_MB) -> dict[str, ExtractionResult]:
    jobs = [ExtractionJob(sha256=str(i), path=str(path)) for i, path in enumerate(paths)]
    results = run_extractions(jobs, options=ExtractOptions(ocr=ocr), workers=2, timeout=timeout,
                              first_file_allowance=60, memory_limit_mb=memory_limit_mb)
    return {Path(result.job.path).name: result for result in results}


def read_text(statement: Statement) -> str:
    """Every line the statement kept: the masthead (a first line in body type may count as one) and the sections."""
    return " ".join([*(line.text for line in statement.masthead), *(section.text for section in statement.sections)])


def assert_one_line_error(result: ExtractionResult) -> None:
    assert result.kind in (Outcome.FAILED, "needs_ocr") or _aborted_out_of_memory(result), result
    assert result.reason and "\n" not in result.reason and result.reason.startswith(result.job.path)
    assert "extractor error" not in result.reason and "Traceback" not in result.reason


def _aborted_out_of_memory(result: ExtractionResult) -> bool:
    """PDFium aborted its worker under the memory limit: a crash, possibly out of memory (an abort says no more)."""
    return result.kind == Outcome.CRASHED and "possibly out of memory under --memory-limit" in (result.reason or "")


def _over_the_memory_limit(result: ExtractionResult) -> bool:
    """Too large for the worker's memory: certain (Python's MemoryError), or likely (PDFium aborted)."""
    return "too large" in (result.reason or "") or _aborted_out_of_memory(result)


# ---------------------------------------------------------------- memory
def test_a_run_drawn_at_x_1e9_is_laid_out_in_bounded_memory() -> None:
    (result,) = extract_in_workers([HOSTILE / "far-text.pdf"]).values()
    assert result.kind == Outcome.EXTRACTED, result.reason
    assert "striking cleaners" in read_text(result.statement) and "without delay" in read_text(result.statement)


def test_a_compression_bomb_is_failed_for_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(make_hostile.bomb_pdf(4 << 30))  # inflates to 4 GB
    assert bomb.stat().st_size < 20_000
    (result,) = extract_in_workers([bomb]).values()
    assert_one_line_error(result)
    assert _over_the_memory_limit(result)


def test_a_page_of_400_mb_of_text_operators_is_failed_for_memory(tmp_path: Path) -> None:
    page = tmp_path / "text-operators.pdf"
    page.write_bytes(make_hostile.text_operators_pdf(400))
    (result,) = extract_in_workers([page]).values()
    assert_one_line_error(result)
    assert _over_the_memory_limit(result)


def test_memory_error_in_python_is_too_large_not_an_internal_error(tmp_path: Path) -> None:
    # pdfplumber reads in Python: the allocation that fails raises MemoryError, which becomes TooLarge.
    page = tmp_path / "text-operators.pdf"
    page.write_bytes(make_hostile.text_operators_pdf(200))
    jobs = [ExtractionJob("1", str(page))]
    (result,) = run_extractions(jobs, options=ExtractOptions(engine="pdfplumber", ocr="never"), workers=1,
                                timeout=300, memory_limit_mb=512)
    assert_one_line_error(result)
    assert "too large" in result.reason


def test_the_default_memory_limit_leaves_good_files_alone() -> None:
    corpus = Path(__file__).parent / "fixtures" / "corpus" / "belarus-2020.pdf"
    (result,) = run_extractions([ExtractionJob("1", str(corpus))], options=ExtractOptions(ocr="never"),
                                workers=1, timeout=120)
    assert result.kind == Outcome.EXTRACTED and result.statement.signatories


def test_a_memory_limit_below_what_a_worker_needs_is_refused() -> None:
    with pytest.raises(ValueError, match="below"):
        limits.limit_memory(limits.MIN_MEMORY_LIMIT_MB - 1)


def test_a_huge_page_is_rendered_for_ocr_within_the_pixel_cap() -> None:
    (size,) = page_sizes(HOSTILE / "huge-page.pdf", [1]).values()
    assert size.width == 14400
    dpi = capped_dpi(size, 300)
    assert (size.width / 72 * dpi) * (size.height / 72 * dpi) <= MAX_RENDER_PIXELS
    assert capped_dpi(page_sizes(SCAN, [1])[1], 300) == 300  # an A4 page keeps its resolution


@needs_tesseract
def test_a_huge_page_is_ocr_in_bounded_memory() -> None:
    (result,) = extract_in_workers([HOSTILE / "huge-page.pdf"], ocr="always", timeout=300,
                                   memory_limit_mb=limits.DEFAULT_MEMORY_LIMIT_MB).values()
    assert result.kind in (Outcome.EXTRACTED, Outcome.FAILED), result
    assert result.kind == Outcome.EXTRACTED or "no statement" in (result.reason or ""), result.reason
    assert result.statement is None or result.statement.ocr_pages == (1,)


# ---------------------------------------------------------------- time
def test_blank_pages_are_not_sent_to_ocr(tmp_path: Path) -> None:
    many = tmp_path / "ten-thousand-blank-pages.pdf"
    many.write_bytes(make_hostile.many_blank_pages_pdf(10_000))
    started = time.monotonic()
    statement = extract(many, ExtractOptions(ocr="auto"))
    assert statement.pages == 10_000 and statement.ocr_pages == () and statement.needs_ocr_pages == ()
    assert time.monotonic() - started < 120  # a bound on a hang, not a speed measurement (see bench/)


def test_a_page_with_an_image_is_not_blank_and_one_with_nothing_is() -> None:
    assert blank_pages(HOSTILE / "blank-pages.pdf", [1, 2, 3]) == {1, 2, 3}
    assert blank_pages(SCAN, [1, 2]) == frozenset()


def test_blank_pages_beside_text_are_neither_ocr_nor_needing_it() -> None:
    statement = extract(HOSTILE / "blank-pages.pdf", ExtractOptions(ocr="never"))
    assert statement.needs_ocr_pages == () and statement.warnings == ()
    assert "striking cleaners" in read_text(statement)


def test_a_page_of_a_few_clean_words_and_no_image_keeps_its_text(tmp_path: Path) -> None:
    short = tmp_path / "short-last-page.pdf"
    short.write_bytes(make_hostile.pages_pdf([
        make_hostile.stream(make_hostile.text_content(make_hostile.TEXT_LINES)),
        make_hostile.stream(make_hostile.text_content(["Page 2"])),
    ]))
    statement = extract(short, ExtractOptions(ocr="never"))
    assert statement.needs_ocr_pages == () and statement.warnings == ()


def test_a_table_of_figures_has_a_usable_text_layer() -> None:
    (page,) = read_pages(HOSTILE / "numeric-table.pdf")
    assert len(page.runs) > 20
    assert not page_needs_ocr(page)
    statement = extract(HOSTILE / "numeric-table.pdf", ExtractOptions(ocr="never"))
    assert statement.needs_ocr_pages == ()


KILLED_WITHIN = 0.5  # seconds for killed processes to be gone


def _tesseract_descendants(root: int) -> set[int]:
    """Tesseract processes reading a page below `root` in the process tree."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name_end = stat.rindex(")")
        names[int(entry.name)] = stat[stat.index("(") + 1:name_end]
        parents[int(entry.name)] = int(stat[name_end + 2:].split()[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier}
        found |= {pid for pid in frontier if names.get(pid) == "tesseract" and _reading_a_page(pid)}
    return found


def _reading_a_page(pid: int) -> bool:
    """A Tesseract reading a page (not one listing its languages)."""
    try:
        return b"hocr" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@needs_tesseract
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the Tesseract processes")
def test_a_timed_out_worker_takes_its_tesseract_with_it(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    # The scan's pages many times over: no machine reads them all before the time limit.
    long_scan = tmp_path / "long-scan.pdf"
    with pdfium.PdfDocument(SCAN) as scan:
        copies = pdfium.PdfDocument.new()
        copies.import_pages(scan, list(range(len(scan))) * LONG_SCAN_COPIES)
        copies.save(long_scan)
        copies.close()
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(_tesseract_descendants(os.getpid()))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        jobs = [ExtractionJob("1", str(long_scan))]
        # Tesseract starts within a second or two; each page in 7 languages takes it 2-4 s.
        (result,) = run_extractions(jobs, options=ExtractOptions(ocr="always"), workers=1, timeout=4,
                                    first_file_allowance=0)
    finally:
        done.set()
        watcher.join()
    assert result.kind == Outcome.TIMED_OUT
    assert seen, "Tesseract did not start within the time limit: nothing to check"
    # Tesseract takes several seconds a page: left running, it would outlive the worker by that much.
    time.sleep(KILLED_WITHIN)
    assert not any(_alive(pid) for pid in seen)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "statement.pdf"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    with pytest.raises(NotAPdf, match="not a regular file") as caught:
        extract(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


# ---------------------------------------------------------------- partly scanned
def test_pages_without_a_text_layer_are_withheld_when_ocr_is_off() -> None:
    statement = extract(HOSTILE / "partly-scanned.pdf", ExtractOptions(ocr="never"))
    assert statement.needs_ocr_pages == (2, 3) and statement.ocr_pages == ()
    text = read_text(statement)
    assert "striking cleaners" in text
    assert [signatory.acronym for signatory in statement.signatories] == ["UCW", "SL", "CHW", "FPS"]
    assert not any(ch in text for ch in "←→↑↓↔")
    assert any("pages 2, 3 have no usable text layer" in warning for warning in statement.warnings)


def test_pages_without_a_text_layer_are_withheld_without_tesseract(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    statement = extract(HOSTILE / "partly-scanned.pdf", ExtractOptions(ocr="auto"))
    assert statement.needs_ocr_pages == (2, 3) and statement.ocr_pages == ()
    assert any("Tesseract is not installed" in warning for warning in statement.warnings)


def test_a_document_that_is_all_scan_still_needs_ocr_as_a_whole() -> None:
    with pytest.raises(NeedsOcr):
        extract(SCAN, ExtractOptions(ocr="never"))


@needs_tesseract
def test_ocr_runs_only_on_the_pages_that_need_it(tmp_path: Path) -> None:
    statement = extract(HOSTILE / "partly-scanned.pdf", ExtractOptions(ocr="auto", ocr_languages=("eng",)))
    assert statement.ocr_pages == (2, 3) and statement.needs_ocr_pages == ()
    text = " ".join(section.text for section in statement.sections)
    assert "permanent contract" in text  # from the scanned page
    assert not any(ch in text for ch in "←→↑↓↔")


# ---------------------------------------------------------------- readers
def test_a_file_pdfium_refuses_is_read_by_pdfplumber_and_said_so() -> None:
    with pytest.raises(CorruptPdf):
        read_pages(HOSTILE / "pdfium-refuses.pdf")
    reading = read_document(HOSTILE / "pdfium-refuses.pdf")
    assert reading.engine == "pdfplumber" and len(reading.pages) == 1
    statement = extract(HOSTILE / "pdfium-refuses.pdf", ExtractOptions(ocr="never"))
    assert statement.engine == "pdfplumber"
    assert any("pdfium could not read the file" in w and "read with pdfplumber" in w for w in statement.warnings)


def test_a_file_neither_engine_reads_gives_the_first_engines_error(tmp_path: Path) -> None:
    data = (HOSTILE / "far-text.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:200])
    with pytest.raises(CorruptPdf, match="PDFium"):
        read_document(cut)


def test_objects_nested_too_deeply_are_a_clean_corrupt_pdf() -> None:
    with pytest.raises(CorruptPdf, match="nested too deeply"):
        read_pages(HOSTILE / "deep-nesting.pdf", engine="pdfplumber")
    assert read_pages(HOSTILE / "deep-nesting.pdf", engine="pdfium")[0].runs  # PDFium stops the loop itself


@pytest.mark.parametrize("name", ["encrypted-no-pages.pdf", "page-tree-damaged.pdf"])
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_encrypted_files_whose_pages_cannot_be_read_are_encrypted_not_empty(name: str, engine: str) -> None:
    with pytest.raises((EncryptedPdf, CorruptPdf)) as caught:
        extract(HOSTILE / name, ExtractOptions(engine=engine, ocr="never"))
    if engine == "pdfium":
        assert type(caught.value) is EncryptedPdf
        assert str(caught.value).endswith("encrypted PDF (its pages cannot be decrypted)")


# ---------------------------------------------------------------- the whole corpus
def test_every_hostile_file_gives_a_result_or_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    made = make_hostile.make_small(folder)
    (folder / "bomb.pdf").write_bytes(make_hostile.bomb_pdf(4 << 30))
    (folder / "text-operators.pdf").write_bytes(make_hostile.text_operators_pdf(400))
    (folder / "blank-pages-10000.pdf").write_bytes(make_hostile.many_blank_pages_pdf(10_000))
    for name, path in made.items():  # the generator is deterministic: the committed files are its output
        assert path.read_bytes() == (HOSTILE / name).read_bytes(), name
    results = extract_in_workers(sorted(folder.iterdir()), timeout=120)
    assert len(results) == len(list(folder.iterdir()))
    for name, result in results.items():
        if result.kind == Outcome.EXTRACTED:
            assert result.statement.pages >= 1, name
        else:
            assert_one_line_error(result)
    expected_ok = {"far-text.pdf", "blank-pages.pdf", "numeric-table.pdf", "partly-scanned.pdf",
                   "pdfium-refuses.pdf", "deep-nesting.pdf", "blank-pages-10000.pdf"}
    assert {name for name, result in results.items() if result.kind == Outcome.EXTRACTED} == expected_ok
    assert _over_the_memory_limit(results["bomb.pdf"]) and _over_the_memory_limit(results["text-operators.pdf"])
