"""Reader for arXiv search results pasted as plain text, in both shapes users produce.

*textContent* shape (the page's text with hidden parts, like the seed
listing): labels on their own lines, one author per line, the abstract's
preview, ``▽ More``, the full abstract and ``△ Less``.  *Selection* shape (text
selected in a browser): label and value share a line and only the preview of
the abstract survives, so such papers get ``abstract_complete=False``.

Entries start at an ``arXiv:<id> [pdf, ...]`` line, at a ``-`` separator line,
or -- when the paste has neither -- at the title line just before
``Authors:``.  Every line is read once, in order, by the state machine of
:mod:`._listing_lines`, which also reports what is wrong, with line numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import SNIFFERS
from ._listing_lines import LineReader

if TYPE_CHECKING:
    from ..core.model import ReadResult

NAME = "text"


def sniff(text: str) -> bool:
    """True when the text has two kinds of an arXiv listing's line starts (one could be chance)."""
    return SNIFFERS["text"](text)  # the registry's test: detection must not import readers


def read(text: str, path: str) -> ReadResult:
    """Read every entry of a pasted arXiv listing; bad entries become problems, not errors."""
    reader = LineReader(path)
    reader.run(text.split("\n"))
    return reader.close()
