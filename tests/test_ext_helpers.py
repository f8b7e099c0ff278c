"""Helpers shared by the extension's tests (no tests here).

``seed_entries`` reads the seed listing with a deliberately different,
simple method (blocks between ``-`` lines, label lines) so that tests compare
the extension's output against what the file says, not against the reader.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

import sphinx_papers.ext.sources
import sphinx_papers.formatting

if TYPE_CHECKING:
    import pytest
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
SEED = Path(__file__).parent / "data" / "arxiv-listing-talwalkar.txt"
_TAG = re.compile(r"\[(\w+)\.(\w+)\](?:\x1b\[[\d;]*m)?\s*$")
_V1 = re.compile(r"v1 submitted (\d+ \w+, \d{4})")
_SUBMITTED = re.compile(r"^Submitted (\d+ \w+, \d{4})")


@dataclass(frozen=True)
class SeedEntry:
    """One entry of the seed listing as the file spells it."""

    title: str
    authors: tuple[str, ...]
    year: int
    abstract: str
    #: date of version 1 ("v1 submitted", else "Submitted")
    first: date


def seed_entries(path: Path = SEED) -> list[SeedEntry]:
    """Every entry of an arXiv "textContent" listing with ``-`` separators."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n-\n"):
        lines = [line for line in block.strip("-\n").split("\n") if line]
        if not lines:
            continue
        start, end = lines.index("Authors:"), lines.index("Abstract:")
        names = lines[start + 1 : end]
        authors = tuple(a.strip().rstrip(",") for a in names if "additional authors" not in a)
        less = lines.index("△ Less")
        abstract = lines[less - 1] if "▽ More" in lines else lines[end + 1]
        text = "\n".join(lines)
        v1 = _V1.search(text)
        when = v1[1] if v1 else next(m[1] for line in lines if (m := _SUBMITTED.match(line)))
        first = datetime.strptime(when, "%d %B, %Y").date()
        entries.append(SeedEntry(lines[0], authors, first.year, abstract, first))
    return entries


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
        read, fmt = sphinx_papers.ext.sources.read_path, sphinx_papers.formatting.format_paper

        def counted_read(*args: object, **kwargs: object) -> object:
            self.reads += 1
            return read(*args, **kwargs)  # type: ignore[arg-type]

        def counted_format(*args: object, **kwargs: object) -> object:
            self.formats += 1
            return fmt(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(sphinx_papers.ext.sources, "read_path", counted_read)
        monkeypatch.setattr(sphinx_papers.formatting, "format_paper", counted_format)
        monkeypatch.setattr(sphinx_papers.ext.sources, "format_paper", counted_format)
