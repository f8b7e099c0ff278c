"""The written .bib compiles with zero errors: pdfLaTeX + BibTeX and pdfLaTeX + biber + biblatex.

Papers: the seed listing and the Atom samples (98 entries with ``%``, ``&``,
math with Unicode, ``\\citep``, ``\\href{..}{\\url{..}}``, accented names...),
plus one hand-made record holding every hostile input we know of.
Every abstract and every custom field is typeset:

* classic BibTeX: style ``plain`` (names, sorting, case changing of titles),
  then ``tests/data/tex/allfields.bst``, a test style that prints every field
  the writer produces (URL-like ones through ``\\url``);
* biblatex: ``numeric`` style, abstracts and custom fields printed after each
  entry; the custom fields are declared in ``tests/data/tex/papers.dbx``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from conftest import ATOM_SAMPLES, DATA, require_tools

from sphinx_papers.bibtex import write_bibtex
from sphinx_papers.bibtex.math import MATH_COMMANDS
from sphinx_papers.core.model import Author, Link, Paper, YearMonth
from sphinx_papers.readers import read_path

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.tex

TEX = DATA / "tex"
# What TeX, BibTeX and biber print when something is wrong.
LOG_ERRORS = re.compile(
    r"^! |Error|error:|I was expecting|Undefined control sequence|Missing \$|Runaway argument"
    r"|not set up for use with LaTeX|Illegal parameter",
    re.MULTILINE,
)
BLG_PROBLEMS = re.compile(
    r"error message|Warning--I didn't find|Warning--.*isn't style-file defined|ERROR|WARN"
)


# Everything hostile the inputs hold, and more, in one record.
HOSTILE = Paper(
    title="{Unbalanced LLMs: 100% & #1 $Θ(1/Δ^2)$ ~ ^ _ \\foo BibTeX",
    authors=(
        Author(given="Élise", family="Ramé"),
        Author(given="Łukasz", family="Kaiser"),
        Author(given="Jean Ogier", family="Terrail", particle="du"),
        Author(given="Martin Luther", family="King", suffix="Jr."),
        Author(given="Ann", family="Smith & Wesson_{x}"),
    ),
    authors_not_shown=2,
    abstract=(
        "Costs $5; 79.2% of A&B, #1, a_b, ~x, 2^9, { and }} and \\{ \\citep{a_b, c} \\citet[p.~3]{d}"
        " \\ref{fig:1} \\label{x} \\href{https://x.org/a_b%20c#d}{\\url{https://x.org/a_b}} \\url{https://y.org/~u}"
        " \\emph{kept} \\textbf{a_b} \\unknown{arg} $\\texttt{Modiste}$ $x_{1$ $\\{a$ $50% & #$ $$y$$ \\(z\\)"
        " $ω ≤ α → ∞$ text → ≤ α × ° … — “q” Cireşan Fernández Ko\\v{c}i Ren\\'e \\ldots trailing \\"
    ),
    abstract_complete=False,
    arxiv_id="2401.00001",
    version=2,
    primary_category="cs.LG",
    categories=("cs.LG", "stat.ML"),
    dois=("10.1000/a_b%c#d", "10.2/y"),
    comments="12 pages, 100% new; see https://github.com/x/y_z",
    journal_ref="J. Stat. & Prob. #5 (2024)",
    report_number="CMU_ML-24",
    msc_class="05C35",
    acm_class="G.2.2",
    announced=YearMonth(2024, 1),
    links=(Link("code", "https://github.com/x/y_z#readme"), Link("url", "https://x.org/{odd} path")),
)


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    found = read_path(DATA / "arxiv-listing-talwalkar.txt", "text").papers
    for path in ATOM_SAMPLES:
        found += read_path(path, "atom").papers
    assert len(found) == 98
    return found


def with_hostile(papers: list[Paper], ascii: bool) -> list[Paper]:
    """The 98 real papers and the hostile one; with ``ascii``, also a character no TeX font has.

    UTF-8 output keeps such characters (for XeLaTeX/LuaLaTeX); pdfLaTeX cannot typeset them.
    """
    hostile = HOSTILE.replace(abstract=HOSTILE.abstract + " 中") if ascii else HOSTILE
    return [*papers, hostile]


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, (
        f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    )
    return result


def pdflatex(cwd: Path, source: str) -> None:
    run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-jobname=doc", source], cwd)


def assert_clean(path: Path, pattern: re.Pattern[str] = LOG_ERRORS) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [m.group(0) for m in pattern.finditer(text)]
    assert not found, f"{path.name}: {found[:5]}\n{text[-3000:]}"


def prepare(tmp_path: Path, bib: str) -> Path:
    for name in ("allfields.bst", "classic.tex", "biblatex.tex", "papers.dbx"):
        shutil.copy(TEX / name, tmp_path / name)
    (tmp_path / "papers.bib").write_text(bib, encoding="utf-8")
    return tmp_path


def compile_classic(cwd: Path, style: str) -> str:
    source = rf"\def\papersstyle{{{style}}}\input{{classic}}"
    pdflatex(cwd, source)
    result = run(["bibtex", "doc"], cwd)
    assert "error message" not in result.stdout
    assert_clean(cwd / "doc.blg", BLG_PROBLEMS)
    pdflatex(cwd, source)
    assert_clean(cwd / "doc.log")
    return (cwd / "doc.bbl").read_text(encoding="utf-8")


def compile_biblatex(cwd: Path) -> str:
    pdflatex(cwd, "biblatex")
    run(["biber", "doc"], cwd)
    assert_clean(cwd / "doc.blg", re.compile(r"ERROR|WARN"))
    pdflatex(cwd, "biblatex")
    assert_clean(cwd / "doc.log")
    return (cwd / "doc.bbl").read_text(encoding="utf-8")


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_bibtex_plain_and_every_field(tmp_path: Path, papers: list[Paper], ascii: bool) -> None:
    require_tools("pdflatex", "bibtex")
    papers = with_hostile(papers, ascii)
    cwd = prepare(tmp_path, write_bibtex(papers, ascii=ascii))
    plain = compile_classic(cwd, "plain")
    assert plain.count(r"\bibitem") == 99
    # plain lowercases titles ("Copilot Arena" -> "Copilot arena"): the braced words survive
    assert "Copilot arena: A platform for code {LLM} evaluation" in plain
    assert "{CodePDE}: An inference framework for {LLM}-driven {PDE} solver" in plain
    assert "arXiv:2008.11708 [cs.SI]" in plain  # the id reaches readers of a classic style
    allfields = compile_classic(cwd, "allfields")
    assert allfields.count(r"\papersfield{abstract}") == sum(1 for p in papers if p.abstract)
    assert allfields.count(r"\papersurl{code}") == sum(
        1 for p in papers if any(k.kind == "code" for k in p.links)
    )


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_biber_biblatex_prints_every_abstract(tmp_path: Path, papers: list[Paper], ascii: bool) -> None:
    require_tools("pdflatex", "biber")
    papers = with_hostile(papers, ascii)
    cwd = prepare(tmp_path, write_bibtex(papers, dialect="biblatex", ascii=ascii))
    bbl = compile_biblatex(cwd)
    assert bbl.count(r"\entry{") == 99
    assert bbl.count(r"\field{abstract}") == sum(1 for p in papers if p.abstract)
    assert r"\field{eprinttype}{arxiv}" in bbl
    assert r"\field{comments}" in bbl and r"\field{authors_not_shown}{28}" in bbl


def test_biber_reads_the_classic_dialect_too(tmp_path: Path, papers: list[Paper]) -> None:
    """``--to bibtex`` output is biber-compatible: archivePrefix/primaryClass are biber aliases."""
    require_tools("pdflatex", "biber")
    papers = with_hostile(papers, ascii=False)
    cwd = prepare(tmp_path, write_bibtex(papers))
    bbl = compile_biblatex(cwd)
    assert bbl.count(r"\entry{") == 99
    assert r"\field{eprintclass}{cs.SI}" in bbl


# how to call the math commands that do not take two plain arguments
MATH_USAGE = {
    **{name: rf"\{name}(" for name in ("big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl")},
    **{name: rf"\{name})" for name in ("bigr", "Bigr", "biggr")},
    "left": r"\left( a \right)",
    "right": r"\left( a \right)",
    "middle": r"\left( a \middle| b \right)",
    "not": r"a \not= b",
    "limits": r"\sum\limits_{a}",
    "nolimits": r"\sum\nolimits_{a}",
}


def test_every_math_command_kept_is_defined(tmp_path: Path) -> None:
    """Math commands the escaper keeps exist under pdfLaTeX with amsmath and amssymb."""
    require_tools("pdflatex")
    lines = [MATH_USAGE.get(name, rf"\{name}{{a}}{{b}}") for name in sorted(MATH_COMMANDS)]
    body = "\n".join(f"${line}$\\par" for line in lines)
    (tmp_path / "math.tex").write_text(
        "\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n"
        + body
        + "\n\\end{document}\n",
        encoding="utf-8",
    )
    pdflatex(tmp_path, "math")
    assert_clean(tmp_path / "doc.log")
