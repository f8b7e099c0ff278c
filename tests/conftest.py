"""Shared fixtures: test data paths, the Sphinx testing plugin, and tool gates.

Tests that need TeX Live or Chromium skip with a reason on a developer's
machine that lacks them; under CI (``CI`` set) a missing tool is a failure,
since CI installs them and must run those tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

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
