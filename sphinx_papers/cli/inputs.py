"""Reading the command's inputs: files and standard input, and their decoding.

Inputs are UTF-8 unless ``--encoding`` names another encoding; a byte order
mark (UTF-8, UTF-16, UTF-32) says the encoding itself and wins.  An input the
command cannot use -- missing, unreadable, not in its encoding, empty, of
unknown format, with no paper in it -- raises :class:`InputError` with the one
line the command prints (exit status 2), naming the file and line of the
first bad byte.  Problems inside a usable input are data
(:class:`~sphinx_papers.core.model.Problem`), printed by :func:`report`.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import readers
from ..core.model import ReadResult
from .output import STDIO
from .progress import progress_for, track

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..core.model import Problem


class InputError(Exception):
    """An input or option the command cannot use: exit status 2 with this message."""


class Input:
    """One input: its name for messages, and its bytes."""

    __slots__ = ("data", "name")

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data


def load(names: Sequence[str]) -> list[Input]:
    """The inputs named (``-``: standard input).  Raises :class:`InputError` for one that cannot be read."""
    inputs = []
    for name in names:
        if name == STDIO:
            inputs.append(Input("<stdin>", sys.stdin.buffer.read()))
            continue
        try:
            inputs.append(Input(name, Path(name).read_bytes()))
        except OSError as error:
            reason = error.strerror or str(error)
            msg = f"{name}: cannot read: {reason}"
            raise InputError(msg) from None
    return inputs


def check_encoding(name: str) -> str:
    """``name`` if Python knows the encoding; else :class:`InputError`."""
    try:
        codecs.lookup(name)
    except LookupError:
        msg = f"unknown encoding {name!r} (for example: utf-8, latin-1, cp1252, gbk)"
        raise InputError(msg) from None
    return name


def decode(source: Input, encoding: str | None = None) -> str:
    """The input's text, in ``encoding`` (default UTF-8) unless a byte order mark says otherwise.

    Raises :class:`InputError` for bytes that are not in the encoding, or no text at all.
    """
    try:
        text = readers.decode(source.data, source.name, encoding)
    except readers.EncodingError as error:
        hint = "give its encoding with --encoding (latin-1, cp1252, gbk, ...) or save it as UTF-8"
        msg = f"{source.name}:{error.line}: {error}: {hint}"
        raise InputError(msg) from None
    body = text.removeprefix("\ufeff")
    if not body or body.isspace():  # not .strip(): that would copy a 20 MB listing to test it
        msg = f"{source.name}: empty input"
        raise InputError(msg)
    return text


def _read_one(source: Input, fmt: str | None, encoding: str | None) -> ReadResult:
    try:
        result = readers.read_text(decode(source, encoding), source.name, fmt)
    except readers.UnknownFormatError as error:
        raise InputError(str(error)) from None
    if not result.papers:
        report(result.problems)
        msg = f"{source.name}: no paper found" + (f" as format {fmt!r}" if fmt else "")
        raise InputError(msg)
    return result


def read_inputs(names: Sequence[str], fmt: str | None = None, encoding: str | None = None) -> ReadResult:
    """Read every input (``-`` is standard input), with a progress bar for large ones.

    Raises :class:`InputError` for an unusable input.
    """
    if encoding is not None:
        check_encoding(encoding)
    inputs = load(names)
    size = sum(len(i.data) for i in inputs)
    progress = progress_for(sys.stderr, size=size)
    result = ReadResult()
    for source in track(progress, inputs, "reading", size, lambda i: len(i.data), lambda i: i.name):
        result.extend(_read_one(source, fmt, encoding))
    return result


def report(problems: Sequence[Problem], stream: str = "stderr") -> None:
    """Print problems as ``file:line: message``, one a line."""
    out = sys.stdout if stream == "stdout" else sys.stderr
    for problem in problems:
        print(problem, file=out)
