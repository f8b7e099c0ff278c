"""The ``:filter:`` expression language: a Pratt parser that compiles as it parses.

An expression such as ``year >= 2022 and ("cs.LG" in categories or title ~ "bandit")``
is tokenized (:mod:`sphinx_papers.lists.filter_tokens`), parsed by a small Pratt
(precedence-climbing) parser and compiled, in the same pass, into nested
closures over a :class:`~sphinx_papers.core.model.Paper`.  Nothing is ever
``eval``'ed: names are looked up in the fixed
:data:`~sphinx_papers.lists.filter_fields.FIELDS` table, so ``__import__('os')`` or
``title.__class__`` are syntax errors, not code.  Every error is a
:class:`~sphinx_papers.lists.matching.SelectionError` with the 1-based column.

This module owns the grammar and the boolean structure; what a comparison
means for each kind of field lives in :mod:`sphinx_papers.lists.filter_fields`.
Semantics (the reference is ``docs/filters.md``): text comparisons fold case
and accents; ``~`` is a case-insensitive regular-expression search; list
fields (``authors``, ``categories``, ``doi``) are true for a test when any
element is; ``"name" in authors`` matches people as ``:author:`` does.
Precedence, loosest first: ``or``, ``and``, ``not``, comparisons (which do not chain).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from .filter_fields import (
    FIELDS,
    NUMBER,
    Field,
    contains_test,
    field_test,
    one_of_test,
)
from .filter_tokens import Token, tokenize
from .matching import Predicate, SelectionError

# --------------------------------------------------------------------------- parse tree


@dataclass(frozen=True)
class _Value:
    token: Token  # a quoted string or a number


@dataclass(frozen=True)
class _FieldRef:
    field: Field
    token: Token


@dataclass(frozen=True)
class _Values:
    items: tuple[Token, ...]
    token: Token  # the opening parenthesis


@dataclass(frozen=True)
class _Cond:
    test: Predicate
    token: Token
    comparison: bool = False


_Node = _Value | _FieldRef | _Values | _Cond

# binding powers: a higher one binds tighter
_BP_OR, _BP_AND, _BP_NOT, _BP_COMPARE = 1, 2, 3, 4
_BINDING = {"or": _BP_OR, "and": _BP_AND}
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "~", "in", "not in"})
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}

# --------------------------------------------------------------------------- parser


class _Parser:
    """Recursive descent with precedence climbing over the token list."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def at(self, op: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.value == op

    def advance(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def expected(self, what: str, note: str = "") -> NoReturn:
        """Fail at the current token: it is not the ``what`` the grammar needs here."""
        token = self.peek()
        where = f" after {self.tokens[self.pos - 1].text!r}" if self.pos else ""
        found = "" if token.kind == "end" else f", found {token.text!r}"
        msg = f"expected {what}{where}{found}{note}"
        raise SelectionError(msg, token.column)

    def parse(self) -> Predicate:
        if self.peek().kind == "end":
            msg = "empty filter expression"
            raise SelectionError(msg, 1)
        node = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            msg = f"unexpected {token.text!r} after a complete condition"
            raise SelectionError(msg, token.column)
        return _condition(node)

    def expression(self, min_bp: int) -> _Node:
        left = self.prefix()
        while True:
            op, size = self.infix_operator()
            bp = _BINDING.get(op, _BP_COMPARE if op else 0)
            if bp <= min_bp:
                return left
            token = self.peek()
            self.pos += size
            if op in {"and", "or"}:
                left = _boolean(op, left, self.expression(bp), token)
            else:
                left = _compare(op, left, self.operand(op), token)

    def infix_operator(self) -> tuple[str, int]:
        """The binary operator at the current token and its length in tokens, or ("", 0)."""
        token = self.peek()
        following = self.peek(1)
        if token.kind == "kw" and token.value == "not" and following.kind == "kw" and following.value == "in":
            return "not in", 2
        if token.kind == "kw" and token.value in {"and", "or", "in"}:
            return str(token.value), 1
        if token.kind == "op" and token.value in _COMPARISONS:
            return str(token.value), 1
        return "", 0

    def prefix(self) -> _Node:
        token = self.peek()
        if token.kind == "kw" and token.value == "not":
            self.advance()
            return _Cond(_negated(_condition(self.expression(_BP_NOT))), token)
        if self.at("("):
            self.advance()
            inner = _condition(self.expression(0))
            self.closing(token)
            return _Cond(inner, token)
        return self.operand("")

    def operand(self, after: str) -> _Node:
        """A field or a value; after ``in``, also a parenthesised list of values."""
        if after in {"in", "not in"} and self.at("("):
            return self.values()
        token = self.peek()
        if token.kind not in {"name", "str", "int"}:
            self.expected("a value" if after else "a condition")
        self.advance()
        if token.kind == "name":
            return _FieldRef(_field(token), token)
        return _Value(token)

    def values(self) -> _Values:
        opening = self.advance()
        items: list[Token] = []
        while not (items and self.at(")")):
            token = self.peek()
            if token.kind not in {"str", "int"}:
                self.expected("a quoted string or a number")
            items.append(self.advance())
            if self.at(","):
                self.advance()
            elif not self.at(")"):
                self.expected("',' or ')'")
        self.closing(opening)
        return _Values(tuple(items), opening)

    def closing(self, opening: Token) -> None:
        if self.at(")"):
            self.advance()
            return
        self.expected("')'", f" (to close the '(' at column {opening.column})")


def _field(token: Token) -> Field:
    field = FIELDS.get(str(token.value))
    if field is None:
        names = ", ".join(sorted(FIELDS))
        msg = f"unknown field {token.text!r} (fields: {names})"
        raise SelectionError(msg, token.column)
    return field


# --------------------------------------------------------------------------- combining conditions


def _condition(node: _Node) -> Predicate:
    """The predicate of a node used as a condition: a bare field is true when not empty."""
    if isinstance(node, _Cond):
        return node.test
    if isinstance(node, _FieldRef):
        get, kind = node.field.get, node.field.kind
        if kind == NUMBER:
            return lambda paper: get(paper) is not None
        return lambda paper: bool(get(paper))
    msg = f"{node.token.text} alone is not a condition: compare a field with it"
    raise SelectionError(msg, node.token.column)


def _boolean(op: str, left: _Node, right: _Node, token: Token) -> _Cond:
    first, second = _condition(left), _condition(right)
    if op == "and":
        return _Cond(lambda paper: first(paper) and second(paper), token)
    return _Cond(lambda paper: first(paper) or second(paper), token)


def _compare(op: str, left: _Node, right: _Node, token: Token) -> _Cond:
    if isinstance(left, _Cond):
        if left.comparison:
            msg = "comparisons do not chain: join them with 'and'"
        else:
            msg = f"expected a field or a value before {token.text!r}"
        raise SelectionError(msg, token.column)
    if isinstance(left, _Value) and isinstance(right, _FieldRef) and op in _MIRROR:
        left, right, op = right, left, _MIRROR[op]
    if isinstance(left, _Value) and isinstance(right, _FieldRef) and op in {"in", "not in"}:
        test = contains_test(right.field, left.token)
    elif isinstance(left, _FieldRef) and isinstance(right, _Values):  # read only after "in"
        test = one_of_test(left.field, right.items)
    elif isinstance(left, _FieldRef) and isinstance(right, _Value):
        test = field_test(op, left.field, right.token, token)
    else:
        msg = f"{token.text!r} compares a field with a value"
        raise SelectionError(msg, token.column)
    if op in {"!=", "not in"}:
        test = _negated(test)
    return _Cond(test, token, comparison=True)


def _negated(test: Predicate) -> Predicate:
    return lambda paper: not test(paper)


def compile_filter(text: str) -> Predicate:
    """Parse ``text`` once into a predicate; raises :class:`~sphinx_papers.lists.matching.SelectionError` with a column."""
    return _Parser(text).parse()
