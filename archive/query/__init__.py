"""Queries read at statement level: the index's query tree (`index.parse_query`) evaluated over statements."""
from .evaluate import STORE_FIELDS, evaluate, leaves, positive_text_leaves

__all__ = ["STORE_FIELDS", "evaluate", "leaves", "positive_text_leaves"]
