"""Mutation fuzzing of the command: inputs cut from the real files of ``tests/data`` and damaged.

One case is one input (a few entries of a real .bib file, Atom feed, arXiv
page or text listing, then mutated: spans deleted, doubled or swapped, TeX
and XML debris and odd characters inserted, lines cut) run through the
command in-process.  :func:`check_case` returns what went wrong, as
sentences; an empty list is a pass.  What a case must do:

- ``convert`` and ``check`` exit with 0, 1 or 2, never a traceback; an
  unusable input is said in one ``sphinx-papers: error:`` line;
- the written .bib converts to itself, byte for byte;
- the input merged into its own conversion changes nothing.

Used by ``test_fuzz.py`` (hypothesis picks the cases, a few hundred) and
``benchmarks/fuzz_cli.py`` (a seeded random run of 100,000 and more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus import DATA, ENCODINGS, REAL_BIB, entry_keys, run_cli

if TYPE_CHECKING:
    import random
    from pathlib import Path


@dataclass(frozen=True)
class Seed:
    name: str
    #: the file name ending the case's input gets (.bib, .xml, .html, .txt)
    suffix: str
    text: str


def seeds() -> list[Seed]:
    """Every real input of ``tests/data``: .bib files, Atom feeds, arXiv pages, text listings."""
    paths = [p for p in REAL_BIB if p.name not in ENCODINGS]
    paths += sorted((DATA / "bib").glob("*.bib"))
    paths += sorted((DATA / "arxiv-samples").glob("*.xml")) + sorted((DATA / "atom").glob("*.xml"))
    paths += sorted((DATA / "arxiv-samples").glob("*.html")) + sorted((DATA / "listings").glob("*.html"))
    paths += sorted(DATA.glob("*.txt")) + sorted((DATA / "listings").glob("*.txt"))
    paths += sorted((DATA / "merge").glob("*.txt"))
    return [Seed(p.name, p.suffix, p.read_text(encoding="utf-8")) for p in paths]


# -- cutting a seed to a few entries ----------------------------------------------

_BIB_BLOCK = re.compile(r"^[ \t]*@", re.MULTILINE)
_ATOM_ENTRY = re.compile(r"<entry\b.*?</entry>\s*", re.DOTALL)


def cut(seed: Seed, rng: random.Random) -> str:
    """A few consecutive entries of the seed (small inputs make many cases a second)."""
    text = seed.text
    if seed.suffix == ".bib":
        starts = [m.start() for m in _BIB_BLOCK.finditer(text)] or [0]
        first = rng.randrange(len(starts))
        last = min(len(starts), first + rng.randint(1, 4))
        end = starts[last] if last < len(starts) else len(text)
        # the file's @string definitions, sometimes: entries use them
        strings = "".join(
            re.findall(r"^@string\s*[{(].*?[})]\s*$\n?", text, re.MULTILINE | re.IGNORECASE)[:20]
        )
        return (strings if rng.random() < 0.3 else "") + text[starts[first] : end]
    if seed.suffix == ".xml":
        entries = list(_ATOM_ENTRY.finditer(text))
        if not entries:
            return text
        first = rng.randrange(len(entries))
        chosen = entries[first : first + rng.randint(1, 3)]
        return text[: entries[0].start()] + "".join(m.group(0) for m in chosen) + text[entries[-1].end() :]
    if seed.suffix == ".txt" and len(text) > 6000:
        lines = text.splitlines(keepends=True)
        start = rng.randrange(len(lines))
        return "".join(lines[start : start + rng.randint(5, 80)])
    return text


# -- damaging it --------------------------------------------------------------------

#: debris real files hold or a hand or a tool leaves behind
DEBRIS = [
    "{", "}", "{{", "}}", '"', "@", ",", "=", "#", "%", "\\", "\n", "\r\n", "\t", " and ", " and\n ",
    "others", "@string{x = \"y\"}\n", "@comment{", "@preamble{\"\\newcommand{\\x}{}\"}\n", "%@article{",
    "@article{k1,\n  title = {T},\n  author = {A, B and C, D},\n  year = 2020\n}\n", "crossref = {k1},",
    "\\'", "{\\\"o}", "\\v{c}", "$", "$x^2$", "~", "--", "\\kern-1pt ", "{\\PS}", "\\hbox{\\sl c}", "\\foo{",
    "é", "中", "\u009f", "\u0000", "\ufeff", "\u200b", "\u2028", "\U0001f600", "<", ">", "&", "&amp;",
    "<![CDATA[", "]]>", "</entry>", "<entry>", "<author><name>A B</name></author>", "<title>", "</title>",
    "<!--", "-->", "2101.00001v2", "hep-th/0611290", "arXiv:2101.00001", "month = feb,", "year = {20x},",
    "year = 2021,", "doi = {10.1000/x y},", "eprint = {2101.00001},", "key", "k1", "Dobrovol'skii_1963",
    "author = {{Barnes and Noble}},", "von ", "Jr", ", Jr.", "et al.", "Authors:", "Title:", "Comments:",
    "Submitted 1 January, 2021;", "arXiv:2101.00001 [cs.LG]",
]  # fmt: skip


def mutate(text: str, rng: random.Random, steps: int) -> str:
    """``text`` after ``steps`` random edits."""
    for _ in range(steps):
        size = len(text)
        at = rng.randint(0, size)
        span = rng.randint(0, min(200, size - at)) if size > at else 0
        kind = rng.randrange(8)
        if kind <= 2:  # debris
            text = text[:at] + rng.choice(DEBRIS) + text[at:]
        elif kind == 3:  # a span deleted
            text = text[:at] + text[at + span :]
        elif kind == 4:  # a span doubled
            text = text[: at + span] + text[at : at + span] + text[at + span :]
        elif kind == 5:  # two lines swapped
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                text = "".join(lines)
        elif kind == 6:  # a character replaced by any other
            if size:
                text = (
                    text[:at]
                    + chr(rng.choice([rng.randint(0, 127), rng.randint(128, 0x2FFF)]))
                    + text[at + 1 :]
                )
        else:  # cut short
            text = text[:at]
    return text


def make_case(seed: Seed, rng: random.Random) -> str:
    """One input: a cut of ``seed``, mutated 0 to 6 times (unmutated cuts check real entries alone)."""
    return mutate(cut(seed, rng), rng, rng.choice([0, 1, 1, 2, 3, 4, 6]))


# -- running it ---------------------------------------------------------------------

_ERROR_LINE = re.compile(r"^sphinx-papers: (error: )?\S")


def check_case(text: str, suffix: str, work: Path, *, stable: bool = True) -> list[str]:
    """What the command did wrong with this input (written to ``work``); ``[]`` when nothing.

    ``stable=False``: only that it runs cleanly (no second conversion, no merge).
    """
    problems: list[str] = []
    source = work / f"input{suffix}"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))
    out, again, merged = work / "out.bib", work / "again.bib", work / "merged.bib"
    for path in (out, again, merged):
        path.unlink(missing_ok=True)

    def run(name: str, *args: str | Path) -> int:
        result = run_cli(*args)
        if result.traceback:
            problems.append(f"{name}: traceback\n{result.traceback}")
        elif result.status not in (0, 1, 2):
            problems.append(f"{name}: exit status {result.status}")
        elif result.status == 2 and not any(_ERROR_LINE.match(line) for line in result.stderr.splitlines()):
            problems.append(f"{name}: exit 2 without a one-line error: {result.stderr[-300:]!r}")
        return result.status

    run("check", "check", source)
    if run("convert", "convert", source, "-o", out) != 0 or not out.is_file():
        return problems
    written = out.read_text(encoding="utf-8")
    if not stable or not entry_keys(written):
        return problems
    if (
        run("second conversion", "convert", out, "-o", again) == 0
        and again.read_text(encoding="utf-8") != written
    ):
        problems.append("second conversion: the output changes")
    merging = run("merge into its conversion", "convert", source, "--merge", out, "-o", merged)
    if merging == 0 and merged.read_text(encoding="utf-8") != written:
        problems.append("merge into its conversion: changes it")
    return problems
