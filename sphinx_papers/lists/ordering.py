"""Ordering and grouping the selected papers: ``:sort:`` and ``:group-by:``.

Sorting is deterministic: papers lacking a key's value come last in either
direction and the remaining ties are broken on the papers' own content, so a
list never depends on the order its sources were read in.  Text keys are
without case and accents (:func:`~sphinx_papers.lists.matching.strip_case_and_accents`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .matching import SelectionError, strip_case_and_accents
from .paper_types import heading_rank, paper_type, type_heading

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from ..core.model import Paper

#: the year of an arXiv identifier that does not parse, so that it sorts after every real one
_UNPARSED_YEAR = 10**6
UNDATED = "Undated"


def date_key(paper: Paper) -> tuple[int, int, int] | None:
    """(year, month, day) of first appearance, 0 for an unknown month or day; ``None`` if undated."""
    for when in (paper.first_submitted, paper.submitted):
        if when is not None:
            return (when.year, when.month, when.day)
    for ym in (paper.announced, paper.issued):
        if ym is not None:
            return (ym.year, ym.month or 0, 0)
    return None


def _arxiv_key(paper: Paper) -> tuple[int, int, int, str] | None:
    """Identifiers in the order arXiv issued them (old ``hep-th/9711200`` ones first)."""
    ident = paper.arxiv_id
    if not ident:
        return None
    archive, _, number = ident.rpartition("/")
    if not number[:4].isdigit():
        return (_UNPARSED_YEAR, 0, 0, ident)
    yy = int(number[:2])
    year = 1900 + yy if archive and yy >= 91 else 2000 + yy
    serial = number[5:] if not archive else number[4:]
    return (year, int(number[2:4]), int(serial) if serial.isdigit() else 0, archive)


def _first_author(paper: Paper) -> tuple[str, str] | None:
    if not paper.authors:
        return None
    first = paper.authors[0]
    return (strip_case_and_accents(first.family), strip_case_and_accents(first.given))


def _title_key(paper: Paper) -> str:
    # an opening quote, bracket or math dollar does not decide where a title sorts
    return strip_case_and_accents(paper.title).lstrip("\"'“‘([{$ ")


SORT_KEYS: dict[str, Callable[[Paper], Any]] = {
    "date": date_key,
    "year": lambda p: p.year,
    "title": _title_key,
    "author": _first_author,
    "key": lambda p: p.key or None,
    "type": lambda p: heading_rank(type_heading(paper_type(p))),
    "arxiv": _arxiv_key,
}


def _parse_sort_spec(spec: str) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    column = 1
    for item in spec.split(","):
        name = item.strip()
        where = column + len(item) - len(item.lstrip())
        column += len(item) + 1
        descending = name.startswith("-")
        name = name.lstrip("+-").strip().lower()
        if name not in SORT_KEYS:
            msg = (
                f"unknown sort key {item.strip()!r} (use {', '.join(SORT_KEYS)}, '-' in front for descending)"
            )
            raise SelectionError(msg, where)
        keys.append((name, descending))
    return keys


def _tie_break(paper: Paper) -> tuple[Any, ...]:
    authors = tuple(a.display for a in paper.authors)
    return (paper.key, _title_key(paper), paper.title, paper.arxiv_id, authors, date_key(paper) or (0, 0, 0),
            paper.dois, paper.abstract)  # fmt: skip


def sort_papers(papers: Iterable[Paper], spec: str = "-date") -> list[Paper]:
    """``:sort:``: comma-separated keys, each optionally prefixed ``-`` (descending) or ``+``.

    Keys: ``date``, ``year``, ``title``, ``author`` (first author's family
    name), ``key``, ``type`` (in :data:`~sphinx_papers.lists.paper_types.TYPE_HEADINGS`
    order), ``arxiv``.  Papers lacking a key's value come last in either
    direction; remaining ties go by citation key, then title, so the result
    never depends on the input order.
    """
    keys = _parse_sort_spec(spec)
    result = sorted(papers, key=_tie_break)
    # stable sorts from the least to the most significant key; reverse=True keeps ties in order
    for name, descending in reversed(keys):
        get = SORT_KEYS[name]
        result.sort(key=lambda p: _missing_last(get(p), descending), reverse=descending)
    return result


def _missing_last(value: Any, descending: bool) -> tuple[Any, ...]:
    if value is None:
        return (0,) if descending else (1,)
    return (1, value) if descending else (0, value)


def group_papers(papers: Sequence[Paper], by: str = "year") -> list[tuple[str, list[Paper]]]:
    """``:group-by:``: (heading, papers) pairs; each group keeps the papers' order.

    ``year``: one group per year, in the order the years first occur (so
    after ``-date`` the newest first), papers without a year under
    ``Undated``.  ``type``: one group per
    :func:`~sphinx_papers.lists.paper_types.type_heading`, in
    :data:`~sphinx_papers.lists.paper_types.TYPE_HEADINGS` order, ``Other`` last.
    ``none``: one group with heading ``""``.  No papers give no groups.
    """
    mode = by.strip().lower()
    if mode not in {"year", "type", "none"}:
        msg = f"unknown grouping {by.strip()!r} (use year, type or none)"
        raise SelectionError(msg, 1)
    if not papers:
        return []
    if mode == "none":
        return [("", list(papers))]
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        if mode == "year":
            heading = str(paper.year) if paper.year is not None else UNDATED
        else:
            heading = type_heading(paper_type(paper))
        groups.setdefault(heading, []).append(paper)
    if mode == "type":
        return sorted(groups.items(), key=lambda item: heading_rank(item[0]))
    return list(groups.items())
