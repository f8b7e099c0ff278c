"""arXiv Atom feeds (``export.arxiv.org/api/query`` responses, ``arxiv.org/a/<id>.atom``).

Both serialisations arXiv has used are read: the legacy one (per-element
``xmlns``, titles and summaries hard-wrapped) and the 2025+ one.  Wrapping
whitespace is collapsed.  ``.atom2`` author feeds put all authors into one
``<name>``, joined by ``", "``; that is split back into names.

The feed is parsed with the standard library's pull parser, so that entries
before a syntax error are still read.  arXiv feeds never carry a DOCTYPE; one
is refused up front, which also rules out entity-expansion attacks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from ..core.arxiv_ids import ArxivId, parse
from ..core.links import found_links, merge_links
from ..core.model import Author, Link, Paper, Problem, ReadResult, Source
from ..core.names import split_name
from . import SNIFFERS

NAME = "atom"

_A = "{http://www.w3.org/2005/Atom}"
_X = "{http://arxiv.org/schemas/atom}"
_ENTRY = f"{_A}entry"
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTRY_TAG = re.compile(r"<(?:\w+:)?entry[\s>]")
_SUFFIX = re.compile(r"(?:Jr|Sr|I{2,3}|IV)\.?", re.IGNORECASE)


def sniff(text: str) -> bool:
    """True for an Atom feed: a ``<feed>`` element in the Atom namespace near the start."""
    return SNIFFERS[NAME](text)  # the registry's test: detection must not import readers


def read(text: str, path: str) -> ReadResult:
    """Every ``<entry>`` of the feed as a :class:`Paper`; errors as problems."""
    result = ReadResult()
    doctype = _DOCTYPE.search(text)
    if doctype:
        line = text.count("\n", 0, doctype.start()) + 1
        result.problems.append(Problem(path, line, "a DOCTYPE is not allowed in an Atom feed", "error"))
        return result
    lines = _EntryLines(text)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    parser.feed(text)
    error = _close(parser)
    try:
        for event in parser.read_events():
            elem = event[-1]  # ("end", element)
            if isinstance(elem, ET.Element) and elem.tag == _ENTRY:
                _read_entry(elem, Source(path, lines.next()), result)
                elem.clear()
    except ET.ParseError as err:  # the first syntax error, after the entries before it
        error = err
    if error is not None:
        line = error.position[0] if error.position else 0
        result.problems.append(Problem(path, line, f"malformed XML: {error}", "error"))
    return result


def _close(parser: ET.XMLPullParser[ET.Element]) -> ET.ParseError | None:
    """End the input; a truncated feed fails only here."""
    try:
        parser.close()
    except ET.ParseError as err:
        return err
    return None


class _EntryLines:
    """Line numbers of the ``<entry>`` start tags, handed out in document order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = _ENTRY_TAG.finditer(text)
        self._pos = 0
        self._line = 1

    def next(self) -> int:
        m = next(self._starts, None)
        if m is None:
            return 0  # an "<entry" inside a comment or CDATA confused the count
        self._line += self._text.count("\n", self._pos, m.start())
        self._pos = m.start()
        return self._line


#: the child elements read as text, by tag
_TEXT_TAGS = {
    f"{_A}id": "id",
    f"{_A}title": "title",
    f"{_A}summary": "summary",
    f"{_A}published": "published",
    f"{_A}updated": "updated",
    f"{_X}comment": "comment",
    f"{_X}journal_ref": "journal_ref",
    f"{_X}doi": "doi",
}
_AUTHOR, _NAME, _CATEGORY = f"{_A}author", f"{_A}name", f"{_A}category"
_PRIMARY, _LINK = f"{_X}primary_category", f"{_A}link"


def _clean(text: str | None) -> str:
    """Collapse the hard wrapping of the legacy serialisation."""
    return " ".join(text.split()) if text else ""


class _Entry:
    """The parts of one ``<entry>``, gathered in a single pass over its children."""

    __slots__ = ("categories", "links", "names", "primary", "text")

    def __init__(self, entry: ET.Element) -> None:
        self.text: dict[str, str] = {}
        self.names: list[str] = []
        self.categories: list[str] = []
        self.primary = ""
        self.links: list[ET.Element] = []
        for child in entry:
            tag = child.tag
            if tag in _TEXT_TAGS:
                self.text[_TEXT_TAGS[tag]] = _clean(child.text)
            elif tag == _AUTHOR:
                self.names.append(_clean(child.findtext(_NAME)))
            elif tag == _CATEGORY:
                self.categories.append(child.get("term", ""))
            elif tag == _PRIMARY:
                self.primary = child.get("term", "")
            elif tag == _LINK:
                self.links.append(child)

    def get(self, name: str) -> str:
        return self.text.get(name, "")


def _read_entry(elem: ET.Element, source: Source, result: ReadResult) -> None:
    entry = _Entry(elem)
    raw_id = entry.get("id")
    if entry.get("title") == "Error" and "/api/errors" in raw_id:
        message = f"arXiv API error: {entry.get('summary') or raw_id}"
        result.problems.append(Problem(source.path, source.line, message, "error"))
        return
    ident = parse(raw_id)
    if ident is None:
        message = f"entry without an arXiv identifier (<id> is {raw_id!r})"
        result.problems.append(Problem(source.path, source.line, message))
    try:
        paper = _paper(entry, ident, source)
    except ValueError as err:  # a date that is not ISO 8601
        result.problems.append(Problem(source.path, source.line, f"entry skipped: {err}"))
        return
    result.papers.append(paper)


def _paper(entry: _Entry, ident: ArxivId | None, source: Source) -> Paper:
    summary, comment = entry.get("summary"), entry.get("comment")
    primary, categories = _categories(entry)
    dois = tuple(entry.get("doi").split())
    return Paper(
        title=entry.get("title"),
        authors=_authors(entry.names),
        abstract=summary,
        submitted=_date(entry.get("updated")),
        first_submitted=_date(entry.get("published")),
        arxiv_id=ident.id if ident else "",
        version=ident.version if ident else None,
        primary_category=primary,
        categories=categories,
        dois=dois,
        comments=comment,
        journal_ref=entry.get("journal_ref"),
        links=merge_links(_links(entry, ident, dois), found_links(summary, comment)),
        source=source,
    )


def _date(text: str) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _authors(names: list[str]) -> tuple[Author, ...]:
    names = [n for n in names if n]
    if len(names) == 1 and ", " in names[0]:
        names = _split_joined(names[0])
    return tuple(split_name(n) for n in names)


def _split_joined(joined: str) -> list[str]:
    """``.atom2`` style ``"A. One, B. Two Jr., C. Three"`` -> one name each."""
    names: list[str] = []
    for part in joined.split(", "):
        if names and _SUFFIX.fullmatch(part):
            names[-1] = f"{names[-1]} {part}"  # "Martin King, Jr." is one name
        elif part:
            names.append(part)
    return names


def _categories(entry: _Entry) -> tuple[str, tuple[str, ...]]:
    """The primary category and all categories, primary first, without repeats."""
    terms = dict.fromkeys([entry.primary] if entry.primary else [])
    for term in entry.categories:
        if term:
            terms.setdefault(term, None)
    categories = tuple(terms)
    return entry.primary or (categories[0] if categories else ""), categories


def _links(entry: _Entry, ident: ArxivId | None, dois: tuple[str, ...]) -> list[Link]:
    """arXiv's pages (canonical, version-free URLs, as the other readers give them) and DOIs."""
    links: list[Link] = []
    if ident is not None:
        links += [Link("abstract", ident.abs_url), Link("pdf", ident.pdf_url)]
    else:
        for link in entry.links:
            href = link.get("href", "")
            if link.get("title") == "pdf":
                links.append(Link("pdf", href))
            elif link.get("rel") == "alternate" and href:
                links.append(Link("abstract", href))
    links += [Link("doi", f"https://doi.org/{doi}") for doi in dois]
    return links
