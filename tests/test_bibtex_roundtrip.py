"""Written .bib files read back by bibtexparser v2 and by pybtex give the same papers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import bibtexparser
import pybtex.database
import pytest
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from sphinx_papers.bibtex import write_bibtex
from sphinx_papers.bibtex.keys import key_letters
from sphinx_papers.readers import read_path

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx_papers.core.model import Paper

# pylatexenc's LaTeX reader, taught the kernel text symbols it does not know
_DB = get_default_latex_context_db()
_DB.add_context_category(
    "kernel-symbols",
    prepend=True,
    macros=[
        MacroTextSpec(name, char)
        for name, char in [("textbraceleft", "{"), ("textbraceright", "}"), ("textasciicircum", "^")]
    ],
)
TO_TEXT = LatexNodes2Text(latex_context=_DB, math_mode="verbatim")
LIGATURES = [("$", ""), ("---", "—"), ("--", "–"), ("``", "“"), ("''", "”")]
ATOM_SAMPLES = [
    "api-2026_get-arXiv_Brown-Tom_page-3.xml",
    "api-2026_get-arXiv_Schmidhuber_page-4.xml",
    "api-legacy-2020_findpapers.xml",
]


def all_papers(seed_path: Path, data_dir: Path) -> list[Paper]:
    papers = read_path(seed_path, "text").papers
    for name in ATOM_SAMPLES:
        papers += read_path(data_dir / "arxiv-samples" / name, "atom").papers
    return papers


def plain(text: str) -> str:
    """Compare texts without math dollars, whitespace differences and TeX's ligatures."""
    for tex, char in LIGATURES:
        text = text.replace(tex, char)
    return " ".join(text.split())


def families(author_field: str) -> list[str]:
    """Family names of a written author field, via pybtex's name parser, as plain text."""
    persons = pybtex.database.parse_string(f"@misc{{k, author = {{{author_field}}}}}", "bibtex")
    return [
        TO_TEXT.latex_to_text(" ".join(p.prelast_names + p.last_names))
        for p in persons.entries["k"].persons["author"]
    ]


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_bibtexparser_reads_back_the_same_papers(
    seed_path: Path, data_dir: Path, ascii: bool, dialect: str
) -> None:
    papers = all_papers(seed_path, data_dir)
    library = bibtexparser.parse_string(write_bibtex(papers, ascii=ascii, dialect=dialect))  # type: ignore[attr-defined]
    assert not library.failed_blocks
    assert len(library.entries) == len(papers) == 98
    assert len({e.key for e in library.entries}) == 98
    for paper, entry in zip(papers, library.entries, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        assert plain(TO_TEXT.latex_to_text(fields["title"])) == plain(paper.title)
        assert fields.get("eprint", "") == paper.arxiv_id
        if dialect == "bibtex":
            assert fields["year"] == str(paper.year)
        else:
            assert fields["date"][:4] == str(paper.year)
        if "\\" not in paper.abstract and "$" not in paper.abstract:
            assert plain(TO_TEXT.latex_to_text(fields["abstract"])) == plain(paper.abstract)


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_pybtex_reads_back_the_same_papers(seed_path: Path, data_dir: Path, ascii: bool) -> None:
    papers = all_papers(seed_path, data_dir)
    data = pybtex.database.parse_string(write_bibtex(papers, ascii=ascii), "bibtex")
    assert len(data.entries) == len(papers)
    for paper, entry in zip(papers, data.entries.values(), strict=True):
        assert plain(TO_TEXT.latex_to_text(entry.fields["title"])) == plain(paper.title)
        persons = entry.persons["author"]
        shown = [p for p in persons if str(p) != "others"]
        assert len(shown) == len(paper.authors)
        written = [TO_TEXT.latex_to_text(" ".join(p.prelast_names + p.last_names)) for p in shown]
        assert written == [a.surname for a in paper.authors]
        assert (len(persons) > len(shown)) == bool(paper.authors_not_shown)
        assert entry.fields["year"] == str(paper.year)
        assert entry.fields.get("eprint", "") == paper.arxiv_id


def test_non_ascii_names_survive_both_modes(data_dir: Path) -> None:
    papers = read_path(data_dir / "arxiv-samples" / ATOM_SAMPLES[1], "atom").papers
    names = {a.family for p in papers for a in p.authors}
    assert {"Schmidhuber", "Cireşan", "Fernández"} <= names
    for ascii in (False, True):
        text = write_bibtex(papers, ascii=ascii)
        assert text.isascii() == ascii
        data = pybtex.database.parse_string(text, "bibtex")
        written = {
            TO_TEXT.latex_to_text(p.last_names[0]) for e in data.entries.values() for p in e.persons["author"]
        }
        assert names <= written
        assert {key_letters(n) for n in names} <= {key_letters(n) for n in written}


REAL_BIB = ["xampl.bib", "biblatex-examples.bib", "astropy-v5-refs.bib", "biber-xdata.bib"]


@pytest.mark.parametrize("name", REAL_BIB)
def test_a_real_bib_written_back_reads_as_the_same_papers(data_dir: Path, name: str) -> None:
    """Read, write under the same keys, read again: every record and raw field comes back, no new problem."""
    from sphinx_papers.readers import bib

    first = bib.read((data_dir / "bib" / name).read_text(encoding="utf-8"), name)
    written = write_bibtex(first.papers, keys=[p.key for p in first.papers])
    again = bib.read(written, "written.bib")
    assert len(again.papers) == len(first.papers) > 20
    for before, after in zip(first.papers, again.papers, strict=True):
        assert (after.key, after.entry_type, after.title, after.authors) == (
            before.key,
            before.entry_type,
            before.title,
            before.authors,
        )
        assert (after.bibtex_fields, after.issued, after.arxiv_id) == (
            before.bibtex_fields,
            before.issued,
            before.arxiv_id,
        )
    said = {p.message for p in first.problems}
    assert [p for p in again.problems if p.message not in said] == []


def test_keys_and_field_names_the_writer_refuses_are_read_as_ones_it_writes() -> None:
    """JabRef writes ``O'Hara_1999`` (biber rejects the quote); biber's files put ``%`` comments between fields."""
    from sphinx_papers.readers import bib

    text = "@article{O'Hara_1999,\n  title = {T}, % a comment\n  year = {1999} % another\n}\n"
    result = bib.read(text, "j.bib")
    (paper,) = result.papers
    assert (paper.key, paper.bibtex_fields) == ("OHara_1999", {"title": "T", "year": "1999"})
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "key \"O'Hara_1999\" holds characters biber rejects: written as 'OHara_1999'")
    ]
    assert write_bibtex([paper], keys=[paper.key]).startswith("@article{OHara_1999,\n  title = {T},")


def test_convert_carries_the_preamble_whose_macros_the_entries_use(data_dir: Path, tmp_path: Path) -> None:
    """xampl.bib's years use ``\\noopsort``, which its ``@preamble`` defines: the output must define it too."""
    from sphinx_papers.cli.main import main

    xampl = data_dir / "bib" / "xampl.bib"
    out = tmp_path / "out.bib"
    assert main(["convert", str(xampl), str(xampl), "-o", str(out)]) == 0  # the same file twice: one preamble
    before = bibtexparser.parse_string(xampl.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    after = bibtexparser.parse_string(out.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert [p.value.strip() for p in after.preambles] == [p.value.strip() for p in before.preambles]
    assert "\\noopsort" in after.preambles[0].value
    assert any("\\noopsort" in str(f.value) for e in after.entries for f in e.fields)
    assert pybtex.database.parse_file(str(out)).preamble == pybtex.database.parse_file(str(xampl)).preamble
