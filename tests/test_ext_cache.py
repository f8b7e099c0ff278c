"""The papers live in a cache file of their own, keyed by the sources' content, not in the environment.

Real Sphinx builds with spies on the loaders: a rebuild that touches no page
with papers loads none; any change of a source's bytes re-resolves every page
that lists or cites it; a deleted cache folder costs a parse, nothing else.
"""

from __future__ import annotations

import os
import pickle
from typing import TYPE_CHECKING

from test_ext_helpers import SEED, Counter, assert_warnings, copy_root, seed_entries, soup
from test_ext_rebuild import edit, html_pages, rebuild

from sphinx_papers.ext import cache, sources
from sphinx_papers.ext.config import Settings
from sphinx_papers.lists.formatting import TEMPLATES

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest
    from sphinx.testing.util import SphinxTestApp

    from sphinx_papers.ext.sources import Catalogue


LONELY = ":orphan:\n\nLonely\n======\n\nNo papers here.\n"


class Loads:
    """Counts catalogues parsed from the sources and read from the cache file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed = 0
        self.read = 0
        load, read = sources.load, cache.read

        def counted_load(*args: object) -> Catalogue:
            self.parsed += 1
            return load(*args)  # type: ignore[arg-type]

        def counted_read(*args: object) -> Catalogue | None:
            found = read(*args)  # type: ignore[arg-type]
            self.read += found is not None
            return found

        monkeypatch.setattr(sources, "load", counted_load)
        monkeypatch.setattr(cache, "read", counted_read)

    @property
    def counts(self) -> tuple[int, int]:
        return self.parsed, self.read


def cache_files(app: SphinxTestApp) -> list[Path]:
    return sorted(cache.folder(app.doctreedir).glob("*.pickle"))


def test_unrelated_edit_loads_no_papers(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = Loads(monkeypatch)
    # an orphan: editing it writes it alone (a page in a toctree also rewrites its parent)
    srcdir = copy_root("papers-rebuild", tmp_path / "src", lonely_rst=LONELY)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    assert loads.counts == (1, 0)
    assert len(cache_files(app)) == 1
    edit(srcdir / "lonely.rst", "No papers here.", "No papers here, edited.")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()
    assert "edited" in (app.outdir / "lonely.html").read_text(encoding="utf-8")
    assert loads.counts == (1, 0)  # neither parsed nor read from the cache file
    # a page that cites: its citations need the papers, which come from the cache file
    edit(srcdir / "lonely.rst", "No papers here, edited.", "Cites :cite:p:`smith2020sample`.")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert loads.counts == (1, 1)
    cite = soup(app, "lonely.html").select_one("a.papers-cite")
    assert cite is not None and cite["href"] == "publications.html#smith2020sample"


def test_environment_pickle_holds_no_papers(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    environment = (app.doctreedir / "environment.pickle").read_bytes()
    (papers,) = cache_files(app)
    abstracts = [e.abstract for e in seed_entries()]
    assert all(a.encode("utf-8") in papers.read_bytes() for a in abstracts[:20])
    # neither the abstracts nor the titles nor any Paper
    for entry in seed_entries():
        assert entry.abstract[:60].encode("utf-8") not in environment
        assert entry.title.encode("utf-8") not in environment
    assert b"sphinx_papers.core.model" not in environment
    assert len(environment) < papers.stat().st_size / 4


def test_source_edit_updates_every_page_that_lists_or_cites_it_even_with_the_old_mtime(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    # the key is the sources' content: a change the modification time does not show is still seen
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    bib = srcdir / "extra.bib"
    before = bib.stat()
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Smith, Ann", "{Smyth, Ann"), encoding="utf-8")
    os.utime(bib, ns=(before.st_atime_ns, before.st_mtime_ns))
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    index = soup(app, "index.html")
    assert index.select("span.papers-citation")[0].get_text() == "Smyth and Jones (2020)"
    assert "Smith" not in index.select_one("div.body").get_text()
    entry = soup(app, "publications.html").select_one("li#smith2020sample")
    assert "Ann Smyth" in entry.get_text()
    assert len(cache_files(app)) == 1  # the file of the old content is gone


def test_deleted_cache_folder_costs_one_parse(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    clean = html_pages(app.outdir)
    for path in cache_files(app):
        path.unlink()
    cache.folder(app.doctreedir).rmdir()
    loads = Loads(monkeypatch)
    counter = Counter(monkeypatch)
    # every page written again: the ones with papers need them
    app.cleanup()
    app = make_app("html", srcdir=srcdir)
    app.build(force_all=True)
    assert_warnings(app)
    assert loads.counts == (1, 0)
    assert (counter.reads, counter.formats) == (2, 51)
    assert html_pages(app.outdir) == clean
    assert len(cache_files(app)) == 1


def test_fresh_environment_reads_the_cache_file_and_still_warns(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root("papers-rebuild", tmp_path / "src")
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_papers"]\npapers_sources = ["publications.txt", "extra.bib", "missing.bib"]\n'
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app, "source")
    clean = html_pages(app.outdir)
    loads = Loads(monkeypatch)
    app.cleanup()
    app = make_app("html", srcdir=srcdir, freshenv=True)  # sphinx-build -E
    app.build()
    assert_warnings(app, "source")  # the sources' problems are reported with every load
    assert loads.counts == (0, 1)
    assert html_pages(app.outdir) == clean


def test_parallel_readers_load_the_papers_from_the_cache_file(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a changed setting that does not shape the papers: every page is read again, in parallel,
    # and each reader process that meets a list or a citation loads the cached papers itself
    overrides = {"papers_search_abstracts": True}
    serial = make_app("html", srcdir=copy_root("papers-biblio", tmp_path / "serial"), confoverrides=overrides)
    serial.build()
    assert_warnings(serial)
    expected = html_pages(serial.outdir)
    serial.cleanup()
    srcdir = copy_root("papers-biblio", tmp_path / "src")
    app = make_app("html", srcdir=srcdir, parallel=2)
    app.build()
    assert_warnings(app)
    loads = Loads(monkeypatch)
    app = rebuild_with(make_app, srcdir, app, parallel=2, confoverrides=overrides)
    assert_warnings(app)
    assert "[config changed" in app.status.getvalue()
    assert app.is_parallel_allowed("read")
    assert loads.parsed == 0
    assert html_pages(app.outdir) == expected


def rebuild_with(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, previous: SphinxTestApp, **options: object
) -> SphinxTestApp:
    previous.cleanup()
    app = make_app("html", srcdir=srcdir, **options)
    app.build()
    return app


# -- the cache file itself -----------------------------------------------------------


def _settings(key_format: str = "{surname}{year}{word}") -> Settings:
    templates = tuple(sorted(TEMPLATES.items()))
    return Settings((SEED.name,), (), "collapsed", False, "-date", "year", key_format, "default", templates)


def test_key_follows_the_bytes_and_the_shape_not_the_mtime(tmp_path: Path) -> None:
    source = tmp_path / "papers.txt"
    source.write_bytes(SEED.read_bytes())
    shape = ("{surname}{year}{word}", "template", "en")
    key = cache.content_key([str(source)], shape)
    os.utime(source, (0, 0))
    assert cache.content_key([str(source)], shape) == key
    assert cache.content_key([str(source)], (*shape[:2], "de")) != key
    assert cache.content_key([str(tmp_path / "elsewhere.txt")], shape) != key
    source.write_bytes(SEED.read_bytes().replace(b"Talwalkar", b"Talwalker", 1))
    assert cache.content_key([str(source)], shape) != key
    source.unlink()
    assert cache.content_key([str(source)], shape) != key


def test_cache_file_round_trip_and_unreadable_files(tmp_path: Path) -> None:
    catalogue = sources.load(_settings(), SEED.parent)
    where = tmp_path / "cache"
    assert cache.read(where, "k1") is None
    cache.write(where, "k1", catalogue)
    copy = cache.read(where, "k1")
    assert copy is not None and copy is not catalogue
    assert list(copy.papers) == list(catalogue.papers)
    assert copy.papers == catalogue.papers and copy.formatted == catalogue.formatted
    assert (copy.template, copy.paths, copy.problems) == (
        catalogue.template,
        catalogue.paths,
        catalogue.problems,
    )
    key = next(iter(catalogue.papers))
    assert copy.entry(key) == catalogue.entry(key)
    # a file under another name than its key, a torn file, and garbage are all "no cache"
    (where / "k1.pickle").rename(where / "k2.pickle")
    assert cache.read(where, "k2") is None
    (where / "k3.pickle").write_bytes(pickle.dumps(("k3", catalogue))[:1000])
    assert cache.read(where, "k3") is None
    (where / "k4.pickle").write_bytes(b"not a pickle")
    assert cache.read(where, "k4") is None
    # writing a key removes the files of every other key
    cache.write(where, "k5", catalogue)
    assert sorted(p.name for p in where.iterdir()) == ["k5.pickle"]


def test_unwritable_build_folder_only_loses_the_cache(tmp_path: Path) -> None:
    catalogue = sources.load(_settings(), SEED.parent)
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    cache.write(blocked / "cache", "k", catalogue)  # no error
    assert cache.read(blocked / "cache", "k") is None
