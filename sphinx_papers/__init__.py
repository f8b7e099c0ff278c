"""sphinx-papers: publication listings to BibTeX, and publication pages in Sphinx.

Importing this package is cheap: the converter never imports Sphinx, and
:func:`setup` loads the Sphinx side only when Sphinx asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def compiled() -> bool:
    """Whether the converter's hot modules run compiled (mypyc and C, see ``setup.py``) or as Python."""
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    spec = find_spec("sphinx_papers.readers._listing_fast")
    compiled_module = spec is not None and (spec.origin or "").endswith(tuple(EXTENSION_SUFFIXES))
    # the compiled modules run only beside the runtime library they share (see setup.py)
    # with the one module written in C (readers/_scan.c), built with them, all or none
    return (
        compiled_module
        and find_spec("sphinx_papers__mypyc") is not None
        and find_spec("sphinx_papers.readers._scan") is not None
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point (``extensions = ['sphinx_papers']``)."""
    from .ext import setup as _setup

    return _setup(app)
