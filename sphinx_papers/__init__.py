"""sphinx-papers: publication listings to BibTeX, and publication pages in Sphinx.

Importing this package is cheap: the converter never imports Sphinx, and
:func:`setup` loads the Sphinx side only when Sphinx asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point (``extensions = ['sphinx_papers']``)."""
    from .ext import setup as _setup

    return _setup(app)
