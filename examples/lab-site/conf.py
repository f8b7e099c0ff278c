"""A research group's site: a home page that cites papers, and a publications page.

Build it with ``sphinx-build . _build/html`` (sphinx-papers installed).
"""

from __future__ import annotations

project = "Talwalkar Lab"
author = "Talwalkar Lab"
copyright = "2026, Talwalkar Lab"

extensions = ["sphinx_papers"]
exclude_patterns = ["_build"]

# Pasted from the arXiv author search; every page citing or listing papers rebuilds when it changes.
papers_sources = ["publications.txt"]
papers_highlight = ["Ameet Talwalkar"]
papers_bibtex = True

html_theme = "alabaster"
