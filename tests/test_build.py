"""The compiled build (``setup.py``: mypyc) and the pure-Python source behave alike.

``pip install .`` compiles the converter's hot modules; the tests run on
what is installed.  Here the pure-Python source of this checkout converts
the same inputs in a child process, and the outputs must be equal byte for
byte.  Under CI the installed build must be the compiled one: a build that
fell back to pure Python without saying so would leave it untested.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sphinx_papers

REPO = Path(__file__).resolve().parent.parent


def _compiled_or_skip() -> None:
    if sphinx_papers.compiled():
        return
    reason = (
        "the installed build is pure Python (pip install -e, or a compile that failed): nothing to compare"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI must test the compiled build (pip install .): {reason}")
    pytest.skip(reason)


def test_ci_tests_the_compiled_build() -> None:
    _compiled_or_skip()
    assert sphinx_papers.__file__ is not None
    source = REPO / "sphinx_papers"
    assert Path(sphinx_papers.__file__).parent != source, "tests imported the source tree, not the install"


def _convert(pure: bool, args: list[str], cwd: Path) -> bytes:
    """The command's output, from this checkout's source or (in ``cwd``, without it) the installed package."""
    source = [sys.executable, str(REPO / "benchmarks" / "run_source.py")]
    command = source if pure else [sys.executable, "-m", "sphinx_papers"]
    done = subprocess.run(
        [*command, "convert", *args, "-o", "-"], cwd=cwd, capture_output=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture(scope="module")
def big_listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-entry listing from the benchmark's generator (varied ids, dates, labels, math)."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_listing.py"), "2000", "-o", str(path)], check=True
    )
    return path


@pytest.mark.parametrize("options", [[], ["--ascii"], ["--to", "biblatex"], ["--to", "json"]])
def test_pure_and_compiled_builds_write_the_same(
    options: list[str], data_dir: Path, big_listing: Path, tmp_path: Path
) -> None:
    _compiled_or_skip()
    inputs = [
        data_dir / "arxiv-listing-talwalkar.txt",
        *sorted((data_dir / "listings").glob("*.txt")),
        data_dir / "listings" / "arxiv-search-page.html",
        *sorted((data_dir / "arxiv-samples").glob("*.xml")),
        data_dir / "bib" / "xampl.bib",
        big_listing,
    ]
    for path in inputs:  # one input at a time: a difference names its file
        args = [str(path), *options]
        compiled = _convert(False, args, tmp_path)
        assert compiled, path
        _same(_convert(True, args, tmp_path), compiled, path)


def _same(pure: bytes, compiled: bytes, path: Path) -> None:
    """Fail with where the outputs part (pytest's own diff of ~100 kB outputs runs for many minutes)."""
    if pure == compiled:
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(pure, compiled, strict=False)) if a != b),
        min(len(pure), len(compiled)),
    )
    line = pure.count(b"\n", 0, at) + 1
    pytest.fail(
        f"{path.name}: the builds part at byte {at} (line {line}):\n"
        f"pure:     {pure[max(0, at - 60) : at + 60]!r}\ncompiled: {compiled[max(0, at - 60) : at + 60]!r}"
    )
