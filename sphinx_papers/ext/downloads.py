"""The lists' ``.bib`` downloads: written into the output's ``_papers/``, removed once no list makes them.

A list with ``:bibtex:`` gets ``_papers/<docname>-<n>.bib`` from the HTML
builders that copy files next to their pages.  An incremental build writes
only outdated pages, so a download whose list has gone (the option dropped,
the list or its document removed) would stay behind: at ``build-finished``
:func:`remove_stale` deletes the downloads no current list makes.

It deletes only files this extension wrote: their names are kept in
``_papers/.manifest``, in the output folder itself -- the environment cannot
say what one output folder holds (it is shared by every builder and pickled
before anything is written).  Any other file in the folder is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import PapersDomain
    from .resolution import ListRequest, Resolution
    from .sources import Catalogue

#: folder of the output directory that receives the lists' .bib downloads
DOWNLOAD_DIR = "_papers"
#: HTML builders that copy files next to their pages (epub packs a fixed manifest)
DOWNLOAD_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
#: the file of ``DOWNLOAD_DIR`` naming the downloads this extension wrote, one a line
MANIFEST = ".manifest"
_UNSAFE = re.compile(r"[^\w.-]+")


def download_name(request: ListRequest) -> str:
    """The file name of a list's .bib: ``<docname>-<n>.bib`` with path separators made safe."""
    return f"{_UNSAFE.sub('-', request.docname)}-{request.serial + 1}.bib"


def write_download(
    builder: Builder, request: ListRequest, resolution: Resolution, catalogue: Catalogue
) -> str:
    """Write the .bib with exactly the papers a list shows; returns its file name."""
    text = catalogue.bib_file(resolution.shown[request.docname, request.serial])
    name = download_name(request)
    folder = Path(builder.outdir, DOWNLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return name


def remove_stale(app: Sphinx, exception: BaseException | None) -> None:
    """Delete the downloads no current list makes and record the ones that remain (``build-finished``)."""
    folder = Path(app.builder.outdir, DOWNLOAD_DIR)
    if exception is not None or app.builder.name not in DOWNLOAD_BUILDERS or not folder.is_dir():
        return
    domain = cast("PapersDomain", app.env.domains["cite"])
    current = {download_name(r) for r in domain.all_lists() if r.bibtex}
    for name in _written(folder) - current:
        (folder / name).unlink(missing_ok=True)
    # a current list's file exists because this extension wrote it (now or in an earlier build)
    _record(folder, sorted(name for name in current if (folder / name).is_file()))


def _written(folder: Path) -> set[str]:
    """The names in the manifest (none if there is none); anything but a plain ``.bib`` name is ignored."""
    try:
        lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    # a hand-edited manifest must not reach outside the folder
    return {n for n in lines if n.endswith(".bib") and Path(n).name == n and _UNSAFE.search(n) is None}


def _record(folder: Path, names: list[str]) -> None:
    """Write the manifest; with no downloads left, remove it (and the folder if nothing else is in it)."""
    manifest = folder / MANIFEST
    if names:
        text = "".join(f"{name}\n" for name in names)
        if not manifest.is_file() or manifest.read_text(encoding="utf-8") != text:
            manifest.write_text(text, encoding="utf-8")
        return
    manifest.unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()
