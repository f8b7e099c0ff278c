"""What kind of publication a paper is, and the heading its kind is listed under.

One classification serves ``:type:``, ``type`` in filters, sorting by type
and grouping by type, so the four never disagree.  arXiv papers have no
entry type of their own: theirs is derived from the journal reference.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Paper

_PREPRINT_VENUE = re.compile(r"arxiv|\bcorr\b", re.IGNORECASE)
# a journal reference names a conference when it says so, gives numbered
# proceedings ("Proceedings of the 38th ..."), or is "Proc." plus an acronym;
# "Proceedings of the National Academy of Sciences" is a journal, so the bare
# word "Proceedings" is not enough
_CONFERENCE_REF = re.compile(
    r"\b(?:conference|conf\.|workshop|symposium)"
    r"|\bproc(?:eedings|\.)\s+(?:of\s+(?:the\s+)?)?(?:\d|(?-i:[A-Z]{3,}\b))"
    r"|\b(?:NeurIPS|NIPS|ICML|ICLR|AISTATS|COLT|UAI|AAAI|IJCAI|CVPR|ICCV|ECCV|EMNLP|NAACL|KDD|SIGIR|CHI)\b",
    re.IGNORECASE,
)
_TYPE_ALIASES = {"conference": "inproceedings", "electronic": "online", "www": "online"}

#: heading of each group of :func:`~sphinx_papers.lists.ordering.group_papers` ``by="type"``, in display order
TYPE_HEADINGS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Journal articles", frozenset({"article"})),
    ("Conference papers", frozenset({"inproceedings"})),
    ("Preprints", frozenset({"preprint"})),
    ("Books", frozenset({"book", "mvbook", "bookinbook"})),
    ("Book chapters", frozenset({"inbook", "incollection", "suppbook", "suppcollection", "inreference"})),
    (
        "Edited volumes",
        frozenset({"collection", "mvcollection", "proceedings", "mvproceedings", "reference"}),
    ),
    ("Theses", frozenset({"thesis", "phdthesis", "mastersthesis"})),
    ("Reports", frozenset({"report", "techreport"})),
    ("Patents", frozenset({"patent"})),
    ("Software and data", frozenset({"software", "dataset"})),
    ("Online resources", frozenset({"online"})),
)
OTHER_HEADING = "Other"
#: every type ``:type:`` accepts: BibTeX's and biblatex's entry types plus ``preprint``
KNOWN_TYPES = frozenset().union(*(types for _, types in TYPE_HEADINGS)) | {
    "booklet", "manual", "misc", "periodical", "suppperiodical", "set", "unpublished", "xdata",
    "conference", "electronic", "www", "artwork", "audio", "bibnote", "commentary", "image",
    "jurisdiction", "legislation", "legal", "letter", "movie", "music", "performance", "review",
    "standard", "video",
}  # fmt: skip
_HEADING_OF = {t: heading for heading, types in TYPE_HEADINGS for t in types}
_TYPE_RANK = {heading: i for i, (heading, _) in enumerate(TYPE_HEADINGS)}


def _unbraced(value: str) -> str:
    return value.replace("{", "").replace("}", "").strip()


def journal_text(paper: Paper) -> str:
    """Where the paper appeared: arXiv's journal reference, else a .bib ``journal`` or ``booktitle``."""
    if paper.journal_ref:
        return paper.journal_ref
    fields = paper.bibtex_fields
    return _unbraced(fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or "")


def canonical_type(kind: str) -> str:
    """The type a lower-case entry type counts as: ``conference`` -> ``inproceedings``, ``www`` -> ``online``."""
    return _TYPE_ALIASES.get(kind, kind)


def paper_type(paper: Paper) -> str:
    """The kind of publication, as used by ``:type:``, ``type`` in filters and grouping by type.

    - An arXiv paper (read from a listing or feed): ``preprint`` without a
      journal reference; with one, ``inproceedings`` when the reference names
      a conference, workshop or symposium (see ``_CONFERENCE_REF``), else ``article``.
    - A .bib entry: its entry type (lower case; ``conference`` counts as
      ``inproceedings``), except that an arXiv e-print typed ``misc``,
      ``online``, ``unpublished`` or ``article`` whose only venue is arXiv/CoRR
      (Google Scholar's and DBLP's exports) is a ``preprint``.
    """
    entry_type = paper.entry_type.lower()
    if not paper.bibtex_fields and entry_type == "misc":
        if not paper.journal_ref:
            return "preprint"
        return "inproceedings" if _CONFERENCE_REF.search(paper.journal_ref) else "article"
    if paper.arxiv_id and entry_type in {"misc", "online", "unpublished", "article"}:
        venue = journal_text(paper)
        if not venue or _PREPRINT_VENUE.search(venue):
            return "preprint"
    return canonical_type(entry_type)


def type_heading(kind: str) -> str:
    """The group heading for a :func:`paper_type` value: ``Preprints``, ``Journal articles``..."""
    return _HEADING_OF.get(kind, OTHER_HEADING)


def heading_rank(heading: str) -> int:
    """The position of a type heading in :data:`TYPE_HEADINGS`; ``Other`` (or anything else) comes last."""
    return _TYPE_RANK.get(heading, len(_TYPE_RANK))
