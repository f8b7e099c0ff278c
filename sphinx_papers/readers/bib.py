"""``.bib`` files: split by bibtexparser v2, names parsed by pybtex.

Each entry becomes a :class:`Paper` holding the entry twice:

- ``bibtex_fields``: every field (lower-case names) as BibTeX evaluates it:
  ``@string`` macros of the file resolved, ``#`` concatenations joined
  (``"Proc. " # STOC`` -> ``Proc. Symposium ...``), LaTeX as written.  BibTeX's
  predefined month macros stay names when they are the whole value
  (``month = jun`` -> ``jun``); inside a concatenation they become the
  month's name (``"10~" # jan`` -> ``10~January``), as ``plain.bst`` defines
  them.  Identity, merging and the pages read these.
- ``written`` (:class:`WrittenEntry`): the entry type and each field exactly
  as the file wrote them (``journal = dam``, ``Title = "A" # B``, ``%``
  comment lines before a field), which the one writer,
  :mod:`sphinx_papers.bibtex.writer`, emits for every field still holding
  the value read.  The key is kept as written when BibTeX accepts it.

Every block that is not an entry -- ``@string``, ``@preamble``, ``@comment``,
text between entries, a block that failed to parse, a duplicate key -- is a
:class:`BibBlock` of :attr:`ReadResult.blocks`, which the command writes back
before the entry it preceded, so that a .bib read and written back loses
nothing, and a second conversion gives the first one's bytes.

The display fields are converted to Unicode text: title, abstract, authors
(``author``, else ``editor``; ``and others`` -> ``authors_not_shown = 1``),
``issued`` (``year``/``month`` or biblatex ``date``), DOIs, and the arXiv
id from ``eprint`` with ``archivePrefix``/``eprinttype`` ``arXiv``.  An
entry without a year or authors inherits them from its ``crossref`` parent.
Every failed block (a parse failure, a duplicate key, a repeated field) is
also a :class:`Problem` with its line; the rest of the file is still read.
No middleware runs: values must stay as written until :meth:`_Reader.value`
evaluates them as BibTeX does, which none of them does (see
:mod:`._bib_syntax`), and ``NormalizeFieldKeys`` keeps the *last* of a
repeated field where BibTeX keeps the first.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from bibtexparser import model as bp
from bibtexparser.entrypoint import parse_string
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError

from ..core.identity import bib_arxiv_id
from ..core.latex_text import latex_to_text
from ..core.links import classify, merge_links
from ..core.model import (
    MONTH_NAMES,
    Author,
    BibBlock,
    Link,
    Paper,
    Problem,
    ReadResult,
    Source,
    WrittenEntry,
    WrittenField,
    YearMonth,
)
from ..core.names import split_name
from . import SNIFFERS
from ._bib_syntax import junk, split_concatenation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..core import arxiv_ids

NAME = "bibtex"
#: an entry as read: bibtexparser's, its evaluated fields, the entry as written
_Read = tuple[bp.Entry, dict[str, str], WrittenEntry]

#: BibTeX's predefined month macros (``jan``), as plain.bst spells them out
_MONTH_NAMES = {name[:3].lower(): name for name in MONTH_NAMES}
_MONTHS = tuple(_MONTH_NAMES)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DATE = re.compile(r"\s*(\d{4})(?:-(\d{1,2}))?")
_WORD = re.compile(r"[A-Za-z]+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)")
_LINE_END = re.compile(r"\n")
_SPLITTER_LOG = logging.getLogger("bibtexparser.splitter")
_COMMENT_LINE = re.compile(r"%[^\n]*")
_TRAILING_COMMENT = re.compile(r"\s+(%[^\n]*)$")
_FIELD_NAME = re.compile(r"[a-z0-9_\-.:+]+")  # what the writer writes back
#: what the writer refuses in a key: BibTeX ends a key at white space or a comma; ``%`` and ``#``
#: start a comment and a concatenation for biber and bibtexparser
_BAD_KEY_CHARS = re.compile(r"[\s,{}%#]")
#: what else biber rejects in a key (``O'Hara_1999``: BibTeX reads it, and it is kept)
_BIBER_KEY_CHARS = re.compile(r"[\"'()=]")


def sniff(text: str) -> bool:
    """True when entries start lines (``@article{``) and no XML or HTML markup precedes them."""
    return SNIFFERS[NAME](text)  # the registry's test: detection must not import readers


def read(text: str, path: str) -> ReadResult:
    """Every entry of a .bib file as a :class:`Paper`; broken ones as problems."""
    return read_blocks(text, path)[0]


def read_blocks(text: str, path: str) -> tuple[ReadResult, list[bp.Block]]:
    """:func:`read`'s result, and the file's blocks as the reader took them (``convert --merge`` splices them).

    The blocks are bibtexparser's, except that an entry with a repeated field is
    an :class:`~bibtexparser.model.Entry` (read, its first field winning) and
    an entry without a valid type a :class:`~bibtexparser.model.ParsingFailedBlock`.
    """
    result = ReadResult()
    try:
        with _quiet():
            # bibtexparser's splitter reads 5,000 arXiv entries with abstracts (9 MB) in ~0.55 s
            blocks = parse_string(text, parse_stack=[]).blocks
    except Exception as err:  # noqa: BLE001  (bibtexparser's own bugs: report, never a traceback)
        result.problems.append(Problem(path, 1, f"bibtexparser failed: {err}", "error"))
        return result, []
    reader = _Reader(path, result, text)
    entries = reader.blocks(blocks)
    blocks = reader.seen
    referenced = {f[ref].lower() for _, f, _ in entries for ref in ("crossref", "xref") if ref in f}
    for entry, fields, written in entries:
        result.papers.append(reader.paper(entry, fields, written, referenced))
    result.problems.sort(key=lambda p: p.line)  # in file order, whichever pass found them
    return result, blocks


def field_name(key: str) -> str:
    """A field's name without the ``%`` comment lines bibtexparser leaves in front of it."""
    return _COMMENT_LINE.sub("", key).strip() if "%" in key else key


def value_text(raw: str) -> str:
    """A field's raw value without a ``%`` comment after it (biber reads it as one)."""
    raw = raw.strip()
    if "%" in raw and split_concatenation(raw) is None:
        trailing = _TRAILING_COMMENT.search(raw)
        if trailing:
            return raw[: trailing.start()]
    return raw


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the splitter's log: every failure it logs becomes a :class:`Problem`."""
    was = _SPLITTER_LOG.disabled
    _SPLITTER_LOG.disabled = True
    try:
        yield
    finally:
        _SPLITTER_LOG.disabled = was


class _Reader:
    """State of one read: the file's macros, its entries by key, its problems."""

    def __init__(self, path: str, result: ReadResult, text: str) -> None:
        self.path = path
        self.result = result
        self.text = text
        #: where each line of ``text`` starts, computed when a failed block needs it
        self.line_starts: list[int] | None = None
        #: whether the entry being read has a value that is not valid BibTeX
        self.malformed = False
        #: the blocks as read (see :func:`read_blocks`)
        self.seen: list[bp.Block] = []
        self.macros: dict[str, str] = {}
        self.by_key: dict[str, dict[str, str]] = {}

    def warn(self, line: int | None, message: str) -> None:
        """A warning at a 0-based line (bibtexparser's count)."""
        self.result.problems.append(Problem(self.path, (line or 0) + 1, message))

    def blocks(self, blocks: list[bp.Block]) -> list[_Read]:
        """Macros defined, entries evaluated (in file order), other blocks kept, failures reported."""
        entries: list[_Read] = []
        run: list[bp.Block] = []  # the blocks before the next entry
        for block in blocks:
            if isinstance(block, bp.DuplicateFieldKeyBlock) and isinstance(
                block.ignore_error_block, bp.Entry
            ):
                block = block.ignore_error_block  # entry() reports the repeated field
            if isinstance(block, bp.Entry) and (not block.key or not _FIELD_NAME.fullmatch(block.entry_type)):
                what = (
                    f"entry type {block.entry_type!r} is not a name" if block.key else "entry without a key"
                )
                block = bp.ParsingFailedBlock(ValueError(what), block.start_line, block.raw)
            self.seen.append(block)
            if isinstance(block, bp.Entry):
                entries.append(self.entry(block))
                self.keep(run, block)
                run = []
                continue
            if isinstance(block, bp.String):
                self.macros[block.key.lower()] = self.value(block.value, block.start_line)
            elif isinstance(block, bp.ParsingFailedBlock):
                self.failed(block)
            elif isinstance(block, bp.Preamble):
                self.result.preambles.append(block.value)
            elif isinstance(block, bp.ImplicitComment):
                self.stray(block)
            run.append(block)
        self.keep(run, None)
        return entries

    def keep(self, run: list[bp.Block], entry: bp.Entry | None) -> None:
        """The blocks before ``entry`` (``None``: the file's end), as written, to be written back where they stood.

        Blocks around a failure are one text, as the file has it: what
        bibtexparser made of a broken entry's remains depends on their layout.
        """
        if not run:
            return
        where = Source(self.path, (run[0].start_line or 0) + 1)
        before = None if entry is None else Source(self.path, (entry.start_line or 0) + 1)
        if any(isinstance(b, bp.ParsingFailedBlock) for b in run):
            text = self.span(run, entry)
            if text:
                self.result.blocks.append(BibBlock("failed", text, where, before))
            return
        kinds = {bp.String: "string", bp.Preamble: "preamble"}
        for block in run:
            kind = kinds.get(type(block), "comment")
            at = Source(self.path, (block.start_line or 0) + 1)
            self.result.blocks.append(BibBlock(kind, (block.raw or "").strip(), at, before))

    def span(self, run: list[bp.Block], entry: bp.Entry | None) -> str:
        """The file's text from the start of the first block of ``run`` to the end of the last.

        It stops where ``entry`` starts: bibtexparser's text of a failed block
        runs to where it gave up, which can be inside the entry that follows
        (``@K{@r{k}``: ``@K{@r``, then the entry ``@r{k}``), and the entry is
        written on its own.
        """
        if self.line_starts is None:
            self.line_starts = [0, *(m.end() for m in _LINE_END.finditer(self.text))]
        start = at = end = -1
        for block in [*run, entry] if entry is not None else run:
            raw = block.raw or ""
            # each block after the previous one's start, not its end: a failed block's text may hold the next one's start
            at = self.text.find(raw, max(at + 1, self.line_starts[block.start_line or 0]))
            if at < 0:  # not expected: bibtexparser's raw texts are slices of the file
                return "\n".join((b.raw or "").strip() for b in run)
            if block is entry:
                end = min(end, at)
            else:
                start, end = (at if start < 0 else start), max(end, at + len(raw))
        return self.text[start:end].strip()

    def failed(self, block: bp.ParsingFailedBlock) -> None:
        if isinstance(block, bp.DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            self.warn(
                block.start_line,
                f"duplicate key {block.key!r} (first on line {first}): kept as written, not read",
            )
            return
        head = _HEAD.match(block.raw or "")
        what = f"@{head[1]}{{{head[2]}, ...}}" if head else "block"
        reason = getattr(block.error, "abort_reason", str(block.error))
        self.warn(block.start_line, f"{what} not read, kept as written: {reason}")

    def stray(self, block: bp.ImplicitComment) -> None:
        """Text outside entries is a comment to BibTeX, unless it looks like a broken entry."""
        if junk(block.comment):
            text = block.comment.strip()
            self.warn(block.start_line, f"text outside any entry is a comment to BibTeX: {text[:60]!r}")

    def entry(self, entry: bp.Entry) -> _Read:
        """The entry's fields by lower-case name, evaluated and as written; the first of a repeated field wins."""
        fields: dict[str, str] = {}
        written: dict[str, WrittenField] = {}
        self.malformed = False
        for field in entry.fields:
            comments, name = self.field_name(field, entry.key)
            if not name:
                continue
            low = name.lower()
            if low in fields:
                self.warn(
                    field.start_line, f"repeated field {low} in {entry.key!r}: the first kept, as BibTeX does"
                )
                continue
            raw = field.value.strip()
            if raw[:1] == "{" and raw[-1:] == "}" and len(raw) > 1 and "#" not in raw and "%" not in raw:
                fields[low] = raw[1:-1]  # the usual braced value: what value() gives, without two calls
            else:
                value = value_text(raw)
                if value != raw:  # biber reads "% ..." after a value as a comment: it goes before the field
                    comments.append(raw[len(value) :].strip())
                    raw = value
                fields[low] = self.value(raw, field.start_line)
            text = "".join(f"{c}\n  " for c in comments) + f"{name} = {raw}"
            written[low] = WrittenField(text, fields[low])
        self.by_key.setdefault(entry.key.lower(), fields)
        head = _HEAD.match(entry.raw or "")
        # an entry with a value BibTeX cannot read is written back as it is: rewritten, it would read otherwise
        verbatim = (entry.raw or "").strip() if self.malformed else ""
        return entry, fields, WrittenEntry(head[1] if head else entry.entry_type, written, verbatim)

    def field_name(self, field: bp.Field, key: str) -> tuple[list[str], str]:
        """The ``%`` comment lines before the field (biber reads them as comments), and its name as written.

        A ``%`` comment line stays in front of the next field's name in
        bibtexparser.  The name is ``""`` (said) for one that is not a name.
        """
        name = field.key
        if _FIELD_NAME.fullmatch(name.lower()):
            return [], name
        comments = _COMMENT_LINE.findall(name)
        name = _COMMENT_LINE.sub("", name).strip()
        if not _FIELD_NAME.fullmatch(name.lower()):
            self.warn(field.start_line, f"field name {field.key!r} in {key!r} is not a name: field skipped")
            return [], ""
        return [c.strip() for c in comments], name

    def value(self, raw: str, line: int | None) -> str:
        """A raw value as BibTeX sees it: delimiters off, macros resolved, ``#`` joined."""
        raw = raw.strip()
        if not raw:
            return raw
        parts = split_concatenation(raw)
        if parts is None:
            self.warn(line, f"malformed value kept as written: {raw[:60]!r}")
            self.malformed = True
            return raw
        if len(parts) == 1:
            return self.part(raw, line, alone=True)
        return "".join(self.part(p, line, alone=False) for p in parts)

    def part(self, raw: str, line: int | None, *, alone: bool) -> str:
        """One braced, quoted, numeric or macro part of a value."""
        if raw[:1] in ("{", '"') and len(raw) >= 2:
            return raw[1:-1]
        if raw.isdigit() or not raw:
            return raw
        name = raw.lower()
        if name in self.macros:
            return self.macros[name]
        if name in _MONTH_NAMES:
            return raw if alone else _MONTH_NAMES[name]
        self.warn(line, f"undefined macro {raw!r} (no @string defines it): written back as a macro")
        return raw

    def paper(
        self, entry: bp.Entry, fields: dict[str, str], written: WrittenEntry, referenced: set[str]
    ) -> Paper:
        source = Source(self.path, (entry.start_line or 0) + 1)
        parent = self.by_key.get(fields.get("crossref", "").lower(), {})
        title = latex_to_text(fields.get("title", ""))
        if not title and entry.key.lower() not in referenced and entry.entry_type.lower() != "set":
            self.warn(entry.start_line, f"entry {entry.key!r} has no title")
        authors, others = self.authors(fields, entry.start_line)
        if not authors and not others and parent:
            authors, others = self.authors(parent, entry.start_line)
        ident = bib_arxiv_id(fields)
        dois = _dois(fields.get("doi", ""))
        key = self.key(entry)
        return Paper(
            title=title,
            authors=authors,
            authors_not_shown=others,
            abstract=latex_to_text(fields.get("abstract", "")),
            issued=self.issued(fields, entry.start_line) or self.issued(parent, entry.start_line),
            arxiv_id=ident.id if ident else "",
            version=ident.version if ident else None,
            primary_category=_primary(fields) if ident else "",
            categories=(_primary(fields),) if ident and _primary(fields) else (),
            dois=dois,
            links=_links(fields, ident, dois),
            entry_type=entry.entry_type.lower(),
            key=key,
            bibtex_fields=fields,
            source=source,
            written=written if key == entry.key else replace(written, verbatim=""),
        )

    def key(self, entry: bp.Entry) -> str:
        """The entry's key as written: one BibTeX reads is kept (said when biber rejects it)."""
        key = entry.key
        if _BAD_KEY_CHARS.search(key):
            key = _BAD_KEY_CHARS.sub("", key)
            self.warn(entry.start_line, f"key {entry.key!r} is not a BibTeX key: written as {key!r}")
        elif _BIBER_KEY_CHARS.search(key):
            bad = "".join(sorted(set(_BIBER_KEY_CHARS.findall(key))))
            self.warn(entry.start_line, f"key {key!r} holds {bad!r}, which biber rejects (BibTeX reads it)")
        return key

    def authors(self, fields: dict[str, str], line: int | None) -> tuple[tuple[Author, ...], int]:
        """``author`` (else ``editor``) as names, and 1 when the list ends in ``and others``."""
        value = fields.get("author") or fields.get("editor") or ""
        # BibTeX separates names by " and " with any white space around it; pybtex only by spaces
        names = split_name_list(" ".join(value.split())) if value.strip() else []
        others = 1 if names and names[-1].strip().lower() == "others" else 0
        authors = []
        for raw in names[: len(names) - others]:
            author = _person(raw)
            if author is None:
                self.warn(line, f"name {raw!r} is not a valid BibTeX name: read as well as possible")
                author = split_name(latex_to_text(raw))
            authors.append(author)
        return tuple(authors), others

    def issued(self, fields: dict[str, str], line: int | None) -> YearMonth | None:
        """biblatex ``date`` (``2020-06-01``, ``2020-06``, ranges), else ``year`` and ``month``."""
        date = _DATE.match(fields.get("date", ""))
        if date:
            return YearMonth(int(date[1]), _month_number(date[2] or ""))
        if "year" not in fields:
            return None
        # the printed year; else the last one written (xampl.bib's
        # "{\noopsort{1973a}}{\switchargs{--90}{1968}}" prints "1968--90")
        raw = fields["year"]
        year = _YEAR.search(raw if raw.isdigit() else latex_to_text(raw)) or _last_year(raw)
        if year is None:
            self.warn(line, f"year {raw!r} has no four-digit year")
            return None
        return YearMonth(int(year[1]), _month_number(latex_to_text(fields.get("month", ""))))


def _last_year(raw: str) -> re.Match[str] | None:
    found = _YEAR.findall(raw)
    return _YEAR.search(found[-1]) if found else None


@lru_cache(maxsize=65536)
def _person(raw: str) -> Author | None:
    """pybtex's reading of one BibTeX name, as Unicode text; ``None`` if it is not one.

    Cached: a publication list names its author in every entry.
    """
    try:
        person = Person(raw)
    except PybtexError:
        return None

    def text(parts: list[str]) -> str:
        return latex_to_text(" ".join(parts))

    return Author(
        given=text(person.first_names + person.middle_names),
        family=text(person.last_names),
        particle=text(person.prelast_names),
        suffix=text(person.lineage_names),
    )


def _month_number(text: str) -> int | None:
    """``6``, ``jun``, ``June``, ``10~January`` -> the month; ``None`` when there is none."""
    text = text.strip()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    for word in _WORD.findall(text):
        low = word.lower()
        if low[:3] in _MONTH_NAMES and _MONTH_NAMES[low[:3]].lower().startswith(low):
            return _MONTHS.index(low[:3]) + 1
    return None


def _dois(value: str) -> tuple[str, ...]:
    """One DOI or several (separated by spaces: DOIs may contain ``,`` and ``;``), without URL prefixes."""
    dois = (_DOI_PREFIX.sub("", d.rstrip(",;")) for d in value.split())
    return tuple(d for d in dois if d)


def _primary(fields: dict[str, str]) -> str:
    return (fields.get("primaryclass") or fields.get("eprintclass") or "").strip()


def _links(
    fields: dict[str, str], ident: arxiv_ids.ArxivId | None, dois: tuple[str, ...]
) -> tuple[Link, ...]:
    """The arXiv abstract page, the DOIs and the ``url`` field."""
    links = [Link("abstract", ident.abs_url)] if ident else []
    links += [Link("doi", f"https://doi.org/{doi}") for doi in dois]
    url = fields.get("url", "").strip()
    if url:
        links.append(Link(classify(url), url))
    return merge_links(links)
