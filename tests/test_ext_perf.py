"""A 5,000-paper page reads each source once and formats each paper once; a fresh environment reads neither.

Counters, not clocks: how long builds take is measured in ``benchmarks/sphinx_bench.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from test_ext_helpers import SEED, Counter, assert_warnings, soup

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest
    from sphinx.testing.util import SphinxTestApp


def big_listing(copies: int) -> str:
    """The seed listing repeated with distinct titles (so no two entries are the same paper)."""
    blocks = [b.strip("-\n") for b in SEED.read_text(encoding="utf-8").split("\n-\n") if b.strip("-\n")]
    entries = []
    for copy in range(copies):
        for block in blocks:
            title, rest = block.split("\n", 1)
            entries.append(f"{title} (variant {copy})\n{rest}")
    return "-\n" + "\n-\n".join(entries) + "\n"


def test_5000_paper_page_reads_and_formats_once(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "papers.txt").write_text(big_listing(100), encoding="utf-8")
    (srcdir / "conf.py").write_text('extensions = ["sphinx_papers"]\npapers_sources = ["papers.txt"]\n')
    (srcdir / "index.rst").write_text("Papers\n======\n\n.. publications::\n   :bibtex:\n")
    counter = Counter(monkeypatch)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert_warnings(app)
    page = soup(app, "index.html")
    assert len(page.select("li.papers-entry")) == 5000
    assert len(page.select("details.papers-bibtex")) == 5000
    assert (counter.reads, counter.formats) == (1, 5000)
    # sphinx-build -E: a new environment, the same sources: the papers come from the cache file
    app.cleanup()
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert_warnings(app)
    assert len(soup(app, "index.html").select("li.papers-entry")) == 5000
    assert (counter.reads, counter.formats) == (1, 5000)
