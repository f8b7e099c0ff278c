"""Reader for arXiv search results pasted as plain text, in both shapes users produce.

*textContent* shape (the page's text with hidden parts, like the seed
listing): labels on their own lines, one author per line, the abstract's
preview, ``▽ More``, the full abstract and ``△ Less``.  *Selection* shape (text
selected in a browser): label and value share a line and only the preview of
the abstract survives, so such papers get ``abstract_complete=False``.

Entries start at an ``arXiv:<id> [pdf, ...]`` line, at a ``-`` separator line,
or -- when the paste has neither -- at the title line just before
``Authors:``.  Entries in the usual layout are read whole by the fast path
(:mod:`._listing_fast`); everything else by a line-by-line state machine
(:mod:`._listing_lines`), which has the last word: the fast path reads only
what it would read the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import SNIFFERS
from ._listing_fast import find_entry, padded, paper_of
from ._listing_lines import LineReader

if TYPE_CHECKING:
    from ..model import ReadResult
    from ._listing_fast import TagCache

NAME = "text"


def sniff(text: str) -> bool:
    """True when the text has two kinds of an arXiv listing's line starts (one could be chance)."""
    return SNIFFERS["text"](text)  # the registry's test: detection must not import readers


def read(text: str, path: str) -> ReadResult:
    """Read every entry of a pasted arXiv listing; bad entries become problems, not errors.

    Entries in the usual layout are found and read by the fast path
    (:mod:`._listing_fast`); the text between them -- page text, other shapes,
    entries with problems -- is read line by line by the state machine.
    """
    reader = LineReader(path)
    _read_part(reader, text, 1, {}, retry_stripped=True)
    return reader.close()


def _read_part(
    reader: LineReader, text: str, number: int, tags_of: TagCache, *, retry_stripped: bool
) -> None:
    """Read ``text``, whose first line is line ``number`` of the input."""
    pos = 0
    path, names = reader.path, reader.names
    entry = find_entry(text, 0)
    while entry is not None:
        start, end, lines = entry[0], entry[1], entry[2]
        if start > pos:
            number = _read_between(reader, text[pos:start], number, tags_of, retry_stripped=retry_stripped)
        if entry[3] is None:  # no tag lines: it starts at a "-" separator, and its first line is the next one
            paper = paper_of(entry, number + 1, path, names, tags_of)
        elif reader.id_line_starts_entry():
            paper = paper_of(entry, number, path, names, tags_of)
        else:
            paper = None
        if paper is None:
            _run(reader, text[start:end], number)
        else:
            reader.add_entry(paper)
        number += lines
        pos = end
        entry = find_entry(text, pos)
    if pos < len(text):
        _read_between(reader, text[pos:], number, tags_of, retry_stripped=retry_stripped)


def _read_between(
    reader: LineReader, part: str, number: int, tags_of: TagCache, *, retry_stripped: bool
) -> int:
    """Read text the fast path did not match; return the number of the line after it.

    Padded lines (a copy that indents them) keep the fast path from matching:
    the part is stripped, line by line, and tried once more.
    """
    if retry_stripped and padded(part):
        stripped = "\n".join([line.strip() for line in part.split("\n")])
        _read_part(reader, stripped, number, tags_of, retry_stripped=False)
    else:
        _run(reader, part, number)
    return number + part.count("\n")


def _run(reader: LineReader, part: str, number: int) -> None:
    """Feed ``part``, whole lines from line ``number`` on, to the state machine."""
    lines = part.split("\n")
    if part.endswith("\n"):
        lines.pop()  # the empty piece after the newline that ends the part
    reader.run(lines, number)
