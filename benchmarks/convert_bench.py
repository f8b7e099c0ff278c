"""Converter benchmark: CPU time of ``sphinx-papers convert listing.txt -o out.bib`` by listing size.

Listings of 500 to 20,000 papers come from ``make_listing.py``.  For each
size the whole command runs in a subprocess, and its CPU time (user + system,
from ``resource.getrusage(RUSAGE_CHILDREN)``) is kept, best of ``--repeat``
rounds; each round runs every size once, so that every size meets the
machine's fast and slow spells alike.  The startup (the command on a
one-paper listing: interpreter, imports, arguments) is measured the same way,
and the cost per paper, ``(CPU - startup) / papers``, shows whether the
command grows linearly.

Side by side, in the same run, two peers parse and write the equivalent .bib
(the command's own output for the same papers), in this process:
bibtexparser v2 and pybtex.  Their ratio is to the command's CPU for the same
papers.

With ``--write`` the report replaces the "Converter" section of
``benchmarks/README.md``.

Usage::

    python benchmarks/convert_bench.py [--sizes 500,1000,5000,10000,20000] [--repeat 5] [--write]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from make_listing import make_listing

if TYPE_CHECKING:
    from collections.abc import Callable

HERE = Path(__file__).resolve().parent
#: the budgets of the converter: papers -> CPU seconds of the whole command
BUDGETS = {1_000: 0.3, 10_000: 1.5}
#: the same command at 10,000 papers, best of 5, as the previous report measured it (2026-11-26)
EARLIER = {"compiled build (mypyc + C module)": 0.643, "pure Python, same source": 1.234}


def child_cpu(cmd: list[str]) -> float:
    """CPU seconds (user + system) a subprocess used.

    Bytecode is cached as for an installed package (the first run writes it), even where the
    environment says not to: compiling every module again on each run is not what users run.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, cwd=HERE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def command(listing: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sphinx_papers", "convert", str(listing), "-o", str(out)]


def cpu(work: Callable[[], object]) -> float:
    """CPU seconds of ``work()`` in this process."""
    start = time.process_time()
    work()
    return time.process_time() - start


def calibration() -> float:
    """CPU seconds of a fixed pure-Python loop: a hint of how fast the machine runs right now."""

    def loop() -> None:
        total = 0
        for i in range(3_000_000):
            total += i

    return min(cpu(loop) for _ in range(3))


def peers(bib: Path, repeat: int) -> dict[str, float]:
    """CPU seconds (best of ``repeat``) of each peer parsing ``bib`` and writing it back."""
    import bibtexparser
    from bibtexparser.entrypoint import parse_string as bibtexparser_parse
    from bibtexparser.entrypoint import write_string as bibtexparser_write
    from bibtexparser.middlewares import default_unparse_stack
    from pybtex.database import parse_string

    text = bib.read_text(encoding="utf-8")
    # in-place unparsing: bibtexparser's fastest documented way to write a library it no longer needs
    in_place = default_unparse_stack(allow_inplace_modification=True)

    def with_bibtexparser() -> None:
        bibtexparser_write(bibtexparser_parse(text), unparse_stack=in_place)

    def with_pybtex() -> None:
        parse_string(text, "bibtex").to_string("bibtex")

    return {
        f"bibtexparser {bibtexparser.__version__}": min(cpu(with_bibtexparser) for _ in range(repeat)),
        "pybtex": min(cpu(with_pybtex) for _ in range(repeat)),
    }


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    python = f"Python {platform.python_version()} ({sys.implementation.name})"
    return f"{os.cpu_count()} CPUs (`nproc`), {model}, {python}"


def measure(sizes: list[int], repeat: int, work: Path) -> tuple[float, dict[int, list[float]]]:
    """The startup and, per size, the command's CPU in each round."""
    tiny = work / "one.txt"
    tiny.write_text(make_listing(1), encoding="utf-8")
    listings = {n: work / f"listing-{n}.txt" for n in sizes}
    for n, listing in listings.items():
        listing.write_text(make_listing(n), encoding="utf-8")
    startups: list[float] = []
    runs: dict[int, list[float]] = {n: [] for n in sizes}
    for round_ in range(1, repeat + 1):
        startups.append(child_cpu(command(tiny, work / "one.bib")))
        for n, listing in listings.items():
            runs[n].append(child_cpu(command(listing, work / f"out-{n}.bib")))
            print(f"round {round_}: {n:>6} papers: {runs[n][-1]:.3f} s", file=sys.stderr)
    return min(startups), runs


def report(sizes: list[int], repeat: int, peer_sizes: list[int], peer_repeat: int) -> str:
    load_start, speed_start = os.getloadavg()[0], calibration()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        startup, runs = measure(sizes, repeat, work)
        peer_times = {n: peers(work / f"out-{n}.bib", peer_repeat) for n in peer_sizes if n in runs}
    best = {n: min(times) for n, times in runs.items()}
    first = sizes[0]
    per_paper = {n: (best[n] - startup) / n for n in sizes}
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "## Converter\n",
        f"Machine: {machine()}. Measured by `python benchmarks/convert_bench.py --write` on {when};",
        f"best of {repeat} rounds (each round runs every size once); CPU = user + system of the process.",
        f"Load average (1 min): {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. Machine speed",
        f"check (a fixed pure-Python loop, best of 3): {speed_start:.3f} s at the start, {calibration():.3f} s",
        "at the end; other jobs share this machine's CPUs, so single figures vary by up to ±30%.\n",
        "Listings from `benchmarks/make_listing.py`: the seed's real papers in the shape of a pasted arXiv",
        "results page, with varied ids, dates, titles, categories, comments and journal references.\n",
        f"Startup (the command on a one-paper listing: interpreter, imports, arguments): {startup:.3f} s.\n",
        (
            "| papers | `convert` CPU, best (s) | median (s) | µs/paper after startup | per-paper ratio to "
            f"{first:,} (1.00 = linear) | budget |"
        ),
        "|---:|---:|---:|---:|---:|---|",
    ]
    for n in sizes:
        budget = BUDGETS.get(n)
        verdict = "" if budget is None else f"≤ {budget} s: {'met' if best[n] <= budget else '**missed**'}"
        lines.append(
            f"| {n:,} | {best[n]:.3f} | {sorted(runs[n])[len(runs[n]) // 2]:.3f} | {1e6 * per_paper[n]:.1f} | "
            f"{per_paper[n] / per_paper[first]:.2f} | {verdict} |"
        )
    if 10_000 in best:
        lines += [
            "",
            "The 10,000-paper command against the previous report's figures (same machine, best of 5; both",
            "earlier runs paused the garbage collector and ended the process with `os._exit`, which the",
            "package no longer does):\n",
            "| earlier build | its CPU (s) | this run / earlier |",
            "|---|---:|---:|",
            *(
                f"| {name} | {seconds:.3f} | {best[10_000] / seconds:.2f} |"
                for name, seconds in EARLIER.items()
            ),
        ]
    if peer_times:
        lines += [
            "",
            "Peers in the same run, on the equivalent .bib (the command's output for the same papers),",
            f"parse + write in this process, best of {peer_repeat}; ratio = peer CPU / our whole command's CPU:\n",
            "| papers | tool | CPU (s) | ratio |",
            "|---:|---|---:|---:|",
        ]
        for n, timings in peer_times.items():
            lines += [
                f"| {n:,} | {tool} | {seconds:.3f} | {seconds / best[n]:.1f}× |"
                for tool, seconds in timings.items()
            ]
    return "\n".join(lines) + "\n"


def write_section(text: str, readme: Path = HERE / "README.md") -> None:
    """Replace (or add) the ``## Converter`` section of the README, leaving other sections alone."""
    old = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n\n"
    start = old.find("## Converter\n")
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + 1)
        new = old[:start] + text.rstrip("\n") + "\n\n" + (old[end + 1 :] if end >= 0 else "")
    readme.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,5000,10000,20000", help="comma-separated paper counts")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (the best is kept)")
    parser.add_argument("--peer-sizes", default="1000,10000", help="sizes at which the peers run")
    parser.add_argument("--peer-repeat", type=int, default=1, help="runs of each peer (the best is kept)")
    parser.add_argument("--write", action="store_true", help="update the Converter section of README.md")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    text = report(sizes, args.repeat, [int(s) for s in args.peer_sizes.split(",")], args.peer_repeat)
    print(text)
    if args.write:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
