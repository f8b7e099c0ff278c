"""Writing the command's output: to standard output, or to a file that is replaced whole.

The text comes in pieces (an entry each, for BibTeX); each piece is encoded
as it comes and written in batches of a quarter megabyte, so a 10,000-paper
.bib is never held twice, as one string and as its bytes.  A file is written
next to its target and renamed over it, so an interrupted run never leaves
half a file.

This module uses ``os`` and ``os.path`` rather than :mod:`pathlib` (which
imports urllib.parse, ipaddress...), and writes its temporary file without
:mod:`tempfile` (which imports random, shutil and three compression
modules): the command's startup is a tenth of a second, most of it imports.
"""

# ruff: noqa: PTH101, PTH103, PTH105, PTH108, PTH110, PTH116, PTH118, PTH119, PTH120

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import BinaryIO

STDIO = "-"


def write_output(output: str, pieces: Iterable[str]) -> str:
    """Write the concatenation of ``pieces`` (UTF-8) to a file or, for ``-``, standard output.

    Returns the name to report.  Raises :class:`OSError` when the file cannot be written.
    """
    if output == STDIO:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only replacement of sys.stdout
            for piece in pieces:
                sys.stdout.write(piece)
        else:
            _write_batched(stream, pieces)
        sys.stdout.flush()
        return "<stdout>"
    # as pathlib reads it: `-o out/` names the file `out`
    path = output.rstrip("/" + os.sep) or output
    folder = os.path.dirname(path) or "."
    # like `make` output folders: `-o _build/papers.bib` works in a fresh checkout
    os.makedirs(folder, exist_ok=True)
    fd, tmp = _new_private_file(folder, os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_batched(handle, pieces)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return output


#: bytes gathered before one write call: ~70 writes for a 10,000-paper .bib, not one an entry
_BATCH = 1 << 18


def _write_batched(stream: BinaryIO, pieces: Iterable[str]) -> None:
    batch: list[bytes] = []
    size = 0
    for piece in pieces:
        data = piece.encode("utf-8")
        batch.append(data)
        size += len(data)
        if size >= _BATCH:
            stream.write(b"".join(batch))
            batch.clear()
            size = 0
    if batch:
        stream.write(b"".join(batch))


def _new_private_file(folder: str, name: str) -> tuple[int, str]:
    """Create ``folder/.name.RANDOM``, readable by its owner only: its descriptor and path.

    What ``tempfile.mkstemp`` does, written out: importing tempfile costs more
    than writing a small .bib file.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = os.path.join(folder, f".{name}.{os.urandom(6).hex()}")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    msg = f"no free temporary name in {folder}"
    raise FileExistsError(msg)


def _mode_for(path: str) -> int:
    """The replaced file's permissions, or the usual ones for a new file (temporary files are private)."""
    if os.path.exists(path):
        return os.stat(path).st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
