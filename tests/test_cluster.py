"""Ingest through a loopback Dask cluster: the same archive as a local ingest, and the same guarantees."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, invoke_cli

pytestmark = pytest.mark.cluster

# A few text statements of different shapes and a broken file, then a one-page scan (OCR'd when
# Tesseract is there, else needs_ocr on both paths): small enough for the 2-core CI machine.
CORPUS = ("statements/arabic-section.pdf", "statements/five-languages-index.pdf", "statements/hyphenation.pdf",
          "statements/individual-signatories.pdf", "statements/a5-page-breaks.pdf", "bad/truncated.pdf")
SCAN = "scans/sideways-scan.pdf"
OCR = ("--ocr-lang", "eng")  # one pack instead of seven: the test OCRs the scan twice on a small machine
ALLOWED_FAILURES = 1  # a task is retried once on another worker, then KilledWorker


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """Two single-threaded worker processes behind a scheduler on 127.0.0.1."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                      dashboard_address=None) as local_cluster:
            yield local_cluster


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A folder of text PDFs (and a broken one), and a folder with the scan."""
    texts, scans = tmp_path_factory.mktemp("texts"), tmp_path_factory.mktemp("scans")
    for name in CORPUS:
        shutil.copy(FIXTURES / name, texts / Path(name).name)
    shutil.copy(FIXTURES / SCAN, scans / Path(SCAN).name)
    return texts, scans


@pytest.fixture(scope="module")
def local_archive(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("local") / "home"
    # Exit status 1: the corpus holds a broken PDF, recorded as failed.
    assert invoke_cli(home, "ingest", *map(str, corpus), "--jobs", "2", *OCR, "--json").exit_code == 1
    return home


def _content(home: Path) -> tuple[list[dict], list[dict]]:
    """The stored statements (export) and failures, sorted, without the times they were written."""
    statements = [json.loads(line) for line in invoke_cli(home, "export", "--format", "jsonl").stdout.splitlines()]
    for statement in statements:
        statement.pop("ingested_at")
        for signatory in statement["signatories"]:
            signatory.pop("organisation")  # a row id: its number follows the order files finished in
    failures = json.loads(invoke_cli(home, "failures", "--json").stdout)
    for failure in failures:
        for key in [k for k in failure if k.endswith("_at")]:
            failure.pop(key)
    key = lambda record: json.dumps(record, sort_keys=True, ensure_ascii=False)  # noqa: E731
    return sorted(statements, key=key), sorted(failures, key=key)


def _cache(home: Path) -> dict[str, bytes]:
    cache = home / "ocr-cache"
    return {p.relative_to(cache).as_posix(): p.read_bytes() for p in cache.glob("*/*.json")} if cache.is_dir() else {}


def _under(content: tuple[list[dict], list[dict]], folder: Path) -> tuple[list[dict], list[dict]]:
    statements, failures = content
    return ([s for s in statements if all(p.startswith(f"{folder}/") for p in s["paths"])],
            [f for f in failures if f["path"].startswith(f"{folder}/")])


def test_a_cluster_ingest_stores_what_a_local_ingest_stores(cluster, corpus: tuple[Path, Path],
                                                            local_archive: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = invoke_cli(home, "ingest", *map(str, corpus), "--scheduler", cluster.scheduler_address, *OCR, "--json")
    assert result.exit_code == 1, result.stderr  # the broken PDF failed, as in the local ingest
    report = json.loads(result.stdout)
    assert report["counts"]["new"] + report["counts"]["needs_ocr"] == len(CORPUS)  # the texts and the scan
    assert report["counts"]["failed"] == 1
    assert report["pages"] == json.loads(invoke_cli(local_archive, "stats", "--json").stdout)["pages"]
    assert _content(home) == _content(local_archive)
    assert _cache(home) == _cache(local_archive), "the OCR done on the workers fills the client's cache"
    again = json.loads(invoke_cli(home, "ingest", *map(str, corpus), "--scheduler", cluster.scheduler_address,
                                  *OCR, "--json").stdout)
    assert again["counts"]["new"] == again["counts"]["updated"] == again["counts"]["failed"] == 0  # nothing twice
    assert again["counts"]["failed_before"] == 1


def test_files_sent_to_the_workers_are_stored_under_their_own_paths(cluster, corpus: tuple[Path, Path],
                                                                    local_archive: Path, tmp_path: Path) -> None:
    texts = corpus[0]
    home = tmp_path / "home"
    result = invoke_cli(home, "ingest", str(texts), "--scheduler", cluster.scheduler_address, "--send-files",
                        *OCR, "--json")
    assert result.exit_code == 1, result.stderr  # the broken PDF among the texts failed
    assert json.loads(result.stdout)["counts"]["new"] == len(CORPUS) - 1
    assert _content(home) == _under(_content(local_archive), texts)


def test_the_environment_variable_names_the_scheduler(cluster, corpus: tuple[Path, Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_SCHEDULER", cluster.scheduler_address)
    home = tmp_path / "home"
    one = corpus[0] / "hyphenation.pdf"
    report = json.loads(invoke_cli(home, "ingest", str(one), "--send-files", "--json", "--ocr", "never").stdout)
    assert report["counts"]["new"] == 1
    monkeypatch.delenv("ARCHIVE_SCHEDULER")
    refused = invoke_cli(home, "ingest", str(one), "--send-files", "--force")
    assert refused.exit_code == 2 and "--send-files needs --scheduler" in refused.stderr


def _kill_a_busy_worker_once_a_file_is_stored(cluster, home: Path, stop: threading.Event, killed: list[str]) -> None:
    """SIGKILL a worker that is busy with a file, as soon as the ingest has stored its first file."""
    import distributed

    from .test_ingest import _stored

    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        while not stop.is_set():
            busy = [worker for worker, keys in client.processing().items() if keys] if _stored(home) else []
            if busy:
                pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(busy[0])
                return
            stop.wait(0.05)


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(cluster, tmp_path: Path) -> None:
    from extractor import file_sha256

    from .test_ingest import _distinct_copies

    copies = _distinct_copies(tmp_path / "pdfs", 8)
    home = tmp_path / "home"
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_busy_worker_once_a_file_is_stored, args=(cluster, home, stop, killed))
    killer.start()
    try:
        result = invoke_cli(home, "ingest", str(tmp_path / "pdfs"), "--scheduler", cluster.scheduler_address,
                            "--ocr", "never", "--json")
    finally:
        stop.set()
        killer.join()
    assert killed, "no worker was busy after the first file was stored; make the folder bigger"
    report = json.loads(result.stdout)
    assert sorted(f["path"] for f in report["files"]) == sorted(map(str, copies))
    assert report["counts"]["new"] == len(copies), report["files"]  # retried on another worker, none lost
    exported = [json.loads(line)["id"] for line in invoke_cli(home, "export", "--format", "jsonl").stdout.splitlines()]
    assert sorted(exported) == sorted(file_sha256(p) for p in copies)  # each stored once


def _stall(job, options, **_kwargs):
    """A task that never ends (stands in for a file the extractor loops on)."""
    time.sleep(3600)


def _die_on_truncated(job, options, **kwargs):
    """A task that kills its worker process on one file (stands in for a crash in a PDF library)."""
    from archive.cluster import extract_on_worker

    if job.path.endswith("truncated.pdf"):
        os._exit(11)
    return extract_on_worker(job, options, **kwargs)


def _jobs(*names: str):
    from extractor import file_sha256
    from archive.workers import ExtractionJob

    return [ExtractionJob(file_sha256(FIXTURES / name), str(FIXTURES / name)) for name in names]


def test_a_file_over_its_time_is_timed_out_and_its_worker_restarted(cluster) -> None:
    from archive.cluster import DaskExecutor
    from extractor import ExtractOptions

    stalling = DaskExecutor(scheduler=cluster.scheduler_address, options=ExtractOptions(ocr="never"), timeout=1.0,
                            first_file_allowance=0.0, task=_stall)
    [result] = list(stalling.run(_jobs("statements/hyphenation.pdf")))
    assert result.kind == "timed_out" and "timed out after 1 s" in result.reason
    working = DaskExecutor(scheduler=cluster.scheduler_address, options=ExtractOptions(ocr="never"), timeout=120.0)
    results = list(working.run(_jobs("statements/hyphenation.pdf", "statements/arabic-section.pdf")))
    assert [r.kind for r in results] == ["ok", "ok"], "both workers take files again"


def test_a_file_that_kills_its_workers_is_recorded_and_the_batch_goes_on(cluster) -> None:
    from archive.cluster import DaskExecutor
    from extractor import ExtractOptions

    executor = DaskExecutor(scheduler=cluster.scheduler_address, options=ExtractOptions(ocr="never"), timeout=120.0,
                            task=_die_on_truncated)
    results = {Path(r.job.path).name: r for r in executor.run(_jobs("bad/truncated.pdf", "statements/hyphenation.pdf"))}
    assert results["hyphenation.pdf"].kind == "ok"
    assert results["truncated.pdf"].kind == "crashed"
    assert f"on every worker that tried it ({ALLOWED_FAILURES + 1})" in results["truncated.pdf"].reason


def test_send_files_refuses_a_file_over_the_cap_in_one_line(cluster, tmp_path: Path) -> None:
    from archive.cluster import SEND_FILES_MAX_BYTES

    big = tmp_path / "pdfs" / "huge.pdf"
    big.parent.mkdir()
    with big.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        out.truncate(SEND_FILES_MAX_BYTES + 2**20)
    home = tmp_path / "home"
    report = json.loads(invoke_cli(home, "ingest", str(big), "--scheduler", cluster.scheduler_address,
                                   "--send-files", "--json").stdout)
    [failed] = report["files"]
    assert failed["outcome"] == "failed"
    assert failed["reason"].startswith(f"{big}: 65 MiB is over the 64 MiB --send-files sends")
    assert "\n" not in failed["reason"]


def test_without_distributed_the_scheduler_option_says_how_to_install_it(tmp_path: Path) -> None:
    script = ("import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None\n"
              "from archive.cli import main; main()")
    pdf = FIXTURES / "statements" / "hyphenation.pdf"
    done = subprocess.run([sys.executable, "-c", script, "--home", str(tmp_path / "home"), "ingest", str(pdf),
                           "--scheduler", "tcp://127.0.0.1:1"], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: --scheduler needs Dask distributed (dask is not installed): "
        "pip install 'statement-archive[cluster]'"]


def test_a_client_killed_halfway_resumes_and_duplicates_nothing(cluster, tmp_path: Path) -> None:
    from extractor import file_sha256

    from .test_ingest import _archive, _distinct_copies, _stored, kill_once_some_are_stored

    copies = _distinct_copies(tmp_path / "pdfs", 10)
    home = tmp_path / "home"
    where = ("--scheduler", cluster.scheduler_address, "--ocr", "never")
    kill_once_some_are_stored(home, _archive(home, "ingest", str(tmp_path / "pdfs"), *where))
    assert 0 < _stored(home) < len(copies)

    rerun = _archive(home, "ingest", str(tmp_path / "pdfs"), *where, "--json")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    counts = json.loads(out)["counts"]
    assert counts["new"] + counts["present"] == len(copies) and counts["failed"] == 0
    assert counts["present"] >= 3  # what the killed run stored is not extracted again
    exported = invoke_cli(home, "export", "--format", "jsonl").stdout.splitlines()
    assert sorted(json.loads(line)["id"] for line in exported) == sorted(file_sha256(p) for p in copies)
    assert invoke_cli(home, "check").exit_code == 0


def test_the_worker_reads_the_ocr_the_client_already_has(local_archive: Path, tmp_path: Path) -> None:
    from archive.cluster import extract_on_worker
    from extractor import ExtractOptions

    cached = sorted(_cache(local_archive).items())
    if not cached:
        pytest.skip("the local ingest OCR'd nothing (Tesseract is not installed)")
    [job] = _jobs(SCAN)
    marked = []
    for name, data in cached:  # the client's entries, with a word no OCR would read
        page = json.loads(data)
        page["runs"][0]["text"] = "Seededmarker"
        marked.append((name, json.dumps(page).encode()))
    options = ExtractOptions(ocr_languages=("eng",), ocr_cache=tmp_path / "client-cache")
    remote = extract_on_worker(job, options, ocr_entries=tuple(marked))
    assert remote.result.kind == "ok"
    assert "Seededmarker" in json.dumps(dataclasses.asdict(remote.result.statement))  # read from the seeded cache
    assert remote.ocr_entries == ()  # nothing new to send back
