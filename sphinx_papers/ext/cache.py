"""The parsed and formatted papers, kept in a file of their own in the build folder.

The papers are the bulk of what the extension knows: pickled, 5,000 papers
with abstracts take about 17 MB.  Kept in the environment, they would be
loaded and saved by every build, even one that only touches a page without
papers.  Here they live in ``<doctreedir>/sphinx-papers/<key>.pickle``, where
the key is a hash of the sources' bytes and of everything else that shapes
the catalogue (the settings that key and format the papers, the package
version, the format of this file).  A file whose name matches is exactly what
parsing the sources would give, so it is never stale; deleting the folder
costs one more parse, nothing else.

The file is a pickle, written and read by this extension only, in the same
build folder as Sphinx's own ``environment.pickle`` and with the same trust.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from .sources import Catalogue

if TYPE_CHECKING:
    from collections.abc import Iterable

#: the folder of the doctree directory that holds the cache file
FOLDER = "sphinx-papers"
#: bump when what the file holds changes shape
FORMAT = 1


def folder(doctreedir: str | Path) -> Path:
    """Where the cache file of a build lives."""
    return Path(doctreedir, FOLDER)


def content_key(paths: Iterable[str], shape: Iterable[str]) -> str:
    """A hash of the sources' bytes and of ``shape`` (the settings that shape the catalogue)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, str(FORMAT), *shape):
        digest.update(part.encode("utf-8") + b"\0")
    for path in paths:
        digest.update(path.encode("utf-8") + b"\0")
        try:
            content = Path(path).read_bytes()
        except OSError:  # a missing source is a problem load() reports; here it is just a state
            digest.update(b"\1missing\0")
        else:
            digest.update(len(content).to_bytes(8, "little") + content)
    return digest.hexdigest()


def read(where: Path, key: str) -> Catalogue | None:
    """The catalogue stored under ``key``, ``None`` if there is none (or it cannot be read)."""
    try:
        with (where / f"{key}.pickle").open("rb") as file:
            stored_key, catalogue = pickle.load(file)  # our own file, see the module docstring
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if stored_key != key or not isinstance(catalogue, Catalogue):
        return None
    return catalogue


def write(where: Path, key: str, catalogue: Catalogue) -> None:
    """Store the catalogue under ``key`` and remove the files of other keys.

    The file appears whole or not at all (written aside, then renamed), so a
    build that stops half-way or runs beside another never leaves a torn file.
    A build folder that cannot be written only loses the cache.
    """
    aside = where / f"{key}.{os.getpid()}.tmp"  # one name per process: parallel writers never share it
    try:
        where.mkdir(parents=True, exist_ok=True)
        with aside.open("wb") as file:
            pickle.dump((key, catalogue), file, pickle.HIGHEST_PROTOCOL)
        aside.replace(where / f"{key}.pickle")
    except OSError:
        with contextlib.suppress(OSError):
            aside.unlink()
        return
    with contextlib.suppress(OSError):
        for old in where.glob("*.pickle"):
            if old.stem != key:
                old.unlink(missing_ok=True)
