"""The ``publications`` and ``bibliography`` directives.

Each directive validates its options (a bad value is a ``papers.bad_option``
or ``papers.bad_filter`` warning and is ignored), records a
:class:`~.resolution.ListRequest` in the domain, notes its dependency on the
sources and emits a :class:`~.nodes.papers_list` placeholder.  Which papers
appear is decided after reading, by :func:`~.resolution.resolve`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .config import ABSTRACT_MODES, Settings, settings
from .nodes import papers_list
from .resolution import SELECTOR_NAMES, ListRequest, predicate
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from docutils import nodes

    from .domain import PapersDomain

_SELECTION_OPTIONS = dict.fromkeys(SELECTOR_NAMES, directives.unchanged_required)
_DISPLAY_OPTIONS: dict[str, Callable[[str], object]] = {
    "sort": directives.unchanged_required,
    "group-by": directives.unchanged_required,
    "limit": directives.unchanged_required,
    "highlight": directives.unchanged,
    "abstract": directives.unchanged_required,
    "bibtex": directives.flag,
    "style": directives.unchanged_required,
}


class PublicationsDirective(SphinxDirective):
    """``.. publications::`` -- papers of the sources, selected, sorted and grouped."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {**_SELECTION_OPTIONS, **_DISPLAY_OPTIONS}
    kind = "publications"

    def run(self) -> list[nodes.Node]:
        domain = cast("PapersDomain", self.env.domains["cite"])
        current = settings(self.config)
        request = self.request(current, len(domain.lists_in(self.env.docname)))
        domain.add_list(request)
        # the sources' paths, not the catalogue: which papers the list shows is decided after reading
        state = domain.sources_state
        for path in state.paths if state else ():
            self.env.note_dependency(path)
        node = papers_list("", docname=request.docname, serial=request.serial)
        self.set_source_info(node)
        return [node]

    def list_kind(self) -> str:
        """Which list this is (a bibliography's mode is one of its options)."""
        return self.kind

    def default_display(self, current: Settings) -> tuple[str, str]:
        """Default ``(sort, group-by)``."""
        return current.sort, current.group_by

    def request(self, current: Settings, serial: int) -> ListRequest:
        """The validated request of this directive."""
        from ..lists.selection import group_papers, sort_papers  # on first use: see resolution.selectors

        sort, group_by = self.default_display(current)
        style = self._choice("style", [name for name, _ in current.templates], current.style)
        return ListRequest(
            docname=self.env.docname,
            serial=serial,
            line=self.lineno,
            kind=self.list_kind(),
            select=self._selection(),
            sort=self._checked("sort", sort, lambda v: sort_papers([], v)),
            group_by=self._checked("group-by", group_by, lambda v: group_papers([], v)),
            limit=self._limit(),
            highlight=self._highlight(current),
            abstract=self._choice("abstract", ABSTRACT_MODES, current.abstract),
            bibtex="bibtex" in self.options or current.bibtex,
            style=style,
        )

    def _bad(self, subtype: Subtype, message: str, option: str = "") -> None:
        warn(subtype, f"{self.name}: {message}", (self.env.docname, self._option_line(option)))

    def _option_line(self, option: str) -> int:
        """The line of ``:option:`` in the directive's block (the directive's own line if absent)."""
        if option:
            for offset, line in enumerate(self.block_text.splitlines()):
                if line.strip().startswith(f":{option}:"):
                    return int(self.lineno) + offset
        return int(self.lineno)

    def _selection(self) -> tuple[tuple[str, str], ...]:
        from ..lists.selection import SelectionError

        chosen = []
        for name in SELECTOR_NAMES:
            value = self.options.get(name)
            if value is None:
                continue
            try:
                predicate([(name, value)])
            except SelectionError as exc:
                self._bad(Subtype.BAD_FILTER, f":{name}: {exc}; option ignored", name)
                continue
            chosen.append((name, value))
        return tuple(chosen)

    def _checked(self, name: str, default: str, check: Callable[[str], object]) -> str:
        from ..lists.selection import SelectionError

        value = self.options.get(name)
        if value is None:
            return default
        try:
            check(value)
        except SelectionError as exc:
            self._bad(Subtype.BAD_OPTION, f":{name}: {exc}; using {default!r}", name)
            return default
        return str(value).strip()

    def _choice(self, name: str, choices: Collection[str], default: str) -> str:
        value = self.options.get(name)
        if value is None:
            return default
        value = str(value).strip()
        if value not in choices:
            known = ", ".join(map(repr, choices))
            self._bad(
                Subtype.BAD_OPTION, f":{name}: {value!r} is not one of {known}; using {default!r}", name
            )
            return default
        return value

    def _limit(self) -> int | None:
        value = self.options.get("limit")
        if value is None:
            return None
        text = str(value).strip()
        if not text.isdigit():
            self._bad(Subtype.BAD_OPTION, f":limit: {text!r} is not a whole number; no limit", "limit")
            return None
        return int(text)

    def _highlight(self, current: Settings) -> tuple[str, ...]:
        value = self.options.get("highlight")
        if value is None:
            return current.highlight
        return tuple(n.strip() for n in str(value).split(";") if n.strip())


class BibliographyDirective(PublicationsDirective):
    """``.. bibliography::`` -- papers cited in this document, or ``:all:``, or ``:cited:`` anywhere."""

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        **PublicationsDirective.option_spec,
        "all": directives.flag,
        "cited": directives.flag,
    }

    def list_kind(self) -> str:
        if "all" in self.options and "cited" in self.options:
            self._bad(Subtype.BAD_OPTION, ":all: and :cited: exclude each other; using :all:", "cited")
        if "all" in self.options:
            return "all"
        return "cited" if "cited" in self.options else "document"

    def default_display(self, current: Settings) -> tuple[str, str]:
        """A bibliography reads like a reference list: by author, then year, ungrouped."""
        return "author,date", "none"
