"""Shared fixtures: test data paths, the Sphinx testing plugin, and tool gates.

Tests that need TeX Live or Chromium skip with a reason on a developer's
machine that lacks them; under CI (``CI`` set) a missing tool is a failure,
since CI installs them and must run those tests.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from sphinx_papers.readers import read_path

if TYPE_CHECKING:
    from sphinx_papers.core.model import Paper

pytest_plugins = ["sphinx.testing.fixtures"]

# Under CI the property tests draw the same examples on every run (a failure there is one a developer
# can reproduce); on a developer's machine they draw new ones each time, to keep finding new cases.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

DATA = Path(__file__).parent / "data"
ROOTS = Path(__file__).parent / "roots"
SEED = DATA / "arxiv-listing-talwalkar.txt"


def require_tools(*tools: str) -> None:
    """Skip (or, under CI, fail) unless every named executable is on PATH."""
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    reason = f"needs {', '.join(missing)} on PATH (install TeX Live / Chromium as .ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test this checkout's source while another copy of the package is installed.

    ``python -m pytest`` puts the working directory first on the path: the tests would import the
    checkout's modules, and their child processes the installed copy, which may be older.
    """
    import sphinx_papers

    here = Path(sphinx_papers.__file__).resolve().parent
    if here != Path(__file__).resolve().parent.parent / "sphinx_papers":
        return
    for dist in importlib.metadata.distributions(name="sphinx-papers"):
        other = Path(str(dist.locate_file("sphinx_papers/__init__.py"))).resolve()
        if other.exists() and other.parent != here:
            msg = (
                f"the tests imported {here}, but the package is installed in {other.parent}: "
                "run the venv's pytest (`.venv/bin/pytest`), not `python -m pytest`"
            )
            pytest.exit(msg, returncode=4)


#: a working directory for child processes that run the installed package: ``python -m`` and ``-c``
#: put the working directory first on the path, and the checkout's root would give them its source
#: instead of the installed package
CHILD_CWD = Path(__file__).parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the ``sphinx.testing`` fixtures find ``test-<name>`` roots."""
    return ROOTS


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed() -> list[Paper]:
    """The papers of the sample listing (records are immutable: one reading serves every test)."""
    return read_path(SEED, fmt="text").papers


#: the Atom samples of the selection and filter tests (the folder holds more real responses)
ATOM_SAMPLES = [
    DATA / "arxiv-samples" / name
    for name in (
        "api-2026_get-arXiv_Brown-Tom_page-3.xml",
        "api-2026_get-arXiv_Schmidhuber_page-4.xml",
        "api-legacy-2020_findpapers.xml",
    )
]


@pytest.fixture(scope="session")
def atom() -> list[Paper]:
    """The papers of the three arXiv Atom samples the selection tests are written for (48 papers)."""
    return [p for path in ATOM_SAMPLES for p in read_path(path, fmt="atom").papers]
