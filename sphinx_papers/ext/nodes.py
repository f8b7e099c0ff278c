"""The extension's docutils nodes and their visitors for every core writer.

Two placeholders, stored in the pickled doctrees and replaced at write time
(:func:`~.transforms.fill_placeholders`): :class:`papers_list` (a list directive) and
:class:`papers_citation` (a citation role).  Two output nodes for HTML's
``<details>`` element: :class:`papers_details` and :class:`papers_summary`.
Writers without ``<details>`` show the details' body as ordinary content and
drop the summary; ``html_only`` details (BibTeX toggles) are dropped entirely.

One list entry, :class:`papers_entry`, is a list item whose content is made
by the writer that reaches it and dropped when the writer leaves it.  A list
of 5,000 papers is ~125,000 docutils nodes (each node is about eight objects
for Python's garbage collector: itself, its attribute dict, its lists);
built all at once they make the collector walk the whole heap again and
again while they pile up, which cost more than building and writing them.
Made one entry at a time, they are the same nodes from the same renderer
(:func:`.render.entry_content`), written by each writer's own visitors, and
never more than one entry's worth is alive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class papers_list(nodes.General, nodes.Element):  # type: ignore[misc]
    """Placeholder for a list directive: ``docname`` and ``serial`` name its request."""


class papers_citation(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """Placeholder for a citation: ``mode`` ("p"/"t"), ``items`` (``CiteItem``s), ``docname``."""


class papers_entry(nodes.list_item):  # type: ignore[misc]
    """A list item whose children are made by ``content()`` while a writer writes it.

    At rest it holds one text node, ``search_text``, for Sphinx's search
    indexer (which walks the tree before the writer).  Builder transforms that
    run after ``doctree-resolved`` (LaTeX's URL footnotes, EPUB's visible
    links) do not see an entry's content.
    """

    content: Callable[[], list[nodes.Node]]
    search_text: str


class papers_details(nodes.General, nodes.Element):  # type: ignore[misc]
    """A collapsible block (HTML ``<details>``); the first child is a :class:`papers_summary`."""


class papers_summary(nodes.General, nodes.TextElement):  # type: ignore[misc]
    """The always-visible label of a :class:`papers_details`."""


def visit_entry(self: nodes.NodeVisitor, node: papers_entry) -> None:
    """Make the entry's content, then visit it as the writer's own list item."""
    node[:] = node.content()
    self.visit_list_item(node)


def depart_entry(self: nodes.NodeVisitor, node: papers_entry) -> None:
    self.depart_list_item(node)
    node[:] = [nodes.Text(node.search_text)]


def visit_details_html(self: HTML5Translator, node: papers_details) -> None:
    self.body.append(self.starttag(node, "details"))


def depart_details_html(self: HTML5Translator, node: papers_details) -> None:
    self.body.append("</details>\n")


def visit_summary_html(self: HTML5Translator, node: papers_summary) -> None:
    self.body.append(self.starttag(node, "summary", suffix=""))


def depart_summary_html(self: HTML5Translator, node: papers_summary) -> None:
    self.body.append("</summary>\n")


def visit_details_other(self: nodes.NodeVisitor, node: papers_details) -> None:
    if node.get("html_only"):
        raise nodes.SkipNode


def depart_details_other(self: nodes.NodeVisitor, node: papers_details) -> None:
    pass


def skip(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def unresolved(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """A placeholder reached a writer: it was not filled at ``doctree-resolved`` (never with Sphinx's builders)."""
    raise nodes.SkipNode


_Visitors = tuple["Callable[..., None]", "Callable[..., None] | None"]


def _add(app: Sphinx, node: type[nodes.Element], html: _Visitors, other: _Visitors) -> None:
    """Register ``node`` with ``html`` visitors and ``other`` for every other core writer."""
    app.add_node(node, html=html, latex=other, text=other, man=other, texinfo=other)


def register(app: Sphinx) -> None:
    """Add the nodes with visitors for html, latex, text, man and texinfo."""
    entry: _Visitors = (visit_entry, depart_entry)
    _add(app, papers_entry, entry, entry)
    dropped: _Visitors = (skip, None)
    _add(
        app,
        papers_details,
        (visit_details_html, depart_details_html),
        (visit_details_other, depart_details_other),
    )
    _add(app, papers_summary, (visit_summary_html, depart_summary_html), dropped)
    placeholder: _Visitors = (unresolved, None)
    for node in (papers_list, papers_citation):
        _add(app, node, placeholder, placeholder)
