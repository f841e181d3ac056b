"""Extraction accuracy per producer on the generated multi-producer corpus (issue 8's table).

    python3 bench/accuracy.py [--corpus DIR] [--engine pdfium|pdfplumber] [--jobs N] [--json OUT]

Extracts every <producer>-<nn>-<source>.pdf of tests/fixtures/producers/corpus once (the library call, whose
`dataclasses.asdict` is what `archive extract --json` prints), then scores the predictions against the truth
JSON beside each PDF, per producer and overall. The shared scorer (../shared/tools/score.py) is used when it
is there; otherwise the repository's copy of its rules (tests/fixtures/producers/scoring.py).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import ExtractionError, ExtractOptions, extract  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "producers" / "corpus"
SHARED_SCORER = ROOT.parent / "shared" / "tools" / "score.py"
TARGETS = {"lang-seq": 0.98, "section F1": 0.99, "title": 0.97, "triples F1": 0.95, "names F1": 0.98,
           "category": 0.95}  # issue 8's targets for the generated corpus
COLUMNS = ("masthead", "lang-seq", "section F1", "title", "triples F1", "names F1", "category")


def _predict(job: tuple[str, str]) -> tuple[str, dict | None, str | None]:
    pdf, engine = job
    try:
        statement = extract(Path(pdf), ExtractOptions(engine=engine))
    except ExtractionError as e:
        return pdf, None, str(e)
    return pdf, json.loads(json.dumps(asdict(statement), ensure_ascii=False, default=str)), None


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shared_metrics(scorer, truths: dict, preds: dict) -> dict[str, float]:
    _, _, t = scorer.score_corpus(truths, preds)
    return {"masthead": t["masthead_f1"], "lang-seq": t["lang_seq_exact"], "section F1": t["section_token_f1"],
            "title": t["title_exact"], "triples F1": t["signatory_f1"], "names F1": t["name_f1"],
            "category": t["category_accuracy"]}


def _local_metrics(scoring, truths: dict, preds: dict) -> dict[str, float]:
    tally = scoring.Tally()
    for stem, truth in truths.items():
        tally.add(truth, preds[stem][0] or {})
    return tally.metrics()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of <stem>.pdf and <stem>.json")
    ap.add_argument("--engine", default="pdfium", help="reader engine (default pdfium)")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes (default 2)")
    ap.add_argument("--json", type=Path, help="also write the table to this JSON file")
    args = ap.parse_args(argv)
    pdfs = sorted(args.corpus.glob("*.pdf"))
    if not pdfs:
        ap.error(f"no PDFs in {args.corpus}")
    truths = {p.stem: json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in pdfs}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(_predict, [(str(p), args.engine) for p in pdfs]))
    preds = {Path(pdf).stem: (pred, err) for pdf, pred, err in results}
    for stem, (_, err) in sorted(preds.items()):
        if err:
            print(f"failed: {stem}: {err}", file=sys.stderr)
    if SHARED_SCORER.exists():
        scorer, how = _load(SHARED_SCORER, "shared_score"), "shared scorer " + str(SHARED_SCORER)
        metrics = lambda t, p: _shared_metrics(scorer, t, p)  # noqa: E731
    else:
        scoring = _load(ROOT / "tests" / "fixtures" / "producers" / "scoring.py", "producer_scoring")
        how = "tests/fixtures/producers/scoring.py (no shared scorer found)"
        metrics = lambda t, p: _local_metrics(scoring, t, p)  # noqa: E731
    groups: dict[str, list[str]] = defaultdict(list)
    for stem in truths:
        groups[stem.split("-", 1)[0]].append(stem)
    table = {name: metrics({s: truths[s] for s in stems}, {s: preds[s] for s in stems})
             for name, stems in sorted(groups.items())}
    table["overall"] = metrics(truths, preds)
    counts = {name: len(stems) for name, stems in groups.items()} | {"overall": len(truths)}
    print(f"{len(truths)} documents, engine {args.engine}, scored by {how}\n")
    print(f"| producer | docs | {' | '.join(COLUMNS)} |")
    print("|---|---:|" + "---:|" * len(COLUMNS))
    for name, row in table.items():
        cells = [f"{row[c]:.3f}" + ("" if row[c] >= TARGETS.get(c, 0.0) else "*") for c in COLUMNS]
        print(f"| {name} | {counts[name]} | {' | '.join(cells)} |")
    print("\n* below issue 8's target: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()))
    if args.json:
        args.json.write_text(json.dumps({"engine": args.engine, "scorer": how, "table": table, "documents": counts},
                                        indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
