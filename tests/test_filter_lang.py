"""The ``:filter:`` language: tokens, precedence, every operator on real listings, errors, safety, speed.

Expected answers are computed from the raw input files by the small parsers
below (line and regex scans), never by the readers under test.
"""

from __future__ import annotations

import builtins
import re
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import ATOM_SAMPLES
from seed_view import seed_entries

from sphinx_papers.core.model import Author, Paper
from sphinx_papers.lists.filter_fields import FIELDS
from sphinx_papers.lists.filter_lang import compile_filter
from sphinx_papers.lists.filter_tokens import tokenize
from sphinx_papers.lists.selection import SelectionError, parse_filter

DATA = Path(__file__).parent / "data"
ATOM = ATOM_SAMPLES


# --------------------------------------------------------------------------- independent views of the inputs


def raw_atom() -> list[dict[str, Any]]:
    """Each Atom entry of the samples, by regular expressions over the XML text."""
    entries = []
    for path in ATOM:
        for chunk in path.read_text(encoding="utf-8").split("<entry")[1:]:
            entries.append(
                {
                    "id": re.search(r"<id>https?://arxiv\.org/abs/(.+?)(?:v\d+)?</id>", chunk)[1],  # type: ignore[index]
                    "categories": re.findall(r"<category[^>]*term=\"([^\"]+)\"", chunk),
                    "doi": re.findall(r"<arxiv:doi[^>]*>([^<]+)", chunk),
                    "journal": re.findall(r"<arxiv:journal_ref[^>]*>([^<]+)", chunk),
                    "comment": re.findall(r"<arxiv:comment[^>]*>([^<]+)", chunk),
                }
            )
    return entries


def titles(papers: list[Paper], expression: str) -> set[str]:
    test = parse_filter(expression)
    return {p.title for p in papers if test(p)}


def test_inputs_parsed_independently(seed: list[Paper], atom: list[Paper]) -> None:
    assert len(seed_entries()) == len(seed) == 50
    assert len(raw_atom()) == len(atom) == 48


# --------------------------------------------------------------------------- tokens


def test_tokens_kinds_values_columns() -> None:
    tokens = tokenize('year >= 2022 AND "cs.LG" in categories')
    assert [(t.kind, t.value, t.column) for t in tokens] == [
        ("name", "year", 1), ("op", ">=", 6), ("int", 2022, 9), ("kw", "and", 14),
        ("str", "cs.LG", 18), ("kw", "in", 26), ("name", "categories", 29), ("end", "", 39),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "value"),
    [
        (r"'it\'s'", "it's"),
        (r'"say \"hi\""', 'say "hi"'),
        (r'"a\\b"', "a\\b"),
        (r'"\bGAN\b|\d+"', r"\bGAN\b|\d+"),  # other backslashes stay: regexes read as usual
        ('"two\nlines"', "two\nlines"),
        ('""', ""),
    ],
)
def test_string_escapes(source: str, value: str) -> None:
    token = tokenize(source)[0]
    assert (token.kind, token.value) == ("str", value)


def test_columns_count_across_lines_and_keywords_fold_case() -> None:
    tokens = tokenize("NOT doi\n  Or\tyear<2020")
    assert [(t.kind, t.value, t.column) for t in tokens[:-1]] == [
        ("kw", "not", 1), ("name", "doi", 5), ("kw", "or", 11), ("name", "year", 14), ("op", "<", 18),
        ("int", 2020, 19),
    ]  # fmt: skip


# --------------------------------------------------------------------------- precedence


def test_and_binds_tighter_than_or(seed: list[Paper]) -> None:
    a, b, c = "year == 2024", '"Valerie Chen" in authors', 'title ~ "LLM|language model"'
    sa, sb, sc = titles(seed, a), titles(seed, b), titles(seed, c)
    assert titles(seed, f"{a} or {b} and {c}") == sa | (sb & sc)
    assert titles(seed, f"({a} or {b}) and {c}") == (sa | sb) & sc
    assert sa | (sb & sc) != (sa | sb) & sc  # the data tells the two readings apart
    assert titles(seed, f"{b} and {c} or {a}") == sa | (sb & sc)


def test_not_binds_tighter_than_and_and_comparisons_tighter_than_not(seed: list[Paper]) -> None:
    everything = {p.title for p in seed}
    a, b = "year == 2024", '"Valerie Chen" in authors'
    sa, sb = titles(seed, a), titles(seed, b)
    assert titles(seed, f"not {a} and {b}") == (everything - sa) & sb
    assert (everything - sa) & sb != everything - (sa & sb)
    assert titles(seed, f"not ({a} and {b})") == everything - (sa & sb)
    assert titles(seed, f"not not {a}") == sa
    assert titles(seed, f"not {a} or {b}") == (everything - sa) | sb


def test_or_and_chains_are_left_to_right_and_equivalent(seed: list[Paper]) -> None:
    years = [titles(seed, f"year == {y}") for y in (2021, 2022, 2023)]
    assert titles(seed, "year == 2021 or year == 2022 or year == 2023") == years[0] | years[1] | years[2]
    assert titles(seed, "year >= 2021 and year <= 2023 and year != 2022") == years[0] | years[2]


# --------------------------------------------------------------------------- operators on the seed listing


def test_year_comparisons_match_the_listing(seed: list[Paper]) -> None:
    raw = seed_entries()
    by_year = {y: {e.title for e in raw if e.first.year == y} for y in range(2020, 2027)}
    assert len(by_year[2024]) == 10
    assert titles(seed, "year == 2024") == by_year[2024]
    assert titles(seed, "year != 2024") == {e.title for e in raw} - by_year[2024]
    assert titles(seed, "year >= 2024") == by_year[2024] | by_year[2025]
    assert titles(seed, "year > 2024") == by_year[2025]
    assert titles(seed, "year < 2022") == by_year[2021] | by_year[2020]
    assert titles(seed, "year <= 2022") == by_year[2022] | by_year[2021] | by_year[2020]
    assert titles(seed, "year in (2021, 2023)") == by_year[2021] | by_year[2023]
    assert titles(seed, "year not in (2021, 2023)") == {e.title for e in raw} - by_year[2021] - by_year[2023]
    assert titles(seed, "2024 == year") == titles(seed, "year == 2024")
    assert titles(seed, "2024 < year") == titles(seed, "year > 2024")


def test_month_is_the_first_versions_month(seed: list[Paper]) -> None:
    june = {e.title for e in seed_entries() if e.first.month == 6}
    assert june
    assert titles(seed, "month == 6") == june
    assert titles(seed, "month == 6 and year == 2025") == {
        e.title for e in seed_entries() if e.first >= date(2025, 6, 1) and e.first < date(2025, 7, 1)
    }


def test_authors_in_matches_people_and_equality_matches_names(seed: list[Paper]) -> None:
    raw = seed_entries()
    chen = {e.title for e in raw if "Valerie Chen" in e.authors}
    assert len(chen) == 16
    for spelling in ("Valerie Chen", "V. Chen", "Chen, Valerie", "valerie chen"):
        assert titles(seed, f'"{spelling}" in authors') == chen, spelling
    assert titles(seed, 'author == "VALERIE CHEN"') == chen
    assert titles(seed, 'author == "V. Chen"') == set()  # '==' compares the whole displayed name
    assert titles(seed, '"Talwalkar" not in authors') == {
        e.title for e in raw if "Ameet Talwalkar" not in e.authors
    }
    re_ = {e.title for e in raw if "Christopher Ré" in e.authors}
    assert re_ and titles(seed, '"Christopher Re" in authors') == re_  # accents folded
    assert titles(seed, 'authors ~ "^Ángel"') == {
        e.title for e in raw if any(a.startswith("Ángel") for a in e.authors)
    }
    assert titles(seed, 'authors in ("Valerie Chen", "Mikhail Khodak")') == chen | {
        e.title for e in raw if "Mikhail Khodak" in e.authors
    }


def test_text_fields_substring_regex_and_equality(seed: list[Paper]) -> None:
    raw = seed_entries()
    assert titles(seed, '"federated" in title') == {e.title for e in raw if "federated" in e.title.lower()}
    llm = {e.title for e in raw if re.search(r"\bLLMs?\b", e.title)}
    assert llm and titles(seed, r'title ~ "\bllms?\b"') == llm
    code = {e.title for e in raw if "github.com" in e.abstract}
    assert code and titles(seed, r'abstract ~ "github\.com"') == code
    first = raw[7].title
    assert titles(seed, f'title == "{first.upper()}"') == {first}
    assert titles(seed, f'title != "{first}"') == {e.title for e in raw} - {first}


def test_bare_fields_are_true_when_not_empty(seed: list[Paper]) -> None:
    everything = {p.title for p in seed}
    assert titles(seed, "title and abstract and authors and year and month") == everything
    assert (
        titles(seed, "doi or arxiv or comments or journal or categories or key") == set()
    )  # the seed has none
    assert titles(seed, "not doi") == everything


def test_type_and_venue_of_listing_papers(seed: list[Paper]) -> None:
    everything = {p.title for p in seed}
    assert titles(seed, 'type == "preprint"') == everything
    assert titles(seed, 'venue == "arXiv"') == everything
    assert titles(seed, 'type in ("article", "inproceedings")') == set()


# --------------------------------------------------------------------------- operators on the Atom samples


def test_categories_membership_and_equality(atom: list[Paper]) -> None:
    raw = raw_atom()
    lg = {e["id"] for e in raw if "cs.LG" in e["categories"]}
    assert len(lg) > 5
    ids = {p.arxiv_id for p in atom if parse_filter('"cs.LG" in categories')(p)}
    assert ids == lg
    assert {p.arxiv_id for p in atom if parse_filter('category == "CS.lg"')(p)} == lg
    assert {p.arxiv_id for p in atom if parse_filter('categories ~ "^eess\\."')(p)} == {
        e["id"] for e in raw if any(c.startswith("eess.") for c in e["categories"])
    }


def test_doi_journal_comments_and_arxiv(atom: list[Paper]) -> None:
    raw = raw_atom()

    def ids(expression: str) -> set[str]:
        test = parse_filter(expression)
        return {p.arxiv_id for p in atom if test(p)}

    assert ids("doi") == {e["id"] for e in raw if e["doi"]}
    assert ids("not comments") == {e["id"] for e in raw if not e["comment"]}
    assert ids('journal ~ "JHEP"') == {"hep-th/0703202", "hep-th/0611290"}
    assert ids('doi == "https://doi.org/10.1088/1126-6708/2008/07/044"') == {"hep-th/0703202"}
    assert ids('arxiv == "arXiv:hep-th/0611290v2"') == {"hep-th/0611290"}
    assert ids('arxiv in ("0706.4420", "1003.0358")') == {"0706.4420", "1003.0358"}
    assert ids('comments ~ "accepted"') == {
        e["id"] for e in raw if any("accepted" in c.lower() for c in e["comment"])
    }
    assert ids('type == "article"') >= {"hep-th/0703202", "1003.0358"}
    assert ids('type == "inproceedings"') >= {"cs/0603023"}  # "Proc. 9th International Conf. ..."
    assert ids('venue ~ "JHEP" and type == "article"') == ids('journal ~ "JHEP"')


def test_key_field(seed: list[Paper]) -> None:
    keyed = [p.replace(key=f"Paper{i}") for i, p in enumerate(seed)]
    assert titles(keyed, 'key == "paper3"') == {seed[3].title}
    assert titles(keyed, 'key in ("Paper1", "Paper2")') == {seed[1].title, seed[2].title}
    assert titles(keyed, '"per4" in key') == {p.title for p in keyed if "per4" in p.key}


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("", 1, "empty filter expression"),
        ("   ", 1, "empty filter expression"),
        ("year >= ", 9, "expected a value after '>='"),
        ("year >=  and doi", 10, "expected a value after '>=', found 'and'"),
        ('title == "abc', 10, "unterminated string"),
        ("title == 'abc\"", 10, "unterminated string"),
        ("doi and", 8, "expected a condition after 'and'"),
        ("doi doi", 5, "unexpected 'doi' after a complete condition"),
        ("(doi", 5, "expected ')' after 'doi' (to close the '(' at column 1)"),
        ("doi)", 4, "unexpected ')'"),
        ("year = 2020", 6, "use '=='"),
        ("venue == 1 && doi", 12, "use 'and'"),
        ("booktitle ~ 'x'", 1, "unknown field 'booktitle'"),
        ('doi and Title ~ "(x"', 17, "bad regular expression"),
        ("title < 'b'", 7, "'title' is text"),
        ("year == '2020'", 9, "'year' is a number"),
        ("title == 2020", 10, "quote the value"),
        ("year > 2000 < 2030", 13, "comparisons do not chain"),
        ("'cs.LG'", 1, "alone is not a condition"),
        ("2020 == 2020", 6, "compares a field with a value"),
        ("title == abstract", 7, "compares a field with a value"),
        ("(doi) == 'x'", 7, "expected a field or a value before '=='"),
        ("year in ()", 10, "expected a quoted string or a number after '('"),
        ("year in (2020 2021)", 15, "expected ',' or ')'"),
        ("title in 'x'", 10, "needs a list of values"),
        ("2020 in year", 1, "'year' is a number"),
        ("year ~ '20'", 8, "'~' matches a text field"),
        ("title == ('a', 'b')", 10, "expected a value after '==', found '('"),
        ("not", 4, "expected a condition after 'not'"),
        ("doi or or", 8, "expected a condition after 'or', found 'or'"),
    ],
)
def test_errors_have_messages_and_columns(text: str, column: int, message: str) -> None:
    with pytest.raises(SelectionError) as caught:
        parse_filter(text)
    assert caught.value.column == column
    assert message in caught.value.message
    assert f"column {column}" in str(caught.value)


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("__import__('os')", 1),
        ("title.__class__", 6),
        ("eval('1')", 1),
        ("exec('x = 1')", 1),
        ("title.upper() == 'X'", 6),
        ("[x for x in ()]", 1),
        ("lambda: 1", 7),
        ("globals()", 1),
        ("title == 'a'; import os", 13),
        ("getattr(title, '__class__')", 1),
    ],
)
def test_python_is_not_part_of_the_language(text: str, column: int) -> None:
    with pytest.raises(SelectionError) as caught:
        parse_filter(text)
    assert caught.value.column == column


def test_parsing_and_evaluating_never_runs_python(seed: list[Paper]) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        msg = "the filter language must not run Python"
        raise AssertionError(msg)

    names = ("eval", "exec", "compile", "__import__", "getattr")
    with mock.patch.multiple(builtins, **dict.fromkeys(names, forbidden)):
        test = compile_filter("title == \"__import__('os').system('false')\" or year in (2024,) and not doi")
        count = sum(map(test, seed))
    assert count == 10  # the odd title is only a string to compare


def test_field_table_is_closed() -> None:
    assert set(FIELDS) == {
        "title", "abstract", "author", "authors", "year", "month", "type", "key", "arxiv", "category",
        "categories", "doi", "journal", "comments", "venue",
    }  # fmt: skip


# --------------------------------------------------------------------------- speed


def _many(seed: list[Paper], n: int) -> list[Paper]:
    return [
        p.replace(title=f"{p.title} {i}", authors=(*p.authors, Author("Extra", f"Person{i % 97}")))
        for i in range(n // len(seed))
        for p in seed
    ]


def test_one_parsed_filter_selects_from_5000_papers(seed: list[Paper]) -> None:
    papers = _many(seed, 5000)
    assert len(papers) == 5000
    expression = (
        '(year >= 2022 and "Valerie Chen" in authors) or title ~ "federated|bandit" '
        'or ("cs.LG" in categories and not doi) or type == "article"'
    )
    test = parse_filter(expression)
    selected = [p for p in papers if test(p)]
    assert len(selected) == 100 * len(titles(seed, expression))


def test_readme_examples_compile() -> None:
    for text in (
        'year >= 2022 and ("cs.LG" in categories or title ~ "bandit")',
        'type in ("article", "inproceedings") and not "Smith" in authors',
        "doi and not comments",
        'journal ~ "NeurIPS|ICML" or venue == "arXiv"',
    ):
        assert callable(parse_filter(text))
    fake = Paper(
        title="Bandits",
        authors=(Author("Ann", "Lee"),),
        first_submitted=date(2023, 1, 2),
        categories=("cs.LG",),
    )
    assert parse_filter('year >= 2022 and ("cs.LG" in categories or title ~ "bandit")')(fake)
