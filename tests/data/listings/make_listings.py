"""Rebuild the listing test inputs in this folder from the real arXiv data in ``tests/data``.

Run from the repository root: ``python tests/data/listings/make_listings.py``.
Every title, author, abstract, date, category, DOI, comment and journal
reference comes from ``../arxiv-samples/*.xml`` (arXiv API answers) or the
seed listing ``../arxiv-listing-talwalkar.txt``; this script only lays them
out the way arXiv's search page does (arXiv/arxiv-search,
``search/templates/search/search-macros.html``).  See README.md.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).parent
DATA = HERE.parent
NS = {"a": "http://www.w3.org/2005/Atom", "x": "http://arxiv.org/schemas/atom"}


@dataclass
class Entry:
    """One paper as the search page shows it."""

    id: str  # without version
    version: int
    title: str
    authors: list[tuple[str, str, str]]  # (forename, surname, suffix)
    abstract: str
    categories: list[str]
    submitted: date  # this version
    first: date  # v1
    dois: list[str] = field(default_factory=list)
    comments: str = ""
    journal_ref: str = ""
    report_number: str = ""
    not_shown: int = 0

    @property
    def announced(self) -> str:
        # arXiv announces a paper the next weekday after submission
        return (self.first + timedelta(days=1)).strftime("%B %Y")

    def display(self, author: tuple[str, str, str]) -> str:
        return " ".join(p for p in author if p)


def _day(stamp: str) -> date:
    return date.fromisoformat(stamp[:10])


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def atom_entries(name: str) -> dict[str, Entry]:
    root = ET.parse(DATA / "arxiv-samples" / name).getroot()
    out = {}
    for e in root.findall("a:entry", NS):
        full = e.findtext("a:id", "", NS).rsplit("/abs/", 1)[1]
        ident, _, version = full.rpartition("v")
        names = [_clean(a.findtext("a:name", "", NS)) for a in e.findall("a:author", NS)]
        doi = e.findtext("x:doi", "", NS)
        out[ident] = Entry(
            id=ident,
            version=int(version),
            title=_clean(e.findtext("a:title", "", NS)),
            authors=[_split(n) for n in names],
            abstract=_clean(e.findtext("a:summary", "", NS)),
            categories=[c.get("term", "") for c in e.findall("a:category", NS)],
            submitted=_day(e.findtext("a:updated", "", NS)),
            first=_day(e.findtext("a:published", "", NS)),
            dois=[doi] if doi else [],
            comments=_clean(e.findtext("x:comment", "", NS)),
            journal_ref=_clean(e.findtext("x:journal_ref", "", NS)),
        )
    return out


# arXiv's metadata keeps these surnames whole; the display name does not show it
_SURNAMES = {
    "R. de Mello Koch": ("R.", "de Mello Koch", ""),
    "Blaise Aguera y Arcas": ("Blaise", "Aguera y Arcas", ""),
}


def _split(name: str) -> tuple[str, str, str]:
    if name in _SURNAMES:
        return _SURNAMES[name]
    forename, _, surname = name.rpartition(" ")
    return forename, surname, ""


def field_guide() -> Entry:
    """The seed's 25-shown-author entry, "A Field Guide to Federated Optimization" (arXiv:2107.06917)."""
    lines = (DATA / "arxiv-listing-talwalkar.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("A Field Guide to Federated Optimization")
    names = []
    i = at + 2
    while not lines[i].startswith(","):
        names.append(lines[i].rstrip(","))
        i += 1
    abstract = lines[lines.index("▽ More", i) + 1]
    return Entry(
        "2107.06917", 1, lines[at], [_split(n) for n in names], abstract, ["cs.LG"],
        date(2021, 7, 14), date(2021, 7, 14), not_shown=28,
    )  # fmt: skip


def preview(abstract: str) -> tuple[str, bool]:
    """arXiv's preview: the first 400 characters and "…" when the abstract is longer."""
    if len(abstract) <= 400:
        return abstract, False
    return abstract[:400].rstrip() + "…", True


def date_line(e: Entry) -> str:
    v1 = f" v1 submitted {e.first.day} {e.first:%B, %Y};" if e.version > 1 else ""
    return f"Submitted {e.submitted.day} {e.submitted:%B, %Y};{v1} originally announced {e.announced}."


def selection(entries: list[Entry], latest: dict[str, str]) -> str:
    """Browser selection shape: label and value on one line, hidden text gone."""
    out = []
    for e in entries:
        shown = f"{e.id}v{e.version}" if e.id in latest else e.id
        tags = " ".join(e.categories) + "".join(f" doi {d}" for d in e.dois)
        out.append(f"arXiv:{shown}  [pdf, ps, other]  {tags}")
        out.append(e.title)
        names = ", ".join(e.display(a) for a in e.authors)
        out.append(f"Authors: {names}")
        text, cut = preview(e.abstract)
        out.append(f"Abstract: {text} ▽ More" if cut else f"Abstract: {text}")
        extra = f" Latest version: {latest[e.id]}." if e.id in latest else ""
        out.append(date_line(e) + extra)
        if e.comments:
            out.append(f"Comments: {e.comments}")
        if e.journal_ref:
            out.append(f"Journal ref: {e.journal_ref}")
    return "\n".join(out) + "\n"


PAGE_HEAD = """Skip to main content
We gratefully acknowledge support from the Simons Foundation, member institutions, and all contributors. Donate
Login
Search...
Help | Advanced Search
Showing 1–{n} of {n} results for author: {who}
Search term or terms
Author
Search
Show abstracts
Hide abstracts
Advanced Search
50
results per page.
Sort results by
Announcement date (newest first)
Go
Previous
Next
1"""
PAGE_FOOT = """About
Help
contact arXiv
Click here to contact arXiv
Contact
subscribe to arXiv mailings
Click here to subscribe
Subscribe
Copyright
Privacy Policy
Web Accessibility Assistance
arXiv Operational Status
Get status notifications via email or slack"""


def text_content(entries: list[Entry], who: str) -> str:
    """textContent shape of a real page: every text node on its own line, no separators."""
    out = [PAGE_HEAD.format(n=len(entries), who=who)]
    for e in entries:
        out += [f"arXiv:{e.id}", "[pdf, ps, other]", *e.categories]
        for doi in e.dois:
            out += ["doi", doi]
        out += [e.title, "Authors:"]
        names = [e.display(a) for a in e.authors]
        out += [f"{n}," for n in names[:-1]] + names[-1:]
        text, cut = preview(e.abstract)
        out += ["Abstract:", text] + (["▽ More"] if cut else []) + [e.abstract, "△ Less"]
        dates = date_line(e)
        split = dates.index(" originally")
        out += [dates[:split], dates[split + 1 :]]
        for label, value in (("Comments:", e.comments), ("Report number:", e.report_number)):
            if value:
                out += [label, value]
        if e.journal_ref:
            out += ["Journal ref:", e.journal_ref]
    out += ["Previous", "Next", "1", PAGE_FOOT]
    return "\n".join(out) + "\n"


def _esc(text: str) -> str:
    return html.escape(text, quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")


def _author_link(author: tuple[str, str, str]) -> str:
    forename, surname, suffix = author
    initials = " ".join(w[0] for w in forename.split())
    query = urlencode({"searchtype": "author", "query": f"{surname}, {initials}" if forename else surname})
    shown = " ".join(p for p in (forename, surname) if p) + (f" {suffix}" if suffix else "")
    return f'<a href="/search/?{_esc(query)}">{_esc(shown)}</a>'


# long names arXiv shows in the category tags' tooltips
CATEGORY_NAMES = {
    "cs.LG": "Machine Learning", "math.CO": "Combinatorics", "hep-th": "High Energy Physics - Theory",
    "cs.CV": "Computer Vision and Pattern Recognition", "cs.AI": "Artificial Intelligence",
    "cs.NE": "Neural and Evolutionary Computing", "quant-ph": "Quantum Physics", "cs.CL": "Computation and Language",
    "stat.ML": "Machine Learning",
}  # fmt: skip


def html_result(e: Entry) -> str:
    tags = [
        f'<span class="tag is-small {"is-link" if i == 0 else "is-grey"} tooltip is-tooltip-top" '
        f'data-tooltip="{CATEGORY_NAMES[c]}">{c}</span>'
        for i, c in enumerate(e.categories)
    ]
    dois = "".join(
        '\n          <div class="is-inline-block" style="margin-left: 0.5rem">\n'
        '            <div class="tags has-addons">\n              <span class="tag is-dark is-size-7">doi</span>\n'
        f'              <span class="tag is-light is-size-7"><a class="" href="https://doi.org/{d}">{d} '
        '<i class="fa fa-external-link" aria-hidden="true"></i></a></span>\n            </div>\n          </div>'
        for d in e.dois
    )
    links = ",\n      ".join(_author_link(a) for a in e.authors)
    more = f", et al. ({e.not_shown} additional authors not shown)" if e.not_shown else ""
    text, cut = preview(e.abstract)
    more_link = (
        '<a class="is-size-7" style="white-space: nowrap;" onclick="document.getElementById('
        f"'{e.id}-abstract-full').style.display = 'inline';\">&#9661; More</a>"
        if cut else ""
    )  # fmt: skip
    v1 = (
        f'<span class="has-text-black-bis has-text-weight-semibold">v1</span> submitted '
        f"{e.first.day} {e.first:%B, %Y};"
        if e.version > 1 else ""
    )  # fmt: skip
    meta = ""
    if e.comments:
        meta += (
            '\n    <p class="comments is-size-7">\n      <span class="has-text-black-bis '
            f'has-text-weight-semibold">Comments:</span>\n      <span class="has-text-grey-dark mathjax">'
            f"{_esc(e.comments)}</span>\n    </p>"
        )
    if e.report_number:
        meta += (
            '\n      <p class="comments is-size-7">\n          <span class="has-text-black-bis '
            f'has-text-weight-semibold">Report number:</span>\n          {_esc(e.report_number)}\n      </p>'
        )
    if e.journal_ref:
        meta += (
            '\n      <p class="comments is-size-7">\n        <span class="has-text-black-bis '
            f'has-text-weight-semibold">Journal ref:</span>\n        {_esc(e.journal_ref)}\n      </p>'
        )
    return f"""  <li class="arxiv-result">
    <div class="is-marginless">
      <p class="list-title is-inline-block"><a href="https://arxiv.org/abs/{e.id}">arXiv:{e.id}</a>
        <span>&nbsp;[<a href="https://arxiv.org/pdf/{e.id}">pdf</a>, <a href="https://arxiv.org/format/{e.id}">other</a>]&nbsp;</span>
      </p>
      <div class="tags is-inline-block">
        {" ".join(tags)}
      </div>{dois}
    </div>
    <p class="title is-5 mathjax">
      {_esc(e.title)}
    </p>
    <p class="authors">
      <span class="has-text-black-bis has-text-weight-semibold">Authors:</span>
      {links}{more}
    </p>
    <p class="abstract mathjax">
      <span class="has-text-black-bis has-text-weight-semibold">Abstract</span>:
      <span class="abstract-short has-text-grey-dark mathjax" id="{e.id}-abstract-short" style="display: inline;">
        {_esc(text)}
        {more_link}
      </span>
      <span class="abstract-full has-text-grey-dark mathjax" id="{e.id}-abstract-full" style="display: none;">
        {_esc(e.abstract)}
        <a class="is-size-7" style="white-space: nowrap;" onclick="document.getElementById('{e.id}-abstract-full').style.display = 'none';">&#9651; Less</a>
      </span>
    </p>

    <p class="is-size-7"><span class="has-text-black-bis has-text-weight-semibold">Submitted</span> {e.submitted.day} {e.submitted:%B, %Y}; {v1}
      <span class="has-text-black-bis has-text-weight-semibold">originally announced</span> {e.announced}.
    </p>{meta}
  </li>
"""


def html_page(entries: list[Entry]) -> str:
    items = "".join(html_result(e) for e in entries)
    n = len(entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8"/>
  <title>Search | arXiv e-print repository</title>
  <link rel="stylesheet" href="https://static.arxiv.org/static/search/0.5.6/css/search.css" />
</head>
<body>
<main class="container" id="main-container">
  <div class="level is-marginless">
    <div class="level-left">
      <h1 class="title is-clearfix">
        Showing 1&ndash;{n} of {n} results
      </h1>
    </div>
  </div>
  <content>
  <nav class="pagination is-small is-centered breathe-horizontal" role="navigation" aria-label="pagination">
    <a href="" class="pagination-previous is-invisible">Previous
    </a>
    <a href="" class="pagination-next is-invisible">Next
    </a>
    <ul class="pagination-list">
      <li>
        <a href="/search/?searchtype=all&amp;query=x&amp;start=0" class="pagination-link is-current" aria-label="Goto page 1">1
        </a>
      </li>
    </ul>
  </nav>
<ol class="breathe-horizontal" start="1">
{items}</ol>
  </content>
</main>
</body>
</html>
"""


def seed_blocks() -> list[list[str]]:
    """The seed's entries, each as its lines without the "-" separator."""
    text = (DATA / "arxiv-listing-talwalkar.txt").read_text(encoding="utf-8")
    return [block.strip("\n").split("\n") for block in text.split("-\n") if block.strip()]


def bad_entries() -> str:
    """Seven seed entries, five of them damaged in one way each (README.md lists them)."""
    blocks = seed_blocks()[:7]
    blocks[0].append("Downloaded from arxiv.org on 12 August 2025 by the library proxy")  # junk line
    b = blocks[1]  # no authors: the name lines are gone
    del b[b.index("Authors:") + 1 : b.index("Abstract:")]
    b = blocks[2]  # unreadable date
    b[b.index("Submitted 25 June, 2025;")] = "Submitted 25 Juin, 2025;"
    blocks[3][0] = blocks[3][0].replace("Agents that Reason", "Agents that {Reason")  # unbalanced title
    b = blocks[4]  # unbalanced abstract (preview and full text alike)
    b[:] = [line.replace("best-of-$n$, and", "best-of-${n$, and") for line in b]
    b = blocks[6]  # cut short in the middle of the full abstract, at the end of the file
    full = b.index("▽ More") + 1
    b[full:] = [b[full][: len(b[full]) // 2]]
    return "".join("-\n" + "\n".join(block) + "\n" for block in blocks)


def main() -> None:
    brown = atom_entries("api-2026_get-arXiv_Brown-Tom_page-3.xml")
    jurgen = atom_entries("api-2026_get-arXiv_Schmidhuber_page-4.xml")
    # the report number is on the paper's abstract page (arxiv-samples/abs-page_hep-th_0611290v2.html)
    brown["hep-th/0611290"].report_number = "QMUL-PH-06-11, WITS-CTP-028"
    html_entries = [
        field_guide(), brown["0706.4420"], brown["hep-th/0611290"], brown["hep-th/0703202"],
        jurgen["1103.4487"], jurgen["cs/0302012"], jurgen["1003.0358"], jurgen["0804.3269"], jurgen["1103.5708"],
    ]  # fmt: skip
    (HERE / "arxiv-search-page.html").write_text(html_page(html_entries), encoding="utf-8")
    (HERE / "real-copy.txt").write_text(
        text_content([brown["0706.4420"], brown["hep-th/0703202"], brown["hep-th/0611290"]], "Brown, T"),
        encoding="utf-8",
    )
    picks = [jurgen[k] for k in ("1106.1998", "1003.0358", "1103.5708", "0709.0670")] + [
        brown["hep-th/0703202"]
    ]
    latest = {"1106.1998": "1106.1998v2"}
    picks[0].version, picks[0].submitted = 1, picks[0].first  # the page showed v1 of a 2-version paper
    (HERE / "selection-shape.txt").write_text(selection(picks, latest), encoding="utf-8")
    windows = [jurgen[k] for k in ("0807.1494", "cs/0603023", "quant-ph/9904050")]
    body = "\ufeff" + selection(windows, {}).replace("\n", "\r\n")
    (HERE / "selection-shape-windows.txt").write_bytes(body.encode("utf-8"))
    (HERE / "bad-entries.txt").write_text(bad_entries(), encoding="utf-8")


if __name__ == "__main__":
    main()
