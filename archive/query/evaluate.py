"""A query tree evaluated at statement level: each leaf's statements combined with set operations."""
from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

from index import Hit

from .syntax import And, Leaf, Node, Not, Or


@dataclass(frozen=True, slots=True)
class LeafMatches:
    """What one leaf matched: statements, with their best section score, and the matching sections."""

    scores: Mapping[str, float]  # statement id -> best section score (0 for a store field like org:)
    hits: tuple[Hit, ...] = ()


def evaluate(node: Node, found: Mapping[tuple[Leaf, bool], LeafMatches], universe: Set[str], *,
             negated: bool = False) -> dict[str, float]:
    """Statement id -> score for the statements `node` matches; `universe` is every searchable statement."""
    if isinstance(node, Leaf):
        return dict(found[(node, negated)].scores)
    if isinstance(node, Not):
        excluded = evaluate(node.child, found, universe, negated=not negated)
        return {sid: 0.0 for sid in universe if sid not in excluded}
    if isinstance(node, Or):
        union: dict[str, float] = {}
        for child in node.children:
            for sid, score in evaluate(child, found, universe, negated=negated).items():
                union[sid] = union.get(sid, 0.0) + score
        return union
    return _all_of(node, found, universe, negated=negated)


def _all_of(node: And, found: Mapping[tuple[Leaf, bool], LeafMatches], universe: Set[str], *,
            negated: bool) -> dict[str, float]:
    """Intersection; NOT children are subtracted rather than built as "everything but" sets."""
    positive = [c for c in node.children if not isinstance(c, Not)]
    excluded: set[str] = set()
    for child in node.children:
        if isinstance(child, Not):
            excluded.update(evaluate(child.child, found, universe, negated=not negated))
    if positive:
        result = evaluate(positive[0], found, universe, negated=negated)
        for child in positive[1:]:
            other = evaluate(child, found, universe, negated=negated)
            result = {sid: score + other[sid] for sid, score in result.items() if sid in other}
    else:
        result = {sid: 0.0 for sid in universe}
    return {sid: score for sid, score in result.items() if sid not in excluded}
