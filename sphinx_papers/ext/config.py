"""The ``papers_*`` configuration values: declared once, validated once, read as :class:`Settings`.

:data:`CONFIG_VALUES` is the single declaration (the docs generate their
configuration table from it).  An invalid value is reported as a
``papers.config`` warning located in ``conf.py`` and replaced by its default,
so a typo never stops a build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import Author, Paper
from ..lists.formatting import TEMPLATES, compile_template
from .warnings import Subtype, file_location, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

ABSTRACT_MODES = ("collapsed", "full", "none")
GROUPINGS = ("year", "type", "none")


@dataclass(frozen=True)
class ConfigValue:
    """One ``papers_*`` value: its default, what it does, and how a value is checked."""

    name: str
    default: Any
    description: str
    #: returns an error message for a bad value, ``None`` for a good one
    check: Callable[[Any], str | None]


def _str_list(value: Any) -> str | None:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return None
    return "must be a list of strings"


def _choice(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(map(repr, choices))}"

    return check


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _sort(value: Any) -> str | None:
    from ..lists.selection import SelectionError, sort_papers

    if not isinstance(value, str):
        return "must be a string such as '-date'"
    try:
        sort_papers([_SAMPLE], value)
    except SelectionError as exc:
        return str(exc)
    return None


def _group(value: Any) -> str | None:
    return _choice(*GROUPINGS)(value)


def _key_format(value: Any) -> str | None:
    from ..bibtex import assign_keys

    if not isinstance(value, str):
        return "must be a string such as '{surname}{year}{word}'"
    try:
        assign_keys([_SAMPLE], value)
    except ValueError as exc:
        return str(exc)
    return None


def _templates(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        return "must be a dict of style name -> template string"
    for template in value.values():
        if not isinstance(template, str):
            return "every template must be a string"
        try:
            compile_template(template)
        except ValueError as exc:
            return str(exc)
    return None


def _any_str(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


_SAMPLE = Paper(title="Hyperband: a novel approach", authors=(Author("Lisha", "Li"),), issued=None)

CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "papers_sources", [], "Publication files (any converter format), relative to conf.py.", _str_list
    ),
    ConfigValue("papers_highlight", [], "Author names shown in bold in every list.", _str_list),
    ConfigValue(
        "papers_abstract",
        "collapsed",
        "Abstracts: 'collapsed' (HTML <details>), 'full' or 'none'.",
        _choice(*ABSTRACT_MODES),
    ),
    ConfigValue("papers_bibtex", False, "Default of the :bibtex: option.", _bool),
    ConfigValue("papers_sort", "-date", "Default :sort: of lists.", _sort),
    ConfigValue("papers_group_by", "year", "Default :group-by: of lists: year, type or none.", _group),
    ConfigValue(
        "papers_key_format",
        "{surname}{year}{word}",
        "Citation keys for papers whose source gives none.",
        _key_format,
    ),
    ConfigValue(
        "papers_style",
        "default",
        "Reference template: 'default', 'compact' or a papers_templates name.",
        _any_str,
    ),
    ConfigValue(
        "papers_templates", {}, "Extra or overriding reference templates: {name: template}.", _templates
    ),
    ConfigValue(
        "papers_search_abstracts",
        False,
        "Put abstracts into the HTML search index (titles and authors always are; slower builds).",
        _bool,
    ),
)

_BY_NAME = {value.name: value for value in CONFIG_VALUES}


@dataclass(frozen=True)
class Settings:
    """The validated configuration, as the rest of the extension reads it."""

    sources: tuple[str, ...]
    highlight: tuple[str, ...]
    abstract: str
    bibtex: bool
    sort: str
    group_by: str
    key_format: str
    style: str
    templates: tuple[tuple[str, str], ...]
    search_abstracts: bool = False

    def template(self, style: str | None = None) -> str:
        """The template string of a style (this one's own style by default)."""
        return dict(self.templates)[style or self.style]


def register(app: Sphinx) -> None:
    """Declare every value (any type accepted: :func:`validate` checks them with papers warnings)."""
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, "env", Any)


def validate(app: Sphinx, config: Config) -> None:
    """``config-inited``: replace each bad value by its default, with a ``papers.config`` warning."""
    conf_py = Path(app.confdir, "conf.py")
    for value in CONFIG_VALUES:
        current = getattr(config, value.name)
        # the defaults are valid: checking them would import the filter language and the writer
        error = None if current == value.default else value.check(current)
        if error:
            _reject(config, value, error, conf_py)
    styles = {**TEMPLATES, **config.papers_templates}
    if config.papers_style not in styles:
        error = f"unknown style {config.papers_style!r} (known: {', '.join(styles)})"
        _reject(config, _BY_NAME["papers_style"], error, conf_py)


def _reject(config: Config, value: ConfigValue, error: str, conf_py: Path) -> None:
    message = f"{value.name} {error}; using the default {value.default!r}"
    warn(Subtype.CONFIG, message, file_location(str(conf_py), _line_of(conf_py, value.name)))
    setattr(config, value.name, value.default)


def _line_of(path: Path, name: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(name)), 0)


def settings(config: Config) -> Settings:
    """The validated settings of a build."""
    templates = {**TEMPLATES, **config.papers_templates}
    return Settings(
        sources=tuple(config.papers_sources),
        highlight=tuple(config.papers_highlight),
        abstract=config.papers_abstract,
        bibtex=config.papers_bibtex,
        sort=config.papers_sort,
        group_by=config.papers_group_by,
        key_format=config.papers_key_format,
        style=config.papers_style,
        templates=tuple(sorted(templates.items())),
        search_abstracts=config.papers_search_abstracts,
    )
