"""``python -m sphinx_papers``: the ``sphinx-papers`` command."""

from __future__ import annotations

from .cli.main import run

run()
