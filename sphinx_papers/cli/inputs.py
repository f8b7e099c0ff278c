"""Reading the command's inputs: files and standard input, and their decoding.

An input the command cannot use -- missing, unreadable, not UTF-8, empty, of
unknown format, with no paper in it -- raises :class:`InputError` with the one
line the command prints (exit status 2).  Problems inside a usable input are
data (:class:`~sphinx_papers.core.model.Problem`), printed by :func:`report`.
"""

from __future__ import annotations

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


def decode(source: Input) -> str:
    """The input's text.  Raises :class:`InputError` for bytes that are not UTF-8, or no text at all."""
    try:
        text = str(source.data, "utf-8")
    except UnicodeDecodeError as error:
        line = source.data[: error.start].count(b"\n") + 1
        msg = (
            f"{source.name}:{line}: not UTF-8 text (byte 0x{source.data[error.start]:02x}); save it as UTF-8"
        )
        raise InputError(msg) from None
    body = text.removeprefix("\ufeff")
    if not body or body.isspace():  # not .strip(): that would copy a 20 MB listing to test it
        msg = f"{source.name}: empty input"
        raise InputError(msg)
    return text


def _read_one(source: Input, fmt: str | None) -> ReadResult:
    try:
        result = readers.read_text(decode(source), source.name, fmt)
    except readers.UnknownFormatError as error:
        raise InputError(str(error)) from None
    if not result.papers:
        report(result.problems)
        msg = f"{source.name}: no paper found" + (f" as format {fmt!r}" if fmt else "")
        raise InputError(msg)
    return result


def read_inputs(names: Sequence[str], fmt: str | None = None) -> ReadResult:
    """Read every input (``-`` is standard input), with a progress bar for large ones.

    Raises :class:`InputError` for an unusable input.
    """
    inputs = load(names)
    size = sum(len(i.data) for i in inputs)
    progress = progress_for(sys.stderr, size=size)
    result = ReadResult()
    for source in track(progress, inputs, "reading", size, lambda i: len(i.data), lambda i: i.name):
        result.extend(_read_one(source, fmt))
    return result


def report(problems: Sequence[Problem], stream: str = "stderr") -> None:
    """Print problems as ``file:line: message``, one a line."""
    out = sys.stdout if stream == "stdout" else sys.stderr
    for problem in problems:
        print(problem, file=out)
