"""Choosing, ordering and grouping the papers a publication list shows.

The ``publications`` directive passes its raw option strings (``:year:``,
``:author:``, ``:match:``, ``:type:``, ``:keys:``, ``:filter:``, ``:sort:``,
``:group-by:``) to the functions here; each option becomes a
:data:`Predicate` (a plain function of one :class:`~sphinx_papers.model.Paper`)
built once, so selecting from thousands of papers is a loop of cheap calls.
A bad option value raises :class:`SelectionError`, which the directive turns
into a warning.  The ``:filter:`` language itself lives in
:mod:`sphinx_papers.filter_lang`.

Text comparisons here *fold* both sides: case-insensitive, accents removed
(``Ré`` matches ``Re``), so users need not know how a listing spelled a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .model import Author, Paper
from .names import split_name

Predicate = Callable[[Paper], bool]


class SelectionError(ValueError):
    """A bad option value.

    ``message`` says what is wrong; ``column`` is the 1-based column in the
    option's text where it went wrong, or ``None`` when no single place is to blame.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message, column)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return f"{self.message} (column {self.column})" if self.column else self.message


# letters that Unicode does not decompose into a base letter plus an accent
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"})


def fold(text: str) -> str:
    """``text`` lower-cased, without accents: the form text comparisons use."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# --------------------------------------------------------------------------- paper types

_PREPRINT_VENUE = re.compile(r"arxiv|\bcorr\b", re.IGNORECASE)
# a journal reference names a conference when it says so, gives numbered
# proceedings ("Proceedings of the 38th ..."), or is "Proc." plus an acronym;
# "Proceedings of the National Academy of Sciences" is a journal, so the bare
# word "Proceedings" is not enough
_CONFERENCE_REF = re.compile(
    r"\b(?:conference|conf\.|workshop|symposium)"
    r"|\bproc(?:eedings|\.)\s+(?:of\s+(?:the\s+)?)?(?:\d|(?-i:[A-Z]{3,}\b))"
    r"|\b(?:NeurIPS|NIPS|ICML|ICLR|AISTATS|COLT|UAI|AAAI|IJCAI|CVPR|ICCV|ECCV|EMNLP|NAACL|KDD|SIGIR|CHI)\b",
    re.IGNORECASE,
)
_TYPE_ALIASES = {"conference": "inproceedings", "electronic": "online", "www": "online"}

#: heading of each group of :func:`group_papers` ``by="type"``, in display order
TYPE_HEADINGS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Journal articles", frozenset({"article"})),
    ("Conference papers", frozenset({"inproceedings"})),
    ("Preprints", frozenset({"preprint"})),
    ("Books", frozenset({"book", "mvbook", "bookinbook"})),
    ("Book chapters", frozenset({"inbook", "incollection", "suppbook", "suppcollection", "inreference"})),
    (
        "Edited volumes",
        frozenset({"collection", "mvcollection", "proceedings", "mvproceedings", "reference"}),
    ),
    ("Theses", frozenset({"thesis", "phdthesis", "mastersthesis"})),
    ("Reports", frozenset({"report", "techreport"})),
    ("Patents", frozenset({"patent"})),
    ("Software and data", frozenset({"software", "dataset"})),
    ("Online resources", frozenset({"online"})),
)
OTHER_HEADING = "Other"
#: every type :func:`type_predicate` accepts: BibTeX's and biblatex's entry types plus ``preprint``
KNOWN_TYPES = frozenset().union(*(types for _, types in TYPE_HEADINGS)) | {
    "booklet", "manual", "misc", "periodical", "suppperiodical", "set", "unpublished", "xdata",
    "conference", "electronic", "www", "artwork", "audio", "bibnote", "commentary", "image",
    "jurisdiction", "legislation", "legal", "letter", "movie", "music", "performance", "review",
    "standard", "video",
}  # fmt: skip
_HEADING_OF = {t: heading for heading, types in TYPE_HEADINGS for t in types}
_TYPE_RANK = {heading: i for i, (heading, _) in enumerate(TYPE_HEADINGS)}


def _unbraced(value: str) -> str:
    return value.replace("{", "").replace("}", "").strip()


def journal_text(paper: Paper) -> str:
    """Where the paper appeared: arXiv's journal reference, else a .bib ``journal`` or ``booktitle``."""
    if paper.journal_ref:
        return paper.journal_ref
    fields = paper.bibtex_fields
    return _unbraced(fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or "")


def paper_type(paper: Paper) -> str:
    """The kind of publication, as used by ``:type:``, ``type`` in filters and grouping by type.

    - An arXiv paper (read from a listing or feed): ``preprint`` without a
      journal reference; with one, ``inproceedings`` when the reference names
      a conference, workshop or symposium (see ``_CONFERENCE_REF``), else ``article``.
    - A .bib entry: its entry type (lower case; ``conference`` counts as
      ``inproceedings``), except that an arXiv e-print typed ``misc``,
      ``online``, ``unpublished`` or ``article`` whose only venue is arXiv/CoRR
      (Google Scholar's and DBLP's exports) is a ``preprint``.
    """
    entry_type = paper.entry_type.lower()
    if not paper.bibtex_fields and entry_type == "misc":
        if not paper.journal_ref:
            return "preprint"
        return "inproceedings" if _CONFERENCE_REF.search(paper.journal_ref) else "article"
    if paper.arxiv_id and entry_type in {"misc", "online", "unpublished", "article"}:
        venue = journal_text(paper)
        if not venue or _PREPRINT_VENUE.search(venue):
            return "preprint"
    return _TYPE_ALIASES.get(entry_type, entry_type)


def type_heading(kind: str) -> str:
    """The group heading for a :func:`paper_type` value: ``Preprints``, ``Journal articles``..."""
    return _HEADING_OF.get(kind, OTHER_HEADING)


# --------------------------------------------------------------------------- option predicates

_YEAR_ITEM = re.compile(
    r"\s*(?:(?P<op><=|>=|<|>|=)?\s*(?P<year>\d{4})|(?P<lo>\d{4})\s*[-–]\s*(?P<hi>\d{4}))\s*"
)
_FAR = 10**6  # stands for "no bound" in year ranges


def _year_range(item: str, column: int) -> tuple[int, int]:
    m = _YEAR_ITEM.fullmatch(item)
    if m is None:
        msg = f"bad year {item.strip()!r}: expected 2024, 2021-2023, >=2022 or <2020"
        raise SelectionError(msg, column)
    if m["lo"]:
        lo, hi = int(m["lo"]), int(m["hi"])
        if lo > hi:
            msg = f"empty year range {item.strip()!r}: write the earlier year first"
            raise SelectionError(msg, column)
        return lo, hi
    year, op = int(m["year"]), m["op"] or "="
    bounds = {"=": (year, year), "<": (-_FAR, year - 1), "<=": (-_FAR, year), ">": (year + 1, _FAR)}
    return bounds.get(op, (year, _FAR))  # the remaining operator is ">="


def parse_years(text: str) -> Predicate:
    """``:year:``: ``2024``, ``2021-2023``, ``>=2022``, ``<2020``, or several joined by commas (any may match).

    Papers without a year never match.
    """
    if not text.strip():
        msg = "no year given"
        raise SelectionError(msg, 1)
    ranges: list[tuple[int, int]] = []
    column = 1
    for item in text.split(","):
        ranges.append(_year_range(item, column + len(item) - len(item.lstrip())))
        column += len(item) + 1

    def test(paper: Paper) -> bool:
        year = paper.year
        return year is not None and any(lo <= year <= hi for lo, hi in ranges)

    return test


_INITIALS = re.compile(r"[\s.\-]+")


def _family_key(author: Author) -> str:
    """The last word of the family name, folded: ``Chirinos Isidro`` -> ``isidro``."""
    words = fold(author.family).split()
    return words[-1] if words else ""


def _given_key(author: Author) -> str:
    """The first given name or initial, folded: ``J.-F.`` -> ``j``."""
    return next((w for w in _INITIALS.split(fold(author.given)) if w), "")


def author_matcher(name: str) -> Callable[[Author], bool]:
    """A test for "is this author the person called ``name``?".

    Family names must agree (their last word, so ``Chirinos Isidro`` and
    ``Isidro`` agree and particles do not matter); first names must agree
    when both are given, where an initial matches any name it begins
    (``A. Talwalkar`` = ``Ameet Talwalkar``).  ``Last, First`` is understood;
    case and accents are ignored.
    """
    wanted = split_name(name)
    want_family, want_given = _family_key(wanted), _given_key(wanted)

    def test(author: Author) -> bool:
        if _family_key(author) != want_family:
            return False
        given = _given_key(author)
        if not want_given or not given:
            return True
        if len(want_given) == 1 or len(given) == 1:
            return want_given[0] == given[0]
        return want_given == given

    return test


def author_predicate(name: str) -> Predicate:
    """``:author:``: papers with an author matching ``name`` (see :func:`author_matcher`).

    Several names separated by ``;`` select the papers of any of them.
    """
    names = [n for n in (part.strip() for part in name.split(";")) if n]
    if not names:
        msg = "no author name given"
        raise SelectionError(msg, 1)
    matchers = [author_matcher(n) for n in names]
    return lambda paper: any(m(a) for a in paper.authors for m in matchers)


def compile_regex(pattern: str, column: int | None = None) -> re.Pattern[str]:
    """``pattern`` compiled case-insensitive.

    A bad one raises :class:`SelectionError` at ``column``, or by default at
    the column where the regular-expression parser gave up.
    """
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        msg = f"bad regular expression {pattern!r}: {err.msg}"
        where = column if column is not None else (err.pos or 0) + 1
        raise SelectionError(msg, where) from None


def match_predicate(regex: str) -> Predicate:
    """``:match:``: papers whose title or abstract contains a match of ``regex`` (case-insensitive)."""
    if not regex.strip():
        msg = "empty regular expression"
        raise SelectionError(msg, 1)
    search = compile_regex(regex).search
    return lambda paper: search(paper.title) is not None or search(paper.abstract) is not None


_LIST_ITEM = re.compile(r"[^,\s]+")


def _words(text: str) -> list[str]:
    return _LIST_ITEM.findall(text)


def type_predicate(types: str) -> Predicate:
    """``:type:``: papers whose :func:`paper_type` is one of the comma- or space-separated types."""
    wanted: set[str] = set()
    for m in _LIST_ITEM.finditer(types):
        kind = m.group().lower()
        if kind not in KNOWN_TYPES:
            msg = f"unknown type {kind!r} (use preprint, article, inproceedings, book, ... or a .bib entry type)"
            raise SelectionError(msg, m.start() + 1)
        wanted.add(_TYPE_ALIASES.get(kind, kind))
    if not wanted:
        msg = "no type given"
        raise SelectionError(msg, 1)
    return lambda paper: paper_type(paper) in wanted


def parse_keys(keys: str) -> list[str]:
    """The citation keys of a ``:keys:`` value (comma or space separated), in order, without repeats."""
    return list(dict.fromkeys(_words(keys)))


def keys_predicate(keys: str) -> Predicate:
    """``:keys:``: exactly the papers whose citation key (``paper.key``) is listed (case-sensitive)."""
    wanted = frozenset(parse_keys(keys))
    if not wanted:
        msg = "no key given"
        raise SelectionError(msg, 1)
    return lambda paper: paper.key in wanted


def parse_filter(text: str) -> Predicate:
    """``:filter:``: an expression of the filter language (:mod:`sphinx_papers.filter_lang`)."""
    # imported here because the language is built on this module's matchers
    from .filter_lang import compile_filter

    return compile_filter(text)


def all_of(predicates: Iterable[Predicate]) -> Predicate:
    """A predicate true when every one of ``predicates`` is (always true for none)."""
    tests = tuple(predicates)
    if not tests:
        return lambda paper: True
    if len(tests) == 1:
        return tests[0]
    return lambda paper: all(test(paper) for test in tests)


# --------------------------------------------------------------------------- sorting and grouping


def date_key(paper: Paper) -> tuple[int, int, int] | None:
    """(year, month, day) of first appearance, 0 for an unknown month or day; ``None`` if undated."""
    for when in (paper.first_submitted, paper.submitted):
        if when is not None:
            return (when.year, when.month, when.day)
    for ym in (paper.announced, paper.issued):
        if ym is not None:
            return (ym.year, ym.month or 0, 0)
    return None


def _arxiv_key(paper: Paper) -> tuple[int, int, int, str] | None:
    """Identifiers in the order arXiv issued them (old ``hep-th/9711200`` ones first)."""
    ident = paper.arxiv_id
    if not ident:
        return None
    archive, _, number = ident.rpartition("/")
    if not number[:4].isdigit():
        return (_FAR, 0, 0, ident)
    yy = int(number[:2])
    year = 1900 + yy if archive and yy >= 91 else 2000 + yy
    serial = number[5:] if not archive else number[4:]
    return (year, int(number[2:4]), int(serial) if serial.isdigit() else 0, archive)


def _first_author(paper: Paper) -> tuple[str, str] | None:
    if not paper.authors:
        return None
    first = paper.authors[0]
    return (fold(first.family), fold(first.given))


def _title_key(paper: Paper) -> str:
    return fold(paper.title).lstrip("\"'“‘([{$ ")


SORT_KEYS: dict[str, Callable[[Paper], Any]] = {
    "date": date_key,
    "year": lambda p: p.year,
    "title": _title_key,
    "author": _first_author,
    "key": lambda p: p.key or None,
    "type": lambda p: _TYPE_RANK.get(type_heading(paper_type(p)), len(_TYPE_RANK)),
    "arxiv": _arxiv_key,
}


def _parse_sort_spec(spec: str) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    column = 1
    for item in spec.split(","):
        name = item.strip()
        where = column + len(item) - len(item.lstrip())
        column += len(item) + 1
        descending = name.startswith("-")
        name = name.lstrip("+-").strip().lower()
        if name not in SORT_KEYS:
            msg = (
                f"unknown sort key {item.strip()!r} (use {', '.join(SORT_KEYS)}, '-' in front for descending)"
            )
            raise SelectionError(msg, where)
        keys.append((name, descending))
    return keys


def _tie_break(paper: Paper) -> tuple[Any, ...]:
    authors = tuple(a.display for a in paper.authors)
    return (paper.key, _title_key(paper), paper.title, paper.arxiv_id, authors, date_key(paper) or (0, 0, 0),
            paper.dois, paper.abstract)  # fmt: skip


def sort_papers(papers: Iterable[Paper], spec: str = "-date") -> list[Paper]:
    """``:sort:``: comma-separated keys, each optionally prefixed ``-`` (descending) or ``+``.

    Keys: ``date``, ``year``, ``title``, ``author`` (first author's family
    name), ``key``, ``type`` (in :data:`TYPE_HEADINGS` order), ``arxiv``.
    Papers lacking a key's value come last in either direction; remaining
    ties go by citation key, then title, so the result never depends on the
    input order.
    """
    keys = _parse_sort_spec(spec)
    result = sorted(papers, key=_tie_break)
    # stable sorts from the least to the most significant key; reverse=True keeps ties in order
    for name, descending in reversed(keys):
        get = SORT_KEYS[name]
        result.sort(key=lambda p: _missing_last(get(p), descending), reverse=descending)
    return result


def _missing_last(value: Any, descending: bool) -> tuple[Any, ...]:
    if value is None:
        return (0,) if descending else (1,)
    return (1, value) if descending else (0, value)


UNDATED = "Undated"


def group_papers(papers: Sequence[Paper], by: str = "year") -> list[tuple[str, list[Paper]]]:
    """``:group-by:``: (heading, papers) pairs; each group keeps the papers' order.

    ``year``: one group per year, in the order the years first occur (so
    after ``-date`` the newest first), papers without a year under
    ``Undated``.  ``type``: one group per :func:`type_heading`, in
    :data:`TYPE_HEADINGS` order, ``Other`` last.  ``none``: one group with
    heading ``""``.  No papers give no groups.
    """
    mode = by.strip().lower()
    if mode not in {"year", "type", "none"}:
        msg = f"unknown grouping {by.strip()!r} (use year, type or none)"
        raise SelectionError(msg, 1)
    if not papers:
        return []
    if mode == "none":
        return [("", list(papers))]
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        if mode == "year":
            heading = str(paper.year) if paper.year is not None else UNDATED
        else:
            heading = type_heading(paper_type(paper))
        groups.setdefault(heading, []).append(paper)
    if mode == "type":
        return sorted(groups.items(), key=lambda item: _TYPE_RANK.get(item[0], len(_TYPE_RANK)))
    return list(groups.items())
