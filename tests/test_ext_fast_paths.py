"""The extension's fast paths give what the slow ones give.

* HTML lists are written from prebuilt markup (``html_entries``): the same
  bytes as the standard nodes the other builders get;
* the search index gets titles and authors, abstracts only on request;
* the catalogue is pickled as one blob and unpacked only when needed;
* a rebuild that changes no source, list or citation resolves nothing.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
from typing import TYPE_CHECKING

import pytest
from sphinx.search.en import SearchEnglish
from test_ext_helpers import SEED, assert_warnings, copy_root, seed_entries, soup
from test_ext_rebuild import edit, rebuild

import sphinx_papers.ext.domain
from sphinx_papers.ext import render, resolution, sources
from sphinx_papers.ext.config import Settings
from sphinx_papers.lists.formatting import TEMPLATES

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

_LIST = re.compile(r'<div class="papers-list docutils container">.*?\n</div>\n', re.DOTALL)


def papers_lists(outdir: Path) -> dict[str, list[str]]:
    """The HTML of every list, per page."""
    return {p.name: _LIST.findall(p.read_text(encoding="utf-8")) for p in sorted(outdir.glob("*.html"))}


def standard_nodes_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the HTML builder take the node path that epub, LaTeX and the other builders take."""
    original = render.Output.for_builder

    def standard(*args: object, **kwargs: object) -> render.Output:
        return dataclasses.replace(original(*args, **kwargs), prebuilt=False)  # type: ignore[arg-type]

    monkeypatch.setattr(render.Output, "for_builder", standard)


@pytest.mark.parametrize("root", ["papers-options", "papers-basic", "papers-bib"])
def test_prebuilt_entries_are_the_markup_of_the_standard_nodes(  # type: ignore[no-untyped-def]
    root: str, make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    for prebuilt in (True, False):
        if not prebuilt:
            standard_nodes_only(monkeypatch)
        srcdir = copy_root(root, tmp_path / f"src-{prebuilt}")
        app = make_app("html", srcdir=srcdir, freshenv=True)
        app.build()
        assert_warnings(app)
        outputs.append(papers_lists(app.outdir))
        app.cleanup()
    assert any(outputs[0].values())
    assert outputs[0] == outputs[1]


def search_terms(app: SphinxTestApp) -> set[str]:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["terms"])


def only_in_abstracts(root: Path) -> list[str]:
    """Long words of the seed's abstracts that no title, author name or page of ``root`` has (stemmed)."""
    stem = SearchEnglish({}).stem
    entries = seed_entries()
    pages = " ".join(p.read_text(encoding="utf-8") for p in root.glob("*.rst"))
    elsewhere = " ".join([pages, *(e.title + " " + " ".join(e.authors) for e in entries)])
    known = {w for t in re.findall(r"\w+", elsewhere.lower()) for w in (t, stem(t).lower())}
    words = {t for e in entries for t in re.findall(r"\w+", e.abstract.lower())}
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
    entries = seed_entries()
    for entry in entries:  # every author's surname and a long word of every title
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


def _settings() -> Settings:
    templates = tuple(sorted(TEMPLATES.items()))
    return Settings(
        (SEED.name,), (), "collapsed", False, "-date", "year", "{surname}{year}{word}", "default", templates
    )


def test_catalogue_pickles_as_one_blob_and_unpacks_on_first_use() -> None:
    catalogue = sources.load(_settings(), SEED.parent)
    assert len(catalogue.papers) == len(seed_entries())
    copy = pickle.loads(pickle.dumps(catalogue))
    assert copy._papers is None and copy._formatted is None  # nothing unpacked yet
    assert (copy.signature, copy.paths, copy.keys) == (catalogue.signature, catalogue.paths, catalogue.keys)
    assert copy.keys == frozenset(catalogue.papers)
    assert list(copy.papers) == list(catalogue.papers)
    assert copy.papers == catalogue.papers and copy.formatted == catalogue.formatted
    key = next(iter(catalogue.papers))
    assert copy.entry(key) == catalogue.entry(key)


def test_unrelated_edit_resolves_nothing_and_keeps_the_catalogue_packed(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"resolve": 0, "unpack": 0}
    resolve, unpack = resolution.resolve, sources.Catalogue._unpack

    def counted_resolve(*args: object) -> object:
        calls["resolve"] += 1
        return resolve(*args)  # type: ignore[arg-type]

    def counted_unpack(self: sources.Catalogue) -> None:
        calls["unpack"] += 1
        unpack(self)

    monkeypatch.setattr(sphinx_papers.ext.domain, "resolve", counted_resolve)
    monkeypatch.setattr(sources.Catalogue, "_unpack", counted_unpack)
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "papers.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (srcdir / "conf.py").write_text('extensions = ["sphinx_papers"]\npapers_sources = ["papers.txt"]\n')
    (srcdir / "index.rst").write_text("Lab\n===\n\n.. toctree::\n\n   papers\n   other\n")
    (srcdir / "papers.rst").write_text("Papers\n======\n\n.. publications::\n")
    (srcdir / "other.rst").write_text("Other\n=====\n\nNo papers here.\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    assert calls == {"resolve": 1, "unpack": 0}
    edit(srcdir / "other.rst", "No papers here.", "No papers here, edited.")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert "edited" in (app.outdir / "other.html").read_text(encoding="utf-8")
    assert calls == {"resolve": 1, "unpack": 0}
    # a citation: resolved again, and the catalogue unpacked to write the page
    key = next(li["id"] for li in soup(app, "papers.html").select("li.papers-entry"))
    edit(srcdir / "other.rst", "No papers here, edited.", f"Cites :cite:p:`{key}`.")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert calls["resolve"] == 2 and calls["unpack"] == 1
    cite = soup(app, "other.html").select_one("a.papers-cite")
    assert cite is not None and cite["href"] == f"papers.html#{key}"
