"""When to merge index segments: a tiered policy that bounds their number without re-merging everything."""
from __future__ import annotations

import math
from collections import defaultdict

from whoosh.reading import SegmentReader

SEGMENTS_PER_TIER = 8  # merge a tier once it holds this many segments
TIER_BASE_DOCS = 1000  # segments below this size share the lowest tier
RECLAIM_DELETED_SHARE = 0.3  # rewrite a segment once this share of its documents is deleted


def segment_tier(doc_count: int) -> int:
    """0 below TIER_BASE_DOCS, then one tier per factor SEGMENTS_PER_TIER."""
    if doc_count < TIER_BASE_DOCS:
        return 0
    return 1 + int(math.log(doc_count / TIER_BASE_DOCS, SEGMENTS_PER_TIER))


def tiered_merge(writer, segments):
    """A Whoosh merge policy: merge each tier holding SEGMENTS_PER_TIER segments, and any segment
    that is mostly deleted documents; keep the rest. Every document is thus rewritten about
    log_8(N / 1000) times over the life of the index, and at most ~7 segments stay per tier."""
    tiers: dict[int, list] = defaultdict(list)
    kept = []
    for segment in segments:
        total = segment.doc_count_all()
        if total and segment.deleted_count() / total >= RECLAIM_DELETED_SHARE:
            _merge_into(writer, segment)
        else:
            tiers[segment_tier(segment.doc_count())].append(segment)
    for tier_segments in tiers.values():
        if len(tier_segments) >= SEGMENTS_PER_TIER:
            for segment in tier_segments:
                _merge_into(writer, segment)
        else:
            kept.extend(tier_segments)
    return kept


def _merge_into(writer, segment) -> None:
    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        writer.add_reader(reader)
    finally:
        reader.close()
