"""Writing the command's output: to standard output, or to a file that is replaced whole.

The text comes in pieces (an entry each, for BibTeX) and is written as it
comes, so a progress bar can follow it.  A file is written next to its target
and renamed over it, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

STDIO = "-"


def write_output(output: str, pieces: Iterable[str]) -> str:
    """Write the concatenation of ``pieces`` (UTF-8) to a file or, for ``-``, standard output.

    Returns the name to report.  Raises :class:`OSError` when the file cannot be written.
    """
    if output == STDIO:
        sys.stdout.writelines(pieces)
        sys.stdout.flush()
        return "<stdout>"
    path = Path(output)
    # like `make` output folders: `-o _build/papers.bib` works in a fresh checkout
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        tmp = Path(handle.name)
        try:
            handle.writelines(pieces)
        except BaseException:
            handle.close()
            tmp.unlink(missing_ok=True)
            raise
    try:
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return output


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or the usual ones for a new file (temporary files are private)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
