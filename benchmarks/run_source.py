"""``sphinx-papers ARGS`` run from this checkout's source, as pure Python, whatever is installed.

The benchmark times it beside the installed (compiled) package, and
``tests/test_build.py`` compares the two builds' output with it.  It refuses
to run when the source tree holds compiled modules (an in-place build).

Usage::

    python benchmarks/run_source.py convert listing.txt -o out.bib
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sphinx_papers
from sphinx_papers.cli import run

if sphinx_papers.compiled():
    sys.exit("run_source: the source tree holds compiled modules (an in-place build): remove them")
run()
