"""Fields of written entries, checked against what the input files say, and entry formatting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import TYPE_CHECKING

import pytest

from sphinx_papers.bibtex import (
    entry_fields,
    entry_type,
    format_author,
    format_authors,
    format_entry,
    write_bibtex,
)
from sphinx_papers.core.model import Author, Link, Paper, YearMonth
from sphinx_papers.readers import read_path

if TYPE_CHECKING:
    from pathlib import Path

ATOM = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
VERBATIM_URL = re.compile(r"\S+")


def seed_by_title(seed_path: Path) -> dict[str, Paper]:
    return {p.title: p for p in read_path(seed_path, "text").papers}


def test_authors_family_given_with_particle_suffix_and_others() -> None:
    du = Author(given="Jean Ogier", family="Terrail", particle="du")
    king = Author(given="Martin Luther", family="King", suffix="Jr.")
    mono = Author(family="Plato")
    p = Paper(title="T", authors=(du, king, mono), authors_not_shown=3)
    assert (
        entry_fields(p)["author"]
        == "du Terrail, Jean Ogier and King, Jr., Martin Luther and Plato and others"
    )
    assert format_author(Author(given="Ann", family="Smith and Wesson")) == "{Smith and Wesson}, Ann"
    assert format_author(Author(given="Łukasz", family="Kaiser"), ascii=True) == r"Kaiser, {\L}ukasz"


def test_seed_versions_dates_year_month_of_first_version(seed_path: Path) -> None:
    # "Submitted 10 June, 2025; v1 submitted 9 June, 2025; originally announced June 2025."
    papers = seed_by_title(seed_path)
    shen = papers["Thinking vs. Doing: Agents that Reason by Scaling Test-Time Interaction"]
    fields = entry_fields(shen)
    assert (fields["year"], fields["month"]) == ("2025", "jun")
    assert (fields["submitted"], fields["updated"], fields["announced"]) == (
        "2025-06-09",
        "2025-06-10",
        "2025-06",
    )
    assert entry_fields(shen, dialect="biblatex")["date"] == "2025-06-09"
    # a single version ("Submitted 1 August, 2025;" only): no update date
    single = entry_fields(
        papers[
            "Why Do Decision Makers (Not) Use AI? A Cross-Domain Analysis of Factors Impacting AI Adoption"
        ]
    )
    assert single["submitted"] == "2025-08-01" and "updated" not in single


def test_seed_hidden_authors_and_code_links(seed_path: Path) -> None:
    papers = seed_by_title(seed_path)
    field_guide = entry_fields(papers["A Field Guide to Federated Optimization"])
    assert field_guide["author"].endswith(" and others")
    assert field_guide["authors_not_shown"] == "28"
    toto = entry_fields(
        papers["This Time is Different: An Observability Perspective on Time Series Foundation Models"]
    )
    assert toto["code"] == "https://huggingface.co/Datadog/Toto-Open-Base-1.0 https://github.com/DataDog/toto"
    assert "du Terrail, Jean Ogier" in toto["author"]
    genie = next(p for t, p in papers.items() if t.startswith("CodingGenie"))
    assert entry_fields(genie)["links"] == "https://sebzhao.github.io/CodingGenie/"


def test_seed_every_abstract_and_title_is_written(seed_path: Path) -> None:
    papers = read_path(seed_path, "text").papers
    for paper in papers:
        fields = entry_fields(paper)
        assert fields["abstract"] and fields["title"]
        assert fields["year"] == str(paper.year)


def atom_entries(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("a:entry", ATOM)


@pytest.mark.parametrize(
    "name",
    [
        "api-2026_get-arXiv_Brown-Tom_page-3.xml",
        "api-2026_get-arXiv_Schmidhuber_page-4.xml",
        "api-legacy-2020_findpapers.xml",
    ],
)
def test_atom_identifiers_match_the_feed(data_dir: Path, name: str) -> None:
    path = data_dir / "arxiv-samples" / name
    papers = read_path(path, "atom").papers
    entries = atom_entries(path)
    assert len(papers) == len(entries)
    for paper, entry in zip(papers, entries, strict=True):
        fields = entry_fields(paper)
        abs_id = entry.findtext("a:id", namespaces=ATOM).rsplit("/abs/", 1)[1]  # type: ignore[union-attr]
        arxiv_id, version = re.fullmatch(r"(.+)v(\d+)", abs_id).groups()  # type: ignore[union-attr]
        primary = entry.find("arxiv:primary_category", ATOM).get("term")  # type: ignore[union-attr]
        assert fields["eprint"] == arxiv_id and fields["version"] == version
        assert fields["archivePrefix"] == "arXiv" and fields["primaryClass"] == primary
        assert fields["howpublished"] == f"arXiv:{arxiv_id} [{primary}]"
        assert fields["url"] == f"https://arxiv.org/abs/{arxiv_id}"
        feed_doi = entry.findtext("arxiv:doi", namespaces=ATOM)
        assert fields["doi"] == (feed_doi.strip() if feed_doi else f"10.48550/arXiv.{arxiv_id}")
        journal = entry.findtext("arxiv:journal_ref", namespaces=ATOM)
        assert fields.get("note") == (" ".join(journal.split()) if journal else None)
        assert fields["year"] == entry.findtext("a:published", namespaces=ATOM)[:4]  # type: ignore[index]
        biblatex = entry_fields(paper, dialect="biblatex")
        assert (biblatex["eprint"], biblatex["eprinttype"], biblatex["eprintclass"]) == (
            arxiv_id,
            "arxiv",
            primary,
        )
        assert "howpublished" not in biblatex and "year" not in biblatex
        assert entry_type(paper, "biblatex") == "online" and entry_type(paper) == "misc"


def test_verbatim_fields_are_not_escaped() -> None:
    p = Paper(
        title="T",
        arxiv_id="2106.06168",
        dois=("10.1000/a_b%c",),
        links=(Link("code", "https://github.com/a/b_c#readme"), Link("url", "https://x.org/{odd}")),
    )
    fields = entry_fields(p)
    assert fields["doi"] == "10.1000/a_b%c"
    assert fields["code"] == "https://github.com/a/b_c#readme"
    assert fields["links"] == "https://x.org/%7Bodd%7D"  # braces would unbalance the field


def test_everything_read_lands_in_a_field() -> None:
    p = Paper(
        title="T",
        abstract="Cut…",
        abstract_complete=False,
        arxiv_id="2401.00001",
        version=3,
        latest_version="2401.00001v4",
        primary_category="math.CO",
        categories=("math.CO", "cs.DM"),
        dois=("10.1/x", "10.2/y"),
        comments="12 pages",
        journal_ref="J. Comb. 5 (2024)",
        report_number="CMU-ML-24-101",
        msc_class="05C35",
        acm_class="G.2.2",
        announced=YearMonth(2024, 1),
        submitted=date(2024, 3, 2),
        first_submitted=date(2023, 12, 30),
    )
    fields = entry_fields(p)
    assert fields["abstract_complete"] == "false"
    assert fields["keywords"] == "math.CO, cs.DM"
    assert (fields["report_number"], fields["msc_class"], fields["acm_class"]) == (
        "CMU-ML-24-101",
        "05C35",
        "G.2.2",
    )
    assert (fields["note"], fields["comments"]) == ("J. Comb. 5 (2024)", "12 pages")
    assert (fields["doi"], fields["related_dois"]) == ("10.1/x", "10.2/y")
    assert (fields["version"], fields["latest_version"]) == ("3", "2401.00001v4")
    assert (fields["year"], fields["month"], fields["submitted"], fields["updated"]) == (
        "2023",
        "dec",
        "2023-12-30",
        "2024-03-02",
    )
    assert fields["announced"] == "2024-01"


def test_paper_from_a_bib_file_is_written_verbatim() -> None:
    raw = {"author": r"Ram{\'e}, {\'E}lise", "title": "{Exact} Title", "journal": "J", "month": "jun"}
    p = Paper(title="Exact Title", entry_type="article", key="rame2020", bibtex_fields=raw)
    assert entry_fields(p) == raw
    assert entry_fields(p, dialect="biblatex") == raw
    assert entry_type(p, "biblatex") == "article"
    utf8 = Paper(
        title="x", entry_type="book", bibtex_fields={"author": "Ramé, Élise", "url": "https://x.org/é"}
    )
    assert entry_fields(utf8, ascii=True) == {"author": r"Ram{\'e}, {\'E}lise", "url": "https://x.org/é"}


def test_unknown_dialect_is_rejected() -> None:
    with pytest.raises(ValueError, match="dialect"):
        entry_fields(Paper(title="T"), dialect="ris")


def test_format_entry_layout_and_month_macro() -> None:
    text = format_entry("misc", "li2016hyperband", {"title": "Hyperband", "year": "2016", "month": "jun"})
    assert text == "@misc{li2016hyperband,\n  title = {Hyperband},\n  year = {2016},\n  month = jun,\n}\n"
    assert "month = {June}" in format_entry("misc", "k", {"month": "June"})


@pytest.mark.parametrize("key", ["", "a b", "a,b", "a{b", "a%b", "a#b"])
def test_format_entry_rejects_keys_bibtex_cannot_read(key: str) -> None:
    with pytest.raises(ValueError, match="bad BibTeX key"):
        format_entry("misc", key, {"title": "T"})


def test_write_bibtex_uses_given_keys_and_checks_their_number(seed_path: Path) -> None:
    papers = read_path(seed_path, "text").papers[:2]
    text = write_bibtex(papers, keys=["one", "two"])
    assert re.findall(r"^@misc\{(\w+),", text, re.MULTILINE) == ["one", "two"]
    with pytest.raises(ValueError, match="2 papers"):
        write_bibtex(papers, keys=["one"])


def test_write_bibtex_key_format_and_dialect(seed_path: Path) -> None:
    papers = read_path(seed_path, "text").papers
    text = write_bibtex(papers, key_format="{surname}:{year}:{words2}", dialect="biblatex")
    assert text.startswith("@misc{yu:2025:decisionmakers,\n")
    assert text.count("\n@misc{") == 49
    assert "date = {2025-08-01}" in text


def test_author_names_follow_each_record_and_ascii_setting() -> None:
    lukasz = Author(given="Łukasz", family="Kaiser")
    same_name = Author(given="Łukasz", family="Kaiser")  # an equal record, another object
    assert format_authors((lukasz, same_name)) == "Kaiser, Łukasz and Kaiser, Łukasz"
    assert format_authors((lukasz,), ascii=True) == r"Kaiser, {\L}ukasz"
    assert format_authors((lukasz,)) == "Kaiser, Łukasz"  # the ASCII form did not replace it
    assert format_authors((lukasz, Author(family="Plato")), 1) == "Kaiser, Łukasz and Plato and others"


@pytest.mark.parametrize(("dialect", "ascii"), [("bibtex", False), ("biblatex", False), ("bibtex", True)])
def test_write_bibtex_writes_what_the_public_functions_make(
    data_dir: Path, dialect: str, ascii: bool
) -> None:
    """The writer's own path for preprints gives exactly format_entry(entry_fields(...)).

    (A .bib entry is written as its file wrote it: tests/test_bibtex_roundtrip.py.)
    """
    papers = read_path(data_dir / "arxiv-listing-talwalkar.txt").papers
    keys = [f"key{i}" for i in range(len(papers))]
    expected = [
        format_entry(entry_type(p, dialect), k, entry_fields(p, dialect=dialect, ascii=ascii))
        for p, k in zip(papers, keys, strict=True)
    ]
    assert write_bibtex(papers, dialect=dialect, ascii=ascii, keys=keys) == "\n".join(expected)


def test_write_bibtex_checks_keys_types_and_dialect() -> None:
    paper = Paper(title="T", arxiv_id="2106.06168")
    with pytest.raises(ValueError, match="bad BibTeX key"):
        write_bibtex([paper], keys=["a b"])
    with pytest.raises(ValueError, match="bad BibTeX entry type"):
        write_bibtex([paper.replace(entry_type="mi sc")], keys=["k"])
    with pytest.raises(ValueError, match="dialect"):
        write_bibtex([paper], keys=["k"], dialect="ris")
    assert write_bibtex([paper], keys=["k:1+x"]).startswith("@misc{k:1+x,\n")
