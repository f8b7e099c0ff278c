"""Readers: publication listings of every supported format -> :class:`~sphinx_papers.core.model.Paper`.

Each reader module exposes ``NAME``, ``sniff(text) -> bool`` and
``read(text, path) -> ReadResult``.  :func:`read_text` picks the reader by
sniffing (most specific first) unless a format is forced.

Detection does not import the readers: some import heavy libraries (the .bib
reader loads bibtexparser and pybtex, ~0.1 s), which a text listing never
needs.  So the sniff tests live here, in :data:`SNIFFERS` (each reader's
``sniff`` calls its entry), and only the chosen reader is imported.
"""

from __future__ import annotations

import codecs
import importlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model import Problem, ReadResult

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

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


#: control characters no output should hold: C0 but tab and line ends, DEL, C1 (arXiv's feed has U+009F)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: runs of them, once some were found (a repeated class searches 3-4 times slower than a single one)
_CONTROLS = re.compile(f"{_CONTROL.pattern}+")


def drop_controls(text: str, path: str) -> tuple[str, list[Problem]]:
    """``text`` without control characters, and a warning for each line that held some.

    pdfLaTeX stops at them (``Unicode character U+009F not set up``), and no
    page shows them: they go before any reader sees the text.
    """
    if _CONTROL.search(text) is None:  # the usual case: one scan in C
        return text, []
    problems: list[Problem] = []
    line, counted = 1, 0
    for m in _CONTROLS.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(m.group()))
        message = f"control character {codes} removed"
        if problems and problems[-1].line == line:
            message = f"{problems.pop().message}; {codes}"
        problems.append(Problem(path, line, message))
    return _CONTROLS.sub("", text), problems


_ATOM = re.compile(r"<feed\b[^>]*http://www\.w3\.org/2005/Atom")
_BIB_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_NOT_BIB = re.compile(r"<(?:feed|html|\?xml|!DOCTYPE)\b", re.IGNORECASE)
_TEXT_STARTS = re.compile(r"^(Authors:|Abstract:|Submitted(?=\s+\d)|arXiv:(?=\S+\s+\[))", re.MULTILINE)


def _sniff_atom(text: str) -> bool:
    """A ``<feed>`` element in the Atom namespace near the start."""
    return _ATOM.search(text, 0, 4000) is not None


def _sniff_html(text: str) -> bool:
    """A saved arXiv search results page or abstract page.

    A text listing is sniffed for HTML before it is read: when the text does
    not start as markup, only its first 200 kB are searched (a pasted listing
    that quotes a marker is not a page), which spares a 20 MB listing two scans.
    """
    end = len(text) if text[:1000].lstrip()[:1] == "<" else 200_000
    return any(
        text.find(marker, 0, end) >= 0 for marker in ('class="arxiv-result"', 'name="citation_arxiv_id"')
    )


def _sniff_bib(text: str) -> bool:
    """An entry starts a line in the first 200 kB, and no XML or HTML markup precedes it.

    Only the start is searched, as for HTML: a 20 MB listing is not scanned whole for ``@``.
    """
    first = _BIB_ENTRY.search(text, 0, 200_000)
    return first is not None and not _NOT_BIB.search(text, 0, max(first.start(), 4000))


def _sniff_text(text: str) -> bool:
    """Two kinds of an arXiv listing's line starts (one could be chance)."""
    return len(set(_TEXT_STARTS.findall(text[:20000]))) >= 2


#: format name -> its reader's sniff test, in the order of :data:`FORMATS`
SNIFFERS: dict[str, Callable[[str], bool]] = {
    "atom": _sniff_atom,
    "html": _sniff_html,
    "bibtex": _sniff_bib,
    "text": _sniff_text,
}


def detect_format(text: str) -> str | None:
    """The name of the first format whose reader recognises ``text``, else ``None``."""
    for fmt in FORMATS:
        if SNIFFERS[fmt](text):
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
    text, controls = drop_controls(text, path)
    result: ReadResult = _module(fmt).read(text, path)
    result.problems[:0] = controls
    return result


#: byte order marks and their encodings, longest first (UTF-32's LE mark starts with UTF-16's)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class EncodingError(UnicodeDecodeError):
    """An input's bytes are not in its encoding; :attr:`line` is the 1-based line of the first bad byte."""

    def __init__(self, error: UnicodeDecodeError, path: str, line: int) -> None:
        super().__init__(error.encoding, error.object, error.start, error.end, error.reason)
        self.path = path
        self.line = line

    def __str__(self) -> str:
        name = "UTF-8" if self.encoding == "utf-8" else self.encoding
        return f"not {name} text (byte 0x{self.object[self.start]:02x})"


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """An input's text, in ``encoding`` (default UTF-8) unless a byte order mark says otherwise.

    Raises :class:`EncodingError` (naming the line of the first bad byte) and,
    for an encoding Python does not know, :class:`LookupError`.
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), encoding or "utf-8")
    try:
        return str(data, encoding)
    except UnicodeDecodeError as error:
        raise EncodingError(error, path, data[: error.start].count(b"\n") + 1) from None


def read_path(path: str | Path, fmt: str | None = None, encoding: str | None = None) -> ReadResult:
    """Read a file (UTF-8 unless ``encoding`` or a byte order mark says otherwise).

    Raises :class:`OSError`, :class:`EncodingError`, :class:`LookupError` or :class:`UnknownFormatError`.
    """
    return read_text(decode(Path(path).read_bytes(), str(path), encoding), str(path), fmt)


__all__ = [
    "FORMATS",
    "SNIFFERS",
    "EncodingError",
    "Problem",
    "ReadResult",
    "UnknownFormatError",
    "clean",
    "decode",
    "detect_format",
    "drop_controls",
    "read_path",
    "read_text",
]
