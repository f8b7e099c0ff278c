"""A Markdown table of what the command does with every real file of tests/data.

For each real .bib file (``tests/data/real-bib``) and arXiv sample
(``tests/data/arxiv-samples``): entries in and out, warnings, tracebacks,
keys lost, author counts that differ from pybtex's, whether a second
conversion writes the same bytes, how many entries merging the file into
itself adds, how many papers a Sphinx page with ``:bibtex:`` shows -- the
checks of ``tests/test_real_files.py`` (``tests/corpus.py``), as numbers.

With TeX installed (pdflatex, bibtex, biber), the original and the output
are also compiled with pdfLaTeX + BibTeX (style ``plain``) and pdfLaTeX +
biber (biblatex, ``numeric``), with the drivers of ``tests/data/tex``, and
the table gives the errors converting adds: the output's errors minus the
original's (the original's count in parentheses).  ``--no-tex`` skips it.

    python benchmarks/real_files_report.py [--no-tex] [FILE ...]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus import ARXIV_SAMPLES, DATA, REAL_BIB, FileReport, build_sphinx, examine

TEX = DATA / "tex"
# a TeX error in a .log: "! Undefined control sequence." and the like
_TEX_ERROR = re.compile(r"^! ", re.MULTILINE)
_BIBTEX_ERRORS = re.compile(r"\(There (?:was|were) (\d+) error messages?\)")
_BIBER_ERROR = re.compile(r"^\[\d+\] .*?> ERROR - ", re.MULTILINE)


#: seconds a TeX run may take (the largest real files need well under a minute): longer is a hang, counted as an error
TIMEOUT = 120


def _run(cmd: list[str], cwd: Path) -> int:
    """The number of errors the run adds by itself: 1 if it hung, else 0 (its logs say the rest)."""
    try:
        subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return 1
    return 0


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def tex_errors(bib: bytes, work: Path) -> tuple[int, int]:
    """``(bibtex, biber)``: the errors of compiling a document citing every entry of ``bib``.

    BibTeX: its error messages plus pdfLaTeX's errors on the second run;
    biber: its ``ERROR`` lines plus pdfLaTeX's errors on the second run.  A run that
    does not end within :data:`TIMEOUT` counts as one error.
    """
    counts = []
    for kind in ("classic", "biblatex"):
        cwd = work / kind
        cwd.mkdir(parents=True)
        for name in ("classic.tex", "biblatex.tex", "papers.dbx"):
            shutil.copy(TEX / name, cwd / name)
        (cwd / "papers.bib").write_bytes(bib)
        latex = ["pdflatex", "-interaction=nonstopmode", "-jobname=doc"]
        source = r"\def\papersstyle{plain}\input{classic}" if kind == "classic" else "biblatex"
        hung = _run([*latex, source], cwd)
        hung += _run(["bibtex" if kind == "classic" else "biber", "doc"], cwd)
        hung += _run([*latex, source], cwd)
        blg = _read(cwd / "doc.blg")
        if kind == "classic":
            found = _BIBTEX_ERRORS.search(blg)
            tool = int(found[1]) if found else 0
        else:
            tool = len(_BIBER_ERROR.findall(blg))
        counts.append(hung + tool + len(_TEX_ERROR.findall(_read(cwd / "doc.log"))))
    return counts[0], counts[1]


def row(path: Path, tex: bool) -> tuple[list[str], FileReport]:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        report = examine(path, work / "run")
        try:
            sphinx = str(build_sphinx([path], work / "sphinx").entries)
        except Exception as error:  # noqa: BLE001  (a column of the table)
            sphinx = f"traceback: {error!r}"[:60]
        cells = [
            path.name,
            str(report.entries_in),
            str(report.entries_out),
            str(report.warnings),
            str(len(report.tracebacks)),
            str(len(report.keys_lost)),
            str(len(report.author_mismatches)),
            "yes" if report.idempotent else "no",
            str(report.merge_growth),
            "yes" if report.merge_stable else "no",
            sphinx,
        ]
        if tex:
            out = report.output.encode("utf-8")
            after = tex_errors(out, work / "out")
            before = tex_errors(path.read_bytes(), work / "in") if path.suffix == ".bib" else (0, 0)
            cells += [f"{max(0, a - b)} ({b})" for a, b in zip(after, before, strict=True)]
    return cells, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-tex", action="store_true", help="skip the TeX compilations")
    parser.add_argument("files", nargs="*", type=Path, help="files to report on (default: all)")
    args = parser.parse_args()
    tex = not args.no_tex and all(shutil.which(tool) for tool in ("pdflatex", "bibtex", "biber"))
    files = args.files or [*REAL_BIB, *ARXIV_SAMPLES]
    header = [
        "file",
        "entries in",
        "entries out",
        "warnings",
        "tracebacks",
        "keys lost",
        "author counts ≠ pybtex",
        "idempotent",
        "merge-into-self growth",
        "merge twice = once",
        "Sphinx entries",
    ]
    if tex:
        header += ["bibtex errors added (original)", "biber errors added (original)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    started = time.perf_counter()
    details = []
    totals = [0] * 7
    for path in files:
        cells, report = row(path, tex)
        print("| " + " | ".join(cells) + " |", flush=True)
        for index, cell in enumerate(cells[1:7]):
            totals[index] += int(cell)
        details += [f"- {path.name}: {line}" for line in (*report.failures, *report.tracebacks)]
        details += [f"- {path.name}: key lost: {key}" for key in report.keys_lost]
        details += [
            f"- {path.name}: {k}: {ours} names, pybtex {theirs}"
            for k, ours, theirs in report.author_mismatches
        ]
    print("| **all** | " + " | ".join(map(str, totals[:6])) + " |" + " |" * (len(header) - 7))
    print(
        f"\n{len(files)} files in {time.perf_counter() - started:.0f} s"
        + ("" if tex else "; no TeX compilation")
    )
    if details:
        print("\nProblems:\n")
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
