"""The effect of every ``publications`` option, one page per option (root ``papers-options``).

Expected papers are computed from the seed listing itself (``seed_entries``
parses the file independently of the reader).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import bibtexparser
import pytest
from sphinx.testing.util import SphinxTestApp
from test_ext_helpers import assert_warnings, copy_root, entries, seed_entries, soup, titles

if TYPE_CHECKING:
    from collections.abc import Iterator

SEED = seed_entries()
BY_TITLE = {e.title: e for e in SEED}


@pytest.fixture(scope="module")
def options_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """One build of the options root: a page per option."""
    srcdir = copy_root("papers-options", tmp_path_factory.mktemp("options") / "src")
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
        assert_warnings(app)
        yield app
    finally:
        app.cleanup()


def shown(app: SphinxTestApp, page: str) -> list[str]:
    return titles(soup(app, f"{page}.html"))


def test_author(options_app: SphinxTestApp) -> None:
    expected = {e.title for e in SEED if "Valerie Chen" in e.authors}
    assert len(expected) > 5
    assert set(shown(options_app, "author")) == expected


def test_year_range(options_app: SphinxTestApp) -> None:
    expected = {e.title for e in SEED if 2021 <= e.year <= 2022}
    assert set(shown(options_app, "year")) == expected


def test_match_searches_title_and_abstract(options_app: SphinxTestApp) -> None:
    pattern = re.compile("hyperparameter|federated", re.IGNORECASE)
    expected = {e.title for e in SEED if pattern.search(e.title + " " + e.abstract)}
    assert expected
    assert set(shown(options_app, "match")) == expected


def test_keys(options_app: SphinxTestApp) -> None:
    assert set(entries(soup(options_app, "keys.html"))) == {"khodak2021federated", "tu2021nas"}


def test_filter(options_app: SphinxTestApp) -> None:
    expected = {e.title for e in SEED if e.year >= 2024 and "Ameet Talwalkar" in e.authors}
    assert expected
    assert set(shown(options_app, "filter")) == expected


def test_sort_by_title_without_groups(options_app: SphinxTestApp) -> None:
    page = soup(options_app, "sort.html")
    assert page.select("div.papers-list p.rubric") == []
    got = shown(options_app, "sort")
    assert len(got) == len(SEED)
    assert [t.casefold() for t in got] == sorted(t.casefold() for t in got)


def test_limit_keeps_the_newest(options_app: SphinxTestApp) -> None:
    got = shown(options_app, "limit")
    assert len(got) == 5
    newest = sorted((e.year for e in SEED), reverse=True)[:5]
    assert sorted(BY_TITLE[t].year for t in got) == sorted(newest)


def test_highlight_option_replaces_config(options_app: SphinxTestApp) -> None:
    page = soup(options_app, "highlight.html")
    bold = {s.get_text() for s in page.select("strong.papers-highlight")}
    assert bold == {"Valerie Chen", "Mikhail Khodak"}
    count = len(page.select("strong.papers-highlight"))
    assert count == sum(("Valerie Chen" in e.authors) + ("Mikhail Khodak" in e.authors) for e in SEED)


def test_abstract_full_and_none(options_app: SphinxTestApp) -> None:
    full = soup(options_app, "abstractfull.html")
    papers_2021 = [e for e in SEED if e.year == 2021]
    blocks = full.select("li.papers-entry div.papers-abstract")
    assert len(blocks) == len(papers_2021)
    assert {b.get_text().strip() for b in blocks} == {e.abstract for e in papers_2021}
    assert full.select("details") == []
    none = soup(options_app, "abstractnone.html")
    assert len(none.select("li.papers-entry")) == len(papers_2021)
    assert none.select(".papers-abstract") == []


def test_bibtex_toggles_and_download(options_app: SphinxTestApp) -> None:
    page = soup(options_app, "bibtex.html")
    ids = entries(page)
    expected = {e.title for e in SEED if e.year == 2023}
    assert set(titles(page)) == expected
    for li in page.select("li.papers-entry"):
        toggle = li.select_one("details.papers-bibtex")
        assert toggle.select_one("summary").get_text() == "BibTeX"
        library = bibtexparser.parse_string(toggle.select_one("pre").get_text())
        assert [e.key for e in library.entries] == [li["id"]]
    links = page.select("a.papers-download")
    assert len(links) == 1
    bib = (options_app.outdir / links[0]["href"]).read_text(encoding="utf-8")
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == ids
    got_titles = {re.sub(r"[{}]", "", e.fields_dict["title"].value) for e in library.entries}
    assert {re.sub(r"\W", "", t) for t in got_titles} == {re.sub(r"\W", "", t) for t in expected}
    # lists without :bibtex: have neither toggles nor a download
    plain = soup(options_app, "year.html")
    assert plain.select("details.papers-bibtex") == [] and plain.select("a.papers-download") == []


def test_style_compact(options_app: SphinxTestApp) -> None:
    page = soup(options_app, "style.html")
    for li in page.select("li.papers-entry"):
        entry = BY_TITLE[li.select_one("span.papers-title").get_text()]
        text = li.select_one("p").get_text()
        surname = entry.authors[0].split()[-1]
        assert re.match(rf"{re.escape(surname)} (et al\.|and \S+ )?\s*\(2022[a-z]?\)", text), text
        assert li.select_one("span.papers-authors") is None


def test_combined_options(options_app: SphinxTestApp) -> None:
    got = shown(options_app, "combined")
    titles_2022 = sorted((e.title for e in SEED if e.year == 2022), key=str.casefold, reverse=True)
    assert got == titles_2022[:3]
