"""The documentation and the example lab site build cleanly with the extension, and show what they say.

Both are built the way a user builds them: ``sphinx-build -nW --keep-going`` in a
subprocess, so a warning anywhere (including from the extension) fails the test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
LAB = REPO / "examples" / "lab-site"
#: a citation role in rST (``:cite:p:`k```) or MyST (``{cite:t}`k```)
CITE_ROLE = re.compile(r"(?::cite(?::[pt])?:|\{cite(?::[pt])?\})`")


def sphinx_build(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-build -nW --keep-going`` on ``src`` with this checkout importable."""
    paths = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-nW", "--keep-going", "-q", *extra]
    return subprocess.run([*cmd, str(src), str(out)], capture_output=True, text=True, env=env, check=False)


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert "ERROR" not in result.stderr, result.stderr


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def seed_entries(listing: Path = LAB / "publications.txt") -> list[tuple[str, list[str]]]:
    """(title, authors) of each entry of a copy of the seed listing, read straight from the file's layout."""
    lines = listing.read_text(encoding="utf-8").splitlines()
    entries = []
    for i, line in enumerate(lines):
        if line == "-" and i + 2 < len(lines) and lines[i + 2] == "Authors:":
            names = []
            for name in lines[i + 3 :]:
                names.append(name.rstrip(","))
                if not name.endswith(","):
                    break
            entries.append((lines[i + 1], names))
    return entries


@pytest.fixture(scope="session")
def lab_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lab-html")
    assert_clean(sphinx_build(LAB, out))
    return out


@pytest.fixture(scope="session")
def docs_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs-html")
    assert_clean(sphinx_build(DOCS, out))
    return out


def test_seed_reading_matches_the_file() -> None:
    # guards the helper the other tests compare against
    entries = seed_entries()
    assert len(entries) == 50
    assert entries[0][1] == ["Rebecca Yu", "Valerie Chen", "Ameet Talwalkar", "Hoda Heidari"]


def test_lab_publications_page_lists_every_seed_paper(lab_html: Path) -> None:
    page = soup(lab_html / "publications.html")
    entries = page.select("div.papers-list li.papers-entry")
    titles = {e.select_one("span.papers-title").get_text(" ", strip=True) for e in entries}
    expected = [title for title, _ in seed_entries()]
    assert len(entries) == len(expected)
    assert {_norm(t) for t in titles} == {_norm(t) for t in expected}
    ids = [e["id"] for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9:._-]+", i) for i in ids), ids


def _norm(text: str) -> str:
    """Titles compared without TeX math markup or spacing differences."""
    return re.sub(r"[\s$]+", " ", text).strip().rstrip(".")


def test_lab_highlights_talwalkar_where_the_listing_names_him(lab_html: Path) -> None:
    # one listed paper hides him among "et al. (28 additional authors not shown)"
    shown = {_norm(title): "Ameet Talwalkar" in names for title, names in seed_entries()}
    assert list(shown.values()).count(False) == 1
    page = soup(lab_html / "publications.html")
    for entry in page.select("li.papers-entry"):
        bold = [s.get_text(strip=True) for s in entry.select("strong.papers-highlight")]
        title = _norm(entry.select_one("span.papers-title").get_text(" ", strip=True))
        assert bold == (["Ameet Talwalkar"] if shown[title] else []), title


def test_lab_groups_by_year_newest_first(lab_html: Path) -> None:
    page = soup(lab_html / "publications.html")
    lst = page.select_one("div.papers-list")
    years = [int(m.group()) for h in lst.find_all(re.compile(r"^h[2-6]$|^p$")) if (m := _year(h))]
    assert years == sorted(set(years), reverse=True)
    assert years[0] == 2025 and years[-1] == 2021


def _year(heading: Tag) -> re.Match[str] | None:
    return re.fullmatch(r"20\d\d", heading.get_text(strip=True).rstrip("¶#"))


def test_lab_bibtex_download_holds_every_listed_paper(lab_html: Path) -> None:
    import bibtexparser

    page = soup(lab_html / "publications.html")
    link = page.select_one("a.papers-download")
    assert link is not None
    bib = (lab_html / link["href"]).read_text(encoding="utf-8")
    library = bibtexparser.parse_string(bib)
    keys = {e.key for e in library.entries}
    assert keys == {e["id"] for e in page.select("li.papers-entry")}
    assert len(page.select("details.papers-bibtex")) == 50


def test_lab_citations_link_to_publication_entries(lab_html: Path) -> None:
    home = soup(lab_html / "index.html")
    listed = {e["id"]: e for e in soup(lab_html / "publications.html").select("li.papers-entry")}
    cites = home.select("span.papers-citation a.papers-cite")
    cited_keys = re.findall(r":cite:[pt]?:?`([^`]*)`", (LAB / "index.rst").read_text(encoding="utf-8"))
    expected = [k.strip() for ks in cited_keys for k in re.sub(r"\{[^}]*\}", "", ks).split(",")]
    assert len(cites) == len(expected)
    for cite, key in zip(cites, expected, strict=True):
        page, _, anchor = cite["href"].partition("#")
        assert (page, anchor) == ("publications.html", key)
        title = listed[key].select_one("span.papers-title").get_text(" ", strip=True)
        assert title[:30] in cite["title"]


def test_docs_have_every_page(docs_html: Path) -> None:
    for page in ("index", "quickstart", "directives", "roles", "config", "warnings", "gallery"):
        assert (docs_html / f"{page}.html").is_file(), page
    for page in ("cli", "bibtex-output", "filters"):
        assert (docs_html / f"{page}.html").is_file(), page


def test_docs_live_examples_render_something(docs_html: Path) -> None:
    examples = 0
    for page in docs_html.glob("*.html"):
        for example in soup(page).select("div.papers-example"):
            examples += 1
            source = example.select_one("pre").get_text()
            output = example.select_one("div.papers-example-output")
            where = f"{page.name}: {source[:80]!r}"
            for lst in output.select("div.papers-list"):
                assert lst.select("li.papers-entry"), f"empty list in {where}"
            if CITE_ROLE.search(source):
                assert output.select("a.papers-cite"), f"no citation link in {where}"
    assert examples >= 25


def test_docs_option_examples_cover_every_option(docs_html: Path) -> None:
    from sphinx_papers.ext.directives import BibliographyDirective, PublicationsDirective

    page = soup(docs_html / "directives.html")
    sources = "\n".join(pre.get_text() for pre in page.select("div.papers-example pre"))
    for option in {*PublicationsDirective.option_spec, *BibliographyDirective.option_spec}:
        assert f":{option}:" in sources, f"no live example of :{option}:"


def test_docs_config_table_and_warning_list_are_complete(docs_html: Path) -> None:
    from sphinx_papers.ext.config import CONFIG_VALUES
    from sphinx_papers.ext.warnings import Subtype

    page = soup(docs_html / "config.html")
    table = page.select("table.papers-docs-table")[0].get_text()
    entries = {dl.select_one("dt").get("id"): dl for dl in page.select("dl.std.confval")}
    for value in CONFIG_VALUES:
        assert value.name in table
        # one entry per value, generated from the declaration, with a live example built by this build
        entry = entries[f"confval-{value.name}"]
        assert repr(value.default) in entry.get_text() and value.description.split()[0] in entry.get_text()
        assert entry.select("div.papers-example-output, table.papers-docs-table"), value.name
    assert len(entries) == len(CONFIG_VALUES)
    warnings = soup(docs_html / "warnings.html").select_one("dl.papers-warnings").get_text()
    for subtype in Subtype:
        assert f"papers.{subtype.value}" in warnings


def test_docs_gallery_shows_the_seed_highlighted(docs_html: Path) -> None:
    page = soup(docs_html / "gallery.html")
    entries = page.select("div.papers-example-output li.papers-entry")
    seed = seed_entries(DOCS / "data" / "publications.txt")
    assert len(entries) == len(seed)
    with_him = [e for e in entries if e.select("strong.papers-highlight")]
    assert len(with_him) == sum("Ameet Talwalkar" in names for _, names in seed) == 49
