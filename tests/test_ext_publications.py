"""The ``publications`` directive on HTML: default display, merged sources, types, config defaults.

Expected papers are computed from the seed listing itself (``seed_entries``
parses the file independently of the reader).  Each option: test_ext_options.py.
Also: the HTML writer escapes every text of an entry; the search index gets
references, abstracts only on request.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import bibtexparser
import pytest
from sphinx.search.en import SearchEnglish
from test_ext_helpers import assert_warnings, copy_root, entries, seed_entries, soup, titles

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

SEED = seed_entries()
BY_TITLE = {e.title: e for e in SEED}


@pytest.mark.sphinx("html", testroot="papers-basic", freshenv=True)
def test_default_lists_every_paper_newest_first_grouped_by_year(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "publications.html")
    container = page.select_one("div.papers-list")
    assert container is not None
    assert sorted(titles(page)) == sorted(e.title for e in SEED)
    headings = [h.get_text() for h in container.select("p.rubric")]
    years = sorted({e.year for e in SEED}, reverse=True)
    assert headings == [str(y) for y in years]
    # each group holds exactly that year's papers
    for heading in container.select("p.rubric"):
        group = heading.find_next_sibling("ul")
        group_titles = [s.get_text() for s in group.select("span.papers-title")]
        assert {BY_TITLE[t].year for t in group_titles} == {int(heading.get_text())}
        assert len(group_titles) == sum(e.year == int(heading.get_text()) for e in SEED)


@pytest.mark.sphinx("html", testroot="papers-basic", freshenv=True)
def test_entry_structure_authors_highlight_and_abstract(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "publications.html")
    for li in page.select("li.papers-entry"):
        entry = BY_TITLE[li.select_one("span.papers-title").get_text()]
        assert li["id"] == li["id"].lower() and str(entry.year) in li["id"]
        authors = li.select_one("span.papers-authors").get_text()
        for name in entry.authors:
            assert name in authors
        bold = [s.get_text() for s in li.select("strong.papers-highlight")]
        assert bold == (["Ameet Talwalkar"] if "Ameet Talwalkar" in entry.authors else [])
        details = li.select_one("details.papers-abstract")
        assert details.select_one("summary").get_text() == "Abstract"
        assert details.select_one("p").get_text() == entry.abstract
        assert "open" not in details.attrs


@pytest.mark.sphinx("html", testroot="papers-basic", freshenv=True)
def test_code_links_come_from_the_abstract(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "publications.html")
    for li in page.select("li.papers-entry"):
        entry = BY_TITLE[li.select_one("span.papers-title").get_text()]
        links = {a.get_text(): a["href"] for a in li.select("a.papers-link")}
        if re.search(r"https://(www\.)?(github\.com|huggingface\.co)/", entry.abstract):
            assert links["Code"] in entry.abstract
        else:
            assert "Code" not in links


@pytest.mark.sphinx("html", testroot="papers-bib", freshenv=True)
def test_same_paper_in_two_sources_is_listed_once_and_combined(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "all.html")
    title = "Federated Hyperparameter Tuning: Challenges, Baselines, and Connections to Weight-Sharing"
    fedex = [
        li for li in page.select("li.papers-entry") if li.select_one("span.papers-title").get_text() == title
    ]
    assert len(fedex) == 1 and fedex[0]["id"] == "khodak2021fedex"  # the .bib key
    assert len(page.select("li.papers-entry")) == len(SEED) + 2
    listing = BY_TITLE[title]
    assert fedex[0].select_one("details.papers-abstract p").get_text() == listing.abstract  # from the listing
    assert "Advances in Neural Information Processing Systems" in fedex[0].get_text()  # from the .bib
    assert {a.get_text(): a["href"] for a in fedex[0].select("a.papers-link")}["DOI"].endswith(
        "10.5555/fedex.2021"
    )


@pytest.mark.sphinx("html", testroot="papers-bib", freshenv=True)
def test_type_option_and_group_by_type(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    articles = soup(app, "articles.html")
    assert entries(articles) == ["khodak2021fedex", "li2018hyperband", "sparks2015tupaq"]
    bib = bibtexparser.parse_string(
        (app.outdir / articles.select_one("a.papers-download")["href"]).read_text()
    )
    assert {e.key: e.entry_type for e in bib.entries} == {
        "khodak2021fedex": "inproceedings",
        "li2018hyperband": "article",
        "sparks2015tupaq": "inproceedings",
    }
    types = soup(app, "types.html").select_one("div.papers-list")
    groups = {
        r.get_text(): [li["id"] for li in r.find_next_sibling("ul").select("li")]
        for r in types.select("p.rubric")
    }
    assert groups["Journal articles"] == ["li2018hyperband"]
    assert sorted(groups["Conference papers"]) == ["khodak2021fedex", "sparks2015tupaq"]
    assert len(groups["Preprints"]) == len(SEED) - 1


@pytest.mark.sphinx(
    "html",
    testroot="papers-basic",
    freshenv=True,
    confoverrides={
        "papers_abstract": "none",
        "papers_bibtex": True,
        "papers_sort": "title",
        "papers_group_by": "none",
        "papers_templates": {"default": "{title} -- {authors} ({year})"},
    },
)
def test_config_defaults_and_templates(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "publications.html")
    assert page.select(".papers-abstract") == [] and page.select("p.rubric") == []
    assert len(page.select("details.papers-bibtex")) == len(SEED) and page.select("a.papers-download")
    got = titles(page)
    assert got == sorted(got, key=str.casefold)
    first = page.select_one("li.papers-entry p").get_text()
    assert first.startswith(got[0] + " -- ")
    assert re.search(r"\(\d{4}[a-z]?\)$", first.split(" arXiv")[0].split(" Code")[0].strip())


MARKUP_BIB = r"""@article{tag2024markup,
  author = {<b>Bold</b>, Ann & Co},
  title = {Why <script>alert(1)</script> and "quotes" & ampersands stay text},
  journal = {Journal of <i>Markup</i>},
  year = {2024},
  url = {https://example.org/?a=1&b="2"},
  abstract = {An abstract with <em>tags</em>, a </details> and an & ampersand.}
}
"""


def test_markup_in_papers_is_written_as_text(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-basic", tmp_path / "src", markup_bib=MARKUP_BIB)
    conf = (srcdir / "conf.py").read_text(encoding="utf-8")
    (srcdir / "conf.py").write_text(conf + "\npapers_sources = [*papers_sources, 'markup.bib']\n")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert_warnings(app)
    li = soup(app, "publications.html").select_one("li#tag2024markup")
    assert li is not None
    assert li.select("script, b, i, em") == []  # no element came from the paper's text
    assert li.select_one("span.papers-title").get_text() == (
        'Why <script>alert(1)</script> and "quotes" & ampersands stay text'
    )
    assert "<b>Bold</b>" in li.select_one("span.papers-authors").get_text()
    assert "Journal of <i>Markup</i>" in li.get_text()
    details = li.select_one("details.papers-abstract")
    assert (
        details.select_one("p").get_text()
        == "An abstract with <em>tags</em>, a </details> and an & ampersand."
    )
    assert len(li.select("details")) == 1


def search_terms(app: SphinxTestApp) -> set[str]:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["terms"])


def only_in_abstracts(root: Path) -> list[str]:
    """Long words of the seed's abstracts that no title, author name or page of ``root`` has (stemmed)."""
    stem = SearchEnglish({}).stem
    pages = " ".join(p.read_text(encoding="utf-8") for p in root.glob("*.rst"))
    elsewhere = " ".join([pages, *(e.title + " " + " ".join(e.authors) for e in SEED)])
    known = {w for t in re.findall(r"\w+", elsewhere.lower()) for w in (t, stem(t).lower())}
    words = {t for e in SEED for t in re.findall(r"\w+", e.abstract.lower())}
    return sorted(
        w for w in words if w.isascii() and w.isalpha() and len(w) >= 9 and stem(w).lower() not in known
    )


@pytest.mark.parametrize("search_abstracts", [False, True])
def test_search_index_has_titles_and_authors_and_abstracts_on_request(  # type: ignore[no-untyped-def]
    search_abstracts: bool, make_app, tmp_path: Path
) -> None:
    srcdir = copy_root("papers-basic", tmp_path / "src")
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"papers_search_abstracts": search_abstracts}
    )
    app.build()
    assert_warnings(app)
    terms = search_terms(app)
    stem = SearchEnglish({}).stem
    for entry in SEED:  # every author's surname and a long word of every title
        assert stem(entry.authors[0].split()[-1]).lower() in terms, entry.authors[0]
        longest = max(re.findall(r"[A-Za-z]+", entry.title), key=len)
        assert stem(longest).lower() in terms or longest in terms, entry.title
    abstract_words = only_in_abstracts(srcdir)
    assert len(abstract_words) > 100
    found = [w for w in abstract_words if stem(w).lower() in terms or w in terms]  # as Sphinx indexes
    if search_abstracts:
        assert sorted(set(abstract_words) - set(found)) == []
    else:
        assert found == []
