"""The fields of the ``:filter:`` language and what each operator means for each kind of field.

:data:`FIELDS` is the fixed table of names a filter may use; nothing else is
ever looked up, which is what keeps the language safe.  A field has one of
four kinds: ``TEXT`` (a string), ``NUMBER`` (an int or ``None``), ``LIST``
(strings) and ``NAMES`` (authors).  The ``*_test`` functions compile one
comparison of a field with the literal tokens written in the filter into a
:data:`~sphinx_papers.lists.matching.Predicate`, checking on the way that the
operator and the literal suit the kind; a mismatch is a
:class:`~sphinx_papers.lists.matching.SelectionError` at the literal's column.
Text compares folded; a list or the authors pass a test when any element does.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.arxiv_ids import parse as parse_arxiv_id
from .matching import SelectionError, author_matcher, compile_regex, strip_case_and_accents
from .paper_types import journal_text, paper_type

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..core.model import Paper
    from .filter_tokens import Token
    from .matching import Predicate

TEXT, NUMBER, LIST, NAMES = "text", "number", "list", "names"


@dataclass(frozen=True)
class Field:
    """A name the language knows: its ``kind`` and how to read it from a paper."""

    name: str
    kind: str  # TEXT -> str, NUMBER -> int | None, LIST -> tuple[str, ...], NAMES -> tuple[Author, ...]
    get: Callable[[Paper], Any]
    #: how a quoted value is put into the form the field's values are compared in
    prepare: Callable[[str], str] = strip_case_and_accents


def _arxiv_literal(text: str) -> str:
    ident = parse_arxiv_id(text)
    return ident.id.lower() if ident else strip_case_and_accents(text)


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def _doi_literal(text: str) -> str:
    return strip_case_and_accents(_DOI_PREFIX.sub("", text.strip()))


_VENUE_FIELDS = ("publisher", "school", "institution", "organization", "howpublished")


def venue(paper: Paper) -> str:
    """:func:`~sphinx_papers.lists.paper_types.journal_text`, else a .bib publisher/school/..., else ``arXiv`` for a preprint."""
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

_ORDER = {"==": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def field_test(op: str, field: Field, value: Token, op_token: Token) -> Predicate:
    """``field op value`` for a single literal; ``!=`` compiles as ``==`` (the caller negates)."""
    if op in {"in", "not in"}:
        msg = f"'{field.name} in' needs a list of values in parentheses: {field.name} in (..., ...)"
        raise SelectionError(msg, value.column)
    if op == "~":
        return _regex(field, value)
    if field.kind == NUMBER:
        return _number(op, field, value)
    if op not in {"==", "!="}:
        msg = f"{field.name!r} is text: compare it with '==', '!=', 'in' or '~', not {op_token.text!r}"
        raise SelectionError(msg, op_token.column)
    return _equals(field, _text(field, value))


def _text(field: Field, value: Token) -> str:
    if not isinstance(value.value, str):
        msg = f'{field.name!r} is text: quote the value ({field.name} == "{value.value}")'
        raise SelectionError(msg, value.column)
    return field.prepare(value.value)


def _number(op: str, field: Field, value: Token) -> Predicate:
    want = _number_value(field, value)
    get, compare = field.get, _ORDER["==" if op == "!=" else op]  # "!=" is negated by the caller
    return lambda paper: (v := get(paper)) is not None and compare(v, want)


def _number_value(field: Field, item: Token) -> int:
    if not isinstance(item.value, int):
        msg = f"{field.name!r} is a number: write it without quotes"
        raise SelectionError(msg, item.column)
    return item.value


def _equals(field: Field, want: str) -> Predicate:
    get = field.get
    if field.kind == TEXT:
        return lambda paper: strip_case_and_accents(get(paper)) == want
    if field.kind == NAMES:
        return lambda paper: any(strip_case_and_accents(a.display) == want for a in get(paper))
    return lambda paper: any(strip_case_and_accents(v) == want for v in get(paper))


def contains_test(field: Field, value: Token) -> Predicate:
    """``"value" in field``: a substring of text, an element of a list, a person among authors."""
    if field.kind == NUMBER:
        msg = f"{field.name!r} is a number: use {field.name} == {value.value} or {field.name} in (...)"
        raise SelectionError(msg, value.column)
    want, get = _text(field, value), field.get
    if field.kind == TEXT:
        return lambda paper: want in strip_case_and_accents(get(paper))
    if field.kind == NAMES:
        matches = author_matcher(str(value.value))
        return lambda paper: any(matches(a) for a in get(paper))
    return _equals(field, want)


def one_of_test(field: Field, items: Sequence[Token]) -> Predicate:
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
        return lambda paper: strip_case_and_accents(get(paper)) in wanted
    return lambda paper: any(strip_case_and_accents(v) in wanted for v in get(paper))


def _regex(field: Field, value: Token) -> Predicate:
    if field.kind == NUMBER or not isinstance(value.value, str):
        msg = "'~' matches a text field against a quoted regular expression"
        raise SelectionError(msg, value.column)
    search, get = compile_regex(value.value, value.column).search, field.get
    if field.kind == TEXT:
        return lambda paper: search(get(paper)) is not None
    if field.kind == NAMES:
        return lambda paper: any(search(a.display) for a in get(paper))
    return lambda paper: any(search(v) for v in get(paper))
