"""A paper's BibTeX fields, in a fixed order, for classic BibTeX or biblatex.

Every piece of information a reader found lands in a field; standard fields
first (what styles print), then the arXiv record's own fields under the names
documented in ``docs/bibtex-output.md``.  ``eprint``, ``doi``, ``url`` and the
URL lists are verbatim fields: written unescaped, only made brace-safe.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..arxiv_ids import ArxivId
from .escape import escape_title, latex_escape

if TYPE_CHECKING:
    from datetime import date

    from ..model import Author, Link, Paper

DIALECTS = ("bibtex", "biblatex")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: fields whose value is written as is (URLs, identifiers): never TeX-escaped
VERBATIM = frozenset({"eprint", "doi", "url", "code", "links", "pdf", "related_dois", "file", "urlraw"})
_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)
_BRACE_SAFE = str.maketrans({"{": "%7B", "}": "%7D", " ": "%20", "\\": "%5C"})
_BRACE_UNSAFE = re.compile(r"[{} \\]")


def entry_type(paper: Paper, dialect: str = "bibtex") -> str:
    """The entry type to write: biblatex gets ``@online`` for an arXiv preprint."""
    if dialect == "biblatex" and paper.entry_type == "misc" and paper.arxiv_id and not paper.bibtex_fields:
        return "online"
    return paper.entry_type


def entry_fields(
    paper: Paper, *, dialect: str = "bibtex", ascii: bool = False, names: dict[int, str] | None = None
) -> dict[str, str]:
    """Field name -> value text (escaped, without the outer braces), in writing order.

    A paper read from a .bib file has its raw values emitted verbatim (with
    ``ascii=True`` their non-ASCII characters are turned into TeX).  ``names``:
    see :func:`format_authors`.
    """
    if dialect not in DIALECTS:
        msg = f"unknown BibTeX dialect {dialect!r} (choose from {', '.join(DIALECTS)})"
        raise ValueError(msg)
    if paper.bibtex_fields:
        return _raw_fields(paper.bibtex_fields, ascii)
    fields: dict[str, str] = {}
    author = format_authors(paper.authors, paper.authors_not_shown, ascii=ascii, cache=names)
    if author:
        fields["author"] = author
    fields["title"] = escape_title(paper.title, ascii=ascii)
    if dialect == "bibtex":
        _bibtex_dates(paper, fields)
    else:
        _biblatex_date(paper, fields)
    if paper.journal_ref:
        fields["note"] = latex_escape(paper.journal_ref, ascii=ascii)
    _identifiers(paper, dialect, fields)
    _text_fields(paper, ascii, fields)
    _record_fields(paper, dialect, fields)
    _link_fields(paper, fields)
    return fields


def _raw_fields(raw: dict[str, str], ascii: bool) -> dict[str, str]:
    if not ascii:
        return dict(raw)
    # imported on first need: a listing converted without --ascii never loads pylatexenc
    from pylatexenc.latexencode import unicode_to_latex

    return {
        name: value
        if value.isascii() or name in VERBATIM
        else unicode_to_latex(value, non_ascii_only=True, replacement_latex_protection="braces-all")
        for name, value in raw.items()
    }


def format_author(author: Author, *, ascii: bool = False) -> str:
    """``du Terrail, Jean Ogier`` / ``King, Jr., Martin``: BibTeX's unambiguous form."""
    return _format_author(author, ascii)


# cached: a listing names the same people again and again (its author, on every paper)
@lru_cache(maxsize=16384)
def _format_author(author: Author, ascii: bool) -> str:
    last = author.surname or author.given
    parts = [_name_part(last, ascii)]
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


def format_authors(
    authors: tuple[Author, ...],
    not_shown: int = 0,
    *,
    ascii: bool = False,
    cache: dict[int, str] | None = None,
) -> str:
    """Names joined by `` and ``; ``and others`` when the listing hid some authors.

    ``cache`` (``id(author)`` -> formatted name, for one ``ascii`` setting) is
    for a caller that formats many papers whose records all stay alive meanwhile,
    so that ids are not reused: readers share one record per distinct name, and
    a lookup by id skips hashing the record (the dataclass hash runs in Python).
    """
    if cache is None:
        names = [_format_author(a, ascii) for a in authors]
    else:
        names = [cache.get(id(a)) or cache.setdefault(id(a), _format_author(a, ascii)) for a in authors]
    if not_shown and names:
        names.append("others")
    return " and ".join(names)


def _first_date(paper: Paper) -> date | None:
    return paper.first_submitted or paper.submitted


def _bibtex_dates(paper: Paper, fields: dict[str, str]) -> None:
    """``year``/``month`` of the first version, as Google Scholar, DBLP and ADS cite preprints."""
    year, month = paper.year, paper.month
    if paper.arxiv_id:
        fields["howpublished"] = _arxiv_reference(paper)
    if year is not None:
        fields["year"] = str(year)
    if month is not None:
        fields["month"] = MONTHS[month - 1]


def _biblatex_date(paper: Paper, fields: dict[str, str]) -> None:
    first = _first_date(paper)
    if first is not None:
        fields["date"] = first.isoformat()
        return
    ym = paper.announced or paper.issued
    if ym is not None:
        fields["date"] = f"{ym.year:04d}-{ym.month:02d}" if ym.month else f"{ym.year:04d}"


def _arxiv_reference(paper: Paper) -> str:
    """``arXiv:2106.06168 [cs.LG]``: how classic styles, which ignore ``eprint``, show the id."""
    category = f" [{paper.primary_category}]" if paper.primary_category else ""
    return f"arXiv:{paper.arxiv_id}{category}"


def _identifiers(paper: Paper, dialect: str, fields: dict[str, str]) -> None:
    if paper.arxiv_id:
        fields["eprint"] = _verbatim(paper.arxiv_id)
        if dialect == "bibtex":
            fields["archivePrefix"] = "arXiv"
            if paper.primary_category:
                fields["primaryClass"] = paper.primary_category
        else:
            fields["eprinttype"] = "arxiv"
            if paper.primary_category:
                fields["eprintclass"] = paper.primary_category
    arxiv = ArxivId(paper.arxiv_id, None) if paper.arxiv_id else None
    doi = paper.doi or (arxiv.doi if arxiv else "")
    if doi:
        fields["doi"] = _verbatim(doi)
    url = arxiv.abs_url if arxiv else _first_link(paper.links, "abstract")
    if url:
        fields["url"] = _verbatim(url)
    if paper.version is not None:
        fields["version"] = str(paper.version)


def _text_fields(paper: Paper, ascii: bool, fields: dict[str, str]) -> None:
    if paper.abstract:
        fields["abstract"] = latex_escape(paper.abstract, ascii=ascii)
    if paper.categories:
        fields["keywords"] = latex_escape(", ".join(paper.categories), ascii=ascii)
    for name in ("comments", "report_number", "msc_class", "acm_class"):
        value: str = getattr(paper, name)
        if value:
            fields[name] = latex_escape(value, ascii=ascii)


def _record_fields(paper: Paper, dialect: str, fields: dict[str, str]) -> None:
    """What arXiv says about the record itself: completeness, dates, versions."""
    if not paper.abstract_complete:
        fields["abstract_complete"] = "false"
    if paper.authors_not_shown:
        fields["authors_not_shown"] = str(paper.authors_not_shown)
    first = _first_date(paper)
    if dialect == "bibtex" and first is not None:
        fields["submitted"] = first.isoformat()
    if paper.submitted is not None and first is not None and paper.submitted != first:
        fields["updated"] = paper.submitted.isoformat()
    if paper.announced is not None:
        year, month = paper.announced
        fields["announced"] = f"{year:04d}-{month:02d}" if month else f"{year:04d}"
    if paper.latest_version:
        fields["latest_version"] = _verbatim(paper.latest_version)
    if len(paper.dois) > 1:
        fields["related_dois"] = " ".join(_verbatim(d) for d in paper.dois[1:])


def _link_fields(paper: Paper, fields: dict[str, str]) -> None:
    """Links not already carried by ``url``/``doi``/``eprint``, grouped by kind."""
    known = {fields.get("url", "")}
    groups: dict[str, list[str]] = {"code": [], "pdf": [], "links": []}
    for link in paper.links:
        if link.url in known or "arxiv.org/" in link.url or _is_known_doi(link, paper.dois):
            continue
        known.add(link.url)
        groups.get(link.kind, groups["links"]).append(_verbatim(link.url))
    for name, urls in groups.items():
        if urls:
            fields[name] = " ".join(urls)


def _is_known_doi(link: Link, dois: tuple[str, ...]) -> bool:
    return link.kind == "doi" and any(link.url.lower().endswith(d.lower()) for d in dois)


def _first_link(links: tuple[Link, ...], kind: str) -> str:
    return next((link.url for link in links if link.kind == kind), "")


def _verbatim(value: str) -> str:
    """A URL or identifier as is, except characters that would unbalance or split the field."""
    value = value.strip()
    return value.translate(_BRACE_SAFE) if _BRACE_UNSAFE.search(value) else value
