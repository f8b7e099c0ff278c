"""Incremental builds, builder switches and parallel builds give the output a clean build gives."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

import pytest
from test_ext_helpers import Counter, assert_warnings, copy_root, entries, soup

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file and make sure its mtime moves forward."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


def rebuild(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, previous: SphinxTestApp, builder: str = "html"
) -> SphinxTestApp:
    """A new application on the same directories: loads the pickled environment, builds what is outdated."""
    previous.cleanup()
    app = make_app(builder, srcdir=srcdir)
    app.build()
    return app


def read_docs(app: SphinxTestApp) -> str:
    status = app.status.getvalue()
    return (
        status.split("updating environment:", 1)[1].split("\n", 2)[1]
        if "updating environment:" in status
        else ""
    )


def test_source_edit_updates_every_citing_page(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    cite = soup(app, "index.html").select("span.papers-citation")
    assert [c.get_text() for c in cite] == ["Smith and Jones (2020)", "(Khodak et al., 2021)"]
    edit(srcdir / "extra.bib", "{Smith, Ann", "{Smyth, Ann")
    edit(srcdir / "extra.bib", "year = {2020}", "year = {2018}")
    edit(srcdir / "publications.txt", "Tian Li,\nLiam Li,", "Tian Li,\nLiam Lee,")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    page = soup(app, "index.html")
    assert [c.get_text() for c in page.select("span.papers-citation")] == [
        "Smyth and Jones (2018)",
        "(Khodak et al., 2021)",
    ]
    tooltips = [a["title"] for a in page.select("a.papers-cite")]
    assert tooltips[0].startswith("Ann Smyth and Bob Jones. A Sample Paper for Rebuilds.")
    assert "Liam Lee" in tooltips[1] and "Liam Li," not in tooltips[1]
    assert "Smith" not in page.select_one("div.body").get_text()
    listing = soup(app, "publications.html")
    entry = listing.select_one("li#smith2020sample")
    assert entry.find_previous("p", class_="rubric").get_text() == "2018"
    assert "Smyth" in entry.get_text()


def test_unrelated_edit_rereads_and_reformats_nothing(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    counter = Counter(monkeypatch)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    assert (counter.reads, counter.formats) == (2, 51)
    # index.html is plain's toctree parent (Sphinx rewrites it); the list page must stay as it is
    before = (app.outdir / "publications.html").stat().st_mtime_ns
    edit(srcdir / "plain.rst", "A page without papers.", "A page without papers, edited.")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert (counter.reads, counter.formats) == (2, 51)
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()
    assert (app.outdir / "publications.html").stat().st_mtime_ns == before
    assert "edited" in (app.outdir / "plain.html").read_text(encoding="utf-8")


def test_list_moved_away_rewrites_pages_citing_it(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    assert soup(app, "index.html").select_one("a.papers-cite")["href"] == "publications.html#smith2020sample"
    # the list moves from publications.rst to plain.rst; index.rst itself is untouched
    edit(srcdir / "publications.rst", ".. publications::", "No list here any more.")
    edit(srcdir / "plain.rst", "A page without papers.", ".. publications::")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    hrefs = [a["href"] for a in soup(app, "index.html").select("a.papers-cite")]
    assert hrefs == ["plain.html#smith2020sample", "plain.html#khodak2021federated"]


def test_latex_after_html_with_nothing_outdated(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    latex = rebuild(make_app, srcdir, app, "latex")
    assert_warnings(latex)
    assert "0 added, 0 changed, 0 removed" in latex.status.getvalue()
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Smith and Jones (2020)" in tex
    assert r"\label{\detokenize{publications:smith2020sample}}" in tex


def html_pages(outdir: Path) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
        if p.name not in {"search.html", "genindex.html"}
    }


@pytest.mark.parametrize("root", ["papers-options", "papers-biblio"])
def test_parallel_build_matches_serial(root: str, make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outputs = []
    for parallel in (0, 4):
        srcdir = copy_root(root, tmp_path / f"src{parallel}")
        app = make_app("html", srcdir=srcdir, parallel=parallel, freshenv=True)
        app.build()
        assert_warnings(app)
        if parallel:
            assert app.parallel == 4 and app.is_parallel_allowed("read") and app.is_parallel_allowed("write")
        outputs.append(html_pages(app.outdir))
        bibs = (
            sorted(p.name for p in (app.outdir / "_papers").glob("*.bib"))
            if (app.outdir / "_papers").exists()
            else []
        )
        outputs.append({"bibs": "\n".join(bibs)})
        app.cleanup()
    assert outputs[0].keys() == outputs[2].keys()
    for name in outputs[0]:
        assert outputs[0][name] == outputs[2][name], name
    assert outputs[1] == outputs[3]


def test_new_citation_elsewhere_updates_the_cited_bibliography(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-biblio", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    assert set(entries(soup(app, "citedbib.html"))) == {"tu2021nas", "kim2021sanity", "shen2022efficient"}
    edit(
        srcdir / "a.rst",
        "parenthetical :cite:p:`kim2021sanity`",
        "parenthetical :cite:p:`kim2021sanity, dery2021should`",
    )
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()
    cited = set(entries(soup(app, "citedbib.html")))
    assert cited == {"tu2021nas", "kim2021sanity", "shen2022efficient", "dery2021should"}
