"""A list's ``.bib`` download goes away when an incremental rebuild no longer has the list; nothing else does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from test_ext_helpers import assert_warnings, copy_root, seed_entries
from test_ext_rebuild import edit, rebuild

if TYPE_CHECKING:
    from pathlib import Path

PUBLICATIONS = "Publications\n============\n\n.. publications::\n   :bibtex:\n"
CITING_LIST = ".. bibliography::\n   :bibtex:\n"
CITING = (
    "Citing\n======\n\nTextual :cite:t:`shen2022efficient`, parenthetical :cite:p:`tu2021nas`.\n\n"
    f"{CITING_LIST}"
)


def bibs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.bib"))


def built(make_app, srcdir: Path):  # type: ignore[no-untyped-def]
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert_warnings(app)
    return app


@pytest.mark.parametrize("change", ["list removed", "option dropped", "document deleted"])
def test_stale_download_is_removed_and_the_rest_kept(change: str, make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-basic", tmp_path / "src", publications_rst=PUBLICATIONS, citing_rst=CITING)
    app = built(make_app, srcdir)
    folder = app.outdir / "_papers"
    assert bibs(folder) == ["citing-1.bib", "publications-1.bib"]
    kept = (folder / "publications-1.bib").read_text(encoding="utf-8")
    # a file of the user's, named like a download: not the extension's to delete
    (folder / "citing-2.bib").write_text("@misc{mine, title = {Mine}}\n", encoding="utf-8")
    if change == "list removed":
        edit(srcdir / "citing.rst", CITING_LIST, "No list any more.\n")
    elif change == "option dropped":
        edit(srcdir / "citing.rst", "   :bibtex:\n", "")
    else:
        (srcdir / "citing.rst").unlink()
        edit(srcdir / "index.rst", "   citing\n", "")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert bibs(folder) == ["citing-2.bib", "publications-1.bib"]
    assert (folder / "publications-1.bib").read_text(encoding="utf-8") == kept
    assert kept.count("@misc{") == len(seed_entries())
    assert (folder / ".manifest").read_text(encoding="utf-8") == "publications-1.bib\n"


def test_last_download_gone_removes_the_folder(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-basic", tmp_path / "src", publications_rst=PUBLICATIONS)
    app = built(make_app, srcdir)
    folder = app.outdir / "_papers"
    assert bibs(folder) == ["publications-1.bib"]
    # a manifest edited by hand cannot reach outside the folder
    (app.outdir / "outside.bib").write_text("@misc{x}\n", encoding="utf-8")
    with (folder / ".manifest").open("a", encoding="utf-8") as manifest:
        manifest.write("../outside.bib\n")
    edit(srcdir / "publications.rst", "   :bibtex:\n", "")
    app = rebuild(make_app, srcdir, app)
    assert_warnings(app)
    assert not folder.exists()
    assert (app.outdir / "outside.bib").is_file()
    assert "papers-download" not in (app.outdir / "publications.html").read_text(encoding="utf-8")
