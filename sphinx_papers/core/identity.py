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
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .model import Paper

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
_KEPT = b"0123456789abcdefghijklmnopqrstuvwxyz"
#: every other byte, for bytes.translate to delete
_NOT_ALNUM = bytes(b for b in range(256) if b not in _KEPT)


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only; TeX commands and everything else dropped.

    Dropping every non-ASCII letter and every command makes a Unicode title
    (``$Θ(1/Δ^2)$``, ``Łukasz``) and its TeX spelling (``$\\Theta(1/\\Delta^2)$``,
    ``{\\L}ukasz``) fold to the same text.
    """
    if "\\" in text:
        text = _COMMAND.sub("", text)
    if text.isascii():
        data = text.lower().encode()
    else:
        data = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").lower()
    # bytes.translate deletes in C, several times faster than a regex substitution
    return data.translate(None, _NOT_ALNUM).decode()


@lru_cache(maxsize=65536)  # surnames repeat through a listing (titles are never cached)
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
    records = list(papers)
    if all(paper.arxiv_id for paper in records):
        return _dedupe_by_id(records)
    return _dedupe_by_id_and_title(records)


def _dedupe_by_id_and_title(papers: list[Paper]) -> tuple[list[Paper], int]:
    """:func:`dedupe` for records of which some lack an arXiv id: those match by :func:`paper_title_key`."""
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
            _keep_better(kept, at, paper)
        if paper.arxiv_id:
            by_id.setdefault(paper.arxiv_id, at)
        if tkey:
            by_title.setdefault(tkey, at)
    return kept, dropped


def _dedupe_by_id(papers: list[Paper]) -> tuple[list[Paper], int]:
    """:func:`dedupe` for records that all have an arXiv id: the same result, without folding titles.

    Folding every title was most of the cost, and here titles never decide.
    In :func:`_dedupe_by_id_and_title` a record whose id was seen joins that
    id's paper; a record with a new id could only join a kept paper by title,
    and :func:`_same` refuses, since that paper has an id and a different one
    (by induction no record ever joins by title, so each kept paper holds the
    records of one id).
    """
    kept: list[Paper] = []
    by_id: dict[str, int] = {}
    for paper in papers:
        at = by_id.get(paper.arxiv_id)
        if at is None:
            by_id[paper.arxiv_id] = len(kept)
            kept.append(paper)
        else:
            _keep_better(kept, at, paper)
    return kept, len(papers) - len(kept)


def _keep_better(kept: list[Paper], at: int, paper: Paper) -> None:
    """Keep ``paper`` at ``kept[at]`` when it is a newer version, or the same one with more data."""
    old = kept[at]
    if is_newer(paper, old) or (not is_newer(old, paper) and _richer(paper, old)):
        kept[at] = paper
