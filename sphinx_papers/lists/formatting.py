"""Plain-text formatting of papers: author-year labels, references and citation text.

Pure functions over :class:`~sphinx_papers.core.model.Paper` (no docutils): the
Sphinx extension formats every paper of its sources once with
:func:`format_papers` and builds nodes from the pieces kept in
:class:`Formatted`.  A reference style is a template string such as
``"{authors}. {title}. {venue}, {year}."``, compiled once by
:func:`compile_template`; a field that is empty for a paper is dropped
together with the punctuation that follows it, so no ``", ,"`` remains.
"""

from __future__ import annotations

import string
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.latex_text import latex_to_text
from ..core.model import MONTH_NAMES
from ..core.names import split_name
from .matching import author_matcher
from .ordering import date_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from ..core.model import Paper

#: built-in reference templates (``papers_style``)
TEMPLATES: dict[str, str] = {
    "default": "{authors}. {title}. {venue}, {year}.",
    "compact": "{label} ({year}). {title}.",
}

#: what each template field holds
FIELDS: dict[str, str] = {
    "authors": "every author: 'A, B, and C' ('et al.' when the listing hid some)",
    "label": "the citation label: 'Li', 'Li and Jamieson', 'Li et al.'",
    "title": "the title, as the source gives it",
    "venue": "journal reference, .bib journal/booktitle, or 'arXiv:<id>'",
    "year": "year of first appearance, with a/b suffix when labels clash ('n.d.' if unknown)",
    "month": "month name of first appearance",
    "arxiv": "arXiv identifier",
    "doi": "first DOI",
    "key": "citation key",
}

_SENTENCE_END = (".", "?", "!")


@dataclass(frozen=True, slots=True)
class Words:
    """The words formatting puts between names and in place of missing ones (the Sphinx extension translates them)."""

    and_: str = "and"
    et_al: str = "et al."
    anonymous: str = "Anonymous"
    undated: str = "n.d."


ENGLISH = Words()


@dataclass(frozen=True, slots=True)
class Template:
    """A compiled reference template: ``(field, literal text after it)`` pairs after a leading literal."""

    source: str
    lead: str
    chunks: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Formatted:
    """One paper formatted once: everything the extension needs to show and cite it."""

    key: str
    #: author part of a citation: "Li", "Li and Jamieson", "Li et al."
    label: str
    #: year part of a citation, with the clash suffix: "2016", "2016a", "n.d."
    year: str
    #: the full reference as plain text (citation tooltips)
    reference: str
    #: the reference in template order: ``(field, text)``, field "" for literal text
    parts: tuple[tuple[str, str], ...]
    #: the authors as ``(name, separator after it)`` pairs, for highlighting names
    authors: tuple[tuple[str, str], ...]


def compile_template(text: str) -> Template:
    """Compile a template string; an unknown field or a bad brace raises :class:`ValueError`."""
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError as exc:
        msg = f"bad template {text!r}: {exc}"
        raise ValueError(msg) from None
    lead = ""
    chunks: list[tuple[str, str]] = []
    for literal, field, spec, conversion in pieces:
        if spec or conversion:
            msg = f"bad template {text!r}: format specs and conversions are not supported"
            raise ValueError(msg)
        if chunks:
            chunks[-1] = (chunks[-1][0], chunks[-1][1] + literal)
        else:
            lead += literal
        if field is None:
            continue
        if field not in FIELDS:
            msg = f"bad template {text!r}: unknown field {{{field}}} (known: {', '.join(FIELDS)})"
            raise ValueError(msg)
        chunks.append((field, ""))
    return Template(text, lead, tuple(chunks))


def label_authors(paper: Paper, words: Words = ENGLISH) -> str:
    """'Li' for one author, 'Li and Jamieson' for two, 'Li et al.' for more."""
    names = [a.surname or a.display for a in paper.authors]
    count = len(names) + paper.authors_not_shown
    if not names:
        return words.anonymous
    if count == 1:
        return names[0]
    if count == 2 and len(names) == 2:
        return f"{names[0]} {words.and_} {names[1]}"
    return f"{names[0]} {words.et_al}"


def author_pieces(paper: Paper, words: Words = ENGLISH) -> tuple[tuple[str, str], ...]:
    """Authors with the separators that follow them: 'A, B, and C' or 'A and B'."""
    names = [a.display for a in paper.authors]
    more = paper.authors_not_shown > 0
    if not names:
        return ()
    if len(names) == 1:
        return ((names[0], f" {words.et_al}" if more else ""),)
    if len(names) == 2 and not more:
        return ((names[0], f" {words.and_} "), (names[1], ""))
    pieces = [(name, ", ") for name in names[:-1]]
    pieces.append((names[-1], f", {words.et_al}" if more else ""))
    if not more:
        pieces[-2] = (pieces[-2][0], f", {words.and_} ")
    return tuple(pieces)


def venue(paper: Paper) -> str:
    """Where the paper appeared: journal reference, .bib journal/booktitle, else its arXiv id."""
    if paper.journal_ref:
        return paper.journal_ref
    for name in ("journal", "journaltitle", "booktitle", "publisher", "howpublished"):
        value = paper.bibtex_fields.get(name)
        if value:
            return latex_to_text(value)
    return f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else ""


def _field_values(
    paper: Paper, key: str, label: str, year: str, authors: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    month = paper.month
    return {
        "authors": "".join(n + s for n, s in authors),
        "label": label,
        "title": paper.title,
        "venue": venue(paper),
        "year": year,
        "month": MONTH_NAMES[month - 1] if month else "",
        "arxiv": paper.arxiv_id,
        "doi": paper.doi,
        "key": key,
    }


def _literal_after(text: str, literal: str) -> str:
    # "Why not?" followed by ". " must not read "Why not?. "
    if text.endswith(_SENTENCE_END) and literal.startswith("."):
        return literal[1:]
    return literal


def render_parts(template: Template, values: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Fill a template: ``(field, text)`` parts, empty fields dropped with the literal after them."""
    parts: list[tuple[str, str]] = [("", template.lead)] if template.lead else []
    for field, literal in template.chunks:
        text = values.get(field, "")
        if not text:
            continue
        parts.append((field, text))
        literal = _literal_after(text, literal)
        if literal:
            parts.append(("", literal))
    return tuple(parts)


def format_paper(paper: Paper, key: str, year: str, template: Template, words: Words = ENGLISH) -> Formatted:
    """Format one paper; ``year`` is its year label with any clash suffix already added."""
    label = label_authors(paper, words)
    authors = author_pieces(paper, words)
    parts = render_parts(template, _field_values(paper, key, label, year, authors))
    reference = "".join(text for _, text in parts).strip()
    return Formatted(key, label, year, reference, parts, authors)


def _date_order(item: tuple[str, Paper]) -> tuple[tuple[int, int, int], str, str]:
    key, paper = item
    return (date_key(paper) or (0, 0, 0), paper.title.casefold(), key)


def year_labels(papers: Mapping[str, Paper], words: Words = ENGLISH) -> dict[str, str]:
    """Year labels for every key, with 'a', 'b', ... where one label and year name several papers.

    The suffixes follow date, then title, then key, so they depend on the
    papers alone, never on the order in which they were read or cited.
    """
    groups: dict[tuple[str, int | None], list[tuple[str, Paper]]] = defaultdict(list)
    for key, paper in papers.items():
        groups[label_authors(paper), paper.year].append((key, paper))
    labels: dict[str, str] = {}
    for (_, year), members in groups.items():
        base = str(year) if year else words.undated
        if len(members) == 1:
            labels[members[0][0]] = base
            continue
        for index, (key, _) in enumerate(sorted(members, key=_date_order)):
            labels[key] = base + _suffix(index)
    return labels


def _suffix(index: int) -> str:
    letters = string.ascii_lowercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def format_papers(
    papers: Mapping[str, Paper], template: Template, words: Words = ENGLISH
) -> dict[str, Formatted]:
    """Format every paper (keyed by citation key) once, with project-wide year suffixes."""
    years = year_labels(papers, words)
    return {key: format_paper(paper, key, years[key], template, words) for key, paper in papers.items()}


@dataclass(frozen=True, slots=True)
class CiteItem:
    """One key of a citation with its optional pre- and post-text."""

    key: str
    pre: str = ""
    post: str = ""


def citation_parts(mode: str, items: Sequence[tuple[CiteItem, Formatted | None]]) -> list[tuple[str, int]]:
    """The text of a citation as ``(text, index)`` parts; ``index`` is the item a part links to, -1 for none.

    ``mode`` "p": "(see Li et al., 2016, p. 3; Khodak et al., 2021)";
    ``mode`` "t": "Li et al. (see 2016, p. 3); Khodak et al. (2021)".
    An unknown key (``None``) shows as the key itself followed by "?".
    """
    if mode not in ("p", "t"):
        msg = f"citation mode must be 'p' or 't', not {mode!r}"
        raise ValueError(msg)
    parts: list[tuple[str, int]] = [("(", -1)] if mode == "p" else []
    for index, (item, formatted) in enumerate(items):
        if index:
            parts.append(("; ", -1))
        parts.append((_one_citation(mode, item, formatted), index))
    if mode == "p":
        parts.append((")", -1))
    return parts


def _one_citation(mode: str, item: CiteItem, formatted: Formatted | None) -> str:
    if formatted is None:
        return f"{item.key}?"
    pre = f"{item.pre} " if item.pre else ""
    post = f", {item.post}" if item.post else ""
    if mode == "p":
        return f"{pre}{formatted.label}, {formatted.year}{post}"
    return f"{formatted.label} ({pre}{formatted.year}{post})"


def name_matcher(names: Iterable[str]) -> Callable[[str], bool]:
    """A test for displayed author names: is a name one of the people in ``names``?

    Built on :func:`sphinx_papers.lists.matching.author_matcher`, so that
    ``:highlight:`` and ``:author:`` agree on who a person is ("Ameet
    Talwalkar" = "A. Talwalkar" = "Talwalkar, Ameet").  Names repeat across a
    list, so each displayed name is split and tested once.
    """
    tests = [author_matcher(name) for name in names if name.strip()]
    cache: dict[str, bool] = {}

    def matches(display: str) -> bool:
        found = cache.get(display)
        if found is None:
            author = split_name(display)
            found = cache[display] = any(test(author) for test in tests)
        return found

    return matches
