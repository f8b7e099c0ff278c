"""A list's entries as prebuilt HTML: one node per group instead of dozens of nodes per entry.

A 5,000-paper list built from standard docutils nodes costs ~100,000 nodes
that the post-transform creates and the HTML writer then walks (about 3 s on
a 2-core machine).  For the HTML builders the post-transform instead emits a
:class:`~.nodes.papers_entries` node per group whose HTML visitor writes the
string made here and skips its children; the children are one text node with
each entry's title and authors, for Sphinx's search index (abstracts only with
``papers_search_abstracts``: indexing 5,000 of them costs ~1.5 s; BibTeX never).  The markup is exactly what the
HTML writer makes of the standard nodes (see :mod:`.render`), classes and ids
included.  Other builders (LaTeX, text, man, texinfo, epub) still get the
standard nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .nodes import papers_entries

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ..core.model import Paper
    from ..lists.formatting import Formatted
    from .resolution import ListRequest
    from .sources import Catalogue

#: link kind -> label, in display order ("url" links are not shown)
LINK_LABELS = {"abstract": "arXiv", "pdf": "PDF", "doi": "DOI", "code": "Code"}


def entries_node(
    catalogue: Catalogue,
    entries: Iterable[tuple[str, str]],
    request: ListRequest,
    template: str,
    highlight: Callable[[str], bool] | None,
    search_abstracts: bool,
) -> papers_entries:
    """One group's ``ul.papers-entries``: ``entries`` are ``(key, HTML id)`` pairs."""
    items: list[str] = []
    searchable: list[str] = []
    simple = True  # docutils marks a list "simple" when every item is a lone paragraph
    for key, anchor in entries:
        paper, formatted = catalogue.papers[key], catalogue.styled(key, template)
        show_abstract = bool(paper.abstract) and request.abstract != "none"
        simple = simple and not (show_abstract or request.bibtex)
        parts = [_reference(formatted, highlight), _links(paper)]
        # docutils ends a list item's only paragraph without a newline
        parts.append("</p>\n" if show_abstract or request.bibtex else "</p>")
        if show_abstract:
            parts.append(_abstract(paper.abstract, request.abstract))
        if request.bibtex:
            parts.append(_bibtex(catalogue.entry(key)))
        items.append(f'<li class="papers-entry" id="{escape(anchor)}">{"".join(parts)}</li>\n')
        searchable.append(paper.title)
        searchable.extend(name for name, _ in formatted.authors)
        if search_abstracts and show_abstract:
            searchable.append(paper.abstract)
    classes = "papers-entries simple" if simple else "papers-entries"
    markup = f'<ul class="{classes}">\n{"".join(items)}</ul>\n'
    return papers_entries("", nodes.Text("\n".join(searchable)), html=markup)


def escape(text: str) -> str:
    """Text or an attribute value encoded as docutils' HTML writer encodes it (``@`` too)."""
    # five replace() calls beat str.translate() with a dict on long abstracts
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("@", "&#64;")


def _reference(formatted: Formatted, highlight: Callable[[str], bool] | None) -> str:
    out = ['<p class="papers-reference">']
    for name, text in formatted.parts:
        if not name:
            out.append(escape(text))
        elif name == "authors":
            out.append(_authors(formatted, highlight))
        else:
            out.append(f'<span class="papers-{name}">{escape(text)}</span>')
    return "".join(out)


def _authors(formatted: Formatted, highlight: Callable[[str], bool] | None) -> str:
    out = ['<span class="papers-authors">']
    for name, separator in formatted.authors:
        if highlight is not None and highlight(name):
            out.append(f'<strong class="papers-highlight">{escape(name)}</strong>{escape(separator)}')
        else:
            out.append(escape(name + separator))
    out.append("</span>")
    return "".join(out)


def _links(paper: Paper) -> str:
    """The first link of each shown kind, each after a space."""
    first: dict[str, str] = {}
    for link in paper.links:
        if link.kind in LINK_LABELS:
            first.setdefault(link.kind, link.url)
    return "".join(
        f' <a class="papers-link reference external" href="{escape(first[kind])}">{label}</a>'
        for kind, label in LINK_LABELS.items()
        if kind in first
    )


def _abstract(text: str, mode: str) -> str:
    if mode == "full":
        return f'<div class="papers-abstract docutils container">\n<p>{escape(text)}</p>\n</div>\n'
    return (
        f'<details class="papers-abstract">\n<summary>Abstract</summary>\n<p>{escape(text)}</p>\n</details>\n'
    )


def _bibtex(entry: str) -> str:
    return (
        '<details class="papers-bibtex no-search">\n<summary>BibTeX</summary>\n'
        f'<pre class="literal-block">{escape(entry)}</pre>\n</details>\n'
    )
