"""Docutils nodes for lists and citations, built from papers formatted once.

Only standard docutils nodes plus :class:`~.nodes.papers_details`, so every
builder writes them with its own visitors (and HTML writers escape the
text).  HTML-only pieces (``<details>``, the BibTeX toggle, the download
link, ids on ``<li>``) are chosen by the caller through :class:`Output`.

What a reader searches for is a paper's reference: abstracts (unless
``papers_search_abstracts``), BibTeX and link labels carry Sphinx's
``no-search`` class, which keeps them out of the search index (indexing
5,000 abstracts costs more than building the page).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.nodes import make_refnode

from ..lists.formatting import CiteItem, Formatted, citation_parts, name_matcher
from .i18n import N_, _, translated_heading
from .nodes import papers_details, papers_entry, papers_summary
from .texsafe import latex_nodes, plain_nodes

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders import Builder

    from ..core.model import Paper
    from .resolution import ListRequest, Resolution
    from .sources import Catalogue

#: link kind -> label (English; shown translated), in display order ("url" links are not shown)
LINK_LABELS = {"abstract": N_("arXiv"), "pdf": N_("PDF"), "doi": N_("DOI"), "code": N_("Code")}


@dataclass(frozen=True)
class Output:
    """What the current builder can show."""

    html: bool
    #: where the list's .bib file is, relative to the page (HTML builders that copy files only)
    download_uri: str | None = None
    #: turns text into nodes (pdfLaTeX-safe ones for the LaTeX builder)
    text: Callable[[str], list[nodes.Node]] = field(default=plain_nodes)
    #: the reference template of the list
    template: str = ""
    #: put abstracts into the search index too
    search_abstracts: bool = False

    @classmethod
    def for_builder(
        cls,
        builder: Builder,
        download_uri: str | None = None,
        template: str = "",
        search_abstracts: bool = False,
    ) -> Output:
        """The output of a builder."""
        text = latex_nodes if builder.format == "latex" else plain_nodes
        return cls(builder.format == "html", download_uri, text, template, search_abstracts)


def build_list(
    request: ListRequest, resolution: Resolution, catalogue: Catalogue, output: Output
) -> nodes.container:
    """The nodes of one list: ``div.papers-list`` with rubrics per group and one bullet list each."""
    where = (request.docname, request.serial)
    container = nodes.container(classes=["papers-list"])
    if output.download_uri is not None:
        ref = nodes.reference(
            "", _("Download BibTeX"), refuri=output.download_uri, classes=["papers-download"]
        )
        container += nodes.paragraph("", "", ref, classes=["papers-download-line"])
    highlight = name_matcher(request.highlight) if request.highlight else None
    ids = resolution.ids[where]
    for heading, keys in resolution.groups[where]:
        if heading:
            shown = translated_heading(heading)
            container += nodes.rubric(shown, "", *output.text(shown), classes=["papers-group"])
        entries = nodes.bullet_list(classes=["papers-entries"])
        for key in keys:
            entries += build_entry(catalogue, key, ids[key], request, output, highlight)
        container += entries
    return container


def build_entry(
    catalogue: Catalogue,
    key: str,
    anchor: str,
    request: ListRequest,
    output: Output,
    highlight: Callable[[str], bool] | None,
) -> papers_entry:
    """One ``li.papers-entry``; its content (:func:`entry_content`) is made when a writer reaches it.

    Until then the entry holds one text node, the words a reader searches for
    (the reference, and the abstract where it is searchable): Sphinx's search
    indexer walks the tree before the writer does.  See :class:`~.nodes.papers_entry`.
    """
    entry: papers_entry = papers_entry(classes=["papers-entry"])
    if output.html:
        entry["ids"].append(anchor)
    entry.content = functools.partial(entry_content, catalogue, key, anchor, request, output, highlight)
    formatted = catalogue.styled(key, output.template)
    words = [text for _name, text in formatted.parts]
    abstract = catalogue.papers[key].abstract
    if output.search_abstracts and abstract and request.abstract != "none":
        words += ["\n", abstract]
    entry.search_text = "".join(words)
    entry += nodes.Text(entry.search_text)
    return entry


def entry_content(
    catalogue: Catalogue,
    key: str,
    anchor: str,
    request: ListRequest,
    output: Output,
    highlight: Callable[[str], bool] | None,
) -> list[nodes.Node]:
    """What one entry shows: the reference with its links, the abstract and the BibTeX toggle."""
    paper, formatted = catalogue.papers[key], catalogue.styled(key, output.template)
    para = nodes.paragraph(classes=["papers-reference"])
    if not output.html:
        para += nodes.target("", "", ids=[anchor])
    para.extend(_reference(formatted, highlight, output))
    para.extend(_links(paper))
    content: list[nodes.Node] = [para]
    if paper.abstract and request.abstract != "none":
        content.append(_abstract(paper.abstract, request.abstract, output))
    if request.bibtex and output.html:
        # an empty rawsource marks a "parsed literal": Sphinx writes it as <pre>
        # without Pygments, which would cost ~5 ms per entry; "no-search" keeps
        # the duplicate text out of the search index
        block = nodes.literal_block("", catalogue.entry(key))
        summary = papers_summary("", _("BibTeX"))
        content.append(
            papers_details("", summary, block, classes=["papers-bibtex", "no-search"], html_only=True)
        )
    return content


def _reference(
    formatted: Formatted, highlight: Callable[[str], bool] | None, output: Output
) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for name, text in formatted.parts:
        if not name:
            result.extend(output.text(text))
        elif name == "authors":
            result.append(_authors(formatted, highlight, output))
        else:
            result.append(nodes.inline(text, "", *output.text(text), classes=[f"papers-{name}"]))
    return result


def _authors(formatted: Formatted, highlight: Callable[[str], bool] | None, output: Output) -> nodes.inline:
    span = nodes.inline(classes=["papers-authors"])
    plain: list[str] = []  # names not highlighted go into one text node: fewer nodes, faster writers
    for name, separator in formatted.authors:
        if highlight is not None and highlight(name):
            if any(plain):
                span.extend(output.text("".join(plain)))
            plain.clear()
            span += nodes.strong(name, "", *output.text(name), classes=["papers-highlight"])
            plain.append(separator)
        else:
            plain.extend((name, separator))
    if any(plain):
        span.extend(output.text("".join(plain)))
    return span


def _links(paper: Paper) -> list[nodes.Node]:
    first: dict[str, str] = {}
    for link in paper.links:
        if link.kind in LINK_LABELS:
            first.setdefault(link.kind, link.url)
    result: list[nodes.Node] = []
    for kind, label in LINK_LABELS.items():
        if kind in first:
            result.append(nodes.Text(" "))
            shown = _(label)
            ref = nodes.reference(shown, shown, refuri=first[kind], classes=["papers-link", "no-search"])
            result.append(ref)
    return result


def _abstract(text: str, mode: str, output: Output) -> nodes.Element:
    para = nodes.paragraph(text, "", *output.text(text))
    classes = ["papers-abstract"] if output.search_abstracts else ["papers-abstract", "no-search"]
    if mode == "full":
        return nodes.container("", para, classes=classes)
    if output.html:
        return papers_details("", papers_summary("", _("Abstract")), para, classes=classes)
    para["classes"].extend(classes)
    return para


def build_citation(
    node: nodes.Element, resolution: Resolution, catalogue: Catalogue, builder: Builder, page: str
) -> nodes.inline:
    """``span.papers-citation`` with an ``a.papers-cite`` per known key, linked to its entry.

    ``page`` is the document being written (under singlehtml the root
    document); the citation's own document chooses the target entry.
    """
    items: list[CiteItem] = node["items"]
    pairs = [(item, catalogue.formatted.get(item.key)) for item in items]
    span = nodes.inline(classes=["papers-citation"])
    to_nodes = Output.for_builder(builder).text
    for text, index in citation_parts(node["mode"], pairs):
        formatted = pairs[index][1] if index >= 0 else None
        target = resolution.target(node["docname"], formatted.key) if formatted else None
        if formatted is None or (target is None and builder.format != "html"):
            span.extend(to_nodes(text))
            continue
        if target is None:  # no page lists the paper: no link, but still the reference as a tooltip
            span += nodes.abbreviation(text, text, explanation=formatted.reference, classes=["papers-cite"])
            continue
        # singlehtml puts every document on one page: a same-page link
        origin = target[0] if builder.name == "singlehtml" else page
        ref = make_refnode(builder, origin, target[0], target[1], to_nodes(text), formatted.reference)
        ref["classes"].append("papers-cite")
        span += ref
    return span
