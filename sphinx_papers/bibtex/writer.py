"""Writing entries: field dicts -> ``@type{key, ...}`` text, and whole .bib files."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .fields import MONTHS, entry_fields, entry_type
from .keys import DEFAULT_KEY_FORMAT, assign_keys

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..model import Paper

# Biber rejects these in keys; BibTeX stops a key at a comma or whitespace.
_BAD_KEY = re.compile(r"[\s\"#'(),={}%]")
_BAD_NAME = re.compile(r"[^A-Za-z0-9_\-.:+]")
_MONTH_MACROS = frozenset(MONTHS)


def format_entry(entry_type: str, key: str, fields: Mapping[str, str]) -> str:
    """One entry, fields in the given order, each value in braces.

    A ``month`` given as one of BibTeX's month macros (``jun``) is written bare,
    so that styles print the month's name.  Raises :class:`ValueError` for an
    entry type, key or field name BibTeX could not read back.
    """
    _check(entry_type, key, fields)
    body = "".join(
        f"  {name} = {value},\n"
        if name == "month" and value in _MONTH_MACROS
        else f"  {name} = {{{value}}},\n"
        for name, value in fields.items()
    )
    return f"@{entry_type}{{{key},\n{body}}}\n"


@lru_cache(maxsize=1024)
def _valid_name(name: str) -> bool:
    return bool(name) and _BAD_NAME.search(name) is None


def _check(entry_type: str, key: str, fields: Mapping[str, str]) -> None:
    if not _valid_name(entry_type):
        msg = f"bad BibTeX entry type {entry_type!r}"
        raise ValueError(msg)
    if not key or _BAD_KEY.search(key):
        msg = f"bad BibTeX key {key!r}: empty, or holds whitespace or one of \" # ' ( ) , = {{ }} %"
        raise ValueError(msg)
    for name in fields:
        if not _valid_name(name):
            msg = f"bad BibTeX field name {name!r} in entry {key!r}"
            raise ValueError(msg)


def write_bibtex(
    papers: Sequence[Paper],
    *,
    dialect: str = "bibtex",
    ascii: bool = False,
    key_format: str = DEFAULT_KEY_FORMAT,
    keys: Sequence[str] | None = None,
) -> str:
    """A whole .bib file (UTF-8 text unless ``ascii``), one entry per paper, in order.

    ``keys`` overrides key making (one per paper); otherwise :func:`assign_keys`
    makes them with ``key_format``.
    """
    if keys is None:
        keys = assign_keys(papers, key_format)
    elif len(keys) != len(papers):
        msg = f"write_bibtex: {len(keys)} keys given for {len(papers)} papers"
        raise ValueError(msg)
    return "\n".join(
        format_entry(entry_type(paper, dialect), key, entry_fields(paper, dialect=dialect, ascii=ascii))
        for paper, key in zip(papers, keys, strict=True)
    )
