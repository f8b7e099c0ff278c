"""Written .bib files read back by bibtexparser v2 and by pybtex give the same papers.

A .bib converted to .bib loses nothing (entries, keys, fields as written,
macros, comments, failed blocks), and converting the output again gives the
same bytes: on every real file of the test data.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from typing import TYPE_CHECKING

import bibtexparser
import pybtex.database
import pytest
from conftest import DATA, require_tools
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from sphinx_papers.bibtex import write_bibtex
from sphinx_papers.bibtex.keys import key_letters
from sphinx_papers.cli.main import main
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


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


#: every real UTF-8 .bib of the test data (and of the shared corpus's copy, tests/data/real-bib, when present)
REAL_BIB = sorted(
    {p.name: p for folder in ("real-bib", "bib") for p in (DATA / folder).glob("*.bib") if _utf8(p)}.values(),
    key=lambda p: p.name,
)


def convert(tmp_path: Path, source: Path, name: str, *args: str) -> Path:
    """``sphinx-papers convert source -o tmp_path/name``: the output's path."""
    out = tmp_path / name
    assert main(["convert", str(source), "-o", str(out), *args]) == 0
    return out


@pytest.mark.parametrize("source", REAL_BIB, ids=[p.name for p in REAL_BIB])
def test_a_real_bib_converted_twice_gives_the_same_bytes_and_loses_nothing(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every entry, key, field and evaluated value, every block that is not an entry, comes back."""
    first = convert(tmp_path, source, "first.bib")
    second = convert(tmp_path, first, "second.bib")
    assert second.read_bytes() == first.read_bytes()
    before, after = read_path(source, "bibtex"), read_path(first, "bibtex")
    assert len(after.papers) == len(before.papers) > 0
    for old, new in zip(before.papers, after.papers, strict=True):
        assert (new.key, new.entry_type, new.title, new.authors, new.issued, new.arxiv_id) == (
            old.key,
            old.entry_type,
            old.title,
            old.authors,
            old.issued,
            old.arxiv_id,
        )
        assert new.bibtex_fields == old.bibtex_fields
        assert new.written is not None and old.written is not None
        assert new.written.entry_type == old.written.entry_type  # the type as written: @ARTICLE stays
        assert [f.text.split(" = ")[0] for f in new.written.fields.values()] == [
            f.text.split(" = ")[0] for f in old.written.fields.values()
        ]
    assert [(b.kind, b.text) for b in after.blocks] == [(b.kind, b.text) for b in before.blocks]
    # nothing new to say about the output: its problems are the input's
    said = {p.message for p in before.problems}
    assert [str(p) for p in after.problems if p.message not in said] == []
    capsys.readouterr()


STRINGS = """\
@string{stoc = "Symposium on the Theory of Computing"}
@preamble{"\\newcommand{\\noopsort}[1]{}"}

% a comment between entries
@Article{Dobrovol'skii_1963,
  Author = {W. D. Harvey and} # GINSBERG,
  journal = dam,
  % picks name 1
  Title = "Proc. " # stoc # {, 1983},
  monthx = feb,
  year = {1963} % the year
}

@comment{jabref-meta: databaseType:bibtex;}
@misc{broken, title = {unbalanced
@misc{after, title = {After}}
trailing text
"""


def test_macros_comments_and_failed_blocks_are_written_as_the_file_has_them(tmp_path: Path) -> None:
    source = tmp_path / "in.bib"
    source.write_text(STRINGS, encoding="utf-8")
    out = convert(tmp_path, source, "out.bib").read_text(encoding="utf-8")
    assert out.startswith(
        '@string{stoc = "Symposium on the Theory of Computing"}\n\n'
        '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n\n'
        "% a comment between entries\n\n"
        "@Article{Dobrovol'skii_1963,\n"
        "  Author = {W. D. Harvey and} # GINSBERG,\n"  # an undefined macro stays one
        "  journal = dam,\n"
        "  % picks name 1\n"
        '  Title = "Proc. " # stoc # {, 1983},\n'
        "  monthx = feb,\n"
        "  % the year\n"
        "  year = {1963},\n"
        "}\n"
    )
    # the failed block and what follows it in one piece, as written; then the entry after it
    assert (
        "@comment{jabref-meta: databaseType:bibtex;}\n@misc{broken, title = {unbalanced\n\n@misc{after,"
        in out
    )
    assert out.endswith("}\n\ntrailing text\n")
    (paper, after) = read_path(source).papers
    assert paper.bibtex_fields["title"] == "Proc. Symposium on the Theory of Computing, 1983"  # for pages
    assert paper.key == "Dobrovol'skii_1963" and after.key == "after"


def test_every_problem_convert_meets_check_reports_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.bib"
    source.write_text(STRINGS, encoding="utf-8")
    assert main(["check", str(source)]) == 1
    checked = capsys.readouterr().out.splitlines()
    convert(tmp_path, source, "out.bib")
    converted = [line for line in capsys.readouterr().err.splitlines() if line.startswith(str(source))]
    assert converted == checked
    messages = [line.split(": ", 1)[1] for line in checked]
    assert [line.split(":")[1] for line in checked] == ["5", "6", "7", "15"]
    assert messages[0] == 'key "Dobrovol\'skii_1963" holds "\'", which biber rejects (BibTeX reads it)'
    assert messages[1].startswith("undefined macro 'GINSBERG'")
    assert messages[2].startswith("undefined macro 'dam'")
    assert messages[3].startswith("@misc{broken, ...} not read, kept as written")


def test_a_change_made_by_a_merge_is_written_and_the_rest_stays_as_written() -> None:
    """Only a field whose value changed leaves the file's form: the others keep their macros."""
    from sphinx_papers.bibtex.fields import field_texts
    from sphinx_papers.readers import bib

    (paper,) = bib.read(
        "@String{j = {J}}\n@ARTICLE{k, Journal = j, Version = {1}, Note = j # {x}}\n", "a.bib"
    ).papers
    assert field_texts(paper) == ["Journal = j", "Version = {1}", "Note = j # {x}"]
    changed = paper.replace(bibtex_fields={**paper.bibtex_fields, "version": "2", "eprint": "2101.00001"})
    assert field_texts(changed) == ["Journal = j", "version = {2}", "Note = j # {x}", "eprint = {2101.00001}"]
    assert write_bibtex([changed], keys=["k"]).startswith("@ARTICLE{k,\n  Journal = j,\n")
    assert write_bibtex([changed.replace(entry_type="book")], keys=["k"]).startswith("@book{k,")


def test_ascii_output_turns_the_written_text_into_tex() -> None:
    from sphinx_papers.readers import bib

    (paper,) = bib.read(
        '@misc{k, author = "Ramé, Élise" # { and Łukasz}, url = {https://x.org/é}}', "a.bib"
    ).papers
    text = write_bibtex([paper], keys=["k"], ascii=True)
    assert text.isascii() is False  # the URL is verbatim
    assert "author = \"Ram{\\'e}, {\\'E}lise\" # { and {\\L}ukasz}," in text


def test_convert_carries_the_preamble_whose_macros_the_entries_use(data_dir: Path, tmp_path: Path) -> None:
    """xampl.bib's years use ``\\noopsort``, which its ``@preamble`` defines: the output must define it too."""
    xampl = data_dir / "bib" / "xampl.bib"
    out = tmp_path / "out.bib"
    copy = tmp_path / "copy.bib"
    copy.write_bytes(xampl.read_bytes())
    # the same file twice, and a copy of it: one preamble, one of each @string
    assert main(["convert", str(xampl), str(xampl), str(copy), "-o", str(out)]) == 0
    before = bibtexparser.parse_string(xampl.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    after = bibtexparser.parse_string(out.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert [p.value.strip() for p in after.preambles] == [p.value.strip() for p in before.preambles]
    assert "\\noopsort" in after.preambles[0].value
    assert [s.key for s in after.strings] == [s.key for s in before.strings] == ["STOC-key", "ACM", "STOC"]
    assert any("\\noopsort" in str(f.value) for e in after.entries for f in e.fields)
    assert pybtex.database.parse_file(str(out)).preamble == pybtex.database.parse_file(str(xampl)).preamble


# -- the output compiles: no error the original does not have ---------------------------------

PLAIN_DOC = (
    "\\documentclass{article}\\usepackage[T1]{fontenc}\\begin{document}"
    "\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n"
)
BIBER_DOC = (
    "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[backend=biber]{biblatex}"
    "\\addbibresource{refs.bib}\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n"
)
#: the real files of tests/data/bib, compiled as written and as converted
TEX_BIB = [p for p in sorted((DATA / "bib").glob("*.bib")) if _utf8(p)]
#: what differs between two reports of one error: paths, line numbers, names in quotes (biber's order varies)
_INCIDENTAL = re.compile(r"/\S+|\b\d+\b|'[^']*'")


def tex_errors(cwd: Path, engine: str, bib: str) -> Counter[str]:
    """pdfLaTeX, ``engine`` (bibtex or biber), pdfLaTeX: the errors of the three runs, by message."""
    cwd.mkdir(parents=True)
    (cwd / "refs.bib").write_text(bib, encoding="utf-8")
    (cwd / "doc.tex").write_text(PLAIN_DOC if engine == "bibtex" else BIBER_DOC, encoding="utf-8")
    tex = ["pdflatex", "-interaction=nonstopmode", "doc"]
    found = []
    for cmd in (tex, [engine, "doc"], tex):  # exit codes say nothing more than the logs
        try:
            subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:  # TeX looping on a broken entry: an error like the others
            found.append(f"timeout: {cmd[0]}")
    log = (cwd / "doc.log").read_text(encoding="utf-8", errors="replace")
    blg = (cwd / "doc.blg").read_text(encoding="utf-8", errors="replace")
    found += [f"latex: {m}" for m in re.findall(r"^! (.*)$", log, re.MULTILINE)]
    if engine == "bibtex":
        found += [f"bibtex: {m}" for m in re.findall(r"^(.*?)---line \d+ of file", blg, re.MULTILINE)]
    else:
        found += [f"biber: {m}" for m in re.findall(r"ERROR - (.*)$", blg, re.MULTILINE)]
    return Counter(_INCIDENTAL.sub("_", message) for message in found)


@pytest.mark.tex
@pytest.mark.parametrize("engine", ["bibtex", "biber"])
@pytest.mark.parametrize("source", TEX_BIB, ids=[p.name for p in TEX_BIB])
def test_the_converted_file_compiles_as_the_original_does(tmp_path: Path, source: Path, engine: str) -> None:
    """pdfLaTeX with plain.bst and BibTeX, and with biblatex and biber: no error the original does not have."""
    require_tools("pdflatex", engine)
    out = convert(tmp_path, source, "converted.bib").read_text(encoding="utf-8")
    original = tex_errors(tmp_path / "original", engine, source.read_text(encoding="utf-8"))
    converted = tex_errors(tmp_path / "converted", engine, out)
    assert converted - original == Counter()


@pytest.mark.parametrize(
    "text",
    [
        "@misc{k,\n  note = {Note}\\\n}\n",  # a value BibTeX cannot read: the entry is kept as written
        "@{xd1, title = {x}}\n@misc{k, title = {T}}\n",  # no entry type: a block kept as written
        "@misc{a, title = {A}} @misc{b, title = {B}}\n",  # two entries on one line
        "@misc{, title = {x}}\n@misc{k, title = {T}}\n",  # no key: a block kept as written
    ],
    ids=["malformed-value", "no-entry-type", "one-line", "no-key"],
)
def test_broken_input_converts_to_itself_twice(tmp_path: Path, text: str) -> None:
    source = tmp_path / "in.bib"
    source.write_text(text, encoding="utf-8")
    first = convert(tmp_path, source, "first.bib")
    second = convert(tmp_path, first, "second.bib")
    assert second.read_bytes() == first.read_bytes()
    assert {p.key for p in read_path(first).papers} == {p.key for p in read_path(source).papers}
    written = first.read_text(encoding="utf-8")
    assert all(
        line in written for line in text.splitlines() if "{Note}" in line or "@{" in line or "{," in line
    )
    bib = tmp_path / "self.bib"
    bib.write_bytes(source.read_bytes())
    assert main(["convert", str(source), "--merge", str(bib), "-o", str(bib)]) == 0
    assert bib.read_bytes() == source.read_bytes()


@pytest.mark.parametrize(
    "text",
    [
        "@K{@r{k}\n",  # bibtexparser gives up at "@r": the failed block's text runs into the entry
        "@A{@a{1,title=T}\n",
        "@K{@r\n\n@r{k,\n}\n",  # the same, after the entry's head was written once too often
    ],
    ids=["key", "fields", "twice"],
)
def test_a_failed_block_that_runs_into_the_next_entry_is_written_once(tmp_path: Path, text: str) -> None:
    source = tmp_path / "in.bib"
    source.write_text(text, encoding="utf-8")
    first = convert(tmp_path, source, "first.bib")
    second = convert(tmp_path, first, "second.bib")
    assert second.read_bytes() == first.read_bytes()
    written = first.read_text(encoding="utf-8")
    assert written.count("@") == text.count("@")  # the entry's head is not in the kept block as well
    assert written.startswith(text[:3])  # the failed block comes first, as written
    assert [p.key for p in read_path(first).papers] == [p.key for p in read_path(source).papers]


def test_an_entry_that_stands_alone_is_written_with_its_values() -> None:
    """A page or a download shows an entry without its file: macros resolved, every value braced."""
    from sphinx_papers.readers import bib

    (paper,) = bib.read(
        '@String{j = {J. Chem.}}\n@Article{k, Journal = j, Note = "a" # j, month = jun}', "a.bib"
    ).papers
    alone = write_bibtex([paper], keys=["k"], as_written=False)
    assert alone == "@Article{k,\n  journal = {J. Chem.},\n  note = {aJ. Chem.},\n  month = jun,\n}\n"
    assert write_bibtex([paper], keys=["k"]).startswith("@Article{k,\n  Journal = j,\n")
