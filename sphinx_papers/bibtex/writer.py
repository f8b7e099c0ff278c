"""Writing entries: field dicts -> ``@type{key, ...}`` text, and whole .bib files.

The one writer of BibTeX: a listing's papers through templates of whole
entries; a .bib entry's fields as :func:`.fields.field_texts` gives them
(as written, where unchanged); the blocks of a .bib file that are not
entries (``@string``, ``@preamble``, comments) by :func:`format_block`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .fields import MONTHS, check_dialect, entry_type, field_texts, from_bib, preprint_fields
from .keys import DEFAULT_KEY_FORMAT, assign_keys

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..core.model import BibBlock, Paper

# BibTeX stops a key at a comma or whitespace, braces delimit the entry, and biber (and
# bibtexparser) read % as a comment and # as a concatenation.  Biber rejects more (" ' ( ) =),
# which BibTeX reads: the .bib reader reports those and keeps the key; key making never makes them.
_BAD_KEY = re.compile(r"[\s,{}%#]")
_BAD_NAME = re.compile(r"[^A-Za-z0-9_\-.:+]")
_MONTH_MACROS = frozenset(MONTHS)


def format_entry(entry_type: str, key: str, fields: Mapping[str, str]) -> str:
    """One entry, fields in the given order, each value in braces.

    A ``month`` given as one of BibTeX's month macros (``jun``) is written bare,
    so that styles print the month's name.  Raises :class:`ValueError` for an
    entry type, key or field name BibTeX could not read back.
    """
    _check_head(entry_type, key)
    _check_names(key, fields)
    return _entry_text(entry_type, key, fields)


def _entry_text(entry_type: str, key: str, fields: Mapping[str, str]) -> str:
    month = fields.get("month")
    if month is not None and month not in _MONTH_MACROS:
        fields = {**fields, "month": f"{{{month}}}"}  # the template writes month bare
    names = tuple(fields)
    template = _TEMPLATES.get(names) or _template(names)
    return template % (entry_type, key, *fields.values())


#: ``%`` templates of whole entries by field names: a listing's entries come in a few dozen shapes,
#: and one ``%`` per entry costs less than formatting each field's line
_TEMPLATES: dict[tuple[str, ...], str] = {}


def _template(names: tuple[str, ...]) -> str:
    lines = "".join([f"  {name} = %s,\n" if name == "month" else f"  {name} = {{%s}},\n" for name in names])
    if len(_TEMPLATES) >= 1024:  # bounded: .bib sources can have any number of shapes
        _TEMPLATES.clear()
    template = _TEMPLATES[names] = f"@%s{{%s,\n{lines}}}\n"
    return template


#: field names already found valid (a small, bounded vocabulary in practice)
_VALID_NAMES: set[str] = set()


def _valid_name(name: str) -> bool:
    if name in _VALID_NAMES:
        return True
    valid = bool(name) and _BAD_NAME.search(name) is None
    if valid and len(_VALID_NAMES) < 4096:
        _VALID_NAMES.add(name)
    return valid


def _check_head(entry_type: str, key: str) -> None:
    if entry_type not in _VALID_NAMES and not _valid_name(entry_type):
        msg = f"bad BibTeX entry type {entry_type!r}"
        raise ValueError(msg)
    # most keys are letters and digits (isalnum: a C loop, no regex), never whitespace or punctuation
    if not key.isalnum() and (not key or _BAD_KEY.search(key)):
        msg = f"bad BibTeX key {key!r}: empty, or holds whitespace or one of , {{ }} % #"
        raise ValueError(msg)


def _check_names(key: str, fields: Mapping[str, str]) -> None:
    if _VALID_NAMES.issuperset(fields):  # the usual case: names seen before, one set operation
        return
    for name in fields:
        if not _valid_name(name):
            msg = f"bad BibTeX field name {name!r} in entry {key!r}"
            raise ValueError(msg)


def format_preamble(value: str) -> str:
    """A ``@preamble`` block around a value as a .bib file wrote it (``"..."``, ``{...}`` or joined by ``#``)."""
    return f"@preamble{{{value.strip()}}}\n"


def format_block(block: BibBlock) -> str:
    """A .bib block that is not an entry, as its file wrote it, and a newline."""
    return f"{block.text}\n"


def _unchanged_verbatim(paper: Paper, key: str) -> bool:
    """A .bib entry kept verbatim (a malformed value), with its key and every field as read."""
    written = paper.written
    if written is None or not written.verbatim or key != paper.key:
        return False
    return paper.bibtex_fields == {name: f.value for name, f in written.fields.items()}


def write_bibtex(
    papers: Sequence[Paper],
    *,
    dialect: str = "bibtex",
    ascii: bool = False,
    key_format: str = DEFAULT_KEY_FORMAT,
    keys: Sequence[str] | None = None,
    as_written: bool = True,
) -> str:
    """A whole .bib file (UTF-8 text unless ``ascii``), one entry per paper, in order.

    ``keys`` overrides key making (one per paper); otherwise :func:`assign_keys`
    makes them with ``key_format``.  A paper read from a .bib file is written
    as its file wrote it (macros kept: the file's ``@string`` blocks must come
    with it); ``as_written=False`` writes its values, macros resolved, for
    entries that stand alone.
    """
    entries = bibtex_entries(
        papers, dialect=dialect, ascii=ascii, key_format=key_format, keys=keys, as_written=as_written
    )
    return "\n".join(entries)


def bibtex_entries(
    papers: Sequence[Paper],
    *,
    dialect: str = "bibtex",
    ascii: bool = False,
    key_format: str = DEFAULT_KEY_FORMAT,
    keys: Sequence[str] | None = None,
    as_written: bool = True,
) -> list[str]:
    """:func:`write_bibtex`'s entries, each its own string (``@type{key, ...}`` and a newline), not yet joined."""
    if keys is None:
        keys = assign_keys(papers, key_format)
    elif len(keys) != len(papers):
        msg = f"write_bibtex: {len(keys)} keys given for {len(papers)} papers"
        raise ValueError(msg)
    if papers:
        check_dialect(dialect)
    bibtex = dialect == "bibtex"
    entries: list[str] = []
    for paper, key in zip(papers, keys, strict=True):
        type_ = entry_type(paper, dialect)
        _check_head(type_, key)
        if as_written and _unchanged_verbatim(paper, key):
            entries.append(f"{paper.written.verbatim}\n")  # type: ignore[union-attr]
        elif from_bib(paper):
            _check_names(key, paper.bibtex_fields)
            texts = field_texts(paper, dialect=dialect, ascii=ascii, as_written=as_written)
            lines = "".join([f"  {text},\n" for text in texts])
            entries.append(f"@{type_}{{{key},\n{lines}}}\n")
        else:  # the writer's own field names: valid by construction, not checked again
            entries.append(_entry_text(type_, key, preprint_fields(paper, bibtex, ascii)))
    return entries
