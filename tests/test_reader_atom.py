"""The Atom reader on arXiv's real API responses, checked against an independent minidom parse."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from xml.dom import minidom

import pytest

from sphinx_papers.core.model import Author, Link
from sphinx_papers.readers import atom, detect_format, read_path

SAMPLES = Path(__file__).parent / "data" / "arxiv-samples"
HAND_MADE = Path(__file__).parent / "data" / "atom"
XML_FILES = sorted(SAMPLES.glob("*.xml"))
BROWN = SAMPLES / "api-2026_get-arXiv_Brown-Tom_page-3.xml"
SCHMIDHUBER = SAMPLES / "api-2026_get-arXiv_Schmidhuber_page-4.xml"
LEGACY = SAMPLES / "api-legacy-2020_findpapers.xml"


def _text(node: minidom.Element, tag: str) -> str:
    found = node.getElementsByTagName(tag)
    if not found:
        return ""
    raw = "".join(c.data for c in found[0].childNodes if c.nodeType == c.TEXT_NODE)
    return " ".join(raw.split())


def _expected(path: Path) -> list[dict[str, object]]:
    """What each <entry> says, read with minidom and regexes (not the reader's code)."""
    text = path.read_text(encoding="utf-8")
    entry_lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "<entry>"]
    entries = minidom.parseString(text.encode()).getElementsByTagName("entry")
    assert len(entries) == len(entry_lines)
    out = []
    for line, entry in zip(entry_lines, entries, strict=True):
        ident = re.fullmatch(r"https?://arxiv\.org/abs/(.+)v(\d+)", _text(entry, "id"))
        assert ident, _text(entry, "id")
        primary = entry.getElementsByTagName("arxiv:primary_category")[0].getAttribute("term")
        terms = [c.getAttribute("term") for c in entry.getElementsByTagName("category")]
        out.append(
            {
                "line": line,
                "id": ident[1],
                "version": int(ident[2]),
                "title": _text(entry, "title"),
                "abstract": _text(entry, "summary"),
                "published": _text(entry, "published")[:10],
                "updated": _text(entry, "updated")[:10],
                "names": [_text(a, "name") for a in entry.getElementsByTagName("author")],
                "categories": tuple(dict.fromkeys([primary, *terms])),
                "dois": tuple(_text(entry, "arxiv:doi").split()),
                "journal_ref": _text(entry, "arxiv:journal_ref"),
                "comment": _text(entry, "arxiv:comment"),
            }
        )
    return out


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_every_entry_matches_the_xml(path: Path) -> None:
    result = read_path(path, "atom")
    expected = _expected(path)
    assert result.problems == []
    assert len(result.papers) == len(expected) > 0
    for paper, want in zip(result.papers, expected, strict=True):
        assert paper.source is not None
        assert paper.source.line == want["line"]
        assert paper.arxiv_id == want["id"]
        assert paper.version == want["version"]
        assert paper.title == want["title"]
        assert paper.abstract == want["abstract"]
        assert paper.first_submitted == date.fromisoformat(str(want["published"]))
        assert paper.submitted == date.fromisoformat(str(want["updated"]))
        assert [a.display for a in paper.authors] == want["names"]
        assert paper.categories == want["categories"]
        assert paper.primary_category == paper.categories[0]
        assert paper.dois == want["dois"]
        assert paper.journal_ref == want["journal_ref"]
        assert paper.comments == want["comment"]
        assert paper.entry_type == "misc"


def test_counts_and_format_detection() -> None:
    counts = {p.name: len(read_path(p, "atom").papers) for p in XML_FILES}
    assert counts == {p.name: p.read_text(encoding="utf-8").count("<entry>") for p in XML_FILES}
    for path in [*XML_FILES, *HAND_MADE.glob("*.xml")]:
        assert atom.sniff(path.read_text(encoding="utf-8")), path
    assert not atom.sniff((SAMPLES.parent / "bib" / "xampl.bib").read_text(encoding="utf-8"))
    assert not atom.sniff((SAMPLES.parent / "arxiv-listing-talwalkar.txt").read_text(encoding="utf-8"))
    assert not atom.sniff((SAMPLES / "abs-page_hep-th_0611290v2.html").read_text(encoding="utf-8"))
    assert detect_format(BROWN.read_text(encoding="utf-8")) == "atom"


def test_legacy_hard_wrapped_text_is_unwrapped() -> None:
    papers = read_path(LEGACY, "atom").papers
    raw = LEGACY.read_text(encoding="utf-8")
    assert "Detection on Sina\n  Weibo" in raw  # the title really is wrapped in the file
    assert papers[0].title == "A Multitask Deep Learning Approach for User Depression Detection on Sina Weibo"
    assert papers[0].abstract.startswith(
        "In recent years, due to the mental burden of depression, the number"
    )
    assert all("\n" not in p.title and "  " not in p.abstract for p in papers)
    last = papers[-1]
    assert last.comments == "39 pages, 13 figures, accepted by ISPRS PG&RS"  # &amp; decoded
    assert last.dois == ("10.1016/j.isprsjprs.2020.07.002",)
    assert last.journal_ref == "ISPRS Journal of Photogrammetry and Remote Sensing 2020"


def test_non_ascii_names_and_old_ids_schmidhuber() -> None:
    papers = read_path(SCHMIDHUBER, "atom").papers
    authors = {a for p in papers for a in p.authors}
    assert Author(given="Jürgen", family="Schmidhuber") in authors
    assert Author(given="Dan C.", family="Cireşan") in authors
    assert Author(given="Santiago", family="Fernández") in authors
    old = next(p for p in papers if p.arxiv_id == "cs/0606081")
    assert old.version == 3
    assert Link("abstract", "https://arxiv.org/abs/cs/0606081") in old.links
    assert Link("pdf", "https://arxiv.org/pdf/cs/0606081") in old.links
    with_doi = [p for p in papers if p.dois]
    assert {d for p in with_doi for d in p.dois} == {"10.1162/NECO_a_00052", "10.1007/978-3-642-13800-3_7"}
    for paper in with_doi:
        assert Link("doi", f"https://doi.org/{paper.doi}") in paper.links


def test_brown_tom_dois_journal_refs_and_versions() -> None:
    papers = read_path(BROWN, "atom").papers
    assert [(p.arxiv_id, p.version) for p in papers] == [
        ("0706.4420", 1),
        ("hep-th/0703202", 2),
        ("hep-th/0611290", 2),
    ]
    half_bps = papers[1]
    assert half_bps.dois == ("10.1088/1126-6708/2008/07/044",)
    assert half_bps.journal_ref == "JHEP 0807:044,2008"
    assert half_bps.first_submitted == date(2007, 3, 22)  # v1
    assert half_bps.submitted == date(2008, 4, 3)  # v2, the version the feed shows
    assert half_bps.links == (
        Link("abstract", "https://arxiv.org/abs/hep-th/0703202"),
        Link("pdf", "https://arxiv.org/pdf/hep-th/0703202"),
        Link("doi", "https://doi.org/10.1088/1126-6708/2008/07/044"),
    )
    # BibTeX's First-von-Last rule, as the HTML reader gets from the author link
    assert papers[2].authors[1] == Author(given="R.", particle="de", family="Mello Koch")


def test_atom2_joined_names_are_split() -> None:
    joined = read_path(HAND_MADE / "atom2-style_Brown-Tom.xml", "atom")
    assert joined.problems == []
    assert "<name>T. Brown, R. de Mello Koch, S. Ramgoolam, N. Toumbas</name>" in (
        HAND_MADE / "atom2-style_Brown-Tom.xml"
    ).read_text(encoding="utf-8")
    assert joined.papers == read_path(BROWN, "atom").papers  # same papers as one <name> per author
    assert [a.family for a in joined.papers[2].authors] == ["Brown", "Mello Koch", "Ramgoolam", "Toumbas"]


def test_atom2_suffix_stays_with_its_name() -> None:
    text = BROWN.read_text(encoding="utf-8")
    text = text.replace("<name>T. W. Brown</name>", "<name>Martin L. King, Jr., T. W. Brown</name>")
    authors = atom.read(text, "x.xml").papers[1].authors
    assert authors == (
        Author(given="Martin L.", family="King", suffix="Jr."),
        Author(given="T. W.", family="Brown"),
    )


def test_error_feed_is_a_problem_and_no_paper() -> None:
    result = read_path(HAND_MADE / "error-feed_incorrect-id.xml", "atom")
    assert result.papers == []
    (problem,) = result.problems
    assert problem.severity == "error"
    assert problem.line == 10  # the <entry>
    assert "incorrect id format for 1234.12345" in problem.message


def test_malformed_xml_keeps_the_entries_before_the_error() -> None:
    lines = BROWN.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = next(n for n, line in enumerate(lines) if "<title>Correlators, Probabilities" in line)
    lines[broken] = lines[broken].replace("</title>", "</titel>")
    result = atom.read("".join(lines), "broken.xml")
    assert [p.arxiv_id for p in result.papers] == ["0706.4420", "hep-th/0703202"]
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.severity) == ("broken.xml", broken + 1, "error")
    assert "mismatched tag" in problem.message


def test_truncated_feed_is_reported() -> None:
    text = BROWN.read_text(encoding="utf-8")
    cut = text.index("<title>Half-BPS")
    result = atom.read(text[:cut], "cut.xml")
    assert [p.arxiv_id for p in result.papers] == ["0706.4420"]
    assert [p.severity for p in result.problems] == ["error"]
    assert result.problems[0].line == text[:cut].count("\n") + 1


def test_doctype_is_refused() -> None:
    text = BROWN.read_text(encoding="utf-8")
    evil = text.replace("?>\n", '?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">]>\n', 1)
    result = atom.read(evil, "evil.xml")
    assert result.papers == []
    assert [(p.line, p.severity) for p in result.problems] == [(2, "error")]


def test_urls_in_comments_become_links() -> None:
    text = BROWN.read_text(encoding="utf-8")
    text = text.replace("<arxiv:comment>13 pages", "<arxiv:comment>13 pages; code: https://github.com/a/b.")
    paper = atom.read(text, "x.xml").papers[0]
    assert Link("code", "https://github.com/a/b") in paper.links


def test_entry_without_arxiv_id_is_kept_with_a_warning() -> None:
    text = BROWN.read_text(encoding="utf-8")
    text = text.replace("<id>http://arxiv.org/abs/0706.4420v1</id>", "<id>urn:example:1</id>")
    result = atom.read(text, "x.xml")
    assert len(result.papers) == 3
    assert result.papers[0].arxiv_id == ""
    assert result.papers[0].links[0] == Link("abstract", "https://arxiv.org/abs/0706.4420v1")
    assert [(p.line, p.severity) for p in result.problems] == [(10, "warning")]
