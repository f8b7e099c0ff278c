"""The ``sphinx-papers`` command: ``convert`` listings to BibTeX or JSON, ``check`` them.

Exit status: 0 on success (warnings are printed to standard error as
``file:line: message``), 1 when problems were found under ``--strict`` or by
``check``, 2 when an input is unusable (missing, unreadable, not in its
encoding, empty, of unknown format, or with no paper in it) or the command
line is wrong -- always with one line on standard error saying why, never a
traceback (3, also in one line, is a bug of the command).  ``check`` reads the inputs as ``convert`` does and reports every
problem ``convert`` would meet.
"""

from __future__ import annotations

import argparse
import os
import sys
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .. import __version__, readers
from .inputs import InputError, decode, load, read_inputs, report
from .output import STDIO, write_output
from .progress import SILENT, progress_for, track

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from ..core.model import BibBlock, Paper, Source

PROG = "sphinx-papers"
#: papers handed to the writer at once: small enough for a smooth bar, large
#: enough that the per-call cost vanishes
_CHUNK = 250


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # one line, like every other error of the command (argparse prints the whole usage)
        self.exit(2, f"{PROG}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sphinx-papers`` command."""
    parser = _Parser(
        prog=PROG,
        description="Publication listings (arXiv text, HTML, Atom, .bib) to BibTeX.",
        epilog="exit status: 0 done (warnings allowed), 1 problems (check, --strict), 2 unusable input",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    convert = commands.add_parser("convert", help="convert listings to BibTeX, biblatex or JSON")
    _add_inputs(convert)
    convert.add_argument("-o", "--output", default=STDIO, metavar="OUT", help="output file (default: stdout)")
    convert.add_argument(
        "--to",
        choices=("bibtex", "biblatex", "json"),
        default="bibtex",
        help="output format (default: bibtex)",
    )
    convert.add_argument("--ascii", action="store_true", help="write non-ASCII characters as TeX macros")
    convert.add_argument("--merge", metavar="BIB", help="merge into this existing .bib file")
    convert.add_argument(
        "--key-format",
        default=None,
        metavar="PATTERN",
        help="citation key pattern (default: {surname}{year}{word})",
    )
    convert.add_argument("--strict", action="store_true", help="fail (exit 1) on any problem in the inputs")
    convert.set_defaults(run=_convert)
    check = commands.add_parser("check", help="report every problem in the inputs as file:line: message")
    _add_inputs(check)
    check.set_defaults(run=_check)
    return parser


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="listing files; - reads standard input")
    parser.add_argument(
        "--from", dest="fmt", choices=tuple(readers.FORMATS), help="input format (default: detect)"
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the inputs' encoding, such as latin-1 or gbk (default: UTF-8; a byte order mark wins)",
    )


def run() -> NoReturn:
    """The ``sphinx-papers`` console script."""
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except InputError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader of standard output went away (``| head``): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as error:  # noqa: BLE001  (a bug of this program: one line saying so, exit 3)
        where = ", ".join(args.inputs)
        print(f"{PROG}: internal error reading {where}: {error!r}; please report it", file=sys.stderr)
        return 3
    return status


# -- writing ------------------------------------------------------------------


def _keys(papers: Sequence[Paper], key_format: str | None) -> list[str]:
    from ..bibtex import DEFAULT_KEY_FORMAT, assign_keys

    try:
        return assign_keys(papers, key_format or DEFAULT_KEY_FORMAT)
    except ValueError as error:
        msg = f"bad --key-format {key_format!r}: {error}"
        raise InputError(msg) from None


def render(
    papers: Sequence[Paper],
    keys: Sequence[str],
    to: str,
    *,
    ascii: bool = False,
    blocks: Sequence[BibBlock] = (),
) -> str:
    """The output text for ``papers`` in format ``to`` (bibtex, biblatex, json).

    ``blocks``: the .bib inputs' blocks that are not entries, each written
    before the entry it preceded in its file (BibTeX output only).
    """
    return "".join(render_pieces(papers, keys, to, ascii=ascii, blocks=blocks))


def render_pieces(
    papers: Sequence[Paper],
    keys: Sequence[str],
    to: str,
    *,
    ascii: bool = False,
    bar: bool = True,
    blocks: Sequence[BibBlock] = (),
) -> Iterator[str]:
    """:func:`render`'s text in pieces (an entry each; JSON: a few hundred records), with a progress bar when large.

    ``bar=False``: no bar, as when the pieces go to standard output, on the terminal the bar would use.
    """
    if to == "json":
        yield from _json_pieces(papers, keys, bar)
        return
    from ..bibtex.writer import bibtex_entries, format_block

    progress = progress_for(sys.stderr, count=len(papers)) if bar else SILENT
    starts = range(0, len(papers), _CHUNK)
    before = _blocks_by_entry(blocks)
    sep = ""  # pieces are separated by a blank line, as one call of write_bibtex separates entries
    for start in track(progress, starts, "writing", len(papers), lambda s: min(_CHUNK, len(papers) - s)):
        chunk, chunk_keys = papers[start : start + _CHUNK], keys[start : start + _CHUNK]
        # an entry a piece: the output is written as it comes, and the bar moves a chunk at a time
        entries = bibtex_entries(chunk, dialect=to, ascii=ascii, keys=chunk_keys)
        for paper, entry in zip(chunk, entries, strict=True):
            for block in before.pop(paper.source, ()) if before else ():
                yield sep + format_block(block)
                sep = "\n"
            yield sep + entry
            sep = "\n"
    # the blocks after the last entry of a file (and before an entry not written: a duplicate key)
    for block in chain.from_iterable(before.values()):
        yield sep + format_block(block)
        sep = "\n"


def _blocks_by_entry(blocks: Sequence[BibBlock]) -> dict[Source | None, list[BibBlock]]:
    """The blocks by the entry they precede, in file order; a file given twice has its blocks once.

    A ``@preamble`` or ``@string`` two inputs hold alike is written once: a
    preamble's ``\\newcommand`` twice would be a LaTeX error.
    """
    before: dict[Source | None, list[BibBlock]] = {}
    defined: set[str] = set()
    for block in dict.fromkeys(blocks):
        if block.kind in ("preamble", "string"):
            if block.text in defined:
                continue
            defined.add(block.text)
        before.setdefault(block.before, []).append(block)
    return before


def _json_pieces(papers: Sequence[Paper], keys: Sequence[str], bar: bool) -> Iterator[str]:
    from .json_export import record_lines

    progress = progress_for(sys.stderr, count=len(papers)) if bar else SILENT
    starts = range(0, len(papers), _CHUNK)
    yield "[\n" if papers else "[]\n"
    for start in track(progress, starts, "writing", len(papers), lambda s: min(_CHUNK, len(papers) - s)):
        chunk, chunk_keys = papers[start : start + _CHUNK], keys[start : start + _CHUNK]
        yield (",\n" if start else "") + ",\n".join(record_lines(chunk, chunk_keys))
    if papers:
        yield "\n]\n"


def _merged(
    args: argparse.Namespace, papers: Sequence[Paper], blocks: Sequence[BibBlock]
) -> tuple[str, int, str]:
    from ..bibtex import DEFAULT_KEY_FORMAT
    from ..bibtex.merge import merge_into_bib

    source = load([args.merge])[0]
    target = decode(source) if bytes(source.data).strip() else ""  # an empty .bib is a valid start
    _keys(papers[:1], args.key_format)  # a bad pattern is the user's error, reported before any work
    merged = merge_into_bib(
        target,
        papers,
        path=args.merge,
        dialect=args.to,
        ascii=args.ascii,
        key_format=args.key_format or DEFAULT_KEY_FORMAT,
        blocks=blocks,
    )
    report(merged.notes + merged.problems)
    return merged.text, merged.entries, merged.summary


def _write(output: str, pieces: Iterable[str]) -> str:
    """Write the output; the name to report.  Raises :class:`InputError` when it cannot be written."""
    try:
        return write_output(output, pieces)
    except BrokenPipeError:
        raise  # the reader of standard output went away: main() stops quietly
    except OSError as error:
        msg = f"{output}: cannot write: {error.strerror or error}"
        raise InputError(msg) from None


# -- commands -----------------------------------------------------------------


def _convert(args: argparse.Namespace) -> int:
    """Read, merge (the policy of ``docs/merging.md``: :mod:`..core.identity`), write."""
    from ..bibtex.fields import entry_fields
    from ..core.identity import merge_papers

    if args.merge and args.to == "json":
        msg = "--merge needs --to bibtex or --to biblatex (it updates a .bib file)"
        raise InputError(msg)
    if args.merge and not Path(args.merge).is_file():
        msg = f"{args.merge}: cannot merge into it: no such file (convert with -o to create it)"
        raise InputError(msg)
    result = read_inputs(args.inputs, args.fmt, args.encoding)
    report(result.problems)
    if args.strict and result.problems:
        print(f"{PROG}: {len(result.problems)} problem(s) and --strict: nothing written", file=sys.stderr)
        return 1
    dialect = "biblatex" if args.to == "biblatex" else "bibtex"
    merged = merge_papers(result.papers, lambda paper: entry_fields(paper, dialect=dialect))
    report(merged.notes + merged.problems)
    papers = merged.papers
    merge_summary = ""
    if args.merge:
        text, count, merge_summary = _merged(args, papers, result.blocks)
        where = _write(args.output, [text])
    else:
        keys, count = _keys(papers, args.key_format), len(papers)
        pieces = render_pieces(
            papers, keys, args.to, ascii=args.ascii, bar=args.output != STDIO, blocks=result.blocks
        )
        where = _write(args.output, pieces)
    dropped = merged.merged
    duplicates = f" ({dropped} duplicate{'s' if dropped != 1 else ''} merged)" if dropped else ""
    print(f"wrote {_count(count, 'paper')} to {where}{duplicates}", file=sys.stderr)
    if merge_summary:
        print(merge_summary, file=sys.stderr)
    return 0


def _count(number: int, noun: str) -> str:
    """``1 paper``, ``2 papers``."""
    return f"{number} {noun}{'s' * (number != 1)}"


def _check(args: argparse.Namespace) -> int:
    """Read as ``convert`` reads, and merge as it merges: every problem ``convert`` would meet."""
    from ..core.identity import merge_papers

    result = read_inputs(args.inputs, args.fmt, args.encoding)
    problems = result.problems + merge_papers(result.papers).problems  # merge notes are not problems
    report(problems, "stdout")
    count, inputs = len(problems), len(args.inputs)
    print(
        f"checked {_count(len(result.papers), 'paper')} in {_count(inputs, 'input')}: {_count(count, 'problem')}",
        file=sys.stderr,
    )
    return 1 if count else 0
