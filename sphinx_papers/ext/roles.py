"""The citation roles ``:cite:p:``, ``:cite:t:`` and ``:cite:`` (= ``:cite:p:``).

A role records which keys its document cites and emits a
:class:`~.nodes.papers_citation` placeholder; the text and link are made at
write time, when every page's lists are known.  Syntax of the role text:
comma-separated keys, each with optional ``{pre}`` and ``{post}`` text:
``{see}li2016hyperband{p. 3}, khodak2021federated``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from sphinx.util.docutils import SphinxRole

from ..lists.formatting import CiteItem
from .nodes import papers_citation

if TYPE_CHECKING:
    from docutils import nodes

    from .domain import PapersDomain

_ITEM = re.compile(r"\s*(?:\{(?P<pre>[^{}]*)\})?\s*(?P<key>[^\s{},]+)\s*(?:\{(?P<post>[^{}]*)\})?\s*(?:,|$)")


def parse_items(text: str) -> list[CiteItem] | None:
    """The cited items of a role's text, ``None`` if it does not follow the syntax."""
    items: list[CiteItem] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _ITEM.match(text, pos)
        if m is None or m.end() == pos:
            return None
        items.append(CiteItem(m["key"], (m["pre"] or "").strip(), (m["post"] or "").strip()))
        pos = m.end()
    return items or None


class CiteRole(SphinxRole):
    """A citation in parenthetical (``p``) or textual (``t``) form."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from .warnings import Subtype, warn

        items = parse_items(self.text)
        if items is None:
            warn(Subtype.BAD_OPTION, f"cannot read citation {self.text!r}", self.get_location())
            return [], []
        domain = cast("PapersDomain", self.env.domains["cite"])
        catalogue = domain.catalogue
        for path in catalogue.paths if catalogue else ():
            self.env.note_dependency(path)
        for item in items:
            domain.note_cite(self.env.docname, item.key, self.lineno)
            if catalogue is None or item.key not in catalogue.keys:
                domain.report_unknown(self.env.docname, item.key, self.lineno)
        node = papers_citation(self.rawtext, mode=self.mode, items=items, docname=self.env.docname)
        self.set_source_info(node)
        return [node], []
