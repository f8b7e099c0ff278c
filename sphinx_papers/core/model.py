"""The paper record: everything a publication listing can tell about one paper.

Readers turn their input into :class:`Paper` records; writers and the Sphinx
extension only ever see these records.  Records are frozen (hashable,
picklable, safe to share between Sphinx processes) and hold Unicode text:
TeX math stays as ``$...$``, exactly as arXiv shows it, and escaping for
BibTeX happens only in the writer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import date


#: English month names, January first.  Written out, not taken from :mod:`calendar`, whose
#: names follow the locale (which Sphinx sets for a translated project).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # fmt: skip


class YearMonth(NamedTuple):
    """A year with an optional month (1-12), such as arXiv's announcement month."""

    year: int
    month: int | None = None


@dataclass(frozen=True)
class Author:
    """One author, split into BibTeX's four name parts.

    ``given`` and ``family`` are always set when the source had a name; the
    ``particle`` (``van``, ``du``, ``y``) and ``suffix`` (``Jr.``) only when
    present.  ``family`` alone is used for citation labels and keys.
    """

    given: str = ""
    family: str = ""
    particle: str = ""
    suffix: str = ""

    @property
    def display(self) -> str:
        """The name in reading order: ``Jean Ogier du Terrail``."""
        parts = (self.given, self.particle, self.family)
        text = " ".join(p for p in parts if p)
        return f"{text} {self.suffix}" if self.suffix else text

    @property
    def surname(self) -> str:
        """Particle and family name, as used in author-year labels: ``du Terrail``."""
        return f"{self.particle} {self.family}" if self.particle else self.family


class Link(NamedTuple):
    """A URL with what it points to: ``abstract``, ``pdf``, ``doi``, ``code`` or ``url``."""

    kind: str
    url: str


@dataclass(frozen=True)
class Source:
    """Where a record was read: the input's path and the 1-based line it starts on."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class WrittenField(NamedTuple):
    """One field of a .bib entry as its file wrote it.

    ``text`` is the whole field, ``Name = value`` (a macro, a ``#``
    concatenation, quotes or braces, as written), after any ``%`` comment
    lines that stood before it; ``value`` is what the reader evaluated it to
    (the entry's ``bibtex_fields`` value when it was read).
    """

    text: str
    value: str


@dataclass(frozen=True)
class WrittenEntry:
    """A .bib entry's type and fields as written, by lower-case field name (see :attr:`Paper.written`)."""

    entry_type: str
    fields: dict[str, WrittenField] = field(default_factory=dict, compare=False, hash=False)
    #: the whole entry as written, when a value of it is not valid BibTeX (``{Note}\``): written back
    #: unchanged while its key and fields are, since rewritten it would read otherwise
    verbatim: str = ""


@dataclass(frozen=True)
class BibBlock:
    """A block of a .bib file that is not an entry, as written: it is written back where it stood.

    ``kind``: ``string``, ``preamble``, ``comment`` (``@comment`` or text
    between entries) or ``failed`` (a block BibTeX or bibtexparser cannot
    read, a duplicate key: kept verbatim).  ``before`` is where the entry it
    precedes starts (its paper's :attr:`Paper.source`); ``None`` at the end
    of the file.
    """

    kind: str
    text: str
    source: Source
    before: Source | None = None


@dataclass(frozen=True)
class Paper:
    """One publication, as complete as its source allowed.

    arXiv-specific fields are empty for papers that came from a ``.bib`` file.
    ``bibtex_fields`` holds the LaTeX values of a ``.bib`` source, keyed by
    lower-case field name, as BibTeX evaluates them (``@string`` macros
    resolved, ``#`` joined): what identity, merging and pages read.  ``written``
    holds the same entry as its file wrote it (macros, case, comments), which
    the writer emits for every field whose value is unchanged, so that a
    ``.bib`` read and written back loses nothing.
    """

    title: str
    authors: tuple[Author, ...] = ()
    #: authors the listing did not show ("et al. (N additional authors not shown)")
    authors_not_shown: int = 0
    abstract: str = ""
    #: False when only arXiv's preview (cut, ending in "…") was available
    abstract_complete: bool = True
    #: date of the version the listing shows ("Submitted ...")
    submitted: date | None = None
    #: date of version 1 ("v1 submitted ..."; same as ``submitted`` for a single version)
    first_submitted: date | None = None
    #: month version 1 was announced ("originally announced June 2025")
    announced: YearMonth | None = None
    #: year (and month) of publication from a source without arXiv dates (a .bib)
    issued: YearMonth | None = None
    #: canonical arXiv identifier without version: ``2106.06168`` or ``hep-th/0611290``
    arxiv_id: str = ""
    #: version number shown by the listing (``v2`` -> 2), ``None`` when unknown
    version: int | None = None
    #: the newest version's identifier when the listing names one ("Latest version:")
    latest_version: str = ""
    primary_category: str = ""
    #: every category, primary first
    categories: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    comments: str = ""
    journal_ref: str = ""
    report_number: str = ""
    msc_class: str = ""
    acm_class: str = ""
    links: tuple[Link, ...] = ()
    #: BibTeX entry type: ``misc`` for preprints, the source's type for a .bib entry
    entry_type: str = "misc"
    #: the citation key a .bib source gave; empty when the writer must make one
    key: str = ""
    bibtex_fields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    source: Source | None = field(default=None, compare=False)
    #: the .bib entry as written (``None`` for other sources): see :class:`WrittenEntry`
    written: WrittenEntry | None = field(default=None, compare=False, hash=False)

    @property
    def year(self) -> int | None:
        """Year of first appearance: v1's submission, else announcement, else issue."""
        for when in (self.first_submitted, self.submitted):
            if when is not None:
                return when.year
        for ym in (self.announced, self.issued):
            if ym is not None:
                return ym.year
        return None

    @property
    def month(self) -> int | None:
        """Month of first appearance, on the same precedence as :attr:`year`."""
        for when in (self.first_submitted, self.submitted):
            if when is not None:
                return when.month
        for ym in (self.announced, self.issued):
            if ym is not None:
                return ym.month
        return None

    @property
    def doi(self) -> str:
        """The first DOI, or an empty string."""
        return self.dois[0] if self.dois else ""

    def replace(self, **changes: object) -> Paper:
        """A copy with some fields changed (records are immutable)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Problem:
    """Something wrong in an input, with where it is.  Problems are data, not exceptions."""

    path: str
    line: int
    message: str
    #: ``warning``: the entry was still converted; ``error``: the input is unusable; ``info``: a note,
    #: not a problem (a merge of two records, named by :mod:`.identity`)
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(slots=True)
class ReadResult:
    """What a reader returns: the papers it could read and the problems it met."""

    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: the ``@preamble`` values of a .bib input, as written: its entries' raw values may use their macros
    preambles: list[str] = field(default_factory=list)
    #: every block of a .bib input that is not an entry, in file order (its preambles included)
    blocks: list[BibBlock] = field(default_factory=list)

    def extend(self, other: ReadResult) -> None:
        """Append another result's papers, problems, preambles and blocks to this one."""
        self.papers.extend(other.papers)
        self.problems.extend(other.problems)
        self.preambles.extend(other.preambles)
        self.blocks.extend(other.blocks)
