"""The pieces of arXiv's page text, shared by the listing readers.

How arXiv's search page (arXiv/arxiv-search ``search-macros.html``) and
abstract page word things: the date line (``Submitted 10 June, 2025; v1
submitted 9 June, 2025; originally announced June 2025.``), the labelled
lines in every spelling (``Journal ref:``, ``Journal-ref:``, ``Journal
reference:``; ``Report number: ... MSC Class: ... ACM Class: ...`` on one
line), category tags, the "et al." note, and the page text around the results.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from ..core.arxiv_ids import parse as parse_id
from ..core.model import MONTH_NAMES, YearMonth

#: the links arXiv's page shows after an abstract's preview and after its full text
MORE = "▽ More"
LESS = "△ Less"
# month names as arXiv and copies write them: full, three letters, and "Sept"-like four letters
_MONTHS = {
    spelling: number
    for number, name in enumerate(MONTH_NAMES, 1)
    for spelling in (name.lower(), name.lower()[:3], name.lower()[:4])
}
_DAY_MONTH_YEAR = r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})"
_SUBMITTED = re.compile(rf"^Submitted\s+{_DAY_MONTH_YEAR}", re.IGNORECASE)
_V1 = re.compile(rf"\bv1\s+submitted\s+{_DAY_MONTH_YEAR}", re.IGNORECASE)
_ANNOUNCED = re.compile(r"\boriginally\s+announced\s+([A-Za-z]+)\.?\s+(\d{4})", re.IGNORECASE)
_LATEST = re.compile(r"\bLatest\s+version:\s*(\S+?)\.?\s*$", re.IGNORECASE)
#: a line that names the newest version: ``Latest version: 1808.10115v3.``
LATEST_START = re.compile(r"^Latest\s+version:", re.IGNORECASE)


_ET_AL = re.compile(r"^,?\s*et\s+al\.?\s*\((\d+)\s+additional\s+authors?\s+not\s+shown\)\s*$")

#: labelled metadata, every spelling arXiv's pages use, mapped to the Paper field
META_LABELS = {
    "comments": "comments",
    "journal ref": "journal_ref",
    "journal-ref": "journal_ref",
    "journal reference": "journal_ref",
    "report number": "report_number",
    "report-no": "report_number",
    "msc class": "msc_class",
    "msc classes": "msc_class",
    "acm class": "acm_class",
    "acm classes": "acm_class",
}
#: the labels of labelled lines, every spelling (a group; match it case-insensitively)
LABEL = r"(Comments|Journal[ -]ref(?:erence)?|Report[ -]n(?:umber|o)|MSC Class(?:es)?|ACM Class(?:es)?):"
#: a line that starts with a label
META_START = re.compile(rf"^{LABEL}", re.IGNORECASE)
_META_ANY = re.compile(rf"(?:^|\s){LABEL}", re.IGNORECASE)

# arXiv's archives, current and retired, so that a category tag is not mistaken for a title word
_ARCHIVES = frozenset(
    """astro-ph cond-mat cs econ eess gr-qc hep-ex hep-lat hep-ph hep-th math math-ph nlin nucl-ex nucl-th
    physics q-bio q-fin quant-ph stat acc-phys adap-org alg-geom ao-sci atom-ph bayes-an chao-dyn chem-ph
    cmp-lg comp-gas dg-ga funct-an mtrl-th patt-sol plasm-ph q-alg solv-int supr-con""".split()  # noqa: SIM905
)
_CATEGORY = re.compile(r"([a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]+(?:-[a-z]+)?)?")
DOI = re.compile(r"10\.\d{4,9}/\S+")
_ID_LINE = re.compile(r"^arXiv:(\S+)\s*(\[[^\]]*\])?\s*(.*)$")
#: the download formats after an id: ``[pdf, ps, other]``
FORMATS = re.compile(r"^\[[a-z]+(?:,\s*[a-z]+)*\]$")
#: a line that carries on a date line split by the copy ("v1 submitted ...", "originally announced ...")
DATE_MORE = re.compile(r"^(?:v1\b|originally\b|submitted\b|\d{1,2}\s+[A-Za-z]+,?\s+\d{4}|[A-Za-z]+\s+\d{4})")
#: page text around the results: the header, search form, sort/size controls, pagination and footer
PAGE_TEXT = re.compile(
    r"^(?:Showing\s+\d.*results\s+for\b.*|Search\.*|Previous|Next|\d+|…|Go|Only\s+\d+\s+pages\s+are\s+available.*"
    r"|Show abstracts|Hide abstracts|Advanced Search|Help\s*\|\s*Advanced Search|Search term or terms"
    r"|.*results per page\.?|Sort results by|Searching in archives?\b.*|Sorry, your query .*"
    r"|About|Help|Contact|contact arXiv|Click here to contact arXiv|Subscribe|subscribe to arXiv mailings"
    r"|Click here to subscribe|Copyright|Privacy Policy|Web Accessibility Assistance|arXiv Operational Status"
    r"|Get status notifications via email or slack)$",
    re.IGNORECASE,
)


class Dates(NamedTuple):
    """What a date line says, and what in it could not be read."""

    submitted: date | None
    first_submitted: date | None
    announced: YearMonth | None
    latest_version: str
    errors: tuple[str, ...] = ()


def is_category(token: str) -> bool:
    """``cs.LG``, ``hep-th``, ``astro-ph.CO``: a token naming an arXiv category."""
    m = _CATEGORY.fullmatch(token)
    return m is not None and m.group(1) in _ARCHIVES


def id_line(line: str) -> re.Match[str] | None:
    """``arXiv:<id> [pdf, ...] tags``: groups id, formats and the rest; ``None`` for other lines."""
    m = _ID_LINE.match(line)
    if m is not None and (m.group(2) is not None or parse_id(m.group(1)) is not None):
        return m
    return None


def tags(text: str) -> list[str] | None:
    """Category and DOI tokens of ``cs.LG stat.ML doi 10.1145/...``; ``None`` if ``text`` is not tags."""
    tokens = text.split()
    if all(t == "doi" or is_category(t) or DOI.fullmatch(t) for t in tokens):
        return [t for t in tokens if t != "doi"]
    return None


def is_date_line(line: str) -> bool:
    """``Submitted ...``: long lines that start so are abstract prose, not arXiv's date line."""
    return line.startswith("Submitted ") and (";" in line or len(line) < 120)


def et_al(text: str) -> int | None:
    """N from ``, et al. (N additional authors not shown)``; ``None`` if ``text`` is not that note."""
    m = _ET_AL.match(text)
    return int(m.group(1)) if m else None


def split_et_al(text: str) -> tuple[str, int]:
    """Split a one-line author list from its trailing "et al." note: ``(names, N)``."""
    at = text.find("et al.")
    count = et_al(text[at:]) if at >= 0 else None
    return (text[:at].rstrip().rstrip(","), count) if count is not None else (text, 0)


def latest_version(text: str) -> str:
    """The id in ``Latest version: 1808.10115v3.``, or an empty string."""
    m = _LATEST.search(text)
    return m.group(1) if m else ""


def split_meta(text: str) -> list[tuple[str, str]]:
    """``"Report number: X MSC Class: Y"`` -> ``[("report_number", "X"), ("msc_class", "Y")]``."""
    first = META_START.match(text)
    if first and first.group(1).lower().startswith(("c", "j")):
        # a comment or journal reference is free text: a label inside it is prose
        return [(META_LABELS[" ".join(first.group(1).lower().split())], text[first.end() :].strip())]
    marks = list(_META_ANY.finditer(text))
    pairs = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        pairs.append((META_LABELS[" ".join(m.group(1).lower().split())], text[m.end() : end].strip()))
    return pairs


def _ymd(year: str, month_name: str, day: str) -> date | None:
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:  # 31 February: the text is wrong, not the program
        return None


def read_dates(text: str) -> Dates:
    """Read a date line; what cannot be read is named in ``errors``."""
    errors = []
    s = _SUBMITTED.search(text)
    submitted = _ymd(s.group(3), s.group(2), s.group(1)) if s else None
    if submitted is None:
        errors.append("submission date")
    v1 = _V1.search(text)
    first = _ymd(v1.group(3), v1.group(2), v1.group(1)) if v1 else submitted
    if v1 and first is None:
        errors.append("v1 submission date")
    ann = _ANNOUNCED.search(text)
    month = _MONTHS.get(ann.group(1).lower()) if ann else None
    if ann and month is None:
        errors.append("announcement month")
    announced = YearMonth(int(ann.group(2)), month) if ann and month else None
    return Dates(submitted, first, announced, latest_version(text), tuple(errors))
