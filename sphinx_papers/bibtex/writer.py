"""Writing entries: field dicts -> ``@type{key, ...}`` text, and whole .bib files."""

from __future__ import annotations

import re
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
    lines = [f"  {name} = {{{value}}},\n" for name, value in fields.items()]
    month = fields.get("month")
    if month in _MONTH_MACROS:  # written bare; looked up once instead of testing every field
        lines[list(fields).index("month")] = f"  month = {month},\n"
    return f"@{entry_type}{{{key},\n{''.join(lines)}}}\n"


#: field names already found valid (a small, bounded vocabulary in practice)
_VALID_NAMES: set[str] = set()


def _valid_name(name: str) -> bool:
    if name in _VALID_NAMES:
        return True
    valid = bool(name) and _BAD_NAME.search(name) is None
    if valid and len(_VALID_NAMES) < 4096:
        _VALID_NAMES.add(name)
    return valid


def _check(entry_type: str, key: str, fields: Mapping[str, str]) -> None:
    if not _valid_name(entry_type):
        msg = f"bad BibTeX entry type {entry_type!r}"
        raise ValueError(msg)
    if not key or _BAD_KEY.search(key):
        msg = f"bad BibTeX key {key!r}: empty, or holds whitespace or one of \" # ' ( ) , = {{ }} %"
        raise ValueError(msg)
    if _VALID_NAMES.issuperset(fields):  # the usual case: names seen before, one set operation
        return
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
    names: dict[int, str] = {}  # every paper stays alive during the call: ids are not reused
    return "\n".join(
        [
            format_entry(
                entry_type(paper, dialect),
                key,
                entry_fields(paper, dialect=dialect, ascii=ascii, names=names),
            )
            for paper, key in zip(papers, keys, strict=True)
        ]
    )
