"""Identity of papers: when two records are the same paper, which version is newer, and dedupe.

Two records are the same paper when they share an arXiv id, or -- when one
of them has no arXiv id -- the same normalised title and first author's
surname (:func:`title_key`).  Of two versions, the newer wins
(:func:`is_newer`).  Used by the command line, by :mod:`.merge` and by the
Sphinx extension; it needs nothing beyond the model, so it costs no imports.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .model import Paper

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only; TeX commands and everything else dropped.

    Dropping every non-ASCII letter and every command makes a Unicode title
    (``$Θ(1/Δ^2)$``, ``Łukasz``) and its TeX spelling (``$\\Theta(1/\\Delta^2)$``,
    ``{\\L}ukasz``) fold to the same text.
    """
    if "\\" in text:
        text = _COMMAND.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("", text.lower())


def last_word(surname: str) -> str:
    """The folded last word of a surname: ``Brinch Hansen`` and ``Hansen`` agree, as do ``van Gennep`` and ``Gennep``."""
    words = surname.split()
    return fold(words[-1]) if words else ""


def title_key(title: str, surname: str) -> str:
    """The identity of a paper without arXiv id: folded title + folded first-author surname."""
    folded = fold(title)
    return f"{folded}|{last_word(surname)}" if folded else ""


def paper_title_key(paper: Paper) -> str:
    """:func:`title_key` of a paper record."""
    return title_key(paper.title, paper.authors[0].family if paper.authors else "")


def _version_date(paper: Paper) -> date:
    return paper.submitted or paper.first_submitted or date.min


def is_newer(a: Paper, b: Paper) -> bool:
    """True when ``a`` is a later version than ``b``: by version numbers when both have one, else by date.

    Listings copied from arXiv's search page show no version number, only the
    date of the version shown; Atom feeds show both.
    """
    if a.version is not None and b.version is not None and a.version != b.version:
        return a.version > b.version
    return _version_date(a) > _version_date(b)


def _same(a: Paper, b: Paper) -> bool:
    """Papers that share a title key are still different when their arXiv ids or .bib keys differ.

    Two .bib entries under different keys are different on purpose (a
    conference and a journal version often share title and authors).
    """
    return not (a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id) and not (
        a.key and b.key and a.key != b.key
    )


def _richer(a: Paper, b: Paper) -> bool:
    return (bool(a.arxiv_id), a.abstract_complete) > (bool(b.arxiv_id), b.abstract_complete)


def dedupe(papers: Iterable[Paper]) -> tuple[list[Paper], int]:
    """Papers with duplicates merged (first-seen order, newest version kept), and how many were dropped.

    Of two records of the same version, the one with an arXiv id, then the one
    with the full abstract, then the first is kept.
    """
    kept: list[Paper] = []
    by_id: dict[str, int] = {}
    by_title: dict[str, int] = {}
    dropped = 0
    for paper in papers:
        tkey = paper_title_key(paper)
        at = by_id.get(paper.arxiv_id) if paper.arxiv_id else None
        if at is None and tkey in by_title and _same(kept[by_title[tkey]], paper):
            at = by_title[tkey]
        if at is None:
            at = len(kept)
            kept.append(paper)
        else:
            dropped += 1
            old = kept[at]
            if is_newer(paper, old) or (not is_newer(old, paper) and _richer(paper, old)):
                kept[at] = paper
        if paper.arxiv_id:
            by_id.setdefault(paper.arxiv_id, at)
        if tkey:
            by_title.setdefault(tkey, at)
    return kept, dropped
