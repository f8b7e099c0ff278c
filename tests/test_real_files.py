"""Every real .bib file and arXiv response of ``tests/data`` through the command and a Sphinx build.

The files (``data/real-bib``, ``data/arxiv-samples``; their ``SOURCES.md``
say where each comes from) are run as a user runs them: ``check``,
``convert``, a second conversion of the output, the input merged into itself
(twice), JSON export, and a Sphinx page listing every paper with
``:bibtex:``.  What is written is compared with independent readings of the
files: keys by a regular expression, author lists by pybtex's parser
(:mod:`corpus`).  ``benchmarks/real_files_report.py`` prints the same
checks as a table, with the TeX compilations.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from corpus import ARXIV_SAMPLES, REAL_BIB, build_sphinx, examine, run_cli

if TYPE_CHECKING:
    from pathlib import Path

FILES = [*REAL_BIB, *ARXIV_SAMPLES]
#: what the command does not do yet for a file, and so is not asserted here (the report shows it)
PENDING = {
    "bibtexparser-gbk_test.bib": "--merge reads the target file as UTF-8, whatever --encoding says",
}
_SPHINX_WARNING = re.compile(r"^.+?:\d+: WARNING: .+ \[papers\.\w+\]$")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_command_loses_nothing_and_is_stable(path: Path, tmp_path: Path) -> None:
    report = examine(path, tmp_path)
    assert report.tracebacks == []
    failures = report.failures
    if path.name in PENDING:
        failures = [f for f in failures if "target.bib" not in f]
    assert failures == []
    assert report.entries_out == report.entries_in > 0
    assert report.keys_lost == []
    assert report.author_mismatches == []
    assert report.idempotent, "a second conversion of the output changes it"
    assert report.merge_growth == 0, "merging the input into itself adds entries"
    if path.name not in PENDING:
        assert report.merge_stable, "merging the input a second time changes the result"
    records = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", report.output, re.MULTILINE))
    assert 0 < len(records) <= report.entries_out
    assert {record["key"] for record in records} <= keys


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_sphinx_page_shows_every_paper_with_its_bibtex(path: Path, tmp_path: Path) -> None:
    build = build_sphinx([path], tmp_path / "sphinx")
    assert [w for w in build.warnings if not _SPHINX_WARNING.match(w)] == []
    assert "Exception occurred" not in build.html
    if path.name == "bibtexparser-gbk_test.bib":  # no encoding setting: one warning, nothing shown
        assert len(build.warnings) == 1 and build.entries == 0
        return
    records = tmp_path / "papers.json"
    assert run_cli("convert", path, "--to", "json", "-o", records).status == 0
    assert build.entries == len(json.loads(records.read_text(encoding="utf-8"))) > 0
    assert build.html.count('class="papers-bibtex') == build.entries
