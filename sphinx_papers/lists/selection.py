"""Choosing the papers a publication list shows: one predicate per directive option.

The ``publications`` directive passes its raw option strings (``:year:``,
``:author:``, ``:match:``, ``:type:``, ``:keys:``, ``:filter:``) to the
functions here; each option becomes a :data:`Predicate` (a plain function of
one :class:`~sphinx_papers.core.model.Paper`) built once, so selecting from
thousands of papers is a loop of cheap calls.  A bad option value raises
:class:`SelectionError`, which the directive turns into a warning.

This is also the one import place for everything about selecting papers:
the comparisons (:mod:`sphinx_papers.lists.matching`), paper types
(:mod:`sphinx_papers.lists.paper_types`), ``:sort:`` and ``:group-by:``
(:mod:`sphinx_papers.lists.ordering`) and the ``:filter:`` language
(:mod:`sphinx_papers.lists.filter_lang`) are re-exported here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .filter_lang import compile_filter
from .matching import Predicate, SelectionError, author_matcher, compile_regex, strip_case_and_accents
from .ordering import SORT_KEYS, UNDATED, date_key, group_papers, sort_papers
from .paper_types import (
    KNOWN_TYPES,
    OTHER_HEADING,
    TYPE_HEADINGS,
    canonical_type,
    journal_text,
    paper_type,
    type_heading,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..core.model import Paper

__all__ = [
    "KNOWN_TYPES",
    "OTHER_HEADING",
    "SORT_KEYS",
    "TYPE_HEADINGS",
    "UNDATED",
    "Predicate",
    "SelectionError",
    "all_of",
    "author_matcher",
    "author_predicate",
    "compile_regex",
    "date_key",
    "group_papers",
    "journal_text",
    "keys_predicate",
    "match_predicate",
    "paper_type",
    "parse_filter",
    "parse_keys",
    "parse_years",
    "sort_papers",
    "strip_case_and_accents",
    "type_heading",
    "type_predicate",
]

_YEAR_ITEM = re.compile(
    r"\s*(?:(?P<op><=|>=|<|>|=)?\s*(?P<year>\d{4})|(?P<lo>\d{4})\s*[-–]\s*(?P<hi>\d{4}))\s*"
)
_FAR = 10**6  # stands for "no bound" in year ranges


def _year_range(item: str, column: int) -> tuple[int, int]:
    m = _YEAR_ITEM.fullmatch(item)
    if m is None:
        msg = f"bad year {item.strip()!r}: expected 2024, 2021-2023, >=2022 or <2020"
        raise SelectionError(msg, column)
    if m["lo"]:
        lo, hi = int(m["lo"]), int(m["hi"])
        if lo > hi:
            msg = f"empty year range {item.strip()!r}: write the earlier year first"
            raise SelectionError(msg, column)
        return lo, hi
    year, op = int(m["year"]), m["op"] or "="
    bounds = {"=": (year, year), "<": (-_FAR, year - 1), "<=": (-_FAR, year), ">": (year + 1, _FAR)}
    return bounds.get(op, (year, _FAR))  # the remaining operator is ">="


def parse_years(text: str) -> Predicate:
    """``:year:``: ``2024``, ``2021-2023``, ``>=2022``, ``<2020``, or several joined by commas (any may match).

    Papers without a year never match.
    """
    if not text.strip():
        msg = "no year given"
        raise SelectionError(msg, 1)
    ranges: list[tuple[int, int]] = []
    column = 1
    for item in text.split(","):
        ranges.append(_year_range(item, column + len(item) - len(item.lstrip())))
        column += len(item) + 1

    def test(paper: Paper) -> bool:
        year = paper.year
        return year is not None and any(lo <= year <= hi for lo, hi in ranges)

    return test


def author_predicate(name: str) -> Predicate:
    """``:author:``: papers with an author matching ``name`` (see :func:`author_matcher`).

    Several names separated by ``;`` select the papers of any of them.
    """
    names = [n for n in (part.strip() for part in name.split(";")) if n]
    if not names:
        msg = "no author name given"
        raise SelectionError(msg, 1)
    matchers = [author_matcher(n) for n in names]
    return lambda paper: any(m(a) for a in paper.authors for m in matchers)


def match_predicate(regex: str) -> Predicate:
    """``:match:``: papers whose title or abstract contains a match of ``regex`` (case-insensitive)."""
    if not regex.strip():
        msg = "empty regular expression"
        raise SelectionError(msg, 1)
    search = compile_regex(regex).search
    return lambda paper: search(paper.title) is not None or search(paper.abstract) is not None


_LIST_ITEM = re.compile(r"[^,\s]+")


def type_predicate(types: str) -> Predicate:
    """``:type:``: papers whose :func:`paper_type` is one of the comma- or space-separated types."""
    wanted: set[str] = set()
    for m in _LIST_ITEM.finditer(types):
        kind = m.group().lower()
        if kind not in KNOWN_TYPES:
            msg = f"unknown type {kind!r} (use preprint, article, inproceedings, book, ... or a .bib entry type)"
            raise SelectionError(msg, m.start() + 1)
        wanted.add(canonical_type(kind))
    if not wanted:
        msg = "no type given"
        raise SelectionError(msg, 1)
    return lambda paper: paper_type(paper) in wanted


def parse_keys(keys: str) -> list[str]:
    """The citation keys of a ``:keys:`` value (comma or space separated), in order, without repeats."""
    return list(dict.fromkeys(_LIST_ITEM.findall(keys)))


def keys_predicate(keys: str) -> Predicate:
    """``:keys:``: exactly the papers whose citation key (``paper.key``) is listed (case-sensitive)."""
    wanted = frozenset(parse_keys(keys))
    if not wanted:
        msg = "no key given"
        raise SelectionError(msg, 1)
    return lambda paper: paper.key in wanted


def parse_filter(text: str) -> Predicate:
    """``:filter:``: an expression of the filter language (:mod:`sphinx_papers.lists.filter_lang`)."""
    return compile_filter(text)


def all_of(predicates: Iterable[Predicate]) -> Predicate:
    """A predicate true when every one of ``predicates`` is (always true for none)."""
    tests = tuple(predicates)
    if not tests:
        return lambda paper: True
    if len(tests) == 1:
        return tests[0]
    return lambda paper: all(test(paper) for test in tests)
