"""The extension's warnings: one vocabulary of subtypes and one helper that emits them.

Every warning is logged with ``type="papers"`` and one :class:`Subtype`, so
``suppress_warnings = ["papers.unknown_key"]`` silences exactly that kind, and
always with a location (``docname:line``, ``file:line`` of a source, or
``conf.py``).  The docs generate their list of warnings from this Enum.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils.nodes import Node

logger = logging.getLogger("sphinx_papers")

#: the ``type`` of every warning this extension emits
WARNING_TYPE = "papers"


class Subtype(str, Enum):
    """Kinds of warning, each with the situation it reports (the member's ``doc``)."""

    UNKNOWN_KEY = "unknown_key"
    DUPLICATE_KEY = "duplicate_key"
    BAD_OPTION = "bad_option"
    BAD_FILTER = "bad_filter"
    SOURCE = "source"
    CONFIG = "config"

    @property
    def doc(self) -> str:
        """What the warning means (used by the docs' list of warnings)."""
        return _DOCS[self]


_DOCS: dict[Subtype, str] = {
    Subtype.UNKNOWN_KEY: "A citation names a key that no paper of ``papers_sources`` has.",
    Subtype.DUPLICATE_KEY: "Two different papers of the sources have the same explicit key; the first is kept.",
    Subtype.BAD_OPTION: "A directive option has a value it cannot take; the option is ignored.",
    Subtype.BAD_FILTER: "A ``:filter:`` expression (or ``:year:``, ``:match:``) does not parse; it is ignored.",
    Subtype.SOURCE: "A source file is missing or unreadable, or a problem was found in one of its entries.",
    Subtype.CONFIG: "A ``papers_*`` configuration value is invalid; its default is used instead.",
}


def warn(subtype: Subtype, message: str, location: Node | tuple[str, int | None] | str) -> None:
    """Log one warning of the given subtype at a location."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)


def file_location(path: str, line: int = 0) -> str:
    """A location outside the documents (a source file, conf.py) as ``path:line``.

    Sphinx shows a string location containing ``:`` as it is; line 0 stands
    for "the whole file".
    """
    return f"{path}:{line}"
