"""TeX in .bib values -> display text: what it shows, and that it never shows garbage."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sphinx_papers.core import latex_text
from sphinx_papers.core.latex_text import latex_to_text
from sphinx_papers.readers import read_path

DATA = Path(__file__).parent / "data"
BIB_FILES = sorted((DATA / "bib").glob("*.bib"))


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("Plain -- text ``quoted''", "Plain – text “quoted”"),
        ("{LLM}s for {PDE}s", "LLMs for PDEs"),
        (
            "R{\\'e}my {\\L}ukasz \\v{C}ech Stra{\\ss}e {\\aa}ngstr{\\\"o}m",
            "Rémy Łukasz Čech Straße ångström",
        ),
        ("$\\Theta(1/\\Delta^2)$ and {$x''$}", "$\\Theta(1/\\Delta^2)$ and $x''$"),
        ("J.~Amer. Math. Soc.", "J.\u00a0Amer. Math. Soc."),
        ("50\\% \\& 5\\$ \\#1 a\\_b", "50% & 5$ #1 a_b"),
        ("50% & more", "50% & more"),
        ("\\emph{very} \\texttt{code} \\mbox{G-Animal's}", "very code G-Animal's"),
        ("\\TeX{} and \\LaTeX\\ \\mkbibquote{quoted}", "TeX and LaTeX “quoted”"),
        ("{\\noopsort{1973b}}1973", "1973"),
        ("  wrapped\n     over\tlines  ", "wrapped over lines"),
        ("Un {balanced", "Un balanced"),
        ("\\href{http://x.org}", "http://x.org"),
        # spacing, box and font-switch commands vanish, with their dimensions
        ("{Euler-\\kern-1pt VM}", "Euler-VM"),
        ("{\\raise.25ex\\hbox{\\sl c++}}", "c++"),
        ("a\\hskip 2pt plus 1fil b\\penalty-100\\ c", "ab c"),
        ("{\\bf bold} and {\\it italic\\/}", "bold and italic"),
        # unknown macros: the argument's text; alone, a capitalised name is shown (a logo)
        ("From {{\\PS}} to {{\\PDF}}", "From PS to PDF"),
        ("\\TUB\\ and \\MF", "TUB and MF"),
        ("\\unknownmacro{kept text}", "kept text"),
        ("a \\noindentlike b", "a b"),
        ("\\S 3, \\copyright\\ 2001, \\char'101\\char\"42", "§3, © 2001, AB"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def _display_values() -> list[str]:
    values = []
    for path in BIB_FILES:
        for paper in read_path(path, "bibtex").papers:
            values += [v for k, v in paper.bibtex_fields.items() if k not in ("url", "doi", "eprint")]
    return values


def test_fast_paths_agree_with_pylatexenc() -> None:
    """The regex pass, wherever it applies, gives exactly pylatexenc's text."""
    values = [
        *_display_values(),
        "\\'{\\i} \\\"{\\i} \\H{o} \\k{a} \\r{a} \\.{z} \\u{g} \\d{a} \\b{a} \\=a \\~{n} \\^o \\`a \\c{c}",
        "\\o{}x \\O{} \\ae{} \\AE{} \\oe{} \\OE{} \\AA{} \\l{} \\i{} {\\j}",
        "a\\\\b \\{x\\} x\\,y a\\ b ---",
    ]
    compared = 0
    for value in values:
        reference = latex_text._collapse(latex_text._pylatexenc(value))
        ours = latex_text._markup(value)
        if ours is not None:
            assert latex_text._collapse(ours) == reference, value
            compared += 1
    assert compared > 1000


# --- warnings: to the caller, never to standard error ---------------------------


def test_unknown_macros_and_pylatexenc_problems_go_to_the_callback(capfd: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger("pylatexenc")
    handlers, propagate = list(logger.handlers), logger.propagate
    said: list[str] = []
    assert latex_to_text("From {{\\PS}} to \\foo{x}", said.append) == "From PS to x"
    assert said == [
        "unknown TeX macro \\PS: shown as 'PS'",
        "unknown TeX macro \\foo: its argument shown as text",
    ]
    # a message pylatexenc logs while converting reaches the callback, not the terminal
    said.clear()
    latex_to_text("\\footnote{a}\\ensuremath", said.append)
    latex_to_text("{\\raise.25ex\\hbox{\\sl c++}} \\verb", said.append)
    assert capfd.readouterr().err == ""
    assert (logger.handlers, logger.propagate) == (handlers, propagate)  # the logger as it was
    # no callback: the messages are dropped, still not printed
    assert latex_to_text("\\PS \\foo") == "PS"
    assert capfd.readouterr().err == ""


def test_a_log_record_of_pylatexenc_is_handed_over_during_the_block_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    said: list[str] = []
    logger = logging.getLogger("pylatexenc.latex2text")
    with latex_text.pylatexenc_log(said.append):
        logger.warning("WARNING: Error in configuration: x")
    assert said == ["Error in configuration: x"]
    assert caplog.records == []  # not propagated to the application's handlers
    logger.warning("after the block")
    assert said == ["Error in configuration: x"]
    assert [r.getMessage() for r in caplog.records] == ["after the block"]  # the logger as it was


def test_real_titles_and_names_show_no_markup() -> None:
    """Every title and name of the real files, as shown: no TeX command outside math."""
    shown = 0
    for path in sorted((DATA / "real-bib").glob("*.bib")):
        if path.name == "bibtexparser-gbk_test.bib":
            continue  # not UTF-8
        for paper in read_path(path, "bibtex").papers:
            if "\\textbackslash" in str(paper.bibtex_fields):
                continue  # a backslash the file writes as text (Tr{\"a}g\textbackslash{}aardh)
            for text in (paper.title, *(a.display for a in paper.authors)):
                assert not _COMMAND.search(_outside_math(text)), (path.name, paper.key, text)
                shown += 1
    assert shown > 25_000


# --- properties -----------------------------------------------------------------

#: pieces of TeX as .bib files hold them, good and broken
_PIECES = st.sampled_from(
    [
        "\\", "{", "}", "$", "%", "&", "#", "_", "^", "~", "-", "--", "``", "''", " ", "\n", "a", "Z", "1",
        ".25ex", "pt", "\\kern", "\\raise", "\\hbox", "\\sl", "\\PS", "\\foo", "\\'", '\\"', "\\v", "\\c",
        "\\emph", "\\url", "\\href", "\\cite", "\\begin{x}", "\\end{x}", "\\verb", "\\\\", "\\ ", "\\{",
        "\\}", "\\$", "\\%", "\\ss", "\\i", "\\char", "\"41", "\\hskip", "plus", "\\penalty", "\\mbox",
        "\\footnote", "\\ensuremath", "\\mkbibquote", "\\noopsort", "\\TeX", "\\@", "\\(", "\\)", "\\[",
        "\\]", "[", "]", "é", "\u00a0",
    ]
)  # fmt: skip
_TEXISH = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=25).map("".join)
_MATH = re.compile(r"\$[^$]*\$")  # math is kept verbatim
_COMMAND = re.compile(r"\\[A-Za-z@]")


def _outside_math(text: str) -> str:
    return _MATH.sub("", text)


@settings(max_examples=400, deadline=None)
@given(_TEXISH)
@example("{\\raise.25ex\\hbox{\\sl c++}}")
@example("\\mbox")
@example("\\footnote")
def test_any_value_converts_without_garbage(value: str) -> None:
    said: list[str] = []
    text = latex_to_text(value, said.append)
    if not re.search(r"\$|\\[()[\]]", value):  # (math, kept verbatim, may be left open: not checked)
        assert not _COMMAND.search(text), text
    assert "%s" not in text or "%s" in value
    assert all(isinstance(message, str) and "\n" not in message for message in said)


_PLAIN = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\{}$~%&#^_-`'"), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(_PLAIN)
def test_plain_text_is_shown_as_written(value: str) -> None:
    assert latex_to_text(value) == latex_text._collapse(value)


@settings(max_examples=300, deadline=None)
@given(_TEXISH)
def test_text_without_markup_is_a_fixed_point(value: str) -> None:
    text = latex_to_text(value)
    if not re.search(r"[\\{}$~%&#]|--|``|''", text):
        assert latex_to_text(text) == text
