"""singlehtml puts every document on one page: entry ids stay unique there and every citation finds its entry.

The root lists ``khodak2021federated`` on two pages (``first``, ``second``) and
cites it from a third (``index``); ``second`` lists ``shen2022efficient``
twice and cites it; ``tu2021nas`` is listed only on a page outside the
toctree, which singlehtml leaves out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from test_ext_helpers import assert_warnings, entries, soup

from sphinx_papers.ext.resolution import Resolution

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

KHODAK, SHEN, TU = "khodak2021federated", "shen2022efficient", "tu2021nas"


@pytest.mark.sphinx("singlehtml", testroot="papers-singlehtml", freshenv=True)
def test_ids_are_unique_and_citations_resolve_on_the_one_page(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "index.html")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # page order: first's list, then second's list and bibliography; newest first
    assert entries(page) == [SHEN, KHODAK, f"{SHEN}-2", f"{KHODAK}-2", f"{SHEN}-3"]
    # index links to the first page listing the paper, second to its own entry
    assert [a["href"] for a in page.select("a.papers-cite")] == [f"#{KHODAK}", f"#{SHEN}-2"]
    for link in page.select('a[href^="#"]'):
        assert link["href"] == "#" or page.find(id=link["href"][1:]) is not None, link
    # listed only outside the page: the reference as a tooltip, no link
    unlinked = page.select_one("abbr.papers-cite")
    assert unlinked is not None and "Tu" in unlinked.get_text()


@pytest.mark.sphinx("html", testroot="papers-singlehtml", freshenv=True)
def test_html_keeps_keys_as_ids_per_page(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    assert entries(soup(app, "first.html")) == [SHEN, KHODAK]
    second = soup(app, "second.html")
    assert entries(second) == [SHEN, KHODAK, f"{SHEN}-2"]
    assert [a["href"] for a in second.select("a.papers-cite")] == [f"#{SHEN}"]
    hrefs = [a["href"] for a in soup(app, "index.html").select("a.papers-cite")]
    assert hrefs == [f"first.html#{KHODAK}", f"orphan.html#{TU}"]


def test_single_page_ids_skip_ids_already_taken() -> None:
    # a key may itself look like a repeat ("x-2"): the second entry of "x" must not take its id
    shown = {("a", 0): ["x", "x-2"], ("b", 0): ["x"], ("c", 0): ["y"]}
    resolution = Resolution(shown=shown, targets={"x": "b", "x-2": "a", "y": "c"})
    page = resolution.single_page([("a", 0), ("b", 0)])
    assert page.ids == {("a", 0): {"x": "x", "x-2": "x-2"}, ("b", 0): {"x": "x-3"}}
    assert page.target("a", "x") == ("a", "x")
    assert page.target("z", "x") == ("b", "x-3")  # html's target page is on the page
    assert page.target("z", "y") is None  # "c" is not on the page
    assert resolution.ids == {}  # a copy: the per-page resolution is unchanged


def test_single_page_falls_back_to_the_first_entry_on_the_page() -> None:
    # the root's second list comes after the toctree: the child's entry is first on the page
    shown = {("index", 0): ["y"], ("child", 0): ["x"], ("index", 1): ["x"], ("other", 0): ["x"]}
    resolution = Resolution(shown=shown, targets={"x": "other", "y": "index"})
    page = resolution.single_page([("index", 0), ("child", 0), ("index", 1)])
    assert page.ids[("index", 1)] == {"x": "x-2"}
    assert page.target("z", "x") == ("child", "x")
    assert page.target("index", "x") == ("index", "x-2")  # its own document's entry, as in HTML
