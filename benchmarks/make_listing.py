"""Generate big, realistic arXiv listings for benchmarks.

Each generated entry is one of the seed listing's 50 real papers (authors and
abstract as arXiv shows them) in the shape of a real copy of arXiv's search
results page: an ``arXiv:<id>`` line, ``[pdf, ps, other]``, category tags,
sometimes ``doi`` tags, the title, authors, abstract preview and full text,
the date lines, and sometimes ``Comments:`` and ``Journal ref:``.  Ids, dates
(one or several versions), categories, title variations, comments and journal
references vary from entry to entry, deterministically (a seeded generator),
and every 50 entries the page's header and pagination text appear again, as
when several result pages are pasted one after the other.

Usage::

    python benchmarks/make_listing.py 10000 -o big.txt
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from sphinx_papers.core.model import MONTH_NAMES

ROOT = Path(__file__).resolve().parent.parent

SEED = ROOT / "tests" / "data" / "arxiv-listing-talwalkar.txt"
PAGE = 50
_CATEGORIES = ("cs.LG", "stat.ML", "cs.AI", "cs.CL", "cs.CV", "cs.HC", "cs.DC", "math.OC", "cs.SE", "cs.CR")
_PREFIXES = ("", "", "", "", "Revisiting ", "On ", "Towards ", "Rethinking ", "A Note on ", "Scaling ")
_SUFFIXES = (
    "",
    "",
    "",
    "",
    ": Extended Version",
    " (Short Paper)",
    ": A Case Study",
    ": Theory and Practice",
)
_COMMENTS = (
    "12 pages, 5 figures",
    "Accepted at NeurIPS 2024; code at https://github.com/example/repo",
    "ICML 2023 camera-ready version",
    "30 pages, 12 figures, 4 tables; v2 fixes a typo in Theorem 3",
    "Workshop version; extended abstract",
)
_JOURNALS = (
    "Journal of Machine Learning Research 25(112):1-45, 2024",
    "Proceedings of the 40th International Conference on Machine Learning, PMLR 202, 2023",
    "Transactions on Machine Learning Research, 2023",
)


def seed_entries(path: Path = SEED) -> list[tuple[str, list[str]]]:
    """The seed's entries as (title, body lines from ``Authors:`` to the end of the abstract)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n-\n"):
        lines = [line for line in block.strip("-\n").split("\n") if line]
        end = next(i for i, line in enumerate(lines) if line.startswith("Submitted "))
        entries.append((lines[0], lines[1:end]))
    return entries


def _day(when: date) -> str:
    return f"{when.day} {MONTH_NAMES[when.month - 1]}, {when.year}"


def _arxiv_id(first: date, used: dict[str, int]) -> str:
    """A new id in ``first``'s month, numbered after the ids already ``used`` in that month."""
    month = f"{first:%y%m}"
    used[month] = number = used.get(month, 0) + 1
    if first.year < 2007:  # the old scheme, before April 2007
        return f"cs/{month}{number:03d}"
    digits = 5 if first.year >= 2015 else 4
    return f"{month}.{number:0{digits}d}"


def _date_lines(rng: random.Random, first: date) -> list[str]:
    versions = rng.choice((1, 1, 1, 2, 2, 3))
    latest = first + timedelta(days=rng.randint(1, 400)) if versions > 1 else first
    line = f"Submitted {_day(latest)};" + (f" v1 submitted {_day(first)};" if versions > 1 else "")
    return [line, f"originally announced {MONTH_NAMES[first.month - 1]} {first.year}."]


def _entry(rng: random.Random, used: dict[str, int], title: str, body: list[str]) -> list[str]:
    first = date(2005, 1, 1) + timedelta(days=rng.randint(0, 7300))
    cats = [rng.choice(_CATEGORIES), *rng.sample(_CATEGORIES, rng.choice((0, 1, 1, 2)))]
    arxiv_id = _arxiv_id(first, used)
    lines = [f"arXiv:{arxiv_id}", "[pdf, ps, other]", *dict.fromkeys(cats)]
    if rng.random() < 0.15:
        lines += ["doi", f"10.{rng.randint(1000, 9999)}/{arxiv_id.replace('/', '.')}"]
    lines.append(f"{rng.choice(_PREFIXES)}{title}{rng.choice(_SUFFIXES)}")
    lines += body
    lines += _date_lines(rng, first)
    if rng.random() < 0.4:
        lines += ["Comments:", rng.choice(_COMMENTS)]
    if rng.random() < 0.1:
        lines += ["Journal ref:", rng.choice(_JOURNALS)]
    return lines


def _page_header(start: int, total: int) -> list[str]:
    end = min(start + PAGE, total)
    return [
        f"Showing {start + 1}–{end} of {total} results for author: Talwalkar, A",
        "Previous",
        "Next",
        "1",
        "2",
    ]


def make_listing(n: int, seed: int = 0, path: Path = SEED) -> str:
    """A listing of ``n`` distinct papers (distinct arXiv ids), the same text for the same ``seed``."""
    rng = random.Random(seed)
    entries = seed_entries(path)
    lines: list[str] = []
    used: dict[str, int] = {}
    for i in range(n):
        if i % PAGE == 0:
            lines += _page_header(i, n)
        title, body = entries[i % len(entries)]
        lines += _entry(rng, used, title, body)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write a generated listing to a file or standard output."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of papers")
    parser.add_argument("-o", "--output", help="output file (default: standard output)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    text = make_listing(args.count, args.seed)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
