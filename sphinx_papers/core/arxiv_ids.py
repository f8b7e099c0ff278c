"""arXiv identifiers: recognising, splitting and normalising them.

Both schemes are accepted: the new ``YYMM.NNNN(N)`` and the old
``archive[.SC]/YYMMNNN``, each with an optional ``vN``.  The canonical form
drops the version and, for old ids, the subject class (``cs.LG/0102003`` is
the same paper as ``cs/0102003``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NEW = r"(?P<new>\d{4}\.\d{4,5})"
_OLD = r"(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?/(?P<number>\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"
# an identifier, its parts in named groups (compiled with re.IGNORECASE below, to accept
# ``ARXIV:`` or ``HEP-TH/...``)
_ID = rf"(?:{_NEW}|{_OLD}){_VERSION}"
#: an identifier anywhere in a text, with an optional ``arXiv:`` prefix
ID_PATTERN = re.compile(rf"(?<![\w./])(?:arXiv:)?{_ID}(?![\w.])", re.IGNORECASE)
_EXACT = re.compile(rf"(?:arXiv:)?{_ID}", re.IGNORECASE)
_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(?P<id>[^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.IGNORECASE)


class ArxivId(NamedTuple):
    """A parsed identifier: canonical id (no version) and version (``None`` if not given)."""

    id: str
    version: int | None

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def doi(self) -> str:
        """The DOI arXiv registers for every paper."""
        return f"10.48550/arXiv.{self.id}"

    @property
    def abs_url(self) -> str:
        """The abstract page of the latest version."""
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def pdf_url(self) -> str:
        """The PDF of the latest version."""
        return f"https://arxiv.org/pdf/{self.id}"


def _from_match(m: re.Match[str]) -> ArxivId:
    """The identifier matched by :data:`ID_PATTERN` or ``_EXACT``."""
    version = int(m["version"]) if m["version"] else None
    if m["new"]:
        return ArxivId(m["new"], version)
    return ArxivId(f"{m['archive'].lower()}/{m['number']}", version)


def parse(text: str) -> ArxivId | None:
    """Parse a whole string as an identifier or an arxiv.org URL; ``None`` if it is neither."""
    text = text.strip()
    m = _EXACT.fullmatch(text)
    if m is None:  # an identifier cannot hold a URL: look for one only now
        url = _URL.search(text)
        m = _EXACT.fullmatch(url["id"]) if url else None
    return _from_match(m) if m else None


def find(text: str) -> ArxivId | None:
    """The first identifier that stands anywhere in ``text``."""
    m = ID_PATTERN.search(text)
    return _from_match(m) if m else None
