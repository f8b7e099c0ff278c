"""Selection options (year, author, match, type, keys), paper types, sorting and grouping.

Expected answers come from the raw input files, scanned here line by line,
not from the readers under test.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from seed_view import seed_entries

from sphinx_papers.core.model import Author, Paper, YearMonth
from sphinx_papers.lists.selection import (
    TYPE_HEADINGS,
    SelectionError,
    all_of,
    author_predicate,
    group_papers,
    keys_predicate,
    match_predicate,
    paper_type,
    parse_keys,
    parse_years,
    sort_papers,
    type_predicate,
)
from sphinx_papers.readers import read_path

DATA = Path(__file__).parent / "data"
SEED = DATA / "arxiv-listing-talwalkar.txt"


def chosen(papers: list[Paper], test: Any) -> set[str]:
    return {p.title for p in papers if test(p)}


def ascii_lower(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def raw_titles(keep: Any) -> set[str]:
    return {e.title for e in seed_entries() if keep(e)}


# --------------------------------------------------------------------------- :year:


def test_years_count_the_2024_papers_of_the_listing(seed: list[Paper]) -> None:
    text = SEED.read_text(encoding="utf-8")
    # a paper's year is its first version's: "v1 submitted" when shown, else "Submitted"
    firsts = [
        m[1] or m[0]
        for m in re.findall(r"^Submitted [^;]*?(\d{4});(?: v1 submitted [^;]*?(\d{4});)?", text, re.MULTILINE)
    ]
    assert len(firsts) == 50
    assert firsts.count("2024") == 10
    assert len(chosen(seed, parse_years("2024"))) == 10


@pytest.mark.parametrize(
    ("spec", "keep"),
    [
        ("2024", lambda y: y == 2024),
        (" 2021-2023 ", lambda y: 2021 <= y <= 2023),
        ("2021 – 2022", lambda y: 2021 <= y <= 2022),
        (">=2024", lambda y: y >= 2024),
        ("> 2024", lambda y: y > 2024),
        ("<2022", lambda y: y < 2022),
        ("<= 2022", lambda y: y <= 2022),
        ("=2023", lambda y: y == 2023),
        ("2021,2025", lambda y: y in {2021, 2025}),
        ("2021, 2023-2024, >2024", lambda y: y != 2022),
        ("1999", lambda y: False),
    ],
)
def test_year_forms(seed: list[Paper], spec: str, keep: Any) -> None:
    expected = raw_titles(lambda e: keep(e.first.year))
    assert chosen(seed, parse_years(spec)) == expected


def test_undated_papers_match_no_year() -> None:
    undated = Paper(title="Undated")
    assert not parse_years("<3000")(undated)
    assert parse_years("2019")(Paper(title="Issued", issued=YearMonth(2019)))


@pytest.mark.parametrize(
    ("spec", "column", "message"),
    [
        ("", 1, "no year given"),
        ("twenty", 1, "bad year 'twenty'"),
        ("2021, 20x4", 7, "bad year '20x4'"),
        ("2023-2021", 1, "empty year range"),
        ("2021,,2022", 6, "bad year ''"),
        ("2021 2022", 1, "bad year"),
        ("=>2020", 1, "bad year"),
    ],
)
def test_year_errors(spec: str, column: int, message: str) -> None:
    with pytest.raises(SelectionError) as caught:
        parse_years(spec)
    assert (caught.value.column, message in caught.value.message) == (column, True)


# --------------------------------------------------------------------------- :author:


@pytest.mark.parametrize(
    "name",
    ["Ameet Talwalkar", "A. Talwalkar", "A Talwalkar", "Talwalkar, Ameet", "Talwalkar, A.", "talwalkar",
     "AMEET TALWALKAR", "  Ameet   Talwalkar "],
)  # fmt: skip
def test_author_spellings_find_the_same_papers(seed: list[Paper], name: str) -> None:
    expected = raw_titles(lambda e: "Ameet Talwalkar" in e.authors)
    assert len(expected) == 49  # the 50th hides him among "28 additional authors not shown"
    assert chosen(seed, author_predicate(name)) == expected


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Angel Cabrera", "Ángel Alexander Cabrera"),
        ("Cabrera, Ángel A.", "Ángel Alexander Cabrera"),
        ("Christopher Re", "Christopher Ré"),
        ("C. Ré", "Christopher Ré"),
        ("Jean-Francois Kagy", "Jean-François Kagy"),
        ("J.-F. Kagy", "Jean-François Kagy"),
        ("Elias Jaasaari", "Elias Jääsaari"),
        ("Balcan, Maria-Florina", "Maria-Florina Balcan"),
        ("M. Balcan", "Maria-Florina Balcan"),
    ],
)
def test_author_accents_initials_and_hyphens(seed: list[Paper], name: str, shown: str) -> None:
    expected = raw_titles(lambda e: shown in e.authors)
    assert expected
    assert chosen(seed, author_predicate(name)) == expected


@pytest.mark.parametrize("name", ["Anil Talwalkar", "B. Talwalkar", "Ameet Talwalker", "Valerie"])
def test_author_mismatches(seed: list[Paper], name: str) -> None:
    assert chosen(seed, author_predicate(name)) == set()


def test_several_authors_separated_by_semicolons(seed: list[Paper]) -> None:
    chen = raw_titles(lambda e: "Valerie Chen" in e.authors)
    khodak = raw_titles(lambda e: "Mikhail Khodak" in e.authors)
    balcan = raw_titles(lambda e: "Maria-Florina Balcan" in e.authors)
    assert chosen(seed, author_predicate("Valerie Chen; Khodak, M.")) == chen | khodak
    assert chosen(seed, author_predicate("Maria-Florina Balcan;Mikhail Khodak;")) == balcan | khodak
    assert len(balcan | khodak) < len(balcan) + len(khodak)  # some papers have both: listed once


def test_multiword_family_names_and_particles() -> None:
    marra = Paper(
        title="x", authors=(Author("Eddy G. Chirinos", "Isidro"), Author("Jean Ogier", "Terrail", "du"))
    )
    assert author_predicate("Chirinos Isidro, Eddy")(marra)
    assert author_predicate("Eddy Isidro")(marra)
    assert author_predicate("J. O. du Terrail")(marra)
    assert author_predicate("Jean Terrail")(marra)
    assert not author_predicate("Eddy Chirinos")(marra)


@pytest.mark.parametrize("name", ["", " ; ;"])
def test_author_errors(name: str) -> None:
    with pytest.raises(SelectionError, match="no author name"):
        author_predicate(name)


# --------------------------------------------------------------------------- :match:


def test_match_searches_title_and_abstract_case_insensitively(seed: list[Paper]) -> None:
    agent = raw_titles(lambda e: re.search("agent", e.title + "\n" + e.abstract, re.IGNORECASE))
    assert chosen(seed, match_predicate("AGENT")) == agent
    assert raw_titles(lambda e: "agent" in e.abstract.lower() and "agent" not in e.title.lower())
    assert chosen(seed, match_predicate("^sanity")) == {"Sanity Simulations for Saliency Methods"}
    assert chosen(seed, match_predicate(r"\bPDEs?\b")) == raw_titles(
        lambda e: re.search(r"\bPDEs?\b", e.title) or re.search(r"\bPDEs?\b", e.abstract)
    )


@pytest.mark.parametrize(("regex", "column"), [("(unclosed", 1), ("ok|[z-a]", 5), ("a{2,1}", 3)])
def test_bad_regex(regex: str, column: int) -> None:
    with pytest.raises(SelectionError, match="bad regular expression") as caught:
        match_predicate(regex)
    assert caught.value.column == column


def test_empty_regex_is_an_error() -> None:
    with pytest.raises(SelectionError, match="empty"):
        match_predicate("  ")


# --------------------------------------------------------------------------- types


def bib(entry_type: str, arxiv_id: str = "", **fields: str) -> Paper:
    return Paper(title=f"{entry_type} {fields}", entry_type=entry_type, arxiv_id=arxiv_id,
                 bibtex_fields={"title": "x", **fields})  # fmt: skip


@pytest.mark.parametrize(
    ("paper", "kind"),
    [
        (Paper(title="listing"), "preprint"),
        (Paper(title="j", journal_ref="JHEP 0807:044,2008"), "article"),
        (
            Paper(title="p", journal_ref="Proceedings of the National Academy of Sciences 117 (2020)"),
            "article",
        ),
        (
            Paper(
                title="c", journal_ref="Proceedings of the 38th International Conference on Machine Learning"
            ),
            "inproceedings",
        ),
        (Paper(title="n", journal_ref="NeurIPS 2021"), "inproceedings"),
        (Paper(title="w", journal_ref="ICML 2022 Workshop on Updatable ML"), "inproceedings"),
        (Paper(title="i", journal_ref="Proc. ICANN 2005, LNCS 3697"), "inproceedings"),
        (bib("article", "2106.06168", journal="arXiv preprint arXiv:2106.06168"), "preprint"),
        (bib("article", "2106.06168", journal="CoRR", volume="abs/2106.06168"), "preprint"),
        (bib("misc", "2106.06168", eprint="2106.06168"), "preprint"),
        (bib("online", "2106.06168"), "preprint"),
        (bib("article", "2106.06168", journal="{Nature}"), "article"),
        (bib("inproceedings", "2106.06168", booktitle="NeurIPS"), "inproceedings"),
        (bib("CONFERENCE", booktitle="Proc. X"), "inproceedings"),
        (bib("misc", howpublished="Blog"), "misc"),
        (bib("PhdThesis", school="CMU"), "phdthesis"),
        (bib("www"), "online"),
        (Paper(title="typed", entry_type="book"), "book"),
    ],
)
def test_paper_type(paper: Paper, kind: str) -> None:
    assert paper_type(paper) == kind


def test_types_of_the_atom_samples(atom: list[Paper]) -> None:
    kinds = {p.arxiv_id: paper_type(p) for p in atom}
    assert kinds["hep-th/0703202"] == "article"  # JHEP
    assert kinds["1003.0358"] == "article"  # Neural Computation
    assert (
        kinds["cs/0603023"] == "inproceedings"
    )  # Proc. 9th International Conf. on Intelligent Autonomous Systems
    assert kinds["0706.4420"] == "preprint"
    without_ref = {p.arxiv_id for p in atom if not p.journal_ref}
    assert {i for i, k in kinds.items() if k == "preprint"} == without_ref


def raw_bib_entries(path: Path) -> list[tuple[str, str, str]]:
    """(type, key, body) of each entry of a .bib file, by a regex over its text; @string etc. left out."""
    found = re.findall(
        r"^@(\w+)\s*\{\s*([^,\s]+),(.*?)(?=^@|\Z)", path.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL
    )
    return [
        (t.lower(), k, body) for t, k, body in found if t.lower() not in {"string", "preamble", "comment"}
    ]


def test_types_and_type_groups_of_a_real_bib() -> None:
    path = DATA / "bib" / "biblatex-examples.bib"
    raw = raw_bib_entries(path)
    papers = read_path(path, fmt="bibtex").papers
    assert len(papers) == len(raw) == 92
    kinds = {p.key: paper_type(p) for p in papers}
    eprints = {k for t, k, body in raw if t == "online" and re.search(r"eprinttype\s*=\s*\{arxiv\}", body)}
    assert eprints == {"baez/online", "itzhaki", "wassenberg"}
    assert {k for k, kind in kinds.items() if kind == "preprint"} == eprints
    assert kinds["baez/article"] == "article"  # an arXiv e-print published in a journal
    assert all(kinds[k] == t for t, k, _ in raw if t not in {"online"})
    sizes = {h: len(g) for h, g in group_papers(sort_papers(papers, "type"), "type")}
    count = Counter(t for t, _, _ in raw)
    assert sizes["Journal articles"] == count["article"] == 20
    assert sizes["Books"] == count["book"] + count["mvbook"]
    assert sizes["Patents"] == count["patent"]
    assert sizes["Online resources"] == count["online"] - len(eprints)
    assert list(sizes)[-1] == "Other"
    assert sum(sizes.values()) == 92
    assert chosen(papers, type_predicate("book mvbook")) == {
        p.title for p in papers if p.entry_type in {"book", "mvbook"}
    }


def test_type_option(seed: list[Paper], atom: list[Paper]) -> None:
    assert chosen(seed, type_predicate("preprint")) == {p.title for p in seed}
    published = chosen(atom, type_predicate("article, inproceedings"))
    assert published == {p.title for p in atom if p.journal_ref}
    assert chosen(atom, type_predicate("Conference")) == chosen(atom, type_predicate("inproceedings"))


@pytest.mark.parametrize(("types", "column"), [("article, preprints", 10), ("", 1), ("books", 1)])
def test_type_errors(types: str, column: int) -> None:
    with pytest.raises(SelectionError) as caught:
        type_predicate(types)
    assert caught.value.column == column


# --------------------------------------------------------------------------- :keys: and all_of


def test_keys(seed: list[Paper]) -> None:
    keyed = [p.replace(key=f"k{i}") for i, p in enumerate(seed)]
    assert parse_keys(" k3, k1\nk3  k10 ") == ["k3", "k1", "k10"]
    assert chosen(keyed, keys_predicate("k3, k1 k10,k999")) == {seed[1].title, seed[3].title, seed[10].title}
    assert chosen(keyed, keys_predicate("K3")) == set()  # keys are case-sensitive, as biber's are
    with pytest.raises(SelectionError, match="no key"):
        keys_predicate(" , ")


def test_all_of(seed: list[Paper]) -> None:
    everything = {p.title for p in seed}
    assert chosen(seed, all_of([])) == everything
    years, person, words = (
        parse_years(">=2023"),
        author_predicate("Valerie Chen"),
        match_predicate("code|program"),
    )
    assert chosen(seed, all_of([years])) == chosen(seed, years)
    combined = chosen(seed, all_of(iter([years, person, words])))
    assert combined == chosen(seed, years) & chosen(seed, person) & chosen(seed, words)
    assert combined and combined != chosen(seed, years) & chosen(seed, person)


# --------------------------------------------------------------------------- sorting


def test_default_sort_is_newest_first_by_first_version(seed: list[Paper]) -> None:
    first = {e.title: e.first for e in seed_entries()}
    ordered = [p.title for p in sort_papers(seed)]
    assert [first[t] for t in ordered] == sorted(first.values(), reverse=True)
    assert [first[t] for t in [p.title for p in sort_papers(seed, "date")]] == sorted(first.values())


def test_sorting_never_depends_on_input_order(seed: list[Paper]) -> None:
    # every paper of a year shares one date, so the tie-break decides within a year
    flattened = [p.replace(first_submitted=date(p.year or 1, 1, 1), submitted=None, key=f"k{i % 7}")
                 for i, p in enumerate(seed)]  # fmt: skip
    rng = random.Random(5)
    for spec in ("-date", "year", "-year,title", "key", "author,-date", "type"):
        expected = [p.title for p in sort_papers(flattened, spec)]
        for _ in range(5):
            shuffled = flattened[:]
            rng.shuffle(shuffled)
            assert [p.title for p in sort_papers(shuffled, spec)] == expected, spec
    by_year = sort_papers(flattened, "year")
    for a, b in itertools.pairwise(by_year):  # within a year: by key, then title
        assert (a.year, a.key, a.title.lower()) <= (b.year, b.key, b.title.lower())


def test_sort_by_title_author_and_several_keys(seed: list[Paper]) -> None:
    raw = seed_entries()
    titles = [p.title for p in sort_papers(seed, "title")]
    assert titles == sorted((e.title for e in raw), key=str.lower)
    assert [p.title for p in sort_papers(seed, "-title")] == titles[::-1]
    firsts = [ascii_lower(p.authors[0].family) for p in sort_papers(seed, "author")]
    assert firsts == sorted(ascii_lower(e.authors[0].split()[-1]) for e in raw)
    assert "jaasaari" in firsts  # "Jääsaari" sorts as if unaccented
    mixed = sort_papers(seed, "-year, +title")
    keys = [(-(p.year or 0), p.title.lower()) for p in mixed]
    assert keys == sorted(keys)


def test_sort_by_arxiv_id_is_chronological(atom: list[Paper]) -> None:
    brown = [p for p in atom if p.arxiv_id in {"0706.4420", "hep-th/0703202", "hep-th/0611290"}]
    assert [p.arxiv_id for p in sort_papers(brown, "arxiv")] == [
        "hep-th/0611290",
        "hep-th/0703202",
        "0706.4420",
    ]
    ids = [p.arxiv_id for p in sort_papers(atom, "-arxiv")]
    assert ids[0] == "2008.11708" and ids[-1] == "quant-ph/9904050"


def test_missing_values_sort_last_both_ways(atom: list[Paper]) -> None:
    papers = [*atom[:5], Paper(title="No id, no date"), Paper(title="No id either")]
    for spec in ("arxiv", "-arxiv", "date", "-date", "author"):
        tail = [p.title for p in sort_papers(papers, spec)[-2:]]
        assert tail == ["No id either", "No id, no date"], spec


def test_sort_by_type_follows_the_heading_order(atom: list[Paper]) -> None:
    kinds = [paper_type(p) for p in sort_papers(atom, "type")]
    assert kinds == sorted(kinds, key=["article", "inproceedings", "preprint"].index)


@pytest.mark.parametrize(
    ("spec", "column"), [("date, foo", 7), ("", 1), ("-date,,title", 7), ("year desc", 1)]
)
def test_sort_errors(spec: str, column: int) -> None:
    with pytest.raises(SelectionError, match="unknown sort key") as caught:
        sort_papers([], spec)
    assert caught.value.column == column


# --------------------------------------------------------------------------- grouping


def test_group_by_year_after_default_sort(seed: list[Paper]) -> None:
    counts = Counter(e.first.year for e in seed_entries())
    groups = group_papers(sort_papers(seed), "year")
    assert [(h, len(g)) for h, g in groups] == [(str(y), counts[y]) for y in sorted(counts, reverse=True)]
    ascending = group_papers(sort_papers(seed, "date"))
    assert [h for h, _ in ascending] == [str(y) for y in sorted(counts)]


def test_undated_group_and_order_within_groups(seed: list[Paper]) -> None:
    papers = [*sort_papers(seed[:6]), Paper(title="Someday")]
    groups = group_papers(papers, "Year")
    assert groups[-1] == ("Undated", [papers[-1]])
    assert [p for _, g in groups for p in g] == papers


def test_group_by_type_headings_in_order(atom: list[Paper], seed: list[Paper]) -> None:
    papers = sort_papers([*atom, *seed[:3], Paper(title="Book", entry_type="book"),
                          Paper(title="Memo", entry_type="booklet")])  # fmt: skip
    groups = group_papers(papers, "type")
    assert [h for h, _ in groups] == ["Journal articles", "Conference papers", "Preprints", "Books", "Other"]
    assert {p.title for p in dict(groups)["Preprints"]} == {
        p.title for p in papers if paper_type(p) == "preprint"
    }
    assert [h for h, _ in TYPE_HEADINGS][:3] == ["Journal articles", "Conference papers", "Preprints"]
    for _, group in groups:
        assert group == [p for p in papers if p in group]


def test_group_none_and_empty(seed: list[Paper]) -> None:
    assert group_papers(seed, " none ") == [("", list(seed))]
    assert group_papers([], "year") == []
    with pytest.raises(SelectionError, match="unknown grouping 'month'"):
        group_papers(seed, "month")


def test_sort_and_group_5000_papers(seed: list[Paper]) -> None:
    papers = [p.replace(title=f"{p.title} {i}") for i in range(100) for p in seed]
    groups = group_papers(sort_papers(papers, "-date"), "year")
    assert sum(len(g) for _, g in groups) == 5000
    years = [int(heading) for heading, _ in groups if heading != "Undated"]
    assert years == sorted(years, reverse=True)
