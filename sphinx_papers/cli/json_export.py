"""JSON export: one record per paper, for scripts and other tools.

The output is a JSON array of objects.  Every object has the same keys, in
the same order (:data:`FIELD_ORDER`): ``key`` first -- the citation key the
BibTeX output would use -- then every field of
:class:`~sphinx_papers.core.model.Paper` in declaration order, then the derived
``year`` and ``month`` of first appearance.  Values are plain JSON:

- dates (``submitted``, ``first_submitted``) as ISO ``YYYY-MM-DD`` strings;
- year-months (``announced``, ``issued``) as ``YYYY-MM`` or ``YYYY``;
- authors as objects ``{given, family, particle, suffix, display}``;
- links as objects ``{kind, url}``; ``source`` as ``{path, line}``;
- absent values as ``null`` (dates, version) or empty strings and arrays.

``key`` replaces the paper's own ``key`` field (a .bib source's key), which
it equals whenever that key was set and unique.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..core.model import Author, Paper, YearMonth

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from datetime import date


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _year_month(value: YearMonth | None) -> str | None:
    if value is None:
        return None
    return f"{value.year:04d}-{value.month:02d}" if value.month else f"{value.year:04d}"


def _author(author: Author) -> dict[str, str]:
    return {
        "given": author.given,
        "family": author.family,
        "particle": author.particle,
        "suffix": author.suffix,
        "display": author.display,
    }


def paper_record(paper: Paper, key: str) -> dict[str, Any]:
    """The JSON-ready record of one paper, with its citation ``key``.

    Written out field by field, so that the output's shape is read here, not
    derived from the dataclass (a test checks that it covers every field of
    :class:`Paper`).
    """
    source = paper.source
    return {
        "key": key,
        "title": paper.title,
        "authors": [_author(a) for a in paper.authors],
        "authors_not_shown": paper.authors_not_shown,
        "abstract": paper.abstract,
        "abstract_complete": paper.abstract_complete,
        "submitted": _date(paper.submitted),
        "first_submitted": _date(paper.first_submitted),
        "announced": _year_month(paper.announced),
        "issued": _year_month(paper.issued),
        "arxiv_id": paper.arxiv_id,
        "version": paper.version,
        "latest_version": paper.latest_version,
        "primary_category": paper.primary_category,
        "categories": list(paper.categories),
        "dois": list(paper.dois),
        "comments": paper.comments,
        "journal_ref": paper.journal_ref,
        "report_number": paper.report_number,
        "msc_class": paper.msc_class,
        "acm_class": paper.acm_class,
        "links": [{"kind": link.kind, "url": link.url} for link in paper.links],
        "entry_type": paper.entry_type,
        "bibtex_fields": paper.bibtex_fields,
        "source": {"path": source.path, "line": source.line} if source is not None else None,
        "year": paper.year,
        "month": paper.month,
    }


#: the keys of every record, in output order
FIELD_ORDER: tuple[str, ...] = tuple(paper_record(Paper(""), ""))


def record_lines(papers: Sequence[Paper], keys: Sequence[str]) -> Iterator[str]:
    """One JSON text per paper (no newline): the array's elements, for writing piece by piece."""
    if len(papers) != len(keys):
        msg = f"{len(papers)} papers but {len(keys)} keys"
        raise ValueError(msg)
    for paper, key in zip(papers, keys, strict=True):
        # one record a line: compact, and still diffable
        yield json.dumps(paper_record(paper, key), ensure_ascii=False)


def join_records(lines: Iterable[str]) -> str:
    """The JSON array of the given element texts, one element per line."""
    body = ",\n".join(lines)
    return f"[\n{body}\n]\n" if body else "[]\n"


def write_json(papers: Sequence[Paper], keys: Sequence[str]) -> str:
    """The JSON array of ``papers`` with their citation ``keys`` (same order)."""
    return join_records(record_lines(papers, keys))
