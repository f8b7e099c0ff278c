"""The small shared pieces: arXiv identifiers, name splitting, links, the paper record."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from sphinx_papers import arxiv_ids
from sphinx_papers.links import classify, found_links, urls_in
from sphinx_papers.model import Author, Paper, YearMonth
from sphinx_papers.names import split_name


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
