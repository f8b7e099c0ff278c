"""Progress reporting for long conversions: a tiny protocol and a text bar.

The command line drives progress explicitly: it :meth:`~Progress.start`\\ s a
phase (``reading``, ``writing``) with a total, calls :meth:`~Progress.advance`
as units complete, and :meth:`~Progress.finish`\\ es.  :func:`track` wraps that
around an iterable.  Library code never prints: a caller that wants no
output passes :data:`SILENT`.

:func:`progress_for` decides whether a bar is worth showing: only on a
terminal (piped or redirected output stays clean for scripts and logs) and
only for large work, where conversion takes long enough for a bar to help.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

T = TypeVar("T")

#: inputs larger than this many bytes get a reading bar
LARGE_INPUT_BYTES = 1_000_000
#: outputs with more than this many papers get a writing bar
LARGE_PAPER_COUNT = 500
_BAR_WIDTH = 30
#: redraw at most this often (seconds): drawing every entry would cost more than writing it
_REDRAW_INTERVAL = 0.05


class Progress:
    """Receives progress; this base class ignores it (the silent reporter)."""

    def start(self, label: str, total: int) -> None:
        """Begin a phase of ``total`` units (bytes, papers)."""

    def advance(self, units: int = 1, note: str = "") -> None:
        """Record ``units`` more units done; ``note`` names the current item."""

    def finish(self) -> None:
        """End the phase."""


#: the reporter that shows nothing
SILENT = Progress()


class TextBar(Progress):
    """A one-line bar redrawn in place with ``\\r``, erased when the phase ends."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._label = ""
        self._total = 0
        self._done = 0
        self._note = ""
        self._last_draw = float("-inf")
        self._last_percent = -1

    def start(self, label: str, total: int) -> None:
        self._label, self._total, self._done, self._note = label, max(total, 0), 0, ""
        self._last_percent = -1
        self._draw(force=True)

    def advance(self, units: int = 1, note: str = "") -> None:
        self._done = min(self._done + units, self._total)
        renamed = bool(note) and note != self._note
        if renamed:
            self._note = note
        self._draw(force=renamed or self._done == self._total)

    def finish(self) -> None:
        self._stream.write("\r\x1b[K")  # erase the bar: the summary line follows
        self._stream.flush()

    def _draw(self, *, force: bool) -> None:
        percent = 100 * self._done // self._total if self._total else 100
        now = self._clock()
        if not force and (percent == self._last_percent or now - self._last_draw < _REDRAW_INTERVAL):
            return
        self._last_percent, self._last_draw = percent, now
        filled = _BAR_WIDTH * percent // 100
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        note = f" {self._note}" if self._note else ""
        self._stream.write(f"\r\x1b[K{self._label} [{bar}] {percent:3d}%{note}")
        self._stream.flush()


def is_terminal(stream: TextIO) -> bool:
    """True for an interactive terminal that can redraw a line (not ``TERM=dumb``)."""
    try:
        tty = stream.isatty()
    except ValueError:  # a closed stream
        return False
    return tty and os.environ.get("TERM") != "dumb"


def progress_for(stream: TextIO, *, size: int = 0, count: int = 0) -> Progress:
    """A bar on ``stream`` when it is a terminal and the work is large, else :data:`SILENT`.

    ``size`` is the work in bytes, ``count`` in papers: either past its
    threshold makes the work large.
    """
    large = size > LARGE_INPUT_BYTES or count > LARGE_PAPER_COUNT
    return TextBar(stream) if large and is_terminal(stream) else SILENT


def track(
    progress: Progress,
    items: Iterable[T],
    label: str,
    total: int,
    weight: Callable[[T], int] = lambda _item: 1,
    note: Callable[[T], str] = lambda _item: "",
) -> Iterator[T]:
    """Yield ``items``, advancing ``progress`` by each item's ``weight`` once the caller handled it."""
    progress.start(label, total)
    try:
        for item in items:
            progress.advance(0, note(item))  # name the item while it is being handled
            yield item
            progress.advance(weight(item))
    finally:
        progress.finish()
