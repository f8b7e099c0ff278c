"""Pure formatting (labels, templates, year suffixes, citation text, name matching) and role syntax."""

from __future__ import annotations

import random
from datetime import date

import pytest
from docutils import nodes
from test_ext_helpers import SEED, seed_entries

from sphinx_papers.core.model import Author, Paper
from sphinx_papers.core.names import split_name
from sphinx_papers.ext.roles import parse_items
from sphinx_papers.ext.texsafe import latex_nodes
from sphinx_papers.lists.formatting import (
    TEMPLATES,
    CiteItem,
    citation_parts,
    compile_template,
    format_papers,
    label_authors,
    name_matcher,
    render_parts,
    venue,
    year_labels,
)
from sphinx_papers.lists.selection import author_predicate
from sphinx_papers.readers import read_path

ENTRIES = seed_entries()


def paper(title: str, *names: str, year: int = 2020, month: int = 1, more: int = 0) -> Paper:
    return Paper(
        title=title,
        authors=tuple(split_name(n) for n in names),
        authors_not_shown=more,
        first_submitted=date(year, month, 1),
    )


def test_labels_of_the_seed(seed: list[Paper]) -> None:
    assert [p.title for p in seed] == [e.title for e in ENTRIES]
    for got, entry in zip(seed, ENTRIES, strict=True):
        surnames = [name.split()[-1] for name in entry.authors]
        expected = {1: surnames[0], 2: " and ".join(surnames)}.get(len(surnames), f"{surnames[0]} et al.")
        assert label_authors(got) == expected


def test_labels_count_hidden_authors() -> None:
    assert label_authors(paper("T", "Ada Lovelace")) == "Lovelace"
    assert label_authors(paper("T", "Ada Lovelace", more=1)) == "Lovelace et al."
    assert label_authors(paper("T", "Ada Lovelace", "Charles Babbage")) == "Lovelace and Babbage"
    assert label_authors(paper("T", "Jean Ogier du Terrail", "B C", "D E")) == "du Terrail et al."
    assert label_authors(Paper(title="T")) == "Anonymous"


def test_default_reference_and_empty_fields() -> None:
    template = compile_template(TEMPLATES["default"])
    one = paper("Why not?", "Ada Lovelace", "Charles Babbage", "Mary Somerville")
    formatted = format_papers({"k": one}, template)["k"]
    # no venue: the field and its ", " go; "?" is not followed by "."
    assert formatted.reference == "Ada Lovelace, Charles Babbage, and Mary Somerville. Why not? 2020."
    assert [f for f, _ in formatted.parts if f] == ["authors", "title", "year"]
    bib = Paper(title="X", authors=(Author("A", "B"),), bibtex_fields={"journal": r"J. of {R\&D}"}, key="k")
    assert format_papers({"k": bib}, template)["k"].reference == "A B. X. J. of R&D, n.d."


def test_compact_and_custom_templates() -> None:
    formatted = format_papers(
        {"k": paper("Title", "Ada Lovelace", "C B")}, compile_template(TEMPLATES["compact"])
    )
    assert formatted["k"].reference == "Lovelace and B (2020). Title."
    custom = compile_template("[{key}] {title} ({month} {year})")
    assert render_parts(custom, {"key": "k", "title": "T", "month": "", "year": "2020"}) == (
        ("", "["),
        ("key", "k"),
        ("", "] "),
        ("title", "T"),
        ("", " ("),
        ("year", "2020"),
        ("", ")"),
    )


@pytest.mark.parametrize("bad", ["{nope}", "{title", "{title!r}", "{year:>4}"])
def test_bad_templates(bad: str) -> None:
    with pytest.raises(ValueError, match="bad template"):
        compile_template(bad)


def test_year_suffixes_follow_dates_not_input_order(seed: list[Paper]) -> None:
    keyed = {f"k{i}": p for i, p in enumerate(seed)}
    labels = year_labels(keyed)
    items = list(keyed.items())
    random.Random(7).shuffle(items)
    assert year_labels(dict(items)) == labels
    # the seed's two 2025 "Li et al." papers: the earlier v1 gets "a"
    lis = sorted(
        (e for e in ENTRIES if e.year == 2025 and e.authors[0].endswith(" Li")), key=lambda e: e.first
    )
    by_title = {p.title: k for k, p in keyed.items()}
    assert [labels[by_title[e.title]] for e in lis] == ["2025a", "2025b"]
    unique = [k for k, p in keyed.items() if label_authors(p) == "Tjuatja et al."]
    assert [labels[k] for k in unique] == ["2023"]


def test_year_suffixes_within_one_month_follow_the_day() -> None:
    author = (Author(given="Liam", family="Li"),)
    later = Paper(title="A paper", authors=author, first_submitted=date(2025, 6, 20))
    earlier = Paper(title="Z paper", authors=author, first_submitted=date(2025, 6, 3))
    assert year_labels({"later": later, "earlier": earlier}) == {"earlier": "2025a", "later": "2025b"}


def test_citation_parts() -> None:
    template = compile_template(TEMPLATES["default"])
    fmt = format_papers({"a": paper("A", "Lisha Li", "K J", "G D", year=2016)}, template)["a"]
    items = [(CiteItem("a", "see", "p. 3"), fmt), (CiteItem("zz"), None)]
    assert "".join(t for t, _ in citation_parts("p", items)) == "(see Li et al., 2016, p. 3; zz?)"
    assert "".join(t for t, _ in citation_parts("t", items)) == "Li et al. (see 2016, p. 3); zz?"
    assert [i for _, i in citation_parts("p", items)] == [-1, 0, -1, 1, -1]
    with pytest.raises(ValueError, match="mode"):
        citation_parts("x", items)


def test_name_matcher() -> None:
    match = name_matcher(["Ameet Talwalkar", "Elias Jaasaari"])
    assert match("Ameet Talwalkar") and match("A. Talwalkar") and match("ameet talwalkar")
    assert match("Elias Jääsaari")
    assert not match("Ameet Smith") and not match("Bob Talwalkar")


def test_highlight_and_author_selection_agree_on_people() -> None:
    """:highlight: and :author: name the same people, whichever way a name is written."""
    papers = read_path(SEED).papers
    for spec in ["Talwalkar, Ameet", "A. Talwalkar", "Ameet Talwalkar", "Christopher Re", "Valerie Chen"]:
        highlight, select = name_matcher([spec]), author_predicate(spec)
        highlighted = [p.title for p in papers if any(highlight(a.display) for a in p.authors)]
        assert highlighted == [p.title for p in papers if select(p)]
        assert highlighted, spec


def test_venue_decodes_bib_latex() -> None:
    fields = {"journaltitle": "Journal of Universit{\\'e} Studies \\& Co."}
    assert venue(Paper(title="T", bibtex_fields=fields)) == "Journal of Université Studies & Co."


def test_role_syntax() -> None:
    assert parse_items("a, b") == [CiteItem("a"), CiteItem("b")]
    assert parse_items("{see}li2016{p. 3}, k2") == [CiteItem("li2016", "see", "p. 3"), CiteItem("k2")]
    assert parse_items("DBLP:journals/corr/abs-1603-06560") == [CiteItem("DBLP:journals/corr/abs-1603-06560")]
    assert parse_items("") is None
    assert parse_items("{unclosed key") is None


def test_latex_nodes_make_math_and_symbols_safe() -> None:
    out = latex_nodes("Bound $Θ(1/Δ^2)$ for ≤ 3 Jääsaari")
    math = [n for n in out if isinstance(n, nodes.math)]
    assert [m.astext() for m in math] == [r"\ensuremath{\Theta}(1/\ensuremath{\Delta}^2)"]
    raws = [n for n in out if isinstance(n, nodes.raw)]
    assert [r.astext() for r in raws] == [r"\ensuremath{\leq}"]
    assert "".join(n.astext() for n in out if isinstance(n, nodes.Text)) == "Bound  for  3 Jääsaari"
