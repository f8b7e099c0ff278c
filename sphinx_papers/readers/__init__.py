"""Readers: publication listings of every supported format -> :class:`~sphinx_papers.model.Paper`.

Each reader module exposes ``NAME``, ``sniff(text) -> bool`` and
``read(text, path) -> ReadResult``.  :func:`read_text` picks the reader by
sniffing (most specific first) unless a format is forced.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from ..model import Problem, ReadResult

#: format name -> module, in sniffing order (the plain-text listing, the
#: loosest format, comes last)
FORMATS: dict[str, str] = {
    "atom": "atom",
    "html": "listing_html",
    "bibtex": "bib",
    "text": "listing_text",
}


class UnknownFormatError(ValueError):
    """The input's format could not be detected, or an unknown format was named."""


def _module(fmt: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{FORMATS[fmt]}")


def clean(text: str) -> str:
    """Drop a UTF-8 byte order mark and normalise CRLF and CR line ends."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def detect_format(text: str) -> str | None:
    """The name of the first format whose reader recognises ``text``, else ``None``."""
    for fmt in FORMATS:
        if _module(fmt).sniff(text):
            return fmt
    return None


def read_text(text: str, path: str = "<string>", fmt: str | None = None) -> ReadResult:
    """Read a listing given as a string.  Raises :class:`UnknownFormatError`."""
    text = clean(text)
    if fmt is None:
        fmt = detect_format(text)
        if fmt is None:
            msg = f"{path}: cannot tell the format (not an arXiv listing, arXiv HTML, Atom feed or .bib file)"
            raise UnknownFormatError(msg)
    elif fmt not in FORMATS:
        msg = f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})"
        raise UnknownFormatError(msg)
    result: ReadResult = _module(fmt).read(text, path)
    return result


def read_path(path: str | Path, fmt: str | None = None) -> ReadResult:
    """Read a file (UTF-8).  Raises :class:`OSError`, :class:`UnicodeDecodeError` or :class:`UnknownFormatError`."""
    data = Path(path).read_bytes()
    return read_text(data.decode("utf-8"), str(path), fmt)


__all__ = ["FORMATS", "Problem", "ReadResult", "UnknownFormatError", "clean", "detect_format", "read_path", "read_text"]
