"""A paper's BibTeX fields, in a fixed order, for classic BibTeX or biblatex.

Every piece of information a reader found lands in a field; standard fields
first (what styles print), then the arXiv record's own fields under the names
documented in ``docs/bibtex-output.md``.  ``eprint``, ``doi``, ``url`` and the
URL lists are verbatim fields: written unescaped, only made brace-safe.

A paper read from a .bib file has its fields already (``bibtex_fields``,
evaluated) and as written (``Paper.written``): :func:`field_texts` gives
each field's text for the writer, the one written in the file when the
value is unchanged (macros, concatenations and case kept), else
``name = {value}``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..core.model import MONTH_NAMES
from .escape import escape_title, latex_escape

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from ..core.model import Author, Paper, YearMonth

DIALECTS = ("bibtex", "biblatex")
#: BibTeX's month macros: ``jan`` ... ``dec``
MONTHS = tuple(name[:3].lower() for name in MONTH_NAMES)
#: fields whose value is written as is (URLs, identifiers): never TeX-escaped
VERBATIM = frozenset({"eprint", "doi", "url", "code", "links", "pdf", "related_dois", "file", "urlraw"})
_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)
_BRACE_SAFE = str.maketrans({"{": "%7B", "}": "%7D", " ": "%20", "\\": "%5C"})


def entry_type(paper: Paper, dialect: str = "bibtex") -> str:
    """The entry type to write: biblatex gets ``@online`` for an arXiv preprint; a .bib entry's as written."""
    if dialect == "biblatex" and paper.entry_type == "misc" and paper.arxiv_id and not from_bib(paper):
        return "online"
    written = paper.written
    if written is not None and written.entry_type.lower() == paper.entry_type:
        return written.entry_type
    return paper.entry_type


def from_bib(paper: Paper) -> bool:
    """True for a paper read from a .bib file (even one without a field): its own fields are written."""
    return bool(paper.bibtex_fields) or paper.written is not None


def field_text(name: str, value: str) -> str:
    """``name = {value}``; a month given as one of BibTeX's month macros (``jun``) bare."""
    return f"{name} = {value}" if name == "month" and value in MONTHS else f"{name} = {{{value}}}"


def field_texts(
    paper: Paper, *, dialect: str = "bibtex", ascii: bool = False, as_written: bool = True
) -> list[str]:
    """Each field of :func:`entry_fields` as it is written: ``name = value``, without indent or comma.

    A field of a .bib entry that still holds the value read is written as the
    file wrote it (:attr:`Paper.written`): ``journal = dam`` stays a macro.
    ``as_written=False``: every field as ``name = {value}``, macros resolved,
    for an entry that stands alone (shown on a page, downloaded without its file).
    """
    fields = entry_fields(paper, dialect=dialect, ascii=ascii)
    written = paper.written.fields if paper.written is not None and as_written else {}
    texts = []
    for name, value in fields.items():
        low = name.lower()
        as_read = written.get(low)
        if as_read is not None and as_read.value == paper.bibtex_fields.get(low):
            texts.append(as_read.text if not ascii else _to_ascii(low, as_read.text))
        else:
            texts.append(field_text(name, value))
    return texts


def entry_fields(paper: Paper, *, dialect: str = "bibtex", ascii: bool = False) -> dict[str, str]:
    """Field name -> value text (escaped, without the outer braces), in writing order.

    A paper read from a .bib file has its raw values emitted verbatim (with
    ``ascii=True`` their non-ASCII characters are turned into TeX).
    """
    check_dialect(dialect)
    if from_bib(paper):
        return _raw_fields(paper.bibtex_fields, ascii)
    return preprint_fields(paper, dialect == "bibtex", ascii)


def check_dialect(dialect: str) -> None:
    """Raise :class:`ValueError` for a dialect not in :data:`DIALECTS`."""
    if dialect not in DIALECTS:
        msg = f"unknown BibTeX dialect {dialect!r} (choose from {', '.join(DIALECTS)})"
        raise ValueError(msg)


def preprint_fields(paper: Paper, bibtex: bool, ascii: bool) -> dict[str, str]:
    """:func:`entry_fields` of a paper not read from a .bib (``bibtex``: the classic dialect)."""
    fields: dict[str, str] = {}
    author = format_authors(paper.authors, paper.authors_not_shown, ascii=ascii)
    if author:
        fields["author"] = author
    fields["title"] = escape_title(paper.title, ascii=ascii)
    first = paper.first_submitted or paper.submitted
    if not bibtex:
        _biblatex_date(paper, first, fields)
    else:  # year and month of the first version, as Google Scholar, DBLP and ADS cite preprints
        if paper.arxiv_id:  # how classic styles, which ignore ``eprint``, show the id
            category = paper.primary_category
            fields["howpublished"] = (
                f"arXiv:{paper.arxiv_id} [{category}]" if category else f"arXiv:{paper.arxiv_id}"
            )
        if paper.year is not None:
            fields["year"] = str(paper.year)
        if paper.month is not None:
            fields["month"] = MONTHS[paper.month - 1]
    if paper.journal_ref:
        fields["note"] = latex_escape(paper.journal_ref, ascii=ascii)
    _identifiers(paper, bibtex, fields)
    _details(paper, first, bibtex, ascii, fields)
    _link_fields(paper, fields)
    return fields


def _raw_fields(raw: dict[str, str], ascii: bool) -> dict[str, str]:
    if not ascii:
        return dict(raw)
    return {name: _to_ascii(name, value) for name, value in raw.items()}


def _to_ascii(name: str, text: str) -> str:
    """A .bib value's (or field's) non-ASCII characters as TeX, except in verbatim fields."""
    if text.isascii() or name.lower() in VERBATIM:
        return text
    # imported on first need: a listing converted without --ascii never loads pylatexenc
    from pylatexenc.latexencode import unicode_to_latex

    latex: str = unicode_to_latex(text, non_ascii_only=True, replacement_latex_protection="braces-all")
    return latex


# cached: a listing names the same people again and again (its author, on every paper)
@lru_cache(maxsize=16384)
def format_author(author: Author, *, ascii: bool = False) -> str:
    """``du Terrail, Jean Ogier`` / ``King, Jr., Martin``: BibTeX's unambiguous form."""
    parts = [_name_part(author.surname or author.given, ascii)]
    if author.suffix:
        parts.append(_name_part(author.suffix, ascii))
    if author.given and author.surname:
        parts.append(_name_part(author.given, ascii))
    return ", ".join(parts)


def _name_part(text: str, ascii: bool) -> str:
    escaped = latex_escape(text, ascii=ascii)
    # a comma or a word "and" inside a name part would split the name: brace it
    if "," in escaped or _AND.search(escaped):
        return f"{{{escaped}}}"
    return escaped


def format_authors(authors: Sequence[Author], not_shown: int = 0, *, ascii: bool = False) -> str:
    """Names joined by `` and ``; ``and others`` when the listing hid some authors."""
    names = [format_author(a, ascii=ascii) for a in authors]
    if not_shown and names:
        names.append("others")
    return " and ".join(names)


def _biblatex_date(paper: Paper, first: date | None, fields: dict[str, str]) -> None:
    if first is not None:
        fields["date"] = first.isoformat()
        return
    ym = paper.announced or paper.issued
    if ym is not None:
        fields["date"] = _year_month(ym)


def _identifiers(paper: Paper, bibtex: bool, fields: dict[str, str]) -> None:
    arxiv_id = paper.arxiv_id
    if not arxiv_id:
        if paper.doi:
            fields["doi"] = _verbatim(paper.doi)
        url = next((url for kind, url in paper.links if kind == "abstract"), "")
        if url:
            fields["url"] = _verbatim(url)
    else:
        fields["eprint"] = _verbatim(arxiv_id)
        category = paper.primary_category
        if bibtex:
            fields["archivePrefix"] = "arXiv"
            if category:
                fields["primaryClass"] = category
        else:
            fields["eprinttype"] = "arxiv"
            if category:
                fields["eprintclass"] = category
        fields["doi"] = _verbatim(paper.doi or f"10.48550/arXiv.{arxiv_id}")
        fields["url"] = _verbatim(f"https://arxiv.org/abs/{arxiv_id}")
    if paper.version is not None:
        fields["version"] = str(paper.version)


def _details(paper: Paper, first: date | None, bibtex: bool, ascii: bool, fields: dict[str, str]) -> None:
    """The arXiv record's text fields, then what it says about itself: completeness, dates, versions."""
    if paper.abstract:
        fields["abstract"] = latex_escape(paper.abstract, ascii=ascii)
    if paper.categories:
        fields["keywords"] = _keywords(paper.categories, ascii)
    if paper.comments:
        fields["comments"] = latex_escape(paper.comments, ascii=ascii)
    if paper.report_number:
        fields["report_number"] = latex_escape(paper.report_number, ascii=ascii)
    if paper.msc_class:
        fields["msc_class"] = latex_escape(paper.msc_class, ascii=ascii)
    if paper.acm_class:
        fields["acm_class"] = latex_escape(paper.acm_class, ascii=ascii)
    if not paper.abstract_complete:
        fields["abstract_complete"] = "false"
    if paper.authors_not_shown:
        fields["authors_not_shown"] = str(paper.authors_not_shown)
    if first is not None:
        if bibtex:
            fields["submitted"] = first.isoformat()
        if paper.submitted is not None and paper.submitted != first:
            fields["updated"] = paper.submitted.isoformat()
    if paper.announced is not None:
        fields["announced"] = _year_month(paper.announced)
    if paper.latest_version:
        fields["latest_version"] = _verbatim(paper.latest_version)
    if len(paper.dois) > 1:
        fields["related_dois"] = " ".join([_verbatim(d) for d in paper.dois[1:]])


# cached: a listing uses a few dozen combinations of categories
@lru_cache(maxsize=4096)
def _keywords(categories: tuple[str, ...], ascii: bool) -> str:
    return latex_escape(", ".join(categories), ascii=ascii)


def _year_month(ym: YearMonth) -> str:
    return f"{ym.year:04d}-{ym.month:02d}" if ym.month else f"{ym.year:04d}"


def _link_fields(paper: Paper, fields: dict[str, str]) -> None:
    """Links not already carried by ``url``/``doi``/``eprint``, grouped by kind."""
    url_field = fields.get("url", "")
    groups: dict[str, list[str]] = {"code": [], "pdf": [], "links": []}
    kept: set[str] = set()
    for kind, url in paper.links:
        if "arxiv.org/" in url or url == url_field or (kind == "doi" and _is_known_doi(url, paper.dois)):
            continue
        if url not in kept:
            kept.add(url)
            groups.get(kind, groups["links"]).append(_verbatim(url))
    for name, urls in groups.items():
        if urls:
            fields[name] = " ".join(urls)


def _is_known_doi(url: str, dois: tuple[str, ...]) -> bool:
    return any(url.lower().endswith(d.lower()) for d in dois)


def _verbatim(value: str) -> str:
    """A URL or identifier as is, except characters that would unbalance or split the field."""
    return value.strip().translate(_BRACE_SAFE)
