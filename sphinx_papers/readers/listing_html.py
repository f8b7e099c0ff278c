"""Reader for arXiv pages saved as HTML: the search results page and a paper's abstract page.

The search page (arXiv/arxiv-search's ``search-macros.html``) has one
``<li class="arxiv-result">`` per paper; the abstract page (arxiv-browse) has
``citation_*`` meta tags and a table of labelled rows.  Both link each author
to an author search whose query is ``Surname, F`` -- the only place the page
tells where the family name starts, so multi-word surnames split correctly.
The standard library's :class:`html.parser.HTMLParser` feeds start tags, end
tags and text to the page reader, which routes each piece of text to the
innermost element that has a role; unclosed elements and stray end tags are
tolerated.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote_plus

from ..core.arxiv_ids import parse as parse_id
from ..core.model import Author, ReadResult
from ..core.names import split_name
from . import SNIFFERS
from ._arxiv_entry import Draft
from ._arxiv_text import is_category, split_et_al, split_meta

NAME = "html"

_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
_QUERY = re.compile(r"[?&]query=([^&#]*)")
_CATEGORY_IN_PARENS = re.compile(r"\(([^()\s]+)\)")
_THIS_VERSION = re.compile(r"this version, v(\d+)")
_MARKS = ("▽ More", "△ Less")
# roles of the search page's elements, by tag and class
_ROLES = {
    ("p", "list-title"): "id",
    ("p", "title"): "title",
    ("p", "authors"): "authors",
    ("span", "abstract-short"): "short",
    ("span", "abstract-full"): "full",
    ("p", "comments"): "meta",
    ("div", "authors"): "authors",
    ("td", "label"): "label",
    ("div", "dateline"): "dateline",
}
# abstract-page table labels -> meta field names understood by split_meta
_ABS_LABELS = {"comments", "journal reference", "report number", "msc classes", "acm classes", "subjects"}


def sniff(text: str) -> bool:
    """True for a saved arXiv search results page or abstract page."""
    return SNIFFERS[NAME](text)  # the registry's test: detection must not import readers


def read(text: str, path: str) -> ReadResult:
    """Read every paper on the page; a page with none is reported as a problem."""
    parser = _Page(path)
    parser.feed(text)
    parser.close()
    result = ReadResult()
    for draft in parser.drafts:
        result.papers.append(draft.finish())
        result.problems.extend(draft.problems)
    if not result.papers:
        draft = Draft(path, 1)
        draft.problem(1, "no arXiv results found on this page")
        result.problems.extend(draft.problems)
    return result


def _text(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def author_from_link(display: str, href: str) -> Author:
    """Split ``display`` (``R. de Mello Koch``) at the surname named by the author-search ``href``."""
    query = _QUERY.search(href)
    surname = unquote_plus(query.group(1)).strip('"').partition(",")[0].strip() if query else ""
    at = display.rfind(surname) if surname else -1
    if at < 0 or (at > 0 and display[at - 1] != " "):
        return split_name(display)
    given, suffix = display[:at].strip(), display[at + len(surname) :].strip(" ,")
    words = surname.split(" ")
    start = 0
    while start < len(words) - 1 and words[start][:1].islower():  # "de Mello Koch": "de" is a particle
        start += 1
    return Author(given, " ".join(words[start:]), " ".join(words[:start]), suffix)


class _Page(HTMLParser):
    """Collects one :class:`Draft` per result (or one for an abstract page)."""

    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.drafts: list[Draft] = []
        self.draft: Draft | None = None
        self.stack: list[tuple[str, str]] = []  # open elements and their roles ("" for none)
        self.roles: list[str] = []  # the roles among them, innermost last
        self.parts: dict[str, list[str]] = {}
        self.starts: dict[str, int] = {}  # role -> line its element starts on
        self.result_depth = -1  # stack depth of the open <li class="arxiv-result">
        self.href = ""
        self.label = ""

    @property
    def line(self) -> int:
        """The input line of the tag or text being handled."""
        return self.getpos()[0]

    # -- element events ---------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "meta" and attr.get("name", "").startswith("citation_"):
            self.citation(attr["name"], attr.get("content", ""))
        if tag in _VOID:
            return
        classes = attr.get("class", "").split()
        if tag == "li" and "arxiv-result" in classes:
            self.begin(self.line)
            self.result_depth = len(self.stack)
        role = self.role(tag, classes, attr) if self.draft is not None else ""
        self.stack.append((tag, role))
        if role:
            self.roles.append(role)
            self.parts[role] = []
            self.starts[role] = self.line

    def role(self, tag: str, classes: list[str], attr: dict[str, str]) -> str:
        for name in classes:
            role = _ROLES.get((tag, name))
            if role:
                return role
        if tag == "span" and "tag" in classes and "data-tooltip" in attr:
            return "category"
        if tag == "p" and classes == ["is-size-7"]:
            return "dates"
        if tag == "td" and self.label:
            return "cell"
        # the "▽ More" / "△ Less" and "Latest version" links are part of the text around them
        if tag == "a" and self.enclosing() not in ("short", "full", "dates"):
            self.href = attr.get("href", "")
            return "link"
        return ""

    def enclosing(self) -> str:
        """The role of the innermost open element that has one."""
        return self.roles[-1] if self.roles else ""

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or all(open_tag != tag for open_tag, _ in self.stack):
            return  # a stray end tag: nothing was opened for it
        while self.stack:
            open_tag, role = self.stack.pop()
            if role:
                self.roles.pop()
                self.done(role, _text(self.parts.pop(role, [])))
            if len(self.stack) == self.result_depth:
                self.draft, self.result_depth = None, -1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.roles and self.stack[-1][0] not in ("script", "style"):
            # (setdefault: in a damaged page an element can sit inside one of the same role, which took its parts)
            self.parts.setdefault(self.roles[-1], []).append(data)

    # -- what each role's text means -----------------------------------------

    def begin(self, line: int) -> None:
        self.draft = Draft(self.path, line)
        self.drafts.append(self.draft)

    def done(self, role: str, text: str) -> None:
        draft = self.draft
        if draft is None:
            return
        line = self.starts.get(role, 0)
        if role == "link":
            self.link(draft, text)
        elif role == "category" and is_category(text):
            draft.categories.append(text)
        elif role == "title":
            draft.title, draft.title_line = text, line
        elif role == "authors":
            draft.authors_line = line
            self.authors_tail(draft, text)
        elif role in ("short", "full"):
            self.abstract(draft, role, text, line)
        elif role == "dates":
            draft.read_dates(text, line)
        elif role == "meta":
            for name, value in split_meta(text):
                draft.add_meta(name, value)
        elif role == "label":
            self.label = " ".join(text.rstrip(":").lower().split())
        elif role == "cell":
            self.cell(draft, text)
        elif role == "dateline":
            version = _THIS_VERSION.search(text)
            if version and draft.arxiv is not None:
                draft.arxiv = draft.arxiv._replace(version=int(version.group(1)))

    def link(self, draft: Draft, text: str) -> None:
        href, enclosing = self.href, self.enclosing()
        if enclosing == "id" and text.startswith("arXiv:"):
            draft.arxiv = parse_id(text)
            if draft.arxiv is None:
                draft.problem(self.line, f"cannot read the arXiv identifier {text!r}")
        elif enclosing == "authors" and "searchtype=author" in href:
            draft.authors.append(author_from_link(text, href))
            self.parts["authors"] = []  # keep only the text after the names ("et al. ...")
        elif href.startswith("https://doi.org/") and not draft.title and not self.label:
            draft.dois.append(href[len("https://doi.org/") :])

    def authors_tail(self, draft: Draft, text: str) -> None:
        text = text.removeprefix("Authors:").strip()
        if text.startswith(","):
            _, draft.not_shown = split_et_al(text)

    def abstract(self, draft: Draft, role: str, text: str, line: int) -> None:
        cut = text.endswith(_MARKS[0])
        for mark in _MARKS:
            text = text.removesuffix(mark).rstrip()
        if role == "full" and text:
            draft.abstract, draft.abstract_complete = text, True
        elif role == "short":
            draft.abstract, draft.abstract_complete = text, not cut
        draft.abstract_line = line

    def cell(self, draft: Draft, text: str) -> None:
        label, self.label = self.label, ""
        if label == "subjects":
            found = [c for c in _CATEGORY_IN_PARENS.findall(text) if is_category(c)]
            draft.categories.extend(found)
        elif label in _ABS_LABELS:
            for name, value in split_meta(f"{label}: {text}"):
                draft.add_meta(name, value)

    # -- the abstract page's meta tags ----------------------------------------

    def citation(self, name: str, content: str) -> None:
        if self.draft is None:
            self.begin(self.line)
        draft = self.draft
        assert draft is not None
        content = " ".join(content.split())
        if name == "citation_title":
            draft.title, draft.title_line = content, self.line
        elif name == "citation_arxiv_id":
            draft.arxiv = parse_id(content)
        elif name == "citation_doi":
            draft.dois.append(content)
        elif name == "citation_abstract":
            draft.abstract, draft.abstract_line = content, self.line
        elif name in ("citation_date", "citation_online_date"):
            self.citation_date(draft, name, content)

    def citation_date(self, draft: Draft, name: str, content: str) -> None:
        try:
            day = date(*map(int, content.split("/")))
        except (TypeError, ValueError):
            draft.problem(self.line, f"cannot read the date {content!r} of {name}")
            return
        draft.dates_line = draft.dates_line or self.line
        if name == "citation_date":  # the first version's date
            draft.first_submitted = day
            draft.submitted = draft.submitted or day
        else:  # the date of the version the page shows
            draft.submitted = day
