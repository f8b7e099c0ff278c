"""The .bib reader and the LaTeX -> text helper, on real .bib files and hand-made bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_papers.core.model import Author, Link, Paper, YearMonth
from sphinx_papers.readers import bib, detect_format, read_path

DATA = Path(__file__).parent / "data"
XAMPL = DATA / "bib" / "xampl.bib"
BIBLATEX = DATA / "bib" / "biblatex-examples.bib"
ASTROPY = DATA / "bib" / "astropy-v5-refs.bib"
BIB_FILES = [XAMPL, BIBLATEX]
# an entry start as written in both files: "@type{key," at the start of a line
_ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),", re.MULTILINE)
_ENTRY_ANY = re.compile(r"^@(\w+)\{([^,\s]+),", re.MULTILINE)
# a one-line braced field: "  name = {value},"
_ONE_LINE_FIELD = re.compile(r"^\s+(\w+)\s*=\s*\{(.*)\},?\s*$")


def _papers(path: Path) -> dict[str, Paper]:
    return {p.key: p for p in read_path(path, "bibtex").papers}


@pytest.mark.parametrize("path", BIB_FILES, ids=lambda p: p.name)
def test_every_entry_is_read_with_its_key_type_and_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = [
        (m[1].lower(), m[2], text.count("\n", 0, m.start()) + 1)
        for m in _ENTRY.finditer(text)
        if m[1].lower() not in ("string", "preamble")
    ]
    papers = read_path(path, "bibtex").papers
    assert [(p.entry_type, p.key, p.source.line if p.source else 0) for p in papers] == expected
    assert len(papers) == {"xampl.bib": 36, "biblatex-examples.bib": 92}[path.name]


@pytest.mark.parametrize("path", BIB_FILES, ids=lambda p: p.name)
def test_raw_field_values_are_kept_exactly(path: Path) -> None:
    """Every one-line braced field of the file is in ``bibtex_fields`` exactly as written."""
    papers = read_path(path, "bibtex").papers
    by_line = {p.source.line: p for p in papers if p.source}
    current: Paper | None = None
    checked = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        current = by_line.get(number, current)
        m = _ONE_LINE_FIELD.match(line)
        if current is None or m is None or m[2].count("{") != m[2].count("}"):
            continue
        assert current.bibtex_fields[m[1].lower()] == m[2], (current.key, m[1])
        checked += 1
    assert checked > {"xampl.bib": 10, "biblatex-examples.bib": 300}[path.name]


def test_only_legit_problems_in_the_real_files() -> None:
    assert read_path(BIBLATEX, "bibtex").problems == []
    problems = read_path(XAMPL, "bibtex").problems
    # BibTeX itself warns about these two entries of its example file
    assert [(p.line, p.message) for p in problems] == [
        (226, "entry 'misc-minimal' has no title"),
        (358, "entry 'random-note-crossref' has no title"),
    ]


def test_string_macros_and_concatenation_are_resolved() -> None:
    xampl = _papers(XAMPL)
    full = xampl["inproceedings-full"].bibtex_fields
    # booktitle = "Proc. Fifteenth Annual ACM" # STOC, with @STRING{STOC = " Symposium on ..."}
    assert full["booktitle"] == "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing"
    assert full["organization"] == "The OX Association for Computing Machinery"
    assert xampl["proceedings-minimal"].bibtex_fields["key"] == "OX{\\singleletter{stoc}}"
    assert xampl["proceedings-minimal"].title == "Proc. Fifteenth Annual Symposium on the Theory of Computing"
    biblatex = _papers(BIBLATEX)
    assert biblatex["kastenholz"].bibtex_fields["journaltitle"] == "J.~Chem. Phys."
    assert biblatex["herrmann"].bibtex_fields["journaltitle"] == "Angew.~Chem. Int.~Ed."


def test_months() -> None:
    xampl = _papers(XAMPL)
    assert xampl["article-full"].bibtex_fields["month"] == "jul"  # a bare macro stays a macro name
    assert xampl["article-full"].issued == YearMonth(1986, 7)
    assert xampl["inbook-full"].bibtex_fields["month"] == "10~January"  # "10~" # jan
    assert xampl["inbook-full"].issued == YearMonth(1973, 1)
    assert xampl["booklet-full"].issued == YearMonth(1988, 2)
    assert xampl["inbook-minimal"].issued == YearMonth(1973)  # "{\noopsort{1973b}}1973"
    assert xampl["whole-set"].issued == YearMonth(1968)  # "{\noopsort{1973a}}{\switchargs{--90}{1968}}"


def test_biblatex_dates() -> None:
    biblatex = _papers(BIBLATEX)
    assert biblatex["baez/online"].issued == YearMonth(2004, 10)  # date = {2004-10-27}
    assert biblatex["baez/article"].issued == YearMonth(2004)  # date = 2004
    text = "@online{a, title={T}, date={2020-06/2020-07}}\n@misc{b, title={T}, year={2019}, month={6}}\n"
    assert [p.issued for p in bib.read(text, "x.bib").papers] == [YearMonth(2020, 6), YearMonth(2019, 6)]


def test_crossref_inheritance_without_copying_fields() -> None:
    xampl = _papers(XAMPL)
    child = xampl["article-crossref"]
    assert child.bibtex_fields["crossref"] == "WHOLE-JOURNAL"  # key case differs from the parent's
    assert "year" not in child.bibtex_fields  # the raw fields stay the entry's own
    assert child.issued == YearMonth(1986, 7)  # from whole-journal
    biblatex = _papers(BIBLATEX)
    assert biblatex["westfahl:space"].issued == YearMonth(2000)


def test_names_and_accents_against_the_file() -> None:
    raw = BIBLATEX.read_text(encoding="utf-8")
    assert 'author       = {Aks{\\i}n, {\\"O}zge and T{\\"u}rkmen, Hayati' in raw
    aksin = _papers(BIBLATEX)["aksin"].authors
    assert aksin[:2] == (Author(given="Özge", family="Aksın"), Author(given="Hayati", family="Türkmen"))
    assert aksin[3] == Author(given="Bekir", family="Çetinkaya")
    assert _papers(BIBLATEX)["vangennep"].authors == (
        Author(given="Arnold", family="Gennep", particle="van"),
    )
    assert 'Ulrich {\\"{U}}nderwood and Ned {\\~N}et and Paul {\\={P}}ot' in XAMPL.read_text(encoding="utf-8")
    wishful = _papers(XAMPL)["unpublished-full"]
    assert [a.display for a in wishful.authors] == ["Ulrich Ünderwood", "Ned Ñet", "Paul P\u0304ot"]
    assert _papers(XAMPL)["mastersthesis-full"].authors[0] == Author(given="Édouard", family="Masterly")


def test_title_keeps_math_and_raw_value_keeps_latex() -> None:
    report = _papers(XAMPL)["techreport-full"]
    assert report.bibtex_fields["title"] == "An {$O(n \\log n / \\! \\log\\log n)$} Sorting Algorithm"
    assert report.title == "An $O(n \\log n / \\! \\log\\log n)$ Sorting Algorithm"


def test_arxiv_eprints_dois_and_links() -> None:
    biblatex = _papers(BIBLATEX)
    wassenberg = biblatex["wassenberg"]
    assert (wassenberg.arxiv_id, wassenberg.primary_category, wassenberg.categories) == (
        "1008.2849",
        "cs.DS",
        ("cs.DS",),
    )
    assert Link("abstract", "https://arxiv.org/abs/1008.2849") in wassenberg.links
    baez = biblatex["baez/article"]
    assert (baez.arxiv_id, baez.version) == ("math/0307200", 3)
    assert biblatex["kastenholz"].dois == ("10.1063/1.2172593",)
    assert biblatex["kastenholz"].links == (Link("doi", "https://doi.org/10.1063/1.2172593"),)
    # a DOI may contain ";": only spaces separate several DOIs
    assert biblatex["sigfridsson"].dois == ("10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P",)
    assert biblatex["ctan"].links == (Link("url", "http://www.ctan.org"),)
    assert biblatex["ctan"].arxiv_id == "" and biblatex["ctan"].journal_ref == ""


ARXIV_STYLES = """\
@misc{li2016hyperband,
  title = {Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization},
  author = {Lisha Li and Kevin Jamieson and Giulia DeSalvo and Afshin Rostamizadeh and Ameet Talwalkar},
  year = {2016},
  eprint = {1603.06560},
  archivePrefix = {arXiv},
  primaryClass = {cs.LG},
  url = {https://arxiv.org/abs/1603.06560},
  doi = {10.48550/arXiv.1603.06560 10.5555/3122009.3242042},
}
@article{DBLP:journals/corr/LiJDRT16,
  author = {Lisha Li and Kevin G. Jamieson and others},
  journal = {CoRR}, volume = {abs/1603.06560}, year = {2016},
  eprinttype = {arXiv}, eprint = {1603.06560v4}, title = {Hyperband},
}
@article{li2016scholar,
  title={Hyperband}, author={Li, Lisha and Jamieson, Kevin},
  journal={arXiv preprint arXiv:1603.06560}, year={2016}
}
@misc{king, title = {Letter}, author = {King, Jr., Martin Luther and de la Fontaine, Jean}}
"""


def test_arxiv_exports_of_every_style() -> None:
    papers = bib.read(ARXIV_STYLES, "styles.bib").papers
    assert [p.arxiv_id for p in papers] == ["1603.06560"] * 3 + [""]
    arxiv, dblp, scholar, king = papers
    assert arxiv.primary_category == "cs.LG"
    assert arxiv.dois == ("10.48550/arXiv.1603.06560", "10.5555/3122009.3242042")
    assert arxiv.links[0] == Link("abstract", "https://arxiv.org/abs/1603.06560")
    assert len(arxiv.links) == 3  # the url field is the abstract page: not repeated
    assert arxiv.bibtex_fields["archiveprefix"] == "arXiv"  # field names lower-cased
    assert arxiv.authors[-1] == Author(given="Ameet", family="Talwalkar")
    assert (dblp.version, dblp.authors_not_shown, len(dblp.authors)) == (4, 1, 2)
    assert scholar.authors == (Author(given="Lisha", family="Li"), Author(given="Kevin", family="Jamieson"))
    assert king.authors == (
        Author(given="Martin Luther", family="King", suffix="Jr."),
        Author(given="Jean", family="Fontaine", particle="de la"),
    )


BAD = """\
@article{good1,
  title = {First good},
  year = 2020,
}

@article{unbalanced,
  title = {An {unbalanced brace},
  year = 2021,
}

@article{good2, title = {Second good}, author = {A, B, C, D and Jane Doe}}
@article{good1, title = {Same key again}}
title = {stray field}, year = 1999,
@book{twice, title = {One}, title = {Two}, publisher = undefinedmacro}
@article{nocomma
  title = {x}
}
@misc{last, title = {Last good}, note = "a" # }
"""


def test_bad_input_gives_problems_with_lines_and_the_rest_is_read() -> None:
    result = bib.read(BAD, "bad.bib")
    assert [p.key for p in result.papers] == ["good1", "good2", "twice", "last"]
    assert [p.title for p in result.papers] == ["First good", "Second good", "One", "Last good"]
    authors = result.papers[1].authors  # the bad name is still read, as well as it can be
    assert len(authors) == 2 and authors[1] == Author(given="Jane", family="Doe")
    found = [(p.line, p.severity, p.message.split(":")[0]) for p in result.problems]
    assert found == [
        (6, "warning", "@article{unbalanced, ...} not read, kept as written"),
        (11, "warning", "name 'A, B, C, D' is not a valid BibTeX name"),
        (12, "warning", "duplicate key 'good1' (first on line 1)"),
        (13, "warning", "text outside any entry is a comment to BibTeX"),
        (14, "warning", "repeated field title in 'twice'"),
        (14, "warning", "undefined macro 'undefinedmacro' (no @string defines it)"),
        (15, "warning", "@article{nocomma, ...} not read, kept as written"),
        (16, "warning", "text outside any entry is a comment to BibTeX"),  # the rest of the broken entry
        (18, "warning", "malformed value kept as written"),
    ]


def test_a_real_bibliography_is_read_around_its_mistakes() -> None:
    """The Astropy v5.0 paper's .bib: two entries lack their closing brace, one key is used twice."""
    text = ASTROPY.read_text(encoding="utf-8")
    result = read_path(ASTROPY, "bibtex")
    found = [(p.line, p.message.split(":")[0]) for p in result.problems]
    assert found == [
        (1343, "entry 'astropy-ci' has no title"),
        (1877, "@ARTICLE{ASDF, ...} not read, kept as written"),  # runs into the next entry
        (1890, "@article{Mommert2019, ...} not read, kept as written"),
        (2187, "duplicate key 'pandas' (first on line 85)"),
    ]
    starts = [m for m in _ENTRY_ANY.finditer(text) if m[1].lower() not in ("string", "preamble", "comment")]
    skipped = {"ASDF", "Mommert2019"}
    expected = [(m[2], text.count("\n", 0, m.start()) + 1) for m in starts if m[2] not in skipped]
    expected.remove(("pandas", 2187))
    assert [(p.key, p.source.line if p.source else 0) for p in result.papers] == expected
    # names separated by "and" and a line break, as BibTeX reads them
    assert [a.family for a in _papers(ASTROPY)["glue"].authors] == [
        "Beaumont",
        "Robitaille",
        "Borkin",
        "Goodman",
    ]


def test_every_real_file_gives_papers_or_problems_never_an_exception(tmp_path: Path) -> None:
    weird = '@misc{a, title = {T}}\n@misc{b, title = {T\n@string{x = "y"}\n@misc{c, title = x # {!}}\n}\n'
    for text in [weird, "@", "@misc{", "}}}{{{", "@comment{", '@preamble{"x"', "@string{a = }"]:
        result = bib.read(text, "odd.bib")
        assert all(p.path == "odd.bib" and p.line >= 1 for p in result.problems), text
    assert next(p.title for p in bib.read(weird, "odd.bib").papers) == "T"


def test_sniff() -> None:
    for path in BIB_FILES:
        text = path.read_text(encoding="utf-8")
        assert bib.sniff(text)
        assert detect_format(text) == "bibtex"
    assert bib.sniff("% my papers\n\n  @Article {x,\n title={t}}\n")
    assert not bib.sniff((DATA / "arxiv-listing-talwalkar.txt").read_text(encoding="utf-8"))
    assert not bib.sniff(
        (DATA / "arxiv-samples" / "api-legacy-2020_findpapers.xml").read_text(encoding="utf-8")
    )
    assert not bib.sniff("<html><body><pre>\n@article{x, title={t}}\n</pre></body></html>")
    assert not bib.sniff("write to me @ home {soon}")


def test_each_entry_is_also_kept_as_written() -> None:
    """``written`` holds the type and fields as the file has them; ``bibtex_fields`` their values."""
    text = (
        '@String{stoc = "STOC"}\n'
        "@InProceedings{Oaho83,\n"
        "  Title = {On {VLSI}},\n"
        '  booktitle = "Proc. " # stoc,\n'
        "  % picked by biber\n"
        "  MONTH = jun,\n"
        "  note = undefinedmacro,\n"
        "  year = 1983 % the year\n"
        "}\n"
    )
    (paper,) = bib.read(text, "a.bib").papers
    assert paper.written is not None and paper.written.entry_type == "InProceedings"
    assert paper.entry_type == "inproceedings"
    assert {name: field.text for name, field in paper.written.fields.items()} == {
        "title": "Title = {On {VLSI}}",
        "booktitle": 'booktitle = "Proc. " # stoc',
        "month": "% picked by biber\n  MONTH = jun",
        "note": "note = undefinedmacro",
        "year": "% the year\n  year = 1983",
    }
    assert paper.bibtex_fields == {
        "title": "On {VLSI}",
        "booktitle": "Proc. STOC",
        "month": "jun",
        "note": "undefinedmacro",
        "year": "1983",
    }
    assert all(field.value == paper.bibtex_fields[name] for name, field in paper.written.fields.items())


def test_blocks_that_are_not_entries_are_kept_before_the_entry_they_precede() -> None:
    text = (
        "% Exported by hand\n"
        '@string{j = "J"}\n'
        '@preamble{"\\newcommand{\\x}{}"}\n'
        "@misc{a, title = {A}}\n"
        "@comment{jabref-meta: groupsversion:3;}\n"
        "@misc{b, title = {B\n"
        "@misc{c, title = {C}}\n"
        "end of file\n"
    )
    result = bib.read(text, "a.bib")
    a, c = (p.source for p in result.papers)
    assert [(b.kind, b.text, b.source.line, b.before) for b in result.blocks] == [
        ("comment", "% Exported by hand", 1, a),
        ("string", '@string{j = "J"}', 2, a),
        ("preamble", '@preamble{"\\newcommand{\\x}{}"}', 3, a),
        # a failed block and its neighbours: one text, as written
        ("failed", "@comment{jabref-meta: groupsversion:3;}\n@misc{b, title = {B", 5, c),
        ("comment", "end of file", 8, None),
    ]
    assert result.preambles == ['"\\newcommand{\\x}{}"']


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("Dobrovol'skii_1963", 'key "Dobrovol\'skii_1963" holds "\'", which biber rejects (BibTeX reads it)'),
        ("a(b)", "key 'a(b)' holds '()', which biber rejects (BibTeX reads it)"),
        ("plain:key-1.2+x", None),
    ],
)
def test_a_key_bibtex_reads_is_kept_as_written(key: str, problem: str | None) -> None:
    result = bib.read(f"@article{{{key},\n  title = {{T}},\n}}\n", "k.bib")
    assert [p.key for p in result.papers] == [key]
    assert [p.message for p in result.problems] == ([problem] if problem else [])
