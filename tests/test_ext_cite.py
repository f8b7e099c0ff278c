"""Citation roles and the bibliography directive on HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from test_ext_helpers import assert_warnings, entries, seed_entries, soup

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag
    from sphinx.testing.util import SphinxTestApp

SEED = seed_entries()


def citations(page: BeautifulSoup) -> list[Tag]:
    return page.select("span.papers-citation")


def reference_text(entry: Tag) -> str:
    """The plain reference of a list entry (its paragraph without the link buttons)."""
    para = entry.select_one("p.papers-reference")
    for link in para.select("a.papers-link"):
        link.extract()
    return para.get_text().strip()


@pytest.mark.sphinx("html", testroot="papers-basic", freshenv=True)
def test_roles_text_and_year_suffixes(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    index = [c.get_text() for c in citations(soup(app, "index.html"))]
    # the two 2025 papers by "Li et al.": the earlier one (by v1 date) gets "a"
    lis = sorted((e for e in SEED if e.year == 2025 and e.authors[0].endswith(" Li")), key=lambda e: e.first)
    assert [e.title.split()[0] for e in lis] == ["CodePDE:", "Towards"]
    assert index == ["Khodak et al. (2021)", "(see Li et al., 2025b, p. 3; Chen et al., 2025)"]
    citing = [c.get_text() for c in citations(soup(app, "citing.html"))]
    assert citing == [
        "Shen et al. (2022)",
        "(Tu et al., 2021)",
        "(Kim et al., 2021)",
        "(Li et al., 2025b; Li et al., 2025a)",
    ]


@pytest.mark.sphinx("html", testroot="papers-basic", freshenv=True)
def test_links_same_page_else_publications_page_and_tooltips(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    publications = {li["id"]: li for li in soup(app, "publications.html").select("li.papers-entry")}
    index_links = soup(app, "index.html").select("a.papers-cite")
    assert [a["href"] for a in index_links] == [
        "publications.html#khodak2021federated",
        "publications.html#li2025community",
        "publications.html#chen2025code",
    ]
    for a in index_links:
        entry = publications[a["href"].split("#")[1]]
        assert a["title"] == reference_text(entry)
    citing = soup(app, "citing.html")
    hrefs = [a["href"] for a in citing.select("a.papers-cite")]
    # citing.html has its own bibliography: links stay on the page
    assert hrefs == [
        "#shen2022efficient",
        "#tu2021nas",
        "#kim2021sanity",
        "#li2025community",
        "#li2025codepde",
    ]
    for href in hrefs:
        assert citing.select_one(f"li.papers-entry[id='{href[1:]}']") is not None


@pytest.mark.sphinx("html", testroot="papers-basic", freshenv=True)
def test_bibliography_shows_the_papers_cited_in_its_document(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "citing.html")
    shown = entries(page)
    assert set(shown) == {
        "shen2022efficient",
        "tu2021nas",
        "kim2021sanity",
        "li2025community",
        "li2025codepde",
    }
    assert page.select("div.papers-list p.rubric") == []  # a bibliography is not grouped by default
    surnames = [
        li.select_one("span.papers-authors").get_text().split(",")[0].split()[-1]
        for li in page.select("li.papers-entry")
    ]
    assert surnames == sorted(surnames)


@pytest.mark.sphinx("html", testroot="papers-biblio", freshenv=True)
def test_bibliography_all_and_cited(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    assert len(entries(soup(app, "allbib.html"))) == len(SEED)
    assert set(entries(soup(app, "citedbib.html"))) == {"tu2021nas", "kim2021sanity", "shen2022efficient"}
    assert set(entries(soup(app, "b.html"))) == {"shen2022efficient", "kim2021sanity"}


@pytest.mark.sphinx("html", testroot="papers-biblio", freshenv=True)
def test_citation_targets_prefer_project_wide_lists(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    # page A has no list: its citations go to the first project-wide list, not to B's bibliography
    assert [a["href"] for a in soup(app, "a.html").select("a.papers-cite")] == [
        "allbib.html#tu2021nas",
        "allbib.html#kim2021sanity",
    ]
    assert [a["href"] for a in soup(app, "b.html").select("a.papers-cite")] == [
        "#shen2022efficient",
        "#kim2021sanity",
    ]


@pytest.mark.sphinx("html", testroot="papers-basic", srcdir="papers-basic-unlisted", freshenv=True)
def test_citation_of_a_paper_no_page_lists_has_a_tooltip_but_no_link(app: SphinxTestApp) -> None:
    (app.srcdir / "publications.rst").write_text(
        "Publications\n============\n\n.. publications::\n   :year: 2025\n"
    )
    app.build()
    assert_warnings(app)
    span = citations(soup(app, "index.html"))[0]
    assert span.get_text() == "Khodak et al. (2021)"
    assert span.select("a") == []
    assert span.select_one("abbr.papers-cite")["title"].startswith("Mikhail Khodak, Renbo Tu")
