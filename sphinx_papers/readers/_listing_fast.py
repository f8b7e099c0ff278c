"""The text reader's fast path: one whole entry in arXiv's usual layout, read in one pass.

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

:func:`read_entry` reads such an entry (the lines from its id line to the next
entry's) with a fixed walk instead of the state machine's per-line dispatch,
about five times faster.  It gives up -- returns ``None`` -- on anything
else: a blank or unknown line, a line the state machine would treat as a
boundary, or any problem the entry would be reported with.  The state machine
then reads those lines, so the result is the same either way, only slower;
``tests/test_reader_text.py`` compares the two on every test listing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..arxiv_ids import parse as parse_id
from ..names import split_name
from ._arxiv_entry import Draft
from ._arxiv_text import (
    DATE_MORE,
    FORMATS,
    LATEST_START,
    META_START,
    et_al,
    is_date_line,
    split_meta,
    tags,
)

if TYPE_CHECKING:
    from ..model import Author, Paper

MORE = "▽ More"
LESS = "△ Less"
#: prefixes that make a line a boundary or a label to the state machine, wherever it stands
_BREAKS = ("arXiv:", "Authors:", "Abstract:")
#: first characters of the lines that end an abstract: "-", "arXiv:", "Authors:",
#: "Submitted", and the labels (Comments, Journal ref, Report number, MSC, ACM, any case)
_MAY_END = frozenset("-aASCcJjRrMm")


class _Entry:
    """A cursor over one entry's stripped lines, filling a :class:`Draft`."""

    __slots__ = ("draft", "i", "lines", "names")

    def __init__(self, lines: list[str], draft: Draft, names: dict[str, Author]) -> None:
        self.lines = lines
        self.draft = draft
        self.names = names
        self.i = 1  # after the id line

    def head(self, tag_cache: dict[str, list[str] | None]) -> bool:
        """Formats and tags, then the title, up to ``Authors:``."""
        lines, draft, i = self.lines, self.draft, self.i
        title: list[str] = []
        while i < len(lines) and lines[i] != "Authors:":
            line = lines[i]
            i += 1
            if line == "-" or line.startswith(_BREAKS):
                return False
            if not title:
                if FORMATS.match(line):
                    continue
                # category lines repeat across a listing: judge each distinct one once
                found = tag_cache[line] if line in tag_cache else tag_cache.setdefault(line, tags(line))
                if found is not None:
                    for tag in found:
                        (draft.dois if tag.startswith("10.") else draft.categories).append(tag)
                    continue
            title.append(line)
        if not title or i == len(lines):
            return False
        draft.title = " ".join(title)
        draft.title_line = draft.line + i - len(title)
        self.i = i + 1
        return True

    def authors(self) -> bool:
        """One name a line (the last without a comma), or an "et al." note, up to ``Abstract:``."""
        lines, i = self.lines, self.i
        try:
            end = lines.index("Abstract:", i)
        except ValueError:
            return False
        block = lines[i:end]
        text = "\n".join(block)
        commas = len(block) - 1
        # the usual list: every line but the last ends in its only comma; read it in bulk
        last_line = block[-1] if block else ""
        if (
            last_line
            and text.count(",") == commas == text.count(",\n")
            and _plain_name(last_line)
            and (et_al(last_line) is None)
        ):
            *before, last = text.split(",\n")
            self._add([name.strip() for name in before])
            self._add([last])
        elif not all(self._author_line(line) for line in block):
            return False
        self.draft.authors_line = self.draft.line + i - 1
        self.i = end + 1
        return True

    def _author_line(self, line: str) -> bool:
        """One line of the author list, as the state machine reads it; False if it would end the list."""
        if line[-1] == "," and line.count(",") == 1:
            self._add([line[:-1].strip()])  # kept even when empty, as the state machine keeps it
            return True
        if not _plain_name(line):
            return False
        if (count := et_al(line)) is not None:
            self.draft.not_shown = count
        else:
            self._add([name for part in line.split(",") if (name := part.strip())])
        return True

    def _add(self, found: list[str]) -> None:
        names = self.names
        authors = self.draft.authors
        for name in found:
            author = names.get(name)
            if author is None:
                author = names[name] = split_name(name)
            authors.append(author)

    def abstract(self) -> bool:
        """The preview up to ``▽ More`` (dropped), then the full text up to ``△ Less``."""
        lines, i = self.lines, self.i
        while i < len(lines) and lines[i] != MORE:
            if _ends_abstract(lines[i]) or lines[i].endswith(MORE):
                return False
            i += 1
        start = i = i + 1
        while i < len(lines) and lines[i] != LESS:
            if _ends_abstract(lines[i]):
                return False
            i += 1
        if i >= len(lines) or i == start:
            return False
        self.draft.abstract = "\n".join(lines[start:i])
        self.draft.abstract_line = self.draft.line + start
        self.i = i + 1
        return True

    def trailer(self) -> bool:
        """Date lines and labelled lines, in the state machine's order of tests."""
        draft = self.draft
        dates: list[str] = []
        dates_at = 0
        open_meta = ""
        for offset, line in enumerate(self.lines[self.i :], self.i):
            if line == "-" or line.startswith(_BREAKS):
                return False
            if dates and not dates[-1].endswith(".") and DATE_MORE.match(line):
                dates.append(line)
            elif is_date_line(line):
                if dates or draft.dates_line:
                    return False  # a second date line: rare, left to the state machine
                dates, dates_at = [line], draft.line + offset
            elif LATEST_START.match(line):
                return False  # rare: left to the state machine
            elif META_START.match(line):
                if dates:
                    draft.read_dates(" ".join(dates), dates_at)
                    dates = []
                pairs = split_meta(line)
                for name, value in pairs:
                    draft.add_meta(name, value)
                open_meta = pairs[-1][0] if not pairs[-1][1] else ""
            elif open_meta:
                draft.add_meta(open_meta, line)
                open_meta = ""
            else:
                return False  # page text or anything else the state machine reports
        if dates:
            draft.read_dates(" ".join(dates), dates_at)
        return draft.dates_line != 0


def _plain_name(line: str) -> bool:
    """Whether a line without a trailing comma stays in the author list (see the state machine)."""
    return not (line == "-" or line.startswith(_BREAKS) or is_date_line(line) or META_START.match(line))


def _ends_abstract(line: str) -> bool:
    """Whether the state machine would end the abstract (or the entry) at this line."""
    if line[0] not in _MAY_END and line[-1] != "s":  # most prose: one look at each end
        return False
    return line == "-" or line.startswith(("arXiv:", "Authors:")) or line.endswith(LESS) or (
        is_date_line(line) or META_START.match(line) is not None
    )  # fmt: skip


def read_entry(
    lines: list[str], number: int, path: str, names: dict[str, Author], tag_cache: dict[str, list[str] | None]
) -> Paper | None:
    """The paper of one entry in the usual layout, or ``None`` when the state machine must read it.

    ``lines`` are the entry's stripped lines, none empty, the first an id line
    with nothing after the id; ``number`` is that line's 1-based number.
    ``names`` and ``tag_cache`` are the reader's caches, shared across entries.
    """
    rest = lines[0][6:]
    # the state machine reads the id up to the first space; with nothing after it, so does this
    arxiv = parse_id(rest) if len(rest.split(None, 1)) == 1 else None
    if arxiv is None:
        return None
    draft = Draft(path, number)
    draft.arxiv = arxiv
    entry = _Entry(lines, draft, names)
    if not (entry.head(tag_cache) and entry.authors() and entry.abstract() and entry.trailer()):
        return None
    paper = draft.finish()
    return None if draft.problems else paper
