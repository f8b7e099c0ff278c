"""The seed listing read by a deliberately simple, independent method.

Blocks between ``-`` lines and their label lines: tests compare what the
package reads, selects or renders against what the file itself says, not
against the package's own reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

SEED = Path(__file__).parent / "data" / "arxiv-listing-talwalkar.txt"
_V1 = re.compile(r"v1 submitted (\d+ \w+, \d{4})")
_SUBMITTED = re.compile(r"^Submitted (\d+ \w+, \d{4})")


@dataclass(frozen=True)
class SeedEntry:
    """One entry of the seed listing as the file spells it."""

    title: str
    authors: tuple[str, ...]
    year: int
    abstract: str
    #: date of version 1 ("v1 submitted", else "Submitted")
    first: date


def seed_entries(path: Path = SEED) -> list[SeedEntry]:
    """Every entry of an arXiv "textContent" listing with ``-`` separators."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n-\n"):
        lines = [line for line in block.strip("-\n").split("\n") if line]
        if not lines:
            continue
        start, end = lines.index("Authors:"), lines.index("Abstract:")
        names = lines[start + 1 : end]
        authors = tuple(a.strip().rstrip(",") for a in names if "additional authors" not in a)
        less = lines.index("△ Less")
        abstract = lines[less - 1] if "▽ More" in lines else lines[end + 1]
        text = "\n".join(lines)
        v1 = _V1.search(text)
        when = v1[1] if v1 else next(m[1] for line in lines if (m := _SUBMITTED.match(line)))
        first = datetime.strptime(when, "%d %B, %Y").date()
        entries.append(SeedEntry(lines[0], authors, first.year, abstract, first))
    return entries
