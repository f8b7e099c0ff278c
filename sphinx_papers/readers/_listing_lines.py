"""The text reader's state machine: any listing text, one line at a time.

Every line is stripped and classified once, by the state the reader is in
(outside an entry, in its title, author list, abstract preview, full abstract,
or labelled lines).  It reads every shape the text reader accepts -- the
usual layout, the selection shape, entries without id lines or separators,
damaged entries -- and reports what is wrong, with line numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.arxiv_ids import parse as parse_id
from ..core.model import Problem, ReadResult
from ..core.names import split_name
from ._arxiv_entry import Draft
from ._arxiv_text import (
    DATE_MORE,
    FORMATS,
    LATEST_START,
    LESS,
    META_START,
    MORE,
    PAGE_TEXT,
    et_al,
    id_line,
    is_date_line,
    latest_version,
    split_et_al,
    split_meta,
    tags,
)

if TYPE_CHECKING:
    import re

# states of the reader
_OUT, _HEAD, _AUTHORS, _ABSTRACT, _FULL, _TRAILER = range(6)
_STATE_NAMES = ("", "title", "author list", "abstract", "full abstract", "labelled lines")


def _undouble(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A short abstract appears twice (preview and full text); keep the second copy."""
    half = len(lines) // 2
    if half and len(lines) % 2 == 0 and [t for _, t in lines[:half]] == [t for _, t in lines[half:]]:
        return lines[half:]
    return lines


class LineReader:
    """The state machine: :meth:`feed` one line at a time, then :meth:`close`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.result = ReadResult()
        self.state = _OUT
        self.draft: Draft | None = None
        self.seen_entry = False
        self.pending: list[tuple[int, str]] = []  # unlabelled lines outside an entry
        self.head: list[tuple[int, str]] = []  # title lines
        self.preview: list[tuple[int, str]] = []
        self.full: list[tuple[int, str]] = []
        self.dates: list[str] = []
        self.dates_line = 0
        self.open_meta = ""  # a label whose value is on the next line
        self.entry_end = 0  # last line the current entry took

    def run(self, lines: list[str]) -> None:
        """Feed every line of the input, numbered from 1; blank lines carry nothing."""
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if line:
                self.feed(number, line)

    def feed(self, number: int, line: str) -> None:
        """Take one stripped, non-empty line; ``number`` is its 1-based line number."""
        state = self.state
        waiting = len(self.pending)
        if line == "-":
            self.start(0)
        elif line.startswith("arXiv:") and (m := id_line(line)) is not None:
            self.read_id_line(number, m)
        elif line.startswith("Authors:"):
            self.authors_label(number, line[8:].strip())
        elif state in (_ABSTRACT, _FULL):
            self.abstract_line(number, line)
        elif line.startswith("Abstract:"):
            self.abstract_label(number, line[9:].strip())
        elif state == _OUT:
            self.pending.append((number, line))
        elif state == _HEAD:
            self.head_line(number, line)
        elif state == _AUTHORS:
            self.author_line(number, line)
        else:
            self.trailer_line(number, line)
        if len(self.pending) == waiting:
            self.entry_end = number

    def close(self) -> ReadResult:
        """Finish the last entry and return what was read."""
        self.finish()
        self.flush_pending()
        if not self.result.papers:
            self.result.problems.append(Problem(self.path, 1, "no arXiv listing entries found"))
        return self.result

    # -- entry boundaries -------------------------------------------------

    def start(self, number: int) -> Draft:
        """Finish the current entry and start one at ``number`` (0: at its first line to come)."""
        self.finish()
        self.flush_pending()
        self.draft = Draft(self.path, number)
        self.state = _HEAD
        self.seen_entry = True
        return self.draft

    def finish(self) -> None:
        draft = self.draft
        if draft is None:
            return
        self.draft = None
        if draft.line == 0 and not self.head:
            self.state = _OUT  # a separator with nothing after it
            return
        cut = draft.dates_line == 0 and not self.dates
        if cut:
            where = _STATE_NAMES[self.state]
            draft.problem(self.entry_end, f"entry is cut short: it ends in its {where}, with no date line")
            draft.cut_short = True
        self.end_abstract(draft, closing=not cut)
        self.end_dates(draft)
        self.take_title(draft)
        self.result.papers.append(draft.finish())
        self.result.problems.extend(draft.problems)
        self.state = _OUT
        self.open_meta = ""

    def flush_pending(self) -> None:
        """Lines between entries: page text is skipped, anything else is reported."""
        for number, line in self.pending:
            if self.seen_entry and not PAGE_TEXT.match(line):
                message = f"unrecognised line between entries, skipped: {line!r}"
                self.result.problems.append(Problem(self.path, number, message))
        self.pending.clear()

    def new_entry_from_pending(self) -> None:
        """No id line and no separator: the line before ``Authors:`` is the next entry's title."""
        if self.pending:
            number, title = self.pending.pop()
            self.start(number)
            self.head.append((number, title))

    def new_entry_from_abstract(self) -> None:
        """``Authors:`` inside an abstract: the entry was cut short and its last line is a title."""
        lines = self.full or self.preview
        if not lines:
            return
        title = lines.pop()
        self.entry_end = lines[-1][0] if lines else title[0] - 1
        self.start(title[0])
        self.head.append(title)

    # -- the parts of an entry --------------------------------------------

    def read_id_line(self, number: int, m: re.Match[str]) -> None:
        """``arXiv:<id> [pdf, ...] tags``, matched by :func:`id_line`: an entry starts."""
        draft = self.draft
        if draft is None or self.state != _HEAD or draft.arxiv is not None or self.head:
            draft = self.start(number)
        draft.line = number
        draft.arxiv = parse_id(m.group(1))
        if draft.arxiv is None:
            draft.problem(number, f"cannot read the arXiv identifier {m.group(1)!r}")
        found = tags(m.group(3))
        if found is None:
            draft.problem(number, f"unrecognised text after the arXiv identifier: {m.group(3)!r}")
        else:
            self.add_tags(draft, found)

    def add_tags(self, draft: Draft, found: list[str]) -> None:
        for tag in found:
            (draft.dois if tag.startswith("10.") else draft.categories).append(tag)

    def head_line(self, number: int, line: str) -> None:
        draft = self.draft
        assert draft is not None
        if draft.line == 0:
            draft.line = number
        if not self.head and draft.arxiv is not None:
            if FORMATS.match(line):
                return
            found = tags(line)
            if found is not None:
                self.add_tags(draft, found)
                return
        self.head.append((number, line))

    def take_title(self, draft: Draft) -> None:
        if self.head:
            draft.title = " ".join(text for _, text in self.head)
            draft.title_line = self.head[0][0]
            self.head.clear()

    def authors_label(self, number: int, rest: str) -> None:
        if self.state in (_ABSTRACT, _FULL):
            self.new_entry_from_abstract()
        elif self.state in (_OUT, _TRAILER):
            self.new_entry_from_pending()
        if self.draft is None or self.state != _HEAD:  # "Authors:" with no title line before it
            self.start(number)
        draft = self.draft
        assert draft is not None
        if draft.line == 0:
            draft.line = number
        draft.authors_line = number
        self.take_title(draft)
        self.state = _AUTHORS
        if rest:
            names, draft.not_shown = split_et_al(rest)
            self.add_names(draft, names)

    def author_line(self, number: int, line: str) -> None:
        draft = self.draft
        assert draft is not None
        count = et_al(line)
        if count is not None:
            draft.not_shown = count
        elif is_date_line(line) or META_START.match(line):
            self.trailer_line(number, line)  # no abstract: the page hid them
        else:
            self.add_names(draft, line)

    def add_names(self, draft: Draft, text: str) -> None:
        for part in text.split(","):
            name = part.strip()
            if name:
                draft.authors.append(split_name(name))

    def abstract_label(self, number: int, rest: str) -> None:
        draft = self.draft
        if draft is None or self.state == _TRAILER:
            self.pending.append((number, f"Abstract: {rest}"))
            return
        self.take_title(draft)
        self.state = _ABSTRACT
        if rest:
            self.abstract_line(number, rest)

    def abstract_line(self, number: int, line: str) -> None:
        draft = self.draft
        assert draft is not None
        lines = self.full if self.state == _FULL else self.preview
        if line.endswith(LESS):
            if line != LESS:
                lines.append((number, line[: -len(LESS)].rstrip()))
            self.end_abstract(draft, closing=False)
            self.state = _TRAILER
        elif line.endswith(MORE) and self.state == _ABSTRACT:
            if line != MORE:
                lines.append((number, line[: -len(MORE)].rstrip()))
            self.state = _FULL
        elif is_date_line(line) or META_START.match(line):
            self.end_abstract(draft, closing=True)
            self.trailer_line(number, line)
        else:
            lines.append((number, line))

    def end_abstract(self, draft: Draft, closing: bool) -> None:
        """Set the abstract from the lines read; ``closing``: it ended without ``△ Less``."""
        if self.state not in (_ABSTRACT, _FULL):
            return
        lines = self.full
        if self.state == _ABSTRACT:
            lines = _undouble(self.preview)
        elif not self.full:  # selection shape: only the preview survived
            lines, draft.abstract_complete = self.preview, False
        elif closing:
            draft.problem(self.full[-1][0], f"the full abstract ends without '{LESS}': it may be cut short")
        if draft.cut_short and self.state == _FULL:
            draft.abstract_complete = False
        draft.abstract = "\n".join(text for _, text in lines)
        draft.abstract_line = lines[0][0] if lines else 0
        self.preview.clear()
        self.full.clear()

    def trailer_line(self, number: int, line: str) -> None:
        draft = self.draft
        assert draft is not None
        self.state = _TRAILER
        if self.dates and not self.dates[-1].endswith(".") and DATE_MORE.match(line):
            self.dates.append(line)  # the date line, split by the copy
        elif is_date_line(line):
            self.end_dates(draft)
            self.dates, self.dates_line = [line], number
        elif LATEST_START.match(line):
            draft.latest_version = latest_version(line)
        elif META_START.match(line):
            self.end_dates(draft)
            pairs = split_meta(line)
            for name, value in pairs:
                draft.add_meta(name, value)
            self.open_meta = pairs[-1][0] if not pairs[-1][1] else ""
        elif self.open_meta:
            draft.add_meta(self.open_meta, line)
            self.open_meta = ""
        else:
            self.end_dates(draft)
            self.pending.append((number, line))

    def end_dates(self, draft: Draft) -> None:
        if self.dates:
            draft.read_dates(" ".join(self.dates), self.dates_line)
            self.dates = []
