"""When two records are one paper, and how they merge: the one policy of the converter.

The command line (``convert`` with several inputs), ``convert --merge`` and
the Sphinx extension all merge through this module; ``docs/merging.md`` is
the same policy for users.

**Identity.**  Two records are the same paper when they share an arXiv id;
when one of them has none, when they share :func:`title_key` (the title and
the first author's surname, both reduced by :func:`ascii_alnum`, so that
TeX and Unicode spellings agree; an empty title is a title too, so that a
record without one is the entry written from it).  Records with different
arXiv ids are always different papers.

**A user's ``.bib`` entries are never merged away.**  A record with a key
(read from a ``.bib`` file) keeps it: two keys for one paper -- ``yt`` and
``yt:2011`` in one file -- both stay, since either may be cited; a note
says they are one paper.  The same key twice is one record: merged (the
first wins) unless its arXiv id or title key says it is another paper
(:func:`different_papers`); then the later one is reported and dropped.

**Across sources the ``.bib`` entry wins.**  A listing's record (no key) of a
paper a ``.bib`` entry holds fills only what the entry lacks: its key,
entry type and fields stay; the listing adds missing fields
(:func:`fill_fields`), and when it is a newer arXiv version it refreshes
the fields that describe the version (:data:`VERSION_FIELDS`).

**Versions from listings merge.**  Records of one arXiv id without keys
become one record: the newer version's data first (:func:`is_newer`), the
older filling what it lacks.

**Every merge is named.**  Each merge or kept twin yields a note naming both
records (``file:line``); a duplicate key of another paper is a warning.
Merging is idempotent: a record merged with itself, or merging twice,
changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from . import arxiv_ids
from .links import merge_links
from .model import Paper, Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
_KEPT = b"0123456789abcdefghijklmnopqrstuvwxyz"
#: every other byte, for bytes.translate to delete
_NOT_ALNUM = bytes(b for b in range(256) if b not in _KEPT)
_ARXIV_DOI = "10.48550/arxiv."

#: BibTeX fields that describe one arXiv version, not the paper: a newer version refreshes them
VERSION_FIELDS = frozenset({"version", "updated", "latest_version", "eprint"})
#: of those, the ones an older version must not add (``eprint`` is the paper's id in every version)
_OF_ONE_VERSION = VERSION_FIELDS - {"eprint"}
#: a field the entry has under one name stands for the listed others (biblatex and BibTeX names)
_SAME_AS = {
    "archiveprefix": ("eprinttype",),
    "eprinttype": ("archiveprefix",),
    "primaryclass": ("eprintclass",),
    "eprintclass": ("primaryclass",),
    "year": ("date",),
    "month": ("date",),
    "date": ("year",),
    # the journal reference of a listing says where an entry that names its venue appeared
    "note": ("journal", "journaltitle", "booktitle"),
    "howpublished": ("journal", "journaltitle", "booktitle"),
}
#: Paper attributes an empty value of which the other record fills.  Not: what identifies the
#: record (title, authors: merging keeps each record findable under what it was found by), the
#: entry type (the winning record's own), the abstract (with its completeness), links, DOIs and
#: the source, which merge on their own terms
_FILLED = tuple(
    f.name
    for f in fields(Paper)
    if f.name
    not in {"title", "authors", "authors_not_shown", "entry_type"}
    | {"abstract", "abstract_complete", "links", "dois", "source"}
)


def ascii_alnum(text: str) -> str:
    """Lower-case ASCII letters and digits only; TeX commands and everything else dropped.

    Dropping every non-ASCII letter and every command makes a Unicode title
    (``$Θ(1/Δ^2)$``, ``Łukasz``) and its TeX spelling (``$\\Theta(1/\\Delta^2)$``,
    ``{\\L}ukasz``) reduce to the same text.
    """
    if "\\" in text:
        text = _COMMAND.sub("", text)
    if text.isascii():
        data = text.lower().encode()
    else:
        data = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").lower()
    # bytes.translate deletes in C, several times faster than a regex substitution
    return data.translate(None, _NOT_ALNUM).decode()


@lru_cache(maxsize=65536)  # surnames repeat through a listing (titles are never cached)
def last_word(surname: str) -> str:
    """:func:`ascii_alnum` of a surname's last word: ``Brinch Hansen`` and ``Hansen`` agree."""
    words = surname.split()
    return ascii_alnum(words[-1]) if words else ""


def reduced_title(title: str) -> str:
    """A title as identity compares it: :func:`ascii_alnum`, else its letters and digits in any script.

    The second form (TeX commands dropped, case folded) keeps apart titles
    written only in other scripts (``αβγ``, ``δεζ``), which :func:`ascii_alnum`
    reduces alike to nothing.  An empty title reduces to ``""``.
    """
    reduced = ascii_alnum(title)
    if reduced or not title:
        return reduced
    text = unicodedata.normalize("NFKC", _COMMAND.sub("", title)).casefold()
    return "".join(c for c in text if c.isalnum())


def title_key(title: str, surname: str) -> str:
    """The identity of a paper without arXiv id: reduced title + reduced first-author surname.

    A record without a title has one too (``|surname``, or ``|``): it is the
    same paper as the entry written from it, so merging it again adds nothing.
    """
    return f"{reduced_title(title)}|{last_word(surname)}"


def paper_title_key(paper: Paper) -> str:
    """:func:`title_key` of a paper record."""
    return title_key(paper.title, paper.authors[0].family if paper.authors else "")


def same_paper(a: Paper, b: Paper) -> bool:
    """The identity rule: the same arXiv id, or the same title key when either has no id."""
    if a.arxiv_id and b.arxiv_id:
        return a.arxiv_id == b.arxiv_id
    return paper_title_key(a) == paper_title_key(b)


def different_papers(a: Paper, b: Paper) -> bool:
    """Evidence that two records are different papers: other arXiv ids, or other title keys.

    Used where a key already says "the same" (a key twice): a record without
    a title (and without an id) says nothing otherwise.
    """
    if a.arxiv_id and b.arxiv_id:
        return a.arxiv_id != b.arxiv_id
    if not (reduced_title(a.title) and reduced_title(b.title)):
        return False
    return paper_title_key(a) != paper_title_key(b)


def _version_date(paper: Paper) -> date:
    return paper.submitted or paper.first_submitted or date.min


def is_newer(a: Paper, b: Paper) -> bool:
    """True when ``a`` is a later version than ``b``: by version numbers when both have one, else by date.

    Listings copied from arXiv's search page show no version number, only the
    date of the version shown; Atom feeds show both.
    """
    if a.version is not None and b.version is not None and a.version != b.version:
        return a.version > b.version
    return _version_date(a) > _version_date(b)


def bib_arxiv_id(fields: Mapping[str, str]) -> arxiv_ids.ArxivId | None:
    """The arXiv id a BibTeX entry names (lower-case field names), in whichever way it was exported.

    ``eprint`` when the eprint type is arXiv or unset (arXiv, biblatex), arXiv's
    DataCite DOI, ``arXiv:<id>`` in ``journal``/``howpublished``/``note``
    (Google Scholar), DBLP's ``volume = {abs/<id>}``, an arxiv.org ``url``.
    """
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").strip().lower()
    if "eprint" in fields:
        return arxiv_ids.parse(fields["eprint"]) if kind == "arxiv" else None
    doi = fields.get("doi", "").strip()
    if doi.lower().startswith(_ARXIV_DOI):
        return arxiv_ids.parse(doi[len(_ARXIV_DOI) :])
    for name in ("journal", "howpublished", "note"):
        value = fields.get(name, "")
        if "arxiv" in value.lower():
            found = arxiv_ids.find(value)
            if found:
                return found
    volume = fields.get("volume", "")
    if volume.startswith("abs/") and fields.get("journal", "").strip().lower() == "corr":
        return arxiv_ids.parse(volume[4:])
    url = fields.get("url", "")
    return arxiv_ids.parse(url) if "arxiv.org/" in url else None


def _fields_version(fields: Mapping[str, str]) -> tuple[int | None, date | None]:
    """The version a field dict describes: ``version`` (else ``vN`` of eprint or url), and its date."""
    number = fields.get("version", "")
    version = int(number) if number.isdigit() else None
    for name in ("eprint", "url"):
        parsed = arxiv_ids.parse(fields[name]) if version is None and fields.get(name) else None
        version = parsed.version if parsed else version
    for name in ("updated", "submitted", "date"):
        try:
            return version, date.fromisoformat(fields.get(name, ""))
        except ValueError:
            continue
    return version, None


def newer_fields(new: Mapping[str, str], old: Mapping[str, str]) -> bool:
    """True when the field dict ``new`` describes a later arXiv version than ``old`` (lower-case names)."""
    (new_version, new_date), (old_version, old_date) = _fields_version(new), _fields_version(old)
    if new_version is not None and old_version is not None:
        return new_version > old_version
    if new_date is not None and old_date is not None:
        return new_date > old_date
    # an entry without version information gets one from a record that has a version number
    return old_version is None and old_date is None and new_version is not None


def fill_fields(user: Mapping[str, str], new: Mapping[str, str]) -> dict[str, str]:
    """A user's BibTeX fields completed from another record's: the one field-level rule.

    ``user`` has lower-case names (as readers give them); ``new`` the names
    the writer writes.  Every field of ``user`` stays, in its order and with its
    value, except the :data:`VERSION_FIELDS` (and arXiv's DOI) when ``new`` is a
    newer arXiv version.  Fields ``user`` lacks under all of their names are
    added, except version fields from an older version.
    """
    newer = newer_fields({name.lower(): value for name, value in new.items()}, user)
    older = not newer and _fields_version(user) != (None, None)
    filled = dict(user)
    for name, value in new.items():
        low = name.lower()
        if low not in user:
            if not (older and low in _OF_ONE_VERSION) and not any(a in user for a in _SAME_AS.get(low, ())):
                filled[name] = value
        elif newer and user[low] != value and (low in VERSION_FIELDS or _arxiv_doi(low, user[low])):
            filled[low] = value
    return filled


def _arxiv_doi(name: str, value: str) -> bool:
    # a DOI the user set (a journal's) stays; arXiv's own DOI gives way to a newer one
    return name == "doi" and value.lower().startswith(_ARXIV_DOI)


def complete(base: Paper, other: Paper) -> Paper:
    """``base`` with what it lacks taken from ``other``: empty attributes, links, DOIs, a full abstract."""
    changes: dict[str, object] = {
        name: getattr(other, name) for name in _FILLED if not getattr(base, name) and getattr(other, name)
    }
    if not base.abstract or (not base.abstract_complete and other.abstract_complete and other.abstract):
        changes["abstract"], changes["abstract_complete"] = other.abstract, other.abstract_complete
    changes["links"] = merge_links(base.links, other.links)
    changes["dois"] = tuple(dict.fromkeys(base.dois + other.dois))
    return base.replace(**changes)


def _where(paper: Paper) -> str:
    return str(paper.source) if paper.source else "<input>"


def _note(paper: Paper, message: str, severity: str = "info") -> Problem:
    source = paper.source
    return Problem(source.path if source else "<input>", source.line if source else 0, message, severity)


@dataclass
class Merged:
    """What :func:`merge_papers` gives: one record per paper, and what it did."""

    papers: list[Paper]
    #: one ``info`` per merge or kept twin, naming both records
    notes: list[Problem] = field(default_factory=list)
    #: ``warning``: a key used by two different papers (the later one dropped)
    problems: list[Problem] = field(default_factory=list)
    #: input records that no longer stand alone (merged into another or dropped)
    merged: int = 0


def merge_papers(
    papers: Iterable[Paper], listing_fields: Callable[[Paper], Mapping[str, str]] | None = None
) -> Merged:
    """The policy of this module's docstring over records from any number of sources.

    ``listing_fields`` writes a listing record's BibTeX fields; given, a ``.bib``
    entry's ``bibtex_fields`` are completed with them (:func:`fill_fields`).
    A ``.bib`` entry stays where it stood; the versions of a listed paper stand
    where the first of them stood.
    """
    records = list(papers)
    result = Merged([])
    listing = _Listing(result, [(i, p) for i, p in enumerate(records) if not p.key])
    users = _Users(result, listing, listing_fields)
    for index, paper in enumerate(records):
        if paper.key:
            users.add(index, paper)
    placed = sorted(
        [*users.kept.items(), *((g.position, g.paper) for g in listing.groups if not g.absorbed)],
        key=lambda item: item[0],
    )
    result.papers = [paper for _, paper in placed]
    result.merged = len(records) - len(result.papers)
    return result


@dataclass
class _Group:
    """The records of one listed paper, merged into :attr:`paper`."""

    position: int
    paper: Paper
    #: every record of the group: a record without id joins it by the title key of any of them
    records: list[Paper] = field(default_factory=list)
    #: merged into a .bib entry
    absorbed: bool = False


class _Listing:
    """Records without keys (listings), one group per paper: versions merged, the newest first.

    Records with an arXiv id group by it; a record without one then joins the
    first group holding its title key, or starts one.  Titles are reduced only
    when some record lacks an id: a listing's records all have one.
    """

    def __init__(self, result: Merged, records: list[tuple[int, Paper]]) -> None:
        self.result = result
        self.groups: list[_Group] = []
        self.by_id: dict[str, _Group] = {}
        self._by_title: dict[str, list[_Group]] | None = None
        for index, paper in records:
            if paper.arxiv_id:
                group = self.by_id.get(paper.arxiv_id)
                if group is None:
                    self.by_id[paper.arxiv_id] = self._start(index, paper)
                else:
                    self._join(group, index, paper)
        for index, paper in records:
            if not paper.arxiv_id:
                found = self.by_title().get(paper_title_key(paper))
                if found:
                    self._join(found[0], index, paper)
                else:
                    self._index(self._start(index, paper), paper)

    def _start(self, index: int, paper: Paper) -> _Group:
        group = _Group(index, paper, [paper])
        self.groups.append(group)
        return group

    def _join(self, group: _Group, index: int, paper: Paper) -> None:
        old = group.paper
        first = paper if is_newer(paper, old) or (not is_newer(old, paper) and _richer(paper, old)) else old
        group.paper = complete(first, old if first is paper else paper)
        group.position = min(group.position, index)
        group.records.append(paper)
        if self._by_title is not None:
            self._index(group, paper)
        newest = "this record's" if first is paper else "that record's"
        self.result.notes.append(_note(paper, f"same paper as {_where(old)}: merged, {newest} data first"))

    def _index(self, group: _Group, paper: Paper) -> None:
        found = self.by_title().setdefault(paper_title_key(paper), [])
        if group not in found:
            found.append(group)

    def by_title(self) -> dict[str, list[_Group]]:
        """Title key -> the groups holding a record with it, in the order they started."""
        if self._by_title is None:
            self._by_title = {}
            for group in self.groups:
                for paper in group.records:
                    self._index(group, paper)
        return self._by_title

    def matching(self, paper: Paper) -> list[_Group]:
        """The groups a .bib entry takes in: its id's, and those without id under its title key."""
        own = self.by_id.get(paper.arxiv_id) if paper.arxiv_id else None
        if not self.groups or (own is not None and len(self.by_id) == len(self.groups)):
            return [own] if own else []
        found = self.by_title().get(paper_title_key(paper), [])
        if own is None and not paper.arxiv_id:
            own = next((g for g in found if g.paper.arxiv_id), None)  # the first listed paper of that title
        return ([own] if own else []) + [g for g in found if not g.paper.arxiv_id]


def _richer(a: Paper, b: Paper) -> bool:
    return (bool(a.arxiv_id), a.abstract_complete) > (bool(b.arxiv_id), b.abstract_complete)


class _Users:
    """Records with keys (``.bib`` entries): each kept under its key, completed from listings."""

    def __init__(
        self, result: Merged, listing: _Listing, listing_fields: Callable[[Paper], Mapping[str, str]] | None
    ) -> None:
        self.result = result
        self.listing = listing
        self.listing_fields = listing_fields
        self.kept: dict[int, Paper] = {}
        self.by_key: dict[str, int] = {}
        self.by_id: dict[str, int] = {}
        #: each key's first entry as read: a later one is judged against it, not against merges
        self.as_read: dict[str, Paper] = {}

    def add(self, index: int, paper: Paper) -> None:
        at = self.by_key.get(paper.key)
        if at is not None:
            self.twice(at, paper)
            return
        twin = self.by_id.get(paper.arxiv_id) if paper.arxiv_id else None
        if twin is not None:
            other = self.kept[twin]
            message = f"same paper as {other.key!r} at {_where(other)}: both kept, under their own keys"
            self.result.notes.append(_note(paper, message))
        self.kept[index] = self.absorb(paper)
        self.by_key[paper.key] = index
        self.as_read[paper.key] = paper
        if paper.arxiv_id:
            self.by_id.setdefault(paper.arxiv_id, index)

    def absorb(self, paper: Paper) -> Paper:
        """The entry completed from every listed paper it is (see :meth:`_Listing.matching`)."""
        for group in self.listing.matching(paper):
            listed = group.paper
            before = paper
            paper = complete(paper, listed)
            if self.listing_fields is not None:
                fields = fill_fields(before.bibtex_fields, self.listing_fields(listed))
                paper = paper.replace(bibtex_fields=fields)
            group.absorbed = True
            message = f"same paper as {before.key!r} at {_where(before)}: merged, the .bib entry first"
            self.result.notes.append(_note(listed, message))
        return paper

    def twice(self, at: int, paper: Paper) -> None:
        first = self.kept[at]
        if not different_papers(self.as_read[paper.key], paper):
            more = {
                name: value for name, value in paper.bibtex_fields.items() if name not in first.bibtex_fields
            }
            self.kept[at] = self.absorb(
                complete(first, paper).replace(bibtex_fields={**first.bibtex_fields, **more})
            )
            message = f"key {paper.key!r} also at {_where(first)}, the same paper: merged, that entry first"
            self.result.notes.append(_note(paper, message))
            return
        message = (
            f"duplicate key {paper.key!r} (first at {_where(first)}), another paper: this entry is ignored"
        )
        self.result.problems.append(_note(paper, message, "warning"))
