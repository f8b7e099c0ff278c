"""Helpers shared by the extension's tests (no tests here); the seed's independent view is in ``seed_view``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from seed_view import SEED, SeedEntry, seed_entries

import sphinx_papers.ext.sources
import sphinx_papers.lists.formatting

__all__ = ["SEED", "SeedEntry", "copy_root", "seed_entries", "soup", "warnings_of"]

if TYPE_CHECKING:
    import pytest
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
_TAG = re.compile(r"\[(\w+)\.(\w+)\](?:\x1b\[[\d;]*m)?\s*$")


def copy_root(name: str, dest: Path, **files: str) -> Path:
    """A private copy of ``tests/roots/test-<name>`` (for tests that edit sources).

    ``files`` replaces or adds files: ``publications_rst="..."`` writes
    ``publications.rst`` (the last ``_`` stands for the dot).
    """
    shutil.copytree(ROOTS / f"test-{name}", dest)
    for name_, text in files.items():
        stem, _, suffix = name_.rpartition("_")
        (dest / f"{stem}.{suffix}").write_text(text, encoding="utf-8")
    return dest


def soup(app: SphinxTestApp, page: str) -> BeautifulSoup:
    """The parsed HTML of an output file."""
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The warning lines of a build."""
    return [line for line in app.warning.getvalue().splitlines() if line.strip()]


def assert_warnings(app: SphinxTestApp, *expected: str) -> list[str]:
    """The build warned exactly about the given ``papers`` subtypes (each at least once) and nothing else."""
    lines = warnings_of(app)
    seen = set()
    for line in lines:
        tag = _TAG.search(line)
        assert tag is not None and tag[1] == "papers" and tag[2] in expected, f"unexpected warning: {line}"
        seen.add(tag[2])
    assert seen == set(expected), f"expected {expected}, got {lines}"
    return lines


def entries(page: BeautifulSoup) -> list[str]:
    """The ids of the ``li.papers-entry`` elements of a page, in order."""
    return [li["id"] for li in page.select("li.papers-entry")]


def titles(page: BeautifulSoup) -> list[str]:
    """The titles shown on a page, in order."""
    return [span.get_text() for span in page.select("li.papers-entry span.papers-title")]


class Counter:
    """Counts the calls of the source loader and the paper formatter."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads = 0
        self.formats = 0
        read, fmt = sphinx_papers.ext.sources.read_path, sphinx_papers.lists.formatting.format_paper

        def counted_read(*args: object, **kwargs: object) -> object:
            self.reads += 1
            return read(*args, **kwargs)  # type: ignore[arg-type]

        def counted_format(*args: object, **kwargs: object) -> object:
            self.formats += 1
            return fmt(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(sphinx_papers.ext.sources, "read_path", counted_read)
        monkeypatch.setattr(sphinx_papers.lists.formatting, "format_paper", counted_format)
        monkeypatch.setattr(sphinx_papers.ext.sources, "format_paper", counted_format)
