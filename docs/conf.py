"""Sphinx configuration of the sphinx-papers documentation (built with the extension itself)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The package from this checkout (also when it is not installed), and the docs-only directives.
sys.path[:0] = [str(HERE.parent), str(HERE / "_ext")]

from sphinx_papers import __version__

project = "sphinx-papers"
author = "The sphinx-papers developers"
copyright = "2026, The sphinx-papers developers"
version = release = __version__

extensions = ["sphinx_papers", "myst_parser", "papers_docs"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "data"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True

# An arXiv author search (50 papers) and a .bib file of four published papers.
papers_sources = ["data/publications.txt", "data/published.bib"]
papers_templates = {"short": "{authors} ({year}). {title}."}
papers_search_abstracts = True

html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
html_title = "sphinx-papers"
html_static_path = ["_ext/static"]
html_css_files = ["docs.css"]
