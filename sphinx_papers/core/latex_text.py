"""LaTeX in ``.bib`` values -> Unicode text for display (titles, names, abstracts).

Math (``$...$``) is kept verbatim, exactly as the Paper model wants it.

The markup real .bib files hold -- protective braces, ``~``, accents
(``{\\"u}``, ``\\v{c}``), special letters (``{\\L}``), escaped specials
(``\\&``), font macros (``\\emph{...}``), ``$...$``, TeX's dash and quote
ligatures -- is rewritten here, by one regex pass.  Any other markup goes to
pylatexenc's ``latex2text``, taught to keep the text of a few macros it drops
by default (``\\texttt``, ``\\mbox``, ``\\TeX``, ...).  Why not pylatexenc
for everything: it costs 0.2-0.6 ms per value, three times what this pass
costs on real .bib files, and a bibliography has tens of thousands of values.
On the markup both handle, both give the same text (a test compares them).

Whitespace is collapsed to single spaces (values are hard-wrapped in .bib
files); ``~`` becomes a no-break space, as in LaTeX.  Bare ``%`` and ``&``
are kept as text: in a display field they are far more likely to be meant
literally than as a LaTeX comment or alignment tab.

The text never holds markup the conversion did not understand:

- spacing, box and font-switch commands vanish with their dimensions
  (``{Euler-\\kern-1pt VM}`` -> ``Euler-VM``, ``{\\raise.25ex\\hbox{\\sl c++}}``
  -> ``c++``);
- a macro unknown here keeps its argument's text (``\\foo{bar}`` -> ``bar``);
  one with no argument is shown as its name when the name has a capital
  letter, as the logos and abbreviations of .bib files do (``{\\PS}`` ->
  ``PS``, ``\\TUB`` -> ``TUB``), and vanishes otherwise (``\\noindent``);
- each unknown macro, and anything pylatexenc logs while converting, goes to
  the caller's ``warn`` callback (which knows the file and line), never to
  standard error.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

_LIGATURES = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d"}
# runs of ASCII whitespace but a single space: the only ones to replace
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")

#: combining mark for each accent macro (``\'e`` -> e + U+0301 -> é)
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_ESCAPES = {
    "%": "%",
    "&": "&",
    "#": "#",
    "_": "_",
    "$": "$",
    "{": "{",
    "}": "}",
    " ": " ",
    ",": " ",
    "\\": " ",
}
#: macros whose text is their argument (the braces that follow are dropped anyway)
_FONTS = "emph|textit|textbf|textsc|textrm|textsf|texttt|textup|textsl|textmd|textnormal|mbox"

# Every alternative starts with a literal character, so that the regex engine
# skips ahead to the next candidate character in C: ~20x faster on abstracts
# than alternatives opening with a group or a character class.
_MARKUP = re.compile(
    r"\$(?P<math>[^$\\]*(?:\\[^$][^$\\]*)*)\$"
    + r"|\\(?P<acc>['`^\"~=.])(?:\{(?P<abr>[A-Za-z]|\\[ij])\}|(?P<ach>[A-Za-z]))"
    + r"|\\(?P<wacc>[uvHckrdb])\{(?P<wbase>[A-Za-z]|\\[ij])\}"
    + r"|\\(?P<letter>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?:\{\}|(?=[^A-Za-z\s]|$))"
    + r"|\\(?P<esc>[%&#_${} ,\\])"
    + rf"|\\(?:{_FONTS})\s*(?=\{{)"
    + r"|--(?P<dash>-?)|`(?P<quotes>`)|'(?P<closing>')"
    + r"|\{|\}|~(?P<tilde>)|\\(?P<backslash>)|\$(?P<dollar>)"
)
#: the groups that name a TeX ligature (the whole match is the ligature)
_LIGATURE_GROUPS = frozenset({"dash", "quotes", "closing"})


class _Unsupported(Exception):
    """The regex pass met markup it does not handle: use pylatexenc."""


def _accented(base: str, accent: str) -> str:
    if base.startswith("\\"):
        base = base[1]  # \'{\i} is an accented dotless i: í
    return unicodedata.normalize("NFC", base + _ACCENTS[accent])


def _markup_token(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "math":
        return m.group(0)
    if kind in ("abr", "ach"):
        return _accented(m.group(kind), m.group("acc"))
    if kind == "wbase":
        return _accented(m.group("wbase"), m.group("wacc"))
    if kind == "letter":
        return _LETTERS[m.group("letter")]
    if kind == "esc":
        return _ESCAPES[m.group("esc")]
    if kind in _LIGATURE_GROUPS:
        return _LIGATURES[m.group(0)]
    if kind == "tilde":
        return "\u00a0"
    if kind is None:
        return ""  # a font macro's name, or a brace
    raise _Unsupported  # a backslash or a dollar sign the alternatives above do not explain


_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]")


def _balanced(text: str) -> bool:
    depth = 0
    for m in _BRACE_OR_ESCAPE.finditer(text):
        token = m.group(0)
        depth += 1 if token == "{" else -1 if token == "}" else 0
        if depth < 0:
            return False
    return depth == 0


def _markup(text: str) -> str | None:
    """The common markup, rewritten; ``None`` when anything else is present."""
    if not _balanced(text):
        return None
    try:
        return _MARKUP.sub(_markup_token, text)
    except _Unsupported:
        return None


#: a callback for what the conversion could not render faithfully (one message each)
Warn = Callable[[str], None]


def latex_to_text(value: str, warn: Warn | None = None) -> str:
    """A .bib value as Unicode text: ``R{\\'e}my {LLM}s -- $x^2$`` -> ``Rémy LLMs – $x^2$``.

    ``warn`` receives a message for each unknown macro and for each problem
    pylatexenc reports; without it those messages are dropped.
    """
    text = _markup(value)
    return _collapse(_pylatexenc(value, warn) if text is None else text)


def _collapse(text: str) -> str:
    """Runs of ASCII whitespace -> one space; a no-break space stays (it was ``~``)."""
    return _WHITESPACE.sub(" ", text).strip()


# --- everything else: pylatexenc ----------------------------------------------

_MACRO_OR_BRACE = re.compile(r"\\\\|\\[A-Za-z]+\s*|\\(.)|[{}]")
_UNESCAPED = re.compile(r"(?<!\\)((?:\\\\)*)([%&])")
# TeX's dimensions (``-1pt``, ``.25ex``, ``2pt plus 1fil``) are not macro arguments that
# pylatexenc can parse: the commands taking one are removed with it before it runs
_DIMEN = r"\s*[-+]?\s*(?:\d+\.?\d*|\.\d+)\s*(?:true\s*)?(?:pt|pc|in|bp|cm|mm|dd|cc|sp|em|ex|mu|px)"
# (with the one space TeX's unit keyword takes after it: "Euler-\\kern-1pt VM" is "Euler-VM")
_GLUE = rf"{_DIMEN}(?:\s*plus{_DIMEN.replace('px)', 'px|fil+)')})?(?:\s*minus{_DIMEN})? ?"
_SPACING = re.compile(
    rf"\\(?:kern|mkern|hskip|vskip|mskip|raise|lower|moveleft|moveright){_GLUE}" + r"|\\penalty\s*-?\d+"
)
# ``\char"41``, ``\char'101``, ``\char65``: the character itself
_CHAR = re.compile(r"\\char\s*(?:\"(?P<hex>[0-9A-Fa-f]+)|'(?P<oct>[0-7]+)|(?P<dec>\d+))")

#: argument-less commands that print nothing: font switches, spacing, breaks, TeX plumbing
_SILENT = [
    "sl",
    "it",
    "bf",
    "em",
    "rm",
    "sf",
    "tt",
    "sc",
    "up",
    "md",
    "normalfont",
    "bfseries",
    "mdseries",
    "itshape",
    "slshape",
    "scshape",
    "upshape",
    "rmfamily",
    "sffamily",
    "ttfamily",
    "tiny",
    "scriptsize",
    "footnotesize",
    "small",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "boldmath",
    "unboldmath",
    "relax",
    "protect",
    "noindent",
    "indent",
    "unskip",
    "ignorespaces",
    "null",
    "allowbreak",
    "nobreak",
    "break",
    "linebreak",
    "newline",
    "newblock",
    "par",
    "hfil",
    "hfill",
    "hss",
    "vfil",
    "vfill",
    "vss",
    "strut",
    "leavevmode",
    "smallskip",
    "medskip",
    "bigskip",
    "nopagebreak",
    "pagebreak",
    "/",
    "@",
    "frenchspacing",
    "nonfrenchspacing",
    "sloppy",
    "fussy",
    "selectfont",
]
#: text symbols pylatexenc does not know
_SYMBOLS = {
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "pounds": "£",
    "ddag": "‡",
    "textbackslash": "\\",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textquotedbl": '"',
    "textunderscore": "_",
    "textdollar": "$",
    "textsection": "§",
    "textparagraph": "¶",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "slash": "/",
    "hyphen": "-",
    "-": "",
}
#: macros shown as the text of their one argument
_ARGUMENT_TEXT = [
    "texttt",
    "textsf",
    "textup",
    "textmd",
    "textnormal",
    "mbox",
    "hbox",
    "vbox",
    "fbox",
    "makebox",
    "framebox",
    "textsuperscript",
    "textsubscript",
    "mkbibemph",
    "MakeUppercase",
    "MakeLowercase",
    "MakeTextUppercase",
    "MakeTextLowercase",
    "uppercase",
    "lowercase",
    "NoCaseChange",
]
_QUOTES = ("mkbibquote", "enquote")
#: macros that take an argument and print nothing
_INVISIBLE = ("phantom", "hphantom", "vphantom", "noopsort", "nocite")


def _pylatexenc(value: str, warn: Warn | None = None) -> str:
    """pylatexenc's conversion (which makes TeX's ligatures itself, outside math)."""
    walker_db, converter = _converter()
    from pylatexenc.latexwalker import LatexWalker

    # % and & are text here, not a comment and an alignment tab
    source = _UNESCAPED.sub(r"\1\\\2", value)
    source = _CHAR.sub(_character, _SPACING.sub("", source))

    def report(message: str) -> None:
        if warn is not None:
            warn(message)

    with pylatexenc_log(lambda message: report(f"TeX markup: {message}")):
        try:
            walker = LatexWalker(source, latex_context=walker_db, tolerant_parsing=True)
            nodes, _, _ = walker.get_latex_nodes()
            converter.report = report
            text: str = converter.nodelist_to_text(nodes)
        except Exception:  # noqa: BLE001  (pylatexenc fails on some malformed input: degrade, never crash)
            return _crude(source)
        finally:
            converter.report = None
    return text


def _character(m: re.Match[str]) -> str:
    code = int(m["hex"], 16) if m["hex"] else int(m["oct"], 8) if m["oct"] else int(m["dec"])
    return chr(code) if 32 <= code < 0x110000 and not 0xD800 <= code < 0xE000 else ""


def _crude(value: str) -> str:
    """Last resort for input pylatexenc cannot parse: drop macro names and braces (``\\\\``: a space)."""
    return _MACRO_OR_BRACE.sub(lambda m: " " if m.group(0) == "\\\\" else m.group(1) or "", value)


class _Collect(logging.Handler):
    """Hands each record pylatexenc logs to a callback."""

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report(record.getMessage().removeprefix("WARNING: "))


@contextmanager
def pylatexenc_log(report: Callable[[str], None]) -> Iterator[None]:
    """While the block runs, what pylatexenc logs goes to ``report`` (a message each), not to stderr.

    pylatexenc logs its problems through :mod:`logging`, which prints them on
    standard error when the application has no handler.  Here its logger gets,
    for the block only, a handler that passes them on and does not propagate
    them; the logger is restored afterwards.  For any use of pylatexenc whose
    messages belong with a file and line (the caller's ``report`` adds them).
    """
    logger = logging.getLogger("pylatexenc")
    handler = _Collect(report)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _unknown_macro(node: Any, macroname: str, l2tobj: Any) -> str:
    """An unknown macro: its argument's text follows as a group; alone, its name if capitalised."""
    if macroname.isspace():
        return " "  # a control space written as a backslash before a line break or tab
    state = node.parsing_state
    following = state.s[node.pos + node.len :].lstrip() if state is not None else ""
    if not macroname.isalpha():
        shown, said = "", "left out"
    elif following.startswith(("{", "[")):
        shown, said = "", "its argument shown as text"
    elif any(c.isupper() for c in macroname):
        shown, said = macroname, f"shown as {macroname!r}"
    else:
        shown, said = "", "left out"
    if l2tobj.report is not None:
        l2tobj.report(f"unknown TeX macro \\{macroname}: {said}")
    return shown


@cache
def _converter() -> tuple[Any, Any]:
    """pylatexenc's parser context and converter, extended once per process."""
    from pylatexenc import latex2text, latexwalker, macrospec

    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "sphinx-papers",
        macros=[macrospec.MacroSpec(name, "{") for name in (*_INVISIBLE, *_QUOTES, *_ARGUMENT_TEXT)],
        prepend=True,
    )
    text_db = latex2text.get_default_latex_context_db()
    specs = [latex2text.MacroTextSpec(name, discard=False) for name in ("url", *_ARGUMENT_TEXT)]
    specs += [latex2text.MacroTextSpec(name, "\u201c%s\u201d") for name in _QUOTES]
    specs += [latex2text.MacroTextSpec(name, "") for name in (*_SILENT, *_INVISIBLE)]
    specs += [latex2text.MacroTextSpec(name, text) for name, text in _SYMBOLS.items()]
    text_db.add_context_category("sphinx-papers", macros=specs, prepend=True)
    text_db.set_unknown_macro_spec(latex2text.MacroTextSpec("", simplify_repl=_unknown_macro))

    class Converter(latex2text.LatexNodes2Text):  # type: ignore[misc]
        #: where the conversion under way reports unknown macros (set for each call)
        report: Callable[[str], None] | None = None

        def apply_simplify_repl(self, node: Any, simplify_repl: Any, what: str) -> str:
            """A macro's text; nothing, rather than a ``%s`` template, when its arguments are missing."""
            try:
                text: str = super().apply_simplify_repl(node, simplify_repl, what)
            except (KeyError, IndexError):  # a "%(2)s" template with fewer arguments
                text = simplify_repl
            if isinstance(simplify_repl, str) and "%" in simplify_repl and text == simplify_repl:
                if self.report is not None:
                    self.report(f"TeX markup: {what} lacks its argument: left out")
                return ""
            return text

    return walker_db, Converter(latex_context=text_db, math_mode="verbatim")
