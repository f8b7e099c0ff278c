"""The ``papers_*`` configuration values: declared once, as the fields of :class:`Settings`.

Each field of :class:`Settings` is one value of ``conf.py`` (``papers_`` +
the field's name) and carries its whole declaration: the default as written
in ``conf.py``, the types Sphinx is told about, a description, the check of
a value and how the value becomes the field.  :func:`register` hands them to
``app.add_config_value``, :func:`validate` checks them, :func:`settings`
reads them, and the docs' configuration page is generated from
:data:`CONFIG_VALUES`.

An invalid value is reported as a ``papers.config`` warning located in
``conf.py`` and replaced by its default, so a typo never stops a build.
(Sphinx's own type check runs after :func:`validate`, at a later priority
of ``config-inited``, and so only ever sees valid values.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.config import ENUM

from ..core.model import Author, Paper
from ..lists.formatting import TEMPLATES, Words, compile_template
from .i18n import author_words
from .warnings import Subtype, file_location, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

ABSTRACT_MODES = ("collapsed", "full", "none")
GROUPINGS = ("year", "type", "none")


@dataclass(frozen=True)
class ConfigValue:
    """The declaration of one ``papers_*`` value."""

    name: str
    #: the default, as it would be written in ``conf.py``
    default: Any
    #: what the value is for (reStructuredText inline markup: the docs show it)
    description: str
    #: the accepted types, for Sphinx and the docs (empty when ``choices`` says it)
    types: tuple[type, ...]
    #: the accepted strings, when the value is one of a few
    choices: tuple[str, ...]
    #: returns an error message for a bad value, ``None`` for a good one
    check: Callable[[Any], str | None]
    #: a valid value of ``conf.py`` -> the :class:`Settings` attribute
    read: Callable[[Any], Any]

    @property
    def attribute(self) -> str:
        """The name of the :class:`Settings` attribute holding the value."""
        return self.name.removeprefix("papers_")

    def sphinx_types(self) -> tuple[type, ...] | ENUM:
        """The ``types`` argument of ``app.add_config_value``."""
        return ENUM(*self.choices) if self.choices else self.types

    def type_text(self) -> str:
        """The accepted values in words: ``list or tuple``, ``'year', 'type' or 'none'``."""
        words = [repr(c) for c in self.choices] or [t.__name__ for t in self.types]
        return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _str_list(value: Any) -> str | None:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return None
    return "must be a list of strings"


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


def _encoding(value: Any) -> str | None:
    import codecs

    if not isinstance(value, str):
        return "must be the name of an encoding, such as 'latin-1'"
    try:
        codecs.lookup(value)
    except LookupError:
        return f"unknown encoding {value!r}"
    return None


def _all_templates(value: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The built-in templates with the user's added or replacing them."""
    return tuple(sorted({**TEMPLATES, **value}.items()))


_SAMPLE = Paper(title="Hyperband: a novel approach", authors=(Author("Lisha", "Li"),), issued=None)


def _option(
    default: Any,
    description: str,
    *,
    types: tuple[type, ...] = (),
    choices: tuple[str, ...] = (),
    check: Callable[[Any], str | None] | None = None,
    read: Callable[[Any], Any] = lambda value: value,
) -> Any:
    """A :class:`Settings` field declaring one value of ``conf.py`` (its name comes from the field).

    ``check`` is needed unless ``choices`` says everything.
    """
    if check is None and not choices:
        msg = "a value without choices needs a check"
        raise TypeError(msg)

    def check_choice(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(map(repr, choices))}"

    declaration = {
        "default": default,
        "description": description,
        "types": types,
        "choices": choices,
        "check": check or check_choice,
        "read": read,
    }
    return field(default=read(default), metadata={"papers": declaration})


@dataclass(frozen=True)
class Settings:
    """The validated configuration, as the rest of the extension reads it: one field per value."""

    sources: tuple[str, ...] = _option(
        [],
        "Publication files (any format the converter reads), relative to ``conf.py``.",
        types=(list, tuple),
        check=_str_list,
        read=tuple,
    )
    highlight: tuple[str, ...] = _option(
        [], "Author names shown in bold in every list.", types=(list, tuple), check=_str_list, read=tuple
    )
    abstract: str = _option(
        "collapsed",
        "Abstracts: ``collapsed`` (a toggle in HTML), ``full`` or ``none``; default of ``:abstract:``.",
        choices=ABSTRACT_MODES,
    )
    bibtex: bool = _option(
        False,
        "BibTeX of each entry and a download of the list; default of ``:bibtex:``.",
        types=(bool,),
        check=_bool,
    )
    sort: str = _option("-date", "Order of lists; default of ``:sort:``.", types=(str,), check=_sort)
    group_by: str = _option("year", "Groups of lists; default of ``:group-by:``.", choices=GROUPINGS)
    key_format: str = _option(
        "{surname}{year}{word}",
        "Citation keys for papers whose source gives none.",
        types=(str,),
        check=_key_format,
    )
    style: str = _option(
        "default",
        "Reference template: ``default``, ``compact`` or a name of ``papers_templates``.",
        types=(str,),
        check=_any_str,
    )
    templates: tuple[tuple[str, str], ...] = _option(
        {},
        "Extra or replacing reference templates: ``{name: template}``.",
        types=(dict,),
        check=_templates,
        read=_all_templates,
    )
    search_abstracts: bool = _option(
        False,
        "Put abstracts into the HTML search index (titles and authors always are; slower builds).",
        types=(bool,),
        check=_bool,
    )
    encoding: str = _option(
        "utf-8",
        "Encoding of the ``papers_sources`` files (``latin-1``, ``gbk``, ...); a byte order mark wins.",
        types=(str,),
        check=_encoding,
    )

    def template(self, style: str | None = None) -> str:
        """The template string of a style (this one's own style by default)."""
        return dict(self.templates)[style or self.style]

    @property
    def words(self) -> Words:
        """The words between and instead of authors' names, in the build's language."""
        return author_words()


#: every ``papers_*`` value, in the order of :class:`Settings`
CONFIG_VALUES: tuple[ConfigValue, ...] = tuple(
    ConfigValue(name=f"papers_{f.name}", **f.metadata["papers"]) for f in fields(Settings)
)

_BY_NAME = {value.name: value for value in CONFIG_VALUES}


def register(app: Sphinx) -> None:
    """Declare every value to Sphinx, with its types and description."""
    for value in CONFIG_VALUES:
        app.add_config_value(
            value.name, value.default, "env", types=value.sphinx_types(), description=value.description
        )


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
    warn(Subtype.CONFIG, message, file_location(str(conf_py), line_of(conf_py, value.name)))
    setattr(config, value.name, value.default)


def line_of(path: Path, name: str) -> int:
    """The line of ``path`` that sets ``name`` (0 when none does or the file cannot be read)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(name)), 0)


def settings(config: Config) -> Settings:
    """The validated settings of a build."""
    return Settings(**{value.attribute: value.read(getattr(config, value.name)) for value in CONFIG_VALUES})
