"""The text reader's fast path: one whole entry in arXiv's usual layout, found in three steps.

A pasted results page is mostly entries laid out exactly alike::

    arXiv:2106.06168            <- id line
    [pdf, ps, other]            <- formats, then category and DOI tags
    cs.LG
    Title, on one or more lines
    Authors:
    First Author,               <- one name a line
    Last Author
    Abstract:
    preview…                    <- dropped: the full text follows
    ▽ More
    full abstract
    △ Less
    Submitted ...;              <- date lines, then labelled lines
    originally announced ...
    Comments:
    value

:func:`find_entry` finds such an entry (the text from its id line, or from
the ``-`` line that separates it in the sample file's shape, to the next
entry's) with two regexes and a few string searches (:func:`find_entry_py`;
the compiled build does the same in C, ``_scan.c``), which find every part and
check most of what the state machine would check at each line; Python then
looks only at the parts.  It takes stripped, non-empty lines only: an entry
with padded lines is stripped and matched again.  :func:`paper_of` gives up -- returns
``None`` -- on anything else: a blank or unknown line, a line the state
machine would treat as a boundary, or any problem the entry would be reported
with.  The state machine then reads those lines, so the result is the same
either way, only slower; ``tests/test_reader_text.py`` compares the two on
every test listing and on randomly damaged ones.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..arxiv_ids import ID_GROUPS, ID_TEXT, from_groups
from ..model import Source, new_paper
from ..names import remembered
from ._arxiv_entry import add_meta, arxiv_links, unbalanced
from ._arxiv_text import (
    DATE_GROUPS,
    FORMATS,
    LABEL,
    LATEST_START,
    LESS,
    META_START,
    MORE,
    PAGE_TEXT,
    dates_of,
    et_al,
    is_date_line,
    split_meta,
    tags,
)

if TYPE_CHECKING:
    from ..model import Author, Paper

#: format and tag lines (a block, or one line) -> (categories, DOIs): categories repeat across a listing
TagCache = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]

#: prefixes that make a line a boundary or a label to the state machine, wherever it stands
_BREAKS = ("arXiv:", "Authors:", "Abstract:")

# The parts of HEAD and TAIL.  A line is stripped and not empty; lines that end a title or
# an author list (a "-" separator, an id line, a label); lines that end an
# abstract ("Submitted" is broader than a date line: the regex may refuse more
# than the state machine, never less).
_LINE = r"\S(?:[^\n]*\S)?"
_BREAK = r"(?!-\n|arXiv:|Authors:|Abstract:)"
_TAG = r"(?:doi|10\.\d{4,9}/\S+|[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?)"
# a format or tag line (the archives are checked afterwards, in Python)
_HEAD_TAG = rf"(?:\[[a-z]+(?:,[^\S\n]*[a-z]+)*\]|{_TAG}(?:[^\S\n]+{_TAG})*)\n"
# the date line(s) in arXiv's own spelling, groups named as in _arxiv_text.DATES
_DMY = r"(?P<day{0}>\d{{1,2}}) (?P<month{0}>[A-Za-z]+), (?P<year{0}>\d{{4}})"
_USUAL_DATES = (
    rf"Submitted {_DMY.format('')};(?:[ \n]v1 submitted {_DMY.format('1')};)?"
    r"[ \n]originally announced (?P<announced_month>[A-Za-z]+) (?P<announced_year>\d{4})\."
)
# The entry is matched in three steps (see :func:`find_entry_py`): HEAD from the id line to
# "Abstract:", the preview and the full abstract line by line with str.find, TAIL from the date
# line to the next entry.  The abstract is most of an entry's text, and its lines are few (one,
# for most entries): str.find skips each at once, where a regex takes a step for every character.
# The patterns are compiled on the Python finder's first use (:func:`_patterns`): the compiled
# build finds entries in C and never needs them, and compiling them costs ~4 ms of every run.
HEAD = (  # MULTILINE
    # an id line and tags, or a "-" separator line (the sample file's way: no id, so no tags either)
    rf"^(?:arXiv:{ID_GROUPS}\n(?P<tags>(?:{_HEAD_TAG})*)(?!{_HEAD_TAG})|-\n)"
    rf"(?P<title>{_BREAK}{_LINE}\n(?:{_BREAK}{_LINE}\n)*?)"
    rf"Authors:\n(?P<authors>(?:{_BREAK}{_LINE}\n)*?)"
    r"Abstract:\n"
)
TAIL = (  # MULTILINE
    rf"{_USUAL_DATES}(?P<labels>(?:\n(?!arXiv:|-$){_LINE})*)"
    # up to the next entry's id line or separator (an id line the state machine reads as one, always)
    rf"\s*(?=^(?:arXiv:{ID_TEXT}(?:\s|\Z)|-$)|\Z)"
)
#: how a line that cannot be part of an abstract starts
_NOT_ABSTRACT = rf"-\n|arXiv:|Authors:|Submitted |(?i:{LABEL})"
_MORE_LINE = MORE + "\n"
_LESS_LINE = LESS + "\n"


#: An entry found: where it starts and ends, and how many line ends it holds; its parts: the tag
#: lines (``None`` after a "-" separator), title and authors (each line with its line end), the
#: full abstract and the labelled lines; then the groups of the arXiv identifier (new, archive,
#: number, version: see :func:`~sphinx_papers.arxiv_ids.from_groups`) and of the date line (as in
#: :data:`._arxiv_text.DATES`), ``None`` where they did not match.
EntryParts = tuple[
    int, int, int, "str | None", str, str, str, str,
    "str | None", "str | None", "str | None", "str | None",
    str, str, str, "str | None", "str | None", "str | None", str, str,
]  # fmt: skip


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """HEAD, TAIL and _NOT_ABSTRACT, compiled."""
    return re.compile(HEAD, re.MULTILINE), re.compile(TAIL, re.MULTILINE), re.compile(_NOT_ABSTRACT)


def find_entry_py(text: str, pos: int) -> EntryParts | None:
    """The first entry in the usual layout at or after ``pos``, or ``None``.

    The entries found are exactly the matches of the one pattern::

        HEAD (preview line)*? ▽ More\n (abstract line)+? △ Less\n TAIL

    where an abstract line is a stripped, non-empty line that does not start
    like a label or a boundary (:data:`_NOT_ABSTRACT`) and does not end with
    "△ Less" (nor, in the preview, with "▽ More").  Those line rules leave each
    part one way to end, so matching the parts one after the other, and trying
    the next start when one fails, finds what that pattern's ``finditer`` finds.

    This is the specification, and what a pure-Python install runs; the
    compiled build runs the same steps in C (``_scan.c``).
    """
    head_pattern = _patterns()[0]
    while True:
        head = head_pattern.search(text, pos)
        if head is None:
            return None
        entry = _rest(text, head)
        if entry is not None:
            return entry
        pos = head.start() + 1


def _rest(text: str, head: re.Match[str]) -> EntryParts | None:
    """The entry whose HEAD is ``head``: its preview, abstract and TAIL; ``None`` if one is not there."""
    pos = head.end()
    lines = text.count("\n", head.start(), pos) + 2  # and the "▽ More" and "△ Less" lines
    while not text.startswith(_MORE_LINE, pos):  # the preview
        end = _abstract_line(text, pos)
        if end < 0 or text.endswith(MORE, pos, end):
            return None
        pos = end + 1
        lines += 1
    start = pos = pos + len(_MORE_LINE)
    while True:  # the full abstract: one line at least
        end = _abstract_line(text, pos)
        if end < 0:
            return None
        pos = end + 1
        lines += 1
        if text.startswith(_LESS_LINE, pos):
            break
    tail = _patterns()[1].match(text, pos + len(_LESS_LINE))
    if tail is None:
        return None
    lines += text.count("\n", tail.start(), tail.end())
    tags, title, authors = head.group("tags", "title", "authors")
    new, archive, number, version = head.group("new", "archive", "number", "version")
    day, month, year, day1, month1, year1, announced_month, announced_year = tail.group(*DATE_GROUPS)
    return (
        head.start(), tail.end(), lines, tags, title, authors, text[start : pos - 1], tail.group("labels"),
        new, archive, number, version, day, month, year, day1, month1, year1, announced_month, announced_year,
    )  # fmt: skip


def _abstract_line(text: str, pos: int) -> int:
    """Where the abstract line at ``pos`` ends (its newline), or -1 if there is none."""
    end = text.find("\n", pos)
    if (
        end <= pos
        or text[pos].isspace()
        or text[end - 1].isspace()
        or text.endswith(LESS, pos, end)
        or _patterns()[2].match(text, pos)
    ):
        return -1
    return end


try:
    from ._scan import find_entry as _scanned
except ImportError:  # a pure-Python install (see setup.py)
    _scanned = find_entry_py
#: what :mod:`.listing_text` reads entries with: the C version of :func:`find_entry_py` when built
find_entry = _scanned


def padded(text: str) -> bool:
    """Whether a line of ``text`` may start or end with a space or tab (then strip and match again)."""
    # four substring searches (memchr) cost far less than one regex over a long text
    return any(pair in text for pair in (" \n", "\n ", "\t\n", "\n\t"))


def paper_of(
    entry: EntryParts, number: int, path: str, names: dict[str, Author], tags_of: TagCache
) -> Paper | None:
    """The paper of an entry found by :func:`find_entry`, or ``None`` when the state machine must read it.

    ``number`` is the 1-based number of the entry's first line; ``names`` and
    ``tags_of`` are the reader's caches, shared across entries.  The paper is
    built directly, without a :class:`~._arxiv_entry.Draft`: this runs for
    nearly every entry of a long listing, and the draft's bookkeeping of lines
    serves only entries with problems, which the state machine reads.
    """
    _, _, _, head, title, block, abstract, labels, new, archive, number_, version = entry[:12]
    found = _head(head, tags_of) if head is not None else ((), ())
    listed = _authors(block, names)
    dates = dates_of(entry[12], entry[13], entry[14], entry[15], entry[16], entry[17], entry[18], entry[19])
    meta = _labels(labels) if labels else {}
    if found is None or listed is None or dates is None or meta is None:
        return None
    title = title[:-1].replace("\n", " ")
    if unbalanced(title) or unbalanced(abstract):
        return None  # a problem to report, with its line: the state machine's
    arxiv = from_groups(new, archive, number_, version) if head is not None else None
    categories, dois = found
    authors, not_shown = listed
    comments = meta.get("comments", "")
    return new_paper(
        title=title,
        authors=authors,
        authors_not_shown=not_shown,
        abstract=abstract,
        submitted=dates.submitted,
        first_submitted=dates.first_submitted,
        announced=dates.announced,
        arxiv_id=arxiv.id if arxiv else "",
        version=arxiv.version if arxiv else None,
        primary_category=categories[0] if categories else "",
        categories=categories,
        dois=dois,
        comments=comments,
        journal_ref=meta.get("journal_ref", ""),
        report_number=meta.get("report_number", ""),
        msc_class=meta.get("msc_class", ""),
        acm_class=meta.get("acm_class", ""),
        links=arxiv_links(arxiv, dois, abstract, comments),
        source=Source(path, number),
    )


def _head(block: str, tags_of: TagCache) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Categories and DOIs of the format and tag lines; ``None`` if a line is not one after all."""
    found = tags_of.get(block)
    if found is not None or not block:
        return found or ((), ())
    categories: list[str] = []
    dois: list[str] = []
    for line in block.split("\n")[:-1]:
        if line[0] == "[" and FORMATS.match(line):
            continue
        # lines are cached too (a block with a DOI is the paper's own, its category lines are not)
        line_tags = tags_of.get(line) or _line_tags(line, tags_of)
        if line_tags is None:
            return None  # not an archive: the state machine takes the line as the title's
        categories += line_tags[0]
        dois += line_tags[1]
    found = (tuple(categories), tuple(dois))
    if not dois:  # a paper's categories repeat across a listing, its DOI does not
        tags_of[block] = found
    return found


def _line_tags(line: str, tags_of: TagCache) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The categories and DOIs of one tag line (see :func:`._arxiv_text.tags`), remembered unless a DOI."""
    tokens = tags(line)
    if tokens is None:
        return None
    found = (
        tuple(t for t in tokens if not t.startswith("10.")),
        tuple(t for t in tokens if t.startswith("10.")),
    )
    if not found[1]:
        tags_of[line] = found
    return found


def _authors(block: str, names: dict[str, Author]) -> tuple[tuple[Author, ...], int] | None:
    """The usual list and how many authors it did not show; ``None`` for other shapes.

    The usual list has one name a line, each but the last ending in its only
    comma, perhaps followed by an "et al. (N additional authors not shown)"
    line.  Other shapes -- several
    names a line, say -- are the state machine's.
    """
    text = block[:-1]
    cut = text.rfind("\n")
    last = text[cut + 1 :]
    not_shown = et_al(last)
    if not_shown is not None:
        text = text[:cut] if cut > 0 else ""
        text = text.removesuffix(",")  # the last name's comma may go with the note: ", et al. (...)"
        last = text[text.rfind("\n") + 1 :]
    commas = text.count(",")
    if (
        not text
        or commas != text.count("\n")
        or commas != text.count(",\n")
        or is_date_line(last)
        or META_START.match(last)
    ):
        return None
    parts = text.split(",\n")
    if "" in parts:
        return None  # a lone "," line: the state machine skips it
    return tuple([names.get(part) or _new_name(part, names) for part in parts]), not_shown or 0


def _new_name(part: str, names: dict[str, Author]) -> Author:
    """A name not met before, or met stripped (``Ada Lovelace ,``): remembered under both spellings."""
    author = names[part] = remembered(part.strip(), names)
    return author


def _labels(block: str) -> dict[str, str] | None:
    """Labelled lines after the date line (each ``\\n``-led), as the state machine reads them."""
    meta: dict[str, str] = {}
    open_meta = ""
    for line in block.split("\n")[1:]:
        if META_START.match(line):
            pairs = split_meta(line)
            for name, value in pairs:
                add_meta(meta, name, value)
            open_meta = pairs[-1][0] if not pairs[-1][1] else ""
        elif line == "-" or line.startswith(_BREAKS) or is_date_line(line) or LATEST_START.match(line):
            return None  # a boundary, a second date line: what the state machine reads its own way
        elif open_meta:
            add_meta(meta, open_meta, line)
            open_meta = ""
        elif not PAGE_TEXT.match(line):
            return None  # other text: the state machine reports it
        # else the next result page's header: the state machine skips it too (and reads on)
    return meta
