"""Identity of papers: :func:`dedupe`'s two paths agree, records without arXiv id still merge by title."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

import pytest

from sphinx_papers import readers
from sphinx_papers.core import identity
from sphinx_papers.core.identity import dedupe, fold
from sphinx_papers.core.model import Author, Paper

if TYPE_CHECKING:
    from pathlib import Path

TALWALKAR = (Author("Ameet", "Talwalkar"),)


def arxiv_inputs(data_dir: Path) -> list[list[Paper]]:
    """The papers of every test input whose records all have an arXiv id (at least three records)."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.suffix in {".txt", ".xml", ".html"}:
            papers = readers.read_path(path).papers
            if len(papers) >= 3 and all(p.arxiv_id for p in papers):
                found.append(papers)
    return found


def test_ids_alone_give_the_result_titles_would(data_dir: Path) -> None:
    inputs = arxiv_inputs(data_dir)
    assert len(inputs) >= 5
    merge = data_dir / "merge"
    versions = [
        *readers.read_path(merge / "listing-v1.txt").papers,
        *readers.read_path(merge / "listing-v2.txt").papers,
    ]
    rng = random.Random(5)
    everything = [p for papers in inputs for p in papers]
    for papers in [
        *inputs,
        versions,
        everything + everything,
        rng.sample(everything * 3, 3 * len(everything)),
    ]:
        fast = identity._dedupe_by_id(papers)
        assert fast == identity._dedupe_by_id_and_title(papers)
        assert dedupe(iter(papers)) == fast  # any iterable, read once
    kept, dropped = identity._dedupe_by_id(versions)
    assert (len(kept), dropped) == (4, 3)


def test_a_record_without_id_merges_by_title_in_either_order() -> None:
    v1 = Paper(
        "Federated Learning", authors=TALWALKAR, arxiv_id="1908.07873", first_submitted=date(2019, 8, 1)
    )
    v2 = v1.replace(version=2, submitted=date(2020, 1, 1))
    from_bib = Paper("Federated {L}earning.", authors=TALWALKAR, key="talwalkar2019")  # no id, no date
    other = Paper("Federated learning", authors=TALWALKAR, arxiv_id="2107.06917")  # another paper
    for records in ([v1, v2, from_bib, other], [from_bib, v1, other, v2], [v2, other, from_bib, v1]):
        kept, dropped = dedupe(records)
        assert dropped == 2
        assert set(kept) == {v2, other}  # the newest arXiv version, then the other id


def test_a_record_without_id_joins_whatever_kept_its_title() -> None:
    # the record without id takes the first paper's place (it is newer); a third record,
    # under another id, then finds only that record under the title, and _same lets it in
    first = Paper("Deep Nets", authors=TALWALKAR, arxiv_id="2001.00001", first_submitted=date(2020, 1, 1))
    later = Paper("Deep Nets", authors=TALWALKAR, first_submitted=date(2021, 1, 1))
    third = Paper("Deep Nets", authors=TALWALKAR, arxiv_id="2201.00001", first_submitted=date(2022, 1, 1))
    assert dedupe([first, later, third]) == ([third], 2)
    assert dedupe([first, third]) == ([first, third], 0)  # ids alone: two papers


def reference_fold(text: str) -> str:
    """The rule of :func:`fold`, spelled out with regular expressions."""
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
def test_fold_keeps_lower_case_ascii_letters_and_digits(text: str) -> None:
    assert fold(text) == reference_fold(text)
    assert re.fullmatch(r"[a-z0-9]*", fold(text))
