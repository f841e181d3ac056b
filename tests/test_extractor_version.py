"""extractor.VERSION changes whenever extraction behaviour does: checked by the digest of the golden outputs."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from extractor import extract
from extractor.version import GOLDEN_DIGEST, VERSION
from tests.test_extract_fixtures import DOCUMENTS, FIXTURES


REGRESSIONS = sorted((FIXTURES / "regressions").glob("*.pdf"))  # one small PDF per rule a producer broke


def golden_digest() -> str:
    """SHA-256 of extract()'s JSON for every fixture statement scored against a truth file and every
    regression PDF (the rules' own cases, so a changed rule shows even where the statements agree)."""
    outputs = {}
    for pdf in [*DOCUMENTS, *REGRESSIONS]:
        statement = asdict(extract(pdf))
        del statement["source"], statement["extractor_version"]  # where the checkout is; the version itself
        outputs[str(pdf.relative_to(FIXTURES))] = statement
    text = json.dumps(outputs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_version_changes_with_extraction_behaviour() -> None:
    digest = golden_digest()
    assert digest == GOLDEN_DIGEST, (
        f"extract() now gives other results on the fixture statements (extractor {VERSION}). "
        f"If the change is meant, bump VERSION in extractor/version.py and set "
        f'GOLDEN_DIGEST = "{digest}" there, in the same commit.'
    )
