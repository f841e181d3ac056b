"""The generated multi-producer corpus (tests/fixtures/producers): each producer held at issue 8's targets.

Every PDF is extracted once per session (PDFium engine) and scored against the truth its generator wrote from
the statement source. Where the extractor still misses a target the test is a strict xfail carrying the
measured value, so the day a producer reaches its target the xfail fails and the mark must go (a ratchet).
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pypdfium2
import pytest

from extractor import extract
from tests.fixtures.producers.scoring import Tally

CORPUS = Path(__file__).parent / "fixtures" / "producers" / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf"))
PRODUCERS = {  # producer -> what its PDFs' Producer entry starts with
    "chromium": "Skia/PDF", "docx": "LibreOffice", "fpdf2": "fpdf2", "latex": "xdvipdfmx", "odt": "LibreOffice",
    "reportlab": "ReportLab",
}
TARGETS = {"lang-seq": 0.98, "section F1": 0.99, "title": 0.97, "triples F1": 0.95, "names F1": 0.98,
           "category": 0.95}
MIN_DOCUMENTS = 150  # issue 8: at least 150 generated PDFs
# Producer and metric pairs below their target, held as strict xfails (issue 8's ratchet; bench/accuracy.py).
MISSES: dict[tuple[str, str], float] = {}  # every producer meets every target (issue 8)
EXTRACT_JOBS = min(2, os.cpu_count() or 1)  # the test machine has two cores


def _producer(pdf: Path) -> str:
    return pdf.stem.split("-", 1)[0]


def _prediction(pdf: Path) -> dict:
    return json.loads(json.dumps(asdict(extract(pdf)), ensure_ascii=False, default=str))


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, float]]:
    with ProcessPoolExecutor(max_workers=EXTRACT_JOBS) as pool:
        predictions = dict(zip(PDFS, pool.map(_prediction, PDFS)))
    tallies: dict[str, Tally] = defaultdict(Tally)
    for pdf, prediction in predictions.items():
        tallies[_producer(pdf)].add(json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8")), prediction)
    return {producer: tally.metrics() for producer, tally in tallies.items()}


def _cases():
    for producer in PRODUCERS:
        for metric in TARGETS:
            miss = MISSES.get((producer, metric))
            marks = [pytest.mark.xfail(strict=True, reason=f"issue 8: {miss:.3f}")] if miss is not None else []
            yield pytest.param(producer, metric, marks=marks, id=f"{producer}-{metric.replace(' ', '')}")


@pytest.mark.parametrize(("producer", "metric"), list(_cases()))
def test_producer_meets_the_target(scores, producer, metric):
    assert scores[producer][metric] >= TARGETS[metric]


def test_corpus_has_every_producer_and_enough_documents():
    counts = defaultdict(int)
    for pdf in PDFS:
        counts[_producer(pdf)] += 1
    assert len(PDFS) >= MIN_DOCUMENTS
    assert set(counts) == set(PRODUCERS)
    assert min(counts.values()) >= MIN_DOCUMENTS // len(PRODUCERS)


@pytest.mark.parametrize("producer", PRODUCERS)
def test_each_pdf_keeps_its_producers_metadata(producer):
    for pdf in (p for p in PDFS if _producer(p) == producer):
        document = pypdfium2.PdfDocument(pdf)
        try:
            assert document.get_metadata_dict().get("Producer", "").startswith(PRODUCERS[producer]), pdf.name
        finally:
            document.close()


def test_truths_follow_the_conventions():
    for pdf in PDFS:
        truth = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        assert set(truth) == {"masthead", "sections", "signatories"}, pdf.name
        assert truth["sections"] and all(s["text"] and s["title"] for s in truth["sections"]), pdf.name
        for signatory in truth["signatories"]:
            assert (signatory["country"] is None) == (signatory["country_code"] is None), pdf.name
            assert signatory["category"] is None or not signatory["category"].endswith(":"), pdf.name
            assert signatory["name"] and not signatory["name"].endswith("."), pdf.name


SHARED_SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "tools" / "score.py"


def _damaged(truth: dict, k: int) -> dict:
    """A prediction with the k-th kind of mistake an extractor makes (for comparing scorers)."""
    pred = json.loads(json.dumps(truth))
    sections, signatories = pred["sections"], pred["signatories"]
    if k % 4 == 0 and signatories:
        del signatories[0]
        signatories[-1]["category"] = None
    if k % 4 == 1 and sections:
        sections[0]["lang"], sections[0]["title"] = "xx", None
    if k % 4 == 2 and sections:
        sections[-1]["text"] = sections[-1]["text"][: len(sections[-1]["text"]) // 2]
        for s in signatories[::3]:
            s["name"] += " X"
    if k % 4 == 3:
        pred["masthead"] = pred["masthead"][1:]
        for s in signatories[::2]:
            s["acronym"] = None
    return pred


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared scorer (../shared/tools/score.py) is not here")
def test_the_tests_scorer_agrees_with_the_shared_one():
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    truths = {pdf.stem: json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8")) for pdf in PDFS[::9]}
    preds = {stem: _damaged(truth, k) for k, (stem, truth) in enumerate(truths.items())}
    tally = Tally()
    for stem, truth in truths.items():
        tally.add(truth, preds[stem])
    _, _, t = shared.score_corpus(truths, {stem: (pred, None) for stem, pred in preds.items()})
    theirs = {"masthead": t["masthead_f1"], "lang-seq": t["lang_seq_exact"], "section F1": t["section_token_f1"],
              "title": t["title_exact"], "triples F1": t["signatory_f1"], "names F1": t["name_f1"],
              "category": t["category_accuracy"]}
    assert tally.metrics() == pytest.approx(theirs)
    assert theirs["names F1"] < 1.0 and theirs["lang-seq"] < 1.0  # the damage was seen
