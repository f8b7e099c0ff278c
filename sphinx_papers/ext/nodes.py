"""The extension's docutils nodes and their visitors for every core writer.

Two placeholders, stored in the pickled doctrees and replaced at write time
(:func:`~.transforms.fill_placeholders`): :class:`papers_list` (a list directive) and
:class:`papers_citation` (a citation role).  Two output nodes for HTML's
``<details>`` element: :class:`papers_details` and :class:`papers_summary`.
Writers without ``<details>`` show the details' body as ordinary content and
drop the summary; ``html_only`` details (BibTeX toggles) are dropped entirely.
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


class papers_details(nodes.General, nodes.Element):  # type: ignore[misc]
    """A collapsible block (HTML ``<details>``); the first child is a :class:`papers_summary`."""


class papers_summary(nodes.General, nodes.TextElement):  # type: ignore[misc]
    """The always-visible label of a :class:`papers_details`."""


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
