"""The real files of ``tests/data`` and the checks run over them.

Used by ``test_real_files.py``, ``test_fuzz.py``, ``benchmarks/real_files_report.py``
and ``benchmarks/fuzz_cli.py``: the command is run in-process, as a user runs
it, and what it writes is compared with independent readings of the files
(entry keys by a regular expression over the text, author lists by pybtex's
own BibTeX parser).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_papers.cli.main import build_parser, main

if TYPE_CHECKING:
    from sphinx_papers.core.model import Paper

DATA = Path(__file__).parent / "data"
REAL_BIB = sorted((DATA / "real-bib").glob("*.bib"))
ARXIV_SAMPLES = sorted(p for p in (DATA / "arxiv-samples").iterdir() if p.suffix in (".xml", ".html"))
#: the exit status of ``main`` for a bug of the program (an exception it caught)
INTERNAL_ERROR = 3
#: the real files that are not UTF-8, and their encoding
ENCODINGS = {"bibtexparser-gbk_test.bib": "gbk"}

# an entry's start: @type{key, or @type(key, -- not @string, @preamble, @comment
_ENTRY = re.compile(
    r"^[ \t]*@[ \t]*(?!(?:string|preamble|comment)\b)[A-Za-z][\w-]*[ \t]*[{(][ \t\n]*([^,\s{}()]*)",
    re.MULTILINE | re.IGNORECASE,
)
# file:line: message
_WARNING = re.compile(r"^.+?:\d+: ", re.MULTILINE)


@dataclass
class Run:
    """One in-process run of the command."""

    status: int
    stdout: str
    stderr: str
    #: the traceback of an exception that escaped ``main``, or that ``main`` caught as an internal error
    #: (the run is repeated without ``main``'s guard to get it); ``""``: none
    traceback: str = ""

    @property
    def warnings(self) -> list[str]:
        """The ``file:line: message`` lines the run printed."""
        return [line for line in (self.stderr + self.stdout).splitlines() if _WARNING.match(line)]


def run_cli(*args: str | Path) -> Run:
    """``sphinx-papers ARGS`` in this process: exit status, what it printed, any traceback."""
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
            if status == INTERNAL_ERROR:  # main said "internal error" in one line: the traceback, please
                parsed = build_parser().parse_args(argv)
                parsed.run(parsed)
        except SystemExit as stop:  # argparse's exits
            status = stop.code if isinstance(stop.code, int) else 2
        except Exception:  # noqa: BLE001  (what the checks look for)
            return Run(-1, out.getvalue(), err.getvalue(), traceback.format_exc())
    return Run(status, out.getvalue(), err.getvalue())


def encoding_args(path: Path) -> list[str]:
    """``--encoding NAME`` for a real file that is not UTF-8."""
    name = ENCODINGS.get(path.name)
    return ["--encoding", name] if name else []


def read_text(path: Path) -> str:
    return path.read_bytes().decode(ENCODINGS.get(path.name, "utf-8-sig"))


def entry_keys(text: str) -> list[str]:
    """The keys of a .bib text's entries, in order, read by a regular expression (duplicates kept)."""
    return [m.group(1) for m in _ENTRY.finditer(text)]


def pybtex_author_counts(text: str) -> dict[str, int]:
    """Each entry's number of names (``author``, else ``editor``; ``others`` counted) as pybtex reads them.

    pybtex is run in its tolerant mode (it reports a duplicate key or a bad
    name and goes on); entries it cannot read are missing from the result.
    """
    from pybtex import errors
    from pybtex.database.input.bibtex import Parser

    strict = errors.strict
    errors.set_strict_mode(False)
    try:
        with errors.capture():  # its complaints are not ours to print
            data = Parser().parse_string(text)
    except Exception:  # noqa: BLE001  (pybtex gives up on some real files: no reference then)
        return {}
    finally:
        errors.set_strict_mode(strict)
    counts = {}
    for key, entry in data.entries.items():
        names = entry.persons.get("author") or entry.persons.get("editor")
        if names:
            counts[key] = len(names)
    return counts


def author_mismatches(path: Path) -> list[tuple[str, int, int]]:
    """``(key, ours, pybtex's)`` for each entry whose author count the reader gets otherwise than pybtex.

    Only entries that hold their own ``author`` or ``editor`` field are compared
    (pybtex does not inherit names through ``crossref``).  A key the reader
    rewrote (without the characters biber rejects) is found by its letters.
    """
    from sphinx_papers.readers import read_text as read_listing

    text = read_text(path)
    counts = pybtex_author_counts(text)
    exact = {k.lower(): k for k in counts}
    by_letters: dict[str, list[str]] = {}
    for key in counts:
        by_letters.setdefault(re.sub(r"\W", "", key).lower(), []).append(key)
    found = []
    for paper in read_listing(text, str(path), "bibtex").papers:
        if not {k.lower() for k in paper.bibtex_fields} & {"author", "editor"}:
            continue
        candidates = by_letters.get(re.sub(r"\W", "", paper.key).lower(), [])
        key = exact.get(paper.key.lower()) or (candidates[0] if len(candidates) == 1 else None)
        if key is None:
            continue
        ours = len(paper.authors) + paper.authors_not_shown
        if ours != counts[key]:
            found.append((key, ours, counts[key]))
    return found


@dataclass
class FileReport:
    """What the command does with one real file (see :func:`examine`)."""

    name: str
    entries_in: int = 0
    entries_out: int = 0
    warnings: int = 0
    #: the tracebacks of every run (check, convert, second conversion, merge, JSON)
    tracebacks: list[str] = field(default_factory=list)
    #: runs that failed otherwise (exit status, first line printed)
    failures: list[str] = field(default_factory=list)
    keys_lost: list[str] = field(default_factory=list)
    author_mismatches: list[tuple[str, int, int]] = field(default_factory=list)
    #: converting the output again writes the same bytes
    idempotent: bool = False
    #: entries merging the file into itself adds (the target: the file itself, or its conversion)
    merge_growth: int = 0
    #: merging the same input a second time changes nothing
    merge_stable: bool = False
    #: JSON export: one record a paper
    json_records: int = 0
    output: str = ""


def examine(path: Path, work: Path) -> FileReport:
    """Run ``check``, ``convert``, a second conversion, merge-into-self and JSON export over ``path``.

    ``work`` is a scratch directory.  For a ``.bib`` input, merge-into-self
    merges the file into a copy of itself; for an arXiv sample, into its own
    conversion.
    """
    report = FileReport(path.name)
    enc = encoding_args(path)
    is_bib = path.suffix == ".bib"
    first, second = work / "out.bib", work / "again.bib"

    def run(*args: str | Path, ok: tuple[int, ...] = (0,)) -> Run:
        result = run_cli(*args)
        if result.traceback:
            report.tracebacks.append(f"{' '.join(map(str, args[:1]))}: {result.traceback}")
        elif result.status not in ok:
            last = (result.stderr.strip().splitlines() or [""])[-1]
            report.failures.append(f"{args[0]} exit {result.status}: {last}")
        return result

    run("check", path, *enc, ok=(0, 1))
    converted = run("convert", path, *enc, "-o", first)
    report.warnings = len(converted.warnings)
    if not first.is_file():
        return report
    report.output = first.read_text(encoding="utf-8")
    keys_out = entry_keys(report.output)
    report.entries_out = len(keys_out)
    if is_bib:
        source = read_text(path)
        keys_in = entry_keys(source)
        report.entries_in = len(keys_in)
        written = set(keys_out)
        report.keys_lost = [k for k in dict.fromkeys(keys_in) if k not in written]
        report.author_mismatches = author_mismatches(path)
    else:
        from sphinx_papers.readers import read_path

        papers = read_path(path).papers
        report.entries_in = len(papers)
        report.author_mismatches = _written_author_mismatches(papers, report.output)
    run("convert", first, "-o", second)
    report.idempotent = second.is_file() and second.read_bytes() == first.read_bytes()
    target = work / "target.bib"
    target.write_bytes(path.read_bytes() if is_bib else first.read_bytes())
    before = len(entry_keys(target.read_bytes().decode(ENCODINGS.get(path.name, "utf-8-sig"))))
    merged, twice = work / "merged.bib", work / "twice.bib"
    run("convert", path, *enc, "--merge", target, "-o", merged)
    if merged.is_file():
        report.merge_growth = len(entry_keys(merged.read_text(encoding="utf-8", errors="replace"))) - before
        run("convert", path, *enc, "--merge", merged, "-o", twice)
        report.merge_stable = twice.is_file() and twice.read_bytes() == merged.read_bytes()
    records = work / "out.json"
    run("convert", path, *enc, "--to", "json", "-o", records)
    if records.is_file():
        report.json_records = len(json.loads(records.read_text(encoding="utf-8")))
    return report


def _written_author_mismatches(papers: list[Paper], written: str) -> list[tuple[str, int, int]]:
    """The papers of an arXiv sample whose names, as written, pybtex counts otherwise."""
    counts = pybtex_author_counts(written)
    keys = entry_keys(written)
    found = []
    for key, paper in zip(keys, papers, strict=False):
        ours = len(paper.authors) + paper.authors_not_shown
        if key in counts and counts[key] != ours:
            found.append((key, ours, counts[key]))
    return found


@dataclass
class Build:
    """One Sphinx HTML build of a page listing every paper of some sources with ``:bibtex:``."""

    warnings: list[str]
    html: str

    @property
    def entries(self) -> int:
        return self.html.count('class="papers-entry')


PAGE = """Papers
======

.. publications::
   :bibtex:
"""


def build_sphinx(sources: list[Path], work: Path) -> Build:
    """Build ``work/src`` (the sources copied in, ``papers_sources`` naming them) to ``work/out``."""
    import shutil

    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_escape_sequences

    src = work / "src"
    src.mkdir(parents=True)
    for source in sources:
        shutil.copy(source, src / source.name)
    names = [source.name for source in sources]
    (src / "conf.py").write_text(
        f'extensions = ["sphinx_papers"]\npapers_sources = {names!r}\n', encoding="utf-8"
    )
    (src / "index.rst").write_text(PAGE, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=work / "build", freshenv=True)
    try:
        app.build()
        html = (app.outdir / "index.html").read_text(encoding="utf-8")
        lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
        return Build([line for line in lines if line.strip()], html)
    finally:
        app.cleanup()
