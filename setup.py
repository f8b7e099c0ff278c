"""Build: the converter's hot modules compiled to C with mypyc, when a C compiler is there.

Everything else about the package is in ``pyproject.toml``.  The modules named
in :data:`COMPILED` run for every paper of a conversion (reading the text
listing, escaping, writing BibTeX, keys, duplicates).  mypyc compiles the
same, type-checked Python source: there is one implementation, and the
package also works uncompiled.  One module is written in C by hand,
``sphinx_papers/readers/_scan.c``: it finds the entries of a text listing,
which Python's regular expressions do slowly (its comment says how slowly);
``_listing_fast.find_entry_py``, which pure-Python installs run, is its
specification, and the tests compare the two.  Compiled, a 10,000-paper
conversion executes a third fewer instructions than the pure-Python source,
which took 1.5 to 2.2 times its CPU time in three benchmark runs
(``benchmarks/README.md``).

The build stays pure Python:

* for editable installs (``pip install -e .``), so that an edited module takes
  effect without a rebuild;
* when ``SPHINX_PAPERS_PURE=1`` is set;
* when mypyc is missing or cannot compile, and when the C compiler fails on
  any module: then no compiled module is kept (they share one runtime
  library, so a part of them cannot run), and the build says why -- pip
  shows it with ``-v``.

``python -c "import sphinx_papers; print(sphinx_papers.compiled())"`` tells
which one is installed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

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


#: the setup commands that build extensions; metadata steps (egg_info, dist_info, sdist) need none,
#: and mypyc type-checks for half a minute each time it is asked
_BUILDS = {"bdist_wheel", "build", "build_ext", "install", "develop"}


def _extensions() -> list:
    if os.environ.get("SPHINX_PAPERS_PURE") == "1":
        return []
    if any(arg.startswith("editable") for arg in sys.argv[1:]) or not _BUILDS & set(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("sphinx-papers: mypyc is not installed: building pure Python", file=sys.stderr)
        return []
    # a build folder left from an earlier build would bring its modules into this one (setuptools
    # installs all of build/lib*), compiled from other sources or no longer in COMPILED
    shutil.rmtree(
        Path(__file__).resolve().parent / "build", ignore_errors=True
    )  # this project's, never the caller's
    try:
        # the build environment has no Sphinx: modules outside COMPILED are read for their types,
        # and their errors (missing Sphinx stubs) are not the build's
        compiled = mypycify(["--follow-imports=silent", *COMPILED], opt_level="3", group_name="sphinx_papers")
    except (Exception, SystemExit) as error:  # noqa: BLE001  (any failure: build pure; type errors exit)
        print(f"sphinx-papers: mypyc failed ({error!r}): building pure Python", file=sys.stderr)
        return []
    # and one module written in C: the text reader's entry finder (see its comment on why)
    return [*compiled, Extension("sphinx_papers.readers._scan", ["sphinx_papers/readers/_scan.c"])]


class _AllOrNothing(build_ext):
    """Build every compiled module or none: the mypyc ones share the ``sphinx_papers__mypyc`` library,
    and ``compiled()`` (which the tests trust) speaks for them and the C one together."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001  (no compiler, or a new warning under mypyc's -Werror)
            print(f"sphinx-papers: compiling failed ({error!r}): building pure Python", file=sys.stderr)
            for extension in self.extensions:
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            self.extensions = []


setup(ext_modules=_extensions(), cmdclass={"build_ext": _AllOrNothing})
