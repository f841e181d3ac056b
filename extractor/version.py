"""The extractor's version, and the digest of what it extracts from the fixture statements.

Ingest re-extracts files stored with another VERSION, so VERSION must change whenever
extraction behaviour does. `tests/test_extractor_version.py` extracts every fixture
statement that has a truth file and compares the digest of the results with
GOLDEN_DIGEST: when it fails, behaviour changed, so bump VERSION and record the
digest the test prints (both in this file, in the same commit as the change).
"""

VERSION = "0.5.0"
GOLDEN_DIGEST = "b6c02afd6d1ad3b453022a40a8fbd448ffee61645a9dea84b62185f5beaa07b5"
