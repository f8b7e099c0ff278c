"""Sources in other encodings than UTF-8: ``papers_encoding``, and the warning without it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from test_ext_helpers import assert_warnings, soup, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

LATIN1 = "@article{mueller2020,\n  author = {M\u00fcller, J\u00fcrgen},\n  title = {\u00dcber Stra\u00dfen},\n  journal = jc,\n  year = 2020,\n}\n"
PAGE = "Latin-1\n=======\n\n.. publications::\n   :bibtex:\n"


def _root(tmp_path: Path, data: bytes) -> Path:
    """A project of one page listing the papers of ``refs.bib`` (these bytes)."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    conf = 'extensions = ["sphinx_papers"]\npapers_sources = ["refs.bib"]\n'
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    (srcdir / "index.rst").write_text(PAGE, encoding="utf-8")
    (srcdir / "refs.bib").write_bytes(data)
    return srcdir


def test_a_latin1_source_is_read_with_papers_encoding(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = ('@string{jc = "J. Comput."}\n\n' + LATIN1).encode("latin-1")
    app = make_app(
        "html", srcdir=_root(tmp_path, data), confoverrides={"papers_encoding": "latin-1"}, freshenv=True
    )
    app.build()
    assert warnings_of(app) == []
    page = soup(app, "index.html")
    assert "Über Straßen" in page.get_text()
    # an entry shown alone has its values: the @string macro of its file is resolved
    assert "journal = {J. Comput.}" in page.get_text()


def test_without_papers_encoding_the_warning_names_the_line_of_the_first_bad_byte(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = ("% refs\n\n" + LATIN1).encode("latin-1")  # the first non-ASCII byte is on line 4
    app = make_app("html", srcdir=_root(tmp_path, data), freshenv=True)
    app.build()
    assert_warnings(app, "source")
    (line,) = warnings_of(app)
    assert re.search(r"refs\.bib:4: WARNING: .*not UTF-8 text \(byte 0xfc\).*papers_encoding", line), line


@pytest.mark.parametrize("value", ["no-such-codec", 8])
def test_a_bad_papers_encoding_falls_back_to_utf8(make_app, tmp_path: Path, value: object) -> None:  # type: ignore[no-untyped-def]
    app = make_app(
        "html",
        srcdir=_root(tmp_path, LATIN1.encode()),
        confoverrides={"papers_encoding": value},
        freshenv=True,
    )
    assert app.config.papers_encoding == "utf-8"
    assert_warnings(app, "config")
