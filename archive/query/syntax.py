"""A user's query string -> a boolean tree of leaves (words, "phrases", field:value), before any index is asked."""
from __future__ import annotations

import re
from dataclasses import dataclass

from index import QueryError

OPERATORS = ("AND", "OR", "NOT")
STORE_FIELDS = ("org", "country")  # answered from the store's signatures, not from the text index

# One token: a bracket, a leading "-", a field with a quoted, bracketed or bare value, a phrase, a word.
_TOKEN = re.compile(r"""
    (?P<open>\()|(?P<close>\))
  | (?P<minus>-)(?=[\w"(])
  | (?P<field>[^\W\d]\w*):(?P<value>"[^"]*"|\[[^\]]*\]|\{[^}]*\}|[^\s()]+)
  | (?P<phrase>"[^"]*")
  | (?P<word>[^\s()"]+)
""", re.VERBOSE)


@dataclass(frozen=True, slots=True)
class Leaf:
    """One thing to look up: `text` as the index reads it ("strike", '"general strike"', 'title:grève')."""

    text: str
    field: str | None = None  # lower-cased field name, or None for words and phrases
    value: str = ""  # the field's value without quotes


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Leaf | Not | And | Or


def _tokens(text: str) -> list[tuple[str, str | Leaf]]:
    if text.count('"') % 2:
        raise QueryError(text, 'a double quote (") is not closed')
    tokens: list[tuple[str, str | Leaf]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if text[position:match.start()].strip():
            raise QueryError(text, f"cannot read {text[position:match.start()].strip()!r}")
        position = match.end()
        kind = match.lastgroup if match.lastgroup != "value" else "field"
        if kind in ("open", "close", "minus"):
            tokens.append((kind, match.group()))
        elif kind == "field":
            value = match.group("value")
            tokens.append(("leaf", Leaf(match.group(), match.group("field").lower(), value.strip('"'))))
        elif match.group() in OPERATORS:
            tokens.append(("op", match.group()))
        else:
            tokens.append(("leaf", Leaf(match.group())))
    return tokens


class _Parser:
    """or := and (OR and)* ; and := unary ([AND] unary)* ; unary := (NOT | -) unary | ( or ) | leaf."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def parse(self) -> Node:
        if not self.tokens:
            raise QueryError(self.text, "the query is empty")
        node = self._or()
        if self.at < len(self.tokens):
            kind, token = self.tokens[self.at]
            raise QueryError(self.text, f"{token!r} has no matching '('" if kind == "close" else f"unexpected {token!r}")
        return node

    def _peek(self) -> tuple[str, str | Leaf] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _or(self) -> Node:
        children = [self._and()]
        while self._peek() == ("op", "OR"):
            self.at += 1
            children.append(self._and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _and(self) -> Node:
        children = [self._unary()]
        while (token := self._peek()) is not None and token[0] != "close" and token != ("op", "OR"):
            if token == ("op", "AND"):
                self.at += 1
            children.append(self._unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def _unary(self) -> Node:
        token = self._peek()
        if token is None:
            last = self.tokens[-1][1]
            raise QueryError(self.text, f"{last!r} at the end has nothing after it")
        kind, value = token
        self.at += 1
        if kind == "minus" or token == ("op", "NOT"):
            return Not(self._unary())
        if kind == "op":
            raise QueryError(self.text, f"{value!r} has nothing before it" if self.at == 1
                             else f"{value!r} follows another operator")
        if kind == "open":
            node = self._or()
            if self._peek() is None or self._peek()[0] != "close":
                raise QueryError(self.text, "'(' is not closed")
            self.at += 1
            return node
        if kind == "close":
            raise QueryError(self.text, "')' has no matching '('")
        if not isinstance(value, Leaf):  # every other kind of token was handled above
            raise QueryError(self.text, f"unexpected {value!r}")
        return value


def parse(text: str) -> Node:
    """The boolean tree of a query; QueryError (one line) for a dangling operator, a lone bracket or quote."""
    return _Parser(text).parse()


def leaves(node: Node, *, negated: bool = False) -> list[tuple[Leaf, bool]]:
    """Every leaf with whether it sits under an odd number of NOTs."""
    if isinstance(node, Leaf):
        return [(node, negated)]
    if isinstance(node, Not):
        return leaves(node.child, negated=not negated)
    return [pair for child in node.children for pair in leaves(child, negated=negated)]
