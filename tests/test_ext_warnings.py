"""Every warning subtype, with its location; bad values fall back to defaults; suppress_warnings works."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from test_ext_helpers import assert_warnings, copy_root, entries, soup, warnings_of

from sphinx_papers.ext.warnings import Subtype

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

_ANSI = re.compile(r"\x1b\[[\d;]*m")


def located(app: SphinxTestApp, subtype: str) -> list[tuple[str, str]]:
    """``(file:line, message)`` of each warning of a subtype."""
    result = []
    for line in warnings_of(app):
        line = _ANSI.sub("", line)
        if line.endswith(f"[papers.{subtype}]"):
            where, _, message = line.partition(": WARNING: ")
            result.append((where.rsplit("/", 1)[-1], message))
    return result


def option_of(message: str) -> str:
    found = re.search(r":([\w-]+):", message)
    assert found is not None
    return found[1]


@pytest.mark.sphinx("html", testroot="papers-warnings", freshenv=True)
def test_every_subtype_with_its_location(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app, *(s.value for s in Subtype))
    assert located(app, "config") == [
        (
            "conf.py:3",
            "papers_abstract must be one of 'collapsed', 'full', 'none'; using the default 'collapsed' [papers.config]",
        )
    ]
    sources = [w for w, _ in located(app, "source")]
    assert sources == ["broken.txt:16", "missing.txt:0"]
    assert "entry has no authors" in located(app, "source")[0][1]
    duplicate = located(app, "duplicate_key")
    assert [w for w, _ in duplicate] == ["two.bib:3"]
    assert "one.bib:1" in duplicate[0][1]
    assert located(app, "unknown_key") == [
        ("index.rst:4", "unknown citation key 'nobody1999nothing' [papers.unknown_key]")
    ]
    bad = {w: option_of(m) for w, m in located(app, "bad_option")}
    assert bad == {
        "index.rst:7": "limit",
        "index.rst:8": "abstract",
        "index.rst:9": "sort",
        "index.rst:10": "group-by",
        "index.rst:11": "style",
    }
    filters = {w: option_of(m) for w, m in located(app, "bad_filter")}
    assert filters == {"index.rst:14": "filter", "index.rst:15": "year", "index.rst:16": "match"}
    assert "(column 8)" in dict(located(app, "bad_filter"))["index.rst:14"]


@pytest.mark.sphinx("html", testroot="papers-warnings", freshenv=True)
def test_bad_values_fall_back_to_defaults(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app, *(s.value for s in Subtype))
    page = soup(app, "index.html")
    lists = page.select("div.papers-list")
    assert len(lists) == 2
    # the entry without authors is still converted (with its warning), "shared" is the first one only
    for papers in lists:
        assert len(papers.select("li.papers-entry")) == 4
        # default grouping by year, default (collapsed) abstracts despite the bad config value
        assert [r.get_text() for r in papers.select("p.rubric")] == ["2025", "2020"]
        assert len(papers.select("details.papers-abstract")) == 3
    assert "shared" in entries(page)
    assert "A First Paper on Shared Keys" in page.get_text()
    assert "Another Paper Entirely" not in page.get_text()
    citation = page.select("span.papers-citation")
    assert [c.get_text() for c in citation] == ["(Doe, 2020)", "nobody1999nothing?"]


@pytest.mark.sphinx(
    "html",
    testroot="papers-warnings",
    freshenv=True,
    confoverrides={"suppress_warnings": ["papers.unknown_key", "papers.bad_filter"]},
)
def test_suppress_warnings_is_precise(app: SphinxTestApp) -> None:
    app.build()
    assert_warnings(app, "config", "source", "duplicate_key", "bad_option")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("papers_sources", [1]),
        ("papers_highlight", ("Ameet Talwalkar", None)),
        ("papers_bibtex", 2),
        ("papers_sort", "colour"),
        ("papers_group_by", "month"),
        ("papers_key_format", "{nonsense}"),
        ("papers_style", "fancy"),
        ("papers_templates", {"fancy": "{title"}),
    ],
)
def test_each_bad_config_value_warns(name: str, value: object, make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-basic", tmp_path / "src")
    app = make_app("html", srcdir=srcdir, confoverrides={name: value}, freshenv=True)
    assert getattr(app.config, name) == next(v.default for v in _values() if v.name == name)
    lines = located(app, "config")
    assert len(lines) == 1 and lines[0][1].startswith(name)


def _values():  # type: ignore[no-untyped-def]
    from sphinx_papers.ext.config import CONFIG_VALUES

    return CONFIG_VALUES


def test_every_subtype_is_documented() -> None:
    for subtype in Subtype:
        assert subtype.doc


def test_unreadable_citation_text(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = "Bad\n===\n\nBroken :cite:p:`{see li2016`.\n"
    srcdir = copy_root("papers-basic", tmp_path / "src", citing_rst=page)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert_warnings(app, "bad_option")
    assert located(app, "bad_option")[0][0] == "citing.rst:4"
    assert soup(app, "citing.html").select("span.papers-citation") == []
