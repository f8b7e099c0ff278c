"""The plain-text arXiv listing reader, on the seed listing and on the shapes in tests/data/listings."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import TYPE_CHECKING

import pytest

from sphinx_papers.core.model import Link, Paper, YearMonth
from sphinx_papers.readers import clean, listing_text, read_path, read_text

NS = {"a": "http://www.w3.org/2005/Atom", "x": "http://arxiv.org/schemas/atom"}
SEP_DATE = re.compile(r"(?:v1 submitted|^Submitted) \d{1,2} [A-Za-z]+, (\d{4})")

if TYPE_CHECKING:
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


# -- size --------------------------------------------------------------------------


def test_ten_thousand_entries(seed_path: Path) -> None:
    """Two hundred copies of the seed, one after the other: every entry read, none mixed up."""
    seed = read_text(seed_path.read_text(encoding="utf-8"), "seed.txt", fmt="text").papers
    text = "\n".join([seed_path.read_text(encoding="utf-8")] * 200)
    result = read_text(text, "big.txt", fmt="text")
    assert len(result.papers) == 10_000 and result.problems == []
    assert [p.title for p in result.papers] == [p.title for p in seed] * 200


# -- shapes the copies take ------------------------------------------------------------


def _listings(data_dir: Path) -> list[Path]:
    return sorted({*data_dir.glob("*.txt"), *data_dir.glob("listings/*.txt"), *data_dir.glob("merge/*.txt")})


def _id_lined_entries(data_dir: Path) -> str:
    """The test listings' entries, each given an id line (the layout of a copied results page)."""
    out = []
    for path in _listings(data_dir):
        for number, block in enumerate(clean(path.read_text(encoding="utf-8")).split("\n-\n")):
            body = block.strip("-\n")
            if body and not body.startswith("arXiv:"):
                out.append(f"arXiv:2401.{number:05d}\n[pdf, other]\ncs.LG\n{body}")
            elif body:
                out.append(body)
    return "\n".join(out) + "\n"


def test_a_copy_that_pads_every_line_reads_as_the_sample(seed_path: Path) -> None:
    plain = seed_path.read_text(encoding="utf-8")
    padded = "\n".join(f"  {line}\t" for line in plain.split("\n"))
    first, second = listing_text.read(plain, "x.txt"), listing_text.read(padded, "x.txt")
    assert len(first.papers) == 50
    assert [(p, p.source) for p in second.papers] == [(p, p.source) for p in first.papers]
    assert second.problems == first.problems


_ENTRY = (
    "arXiv:2401.{n:05d}\n[pdf, other]\ncs.LG\nA Title\nAuthors:\nAda Lovelace,\nAlan Turing\nAbstract:\n"
    "Short…\n▽ More\nShort text.\n△ Less\nSubmitted 2 January, 2024;\noriginally announced January 2024.\n"
)


@pytest.mark.parametrize(
    ("after", "comments", "papers"),
    [
        ("Previous\nNext\n1\n2", "5 pages", 1),  # the next results page's header: skipped
        ("Previous\nComments: after the header", "5 pages; after the header", 1),  # still the entry's
        ("Authors: 50 results per page", "5 pages", 2),  # looks like page text, but starts an entry
    ],
)
def test_lines_after_the_labels(after: str, comments: str, papers: int) -> None:
    text = _ENTRY.format(n=1) + "Comments:\n5 pages\n" + after + "\n"
    result = listing_text.read(text, "x.txt")
    assert len(result.papers) == papers
    assert result.papers[0].comments == comments
    assert result.papers[0].abstract == "Short text."


def test_a_second_date_line_and_a_latest_version_line() -> None:
    text = _ENTRY.format(n=1) + "Latest version: 2401.00001v3.\n"
    (paper,) = listing_text.read(text, "x.txt").papers
    assert paper.latest_version == "2401.00001v3"


@pytest.mark.parametrize(
    ("between", "count"),
    [
        ("arXiv: the identifier is on the next line", 2),  # not an id line: text of the entry before it
        ("  arXiv:2401.00099", 3),  # indented: an id line all the same (lines are stripped)
        ("arXiv:2401.00099 [pdf, other] cs.LG", 3),  # an id line with its tags on the same line
    ],
)
def test_where_an_entry_ends(between: str, count: int) -> None:
    text = _ENTRY.format(n=1) + between + "\n" + _ENTRY.format(n=2)
    result = listing_text.read(text, "x.txt")
    ids = [p.arxiv_id for p in result.papers]
    assert len(ids) == count
    assert ids[0] == "2401.00001" and ids[-1] == "2401.00002"
    assert result.papers[0].title == "A Title"


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
def test_damaged_listings_are_read_and_reported(data_dir: Path, seed: int) -> None:
    """Whatever the damage, the reader returns papers and problems, each pointing at a line of the text."""
    text = clean(_damaged(data_dir, seed))
    lines = text.count("\n") + 1
    result = listing_text.read(text, "x.txt")
    assert result.papers
    for paper in result.papers:
        assert paper.source is not None and 1 <= paper.source.line <= lines
    for problem in result.problems:
        assert 1 <= problem.line <= lines, problem
    # nothing vanishes silently: each id line of the text is a paper's, or is reported
    assert len(result.papers) + len(result.problems) >= text.count("\narXiv:2401.")


def test_author_list_shapes() -> None:
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
        (paper,) = listing_text.read(text, "x.txt").papers
        assert [a.family for a in paper.authors] == families, authors
        assert paper.authors_not_shown == not_shown, authors
