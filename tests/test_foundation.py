"""The small shared pieces: arXiv identifiers, name splitting, links, the paper record."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pickle
import subprocess
import sys
from datetime import date
from typing import TYPE_CHECKING

import pytest
from conftest import DATA, SEED

from sphinx_papers import readers
from sphinx_papers.core import arxiv_ids
from sphinx_papers.core.links import classify, found_links, urls_in
from sphinx_papers.core.model import Author, Paper, Source, YearMonth
from sphinx_papers.core.names import split_name

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("text", "canonical", "version"),
    [
        ("2508.00723", "2508.00723", None),
        ("arXiv:2106.06168v3", "2106.06168", 3),
        ("0706.4420v1", "0706.4420", 1),
        ("hep-th/0611290v2", "hep-th/0611290", 2),
        ("cs.LG/0102003", "cs/0102003", None),
        ("math/0611800v2", "math/0611800", 2),
        ("https://arxiv.org/abs/hep-th/0611290v2", "hep-th/0611290", 2),
        ("http://arxiv.org/pdf/1603.06560v4.pdf", "1603.06560", 4),
    ],
)
def test_arxiv_id_forms(text: str, canonical: str, version: int | None) -> None:
    parsed = arxiv_ids.parse(text)
    assert parsed is not None
    assert (parsed.id, parsed.version) == (canonical, version)


@pytest.mark.parametrize("text", ["", "hyperband", "2106.061", "12345.6789", "arXiv:"])
def test_not_arxiv_ids(text: str) -> None:
    assert arxiv_ids.parse(text) is None


def test_arxiv_id_derived_addresses() -> None:
    aid = arxiv_ids.parse("arXiv:2106.06168v2")
    assert aid is not None
    assert aid.doi == "10.48550/arXiv.2106.06168"
    assert aid.abs_url == "https://arxiv.org/abs/2106.06168"
    assert str(aid) == "2106.06168v2"
    assert arxiv_ids.find("as shown in arXiv:1603.06560, the") == ("1603.06560", None)


@pytest.mark.parametrize(
    ("text", "given", "particle", "family", "suffix"),
    [
        ("Ameet Talwalkar", "Ameet", "", "Talwalkar", ""),
        ("H. Brendan McMahan", "H. Brendan", "", "McMahan", ""),
        ("Jean Ogier du Terrail", "Jean Ogier", "du", "Terrail", ""),
        ("Blaise Aguera y Arcas", "Blaise Aguera", "y", "Arcas", ""),
        ("R. de Mello Koch", "R.", "de", "Mello Koch", ""),
        ("Ludwig van der Beethoven Smith", "Ludwig", "van der", "Beethoven Smith", ""),
        ("Martin Luther King Jr.", "Martin Luther", "", "King", "Jr."),
        ("Christopher Ré", "Christopher", "", "Ré", ""),
        ("Brinch Hansen, Per", "Per", "", "Brinch Hansen", ""),
        ("van Beethoven, Ludwig", "Ludwig", "van", "Beethoven", ""),
        ("King, Jr., Martin", "Martin", "", "King", "Jr."),
        ("Plato", "", "", "Plato", ""),
    ],
)
def test_split_name(text: str, given: str, particle: str, family: str, suffix: str) -> None:
    assert split_name(text) == Author(given=given, family=family, particle=particle, suffix=suffix)


def test_display_name_round_trips() -> None:
    for text in ["Jean Ogier du Terrail", "Martin Luther King Jr.", "  Ameet\n Talwalkar ,"]:
        assert split_name(text).display == " ".join(text.split()).rstrip(" ,")


def test_urls_in_free_text() -> None:
    text = (
        "Our code is released at https://github.com/comind-ml/CoMind. Data: "
        "(https://huggingface.co/datasets/CO-Bench/FrontierCO); see https://x.org/a_(b))."
    )
    assert urls_in(text) == [
        "https://github.com/comind-ml/CoMind",
        "https://huggingface.co/datasets/CO-Bench/FrontierCO",
        "https://x.org/a_(b)",
    ]
    assert [link.kind for link in found_links(text)] == ["code", "code", "url"]
    assert classify("https://doi.org/10.1/x") == "doi"
    assert classify("https://example.org/paper.pdf") == "pdf"


def test_paper_dates_and_pickling() -> None:
    paper = Paper(
        title="T",
        submitted=date(2025, 6, 10),
        first_submitted=date(2025, 6, 9),
        announced=YearMonth(2025, 6),
    )
    assert (paper.year, paper.month) == (2025, 6)
    assert Paper(title="T", issued=YearMonth(1999)).year == 1999
    assert Paper(title="T").year is None
    assert pickle.loads(pickle.dumps(paper)) == paper
    assert paper.replace(title="U").title == "U"


def _inputs() -> list[Path]:
    """Every test input a reader could be shown: listings, pages, feeds, .bib files, and others."""
    return sorted(
        p for p in DATA.rglob("*") if p.is_file() and p.suffix in {".txt", ".html", ".xml", ".bib", ".md"}
    )


_EXPECTED_FORMAT = {".bib": "bibtex", ".xml": "atom", ".html": "html", ".txt": "text"}


@pytest.mark.parametrize("path", [p for p in _inputs() if p.suffix in _EXPECTED_FORMAT], ids=lambda p: p.name)
def test_every_test_input_is_detected_as_its_format(path: Path) -> None:
    expected = _EXPECTED_FORMAT[path.suffix]
    text = path.read_text(encoding="utf-8", errors="replace")  # real-bib holds a GBK file
    assert readers.detect_format(readers.clean(text)) == expected
    module = importlib.import_module(f"sphinx_papers.readers.{readers.FORMATS[expected]}")
    assert module.sniff(text)  # each reader's sniff is the registry's test


@pytest.mark.parametrize(
    ("text", "is_bib"),
    [
        ("x\n  @article{a,\n}", True),  # an entry starts a line, after indentation
        ("mail me@x.org\n@ misc (b,", True),  # an "@" inside prose does not count, the next line does
        ("@\n@@x{", False),
        ("a@b{c", False),
        ("<html>\n@misc{a,", False),  # markup before the first entry: not a .bib file
    ],
)
def test_bib_detection_at_line_starts(text: str, is_bib: bool) -> None:
    assert readers.SNIFFERS["bibtex"](text) is is_bib


def test_html_markers_count_near_the_start_only(data_dir: Path) -> None:
    """A pasted listing that quotes an HTML marker far down is still text; a saved page is HTML."""
    listing = (data_dir / "arxiv-listing-talwalkar.txt").read_text(encoding="utf-8")
    quoting = listing * 3 + 'Comments:\nthe page marks results with class="arxiv-result"\n'
    assert len(quoting) > 200_000
    assert readers.detect_format(quoting) == "text"
    page = (data_dir / "listings" / "arxiv-search-page.html").read_text(encoding="utf-8")
    head = page.index("<head>") + len("<head>")
    inlined = page[:head] + "<style>" + "p { margin: 0 }\n" * 20_000 + "</style>" + page[head:]
    assert inlined.index('class="arxiv-result"') > 200_000  # a page saved with its styles inlined
    assert readers.detect_format(inlined) == "html"


def test_detection_imports_only_the_chosen_reader() -> None:
    """Sniffing a text listing must not load the .bib reader (bibtexparser, pybtex: ~0.1 s)."""
    code = (
        "import sys; from sphinx_papers import readers; "
        f"readers.read_path({str(SEED)!r}); "
        "print(sorted(m for m in sys.modules if m.startswith(('sphinx_papers.readers.', 'bibtexparser', 'pybtex'))))"
    )
    root = DATA.parent.parent  # the repository: where "import sphinx_papers" finds the package
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout
    loaded = ast.literal_eval(out.strip())
    assert "sphinx_papers.readers.listing_text" in loaded
    assert not [m for m in loaded if m.startswith(("bibtexparser", "pybtex", "sphinx_papers.readers.bib"))]


def test_paper_records_are_frozen_hashable_and_picklable() -> None:
    """Records are shared between Sphinx processes and used as dict keys: check those properties."""
    paper = Paper(
        title="Hyperband",
        authors=(split_name("Lisha Li"), split_name("Ameet Talwalkar")),
        submitted=date(2016, 3, 21),
        arxiv_id="1603.06560",
        source=Source("x.txt", 3),
    )
    assert pickle.loads(pickle.dumps(paper)) == paper
    assert hash(paper) == hash(paper.replace(source=Source("y.txt", 9)))  # where it was read is not identity
    with pytest.raises(dataclasses.FrozenInstanceError):
        paper.title = "changed"  # type: ignore[misc]
