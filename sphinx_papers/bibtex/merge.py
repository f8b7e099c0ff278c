"""Merging new papers into an existing .bib file.

Which records are the same paper and which version is newer is decided by
:mod:`.identity` (:func:`title_key`, :func:`is_newer`; :func:`dedupe` merges
the same paper read from several inputs).

:func:`merge_into_bib` updates a user's .bib file in place: the file is read
with bibtexparser (without middlewares, so values stay exactly as written)
and written back by splicing, so every block not updated -- entries,
``@string``, ``@preamble``, comments, even blocks bibtexparser could not
parse -- stays byte-identical.  Papers already present keep their key and
every field; a newer version refreshes only the fields that describe the
arXiv version (:data:`REPLACED`) and fills in missing generated ones
(:data:`FILLED`).  New papers are appended with keys that do not clash.
Nothing is ever deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..core import arxiv_ids
from ..core.identity import dedupe, fold, is_newer, last_word, paper_title_key, title_key
from ..core.model import Paper, Problem
from . import DEFAULT_KEY_FORMAT, assign_keys, entry_fields, format_entry, write_bibtex

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bibtexparser.model import Entry

#: fields a newer version overwrites: they describe the version, not the paper
REPLACED = frozenset({"version", "updated", "latest_version", "eprint"})
#: generated fields a newer version adds when the entry lacks them (an existing
#: value may be the user's choice, e.g. a journal's year or note, and is kept)
FILLED = frozenset(
    {"year", "month", "date", "submitted", "announced", "note", "comments", "howpublished", "doi", "url"}
    | {"archiveprefix", "primaryclass", "eprinttype", "eprintclass", "related_dois"}
)
_ARXIV_DOI = "10.48550/arxiv."
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_FAILED_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s]+)\s*,")


@dataclass
class MergeResult:
    """The merged .bib text and what happened."""

    text: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    #: entries in the merged file
    entries: int = 0
    #: keys of the appended papers, in order
    new_keys: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """``merged: A added, U updated, N unchanged``."""
        return f"merged: {self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def _unbrace(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and value[0] + value[-1] in ("{}", '""'):
        return value[1:-1]
    return value


def _first_surname(authors: str) -> str:
    first = _AND.split(_unbrace(authors).strip(), maxsplit=1)[0].strip()
    if "," in first:
        return first.split(",", 1)[0].strip()
    words = first.split()
    return words[-1] if words else ""


class _Existing:
    """One entry of the .bib file: where it is, its fields, its identity."""

    def __init__(self, entry: Entry, start: int) -> None:
        self.entry = entry
        self.raw: str = entry.raw or ""
        self.start = start
        self.values = {f.key.lower(): _unbrace(str(f.value)) for f in entry.fields}
        self.arxiv = _entry_arxiv_id(self.values)
        self.surname = _first_surname(self.values.get("author") or self.values.get("editor", ""))
        self.title_fold = fold(self.values.get("title", ""))
        self.tkey = f"{self.title_fold}|{last_word(self.surname)}" if self.title_fold else ""
        self.touched = False

    def version(self) -> int | None:
        """The version the entry describes: its ``version`` field, else the ``vN`` of its eprint or URL."""
        if self.values.get("version", "").isdigit():
            return int(self.values["version"])
        for name in ("eprint", "url"):
            parsed = arxiv_ids.parse(self.values.get(name, "")) if self.values.get(name) else None
            if parsed and parsed.version:
                return parsed.version
        return None

    def version_date(self) -> date | None:
        """The date of the version the entry describes: ``updated`` if any, else the first version's."""
        for name in ("updated", "submitted", "date"):
            try:
                return date.fromisoformat(self.values.get(name, ""))
            except ValueError:
                continue
        return None


def _entry_arxiv_id(values: dict[str, str]) -> str:
    """The arXiv id an entry names, in whichever way its exporter wrote it."""
    doi = values.get("doi", "")
    candidates = [
        values.get("eprint", ""),
        doi[len(_ARXIV_DOI) :] if doi.lower().startswith(_ARXIV_DOI) else "",
    ]
    candidates.append(values.get("url", ""))
    for name in ("journal", "howpublished", "note", "volume"):
        if "arxiv" in values.get(name, "").lower() or values.get("journal", "").lower() == "corr":
            found = arxiv_ids.find(values.get(name, "").replace("abs/", ""))
            candidates.append(str(found) if found else "")
    for text in candidates:
        parsed = arxiv_ids.parse(text) if text else None
        if parsed:
            return parsed.id
    return ""


def _is_newer_than_entry(paper: Paper, old: _Existing) -> bool:
    version, updated = old.version(), old.version_date()
    if paper.version is not None and version is not None:
        return paper.version > version
    if paper.submitted is not None and updated is not None:
        return paper.submitted > updated
    # an entry with no version information at all gets one from an arXiv record
    return version is None and updated is None and paper.version is not None


def _field_text(name: str, value: str) -> str:
    """``name = {value}`` exactly as the writer writes it (bare month macros included)."""
    return format_entry("misc", "k", {name: value}).splitlines()[1].strip().rstrip(",")


def _value_spans(raw: str, entry: Entry) -> dict[str, tuple[int, int]] | None:
    """Where each field's value sits in the entry's raw text; ``None`` if the text defeats the scan."""
    cursor = raw.find(",") + 1
    spans: dict[str, tuple[int, int]] = {}
    for f in entry.fields:
        eq = raw.find("=", cursor)
        start = eq + 1
        while start < len(raw) and raw[start].isspace():
            start += 1
        value = str(f.value)
        if eq < 0 or not raw.startswith(value, start):
            return None
        spans[f.key.lower()] = (start, start + len(value))
        cursor = start + len(value)
    return spans


def _refreshed_raw(old: _Existing, fields: dict[str, str]) -> str | None:
    """The entry's raw text with the version's fields refreshed; ``None`` when nothing changes."""
    raw = old.raw
    spans = _value_spans(raw, old.entry)
    if spans is None or not spans:
        return None
    edits: list[tuple[int, int, str]] = []
    added: list[str] = []
    for name, value in fields.items():
        low = name.lower()
        current = old.values.get(low)
        if current is None and (low in REPLACED or low in FILLED):
            added.append(_field_text(name, value))
        elif current is not None and current != value and _replaces(low, current):
            start, end = spans[low]
            edits.append((start, end, _field_text(name, value).split(" = ", 1)[1]))
    if not edits and not added:
        return None
    end_of_fields = max(end for _, end in spans.values())
    line_start = raw.rfind("\n", 0, end_of_fields) + 1
    last_line = raw[line_start:end_of_fields]
    indent = last_line[: len(last_line) - len(last_line.lstrip())]
    # follow the entry's layout: one field per line (with its line ends), or all on one line
    newline = "\r\n" if "\r\n" in raw else "\n"
    sep = f",{newline}{indent}" if line_start else ", "
    edits.append((end_of_fields, end_of_fields, "".join(sep + text for text in added)))
    for start, end, text in sorted(edits, reverse=True):
        raw = raw[:start] + text + raw[end:]
    return raw


def _replaces(name: str, current: str) -> bool:
    # a DOI the user set (a journal's) stays; arXiv's own DOI gives way to a newer one
    if name == "doi":
        return current.lower().startswith(_ARXIV_DOI)
    return name in REPLACED


def _load(text: str, path: str) -> tuple[list[_Existing], set[str], list[Problem]]:
    # imported here: only merging needs it, plain conversions skip its import time
    from bibtexparser.entrypoint import parse_string

    # no middlewares: values stay exactly as written, braces, quotes and macros included
    library = parse_string(text, parse_stack=[])
    existing: list[_Existing] = []
    cursor = 0
    for entry in library.entries:  # in file order: each one's text is found after the previous one
        at = text.find(entry.raw or "", cursor)
        existing.append(_Existing(entry, at))
        cursor = max(cursor, at + 1)
    taken = {e.entry.key for e in existing}
    problems = []
    for block in library.failed_blocks:
        key = getattr(block, "key", None)  # a DuplicateBlockKeyBlock
        what = f"duplicate key {key!r}" if key else "cannot parse this block"
        problems.append(Problem(path, (block.start_line or 0) + 1, f"{what}; it is kept as it is"))
        m = _FAILED_KEY.match(block.raw or "")
        if m:
            taken.add(m[1])
    return existing, taken, problems


def _match(
    paper: Paper, by_id: dict[str, _Existing], by_title: dict[str, _Existing], by_key: dict[str, _Existing]
) -> _Existing | None:
    if paper.arxiv_id and paper.arxiv_id in by_id:
        return by_id[paper.arxiv_id]
    tkey = paper_title_key(paper)
    old = by_title.get(tkey) if tkey else None
    own_key = paper.key if paper.bibtex_fields else ""
    other_id = bool(paper.arxiv_id and old and old.arxiv and paper.arxiv_id != old.arxiv)
    other_key = bool(own_key and old and own_key != old.entry.key)
    if old is not None and not other_id and not other_key:
        return old
    # a paper read from a .bib (the same file, or a copy of it) by its key: its
    # title or first author may read differently from the raw entry's
    # ("{\TeX}book", an author inherited through crossref)
    old = by_key.get(own_key) if own_key else None
    surname = paper.authors[0].family if paper.authors else ""
    if old is not None and (
        fold(paper.title) == old.title_fold or last_word(surname) == last_word(old.surname)
    ):
        return old
    return None


def merge_into_bib(
    text: str,
    papers: Sequence[Paper],
    *,
    path: str = "<bib>",
    dialect: str = "bibtex",
    ascii: bool = False,
    key_format: str = DEFAULT_KEY_FORMAT,
) -> MergeResult:
    """Merge ``papers`` into the .bib ``text`` (see the module's docstring).

    Raises :class:`ValueError` for a bad ``key_format``.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""  # kept, but hidden from the parser
    existing, taken, problems = _load(text[len(bom) :], path)
    for item in existing:
        item.start += len(bom) if item.start >= 0 else 0
    by_id = {e.arxiv: e for e in reversed(existing) if e.arxiv}
    by_title = {e.tkey: e for e in reversed(existing) if e.tkey}
    by_key = {e.entry.key: e for e in existing}
    result = MergeResult(text, entries=len(existing), problems=problems)
    new: list[Paper] = []
    edits: list[tuple[int, int, str]] = []
    for paper in papers:
        old = _match(paper, by_id, by_title, by_key)
        if old is None:
            new.append(paper)
            continue
        raw = None
        if not old.touched and old.start >= 0 and _is_newer_than_entry(paper, old):
            raw = _refreshed_raw(old, entry_fields(paper, dialect=dialect, ascii=ascii))
        old.touched = True
        if raw is None:
            result.unchanged += 1
        else:
            result.updated += 1
            edits.append((old.start, old.start + len(old.raw), raw))
    for start, end, raw in sorted(edits, reverse=True):
        result.text = result.text[:start] + raw + result.text[end:]
    if new:
        result.new_keys = assign_keys(new, key_format, taken=taken)
        result.added = len(new)
        result.entries += len(new)
        tail = write_bibtex(new, dialect=dialect, ascii=ascii, keys=result.new_keys)
        body = result.text.rstrip("\n")
        result.text = f"{body}\n\n{tail}" if body else tail
    return result


# dedupe, is_newer, paper_title_key and title_key lived here: still importable from here
__all__ = [
    "FILLED",
    "REPLACED",
    "MergeResult",
    "dedupe",
    "is_newer",
    "merge_into_bib",
    "paper_title_key",
    "title_key",
]
