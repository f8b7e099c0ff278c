"""The ``sphinx-papers`` command, run for real: in-process through ``main(argv)`` and as a subprocess.

Expected values come from the input files themselves (titles and author
lines of the seed listing, parsed here independently of the readers), not
from the implementation.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bibtexparser.entrypoint import parse_string
from conftest import CHILD_CWD

import sphinx_papers
from sphinx_papers import readers
from sphinx_papers.bibtex import write_bibtex
from sphinx_papers.cli import main as cli
from sphinx_papers.cli.json_export import FIELD_ORDER, write_json
from sphinx_papers.cli.main import main, render
from sphinx_papers.cli.progress import SILENT, TextBar, progress_for, track
from sphinx_papers.core.model import Paper

if TYPE_CHECKING:
    from collections.abc import Iterator

MERGE_DATA = Path(__file__).parent / "data" / "merge"
PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


def seed_papers(path: Path) -> list[tuple[str, list[str]]]:
    """(title, author display names) of each seed entry, read straight from the file's lines."""
    papers = []
    for block in path.read_text(encoding="utf-8").split("\n-\n"):
        lines = block.strip("-\n").split("\n")
        start, end = lines.index("Authors:"), lines.index("Abstract:")
        names = [n.rstrip(",") for n in lines[start + 1 : end] if not n.startswith(", et al.")]
        papers.append((lines[0], names))
    return papers


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``python -m sphinx_papers ARGS`` in a subprocess, as a user runs it."""
    environ = {**os.environ, **(env or {})}
    cmd = [sys.executable, "-m", "sphinx_papers", *args]
    return subprocess.run(
        cmd, input=stdin, capture_output=True, cwd=CHILD_CWD, env=environ, check=False, timeout=120
    )


def error_line(stderr: str) -> str:
    """The one-line message of an exit-2 error; only the input's problems may come before it."""
    assert "Traceback" not in stderr
    *before, last = stderr.strip().splitlines()
    assert all(PROBLEM_LINE.match(line) for line in before), stderr
    assert last.startswith("sphinx-papers: error: ")
    return last


# -- converting ---------------------------------------------------------------


def test_convert_seed_to_bibtex(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "papers.bib"
    assert main(["convert", str(seed_path), "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote 50 papers to {out}\n"
    library = parse_string(out.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == 50
    assert len({e.key for e in library.entries}) == 50
    # read back as a .bib: the same titles and authors as the listing's lines
    back = readers.read_path(out).papers
    expected = seed_papers(seed_path)
    assert [p.title for p in back] == [title for title, _ in expected]
    assert [[a.display for a in p.authors] for p in back] == [names for _, names in expected]


def test_convert_seed_to_biblatex(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "papers.bib"
    assert main(["convert", str(seed_path), "--to", "biblatex", "-o", str(out)]) == 0
    entries = parse_string(out.read_text(encoding="utf-8")).entries
    assert len(entries) == 50
    # biblatex dates are ISO dates, not BibTeX's year and month
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["date"]) for e in entries)
    assert not any("year" in e.fields_dict for e in entries)


def test_convert_seed_to_json(seed_path: Path, tmp_path: Path) -> None:
    out, bib = tmp_path / "papers.json", tmp_path / "papers.bib"
    assert main(["convert", str(seed_path), "--to", "json", "-o", str(out)]) == 0
    assert main(["convert", str(seed_path), "-o", str(bib)]) == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    expected = seed_papers(seed_path)
    assert len(records) == 50
    assert all(tuple(r) == FIELD_ORDER for r in records)
    assert [r["title"] for r in records] == [title for title, _ in expected]
    assert [[a["display"] for a in r["authors"]] for r in records] == [names for _, names in expected]
    # the same keys as the BibTeX output
    assert [r["key"] for r in records] == [e.key for e in parse_string(bib.read_text()).entries]
    first = records[0]  # "Submitted 1 August, 2025; originally announced August 2025."
    assert (first["submitted"], first["announced"], first["year"], first["month"]) == (
        "2025-08-01",
        "2025-08",
        2025,
        8,
    )
    for r in records:
        date.fromisoformat(r["submitted"])
    field_guide = next(r for r in records if r["title"] == "A Field Guide to Federated Optimization")
    assert field_guide["authors_not_shown"] == 28


def test_json_of_an_atom_feed_keeps_versions_and_dates(data_dir: Path, tmp_path: Path) -> None:
    feed = data_dir / "arxiv-samples" / "api-2026_get-arXiv_Brown-Tom_page-3.xml"
    out = tmp_path / "feed.json"
    assert main(["convert", str(feed), "--to", "json", "-o", str(out)]) == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    xml = feed.read_text(encoding="utf-8")
    ids = re.findall(r"<id>https?://arxiv\.org/abs/(\S+?)v(\d+)</id>", xml)
    updated = re.findall(r"<updated>(\d{4}-\d{2}-\d{2})T", xml)[-len(ids) :]  # the feed's own <updated> first
    assert [(r["arxiv_id"], r["version"]) for r in records] == [(i, int(v)) for i, v in ids]
    assert [r["submitted"] for r in records] == updated


def test_stdin_to_stdout_equals_file_output(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "papers.bib"
    piped = run("convert", "-", stdin=seed_path.read_bytes())
    assert piped.returncode == 0
    assert piped.stderr.decode() == "wrote 50 papers to <stdout>\n"
    assert run("convert", str(seed_path), "-o", str(out)).returncode == 0
    assert piped.stdout == out.read_bytes()


def test_output_folder_is_created(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "_build" / "site" / "papers.bib"
    assert main(["convert", str(seed_path), "-o", str(out)]) == 0
    assert len(parse_string(out.read_text(encoding="utf-8")).entries) == 50


def test_several_inputs_merge_duplicates_newest_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v1, v2 = MERGE_DATA / "listing-v1.txt", MERGE_DATA / "listing-v2.txt"
    for order in ((v1, v2), (v2, v1)):
        out = tmp_path / "merged.json"
        assert main(["convert", *map(str, order), "--to", "json", "-o", str(out)]) == 0
        *notes, summary = capsys.readouterr().err.splitlines()
        assert summary == f"wrote 4 papers to {out} (3 duplicates merged)"
        # every merge names both records, file:line
        assert len(notes) == 3
        assert all(
            re.search(r"listing-v1\.txt:\d+", n) and re.search(r"listing-v2\.txt:\d+", n) for n in notes
        )
        records = {r["arxiv_id"]: r for r in json.loads(out.read_text())}
        assert sorted(records) == ["2506.07976", "2506.20640", "2507.08149", "2508.00723"]
        # listing-v2 shows a later version of 2508.00723: "Submitted 22 September, 2025; v1 submitted ..."
        assert records["2508.00723"]["submitted"] == "2025-09-22"
        assert records["2508.00723"]["journal_ref"] == "Proceedings of FAccT 2026"


def test_the_same_paper_without_an_id_is_merged_by_title(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert (
        main(["convert", str(seed_path), str(MERGE_DATA / "listing-v1.txt"), "--to", "json", "-o", str(out)])
        == 0
    )
    records = json.loads(out.read_text())
    assert len(records) == 50  # the three papers of listing-v1 are seed papers
    # the record with an arXiv id is kept over the same version without one
    assert sum(1 for r in records if r["arxiv_id"]) == 3


def test_from_forces_the_format(seed_path: Path, data_dir: Path, tmp_path: Path) -> None:
    detected, forced = tmp_path / "detected.bib", tmp_path / "forced.bib"
    assert main(["convert", str(seed_path), "-o", str(detected)]) == 0
    assert main(["convert", str(seed_path), "--from", "text", "-o", str(forced)]) == 0
    assert forced.read_bytes() == detected.read_bytes()
    # a feed saved under a misleading name still reads as Atom when told so
    feed = tmp_path / "feed.txt"
    feed.write_bytes((data_dir / "arxiv-samples" / "api-legacy-2020_findpapers.xml").read_bytes())
    out = tmp_path / "feed.json"
    assert main(["convert", str(feed), "--from", "atom", "--to", "json", "-o", str(out)]) == 0
    assert len(json.loads(out.read_text())) == feed.read_text().count("<entry>")


def test_from_a_wrong_format_finds_no_paper(seed_path: Path) -> None:
    result = run("convert", str(seed_path), "--from", "bibtex")
    assert result.returncode == 2
    assert error_line(result.stderr.decode()).endswith(f"{seed_path}: no paper found as format 'bibtex'")


def test_chunked_writing_equals_one_write(seed_path: Path) -> None:
    papers = readers.read_path(seed_path).papers * 7  # 350 papers: two chunks
    keys = [f"k{i}" for i in range(len(papers))]
    assert render(papers, keys, "bibtex") == write_bibtex(papers, keys=keys)
    assert render(papers, keys, "json") == write_json(papers, keys)
    assert json.loads(render(papers, keys, "json"))[300]["key"] == "k300"
    assert render([], [], "json") == write_json([], []) == "[]\n"


def test_a_failure_while_writing_keeps_the_old_file(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output is written piece by piece: a piece that fails leaves the old file whole, and no temporary file."""
    out = tmp_path / "papers.bib"
    out.write_text("% the user's file\n", encoding="utf-8")
    papers = readers.read_path(seed_path).papers * 7

    def failing(*args: object, **kwargs: object) -> Iterator[str]:
        yield write_bibtex(papers[:2], keys=["a", "b"])
        msg = "the writer failed"
        raise RuntimeError(msg)

    monkeypatch.setattr(cli, "render_pieces", failing)
    assert main(["convert", str(seed_path), "-o", str(out)]) == 3  # a bug: one line, exit 3, no traceback
    assert "internal error" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "% the user's file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["papers.bib"]


# -- exit codes and messages -------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"missing\.txt: cannot read: No such file or directory"),
        (b"Dear colleagues,\nplease find my papers below.\n", r"cannot tell the format"),
        (b"  \n\n", r"in\.txt: empty input"),
        (b"Authors:\nJos\xe9 Garc\xeda\n", r"in\.txt:2: not UTF-8 text \(byte 0xe9\)"),
        (b'@string{jmlr = "Journal of Machine Learning Research"}\n', r"in\.bib: no paper found"),
    ],
    ids=["missing", "unknown-format", "empty", "not-utf8", "no-paper"],
)
def test_unusable_input_exits_2_with_one_line(tmp_path: Path, content: bytes | None, message: str) -> None:
    name = "missing.txt" if content is None else ("in.bib" if content.startswith(b"@") else "in.txt")
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = run("convert", str(tmp_path / name))
    assert result.returncode == 2
    assert re.search(message, error_line(result.stderr.decode()))
    assert result.stdout == b""


GBK = Path(__file__).parent / "data" / "encodings" / "bibtexparser-gbk_test.bib"


def test_an_input_in_another_encoding_is_read_with_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real GBK file: without --encoding, the file and line of the first bad byte and the hint."""
    assert main(["convert", str(GBK)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(
        f"sphinx-papers: error: {GBK}:1: not UTF-8 text (byte 0xbf): give its encoding with --encoding"
    )
    out = tmp_path / "out.bib"
    assert main(["convert", str(GBK), "--encoding", "gbk", "-o", str(out)]) == 0
    (paper,) = readers.read_path(out).papers  # written as UTF-8
    assert (paper.key, paper.authors[0].display, paper.bibtex_fields["journal"]) == (
        "凯撒2013",
        "凯撒",
        "测试期刊",
    )
    assert main(["check", str(GBK), "--encoding", "gbk"]) == 0
    assert main(["check", str(GBK), "--encoding", "no-such-codec"]) == 2
    assert "unknown encoding 'no-such-codec'" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_byte_order_mark_says_the_encoding(tmp_path: Path, encoding: str) -> None:
    """Line numbers stay exact: the mark is not a line, and the warning names line 3."""
    source = tmp_path / "in.bib"
    source.write_bytes("% Ünïcode\n\n@misc{k, title = {Ärger}, note = undefined}\n".encode(encoding))
    result = run("check", str(source), "--encoding", "latin-1")  # the mark wins over the option
    assert result.returncode == 1
    assert (
        result.stdout.decode()
        == f"{source}:3: undefined macro 'undefined' (no @string defines it): written back as a macro\n"
    )
    converted = run("convert", str(source))
    assert "title = {Ärger}" in converted.stdout.decode()


def test_control_characters_are_removed_with_a_warning_check_reports_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """arXiv's own feed has U+009F in a name (``WeiÃ\\x9fl``): pdfLaTeX stops at it."""
    source = tmp_path / "in.bib"
    source.write_text(
        "@misc{k,\n  author = {Wei\u00c3\u009fl, A\x01nn},\n  title = {T\tx\x0b}}\n", encoding="utf-8"
    )
    assert main(["check", str(source)]) == 1
    checked = capsys.readouterr().out.splitlines()
    assert checked == [
        f"{source}:2: control character U+009F removed; U+0001",
        f"{source}:3: control character U+000B removed",
    ]
    assert main(["convert", str(source)]) == 0
    captured = capsys.readouterr()
    assert "author = {Wei\u00c3l, Ann}" in captured.out and "title = {T\tx}" in captured.out
    assert [line for line in captured.err.splitlines() if "control" in line] == checked


def test_counts_are_said_in_the_right_number(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "one.bib"
    source.write_text("@misc{k, title = {T}}\n", encoding="utf-8")
    assert main(["convert", str(source), "-o", str(tmp_path / "out.bib")]) == 0
    assert main(["check", str(source)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"wrote 1 paper to {tmp_path / 'out.bib'}", "checked 1 paper in 1 input: 0 problems"]


def test_check_reports_the_merge_problems_convert_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key two files use for two different papers: convert warns and drops one; check says so first."""
    mine, theirs = tmp_path / "mine.bib", tmp_path / "theirs.bib"
    mine.write_text("@misc{smith2020, title = {One paper}, author = {Smith, A}}\n", encoding="utf-8")
    theirs.write_text("@misc{smith2020, title = {Another paper}, author = {Smith, A}}\n", encoding="utf-8")
    assert main(["check", str(mine), str(theirs)]) == 1
    checked = capsys.readouterr().out.splitlines()
    assert main(["convert", str(mine), str(theirs), "-o", str(tmp_path / "out.bib")]) == 0
    warned = capsys.readouterr().err.splitlines()
    assert checked == [
        f"{theirs}:1: duplicate key 'smith2020' (first at {mine}:1), another paper: this entry is ignored"
    ]
    assert checked[0] in warned


def test_bad_option_values_exit_2(seed_path: Path, tmp_path: Path) -> None:
    bad_key = run("convert", str(seed_path), "--key-format", "{nonsense}")
    assert bad_key.returncode == 2
    assert "bad --key-format" in error_line(bad_key.stderr.decode())
    json_merge = run("convert", str(seed_path), "--to", "json", "--merge", str(tmp_path / "x.bib"))
    assert json_merge.returncode == 2
    assert "--merge needs" in error_line(json_merge.stderr.decode())
    no_target = run("convert", str(seed_path), "--merge", str(tmp_path / "absent.bib"))
    assert no_target.returncode == 2
    assert "absent.bib: cannot merge into it" in error_line(no_target.stderr.decode())
    usage = run("convert", str(seed_path), "--to", "yaml")
    assert usage.returncode == 2
    assert "invalid choice" in error_line(usage.stderr.decode())


def bad_listing(seed_path: Path, tmp_path: Path) -> tuple[Path, int]:
    """The seed's first two entries with the second's author lines removed; the line of its title."""
    blocks = seed_path.read_text(encoding="utf-8").split("\n-\n")
    second = blocks[1].split("\n")
    second = (
        second[:2] + second[second.index("Abstract:") :]
    )  # title, "Authors:", then straight to "Abstract:"
    text = blocks[0] + "\n-\n" + "\n".join(second) + "\n"
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    return path, (blocks[0] + "\n-\n").count("\n") + 1


def test_warnings_are_printed_and_strict_fails(seed_path: Path, tmp_path: Path) -> None:
    path, title_line = bad_listing(seed_path, tmp_path)
    out = tmp_path / "out.bib"
    lenient = run("convert", str(path), "-o", str(out))
    assert lenient.returncode == 0
    warning, summary = lenient.stderr.decode().splitlines()
    m = PROBLEM_LINE.match(warning)
    assert m and m["path"] == str(path) and "no authors" in m["message"]
    assert title_line <= int(m["line"]) <= title_line + 2
    assert summary == f"wrote 2 papers to {out}"
    out.unlink()
    strict = run("convert", str(path), "--strict", "-o", str(out))
    assert strict.returncode == 1
    assert strict.stderr.decode().splitlines()[0] == warning
    assert not out.exists()  # nothing written under --strict


def test_check_reports_problems_as_file_line_message(seed_path: Path, tmp_path: Path) -> None:
    path, _ = bad_listing(seed_path, tmp_path)
    bad = run("check", str(seed_path), str(path))
    assert bad.returncode == 1
    lines = bad.stdout.decode().splitlines()
    assert lines and all(PROBLEM_LINE.match(line) for line in lines)
    assert all(line.startswith(f"{path}:") for line in lines)  # the seed itself is clean
    assert (
        bad.stderr.decode()
        == f"checked 52 papers in 2 inputs: {len(lines)} problem{'s' * (len(lines) > 1)}\n"
    )
    good = run("check", str(seed_path))
    assert (good.returncode, good.stdout) == (0, b"")


# -- progress -----------------------------------------------------------------


def big_listing(seed_path: Path, tmp_path: Path, copies: int = 12) -> Path:
    """``copies`` × 50 distinct papers (titles numbered), over 1 MB and 500 papers."""
    blocks = seed_path.read_text(encoding="utf-8").strip("-\n").split("\n-\n")
    out = []
    for copy in range(copies):
        for block in blocks:
            title, rest = block.split("\n", 1)
            out.append(f"{title} (Part {copy + 1})\n{rest}")
    path = tmp_path / "big.txt"
    path.write_text("-\n" + "\n-\n".join(out) + "\n", encoding="utf-8")
    return path


def on_terminal(*args: str, stdout_too: bool = False) -> str:
    """What ``python -m sphinx_papers ARGS`` shows on a terminal: its standard error (and output) on a pty."""
    cmd = [sys.executable, "-m", "sphinx_papers", *args]
    env = {**os.environ, "TERM": "xterm"}
    primary, secondary = os.openpty()
    stdout = secondary if stdout_too else subprocess.DEVNULL
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=secondary, cwd=CHILD_CWD, env=env
    )
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert proc.wait(timeout=120) == 0
    return shown.decode()


def test_progress_shows_on_a_terminal_only(seed_path: Path, tmp_path: Path) -> None:
    listing = big_listing(seed_path, tmp_path)
    out = tmp_path / "big.bib"
    text = on_terminal("convert", str(listing), "-o", str(out))
    assert re.search(r"\rreading \[[#-]{30}\] +\d+%", text.replace("\x1b[K", ""))
    assert re.search(r"\rwriting \[#{30}\] 100%", text.replace("\x1b[K", ""))
    assert text.rstrip().endswith(f"wrote 600 papers to {out}")
    piped = run("convert", str(listing), "-o", str(out), env={"TERM": "xterm"})
    assert piped.returncode == 0
    assert piped.stderr.decode() == f"wrote 600 papers to {out}\n"  # no bar when stderr is a pipe


def test_no_writing_bar_between_the_entries_on_a_terminal(seed_path: Path, tmp_path: Path) -> None:
    """BibTeX going to standard output shares the terminal with the bar: the writing bar is left out."""
    text = on_terminal("convert", str(big_listing(seed_path, tmp_path)), stdout_too=True).replace(
        "\r\n", "\n"
    )
    assert "writing [" not in text
    assert text.count("\n@misc{") == 599 and text.rstrip().endswith("wrote 600 papers to <stdout>")


def test_a_closed_standard_output_stops_the_command_quietly(seed_path: Path, tmp_path: Path) -> None:
    """``sphinx-papers convert big.txt | head -1``: exit 1, nothing on standard error, as Unix tools do."""
    listing = big_listing(seed_path, tmp_path)
    cmd = [sys.executable, "-m", "sphinx_papers", "convert", str(listing)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=CHILD_CWD)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"@misc{")
    proc.stdout.close()  # the reader goes away long before the 600 papers are written
    assert proc.wait(timeout=120) == 1
    assert proc.stderr.read() == b""


def test_module_and_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"sphinx-papers {sphinx_papers.__version__}\n"


def test_the_command_process_ends_with_its_output_whole(seed_path: Path, tmp_path: Path) -> None:
    """The console script leaves without freeing its records (cli._done): nothing written is lost."""
    out = tmp_path / "out.bib"
    piped, to_file = run("convert", str(seed_path)), run("convert", str(seed_path), "-o", str(out))
    in_process = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, in_process
    try:
        assert main(["convert", str(seed_path)]) == 0
    finally:
        sys.stdout = sys_stdout
    assert (piped.returncode, to_file.returncode) == (0, 0)
    assert piped.stdout.decode() == in_process.getvalue() == out.read_text(encoding="utf-8")
    assert piped.stdout.decode().count("\n@misc{") == 49
    assert to_file.stderr.decode() == f"wrote 50 papers to {out}\n"


def test_text_bar_draws_on_change_and_erases() -> None:
    stream = io.StringIO()
    now = [0.0]
    bar = TextBar(stream, clock=lambda: now[0])
    for _ in track(bar, range(4), "writing", total=400, weight=lambda _i: 100):
        now[0] += 1.0  # each step after the redraw interval
    drawn = stream.getvalue().split("\r\x1b[K")
    assert [d for d in drawn if d] == [
        "writing [" + "-" * 30 + "]   0%",
        "writing [" + "#" * 7 + "-" * 23 + "]  25%",
        "writing [" + "#" * 15 + "-" * 15 + "]  50%",
        "writing [" + "#" * 22 + "-" * 8 + "]  75%",
        "writing [" + "#" * 30 + "] 100%",
    ]
    assert stream.getvalue().endswith("\r\x1b[K")  # erased at the end
    assert isinstance(progress_for(io.StringIO(), size=10**9, count=10**6), type(SILENT))  # not a terminal


def test_json_records_hold_every_paper_field() -> None:
    # ``written`` is how a .bib entry was written: BibTeX output, not data (``bibtex_fields`` holds the values)
    declared = [f.name for f in dataclasses.fields(Paper) if f.name not in {"key", "written"}]
    assert ("key", *declared, "year", "month") == FIELD_ORDER


# -- startup ------------------------------------------------------------------


def test_written_files_get_the_usual_modes_and_no_temporary_file_stays(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new, replaced = tmp_path / "new.bib", tmp_path / "replaced.bib"
    replaced.write_text("old", encoding="utf-8")
    replaced.chmod(0o640)
    umask = os.umask(0o027)
    try:
        assert main(["convert", str(seed_path), "-o", str(new)]) == 0
        assert main(["convert", str(seed_path), "-o", str(replaced)]) == 0
    finally:
        os.umask(umask)
    assert (new.stat().st_mode & 0o777, replaced.stat().st_mode & 0o777) == (0o640, 0o640)
    assert replaced.read_bytes() == new.read_bytes()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert main(["convert", str(seed_path), "-o", str(tmp_path / "file.txt" / "papers.bib")]) == 2
    assert (
        capsys.readouterr().err
        == f"sphinx-papers: error: {tmp_path}/file.txt/papers.bib: cannot write: File exists\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "new.bib", "replaced.bib"]
