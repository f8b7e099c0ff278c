"""``convert --merge``: new papers into a user's existing .bib file, by the one merge policy.

Which records are one paper, and what a merge keeps, is :mod:`..core.identity`
(``docs/merging.md``); this module applies it to a file without rewriting it.
The file is read once, by the .bib reader (:func:`..readers.bib.read_blocks`),
which gives each entry as a paper (what identity compares) and its
bibtexparser block (the raw text, which splicing needs).  It is written back
by splicing: every block not updated -- entries, ``@string``, ``@preamble``,
comments, even blocks bibtexparser could not parse -- stays byte-identical,
and an updated entry changes only in the fields the merge changed or added
(written by :func:`.fields.field_text`).  An entry of the same paper keeps
its key, type and every field; the new record fills the fields it lacks and,
when it is a newer arXiv version, refreshes those that describe the version
(:func:`..core.identity.fill_fields`).  A record with its own key (read from
another .bib) that the file does not hold is added under that key, as
written, even when the file holds the same paper under another key, with
the ``@string``/``@preamble`` blocks of its file that this one lacks; a key
the file holds for another paper is reported and not added.  Other new
papers are appended with keys that do not clash.  Nothing is ever deleted,
and merging the same papers twice changes nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.identity import different_papers, fill_fields, paper_title_key, same_paper
from ..core.model import Problem
from ..readers.bib import field_name, value_text
from . import DEFAULT_KEY_FORMAT, assign_keys, entry_fields, write_bibtex
from .fields import field_text
from .writer import format_block

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from bibtexparser.model import Entry

    from ..core.model import BibBlock, Paper

_FAILED_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s]+)\s*,")
_STRING_NAME = re.compile(r"@\s*string\s*[{(]\s*([^=\s]+)", re.IGNORECASE)


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
    #: one per merge, naming the entry and the record merged into it
    notes: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """``merged: A added, U updated, N unchanged``."""
        return f"merged: {self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def _unbrace(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and value[0] + value[-1] in ("{}", '""'):
        return value[1:-1]
    return value


class _Existing:
    """One entry of the .bib file: where it is, its raw fields, the paper it reads as, what it becomes."""

    def __init__(self, entry: Entry, start: int, paper: Paper | None) -> None:
        self.entry = entry
        #: the key as the reader gives it (as written, unless BibTeX could not read it)
        self.key = paper.key if paper is not None else entry.key
        self.raw: str = entry.raw or ""
        self.start = start
        self.line = (entry.start_line or 0) + 1
        #: the values as BibTeX evaluates them (macros resolved), which new records' fields are compared with
        self.values = (
            dict(paper.bibtex_fields)
            if paper is not None
            else {field_name(f.key).lower(): _unbrace(value_text(f.value)) for f in entry.fields}
        )
        self.paper = paper
        #: the fields after merging, ``None`` while no record was merged into the entry
        self.merged: dict[str, str] | None = None
        #: the records merged into it
        self.merged_from: list[Paper] = []

    def fill(self, fields: Mapping[str, str]) -> None:
        self.merged = fill_fields(self.merged or self.values, fields)


def _value_spans(raw: str, entry: Entry) -> dict[str, tuple[int, int]] | None:
    """Where each field's value sits in the entry's raw text; ``None`` if the text defeats the scan."""
    cursor = raw.find(",") + 1
    spans: dict[str, tuple[int, int]] = {}
    for f in entry.fields:
        eq = raw.find("=", cursor)
        start = eq + 1
        while start < len(raw) and raw[start].isspace():
            start += 1
        value = value_text(f.value)  # a "% comment" after the value stays after it, and after the comma
        if eq < 0 or not raw.startswith(value, start):
            return None
        spans.setdefault(
            field_name(f.key).lower(), (start, start + len(value))
        )  # a repeated field: the first
        cursor = start + len(f.value.rstrip())
    return spans


def _refreshed_raw(old: _Existing) -> str | None:
    """The entry's raw text with its merged fields spliced in; ``None`` when nothing changes."""
    raw = old.raw
    spans = _value_spans(raw, old.entry)
    fields = old.merged or {}
    if spans is None or not spans:
        return None
    edits: list[tuple[int, int, str]] = []
    added: list[str] = []
    for name, value in fields.items():
        low = name.lower()
        current = old.values.get(low)
        if current is None:
            added.append(field_text(name, value))
        elif current != value:
            start, end = spans[low]
            edits.append((start, end, field_text(name, value).split(" = ", 1)[1]))
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


def _load(text: str, path: str) -> tuple[list[_Existing], set[str], list[Problem], set[str]]:
    """The file's entries, the keys it takes, its broken blocks, and what it defines (:func:`_defines`)."""
    # imported here: only merging needs them, plain conversions skip their import time
    from bibtexparser.model import Entry, ParsingFailedBlock

    from ..readers.bib import read_blocks

    result, blocks = read_blocks(text, path)
    existing: list[_Existing] = []
    cursor = 0
    entries = [b for b in blocks if isinstance(b, Entry)]
    # the reader makes one paper of each entry, in order; each entry's text is found after the previous one
    for entry, paper in zip(entries, result.papers, strict=True):
        at = text.find(entry.raw or "", cursor)
        existing.append(_Existing(entry, at, paper))
        cursor = max(cursor, at + 1)
    taken = {e.entry.key for e in existing} | {e.key for e in existing}
    problems = []
    for block in (b for b in blocks if isinstance(b, ParsingFailedBlock)):
        key = getattr(block, "key", None)  # a DuplicateBlockKeyBlock
        what = f"duplicate key {key!r}" if key else "cannot parse this block"
        problems.append(Problem(path, (block.start_line or 0) + 1, f"{what}; it is kept as it is"))
        m = _FAILED_KEY.match(block.raw or "")
        if m:
            taken.add(m[1])
    return existing, taken, problems, {_defines(block) for block in result.blocks}


def _defines(block: BibBlock) -> str:
    """What a block defines: ``string:name`` for a ``@string``, else its text (a preamble is itself)."""
    name = _STRING_NAME.match(block.text) if block.kind == "string" else None
    return f"string:{name[1].lower()}" if name else block.text


def _definitions(blocks: Sequence[BibBlock], new: Sequence[Paper], known: set[str]) -> list[BibBlock]:
    """The ``@string`` and ``@preamble`` blocks of the new papers' .bib inputs that the file lacks.

    Appended entries keep their values as written, macros included: the
    file gets the definitions with them.
    """
    paths = {paper.source.path for paper in new if paper.source and paper.written}
    needed = []
    for block in dict.fromkeys(blocks):
        if (
            block.kind in ("string", "preamble")
            and block.source.path in paths
            and _defines(block) not in known
        ):
            known.add(_defines(block))
            needed.append(block)
    return needed


class _Target:
    """The file's entries indexed by key, arXiv id and title key; where each new record goes."""

    def __init__(self, existing: list[_Existing], path: str, result: MergeResult) -> None:
        self.path = path
        self.result = result
        self.by_key = {e.key: e for e in existing}
        self.by_id: dict[str, list[_Existing]] = {}
        self.by_title: dict[str, list[_Existing]] = {}
        for item in existing:
            if item.paper is None:
                continue
            if item.paper.arxiv_id:
                self.by_id.setdefault(item.paper.arxiv_id, []).append(item)
            self.by_title.setdefault(paper_title_key(item.paper), []).append(item)

    def note(self, old: _Existing, paper: Paper, message: str, severity: str = "info") -> None:
        """A message at the entry ``old`` naming the new record (``{new}`` in ``message``)."""
        new = str(paper.source) if paper.source else "a new record"
        problem = Problem(self.path, old.line, message.format(key=old.key, new=new), severity)
        (self.result.notes if severity == "info" else self.result.problems).append(problem)

    def add(self, paper: Paper, fields: Mapping[str, str]) -> bool:
        """Merge ``paper`` (its BibTeX ``fields``) into the entries of the same paper; False if there are none."""
        if paper.key:  # a user's entry from another .bib: its key decides
            old = self.by_key.get(paper.key)
            if old is None:
                return False
            if old.paper is not None and different_papers(old.paper, paper):
                self.note(old, paper, "duplicate key {key!r}: {new} is another paper, not added", "warning")
                return True
            matches = [old]
        else:
            matches = self.by_id.get(paper.arxiv_id, []) if paper.arxiv_id else []
            if not matches:
                tkey = paper_title_key(paper)  # a record without a title has one too: it finds its entry
                matches = [e for e in self.by_title.get(tkey, []) if e.paper and same_paper(e.paper, paper)]
        for old in matches:
            old.fill(fields)
            old.merged_from.append(paper)
        return bool(matches)


def merge_into_bib(
    text: str,
    papers: Sequence[Paper],
    *,
    path: str = "<bib>",
    dialect: str = "bibtex",
    ascii: bool = False,
    key_format: str = DEFAULT_KEY_FORMAT,
    blocks: Sequence[BibBlock] = (),
) -> MergeResult:
    """Merge ``papers`` into the .bib ``text`` (see the module's docstring).

    ``blocks``: those of the papers' .bib inputs (:attr:`ReadResult.blocks`):
    the ``@string`` and ``@preamble`` definitions the file lacks come before
    the papers appended from those inputs.  Raises :class:`ValueError` for a
    bad ``key_format``.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""  # kept, but hidden from the parser
    existing, taken, problems, known = _load(text[len(bom) :], path)
    for item in existing:
        item.start += len(bom) if item.start >= 0 else 0
    result = MergeResult(text, entries=len(existing), problems=problems)
    target = _Target(existing, path, result)
    new = [
        paper for paper in papers if not target.add(paper, entry_fields(paper, dialect=dialect, ascii=ascii))
    ]
    edits: list[tuple[int, int, str]] = []
    for old in existing:
        if old.merged is None:
            continue
        raw = _refreshed_raw(old) if old.start >= 0 else None
        if raw is None:
            result.unchanged += 1  # the records said nothing the entry does not: no merge to name
            continue
        result.updated += 1
        edits.append((old.start, old.start + len(old.raw), raw))
        for paper in old.merged_from:
            target.note(old, paper, "{key!r} is the same paper as {new}: merged, this entry first")
    for start, end, raw in sorted(edits, reverse=True):
        result.text = result.text[:start] + raw + result.text[end:]
    if new:
        result.new_keys = assign_keys(new, key_format, taken=taken)
        result.added = len(new)
        result.entries += len(new)
        tail = write_bibtex(new, dialect=dialect, ascii=ascii, keys=result.new_keys)
        tail = "".join(f"{format_block(b)}\n" for b in _definitions(blocks, new, known)) + tail
        body = result.text.rstrip("\n")
        result.text = f"{body}\n\n{tail}" if body else tail
    return result
