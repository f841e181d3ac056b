"""The output formats of `archive export` (names only, so that the command line offers them without loading the store)."""
from __future__ import annotations

FORMATS = ("json", "jsonl", "csv")  # records: statements or signatures
NETWORK_FORMATS = ("gexf", "graphml")  # the co-signature network
WHAT = ("statements", "signatories", "network")
FORMATS_BY_WHAT = {"statements": FORMATS, "signatories": FORMATS, "network": NETWORK_FORMATS}
