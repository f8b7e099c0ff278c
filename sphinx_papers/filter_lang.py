"""The ``:filter:`` expression language: tokenizer, Pratt parser, compiler to closures.

An expression such as ``year >= 2022 and ("cs.LG" in categories or title ~ "bandit")``
is tokenized, parsed by a small Pratt (precedence-climbing) parser and
compiled, in the same pass, into nested closures over a
:class:`~sphinx_papers.model.Paper`.  Nothing is ever ``eval``'ed: names
are looked up in the fixed :data:`FIELDS` table, so ``__import__('os')`` or
``title.__class__`` are syntax errors, not code.  Every error is a
:class:`~sphinx_papers.selection.SelectionError` with the 1-based column.

Semantics (the reference is ``docs/filters.md``): text comparisons fold case
and accents; ``~`` is a case-insensitive regular-expression search; list
fields (``authors``, ``categories``, ``doi``) are true for a test when any
element is; ``"name" in authors`` matches people as ``:author:`` does.
Precedence, loosest first: ``or``, ``and``, ``not``, comparisons (which do not chain).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from .arxiv_ids import parse as parse_arxiv_id
from .selection import (
    Predicate,
    SelectionError,
    author_matcher,
    compile_regex,
    fold,
    journal_text,
    paper_type,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from .model import Paper

# --------------------------------------------------------------------------- fields

TEXT, NUMBER, LIST, NAMES = "text", "number", "list", "names"


@dataclass(frozen=True)
class Field:
    """A name the language knows: its ``kind`` and how to read it from a paper."""

    name: str
    kind: str  # TEXT -> str, NUMBER -> int | None, LIST -> tuple[str, ...], NAMES -> tuple[Author, ...]
    get: Callable[[Paper], Any]
    #: how a quoted value is put into the form the field's values are compared in
    prepare: Callable[[str], str] = fold


def _arxiv_literal(text: str) -> str:
    ident = parse_arxiv_id(text)
    return ident.id.lower() if ident else fold(text)


def _doi_literal(text: str) -> str:
    return fold(re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", text.strip(), flags=re.IGNORECASE))


_VENUE_FIELDS = ("publisher", "school", "institution", "organization", "howpublished")


def venue(paper: Paper) -> str:
    """:func:`~sphinx_papers.selection.journal_text`, else a .bib publisher/school/..., else ``arXiv`` for a preprint."""
    text = journal_text(paper)
    if text:
        return text
    for name in _VENUE_FIELDS:
        value = paper.bibtex_fields.get(name, "")
        if value:
            return value.replace("{", "").replace("}", "").strip()
    return "arXiv" if paper_type(paper) == "preprint" else ""


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("title", TEXT, lambda p: p.title),
        Field("abstract", TEXT, lambda p: p.abstract),
        Field("authors", NAMES, lambda p: p.authors),
        Field("year", NUMBER, lambda p: p.year),
        Field("month", NUMBER, lambda p: p.month),
        Field("type", TEXT, paper_type),
        Field("key", TEXT, lambda p: p.key),
        Field("arxiv", TEXT, lambda p: p.arxiv_id, _arxiv_literal),
        Field("categories", LIST, lambda p: p.categories),
        Field("doi", LIST, lambda p: p.dois, _doi_literal),
        Field("journal", TEXT, journal_text),
        Field("comments", TEXT, lambda p: p.comments),
        Field("venue", TEXT, venue),
    )
}
FIELDS["author"] = FIELDS["authors"]
FIELDS["category"] = FIELDS["categories"]

# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    |(?P<int>\d+)
    |(?P<op>==|!=|<=|>=|<|>|~|\(|\)|,)
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE | re.DOTALL,
)
# only a quote or a backslash is escaped: any other backslash stays, so that
# regular expressions read as usual ("\bGAN\b", "\d+")
_ESCAPE = re.compile(r"\\([\"'\\])")
_KEYWORDS = frozenset({"and", "or", "not", "in"})
_HINTS = {
    "=": "use '==' to compare",
    "!": "use 'not'",
    "&": "use 'and'",
    "|": "use 'or'",
    ".": "fields have no attributes",
}


class Token(NamedTuple):
    """One token: ``kind`` (str, int, op, kw, name, end), its source ``text``, its value and 1-based column."""

    kind: str
    text: str
    value: str | int
    column: int


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token; raises :class:`SelectionError`."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise _bad_character(text, pos)
        if m.lastgroup != "space":
            tokens.append(_token(m))
        pos = m.end()
    tokens.append(Token("end", "end of filter", "", len(text) + 1))
    return tokens


def _escaped(m: re.Match[str]) -> str:
    return m.group(1)


def _token(m: re.Match[str]) -> Token:
    kind, source, column = m.lastgroup or "", m.group(), m.start() + 1
    if kind == "str":
        return Token(kind, source, _ESCAPE.sub(_escaped, source[1:-1]), column)
    if kind == "int":
        return Token(kind, source, int(source), column)
    if kind == "name" and source.lower() in _KEYWORDS:
        return Token("kw", source, source.lower(), column)
    return Token(kind, source, source.lower() if kind == "name" else source, column)


def _bad_character(text: str, pos: int) -> SelectionError:
    char = text[pos]
    if char in "\"'":
        return SelectionError(f"unterminated string: no closing {char}", pos + 1)
    hint = _HINTS.get(char)
    return SelectionError(f"unexpected {char!r}" + (f" ({hint})" if hint else ""), pos + 1)


# --------------------------------------------------------------------------- parse tree


@dataclass(frozen=True)
class _Value:
    value: str | int
    token: Token


@dataclass(frozen=True)
class _FieldRef:
    field: Field
    token: Token


@dataclass(frozen=True)
class _Values:
    items: tuple[_Value, ...]
    token: Token


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
_ORDER = {"==": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


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
        return _Value(token.value, token)

    def values(self) -> _Values:
        opening = self.advance()
        items: list[_Value] = []
        while not (items and self.at(")")):
            token = self.peek()
            if token.kind not in {"str", "int"}:
                self.expected("a quoted string or a number")
            items.append(_Value(self.advance().value, token))
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


# --------------------------------------------------------------------------- compiling


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
        test = _contains(right.field, left)
    elif isinstance(left, _FieldRef) and isinstance(right, (_Value, _Values)):
        test = _field_test(op, left.field, right, token)
    else:
        msg = f"{token.text!r} compares a field with a value"
        raise SelectionError(msg, token.column)
    if op in {"!=", "not in"}:
        test = _negated(test)
    return _Cond(test, token, comparison=True)


def _negated(test: Predicate) -> Predicate:
    return lambda paper: not test(paper)


def _field_test(op: str, field: Field, right: _Value | _Values, token: Token) -> Predicate:
    if isinstance(right, _Values):  # the parser reads a list of values only after "in"
        return _one_of(field, right.items)
    if op in {"in", "not in"}:
        msg = f"'{field.name} in' needs a list of values in parentheses: {field.name} in (..., ...)"
        raise SelectionError(msg, right.token.column)
    if op == "~":
        return _regex(field, right)
    if field.kind == NUMBER:
        return _number(op, field, right)
    if op not in {"==", "!="}:
        msg = f"{field.name!r} is text: compare it with '==', '!=', 'in' or '~', not {token.text!r}"
        raise SelectionError(msg, token.column)
    return _equals(field, _text(field, right))


def _text(field: Field, value: _Value) -> str:
    if not isinstance(value.value, str):
        msg = f'{field.name!r} is text: quote the value ({field.name} == "{value.value}")'
        raise SelectionError(msg, value.token.column)
    return field.prepare(value.value)


def _number(op: str, field: Field, value: _Value) -> Predicate:
    want = value.value
    if not isinstance(want, int):
        msg = f"{field.name!r} is a number: write it without quotes"
        raise SelectionError(msg, value.token.column)
    get, compare = field.get, _ORDER["==" if op == "!=" else op]  # "!=" is negated by the caller
    return lambda paper: (v := get(paper)) is not None and compare(v, want)


def _equals(field: Field, want: str) -> Predicate:
    get = field.get
    if field.kind == TEXT:
        return lambda paper: fold(get(paper)) == want
    if field.kind == NAMES:
        return lambda paper: any(fold(a.display) == want for a in get(paper))
    return lambda paper: any(fold(v) == want for v in get(paper))


def _contains(field: Field, value: _Value) -> Predicate:
    """``"value" in field``: a substring of text, an element of a list, a person among authors."""
    if field.kind == NUMBER:
        msg = f"{field.name!r} is a number: use {field.name} == {value.value} or {field.name} in (...)"
        raise SelectionError(msg, value.token.column)
    want, get = _text(field, value), field.get
    if field.kind == TEXT:
        return lambda paper: want in fold(get(paper))
    if field.kind == NAMES:
        matches = author_matcher(str(value.value))
        return lambda paper: any(matches(a) for a in get(paper))
    return _equals(field, want)


def _one_of(field: Field, items: tuple[_Value, ...]) -> Predicate:
    """``field in (a, b, ...)``: equal to one of the values (a person among authors matching one)."""
    get = field.get
    if field.kind == NUMBER:
        numbers = frozenset(_number_value(field, item) for item in items)
        return lambda paper: get(paper) in numbers
    if field.kind == NAMES:
        matchers = [author_matcher(_text(field, item)) for item in items]
        return lambda paper: any(m(a) for a in get(paper) for m in matchers)
    wanted = frozenset(_text(field, item) for item in items)
    if field.kind == TEXT:
        return lambda paper: fold(get(paper)) in wanted
    return lambda paper: any(fold(v) in wanted for v in get(paper))


def _number_value(field: Field, item: _Value) -> int:
    if not isinstance(item.value, int):
        msg = f"{field.name!r} is a number: write it without quotes"
        raise SelectionError(msg, item.token.column)
    return item.value


def _regex(field: Field, value: _Value) -> Predicate:
    if field.kind == NUMBER or not isinstance(value.value, str):
        msg = "'~' matches a text field against a quoted regular expression"
        raise SelectionError(msg, value.token.column)
    search, get = compile_regex(value.value, value.token.column).search, field.get
    if field.kind == TEXT:
        return lambda paper: search(get(paper)) is not None
    if field.kind == NAMES:
        return lambda paper: any(search(a.display) for a in get(paper))
    return lambda paper: any(search(v) for v in get(paper))


def compile_filter(text: str) -> Predicate:
    """Parse ``text`` once into a predicate; raises :class:`SelectionError` with a column."""
    return _Parser(text).parse()
