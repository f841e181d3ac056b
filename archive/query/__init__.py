"""Queries read at statement level: the boolean tree of a query string and its evaluation over leaf matches."""
from .evaluate import LeafMatches, evaluate
from .syntax import STORE_FIELDS, And, Leaf, Node, Not, Or, leaves, parse

__all__ = ["STORE_FIELDS", "And", "Leaf", "LeafMatches", "Node", "Not", "Or", "evaluate", "leaves", "parse"]
