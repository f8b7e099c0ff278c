"""Unicode listing text -> BibTeX field text that compiles with pdfLaTeX, BibTeX and biber.

Listings hold plain Unicode text in which ``$...$`` (also ``$$...$$`` and
``\\(...\\)``) is TeX math, exactly as arXiv's MathJax treats it.  Outside math
every character means itself, so TeX specials are escaped; the few TeX
commands authors leave in arXiv abstracts are handled by kind:

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
from collections.abc import Callable
from functools import lru_cache

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
_FIND_UTF8 = re.compile(rf"[\\{{}}$%&#_~^]|[^\x00-\x7f{_SAFE_UTF8}]")
_FIND_ASCII = re.compile(r"[\\{}$%&#_~^]|[^\x00-\x7f]")
_FIND_PLAIN = re.compile("[\\\\{}$%&#_~^\ue000\ue001]")
_INLINE_END = re.compile(r"((?:[^$\\]|\\.)+?)\$", re.DOTALL)
_DISPLAY_END = re.compile(r"((?:[^$\\]|\\.)+?)\$\$", re.DOTALL)
_PAREN_END = re.compile(r"(.+?)\\\)", re.DOTALL)
_MATH_SPAN = re.compile(r"\$\$(?:[^$\\]|\\.)+?\$\$|\$(?:[^$\\]|\\.)+?\$|\\\(.+?\\\)", re.DOTALL)
# A word with a capital letter (or any non-ASCII letter) after its first character:
# the only candidates for case protection, found without a callback per word.
_WORD = re.compile(r"(?<![\\\w])[^\W_][a-z0-9]*(?=[^\W_])[A-Z\u0080-\U0010ffff][^\W_]*")
_WORD_ASCII = re.compile(r"(?<![\\\w])[A-Za-z0-9][a-z0-9]*[A-Z][A-Za-z0-9]*")  # the same, for ASCII text
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
_ACCENT_ARG = re.compile(r"\s*(?:\{([A-Za-z]|\\[ij])\}|([A-Za-z]))")
# fmt: off
_SIMPLE = {
    "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", _OPEN: "{", _CLOSE: "}",
}
_LITERAL = re.compile(r"[%&#_$~^{}\\]")
# Commands by kind (see the module docstring); all are defined by the LaTeX kernel.
_KEEP_WITH_ARG = frozenset({
    "emph", "textbf", "textit", "texttt", "textsc", "textsf", "textrm", "textsl", "textup", "textmd",
    "textnormal", "underline", "mbox", "textsuperscript", "textsubscript",
})
_SYMBOLS = frozenset({
    "ldots", "dots", "textellipsis", "LaTeX", "TeX", "LaTeXe", "textendash", "textemdash",
    "textbackslash", "textasciitilde", "textasciicircum", "textbar", "textless", "textgreater",
    "textquotedblleft", "textquotedblright", "textquoteleft", "textquoteright", "i", "j", "l", "L",
    "o", "O", "ss", "ae", "AE", "oe", "OE", "aa", "AA", "S", "P", "dag", "ddag", "copyright", "pounds",
    "textregistered", "texttrademark", "textdegree", "textbullet", "textperiodcentered", "quad", "qquad",
})
_LETTER_ACCENTS = frozenset({"v", "u", "H", "c", "d", "b", "t", "r", "k"})
_CITES = frozenset({
    "cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear", "citeyearpar", "citenum",
    "nocite", "parencite", "textcite", "autocite", "footcite", "Cite", "Citep", "Citet", "Citeauthor",
})
_REFS = frozenset({"ref", "eqref", "autoref", "cref", "Cref", "pageref", "nameref"})
_DROP = frozenset({"label"})
# Single-character commands and what they become outside math.
_CHARCOMMANDS = {
    "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", ",": r"\,", "-": r"\-", "/": r"\/", "@": r"\@",
    " ": " ", "\\": " ", "\n": " ", ";": " ", ":": " ", "!": "",
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
    return _escape(text, CONTEXTS[ascii, False])


def escape_title(text: str, *, ascii: bool = False) -> str:
    """Like :func:`latex_escape`, and protect case: BibTeX styles lowercase titles.

    Words with a capital after their first letter are braced whole (``{BibTeX}``,
    ``{CoMind}``, ``{PDE}``), an acronym's plural ``s`` stays outside
    (``{LLM}s``), and math is braced (``{$\\Theta(n)$}``) so that ``\\Theta``
    is not lowercased to ``\\theta``.
    """
    return _escape(text, CONTEXTS[ascii, True])


def _odd_space(text: str) -> bool:
    # plain `in` tests (memchr): a regex costs ~50x more on a 1,500-character abstract
    return "  " in text or "\n" in text or "\t" in text or "\r" in text or text[:1] == " " or text[-1:] == " "


def _has_special(text: str) -> bool:
    """Whether ASCII text holds a character to escape (or a case-protection mark)."""
    return (
        "\\" in text or "{" in text or "}" in text or "$" in text or "%" in text or "&" in text
        or "#" in text or "_" in text or "~" in text or "^" in text or _OPEN in text
    )  # fmt: skip


def _escape(text: str, ctx: _Context) -> str:
    if _odd_space(text):
        text = " ".join(text.split())
    plain = text.isascii()
    if not plain and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if ctx.title:
        if plain and not _has_special(text):  # the common title: brace words directly, nothing to scan
            return _WORD_ASCII.sub(_brace_word, text)
        text = protect_case(text)
    if plain:
        if not _has_special(text):
            return text
    elif ctx.find.search(text) is None:
        return text
    return _scan(text, ctx, plain)


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
    # a one-class search finds the next token's start ~5x faster than the token alternation
    find, token = (_FIND_PLAIN, _TOKEN_PLAIN) if plain else (ctx.find, ctx.token)
    while (start := find.search(text, pos)) is not None:
        if start.start() > pos:
            out.append(text[pos : start.start()])
        m = token.match(text, start.start())
        if m is None:
            msg = f"no token at {start.start()} of {text!r}: the find and token patterns disagree"
            raise ValueError(msg)
        rendered, pos = _token(text, m, ctx)
        if rendered[:1] == "$" and out and out[-1][-1:] == "$":
            out.append("{}")  # "$a$$b$" would open display math
        out.append(rendered)
    out.append(text[pos:])
    return "".join(out)


def _token(text: str, m: re.Match[str], ctx: _Context) -> tuple[str, int]:
    """Render the token ``m`` and return the position after what it consumed."""
    tok = m.group(0)
    after = m.end()
    simple = _SIMPLE.get(tok)
    if simple is not None and tok != "$":
        return simple, after
    if tok in ("$", "$$", r"\("):
        return _math_token(text, tok, after, ctx)
    if tok[0] == "\\":
        return _command(text, tok[1:], after, ctx)
    return char_text(tok, ctx.ascii), after


def _math_token(text: str, tok: str, after: int, ctx: _Context) -> tuple[str, int]:
    closer = {"$": _INLINE_END, "$$": _DISPLAY_END, r"\(": _PAREN_END}[tok]
    m = closer.match(text, after)
    if m is None:
        literal = r"\$" * len(tok) if tok[0] == "$" else r"\textbackslash{}("
        return literal, after
    body = math_body(m.group(1), ascii=ctx.ascii)
    if not body:
        return " ", m.end()  # "$ $": empty math would read as "$$", display math
    return (f"{{${body}$}}" if ctx.title else f"${body}$"), m.end()


def _command(text: str, name: str, after: int, ctx: _Context) -> tuple[str, int]:
    handler = COMMANDS.get(name.rstrip("*"))
    if handler is not None:
        result = handler(text, name, after, ctx)
        if result is not None:
            return result
    if len(name) <= 1:
        return _single_char_command(text, name, after, ctx.ascii)
    return rf"\textbackslash{{}}{name}", after


def _single_char_command(text: str, char: str, after: int, ascii: bool) -> tuple[str, int]:
    if char in "'\"^~`=.":
        m = _ACCENT_ARG.match(text, after)
        if m is not None:
            return f"{{\\{char}{m.group(1) or m.group(2)}}}", m.end()
    replacement = _CHARCOMMANDS.get(char)
    if replacement is not None:
        return replacement, after
    return r"\textbackslash{}" + _literal(char, ascii), after


def braced_group(text: str, pos: int) -> tuple[str, int] | None:
    """The content of a balanced ``{...}`` group at ``pos`` (after spaces) and the position after it."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if pos >= len(text) or text[pos] != "{":
        return None
    depth = 0
    i = pos
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[pos + 1 : i], i + 1
        i += 1
    return None


def _skip_optional(text: str, pos: int) -> int:
    """Skip ``[...]`` optional arguments (natbib's ``\\citep[p.~3]{x}``)."""
    while pos < len(text) and text[pos] == "[":
        close = text.find("]", pos)
        if close < 0:
            return pos
        pos = close + 1
    return pos


_Result = tuple[str, int] | None


def _keep_with_arg(text: str, name: str, after: int, ctx: _Context) -> _Result:
    group = braced_group(text, after)
    if group is None:
        return None
    return f"\\{name}{{{escape_fragment(group[0], ctx)}}}", group[1]


def symbol(text: str, name: str, after: int, ctx: _Context) -> _Result:
    if text.startswith("{}", after):
        after += 2
    return f"\\{name}{{}}", after


def _letter_accent(text: str, name: str, after: int, ctx: _Context) -> _Result:
    m = _ACCENT_ARG.match(text, after)
    if m is None:
        return None
    return f"{{\\{name}{{{m.group(1) or m.group(2)}}}}}", m.end()


def _cite(text: str, name: str, after: int, ctx: _Context) -> _Result:
    group = braced_group(text, _skip_optional(text, _skip_optional(text, after)))
    if group is None:
        return None
    keys = ", ".join(k.strip() for k in group[0].split(","))
    return f"[{_literal(keys, ctx.ascii)}]", group[1]


def _ref(text: str, name: str, after: int, ctx: _Context) -> _Result:
    group = braced_group(text, after)
    if group is None:
        return None
    return ("" if name in _DROP else _literal(group[0].strip(), ctx.ascii)), group[1]


def _url(text: str, name: str, after: int, ctx: _Context) -> _Result:
    group = braced_group(text, after)
    if group is None:
        return None
    return _literal(group[0].strip(), ctx.ascii), group[1]


def _href(text: str, name: str, after: int, ctx: _Context) -> _Result:
    target = braced_group(text, after)
    label = braced_group(text, target[1]) if target is not None else None
    if target is None or label is None:
        return None
    shown = label[0].strip()
    url = _literal(target[0].strip(), ctx.ascii)
    # the label is often the URL again, as \url{...}: the target alone says it all
    if shown.startswith((r"\url", "http://", "https://")) or not shown:
        return url, label[1]
    return f"{escape_fragment(shown, ctx)} ({url})", label[1]


_Handler = Callable[[str, str, int, _Context], _Result]
COMMANDS: dict[str, _Handler] = {
    **dict.fromkeys(_KEEP_WITH_ARG, _keep_with_arg),
    **dict.fromkeys(_SYMBOLS, symbol),
    **dict.fromkeys(_LETTER_ACCENTS, _letter_accent),
    **dict.fromkeys(_CITES, _cite),
    **dict.fromkeys(_REFS | _DROP, _ref),
    "url": _url,
    "href": _href,
}


def escape_fragment(text: str, ctx: _Context) -> str:
    """Escape a command's argument: same rules, no whitespace or case pass again."""
    return _scan(text, ctx, text.isascii())


def _literal(text: str, ascii: bool) -> str:
    """Text in which every character means itself: URLs, citation keys, labels."""
    text = _LITERAL.sub(lambda m: _SIMPLE[m.group(0)], text)
    if not text.isascii():
        text = "".join(c if c.isascii() else char_text(c, ascii) for c in text)
    return text


@lru_cache(maxsize=4096)
def char_text(char: str, ascii: bool) -> str:
    """One non-ASCII character for text mode."""
    if not ascii and _SAFE_CHAR.fullmatch(char):
        return char
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


# MATH_COMMANDS and math_body lived here before math had its own module: still importable from here
__all__ = ["CONTEXTS", "MATH_COMMANDS", "braced_group", "char_text", "escape_fragment", "escape_title"]
__all__ += ["latex_escape", "math_body", "protect_case"]
