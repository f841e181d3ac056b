"""The query language, parsed once into an engine-neutral tree that each backend compiles.

    strike grève              both words (AND is the default)
    strike OR huelga          either
    strike NOT dockers        NOT, or -dockers
    "general strike"          a phrase
    strik*                    words beginning with "strik"
    (a OR b) c                grouping

NOT binds tightest, then AND, then OR, then words side by side (as in Whoosh's parser):
"a OR b c" is "(a OR b) AND c", "a AND b OR c" is "(a AND b) OR c".
    lang:fr title:... org:... country:... date:2020 date:2020-08 date:[2020-01-01 TO 2020-12-31]

The one parser of the query language: `SectionIndex.search` compiles its tree for a backend, and
`archive search` evaluates the same tree at statement level, asking the index for its leaves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .analysis import fold
from .errors import QueryError

MAX_NESTING = 50  # deeper parentheses are an error, not a deep recursion
MAX_CLAUSES = 500  # more words and operators than any researcher types; bounds the work per query
MIN_PREFIX = 2  # letters before a trailing *; "*" or "a*" alone would expand to most of the index

QUERY_FIELDS = ("lang", "title", "org", "country", "date")
DATE_HELP = "dates look like 2020, 2020-08, 2020-08-09 or a range date:[2020-01-01 TO 2020-12-31]"
_TOKEN = re.compile(r'\s+|(?P<open>\()|(?P<close>\))|(?P<quoted>"[^"]*")|(?P<range>\[[^\]]*\])|(?P<word>[^\W\d]\w*:\[[^\]]*\]|[^\s()"]+)')
_FIELD = re.compile(r"^([^\W\d]\w*):(.*)$", re.S)
_RANGE = re.compile(r"^\[\s*(\S*)\s+TO\s+(\S*)\s*\]$")


@dataclass(frozen=True, slots=True)
class Words:
    """Words as typed (a phrase when `phrase`); `field` None means the section's title and text."""

    text: str
    field: str | None = None
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Prefix:
    """Words beginning with `text` (already folded)."""

    text: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class DateSpan:
    """Sections dated from `start` to `end`, both inclusive; None is open."""

    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: "Node"


Node = Words | Prefix | DateSpan | And | Or | Not
Leaf = Words | Prefix | DateSpan  # what the index answers on its own; And, Or and Not combine leaves


def is_leaf(node: Node) -> bool:
    return isinstance(node, (Words, Prefix, DateSpan))


def describe(node: Node) -> str:
    """A query string that parses back to `node` (for messages about a part of a query)."""
    if isinstance(node, (And, Or)):
        joined = f" {type(node).__name__.upper()} ".join(describe(child) for child in node.children)
        return f"({joined})"
    if isinstance(node, Not):
        return f"NOT {describe(node.child)}"
    if isinstance(node, DateSpan):
        return f"date:[{node.start or '*'} TO {node.end or '*'}]"
    field = f"{node.field}:" if node.field else ""
    if isinstance(node, Prefix):
        return f"{field}{node.text}*"
    return f'{field}"{node.text}"' if node.phrase or not node.text.strip() or " " in node.text else f"{field}{node.text}"


def period(value: str) -> tuple[date, date] | None:
    """First and last day of "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None if `value` is none of them."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            first = last = date(year, month, day)
        elif month is not None:
            first = date(year, month, 1)
            last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return first, last


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._lex(text)
        self.at = 0

    def fail(self, reason: str) -> QueryError:
        return QueryError(self.text, reason)

    def _lex(self, text: str) -> list[tuple[str, str, int]]:
        if text.count('"') % 2:
            raise self.fail('a double quote (") is not closed')
        tokens = []
        for match in _TOKEN.finditer(text):
            if match.lastgroup:
                tokens.append((match.lastgroup, match.group(), match.start()))
        if len(tokens) > MAX_CLAUSES:
            raise self.fail(f"more than {MAX_CLAUSES} words and operators")
        return tokens

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def is_operator(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] == name

    def parse(self) -> Node:
        if not self.tokens:
            raise self.fail("the query is empty")
        node = self.parse_sequence(depth=0)
        token = self.peek()
        if token is not None:
            raise self.fail(f"')' at position {token[2] + 1} has no matching '('")
        return node

    def parse_sequence(self, *, depth: int) -> Node:
        """Terms side by side, all required: binds loosest ("a OR b c" is "(a OR b) AND c")."""
        children = [self.parse_or(depth=depth)]
        while (token := self.peek()) is not None and token[0] != "close":
            children.append(self.parse_or(depth=depth))
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_or(self, *, depth: int) -> Node:
        children = [self.parse_and(depth=depth)]
        while self.is_operator("OR"):
            self.at += 1
            children.append(self.parse_and(depth=depth, after="OR"))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self, *, depth: int, after: str | None = None) -> Node:
        """An explicit AND binds tighter than OR ("a AND b OR c" is "(a AND b) OR c")."""
        children = [self.parse_unary(depth=depth, after=after)]
        while self.is_operator("AND"):
            self.at += 1
            children.append(self.parse_unary(depth=depth, after="AND"))
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self, *, depth: int, after: str | None = None) -> Node:
        token = self.peek()
        if token is None or token[0] == "close" or (token[0] == "word" and token[1] in ("AND", "OR")):
            raise self.fail(self.missing(token, after=after))
        negations = 0  # NOT NOT a, --a: counted in a loop, not by recursion
        while True:
            kind, value, position = token
            if kind == "word" and value == "NOT":
                negations, after = negations + 1, "NOT"
            elif kind == "word" and value.startswith("-") and value.strip("-"):
                bare = value.lstrip("-")
                negations += len(value) - len(bare)
                self.tokens[self.at] = ("word", bare, position + len(value) - len(bare))
                break
            else:
                break
            self.at += 1
            token = self.peek()
            if token is None or token[0] == "close" or (token[0] == "word" and token[1] in ("AND", "OR")):
                raise self.fail("'NOT' needs something after it")
        node = self.parse_atom(depth=depth)
        return Not(node) if negations % 2 else node

    def missing(self, token: tuple[str, str, int] | None, *, after: str | None) -> str:
        """Why there is nothing where a word was expected."""
        if after:
            return f"'{after}' needs something after it"
        if token is not None and token[0] == "word":
            return f"'{token[1]}' needs something before it"
        opened = self.tokens[self.at - 1] if self.at else None
        if opened is not None and opened[0] == "open":
            return "empty parentheses" if token is not None else f"'(' at position {opened[2] + 1} is not closed"
        if token is not None:
            return f"')' at position {token[2] + 1} has no matching '('"
        return "the query is empty"

    def parse_atom(self, *, depth: int) -> Node:
        kind, value, position = self.peek()
        self.at += 1
        if kind == "open":
            if depth >= MAX_NESTING:
                raise self.fail(f"more than {MAX_NESTING} nested parentheses")
            node = self.parse_sequence(depth=depth + 1)
            if self.peek() is None:
                raise self.fail(f"'(' at position {position + 1} is not closed")
            self.at += 1
            return node
        if kind == "quoted":
            return Words(value[1:-1], phrase=True)
        if kind == "range":
            raise self.fail(f"a range needs a field before it, as in date:{value}")
        return self.field_or_word(value)

    def field_or_word(self, value: str) -> Node:
        match = _FIELD.match(value)
        if match is None:
            return self.word(value, field=None)
        name, rest = match.group(1).lower(), match.group(2)
        if name not in QUERY_FIELDS:
            known = ", ".join(f"{f}:" for f in QUERY_FIELDS)
            raise self.fail(f"unknown field {match.group(1)!r}; known fields are {known}")
        if not rest:
            token = self.peek()
            if token is None or token[0] not in ("quoted", "range"):
                raise self.fail(f"{name}: needs a value right after it")
            self.at += 1
            rest = token[1]
        if name == "date":
            return self.date(rest)
        if rest.startswith('"'):
            return Words(rest.strip('"'), field=name, phrase=True)
        if rest.startswith("["):
            raise self.fail(f"only date: takes a range, not {name}:")
        return self.word(rest, field=name)

    def word(self, value: str, *, field: str | None) -> Node:
        if "*" not in value:
            return Words(value, field=field)
        stem = value.rstrip("*")
        if "*" in stem:
            raise self.fail(f"{value!r}: a * may only end a word")
        folded = "".join(re.findall(r"\w", fold(stem)))
        if len(folded) < MIN_PREFIX:
            raise self.fail(f"{value!r} would match almost every word; give at least {MIN_PREFIX} letters before *")
        return Prefix(folded, field=field)

    def date(self, value: str) -> Node:
        match = _RANGE.match(value)
        if match is None:
            span = period(value)
            if span is None:
                raise self.fail(DATE_HELP)
            return DateSpan(*span)
        bounds = []
        for part, pick in ((match.group(1), 0), (match.group(2), 1)):
            if part in ("", "*"):
                bounds.append(None)
                continue
            span = period(part)
            if span is None:
                raise self.fail(DATE_HELP)
            bounds.append(span[pick])
        if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
            raise self.fail("the range ends before it starts")
        return DateSpan(bounds[0], bounds[1])


def parse(text: str) -> Node:
    """The query tree of a user's query string; QueryError (one line) when it is malformed."""
    return _Parser(text).parse()
