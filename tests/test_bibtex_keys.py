"""Citation keys: format, placeholders, clash suffixes, determinism, ``taken``, preset keys."""

from __future__ import annotations

import random
import re
from datetime import date
from typing import TYPE_CHECKING

import pytest

from sphinx_papers.bibtex import DEFAULT_KEY_FORMAT, PLACEHOLDERS, assign_keys
from sphinx_papers.bibtex.keys import key_letters
from sphinx_papers.core.model import Author, Paper, YearMonth
from sphinx_papers.readers import read_path

if TYPE_CHECKING:
    from pathlib import Path

LI = Author(given="Lisha", family="Li")


def paper(title: str, year: int = 2016, authors: tuple[Author, ...] = (LI,), **kw: object) -> Paper:
    return Paper(title=title, authors=authors, first_submitted=date(year, 3, 1), **kw)  # type: ignore[arg-type]


def test_default_format_is_surname_year_first_significant_word() -> None:
    hyperband = paper("Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization")
    assert assign_keys([hyperband]) == ["li2016hyperband"]
    assert DEFAULT_KEY_FORMAT == "{surname}{year}{word}"


def test_stop_words_are_skipped_and_keys_are_lowercase_ascii() -> None:
    ramé = Author(given="Élise", family="Ramé")
    lukasz = Author(given="Łukasz", family="Łańcucki")
    keys = assign_keys(
        [
            paper("Towards the Über-Model of Everything", authors=(ramé,)),
            paper("On the Ærodynamics", authors=(lukasz,)),
        ]
    )
    assert keys == ["rame2016uber", "lancucki2016aerodynamics"]


def test_placeholders() -> None:
    du = Author(given="Jean Ogier", family="Terrail", particle="du")
    p = paper("Cross-Silo Federated Learning Benchmarks", year=2022, authors=(du, LI), arxiv_id="2210.04620")
    assert assign_keys([p], "{surname}{yy}{words2}") == ["terrail22crosssilo"]
    assert assign_keys([p], "{first_author}-{words3}") == ["duterrail-crosssilofederated"]
    assert assign_keys([p], "{last_author}:{arxiv}") == ["li:2210.04620"]
    old = paper("Old", arxiv_id="hep-th/0611290")
    assert assign_keys([old], "arXiv:{arxiv}") == ["arXiv:hep-th-0611290"]
    assert set(PLACEHOLDERS) >= {"surname", "year", "word", "words2", "words3", "arxiv", "first_author"}


def test_missing_data_still_gives_a_key() -> None:
    nobody = Paper(title="", announced=YearMonth(2020, 5))
    assert assign_keys([nobody]) == ["anon2020"]


@pytest.mark.parametrize(
    "bad", ["{surname}{nope}", "{year:04d}", "{surname!r}", "{surname", "key", "{word} x"]
)
def test_bad_formats_raise_value_error_with_a_message(bad: str) -> None:
    with pytest.raises(ValueError, match="bad key format"):
        assign_keys([paper("T")], bad)


def test_clashes_get_suffixes_ordered_by_date_then_title() -> None:
    later = Paper(title="Hyperband Later", authors=(LI,), first_submitted=date(2016, 9, 1))
    earlier = Paper(title="Hyperband Earlier", authors=(LI,), first_submitted=date(2016, 2, 1))
    same_day = Paper(title="Hyperband Again", authors=(LI,), first_submitted=date(2016, 2, 1))
    keys = assign_keys([later, earlier, same_day])
    assert keys == ["li2016hyperbandc", "li2016hyperbandb", "li2016hyperbanda"]


def test_taken_keys_are_avoided() -> None:
    p = paper("Hyperband")
    assert assign_keys([p], taken={"li2016hyperband"}) == ["li2016hyperbanda"]
    assert assign_keys([p], taken={"li2016hyperband", "li2016hyperbanda"}) == ["li2016hyperbandb"]


def test_preset_key_is_kept_and_wins_a_clash() -> None:
    preset = paper("Hyperband", key="li2016hyperband")
    made = paper("Hyperband Two")
    assert assign_keys([made, preset]) == ["li2016hyperbanda", "li2016hyperband"]
    assert assign_keys([paper("X", key="Li:Custom_Key")]) == ["Li:Custom_Key"]


def test_duplicate_preset_keys_are_made_unique() -> None:
    a = paper("A", key="same")
    b = paper("B", key="same")
    keys = assign_keys([a, b])
    assert keys == ["samea", "sameb"]
    assert assign_keys([b, a]) == ["sameb", "samea"]


def test_suffix_never_collides_with_another_base() -> None:
    # "smith2020a" is both a suffixed key of the 2020 clash and another paper's own base
    smith = (Author(given="J", family="Smith"),)
    papers = [
        Paper(title="A", authors=smith, first_submitted=date(2020, 1, 1)),
        Paper(title="A", authors=smith, first_submitted=date(2020, 2, 1)),
        Paper(title="Other", authors=smith, first_submitted=date(2020, 3, 1), key="smith2020aa"),
    ]
    keys = assign_keys(papers)
    assert len(set(keys)) == 3
    assert keys[2] == "smith2020aa"


def test_seed_keys_unique_valid_and_independent_of_order(seed_path: Path) -> None:
    papers = read_path(seed_path, "text").papers
    keys = assign_keys(papers)
    assert len(set(keys)) == len(papers) == 50
    assert all(re.fullmatch(r"[a-z]+\d{4}[a-z0-9]*", k) for k in keys)
    assert keys[0] == "yu2025decision"  # Yu, 2025, "Why Do Decision Makers..." ("why", "do" are stop words)
    by_paper = dict(zip(papers, keys, strict=True))
    rng = random.Random(7)
    for _ in range(5):
        shuffled = papers[:]
        rng.shuffle(shuffled)
        assert dict(zip(shuffled, assign_keys(shuffled), strict=True)) == by_paper


def test_clash_suffixes_independent_of_order(seed_path: Path) -> None:
    papers = read_path(seed_path, "text").papers
    # a coarse pattern makes many clashes: surname only
    keys = assign_keys(papers, "{surname}")
    assert len(set(keys)) == 50
    by_paper = dict(zip(papers, keys, strict=True))
    shuffled = papers[::-1]
    assert dict(zip(shuffled, assign_keys(shuffled, "{surname}"), strict=True)) == by_paper
    assert "chen" not in keys and {"chena", "chenb"} <= set(keys)  # every clashing "chen" got a suffix


def test_clash_suffixes_follow_date_title_id_then_authors() -> None:
    """Each level of the suffix order, shown by papers that tie on every level before it."""
    zhang = Author(given="Wei", family="Zhang")
    expected = [
        Paper(title="Hyperband", authors=(LI,), issued=YearMonth(2016)),  # 2016-00
        Paper(title="Hyperband", authors=(LI,), issued=YearMonth(2016, 3)),  # 2016-03 < 2016-03-01
        paper("Hyperband"),  # 2016-03-01, no arXiv id
        paper("HYPERBAND", arxiv_id="1603.06560"),  # same title once case-folded; an id sorts after none
        paper("Hyperband", authors=(LI, zhang), arxiv_id="1603.06560"),  # ties until the authors
        paper("Hyperband Two"),  # a longer title after its prefix
        Paper(title="Hyperband", authors=(LI,), first_submitted=date(2016, 9, 1)),
    ]
    rng = random.Random(3)
    for _ in range(5):
        shuffled = rng.sample(expected, len(expected))
        by_paper = dict(zip(shuffled, assign_keys(shuffled), strict=True))
        assert [by_paper[p] for p in expected] == [f"li2016hyperband{s}" for s in "abcdefg"]


def test_identical_papers_are_suffixed_in_input_order() -> None:
    twin = paper("Hyperband")
    assert assign_keys([twin, twin, twin]) == ["li2016hyperbanda", "li2016hyperbandb", "li2016hyperbandc"]


def test_title_words_are_split_at_any_space_and_punctuation() -> None:
    p = paper("On\u00a0the\tCross-Silo  Über_Bench.")
    assert assign_keys([p], "{word}-{words2}-{words3}") == ["cross-crosssilo-crosssilouber"]
    assert assign_keys([paper("On the of")], "x{words3}") == ["x"]


@pytest.mark.parametrize(
    "text", ["", "Li", "Łukasz Ramé", "O'Brien-Smith", "中文 3rd", "ǅ ﬁ ①", "a\u0301_b\x00"]
)
def test_key_letters_are_lower_case_ascii_letters_and_digits(text: str) -> None:
    letters = key_letters(text)
    assert re.fullmatch(r"[a-z0-9]*", letters)
    assert key_letters(letters) == letters


def test_key_letters_spell_accented_and_special_letters_in_ascii() -> None:
    assert key_letters("Łukasz Ramé-Straße Ørsted") == "lukaszramestrasseorsted"


def test_a_paper_without_a_day_sorts_by_its_month_among_dated_ones() -> None:
    september = Paper(title="Hyperband Sep", authors=(LI,), first_submitted=date(2016, 9, 1))
    february = Paper(title="Hyperband Feb", authors=(LI,), first_submitted=date(2016, 2, 1))
    march = Paper(title="Hyperband Mar", authors=(LI,), issued=YearMonth(2016, 3))  # "2016-03"
    assert assign_keys([september, march, february]) == [f"li2016hyperband{s}" for s in "cba"]
