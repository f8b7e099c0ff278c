"""Converter benchmark: CPU time of ``sphinx-papers convert big.txt -o out.bib`` by listing size.

For listings of 1k to 20k papers (made by ``make_listing.py``) it measures,
best of ``--repeat`` runs:

- the whole command's CPU time (user + system) in a subprocess, from
  ``resource.getrusage(RUSAGE_CHILDREN)``;
- the startup: the same command on a one-paper listing (interpreter start,
  imports, argument parsing);
- the conversion alone, in-process (``time.process_time``): read, merge
  duplicates, assign keys, write BibTeX -- what the command does after
  startup, and like the command with the cyclic garbage collector paused
  (``sphinx_papers.cli.main.paused_gc``; every in-process timing, peers' too).

It measures the package installed in the interpreter that runs it (``pip
install .`` compiles the converter's hot modules, see ``setup.py``), and at
10,000 papers, side by side, this checkout's source run as pure Python, and
the command under each interpreter given with ``--python`` (another build of
Python with the package installed).

For context it times peers installed in the venv on the equivalent .bib (the
converter's own output): bibtexparser v2 and pybtex, each parsing and
writing it.  With ``--write`` the results replace the "Converter" section of
``benchmarks/README.md``; when 10,000 papers take 1 s of CPU or more, a
cProfile of the in-process conversion (time by module, top functions) is
added.

Usage::

    python benchmarks/convert_bench.py [--sizes 1000,2000,5000,10000,20000] [--python PYTHON] [--write]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE)]  # make_listing; sphinx_papers is the installed package, not this checkout's source

from make_listing import make_listing

from sphinx_papers import readers
from sphinx_papers.bibtex import assign_keys
from sphinx_papers.cli.main import paused_gc, render
from sphinx_papers.bibtex.merge import dedupe

if TYPE_CHECKING:
    from collections.abc import Callable

TARGET_PAPERS, TARGET_SECONDS = 10_000, 1.0


def child_cpu(cmd: list[str]) -> float:
    """CPU seconds (user + system) a subprocess used.

    Bytecode is cached as for an installed package (the first run writes it),
    even where the environment says not to: compiling every module again on
    each run is not what users run.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        cmd, check=True, cwd=HERE, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _env() -> dict[str, str]:
    # children run in benchmarks/ (cwd=HERE): `python -m` and `-c` put the working directory first on
    # the path, and in the checkout's root that would be its pure source, not the installed package
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cpu(work: Callable[[], object]) -> float:
    """CPU seconds of ``work()`` in this process, the garbage collector paused as the command pauses it."""
    with paused_gc():
        start = time.process_time()
        work()
        return time.process_time() - start


def _cpu_gc_running(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def best(repeat: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(repeat))


def calibration(repeat: int) -> float:
    """CPU seconds of a fixed pure-Python loop, best of ``repeat``: how fast the machine runs right now.

    This machine's CPUs are shared with other jobs of its host: within one
    hour the loop has taken up to 1.8 times as long, and a conversion (which
    touches far more memory) up to 2 times.  The report gives the loop's time
    as a hint of the machine's state, not as a scale for the other figures.
    """

    def loop() -> None:
        total = 0
        for i in range(3_000_000):
            total += i

    return best(repeat, lambda: cpu(loop))


def convert_in_process(path: Path) -> str:
    """What ``convert`` does after startup: read, merge duplicates, keys, BibTeX text."""
    result = readers.read_path(path)
    papers, _dropped = dedupe(result.papers)
    return render(papers, assign_keys(papers), "bibtex")


def stages(path: Path, repeat: int) -> str:
    """CPU seconds of each step of the in-process conversion, as a Markdown table."""
    from sphinx_papers.readers import read_text

    text = path.read_text(encoding="utf-8")
    result = read_text(text, str(path))
    papers, _dropped = dedupe(result.papers)
    keys = assign_keys(papers)
    steps = [
        ("read (`sphinx_papers.readers`, text listing)", lambda: read_text(text, str(path))),
        ("merge duplicates (`sphinx_papers.bibtex.merge.dedupe`)", lambda: dedupe(result.papers)),
        ("assign keys (`sphinx_papers.bibtex.assign_keys`)", lambda: assign_keys(papers)),
        (
            "write BibTeX (`sphinx_papers.cli.main.render` -> `write_bibtex`)",
            lambda: render(papers, keys, "bibtex"),
        ),
        ("write JSON (`--to json`, for comparison)", lambda: render(papers, keys, "json")),
    ]
    lines = ["| step | CPU (s) | µs/paper |", "|---|---:|---:|"]
    for name, work in steps:
        seconds = best(repeat, lambda: cpu(work))  # noqa: B023
        lines.append(f"| {name} | {seconds:.3f} | {1e6 * seconds / len(papers):.1f} |")
    # what pausing the garbage collector saves: the whole conversion with it running
    seconds = best(repeat, lambda: _cpu_gc_running(lambda: convert_in_process(path)))
    name = "whole conversion with the garbage collector running (for comparison)"
    lines.append(f"| {name} | {seconds:.3f} | {1e6 * seconds / len(papers):.1f} |")
    return "\n".join(lines) + "\n"


def command(listing: Path, out: Path, python: str = sys.executable) -> list[str]:
    return [python, "-m", "sphinx_papers", "convert", str(listing), "-o", str(out)]


def pure_command(listing: Path, out: Path) -> list[str]:
    """The command run from this checkout's source, uncompiled."""
    return [sys.executable, str(HERE / "run_source.py"), "convert", str(listing), "-o", str(out)]


def describe(python: str) -> str:
    """Which Python and which build of the package a command runs: ``3.11.2 /usr/bin/python3.11, compiled``."""
    code = (
        "import os, platform, sys, sphinx_papers; "
        "print(platform.python_version(), os.path.realpath(sys.executable) + ',', "
        "'compiled' if sphinx_papers.compiled() else 'pure Python')"
    )
    done = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, cwd=HERE, env=_env(), check=True
    )
    return done.stdout.strip()


def peers(bib: Path, repeat: int) -> dict[str, float]:
    """CPU seconds of installed peers parsing and writing ``bib``."""
    text = bib.read_text(encoding="utf-8")
    timings: dict[str, float] = {}
    try:
        from bibtexparser.entrypoint import parse_string as bp_parse
        from bibtexparser.entrypoint import write_string as bp_write
        from bibtexparser.middlewares.parsestack import default_unparse_stack

        def with_bibtexparser() -> None:
            # in-place unparsing: its fastest documented way to write a library it no longer needs
            bp_write(bp_parse(text), unparse_stack=default_unparse_stack(allow_inplace_modification=True))

        timings["bibtexparser 2 parse+write"] = best(repeat, lambda: cpu(with_bibtexparser))
    except ImportError:
        pass
    try:
        from pybtex.database import parse_string

        def with_pybtex() -> None:
            parse_string(text, "bibtex").to_string("bibtex")

        timings["pybtex parse+write"] = best(repeat, lambda: cpu(with_pybtex))
    except ImportError:
        pass
    return timings


def profile_by_module(path: Path, top: int = 12) -> str:
    """cProfile of the in-process conversion: own time per module, then the top functions."""
    profiler = cProfile.Profile()
    profiler.runcall(convert_in_process, path)
    stats = pstats.Stats(profiler)
    by_module: dict[str, float] = defaultdict(float)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        by_module[_module_name(filename)] += tottime
    total = sum(by_module.values())
    lines = ["| module | own time (s) | share |", "|---|---:|---:|"]
    for name, seconds in sorted(by_module.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"| `{name}` | {seconds:.3f} | {100 * seconds / total:.0f}% |")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(top)
    functions = "\n".join(line for line in buffer.getvalue().splitlines() if line.strip())
    return (
        "\n".join(lines)
        + "\n\nCompiled modules (see setup.py) count as built-ins here: cProfile sees their functions"
        + " only as calls from Python.\n\nTop functions by own time (cProfile adds overhead):\n\n```text\n"
        + functions
        + "\n```\n"
    )


def _module_name(filename: str) -> str:
    path = Path(filename)
    # installed packages first: a virtual environment may live inside the checkout (.venv)
    for base in (*(Path(p) for p in sys.path if p.endswith("-packages")), ROOT):
        if path.is_relative_to(base):
            return ".".join(path.relative_to(base).with_suffix("").parts)
    return {"~": "(built-ins: str, re, dict methods)", "<string>": "(generated dataclass code)"}.get(
        filename, filename
    )


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


def run(
    sizes: list[int], repeat: int, peers_at: tuple[set[int], int], work: Path, pythons: list[str]
) -> tuple[str, bool]:
    """Measure; the Markdown report and whether the target was met."""
    peer_sizes, peer_repeat = peers_at
    load_before = os.getloadavg()[0]
    speed_before = calibration(repeat)
    tiny = work / "one.txt"
    tiny.write_text(make_listing(1), encoding="utf-8")
    listings = {n: work / f"listing-{n}.txt" for n in sizes}
    for n, listing in listings.items():
        listing.write_text(make_listing(n), encoding="utf-8")
    # round robin: each size is measured once per round, so that every size meets the
    # machine's fast and slow spells alike (the best of runs back to back may meet only one)
    startups: list[float] = []
    samples: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
    # at the target size, side by side in the same rounds: the source as pure Python, other interpreters
    installed = describe(sys.executable)
    others: dict[str, tuple[str, list[str]]] = {}
    if TARGET_PAPERS in listings:
        big, out = listings[TARGET_PAPERS], work / "other.bib"
        pure = installed.rsplit(",", 1)[0] + ", pure Python"  # the same interpreter
        others["this checkout's source, uncompiled"] = (pure, pure_command(big, out))
        for python in pythons:
            others[f"`{_shown(python)}`"] = (describe(python), command(big, out, python))
    other_samples: dict[str, list[float]] = {name: [] for name in others}
    for round_ in range(repeat):
        startups.append(child_cpu(command(tiny, work / "one.bib")))
        for n, listing in listings.items():
            total = child_cpu(command(listing, work / f"out-{n}.bib"))
            samples[n].append((total, cpu(lambda: convert_in_process(listing))))  # noqa: B023
            print(f"round {round_ + 1}: {n:>6} papers: process {total:.3f} s", file=sys.stderr)
        for name, (_what, cmd) in others.items():
            other_samples[name].append(child_cpu(cmd))
    startup = min(startups)
    rows, peer_rows = [], []
    per_size = {n: (min(t for t, _ in runs), min(c for _, c in runs)) for n, runs in samples.items()}
    for n in sizes:
        if n in peer_sizes:
            for name, seconds in peers(work / f"out-{n}.bib", peer_repeat).items():
                peer_rows.append(f"| {n:,} | {name} | {seconds:.3f} | {seconds / per_size[n][1]:.1f}× |")
    base_n = sizes[0]
    base = per_size[base_n][1] / base_n
    for n, (total, conversion) in per_size.items():
        per_paper = conversion / n
        median = _median([t for t, _ in samples[n]])
        rows.append(
            f"| {n:,} | {total:.3f} | {median:.3f} | {conversion:.3f} | {1e6 * per_paper:.1f} | "
            f"{conversion / per_size[base_n][1]:.2f} | {per_paper / base:.2f} |"
        )
    side_rows = []
    if others:
        runs = [t for t, _ in samples[TARGET_PAPERS]]
        mine = min(runs)
        side_rows.append(
            f"| the installed package (`{_shown(sys.executable)}`) | {installed} | {mine:.3f} | "
            f"{_median(runs):.3f} | 1.00 |"
        )
        for name, (what, _cmd) in others.items():
            times = other_samples[name]
            side_rows.append(
                f"| {name} | {what} | {min(times):.3f} | {_median(times):.3f} | {min(times) / mine:.2f} |"
            )
    met = TARGET_PAPERS in per_size and per_size[TARGET_PAPERS][0] < TARGET_SECONDS
    load = f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    speed = f"{speed_before:.3f} s at the start, {calibration(repeat):.3f} s at the end"
    return _report(installed, startup, rows, peer_rows, side_rows, met, repeat, load, speed), met


def _shown(python: str) -> str:
    """An interpreter's path as the report shows it: relative to the checkout when inside it."""
    path = Path(python).absolute()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else python


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _report(
    installed: str,
    startup: float,
    rows: list[str],
    peer_rows: list[str],
    side_rows: list[str],
    met: bool,
    repeat: int,
    load: str,
    speed: str,
) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    verdict = "met" if met else "**missed**"
    parts = [
        "## Converter\n",
        f"Machine: {machine()}; the package as installed: {installed}.",
        f"Measured by `python benchmarks/convert_bench.py --write` on {when}, from a virtual environment",
        "where `pip install .` installed the package (an editable install would measure pure Python);",
        f"best of {repeat} rounds (each round measures every size once); CPU time = user + system. Load average (1 min) {load}: other jobs shared",
        "the CPUs, which inflates CPU times and makes the ratios noisy.",
        f"Machine speed check (`calibration()`: a fixed pure-Python loop, best of {repeat}): {speed};",
        "within an hour on this machine the loop has taken up to 1.8 times as long, and the same",
        "conversion up to 2 times: the figures below are one run's, at the machine's state of the moment.\n",
        "Listings from `benchmarks/make_listing.py`: the seed's real papers in the shape of a pasted arXiv",
        "results page, with varied ids, dates, titles, categories, comments and journal references.\n",
        f"Startup (the command on a one-paper listing: interpreter, imports, arguments): {startup:.3f} s.\n",
        "| papers | `convert` process CPU (s) | median of the rounds (s) | conversion in-process (s) | µs/paper |"
        + " ratio to first | per-paper ratio (1.00 = linear) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Target: {TARGET_PAPERS:,} papers converted (read + write) in under {TARGET_SECONDS:.0f} s of CPU",
        f"for the whole process: {verdict}.\n",
    ]
    if side_rows:
        parts += [
            f"Side by side, in the same rounds: the {TARGET_PAPERS:,}-paper `convert` run by the installed",
            "package, by this checkout's source as pure Python, and under other interpreters (`--python`):\n",
            "| command | Python, build | process CPU, best (s) | median (s) | ratio to installed |",
            "|---|---|---:|---:|---:|",
            *side_rows,
            "",
        ]
    if peer_rows:
        parts += [
            "Peers on the equivalent .bib (the converter's output), parse + write, in-process;",
            "ratio = peer CPU / our in-process conversion CPU for the same papers:\n",
            "| papers | tool | CPU (s) | ratio |",
            "|---:|---|---:|---:|",
            *peer_rows,
            "",
        ]
    return "\n".join(parts)


def write_section(report: str, readme: Path = HERE / "README.md") -> None:
    """Replace (or add) the ``## Converter`` section of the README, leaving other sections alone."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n\n"
    start = text.find("## Converter\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + report
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + report.rstrip("\n") + "\n\n" + (text[end + 1 :] if end >= 0 else "")
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000,20000", help="comma-separated paper counts")
    parser.add_argument("--peer-sizes", default="1000,10000", help="sizes at which peers are timed")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--peer-repeat", type=int, default=2, help="runs per peer measurement (best kept)")
    parser.add_argument(
        "--python",
        action="append",
        default=[],
        help="also time the command under this interpreter (with the package installed), at 10,000 papers",
    )
    parser.add_argument(
        "--write", action="store_true", help="update the Converter section of benchmarks/README.md"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        peers_at = ({int(s) for s in args.peer_sizes.split(",")}, args.peer_repeat)
        report, met = run(sizes, args.repeat, peers_at, Path(tmp), args.python)
        listing = Path(tmp) / "stages.txt"
        listing.write_text(make_listing(TARGET_PAPERS), encoding="utf-8")
        report += f"\nWhere the in-process conversion of {TARGET_PAPERS:,} papers spends its time:\n\n"
        report += stages(listing, args.repeat)
        if not met:
            report += f"\nProfile (cProfile) of the in-process conversion of {TARGET_PAPERS:,} papers:\n\n"
            report += profile_by_module(listing)
    print(report)
    if args.write:
        write_section(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
