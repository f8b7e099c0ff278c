"""The HTML reader: arXiv's search results page and a paper's abstract page, saved from a browser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import TYPE_CHECKING

import pytest

from sphinx_papers.core.model import Author, Link, Paper
from sphinx_papers.readers import detect_format, listing_html, read_path, read_text
from sphinx_papers.readers.listing_html import author_from_link

NS = {"a": "http://www.w3.org/2005/Atom", "x": "http://arxiv.org/schemas/atom"}

if TYPE_CHECKING:
    from pathlib import Path


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def atom_entries(data_dir: Path) -> dict[str, ET.Element]:
    out = {}
    for name in ("api-2026_get-arXiv_Brown-Tom_page-3.xml", "api-2026_get-arXiv_Schmidhuber_page-4.xml"):
        root = ET.parse(data_dir / "arxiv-samples" / name).getroot()
        for e in root.findall("a:entry", NS):
            out[e.findtext("a:id", "", NS).split("/abs/")[1].rsplit("v", 1)[0]] = e
    return out


@pytest.fixture(scope="module")
def page(data_dir: Path) -> list[Paper]:
    result = read_path(data_dir / "listings" / "arxiv-search-page.html")
    assert result.problems == []
    return result.papers


def test_sniff_and_detect(data_dir: Path, seed_path: Path) -> None:
    search = (data_dir / "listings" / "arxiv-search-page.html").read_text(encoding="utf-8")
    abs_page = (data_dir / "arxiv-samples" / "abs-page_hep-th_0611290v2.html").read_text(encoding="utf-8")
    assert listing_html.sniff(search) and listing_html.sniff(abs_page)
    assert not listing_html.sniff(seed_path.read_text(encoding="utf-8"))
    assert detect_format(search) == detect_format(abs_page) == "html"


def test_search_page_matches_the_atom_data(page: list[Paper], data_dir: Path) -> None:
    entries = atom_entries(data_dir)
    from_atom = [p for p in page if p.arxiv_id in entries]
    assert len(from_atom) == 8
    for paper in from_atom:
        entry = entries[paper.arxiv_id]
        assert paper.title == words(entry.findtext("a:title", "", NS))
        assert [a.display for a in paper.authors] == [
            a.findtext("a:name", "", NS) for a in entry.findall("a:author", NS)
        ]
        assert paper.abstract == words(entry.findtext("a:summary", "", NS))
        assert paper.abstract_complete
        assert paper.categories == tuple(c.get("term") for c in entry.findall("a:category", NS))
        assert paper.primary_category == paper.categories[0]
        assert paper.dois == tuple(d.text for d in entry.findall("x:doi", NS))
        assert paper.comments == words(entry.findtext("x:comment", "", NS))
        assert paper.journal_ref == words(entry.findtext("x:journal_ref", "", NS))
        assert paper.first_submitted == date.fromisoformat(entry.findtext("a:published", "", NS)[:10])
        assert paper.submitted == date.fromisoformat(entry.findtext("a:updated", "", NS)[:10])
        assert paper.announced is not None and paper.announced.year == paper.first_submitted.year


def test_search_page_entities_math_and_non_ascii(page: list[Paper]) -> None:
    by_id = {p.arxiv_id: p for p in page}
    assert by_id["cs/0302012"].title == "The New AI: General & Sound & Relevant for Physics"  # &amp; decoded
    assert "$w(k_1,k_2,...,k_s)$" in by_id["0706.4420"].abstract
    assert by_id["1103.4487"].authors[0] == Author("Dan C.", "Cireşan")
    assert by_id["0804.3269"].authors[0] == Author("Santiago", "Fernández")
    assert by_id["hep-th/0611290"].report_number == "QMUL-PH-06-11, WITS-CTP-028"
    assert by_id["hep-th/0611290"].links[:3] == (
        Link("abstract", "https://arxiv.org/abs/hep-th/0611290"),
        Link("pdf", "https://arxiv.org/pdf/hep-th/0611290"),
        Link("doi", "https://doi.org/10.1088/1126-6708/2007/03/072"),
    )


def test_surnames_come_from_the_author_search_links(page: list[Paper]) -> None:
    by_id = {p.arxiv_id: p for p in page}
    assert by_id["hep-th/0611290"].authors[1] == Author("R.", "Mello Koch", "de")
    guide = by_id["2107.06917"]
    assert Author("Blaise", "Aguera y Arcas") in guide.authors  # split_name alone would say "y Arcas"
    assert Author("H. Brendan", "McMahan") in guide.authors


def test_search_page_twenty_five_authors_et_al(page: list[Paper], seed_path: Path) -> None:
    guide = next(p for p in page if p.title == "A Field Guide to Federated Optimization")
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    at = lines.index(guide.title)
    shown = [n.rstrip(",") for n in lines[at + 2 : at + 27]]
    assert [a.display for a in guide.authors] == shown
    assert guide.authors_not_shown == 28
    assert guide.abstract == lines[lines.index("▽ More", at) + 1]


def test_short_abstract_and_source_lines(page: list[Paper], data_dir: Path) -> None:
    lines = (data_dir / "listings" / "arxiv-search-page.html").read_text(encoding="utf-8").split("\n")
    for paper in page:
        assert paper.source is not None
        assert lines[paper.source.line - 1].strip() == '<li class="arxiv-result">'
    short = next(p for p in page if p.arxiv_id == "1103.5708")
    assert len(short.abstract) < 400 and short.abstract_complete


def test_preview_only_when_the_full_abstract_is_missing(data_dir: Path, seed_path: Path) -> None:
    text = (data_dir / "listings" / "arxiv-search-page.html").read_text(encoding="utf-8")
    start = text.index('<span class="abstract-full')
    end = text.index("</span>", text.index("&#9651; Less", start)) + len("</span>")
    paper = read_text(text[:start] + text[end:], "page.html").papers[0]
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    full = lines[lines.index("▽ More", lines.index(paper.title)) + 1]
    assert not paper.abstract_complete
    assert paper.abstract == lines[lines.index("▽ More", lines.index(paper.title)) - 1]  # the seed's preview
    assert paper.abstract.endswith("…") and full.startswith(paper.abstract[:-1])


def test_latest_version_link(data_dir: Path) -> None:
    text = (data_dir / "listings" / "arxiv-search-page.html").read_text(encoding="utf-8")
    text = text.replace(">arXiv:2107.06917<", ">arXiv:2107.06917v1<", 1)
    announced = "originally announced</span> July 2021."
    latest = ' <span class="has-text-weight-bold">Latest version:</span> <a href="/abs/2107.06917">2107.06917v2</a>.'
    paper = read_text(text.replace(announced, announced + latest, 1), "page.html").papers[0]
    assert (paper.arxiv_id, paper.version, paper.latest_version) == ("2107.06917", 1, "2107.06917v2")
    assert paper.submitted == date(2021, 7, 14)


def test_cut_short_page(data_dir: Path) -> None:
    text = (data_dir / "listings" / "arxiv-search-page.html").read_text(encoding="utf-8")
    second = text.index('<li class="arxiv-result">', text.index('<li class="arxiv-result">') + 1)
    cut = text[: text.index('<p class="abstract', second)]  # stops after the second entry's authors
    result = read_text(cut, "cut.html")
    assert [p.arxiv_id for p in result.papers] == ["2107.06917", "0706.4420"]
    line = cut[:second].count("\n") + 1
    assert [(p.line, p.message) for p in result.problems] == [
        (line, "entry has no 'Submitted ...' date line")
    ]


def test_entry_without_authors_and_page_without_results(data_dir: Path) -> None:
    text = (data_dir / "listings" / "arxiv-search-page.html").read_text(encoding="utf-8")
    start = text.index('<p class="authors">')
    end = text.index("</p>", start) + 4
    result = read_text(text[:start] + text[end:], "page.html")
    assert [(p.line, p.message) for p in result.problems] == [(31, "entry has no authors")]
    assert len(result.papers) == 9
    empty = listing_html.read('<html><body><ol><li class="arxiv-result"></li></ol></body></html>', "e.html")
    assert [p.message for p in empty.problems] == [
        "entry has no title",
        "entry has no authors",
        "entry has no 'Submitted ...' date line",
    ]
    nothing = listing_html.read("<html><body>Sorry, your query produced no results.</body></html>", "n.html")
    assert (nothing.papers, [p.message for p in nothing.problems]) == (
        [],
        ["no arXiv results found on this page"],
    )


@pytest.mark.parametrize(
    ("display", "href", "author"),
    [
        (
            "R. de Mello Koch",
            "/search/?searchtype=author&query=de+Mello+Koch%2C+R",
            Author("R.", "Mello Koch", "de"),
        ),
        (
            "Jean Ogier du Terrail",
            "/search/?searchtype=author&query=du+Terrail%2C+J+O",
            Author("Jean Ogier", "Terrail", "du"),
        ),
        ("John Smith Jr", "/search/?searchtype=author&query=Smith%2C+J", Author("John", "Smith", "", "Jr")),
        ("Brinch Hansen", "/search/?searchtype=author&query=Brinch+Hansen", Author("", "Brinch Hansen")),
        ("Ada Lovelace", "/search/?searchtype=author&query=%22Byron%2C+Ada%22", Author("Ada", "Lovelace")),
    ],
)
def test_author_from_link(display: str, href: str, author: Author) -> None:
    assert author_from_link(display, href) == author


def test_abstract_page(data_dir: Path) -> None:
    result = read_path(data_dir / "arxiv-samples" / "abs-page_hep-th_0611290v2.html")
    assert result.problems == []
    (paper,) = result.papers
    entry = atom_entries(data_dir)["hep-th/0611290"]
    assert (paper.arxiv_id, paper.version) == ("hep-th/0611290", 2)
    assert paper.title == words(entry.findtext("a:title", "", NS))
    assert [a.display for a in paper.authors] == [
        a.findtext("a:name", "", NS) for a in entry.findall("a:author", NS)
    ]
    assert paper.authors[1] == Author("R.", "Mello Koch", "de")
    assert paper.abstract == words(entry.findtext("a:summary", "", NS))
    assert (paper.first_submitted, paper.submitted) == (date(2006, 11, 27), date(2006, 12, 15))
    assert paper.dois == ("10.1088/1126-6708/2007/03/072",)  # the related DOI, not arXiv's own
    assert paper.journal_ref == "JHEP 0703:072,2007"
    assert paper.report_number == "QMUL-PH-06-11, WITS-CTP-028"
    assert paper.comments == words(entry.findtext("x:comment", "", NS))
    assert paper.categories == ("hep-th",)
