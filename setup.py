"""Build: the converter's hot modules compiled to C with mypyc, when a C compiler is there.

Everything else about the package is in ``pyproject.toml``.  The modules named
in :data:`COMPILED` run for every paper of a conversion (reading the text
listing, escaping, writing BibTeX, keys, duplicates).  mypyc compiles the
same, type-checked Python source: there is one implementation, and the
package also works uncompiled.  Compiled, a 10,000-paper conversion runs
about a fifth faster (``benchmarks/README.md``).

The build stays pure Python:

* for editable installs (``pip install -e .``), so that an edited module takes
  effect without a rebuild;
* when ``SPHINX_PAPERS_PURE=1`` is set;
* when mypyc is missing or cannot compile, and when the C compiler fails
  (the extensions are optional): the build says so and goes on.

``python -c "import sphinx_papers; print(sphinx_papers.compiled())"`` tells
which one is installed.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

COMPILED = [
    "sphinx_papers/arxiv_ids.py",
    "sphinx_papers/names.py",
    "sphinx_papers/links.py",
    "sphinx_papers/identity.py",
    "sphinx_papers/readers/_arxiv_text.py",
    "sphinx_papers/readers/_arxiv_entry.py",
    "sphinx_papers/readers/_listing_fast.py",
    "sphinx_papers/readers/listing_text.py",
    "sphinx_papers/bibtex/commands.py",
    "sphinx_papers/bibtex/math.py",
    "sphinx_papers/bibtex/escape.py",
    "sphinx_papers/bibtex/fields.py",
    "sphinx_papers/bibtex/keys.py",
    "sphinx_papers/bibtex/writer.py",
]


def _extensions() -> list:
    if os.environ.get("SPHINX_PAPERS_PURE") == "1":
        return []
    if any(arg.startswith("editable") for arg in sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("sphinx-papers: mypyc is not installed: building pure Python", file=sys.stderr)
        return []
    try:
        # the build environment has no Sphinx: modules outside COMPILED are read for their types,
        # and their errors (missing Sphinx stubs) are not the build's
        extensions = mypycify(
            ["--follow-imports=silent", *COMPILED], opt_level="3", group_name="sphinx_papers"
        )
    except BaseException as error:  # mypyc reports type errors by exiting  # noqa: BLE001
        print(f"sphinx-papers: mypyc failed ({error}): building pure Python", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # no C compiler: the .py modules are installed and used
    return extensions


setup(ext_modules=_extensions())
