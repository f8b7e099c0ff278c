"""Unicode listing text -> BibTeX field text that compiles with pdfLaTeX, BibTeX and biber.

Listings hold plain Unicode text in which ``$...$`` (also ``$$...$$`` and
``\\(...\\)``) is TeX math, exactly as arXiv's MathJax treats it.  Outside math
every character means itself, so TeX specials are escaped; the few TeX
commands authors leave in arXiv abstracts are handled by kind (in :mod:`.commands`):

* text formatting and symbols of the LaTeX kernel (``\\emph``, ``\\texttt``,
  ``\\ldots``, accents ``\\'e``) are kept -- they compile everywhere;
* citations and references (``\\citep{a,b}``, ``\\ref{x}``) cannot resolve in a
  bibliography: they become the text ``[a, b]`` and ``x``;
* ``\\url{U}`` and ``\\href{U}{T}`` become plain text (no hyperref needed);
* any other command is written as the text arXiv itself shows, ``\\foo``.

Braces written by this module are always balanced: bare braces of the input
become ``\\textbraceleft{}``/``\\textbraceright{}`` (BibTeX counts ``\\{`` as a
brace, so that escape is not enough).  Inside math, Unicode symbols become
macros (``Θ`` -> ``\\Theta``) and unbalanced braces become ``\\lbrace``/``\\rbrace``:
that part lives in :mod:`.math`.  Single characters (specials, non-ASCII) are
:mod:`.characters`' job.

The modules form one chain, with no cycle: this one imports :mod:`.math`,
which imports :mod:`.commands`, which imports :mod:`.characters`.  Command
arguments are text again: the lower modules escape them through the
:class:`~.commands.TextRules` this module hands them (:class:`_Rules`).
"""

from __future__ import annotations

import re
import unicodedata

from .characters import SAFE_UTF8, SPECIALS, char_text
from .commands import command
from .math import math_body

# Private-use marks that case protection puts around a word; they become braces.
_OPEN, _CLOSE = "\ue000", "\ue001"
# Where a token can start: any character but ASCII text other than TeX's specials and, unless
# ``ascii``, the UTF-8 that pdfLaTeX typesets.  One negated class: the regex engine skips the
# text between tokens in one sweep (an alternation of classes tries each at every character).
_PLAIN_ASCII = "".join(re.escape(chr(c)) for c in range(128) if chr(c) not in "\\{}$%&#_~^")
_TOKEN_START = {
    False: re.compile(f"[^{_PLAIN_ASCII}{SAFE_UTF8}]"),
    True: re.compile(f"[^{_PLAIN_ASCII}]"),
}
# The token there: math openers, a command (a word or one character), else the character alone.
_TOKEN = re.compile(r"\$\$|\$|\\\(|\\[A-Za-z]+\*?|\\.?|.", re.DOTALL)
_MATH_END = {
    "$": re.compile(r"((?:[^$\\]|\\.)+?)\$", re.DOTALL),
    "$$": re.compile(r"((?:[^$\\]|\\.)+?)\$\$", re.DOTALL),
    r"\(": re.compile(r"(.+?)\\\)", re.DOTALL),
}
_MATH_SPAN = re.compile(r"\$\$(?:[^$\\]|\\.)+?\$\$|\$(?:[^$\\]|\\.)+?\$|\\\(.+?\\\)", re.DOTALL)
# A word with a capital letter (or any non-ASCII letter) after its first character: the only
# candidates for case protection.  ([^\x00-\x7f] rather than the range \u0080-\U0010ffff: the
# same characters, and a range to the top of Unicode takes milliseconds to compile.)
_WORD = re.compile(r"(?<![\\\w])[^\W_][a-z0-9]*(?=[^\W_])(?:[A-Z]|[^\x00-\x7f])[^\W_]*")
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")


class _Rules:
    """The options of one escaping call, and the :class:`~.commands.TextRules` of its commands."""

    __slots__ = ("ascii", "title")

    def __init__(self, ascii: bool, title: bool) -> None:
        self.ascii = ascii
        self.title = title

    def fragment(self, text: str) -> str:
        """Escape a command's argument: the same rules, without the whitespace or case pass again."""
        return _scan(text, self)


def latex_escape(text: str, *, ascii: bool = False) -> str:
    """Escape listing text for a BibTeX field value (without the outer braces).

    Whitespace runs (line breaks of hard-wrapped feeds included, and any Unicode space) become
    one space.
    """
    return _escape(text, _Rules(ascii, title=False))


def escape_title(text: str, *, ascii: bool = False) -> str:
    """Like :func:`latex_escape`, and protect case: BibTeX styles lowercase titles.

    Words with a capital after their first letter are braced whole (``{BibTeX}``,
    ``{CoMind}``, ``{PDE}``), an acronym's plural ``s`` stays outside
    (``{LLM}s``), and math is braced (``{$\\Theta(n)$}``) so that ``\\Theta``
    is not lowercased to ``\\theta``.
    """
    return _escape(text, _Rules(ascii, title=True))


def _escape(text: str, rules: _Rules) -> str:
    if not _single_spaced(text):
        text = " ".join(text.split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)  # "e" + combining acute -> "é", one character
    if rules.title:
        text = protect_case(text)
    return _scan(text, rules)


def _single_spaced(text: str) -> bool:
    """No whitespace but single spaces between words: true of most values, which are left as they are.

    (``str.isprintable`` is false for every whitespace character but the space.)
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def protect_case(text: str) -> str:
    """Mark words whose case matters (outside math) with the private-use brace marks."""
    out: list[str] = []
    pos = 0
    for m in _MATH_SPAN.finditer(text):
        out.append(_WORD.sub(_case_word, text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_WORD.sub(_case_word, text[pos:]))
    return "".join(out)


def _case_word(m: re.Match[str]) -> str:
    word = m.group()
    if not any(c.isupper() for c in word[1:]):
        return word  # a non-ASCII letter, in lower case
    if _ACRONYM_PLURAL.fullmatch(word):
        return f"{_OPEN}{word[:-1]}{_CLOSE}s"
    return f"{_OPEN}{word}{_CLOSE}"


def _scan(text: str, rules: _Rules) -> str:
    """Copy ``text``, rendering each token: specials, marks, commands, math, characters that need TeX."""
    out: list[str] = []
    pos = 0
    starts = _TOKEN_START[rules.ascii]
    while (found := starts.search(text, pos)) is not None:
        start = found.start()
        if start > pos:
            out.append(text[pos:start])
        token = _TOKEN.match(text, start)
        assert token is not None  # the pattern's last alternative matches any character
        rendered, pos = _render(text, token, rules)
        if rendered[:1] == "$" and out and out[-1][-1:] == "$":
            out.append("{}")  # "$a$$b$" would open display math
        out.append(rendered)
    out.append(text[pos:])
    return "".join(out)


def _render(text: str, m: re.Match[str], rules: _Rules) -> tuple[str, int]:
    """Render the token ``m`` and return the position after what it consumed."""
    tok = m.group()
    if tok in _MATH_END:
        return _math(text, tok, m.end(), rules)
    if tok in (_OPEN, _CLOSE):
        return ("{" if tok == _OPEN else "}"), m.end()
    if tok in SPECIALS:
        return SPECIALS[tok], m.end()
    if tok[0] == "\\":
        return command(text, tok[1:], m.end(), rules)
    return char_text(tok, rules.ascii), m.end()


def _math(text: str, tok: str, after: int, rules: _Rules) -> tuple[str, int]:
    m = _MATH_END[tok].match(text, after)
    if m is None:  # no closing delimiter: the opener is text
        return (r"\$" * len(tok) if tok[0] == "$" else r"\textbackslash{}("), after
    body = math_body(m.group(1), _Rules(rules.ascii, title=False))
    if not body:
        return " ", m.end()  # "$ $": empty math would read as "$$", display math
    return (f"{{${body}$}}" if rules.title else f"${body}$"), m.end()
