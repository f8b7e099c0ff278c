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
that part lives in :mod:`.math`.

Non-ASCII text stays UTF-8 where pdfLaTeX (``T1`` fonts) can typeset it;
other characters, and with ``ascii=True`` all of them, go through pylatexenc
(``R{\\'e}``, ``{\\L}ukasz``).  pylatexenc is slow, so it is only asked about
single characters, each once (cached).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .commands import braced_group, command
from .math import MATH_COMMANDS, math_body

# Characters pdfLaTeX's utf8 input with T1/TS1 fonts declares: Latin-1, Latin
# Extended-A (minus a few T1 lacks), Romanian commas, common punctuation.
_SAFE_UTF8 = (
    "\u00a0-\u0125\u0128-\u0137\u0139-\u013e\u0141-\u0148\u014a-\u0165\u0168-\u017e"
    "\u0218-\u021b\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac"
)
# Private-use marks that case protection puts around a word; they become braces.
_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN_BODY = r"\$\$|\$|\\\(|\\[A-Za-z]+\*?|\\.?|[{}%&#_~^\ue000\ue001]"
_TOKEN_UTF8 = re.compile(rf"{_TOKEN_BODY}|[^\x00-\x7f{_SAFE_UTF8}]", re.DOTALL)
_TOKEN_ASCII = re.compile(rf"{_TOKEN_BODY}|[^\x00-\x7f]", re.DOTALL)
_TOKEN_PLAIN = re.compile(_TOKEN_BODY, re.DOTALL)
# Where a token starts: one (negated) class, every ASCII character but \{}$%&#_~^,
# and the UTF-8-safe ones.  A single class runs ~3x faster than an alternation.
_ASCII_TEXT = r"\x00-\x22\x27-\x5b\x5d\x60-\x7a\x7c\x7f"
_FIND_UTF8 = re.compile(rf"[^{_ASCII_TEXT}{_SAFE_UTF8}]")
_FIND_ASCII = re.compile(rf"[^{_ASCII_TEXT}]")
#: the token starts of ASCII text (with case-protection marks), found by str.find
_PLAIN_STARTS = "\\{}$%&#_~^" + _OPEN + _CLOSE
_INLINE_END = re.compile(r"((?:[^$\\]|\\.)+?)\$", re.DOTALL)
_DISPLAY_END = re.compile(r"((?:[^$\\]|\\.)+?)\$\$", re.DOTALL)
_PAREN_END = re.compile(r"(.+?)\\\)", re.DOTALL)
_MATH_END = {"$": _INLINE_END, "$$": _DISPLAY_END, r"\(": _PAREN_END}
_MATH_SPAN = re.compile(r"\$\$(?:[^$\\]|\\.)+?\$\$|\$(?:[^$\\]|\\.)+?\$|\\\(.+?\\\)", re.DOTALL)
# A word with a capital letter (or any non-ASCII letter) after its first character:
# the only candidates for case protection, found without a callback per word.
# ([^\x00-\x7f] rather than the range \u0080-\U0010ffff: the same characters, and it compiles
# in a twentieth of the time -- a range to the top of Unicode costs 5 ms of every run's startup)
_WORD = re.compile(r"(?<![\\\w])[^\W_][a-z0-9]*(?=[^\W_])(?:[A-Z]|[^\x00-\x7f])[^\W_]*")
_WORD_ASCII = re.compile(r"(?<![\\\w])[A-Za-z0-9][a-z0-9]*[A-Z][A-Za-z0-9]*")  # the same, for ASCII text
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
# fmt: off
SIMPLE = {
    "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", _OPEN: "{", _CLOSE: "}",
}
# fmt: on
_SAFE_CHAR = re.compile(f"[{_SAFE_UTF8}]")


class _Context:
    """Options of one escaping call; the four combinations are built once (this runs ~10^5 times)."""

    __slots__ = ("ascii", "find", "title", "token")

    def __init__(self, ascii: bool, title: bool) -> None:
        self.ascii = ascii
        self.title = title
        self.token = _TOKEN_ASCII if ascii else _TOKEN_UTF8
        self.find = _FIND_ASCII if ascii else _FIND_UTF8


CONTEXTS = {(a, t): _Context(a, t) for a in (False, True) for t in (False, True)}


def latex_escape(text: str, *, ascii: bool = False) -> str:
    """Escape listing text for a BibTeX field value (without the outer braces).

    Whitespace runs (line breaks of hard-wrapped feeds included) become one space.
    """
    return escape(text, CONTEXTS[ascii, False])


def escape_title(text: str, *, ascii: bool = False) -> str:
    """Like :func:`latex_escape`, and protect case: BibTeX styles lowercase titles.

    Words with a capital after their first letter are braced whole (``{BibTeX}``,
    ``{CoMind}``, ``{PDE}``), an acronym's plural ``s`` stays outside
    (``{LLM}s``), and math is braced (``{$\\Theta(n)$}``) so that ``\\Theta``
    is not lowercased to ``\\theta``.
    """
    return escape(text, CONTEXTS[ascii, True])


def escape(text: str, ctx: _Context) -> str:
    """:func:`latex_escape` or :func:`escape_title` with their options as a context from :data:`CONTEXTS`."""
    # plain `in` tests (memchr): a regex search costs ~5x more on a 1,500-character abstract
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    if not text.isascii():
        return _escape_unicode(text, ctx)
    if (
        "\\" in text or "{" in text or "}" in text or "$" in text or "%" in text or "&" in text
        or "#" in text or "_" in text or "~" in text or "^" in text
    ):  # fmt: skip
        return _scan(protect_case(text) if ctx.title else text, ctx, True)
    # the common case, nothing to escape: a title only needs its words braced
    return _brace_words(text) if ctx.title else text


def _escape_unicode(text: str, ctx: _Context) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if ctx.title:
        text = protect_case(text)
    if ctx.find.search(text) is None:
        return text
    return _scan(text, ctx, False)


def _brace_words(text: str) -> str:
    """``_WORD_ASCII.sub(_brace_word, text)`` for ASCII text without specials, word by word.

    A match never spans a space, and a space before a word looks to the
    pattern like the start of the text: so each word can be done alone, once
    per listing (:class:`_TitleWords`), and split, lookups and join all run in C.
    """
    return " ".join(map(_TITLE_WORDS.__getitem__, text.split(" ")))


class _TitleWords(dict[str, str]):
    """Case-protected title words: a listing's titles share most of their words."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 65536:  # bounded: a listing's vocabulary is far smaller
            self.clear()
        braced = self[word] = _WORD_ASCII.sub(_brace_word, word)
        return braced


_TITLE_WORDS = _TitleWords()


def protect_case(text: str) -> str:
    """Mark words whose case matters (outside math) with the private-use brace marks."""
    if "$" not in text and "\\(" not in text:
        return _WORD.sub(_case_word, text)
    out: list[str] = []
    pos = 0
    for m in _MATH_SPAN.finditer(text):
        out.append(_WORD.sub(_case_word, text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_WORD.sub(_case_word, text[pos:]))
    return "".join(out)


def _case_word(m: re.Match[str]) -> str:
    return _protect_word(m.group(0), _OPEN, _CLOSE)


def _brace_word(m: re.Match[str]) -> str:
    return _protect_word(m.group(0), "{", "}")


def _protect_word(word: str, open_: str, close: str) -> str:
    if not any(c.isupper() for c in word[1:]):
        return word
    if _ACRONYM_PLURAL.fullmatch(word):
        return f"{open_}{word[:-1]}{close}s"
    return f"{open_}{word}{close}"


def _scan(text: str, ctx: _Context, plain: bool) -> str:
    """Render ``text`` token by token; ``plain``: it is ASCII apart from case-protection marks."""
    out: list[str] = []
    pos = 0
    token = _TOKEN_PLAIN if plain else ctx.token
    for start in _plain_starts(text) if plain else [m.start() for m in ctx.find.finditer(text)]:
        if start < pos:
            continue  # inside a token already rendered (math, a command's argument)
        if start > pos:
            out.append(text[pos:start])
        m = token.match(text, start)
        if m is None:
            msg = f"no token at {start} of {text!r}: the find and token patterns disagree"
            raise ValueError(msg)
        rendered, pos = _token(text, m, ctx)
        if rendered[:1] == "$" and out and out[-1][-1:] == "$":
            out.append("{}")  # "$a$$b$" would open display math
        out.append(rendered)
    out.append(text[pos:])
    return "".join(out)


def _plain_starts(text: str) -> list[int]:
    """Where tokens of ASCII text start, in order: memchr passes, ~10x faster than a regex scan."""
    starts: list[int] = []
    for char in _PLAIN_STARTS:
        i = text.find(char)
        while i >= 0:
            starts.append(i)
            i = text.find(char, i + 1)
    starts.sort()
    return starts


def _token(text: str, m: re.Match[str], ctx: _Context) -> tuple[str, int]:
    """Render the token ``m`` and return the position after what it consumed."""
    tok = m.group(0)
    after = m.end()
    simple = SIMPLE.get(tok)
    if simple is not None and tok != "$":
        return simple, after
    if tok in ("$", "$$", r"\("):
        return _math_token(text, tok, after, ctx)
    if tok[0] == "\\":
        return command(text, tok[1:], after, ctx)
    return char_text(tok, ctx.ascii), after


def _math_token(text: str, tok: str, after: int, ctx: _Context) -> tuple[str, int]:
    closer = _MATH_END[tok]
    m = closer.match(text, after)
    if m is None:
        literal = r"\$" * len(tok) if tok[0] == "$" else r"\textbackslash{}("
        return literal, after
    body = math_body(m.group(1), ascii=ctx.ascii)
    if not body:
        return " ", m.end()  # "$ $": empty math would read as "$$", display math
    return (f"{{${body}$}}" if ctx.title else f"${body}$"), m.end()


def escape_fragment(text: str, ctx: _Context) -> str:
    """Escape a command's argument: same rules, no whitespace or case pass again."""
    return _scan(text, ctx, text.isascii())


# Greek letters as pylatexenc writes them (tests/test_bibtex_escape.py compares each one), so that a
# Θ in an abstract does not import pylatexenc: that import costs ~50 ms of CPU, as much as
# converting 700 papers (at 63-75 µs a paper).  (Α, Β, Ο and the like, which pylatexenc writes as Latin letters, are not here.)
_GREEK_NAMES = """Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega alpha beta gamma delta varepsilon
zeta eta theta iota kappa lambda mu nu xi pi rho varsigma sigma tau upsilon varphi chi psi omega vartheta phi
varpi varrho epsilon"""
_GREEK = {
    letter: rf"{{\ensuremath{{\{name}}}}}"
    for letter, name in zip("ΓΔΘΛΞΠΣΥΦΨΩαβγδεζηθικλμνξπρςστυφχψωϑϕϖϱϵ", _GREEK_NAMES.split(), strict=True)
}


@lru_cache(maxsize=4096)
def char_text(char: str, ascii: bool) -> str:
    """One non-ASCII character for text mode."""
    if not ascii and _SAFE_CHAR.fullmatch(char):
        return char
    greek = _GREEK.get(char)
    if greek is not None:
        return greek
    # imported on first need: most listings never get here, and the import costs startup time
    from pylatexenc.latexencode import unicode_to_latex

    policy = "unihex" if ascii else "keep"
    latex: str = unicode_to_latex(
        char,
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy=policy,
        unknown_char_warning=False,
    )
    return latex


# MATH_COMMANDS, math_body and braced_group lived here before math and commands had their own
# modules: still importable from here
__all__ = ["CONTEXTS", "MATH_COMMANDS", "SIMPLE", "braced_group", "char_text", "escape", "escape_fragment"]
__all__ += ["escape_title", "latex_escape", "math_body", "protect_case"]
