"""Fuzz the command: 100,000 inputs cut from the real files of tests/data and damaged.

Each case is one input made by ``tests/fuzzing.py`` (a few entries of a real
.bib file, Atom feed, arXiv page or text listing, mutated) and run in this
process through ``check``, ``convert``, a second conversion of the output
and a merge of the input into its own conversion.  The run is seeded: the
same ``--seed`` makes the same cases.

Prints the number of cases, the time, and each kind of failure with how
often it was seen and its smallest input (shrunk line by line, then
character by character).  Exit status 1 when anything failed.

    python benchmarks/fuzz_cli.py                 # 100,000 cases (about 15-20 minutes)
    python benchmarks/fuzz_cli.py --cases 2000 --seed 7
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import Seed, check_case, make_case, seeds

_FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<function>\S+)', re.MULTILINE)


def signature(problem: str) -> str:
    """A failure's kind: its first line; for a traceback, the exception's type and where it was raised."""
    lines = problem.strip().splitlines()
    if "traceback" not in lines[0]:
        return lines[0]
    frames = list(_FRAME.finditer(problem))
    where = f" in {Path(frames[-1]['file']).name}:{frames[-1]['line']}" if frames else ""
    return f"traceback: {lines[-1].split(':')[0]}{where}"


def shrink(text: str, seed: Seed, kind: str, work: Path) -> str:
    """A smaller input failing the same way: lines, then characters, removed while it still does."""

    def fails(candidate: str) -> bool:
        return any(signature(p) == kind for p in check_case(candidate, seed.suffix, work))

    for unit in ("lines", "chars"):
        pieces = text.splitlines(keepends=True) if unit == "lines" else list(text)
        chunk = max(1, len(pieces) // 2)
        while chunk >= 1:
            start = 0
            while start < len(pieces):
                candidate = pieces[:start] + pieces[start + chunk :]
                if fails("".join(candidate)):
                    pieces = candidate
                else:
                    start += chunk
            chunk //= 2
            if unit == "chars" and len(pieces) > 3000:
                break  # long inputs: line-level shrinking is what helps
        text = "".join(pieces)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--no-shrink", action="store_true", help="print failing inputs as found")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    pool = seeds()
    counts: Counter[str] = Counter()
    first: dict[str, tuple[Seed, str, str]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for number in range(1, args.cases + 1):
            seed = rng.choice(pool)
            text = make_case(seed, rng)
            for problem in check_case(text, seed.suffix, work):
                kind = signature(problem)
                counts[kind] += 1
                if kind not in first or len(text) < len(first[kind][1]):
                    first[kind] = (seed, text, problem)
            if number % 5000 == 0:
                elapsed = time.perf_counter() - started
                print(f"{number} cases, {elapsed:.0f} s, {sum(counts.values())} failures", file=sys.stderr)
        elapsed = time.perf_counter() - started
        print(f"# Fuzzing the command: {args.cases} cases (seed {args.seed}) in {elapsed:.0f} s")
        print(f"\n{len(pool)} seed files; {sum(counts.values())} failures of {len(counts)} kinds\n")
        for kind, count in counts.most_common():
            seed, text, problem = first[kind]
            small = text if args.no_shrink else shrink(text, seed, kind, work)
            print(f"## {kind}\n\n{count} times; seed file {seed.name}; smallest input:\n")
            print(f"```\n{small!r}\n```\n")
            if "traceback" in problem:
                print("```\n" + "\n".join(problem.strip().splitlines()[-7:]) + "\n```\n")
    return 1 if counts else 0


if __name__ == "__main__":
    sys.exit(main())
