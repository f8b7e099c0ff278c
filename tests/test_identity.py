"""The one identity-and-merge policy (:mod:`sphinx_papers.core.identity`), on real files and generated records."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_papers import readers
from sphinx_papers.core.identity import ascii_alnum, fill_fields, merge_papers
from sphinx_papers.core.model import Author, Paper, Source

DATA = Path(__file__).parent / "data"
ASTROPY = DATA / "bib" / "astropy-v5-refs.bib"
TALWALKAR = (Author("Ameet", "Talwalkar"),)


def test_two_keys_for_one_paper_in_one_bib_are_both_kept() -> None:
    """astropy's bibliography cites ``yt`` and ``yt:2011``, one paper (arXiv 1011.3514)."""
    papers = readers.read_path(ASTROPY).papers
    twins = [p for p in papers if p.arxiv_id == "1011.3514"]
    assert [p.key for p in twins] == ["yt", "yt:2011"]
    merged = merge_papers(papers)
    assert [p.key for p in merged.papers] == [p.key for p in papers]  # nothing merged away, order kept
    assert merged.merged == 0 and merged.problems == []
    (note,) = [n for n in merged.notes if "'yt'" in n.message]
    assert (note.path, note.line) == (str(ASTROPY), 1577)
    assert "astropy-v5-refs.bib:571" in note.message and "both kept" in note.message


def test_a_listing_fills_both_twins_and_keeps_their_fields() -> None:
    papers = readers.read_path(ASTROPY).papers
    yt = next(p for p in papers if p.key == "yt")
    listed = Paper(
        "yt: a multi-code analysis toolkit",
        authors=(Author("Matthew", "Turk"),),
        arxiv_id="1011.3514",
        abstract="The analysis of complex multiphysics astrophysical simulations ...",
        comments="18 pages",
        source=Source("listing.txt", 3),
    )
    fields = {
        "title": "yt: a multi-code analysis toolkit",
        "abstract": listed.abstract,
        "comments": "18 pages",
    }
    merged = merge_papers([listed, *papers], lambda paper: fields)
    both = [p for p in merged.papers if p.arxiv_id == "1011.3514"]
    assert [p.key for p in both] == ["yt", "yt:2011"]
    for paper in both:
        assert paper.entry_type == "article" and paper.title == yt.title  # the .bib's, not the listing's
        assert paper.abstract == listed.abstract and paper.bibtex_fields["abstract"] == listed.abstract
        assert paper.bibtex_fields["title"] == yt.bibtex_fields["title"]
    assert listed not in merged.papers
    named = [n for n in merged.notes if n.path == "listing.txt"]
    assert len(named) == 2 and all("astropy-v5-refs.bib:" in n.message for n in named)


def test_the_bib_entry_wins_whichever_source_comes_first() -> None:
    listed = Paper(
        "Deep Nets", authors=TALWALKAR, arxiv_id="2001.00001", abstract="Long.", source=Source("l.txt", 1)
    )
    mine = Paper(
        "Deep Nets: the Proceedings Version",
        authors=TALWALKAR,
        key="mykey",
        entry_type="inproceedings",
        arxiv_id="2001.00001",
        bibtex_fields={"title": "Deep Nets: the Proceedings Version", "booktitle": "Proc. X"},
        source=Source("mine.bib", 1),
    )
    generated = {"title": "Deep Nets", "abstract": "Long.", "eprint": "2001.00001", "year": "2020"}
    for order in ([listed, mine], [mine, listed]):
        (paper,) = merge_papers(order, lambda paper: generated).papers
        assert (paper.key, paper.entry_type, paper.title) == ("mykey", "inproceedings", mine.title)
        assert paper.abstract == "Long."
        assert paper.bibtex_fields == {
            **mine.bibtex_fields,
            "abstract": "Long.",
            "eprint": "2001.00001",
            "year": "2020",
        }


def test_a_key_twice_merges_the_same_paper_and_reports_another() -> None:
    first = Paper(
        "Deep Nets",
        authors=TALWALKAR,
        key="k",
        bibtex_fields={"title": "Deep Nets"},
        source=Source("a.bib", 4),
    )
    again = first.replace(
        abstract="Text.", bibtex_fields={"title": "Deep Nets", "note": "n"}, source=Source("b.bib", 9)
    )
    other = Paper(
        "Other Paper", authors=TALWALKAR, key="k", bibtex_fields={"title": "Other"}, source=Source("c.bib", 2)
    )
    merged = merge_papers([first, again, other])
    (paper,) = merged.papers
    assert (paper.abstract, paper.bibtex_fields, paper.source) == (
        "Text.",
        {"title": "Deep Nets", "note": "n"},
        first.source,
    )
    (problem,) = merged.problems
    assert (str(problem), problem.severity) == (
        "c.bib:2: duplicate key 'k' (first at a.bib:4), another paper: this entry is ignored",
        "warning",
    )
    assert [str(n) for n in merged.notes] == [
        "b.bib:9: key 'k' also at a.bib:4, the same paper: merged, that entry first"
    ]


def test_versions_merge_newest_first_and_without_id_by_title() -> None:
    v1 = Paper("Federated Learning", authors=TALWALKAR, arxiv_id="1908.07873", first_submitted=date(2019, 8, 1),
               abstract="Short…", abstract_complete=False)  # fmt: skip
    v2 = v1.replace(version=2, submitted=date(2020, 1, 1), abstract="", comments="v2 comments")
    no_id = Paper("Federated {L}earning.", authors=TALWALKAR)  # no id, no key: a listing without ids
    other = Paper("Federated learning", authors=TALWALKAR, arxiv_id="2107.06917")  # another paper
    for records in ([v1, v2, no_id, other], [no_id, v1, other, v2], [v2, other, no_id, v1]):
        merged = merge_papers(records)
        assert merged.merged == 2 and len(merged.notes) == 2
        ours = next(p for p in merged.papers if p.arxiv_id != "2107.06917")
        assert (ours.arxiv_id, ours.version, ours.comments) == ("1908.07873", 2, "v2 comments")
        assert ours.abstract == "Short…" and ours.first_submitted == date(2019, 8, 1)  # filled from v1
        assert other in merged.papers


def test_fill_fields_keeps_the_users_and_refreshes_only_a_newer_version() -> None:
    user = {
        "title": "Mine",
        "eprinttype": "arxiv",
        "eprint": "2001.00001",
        "version": "1",
        "doi": "10.48550/arXiv.2001.00001",
    }
    newer = {"title": "Theirs", "archivePrefix": "arXiv", "eprint": "2001.00001", "version": "2",
             "doi": "10.48550/arXiv.2001.00001v2", "abstract": "A."}  # fmt: skip
    assert fill_fields(user, newer) == {**user, "version": "2", "doi": newer["doi"], "abstract": "A."}
    older = {**newer, "version": "1", "updated": "2020-01-01"}
    assert fill_fields({**user, "version": "3"}, older) == {**user, "version": "3", "abstract": "A."}
    journal = {**user, "doi": "10.1145/1"}  # a journal's DOI is the user's choice
    assert fill_fields(journal, newer)["doi"] == "10.1145/1"


def reference_ascii_alnum(text: str) -> str:
    """The rule of :func:`ascii_alnum`, spelled out with regular expressions."""
    text = re.sub(r"\\(?:[A-Za-z]+|.)", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@pytest.mark.parametrize(
    "text",
    [
        "Hyperband: A Novel Bandit-Based Approach",
        "$Θ(1/Δ^2)$ Bounds for Łukasz Ramé",
        "$\\Theta(1/\\Delta^2)$ {\\L}ukasz Ram{\\'e}",
        "ﬁnite ǅ İstanbul ẞ K Ⅻ ½ ²",
        "".join(map(chr, range(0x300))),
        "",
    ],
)
def test_ascii_alnum_keeps_lower_case_ascii_letters_and_digits(text: str) -> None:
    assert ascii_alnum(text) == reference_ascii_alnum(text)
    assert re.fullmatch(r"[a-z0-9]*", ascii_alnum(text))


# -- properties over generated records --------------------------------------------

# never empty: a record with no title, id or key has no identity to merge by
_TITLES = ["Deep Nets", "Deep nets.", "Bandits", "Federated Learning"]
_records = st.builds(
    Paper,
    title=st.sampled_from(_TITLES),
    authors=st.sampled_from([TALWALKAR, (Author("Ann", "Smith"),), ()]),
    arxiv_id=st.sampled_from(["", "", "2001.00001", "2001.00002"]),
    version=st.sampled_from([None, 1, 2]),
    submitted=st.sampled_from([None, date(2020, 1, 1), date(2021, 1, 1)]),
    abstract=st.sampled_from(["", "Text."]),
    comments=st.sampled_from(["", "5 pages"]),
    key=st.sampled_from(["", "", "", "a", "b"]),
    entry_type=st.sampled_from(["misc", "article"]),
    bibtex_fields=st.dictionaries(
        st.sampled_from(["title", "note", "year"]), st.sampled_from(["x", "y"]), max_size=2
    ),
    source=st.builds(Source, st.sampled_from(["l.txt", "a.bib", "b.bib"]), st.integers(1, 50)),
)


def _fields(paper: Paper) -> dict[str, str]:
    return {"title": paper.title, "abstract": paper.abstract, "version": str(paper.version or "")}


def _state(papers: list[Paper]) -> list[tuple[Paper, dict[str, str]]]:
    return [(p, p.bibtex_fields) for p in papers]  # bibtex_fields take no part in Paper's equality


@settings(max_examples=300, deadline=None)
@given(st.lists(_records, max_size=8))
def test_merging_twice_is_merging_once(records: list[Paper]) -> None:
    once = merge_papers(records, _fields).papers
    assert _state(merge_papers(once, _fields).papers) == _state(once)


@settings(max_examples=300, deadline=None)
@given(st.lists(_records, max_size=8))
def test_merging_records_with_themselves_changes_nothing(records: list[Paper]) -> None:
    once = merge_papers(records, _fields).papers
    assert _state(merge_papers(records + records, _fields).papers) == _state(once)


@settings(max_examples=300, deadline=None)
@given(st.lists(_records, max_size=8))
def test_no_key_is_lost_and_every_merge_is_named(records: list[Paper]) -> None:
    merged = merge_papers(records, _fields)
    assert {p.key for p in merged.papers if p.key} == {p.key for p in records if p.key}
    assert len({p.key for p in merged.papers if p.key}) == len([p for p in merged.papers if p.key])
    # each record not standing alone is named by a note or a problem
    assert len(merged.notes) + len(merged.problems) >= merged.merged
    assert len(merged.papers) + merged.merged == len(records)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "version", "doi", "eprint", "date", "note"]),
        st.sampled_from(["1", "2", "x"]),
    ),
    st.dictionaries(
        st.sampled_from(["title", "version", "doi", "eprint", "year", "abstract"]),
        st.sampled_from(["1", "2", "y"]),
    ),
)
def test_fill_fields_is_idempotent_and_keeps_the_users_other_fields(
    user: dict[str, str], new: dict[str, str]
) -> None:
    filled = fill_fields(user, new)
    assert fill_fields(filled, new) == filled
    assert {k: v for k, v in filled.items() if k in user and k not in {"version", "eprint", "doi"}} == {
        k: v for k, v in user.items() if k not in {"version", "eprint", "doi"}
    }
