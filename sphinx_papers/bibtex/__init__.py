"""BibTeX output: escaping, citation keys, fields and whole .bib files.

The field-by-field reference is ``docs/bibtex-output.md``.
"""

from __future__ import annotations

from .escape import escape_title, latex_escape
from .fields import DIALECTS, entry_fields, entry_type, format_author, format_authors
from .keys import DEFAULT_KEY_FORMAT, PLACEHOLDERS, assign_keys
from .writer import format_entry, write_bibtex

__all__ = [
    "DEFAULT_KEY_FORMAT",
    "DIALECTS",
    "PLACEHOLDERS",
    "assign_keys",
    "entry_fields",
    "entry_type",
    "escape_title",
    "format_author",
    "format_authors",
    "format_entry",
    "latex_escape",
    "write_bibtex",
]
