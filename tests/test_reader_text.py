"""The plain-text arXiv listing reader, on the seed listing and on the shapes in tests/data/listings."""

from __future__ import annotations

import random
import re
import time
import xml.etree.ElementTree as ET
from datetime import date
from typing import TYPE_CHECKING

import pytest

import sphinx_papers
from sphinx_papers.model import Link, Paper, Problem, YearMonth
from sphinx_papers.readers import _listing_fast, clean, listing_text, read_path, read_text
from sphinx_papers.readers._arxiv_text import DATE_GROUPS, LABEL
from sphinx_papers.readers._listing_lines import LineReader

NS = {"a": "http://www.w3.org/2005/Atom", "x": "http://arxiv.org/schemas/atom"}
SEP_DATE = re.compile(r"(?:v1 submitted|^Submitted) \d{1,2} [A-Za-z]+, (\d{4})")

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


# -- what the files say, read independently of the reader ---------------------


def seed_blocks(seed_path: Path) -> list[tuple[int, list[str]]]:
    """Each seed entry's lines (without the "-" separator) and the line number of its title."""
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    starts = [i + 1 for i, line in enumerate(lines) if line == "-"]
    ends = [s - 1 for s in starts[1:]] + [len(lines)]
    return [(s + 1, [x for x in lines[s:e] if x]) for s, e in zip(starts, ends, strict=True)]


def seed_authors(block: list[str]) -> list[str]:
    names = block[block.index("Authors:") + 1 : block.index("Abstract:")]
    return [n.rstrip(",") for n in names if not n.startswith(", et al.")]


def seed_year(block: list[str]) -> int:
    """v1's year: from "v1 submitted" when there are several versions, else from "Submitted"."""
    date_line = next(x for x in block if x.startswith("Submitted "))
    years = {m.group(0).split()[0]: m.group(1) for m in SEP_DATE.finditer(date_line)}
    return int(years.get("v1", years.get("Submitted", "0")))


def atom(data_dir: Path, name: str) -> dict[str, ET.Element]:
    root = ET.parse(data_dir / "arxiv-samples" / name).getroot()
    return {
        e.findtext("a:id", "", NS).split("/abs/")[1].rsplit("v", 1)[0]: e for e in root.findall("a:entry", NS)
    }


def words(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> list[Paper]:
    result = read_path(seed_path)
    assert result.problems == []
    return result.papers


# -- the seed listing ----------------------------------------------------------


def test_seed_titles_authors_years_abstracts(seed: list[Paper], seed_path: Path) -> None:
    blocks = seed_blocks(seed_path)
    assert len(seed) == len(blocks) == 50
    for paper, (title_line, block) in zip(seed, blocks, strict=True):
        assert paper.title == block[0]
        assert [a.display for a in paper.authors] == seed_authors(block)
        assert paper.year == seed_year(block)
        assert paper.abstract == block[block.index("▽ More") + 1]
        assert paper.abstract_complete
        assert paper.source is not None
        assert paper.source.line == title_line


def test_seed_dates_and_et_al(seed: list[Paper]) -> None:
    by_title = {p.title: p for p in seed}
    guide = by_title["A Field Guide to Federated Optimization"]
    assert guide.authors_not_shown == 28
    assert len(guide.authors) == 25
    assert [p.title for p in seed if p.authors_not_shown] == [guide.title]
    thinking = by_title["Thinking vs. Doing: Agents that Reason by Scaling Test-Time Interaction"]
    assert (thinking.submitted, thinking.first_submitted) == (date(2025, 6, 10), date(2025, 6, 9))
    assert thinking.announced == YearMonth(2025, 6)
    single = seed[0]  # "Submitted 1 August, 2025;" only: one version
    assert single.submitted == single.first_submitted == date(2025, 8, 1)
    assert all(p.submitted and p.announced for p in seed)


def test_seed_names_and_links(seed: list[Paper]) -> None:
    names = {a.display: a for p in seed for a in p.authors}
    du_terrail = names["Jean Ogier du Terrail"]
    assert (du_terrail.given, du_terrail.particle, du_terrail.family) == ("Jean Ogier", "du", "Terrail")
    comind = next(p for p in seed if p.title.startswith("Towards Community-Driven Agents"))
    assert Link("code", "https://github.com/comind-ml/CoMind") in comind.links
    assert all(p.arxiv_id == "" for p in seed)  # the seed copy has no arXiv: lines


def test_seed_without_separators_reads_the_same(seed: list[Paper], seed_path: Path) -> None:
    text = "\n".join(x for x in seed_path.read_text(encoding="utf-8").split("\n") if x != "-")
    result = read_text(text, "nosep.txt")
    assert result.problems == []
    assert [(p.title, p.authors, p.abstract, p.submitted) for p in result.papers] == [
        (p.title, p.authors, p.abstract, p.submitted) for p in seed
    ]


def test_sniff(seed_path: Path, data_dir: Path) -> None:
    assert listing_text.sniff(seed_path.read_text(encoding="utf-8"))
    assert listing_text.sniff((data_dir / "listings" / "real-copy.txt").read_text(encoding="utf-8"))
    assert listing_text.sniff((data_dir / "listings" / "selection-shape.txt").read_text(encoding="utf-8"))
    assert not listing_text.sniff((data_dir / "bib" / "xampl.bib").read_text(encoding="utf-8"))
    assert not listing_text.sniff("Submitted to a journal.\nAuthors: me")


# -- the textContent copy of a real page -------------------------------------


def test_real_copy(data_dir: Path) -> None:
    path = data_dir / "listings" / "real-copy.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    result = read_path(path)
    assert result.problems == []  # header, pagination and footer are page text
    brown = atom(data_dir, "api-2026_get-arXiv_Brown-Tom_page-3.xml")
    assert [p.arxiv_id for p in result.papers] == ["0706.4420", "hep-th/0703202", "hep-th/0611290"]
    for paper in result.papers:
        entry = brown[paper.arxiv_id]
        assert paper.title == words(entry.findtext("a:title", "", NS))
        assert [a.display for a in paper.authors] == [
            a.findtext("a:name", "", NS) for a in entry.findall("a:author", NS)
        ]
        assert paper.abstract == words(entry.findtext("a:summary", "", NS))
        assert paper.categories == tuple(c.get("term") for c in entry.findall("a:category", NS))
        assert paper.dois == tuple(d.text for d in entry.findall("x:doi", NS))
        assert paper.comments == words(entry.findtext("x:comment", "", NS))
        assert paper.journal_ref == words(entry.findtext("x:journal_ref", "", NS))
        assert paper.first_submitted == date.fromisoformat(entry.findtext("a:published", "", NS)[:10])
        assert paper.submitted == date.fromisoformat(entry.findtext("a:updated", "", NS)[:10])
        assert paper.source is not None
        assert lines[paper.source.line - 1] == f"arXiv:{paper.arxiv_id}"
    last = result.papers[2]
    assert last.report_number == "QMUL-PH-06-11, WITS-CTP-028"
    assert last.links[:3] == (
        Link("abstract", "https://arxiv.org/abs/hep-th/0611290"),
        Link("pdf", "https://arxiv.org/pdf/hep-th/0611290"),
        Link("doi", "https://doi.org/10.1088/1126-6708/2007/03/072"),
    )


# -- the browser-selection shape ------------------------------------------------


def test_selection_shape(data_dir: Path) -> None:
    result = read_path(data_dir / "listings" / "selection-shape.txt")
    assert result.problems == []
    entries = atom(data_dir, "api-2026_get-arXiv_Schmidhuber_page-4.xml")
    entries.update(atom(data_dir, "api-2026_get-arXiv_Brown-Tom_page-3.xml"))
    assert len(result.papers) == 5
    for paper in result.papers:
        entry = entries[paper.arxiv_id]
        summary = words(entry.findtext("a:summary", "", NS))
        assert paper.title == words(entry.findtext("a:title", "", NS))
        assert [a.display for a in paper.authors] == [
            a.findtext("a:name", "", NS) for a in entry.findall("a:author", NS)
        ]
        if paper.abstract_complete:  # a short abstract is shown whole
            assert paper.abstract == summary
        else:  # only the preview survived the selection
            assert paper.abstract.endswith("…")
            assert summary.startswith(paper.abstract[:-1])
            assert len(paper.abstract) < len(summary)
        assert paper.categories == tuple(c.get("term") for c in entry.findall("a:category", NS))
        assert paper.dois == tuple(d.text for d in entry.findall("x:doi", NS))
        assert paper.journal_ref == words(entry.findtext("x:journal_ref", "", NS))
    assert [p.abstract_complete for p in result.papers] == [False, True, True, False, False]
    first = result.papers[0]
    assert (first.arxiv_id, first.version, first.latest_version) == ("1106.1998", 1, "1106.1998v2")


def test_crlf_and_bom(data_dir: Path) -> None:
    path = data_dir / "listings" / "selection-shape-windows.txt"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = read_path(path)
    assert result.problems == []
    assert [p.arxiv_id for p in result.papers] == ["0807.1494", "cs/0603023", "quant-ph/9904050"]
    lines = clean(raw.decode("utf-8")).split("\n")
    for paper in result.papers:
        assert paper.source is not None
        assert lines[paper.source.line - 1].startswith(f"arXiv:{paper.arxiv_id} ")
    assert result.papers[0].categories == ("cs.AI", "cs.GT", "cs.LG")
    assert result.papers[0].dois == ("10.1007/978-3-642-13800-3_7",)


# -- label spellings and layouts, on small inline listings ----------------------

ENTRY = """arXiv:2101.00001  [pdf, other]  math.PR cs.IT
A Title
Authors: Ada Lovelace, Charles Babbage
Abstract: A short abstract.
Submitted 3 February, 2021; originally announced February 2021.
"""


@pytest.mark.parametrize("label", ["Journal ref:", "Journal-ref:", "Journal reference:", "JOURNAL REF:"])
def test_journal_ref_spellings(label: str) -> None:
    paper = read_text(ENTRY + f"{label} Ann. Probab. 12 (2021) 1-10\n", fmt="text").papers[0]
    assert paper.journal_ref == "Ann. Probab. 12 (2021) 1-10"


def test_report_msc_acm_on_one_line() -> None:
    text = ENTRY + "Report number: MIT-CTP-1234 MSC Class: 60G05; 94A17 ACM Class: F.2.2\n"
    result = read_text(text, fmt="text")
    paper = result.papers[0]
    assert (paper.report_number, paper.msc_class, paper.acm_class) == (
        "MIT-CTP-1234",
        "60G05; 94A17",
        "F.2.2",
    )
    plural = read_text(ENTRY + "MSC classes: 60G05\nACM classes: F.2.2\n", fmt="text").papers[0]
    assert (plural.msc_class, plural.acm_class) == ("60G05", "F.2.2")
    assert result.problems == []


def test_label_alone_on_its_line_and_split_dates() -> None:
    text = """arXiv:2101.00001v2
[pdf, ps, other]
math.PR
doi
10.1000/one
doi
10.1000/two
A Title
Authors:
Ada Lovelace
Abstract:
A short abstract.
△ Less
Submitted 5 March, 2021;
v1 submitted 3 February, 2021;
originally announced February 2021.
Latest version: 2101.00001v3.
Comments:
12 pages; see https://example.org/data.
Report number:
MIT-CTP-1234
"""
    result = read_text(text, fmt="text")
    assert result.problems == []
    paper = result.papers[0]
    assert (paper.arxiv_id, paper.version, paper.latest_version) == ("2101.00001", 2, "2101.00001v3")
    assert paper.dois == ("10.1000/one", "10.1000/two")
    assert (paper.submitted, paper.first_submitted) == (date(2021, 3, 5), date(2021, 2, 3))
    assert paper.comments == "12 pages; see https://example.org/data."
    assert paper.report_number == "MIT-CTP-1234"
    assert Link("url", "https://example.org/data") in paper.links
    assert paper.abstract == "A short abstract." and paper.abstract_complete


def test_short_abstract_shown_twice_is_kept_once() -> None:
    text = "T\nAuthors:\nA B\nAbstract:\nShort.\nShort.\n△ Less\nSubmitted 1 May, 2020;\noriginally announced May 2020.\n"
    paper = read_text(text, fmt="text").papers[0]
    assert (paper.abstract, paper.abstract_complete) == ("Short.", True)


def test_preview_starting_with_ellipsis() -> None:
    selection = ENTRY.replace("A short abstract.", "…of the hit in the middle of the text… ▽ More")
    paper = read_text(selection, fmt="text").papers[0]
    assert (paper.abstract, paper.abstract_complete) == ("…of the hit in the middle of the text…", False)
    full = (
        "T\nAuthors:\nA B\nAbstract:\n…middle…\n▽ More\nStart, middle, end.\n△ Less\nSubmitted 1 May, 2020;\n"
    )
    paper = read_text(full + "originally announced May 2020.\n", fmt="text").papers[0]
    assert (paper.abstract, paper.abstract_complete) == ("Start, middle, end.", True)


def test_et_al_on_the_authors_line() -> None:
    text = ENTRY.replace("Charles Babbage", "Charles Babbage, et al. (3 additional authors not shown)")
    paper = read_text(text, fmt="text").papers[0]
    assert [a.display for a in paper.authors] == ["Ada Lovelace", "Charles Babbage"]
    assert paper.authors_not_shown == 3


# -- bad input -------------------------------------------------------------------


def test_bad_entries(data_dir: Path, seed: list[Paper]) -> None:
    path = data_dir / "listings" / "bad-entries.txt"
    lines = path.read_text(encoding="utf-8").split("\n")

    def line_of(text: str, start: int = 0) -> int:
        return next(i for i, x in enumerate(lines) if i >= start and text in x) + 1

    result = read_path(path)
    no_authors = line_of("Authors:", line_of("Code with Me or for Me?"))
    brace_abstract = line_of("▽ More", line_of("Sample Complexity and Representation")) + 1
    expected = [
        (line_of("Downloaded from arxiv.org"), "unrecognised line between entries"),
        (no_authors, "entry has no authors"),
        (line_of("Submitted 25 Juin, 2025;"), "cannot read the submission date"),
        (line_of("Agents that {Reason"), "unbalanced braces in the title"),
        (brace_abstract, "unbalanced braces in the abstract"),
        (len(lines) - 1, "entry is cut short: it ends in its full abstract"),
    ]
    found = [(p.line, p.message[: len(m)]) for p, (_, m) in zip(result.problems, expected, strict=False)]
    assert (found, len(result.problems)) == (expected, len(expected))
    assert all(p.path == str(path) for p in result.problems)
    assert [p.title for p in result.papers] == [
        seed[i].title.replace("Agents that Reason", "Agents that {Reason") for i in range(7)
    ]
    assert result.papers[5] == seed[5]  # the undamaged entry converts exactly as in the seed
    assert result.papers[2].submitted is None and result.papers[2].announced == YearMonth(2025, 6)
    cut = result.papers[6]
    assert not cut.abstract_complete and len(cut.authors) == len(seed[6].authors)


def test_cut_short_entry_followed_by_another_without_separators(seed_path: Path) -> None:
    blocks = [b for _, b in seed_blocks(seed_path)[:2]]
    first = blocks[0][: blocks[0].index("▽ More") + 2]  # stops after the full abstract
    result = read_text("\n".join(first + blocks[1]), "cut.txt", fmt="text")
    assert [p.title for p in result.papers] == [blocks[0][0], blocks[1][0]]
    assert [(p.line, p.message[:20]) for p in result.problems] == [(len(first), "entry is cut short: ")]
    assert result.papers[1].abstract == blocks[1][blocks[1].index("▽ More") + 1]


def test_bad_id_and_tags() -> None:
    result = read_text(ENTRY.replace("2101.00001", "21x.1").replace("cs.IT", "cs.IT see below"), fmt="text")
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "cannot read the arXiv identifier '21x.1'"),
        (1, "unrecognised text after the arXiv identifier: 'math.PR cs.IT see below'"),
    ]
    assert result.papers[0].title == "A Title"


def test_text_without_entries() -> None:
    result = listing_text.read("Showing 1–0 of 0 results\nhello world\n", "empty.txt")
    assert (result.papers, [str(p) for p in result.problems]) == (
        [],
        ["empty.txt:1: no arXiv listing entries found"],
    )


def test_entry_cut_short_in_its_author_list_before_a_separator() -> None:
    result = read_text("-\nT1\nAuthors:\nA B\n-\n" + ENTRY, "cut.txt", fmt="text")
    assert [p.title for p in result.papers] == ["T1", "A Title"]
    assert [(p.line, p.message) for p in result.problems] == [
        (4, "entry is cut short: it ends in its author list, with no date line")
    ]


def test_unreadable_parts_of_a_date_line() -> None:
    text = ENTRY.replace(
        "Submitted 3 February, 2021;", "Submitted 31 February, 2021; v1 submitted 1 Foo, 2020;"
    )
    result = read_text(text.replace("announced February 2021", "announced Bar 2020"), fmt="text")
    assert [(p.line, p.message.split(" in ")[0]) for p in result.problems] == [
        (5, "cannot read the submission date"),
        (5, "cannot read the v1 submission date"),
        (5, "cannot read the announcement month"),
    ]
    paper = result.papers[0]
    assert (paper.submitted, paper.first_submitted, paper.announced) == (None, None, None)


# -- speed -----------------------------------------------------------------------


def test_ten_thousand_entries(seed_path: Path) -> None:
    text = "\n".join([seed_path.read_text(encoding="utf-8")] * 200)
    start = time.process_time()
    result = read_text(text, "big.txt", fmt="text")
    elapsed = time.process_time() - start
    assert len(result.papers) == 10_000 and result.problems == []
    print(f"\nread 10,000 listing entries in {elapsed:.3f} s of CPU")


# -- the fast path reads exactly what the state machine reads -------------------


def _state_machine_only(text: str, path: str) -> tuple[list[tuple[Paper, object]], list[Problem]]:
    """Every line through the state machine, as the reader did before it had a fast path."""
    reader = LineReader(path)
    reader.run(clean(text).split("\n"))
    result = reader.close()
    return [(p, p.source) for p in result.papers], result.problems


def _both_ways(text: str) -> None:
    result = listing_text.read(clean(text), "x.txt")
    papers, problems = _state_machine_only(text, "x.txt")
    assert [(p, p.source) for p in result.papers] == papers
    assert [repr(p) for p in result.papers] == [repr(p) for p, _ in papers]  # field by field, source too
    assert result.problems == problems


def _listings(data_dir: Path) -> list[Path]:
    return sorted({*data_dir.glob("*.txt"), *data_dir.glob("listings/*.txt"), *data_dir.glob("merge/*.txt")})


def test_fast_path_reads_every_test_listing_as_the_state_machine(data_dir: Path) -> None:
    listings = _listings(data_dir)
    assert len(listings) >= 6
    for path in listings:
        _both_ways(path.read_text(encoding="utf-8"))


def _id_lined_entries(data_dir: Path) -> str:
    """The test listings' entries, each given an id line: the shape the fast path takes."""
    out = []
    for path in _listings(data_dir):
        for number, block in enumerate(clean(path.read_text(encoding="utf-8")).split("\n-\n")):
            body = block.strip("-\n")
            if body and not body.startswith("arXiv:"):
                out.append(f"arXiv:2401.{number:05d}\n[pdf, other]\ncs.LG\n{body}")
            elif body:
                out.append(body)
    return "\n".join(out) + "\n"


def _read_counting_fast(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Paper], int]:
    """The papers read from ``text``, and how many of them the fast path read."""
    count = 0
    add_entry = LineReader.add_entry

    def counting(reader: LineReader, paper: Paper) -> None:
        # only the fast path hands whole papers to the state machine; patched on the class,
        # which the compiled build (see setup.py) looks up as the pure one does
        nonlocal count
        count += 1
        add_entry(reader, paper)

    monkeypatch.setattr(LineReader, "add_entry", counting)
    return listing_text.read(clean(text), "x.txt").papers, count


def test_fast_path_takes_the_usual_layout(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above means something only if the fast path actually reads entries."""
    text = _id_lined_entries(data_dir)
    papers, count = _read_counting_fast(text, monkeypatch)
    assert count >= 50
    assert count < len(papers)  # and some entries are left to the state machine
    _both_ways(text)


def test_fast_path_reads_the_sample_and_its_padded_copy(
    seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample's "-"-separated entries are read fast; so are they when a copy pads every line."""
    plain = seed_path.read_text(encoding="utf-8")
    text = "\n".join(f"  {line}\t" for line in plain.split("\n"))
    papers, count = _read_counting_fast(plain, monkeypatch)
    padded_papers, padded_count = _read_counting_fast(text, monkeypatch)
    assert len(papers) == 50 and count >= 45
    assert (padded_papers, padded_count) == (papers, count)
    _both_ways(plain)
    _both_ways(text)


@pytest.mark.parametrize(
    "after",
    [
        "Previous\nNext\n1\n2",  # the next results page's header: skipped by both
        "Previous\nComments: after the header",  # a label after it still belongs to the entry
        "Authors: 50 results per page",  # looks like page text, but starts an entry
        "Submitted 3 March, 2024; 50 results per page",  # looks like page text, but is a date line
        "Latest version: 2401.00001v3.",
    ],
)
def test_fast_path_reads_lines_after_the_labels_as_the_state_machine(after: str) -> None:
    entry = (
        "arXiv:2401.00001\n[pdf, other]\ncs.LG\nA Title\nAuthors:\nAda Lovelace,\nAlan Turing\nAbstract:\n"
        "Short…\n▽ More\nShort text.\n△ Less\nSubmitted 2 January, 2024;\noriginally announced January 2024.\n"
        "Comments:\n5 pages\n"
    )
    _both_ways(entry + after + "\n")


@pytest.mark.parametrize(
    "between",
    [
        "arXiv: the identifier is on the next line",  # not an id line: part of the entry before it
        "  arXiv:2401.00099",  # indented: not an id line either
        "arXiv:2401.00099 [pdf, other] cs.LG",  # an id line with its tags on the same line
        "arXiv:https://arxiv.org/abs/2401.00099",  # an id line naming the abstract page
    ],
)
def test_fast_path_entry_ends_where_the_state_machine_ends_it(between: str) -> None:
    entry = (
        "arXiv:2401.{n:05d}\n[pdf, other]\ncs.LG\nA Title\nAuthors:\nAda Lovelace,\nAlan Turing\nAbstract:\n"
        "Short…\n▽ More\nShort text.\n△ Less\nSubmitted 2 January, 2024;\noriginally announced January 2024.\n"
    )
    text = entry.format(n=1) + between + "\n" + entry.format(n=2)
    _both_ways(text)
    ids = [p.arxiv_id for p in listing_text.read(text, "x.txt").papers]
    assert ids[0] == "2401.00001" and ids[-1] == "2401.00002"


def _damaged(data_dir: Path, seed: int) -> str:
    """The test listings with lines dropped, repeated, swapped, joined, blanked, indented or cut."""
    if seed % 2:  # the test listings as they are ("-" separators, id lines, page text)
        lines = "\n".join(path.read_text(encoding="utf-8") for path in _listings(data_dir)).split("\n")
    else:
        lines = _id_lined_entries(data_dir).split("\n")
    rng = random.Random(seed)
    for _ in range(60):
        i = rng.randrange(len(lines))
        action = rng.randrange(8)
        if action == 0:
            del lines[i]
        elif action == 1:
            lines.insert(i, lines[i])
        elif action == 2 and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif action == 3:
            extra = [
                "",
                " ",
                "-",
                "Previous",
                "Authors:",
                "Abstract:",
                "▽ More",
                "△ Less",
                "et al. (2 additional authors not shown)",
            ]
            lines.insert(i, rng.choice(extra))
        elif action == 4:
            lines[i] = rng.choice([" ", "\t", "\u00a0"]) + lines[i] + rng.choice(["", " "])
        elif action == 6 and i + 1 < len(lines):
            lines[i : i + 2] = [f"{lines[i]} {lines[i + 1]}"]  # two lines run together by the copy
        elif action == 5:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        else:
            trailer = [
                "Comments:",
                "Journal ref: J. 1 (2020)",
                "Latest version: 2401.00001v2.",
                "v1 submitted",
            ]
            lines[i:i] = rng.sample(trailer, 2)
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_fast_path_and_state_machine_agree_on_damaged_listings(data_dir: Path, seed: int) -> None:
    """Whatever the damage, both readers still agree."""
    _both_ways(_damaged(data_dir, seed))


def _finders() -> list[Callable[[str, int], _listing_fast.EntryParts | None]]:
    """The Python fast path, and its C version when this build has one (see setup.py)."""
    finders = [_listing_fast.find_entry_py]
    if sphinx_papers.compiled():
        from sphinx_papers.readers import _scan

        finders.append(_scan.find_entry)
    return finders


@pytest.mark.parametrize("finder", _finders(), ids=lambda f: f.__module__.rsplit(".", 1)[-1])
def test_fast_path_finds_what_one_pattern_finds(
    data_dir: Path, finder: Callable[[str, int], _listing_fast.EntryParts | None]
) -> None:
    """find_entry's three steps find exactly the matches of the single pattern its docstring states."""
    line = r"\S(?:[^\n]*\S)?"
    abstract_line = rf"(?!-\n|arXiv:|Authors:|Submitted |(?i:{LABEL})){line}(?<!△ Less)"
    one = re.compile(
        _listing_fast.HEAD
        + rf"(?:{abstract_line}(?<!▽ More)\n)*?▽ More\n(?P<abstract>(?:{abstract_line}\n)+?)△ Less\n"
        + _listing_fast.TAIL,
        re.MULTILINE,
    )
    groups = ("tags", "title", "authors", "abstract", "labels", "new", "archive", "number", "version")
    texts = [_damaged(data_dir, seed) for seed in range(40)]
    texts += [
        _id_lined_entries(data_dir),
        *(path.read_text(encoding="utf-8") for path in _listings(data_dir)),
    ]
    usual = (
        "arXiv:{}\ncs.LG\nT\nAuthors:\nA B\nAbstract:\n{}\n"
        "Submitted 2 January, 2024;\noriginally announced January 2024.\n"
    )
    plain = "P\n▽ More\nA.\n△ Less"
    odd = [  # (id, preview to "△ Less", what follows the two entries): Python's regex rules at the edges
        ("2401.00001", "P… ▽ More\n▽ More\nA.\n△ Less", ""),  # lines that end like the markers
        ("2401.00001", "P\n▽ More\nA. △ Less\n△ Less", ""),
        ("2401.00001", "▽ More\n▽ More\n△ Less", ""),
        ("2401.00001", "P\n▽ More\nFour bytes a character: \U0001f600.\n△ Less", ""),
        ("2401.00001", "P\n▽ More\nComment\u017f: a label, to (?i) as \u017f is s\n△ Less", ""),
        ("2401.00001", plain, "-"),  # a separator that ends the text without a line end
        ("2401.0000\u0663", plain, ""),  # \d takes every decimal digit
        ("2401.00001", plain, "arXiv:2401.00002\u2028x\n"),  # \s takes every Unicode space
        ("2401.00001", plain, "arXiv:2401.00002\xa0[pdf]\n"),
        *[
            (i, plain, "")
            for i in ("hep-th/9901001v2", "math.AG/0101001", "2401.001", "cs/01", "2401.000012")
        ],
    ]
    texts += [usual.format(i, middle) * 2 + after for i, middle, after in odd]
    found = 0
    for text in texts:
        text = clean(text)
        expected = [
            (*m.span(), m.group().count("\n"), *m.group(*groups[:3]), m.group("abstract")[:-1], *m.group(*groups[4:]),
             *m.group(*DATE_GROUPS))
            for m in one.finditer(text)
        ]  # fmt: skip
        entries, pos = [], 0
        while (entry := finder(text, pos)) is not None:
            entries.append(entry)
            pos = entry[1]
        assert entries == expected
        found += len(entries)
    assert found > 500  # the comparison covers many entries, not just failures


def test_fast_path_author_list_shapes() -> None:
    """The author list's bulk read and its line-by-line read, each against the state machine."""
    entry = (
        "arXiv:2401.00001\n[pdf, other]\ncs.LG\nA Title\nAuthors:\n{authors}\nAbstract:\n"
        "Short…\n▽ More\nShort text.\n△ Less\nSubmitted 2 January, 2024;\noriginally announced January 2024.\n"
    )
    shapes = {
        "Ada Lovelace,\nAlan Turing": (["Lovelace", "Turing"], 0),
        "Ada Lovelace,\nAlan Turing,\net al. (3 additional authors not shown)": (["Lovelace", "Turing"], 3),
        "Ada Lovelace,\n, et al. (2 additional authors not shown)": (["Lovelace"], 2),
        "Ada Lovelace, Alan Turing,\nGrace Hopper": (["Lovelace", "Turing", "Hopper"], 0),
        "Ada Lovelace ,\nAlan Turing": (["Lovelace", "Turing"], 0),
        "Ada Lovelace,\n,\nAlan Turing": (["Lovelace", "Turing"], 0),  # a lone comma names nobody
    }
    for authors, (families, not_shown) in shapes.items():
        text = entry.format(authors=authors)
        _both_ways(text)
        (paper,) = listing_text.read(text, "x.txt").papers
        assert [a.family for a in paper.authors] == families, authors
        assert paper.authors_not_shown == not_shown, authors
