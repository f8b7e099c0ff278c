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
"""

from __future__ import annotations

import re
import unicodedata
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


def latex_to_text(value: str) -> str:
    """A .bib value as Unicode text: ``R{\\'e}my {LLM}s -- $x^2$`` -> ``Rémy LLMs – $x^2$``."""
    text = _markup(value)
    return _collapse(_pylatexenc(value) if text is None else text)


def _collapse(text: str) -> str:
    """Runs of ASCII whitespace -> one space; a no-break space stays (it was ``~``)."""
    return _WHITESPACE.sub(" ", text).strip()


# --- the reference conversion ------------------------------------------------

_MACRO_OR_BRACE = re.compile(r"\\[A-Za-z]+\s*|\\(.)|[{}]")
_UNESCAPED = re.compile(r"(?<!\\)((?:\\\\)*)([%&])")


def _pylatexenc(value: str) -> str:
    """pylatexenc's conversion (which makes TeX's ligatures itself, outside math)."""
    walker_db, converter = _converter()
    from pylatexenc.latexwalker import LatexWalker

    # % and & are text here, not a comment and an alignment tab
    source = _UNESCAPED.sub(r"\1\\\2", value)
    try:
        walker = LatexWalker(source, latex_context=walker_db, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        text: str = converter.nodelist_to_text(nodes)
    except Exception:  # noqa: BLE001  (pylatexenc fails on some malformed input: degrade, never crash)
        return _crude(value)
    return text


def _crude(value: str) -> str:
    """Last resort for input pylatexenc cannot parse: drop macro names and braces."""
    return _MACRO_OR_BRACE.sub(lambda m: m.group(1) or "", value)


@cache
def _converter() -> tuple[Any, Any]:
    """pylatexenc's parser context and converter, extended once per process."""
    from pylatexenc import latex2text, latexwalker, macrospec

    keep = ["texttt", "textsf", "textup", "textmd", "textnormal", "mbox", "hbox", "mkbibemph", "url"]
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "sphinx-papers",
        macros=[
            macrospec.MacroSpec(name, "{") for name in ("noopsort", "mkbibquote", "enquote", "mkbibemph")
        ],
        prepend=True,
    )
    text_db = latex2text.get_default_latex_context_db()
    specs = [latex2text.MacroTextSpec(name, "%s") for name in keep]
    specs += [latex2text.MacroTextSpec(name, "\u201c%s\u201d") for name in ("mkbibquote", "enquote")]
    names = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "slash": "/"}
    names |= {"hyphen": "-", "-": "", "textasciitilde": "~", "textasciicircum": "^", "noopsort": ""}
    specs += [latex2text.MacroTextSpec(name, text) for name, text in names.items()]
    text_db.add_context_category("sphinx-papers", macros=specs, prepend=True)
    return walker_db, latex2text.LatexNodes2Text(latex_context=text_db, math_mode="verbatim")
