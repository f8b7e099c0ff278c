"""One arXiv listing entry being read, shared by the text and HTML readers.

The readers find an entry's parts in different places; :class:`Draft`
collects them, with the input lines they came from, and :meth:`Draft.finish`
checks them (no title, no authors, no date line, unbalanced braces) and builds
the :class:`~sphinx_papers.core.model.Paper`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.links import found_links, merge_links
from ..core.model import Author, Link, Paper, Problem, Source, YearMonth
from ._arxiv_text import read_dates

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from ..core.arxiv_ids import ArxivId


_BRACE = re.compile(r"[{}]")


@dataclass(slots=True)
class Draft:
    """The parts of one listing entry as they are found; :meth:`finish` makes the Paper."""

    path: str
    line: int
    arxiv: ArxivId | None = None
    categories: list[str] = field(default_factory=list)
    dois: list[str] = field(default_factory=list)
    title: str = ""
    title_line: int = 0
    authors: list[Author] = field(default_factory=list)
    authors_line: int = 0
    not_shown: int = 0
    abstract: str = ""
    abstract_line: int = 0
    abstract_complete: bool = True
    dates_line: int = 0
    submitted: date | None = None
    first_submitted: date | None = None
    announced: YearMonth | None = None
    latest_version: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    #: set when the reader already reported the entry as cut short
    cut_short: bool = False
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        """Record something wrong at ``line`` (1-based) of the input."""
        self.problems.append(Problem(self.path, line, message))

    def add_meta(self, name: str, value: str) -> None:
        """Set a labelled field (see :func:`add_meta`)."""
        add_meta(self.meta, name, value)

    def read_dates(self, text: str, line: int) -> None:
        """Read the date line at ``line``; report what in it cannot be read."""
        dates = read_dates(text)
        self.dates_line = line
        self.submitted, self.first_submitted = dates.submitted, dates.first_submitted
        self.announced = dates.announced
        self.latest_version = dates.latest_version or self.latest_version
        for error in dates.errors:
            self.problem(line, f"cannot read the {error} in {text!r}")

    def finish(self) -> Paper:
        """Check what was found and build the Paper from it."""
        self._check()
        arxiv, meta = self.arxiv, self.meta
        comments = meta.get("comments", "")
        links = arxiv_links(arxiv, self.dois, self.abstract, comments)
        return Paper(
            title=self.title,
            authors=tuple(self.authors),
            authors_not_shown=self.not_shown,
            abstract=self.abstract,
            abstract_complete=self.abstract_complete,
            submitted=self.submitted,
            first_submitted=self.first_submitted,
            announced=self.announced,
            arxiv_id=arxiv.id if arxiv else "",
            version=arxiv.version if arxiv else None,
            latest_version=self.latest_version,
            primary_category=self.categories[0] if self.categories else "",
            categories=tuple(self.categories),
            dois=tuple(self.dois),
            comments=comments,
            journal_ref=meta.get("journal_ref", ""),
            report_number=meta.get("report_number", ""),
            msc_class=meta.get("msc_class", ""),
            acm_class=meta.get("acm_class", ""),
            links=links,
            source=Source(self.path, self.line),
        )

    def _check(self) -> None:
        if not self.title:
            self.problem(self.line, "entry has no title")
        if not self.authors:
            self.problem(self.authors_line or self.line, "entry has no authors")
        if self.dates_line == 0 and not self.cut_short:
            self.problem(self.line, "entry has no 'Submitted ...' date line")
        for what, text, line in (
            ("title", self.title, self.title_line),
            ("abstract", self.abstract, self.abstract_line),
        ):
            message = unbalanced(text)
            if message:
                self.problem(line or self.line, f"unbalanced braces in the {what}: {message}")


def add_meta(meta: dict[str, str], name: str, value: str) -> None:
    """Set a labelled field; a repeated label adds to the value instead of losing it."""
    old = meta.get(name)
    meta[name] = f"{old}; {value}" if old else value


def arxiv_links(arxiv: ArxivId | None, dois: Sequence[str], abstract: str, comments: str) -> tuple[Link, ...]:
    """The entry's links: its arXiv pages, its DOIs, then the URLs in its abstract and comments."""
    pages = [Link("abstract", arxiv.abs_url), Link("pdf", arxiv.pdf_url)] if arxiv is not None else []
    doi_links = [Link("doi", f"https://doi.org/{d}") for d in dois]
    return merge_links(pages, doi_links, found_links(abstract, comments))


def unbalanced(text: str) -> str:
    """Why the braces of ``text`` do not balance, or an empty string when they do."""
    depth = 0
    for brace in _BRACE.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return "'}' without '{'"
    return f"{depth} '{{' without '}}'" if depth else ""
