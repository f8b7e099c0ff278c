"""Directives used only by this documentation.

``papers-example``
    Shows its content as source code, then renders that same content right
    below, so the source shown and the output shown can never disagree.
``papers-config-table``
    The table of configuration values, generated from their one declaration
    (:data:`sphinx_papers.ext.config.CONFIG_VALUES`).
``papers-confval``
    One configuration value as Sphinx's ``confval``: its type, default and
    description from the same declaration, then the directive's content
    (the examples).
``papers-warnings-list``
    The list of warning subtypes, generated from the warnings Enum
    (:mod:`sphinx_papers.ext.warnings`).
``papers-template-fields``
    The fields of reference templates and the built-in styles, from
    :mod:`sphinx_papers.lists.formatting`.
``papers-key-demo``
    The citation keys that a few key formats give for the first papers of the
    docs' source, computed at build time by the converter itself.
"""

from __future__ import annotations

import enum
import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_papers.ext.config import ConfigValue


class PapersExample(SphinxDirective):
    """Source code of the content, followed by the content rendered live."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        code = nodes.literal_block(source, source, language=self._language())
        self.set_source_info(code)
        result = nodes.container(classes=["papers-example-output"])
        self.state.nested_parse(self.content, self.content_offset, result)
        box = nodes.container(classes=["papers-example"])
        if "caption" in self.options:
            box += nodes.rubric(text=self.options["caption"])
        box += [code, result]
        return [box]

    def _language(self) -> str:
        suffix = Path(self.env.doc2path(self.env.docname)).suffix
        return "markdown" if suffix == ".md" else "rst"


def _config_value(name: str) -> ConfigValue | None:
    from sphinx_papers.ext.config import CONFIG_VALUES

    return next((value for value in CONFIG_VALUES if value.name == name), None)


def _config_rows() -> list[tuple[str, ...]]:
    """(name, type, default, description) for every ``papers_*`` value, from its one declaration."""
    from sphinx_papers.ext.config import CONFIG_VALUES

    return [
        (f":confval:`{v.name}`", _type_text(v), f"``{v.default!r}``", v.description) for v in CONFIG_VALUES
    ]


def _type_text(value: ConfigValue) -> str:
    """The value's type in words, its choices as literals."""
    if value.choices:
        return ", ".join(f"``{choice!r}``" for choice in value.choices)
    return value.type_text()


def _template_field_rows() -> list[tuple[str, ...]]:
    from sphinx_papers.lists.formatting import FIELDS

    return [(f"{{{name}}}", meaning) for name, meaning in FIELDS.items()]


def _style_rows() -> list[tuple[str, ...]]:
    from sphinx_papers.lists.formatting import TEMPLATES

    return [(name, template) for name, template in TEMPLATES.items()]


class _TableDirective(SphinxDirective):
    """A table whose cells are reStructuredText inline markup, the first ``code_cols`` as literals."""

    code_cols = 1

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: list[int]) -> nodes.table:
        table = nodes.table(classes=["papers-docs-table"])
        group = nodes.tgroup(cols=len(header))
        table += group
        group += [nodes.colspec(colwidth=w) for w in widths]
        group += nodes.thead("", self._row(header, code_cols=0))
        group += nodes.tbody("", *(self._row(r, code_cols=self.code_cols) for r in rows))
        return table

    def _row(self, cells: tuple[str, ...], *, code_cols: int) -> nodes.row:
        row = nodes.row()
        for i, text in enumerate(cells):
            if i < code_cols:
                inline: list[nodes.Node] = [nodes.literal(text, text)]
            else:
                inline, _messages = self.parse_inline(text)
            row += nodes.entry("", nodes.paragraph("", "", *inline))
        return row


class ConfigTable(_TableDirective):
    """Every ``papers_*`` configuration value with its type, default and meaning."""

    code_cols = 0

    def run(self) -> list[nodes.Node]:
        return [self.table(("Name", "Type", "Default", "Meaning"), _config_rows(), [24, 18, 18, 40])]


class PapersConfval(SphinxDirective):
    """``.. papers-confval:: papers_x`` -- the value's declaration as a ``confval``, then the content."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        value = _config_value(name)
        if value is None:
            msg = f"papers-confval: {name!r} is not a declared papers_* value"
            raise self.error(msg)
        source, line = self.get_source_info()
        header = [
            f".. confval:: {name}",
            f"   :type: {_type_text(value)}",
            f"   :default: ``{value.default!r}``",
            "",
            f"   {value.description}",
            "",
        ]
        text = StringList()
        for row in header:
            text.append(row, source, line)
        for row, (row_source, row_line) in zip(self.content, self.content.items, strict=True):
            text.append(f"   {row}" if row else "", row_source, row_line)
        box = nodes.container()
        self.state.nested_parse(text, self.content_offset, box)
        return list(box.children)


class TemplateFields(_TableDirective):
    """The fields a reference template may use, and the built-in styles."""

    option_spec: ClassVar[dict[str, Any]] = {"styles": directives.flag}

    def run(self) -> list[nodes.Node]:
        if "styles" in self.options:
            self.code_cols = 2
            return [self.table(("Style", "Template"), _style_rows(), [20, 80])]
        return [self.table(("Field", "Holds"), _template_field_rows(), [20, 80])]


def _warning_subtypes() -> list[tuple[str, str]]:
    """(subtype, description) for every member of the warnings Enum."""
    from sphinx_papers.ext import warnings as papers_warnings

    enum_cls = next(
        obj
        for obj in vars(papers_warnings).values()
        if inspect.isclass(obj) and issubclass(obj, enum.Enum) and obj.__module__ == papers_warnings.__name__
    )
    return [(str(m.value), _member_doc(m)) for m in enum_cls]


def _member_doc(member: enum.Enum) -> str:
    for attr in ("description", "doc", "help"):
        text = getattr(member, attr, None)
        if isinstance(text, str) and text:
            return text
    doc = member.__doc__ or ""
    return "" if doc == type(member).__doc__ else doc


class WarningsList(SphinxDirective):
    """Every warning subtype, with the ``suppress_warnings`` entry that silences it."""

    def run(self) -> list[nodes.Node]:
        items = nodes.definition_list(classes=["papers-warnings"])
        for subtype, text in _warning_subtypes():
            name = f"papers.{subtype}"
            inline, _messages = self.parse_inline(text)
            items += nodes.definition_list_item(
                "",
                nodes.term("", "", nodes.literal(name, name)),
                nodes.definition("", nodes.paragraph("", "", *inline)),
            )
        return [items]


class KeyDemo(_TableDirective):
    """Keys that each key format (one per content line) gives the first papers of the docs' source."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"papers": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        from sphinx_papers.bibtex import assign_keys
        from sphinx_papers.readers import read_path

        source = Path(self.env.srcdir, self.config.papers_sources[0])
        self.env.note_dependency(str(source))
        papers = read_path(source).papers[: self.options.get("papers", 3)]
        formats = [line.strip() for line in self.content if line.strip()]
        rows = [(fmt, *assign_keys(papers, fmt)) for fmt in formats]
        header = ("Key format", *(_short(p.title) for p in papers))
        widths = [25] + [75 // len(papers)] * len(papers)
        self.code_cols = len(header)
        return [self.table(header, rows, widths)]


def _short(title: str) -> str:
    return title if len(title) <= 40 else title[:38].rstrip() + "…"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("papers-example", PapersExample)
    app.add_directive("papers-config-table", ConfigTable)
    app.add_directive("papers-confval", PapersConfval)
    app.add_directive("papers-warnings-list", WarningsList)
    app.add_directive("papers-key-demo", KeyDemo)
    app.add_directive("papers-template-fields", TemplateFields)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
