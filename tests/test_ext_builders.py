"""Every builder renders lists and citations without crashing or leaking HTML; MyST pages work too."""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

import pytest
from conftest import require_tools
from docutils import nodes
from docutils.io import StringOutput
from sphinx.writers.text import TextWriter
from test_ext_helpers import assert_warnings, copy_root, entries, seed_entries, soup

from sphinx_papers.ext.nodes import papers_entry

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

SEED = seed_entries()
SEED_TITLES = {" ".join(e.title.split()) for e in SEED}
_HTML_TAG = re.compile(r"<(details|summary|span|a|li|div|strong|abbr)\b")


def assert_no_html(text: str) -> None:
    assert _HTML_TAG.search(text) is None, _HTML_TAG.search(text)


@pytest.mark.sphinx("dirhtml", testroot="papers-basic", freshenv=True)
def test_dirhtml(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    assert len(entries(soup(app, "publications/index.html"))) == len(SEED)
    hrefs = [a["href"] for a in soup(app, "index.html").select("a.papers-cite")]
    assert hrefs[0] == "publications/#khodak2021federated"
    assert (
        next(a["href"] for a in soup(app, "citing/index.html").select("a.papers-cite"))
        == "#shen2022efficient"
    )


@pytest.mark.sphinx("singlehtml", testroot="papers-basic", freshenv=True)
def test_singlehtml_links_stay_on_the_one_page(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "index.html")
    ids = {li["id"] for li in page.select("li.papers-entry")}
    hrefs = [a["href"] for a in page.select("a.papers-cite")]
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)


BIBTEX_LIST = "Publications\n============\n\n.. publications::\n   :bibtex:\n"


@pytest.mark.parametrize(
    ("builder", "page"), [("dirhtml", "publications/index.html"), ("singlehtml", "index.html")]
)
def test_download_link_resolves(builder: str, page: str, make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-basic", tmp_path / "src", publications_rst=BIBTEX_LIST)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert_warnings(app)
    link = soup(app, page).select_one("a.papers-download")
    target = (app.outdir / page).parent / link["href"]
    assert target.read_text(encoding="utf-8").count("@misc{") == len(SEED)


@pytest.mark.sphinx("text", testroot="papers-basic", freshenv=True)
def test_text(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    index = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Khodak et al. (2021)" in index
    assert "(see Li et al., 2025b, p. 3; Chen et al., 2025)" in " ".join(index.split())
    publications = (app.outdir / "publications.txt").read_text(encoding="utf-8")
    assert_no_html(publications)
    flat = " ".join(publications.split())
    for entry in SEED[:5]:
        assert " ".join(entry.title.split()) in flat
        assert " ".join(entry.abstract.split())[:200] in flat  # collapsed abstracts show as paragraphs
    assert "Abstract" not in publications.replace("Abstract:", "")  # no <summary> label


@pytest.mark.parametrize("builder", ["man", "texinfo", "epub"])
def test_other_builders(builder: str, make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-basic", tmp_path / "src", publications_rst=BIBTEX_LIST)
    overrides = {"version": "1", "copyright": "2026, Lab"}
    app = make_app(builder, srcdir=srcdir, freshenv=True, confoverrides=overrides)
    app.build()
    assert_warnings(app)
    if builder == "epub":
        page = soup(app, "publications.xhtml")
        assert len(page.select("li.papers-entry")) == len(SEED)
        assert page.select("a.papers-download") == []  # the .bib is not part of the book
        return
    out = next(p for p in app.outdir.iterdir() if p.suffix in {".1", ".texi"})
    text = out.read_text(encoding="utf-8")
    assert_no_html(text)
    assert "Khodak et al. (2021)" in " ".join(text.split())
    assert "@misc{" not in text  # BibTeX toggles are HTML-only


@pytest.mark.sphinx("text", testroot="papers-basic", freshenv=True)
def test_entries_are_made_by_the_writer_and_written_alike_each_time(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    doctree = app.env.get_and_resolve_doctree("publications", app.builder, tags=app.tags)

    def at_rest() -> list[str]:
        """Each entry's children while no writer is in it: its search text, one text node."""
        found = list(doctree.findall(papers_entry))
        assert all(len(e) == 1 and isinstance(e[0], nodes.Text) for e in found)
        return [e.astext() for e in found]

    before = at_rest()
    assert len(before) == len(SEED)
    assert all(any(t in " ".join(s.split()) for s in before) for t in SEED_TITLES)  # titles are searchable

    def written() -> str:
        writer = TextWriter(app.builder)
        writer.write(doctree, StringOutput(encoding="unicode"))
        return writer.output

    first = written()
    assert at_rest() == before
    assert written() == first
    flat = "".join(first.split())  # the writer wraps lines, at hyphens too
    assert all("".join(t.split()) in flat for t in SEED_TITLES)
    assert "".join(SEED[0].abstract.split())[:200] in flat  # the content, not the search text


@pytest.mark.sphinx("latex", testroot="papers-basic", freshenv=True)
def test_latex_source(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert_no_html(tex)
    assert "Θ" not in tex and "Δ" not in tex  # Greek math made pdfLaTeX-safe
    assert r"\hyperref[\detokenize{publications:khodak2021federated}]" in tex
    assert r"\label{\detokenize{publications:khodak2021federated}}" in tex
    assert "Khodak et al. (2021)" in tex


@pytest.mark.tex
@pytest.mark.sphinx("latex", testroot="papers-basic", srcdir="papers-basic-pdf", freshenv=True)
def test_latex_pdf_builds(app: SphinxTestApp) -> None:
    require_tools("latexmk", "pdflatex")
    app.build()
    assert_warnings(app)
    tex = next(app.outdir.glob("*.tex"))
    run = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    log = tex.with_suffix(".log").read_text(encoding="latin-1")
    assert "undefined" not in log.lower().replace("undefined on input line", "?"), "unresolved references"
    assert tex.with_suffix(".pdf").stat().st_size > 10_000


@pytest.mark.sphinx("html", testroot="papers-myst", freshenv=True)
def test_myst_roles_and_fenced_directive(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app)
    page = soup(app, "index.html")
    texts = [c.get_text() for c in page.select("span.papers-citation")]
    assert texts == ["Khodak et al. (2021)", "(see Tu et al., 2021, p. 2; Kim et al., 2021)"]
    expected = {e.title for e in SEED if "Mikhail Khodak" in e.authors and 2021 <= e.year <= 2022}
    assert {s.get_text() for s in page.select("span.papers-title")} == expected
    assert len(page.select("details.papers-bibtex")) == len(expected)
    assert [a["href"] for a in soup(app, "rest.html").select("a.papers-cite")] == [
        "index.html#khodak2021federated"
    ]
