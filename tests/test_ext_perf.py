"""Performance sanity: a 5,000-paper page builds in seconds, reading and formatting each paper once."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from test_ext_helpers import SEED, Counter, assert_warnings, soup

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

#: CPU seconds allowed for the whole build (~6 s measured on a busy 2-core machine; see the report)
BUDGET = 30.0


def big_listing(copies: int) -> str:
    """The seed listing repeated with distinct titles (so no two entries are the same paper)."""
    blocks = [b.strip("-\n") for b in SEED.read_text(encoding="utf-8").split("\n-\n") if b.strip("-\n")]
    entries = []
    for copy in range(copies):
        for block in blocks:
            title, rest = block.split("\n", 1)
            entries.append(f"{title} (variant {copy})\n{rest}")
    return "-\n" + "\n-\n".join(entries) + "\n"


def test_5000_paper_page(make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "papers.txt").write_text(big_listing(100), encoding="utf-8")
    (srcdir / "conf.py").write_text('extensions = ["sphinx_papers"]\npapers_sources = ["papers.txt"]\n')
    (srcdir / "index.rst").write_text("Papers\n======\n\n.. publications::\n   :bibtex:\n")
    counter = Counter(monkeypatch)
    start = time.process_time()
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    elapsed = time.process_time() - start
    assert_warnings(app)
    page = soup(app, "index.html")
    assert len(page.select("li.papers-entry")) == 5000
    assert len(page.select("details.papers-bibtex")) == 5000
    assert (counter.reads, counter.formats) == (1, 5000)
    print(f"5,000-paper single-page HTML build (with BibTeX toggles): {elapsed:.2f} s CPU")
    assert elapsed < BUDGET
