"""A query tree (index.parse_query's) evaluated at statement level: each leaf's statements combined as sets.

The index answers a leaf (a word, a phrase, a prefix, `lang:`, `date:`) for sections; a statement
matches a leaf when one of its sections does, so that `strike AND grève` finds a statement with
"strike" in English and "grève" in French, and `strike NOT dockers` leaves out a statement that
mentions dockers in any language. `org:` and `country:` leaves are answered from the store.
"""
from __future__ import annotations

from collections.abc import Mapping, Set

from index import And, Leaf, Node, Not, Or, Words, is_leaf

STORE_FIELDS = ("org", "country")  # answered from the store's signatures, not from the text index

# What each leaf matched: statement id -> its best section's score (0 for a store field like org:).
LeafScores = Mapping[str, float]


def leaves(node: Node, *, negated: bool = False) -> list[tuple[Leaf, bool]]:
    """Every leaf with whether it sits under an odd number of NOTs, in query order."""
    if is_leaf(node):
        return [(node, negated)]
    if isinstance(node, Not):
        return leaves(node.child, negated=not negated)
    return [pair for child in node.children for pair in leaves(child, negated=negated)]


def is_store_leaf(leaf: Leaf) -> bool:
    return isinstance(leaf, Words) and leaf.field in STORE_FIELDS


def positive_text_leaves(node: Node) -> Node | None:
    """The leaves outside NOT that the index answers, as one OR (what the sections shown matched), or None."""
    found = list(dict.fromkeys(leaf for leaf, negated in leaves(node) if not negated and not is_store_leaf(leaf)))
    if not found:
        return None
    return found[0] if len(found) == 1 else Or(tuple(found))


def evaluate(node: Node, found: Mapping[tuple[Leaf, bool], LeafScores], universe: Set[str], *,
             negated: bool = False) -> dict[str, float]:
    """Statement id -> score for the statements `node` matches; `universe` is every searchable statement."""
    if is_leaf(node):
        return dict(found[(node, negated)])
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


def _all_of(node: And, found: Mapping[tuple[Leaf, bool], LeafScores], universe: Set[str], *,
            negated: bool) -> dict[str, float]:
    """Intersection; NOT children are subtracted rather than built as "everything but" sets."""
    positive = [c for c in node.children if not isinstance(c, Not)]
    excluded: set[str] = set()
    for child in node.children:
        if isinstance(child, Not):
            excluded.update(evaluate(child.child, found, universe, negated=not negated))
    if positive:
        ordered = sorted((evaluate(c, found, universe, negated=negated) for c in positive), key=len)
        result = ordered[0]
        for other in ordered[1:]:
            result = {sid: score + other[sid] for sid, score in result.items() if sid in other}
    else:
        result = {sid: 0.0 for sid in universe}
    return {sid: score for sid, score in result.items() if sid not in excluded}
