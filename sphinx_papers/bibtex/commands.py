"""TeX commands found in listing text, handled by kind (see :mod:`.escape`).

Kernel formatting and symbols are kept, citations and references become
text, ``\\url``/``\\href`` become plain text, anything else shows as its name.
Each handler takes the text, the command's name, the position after it and
the :class:`TextRules` in force, and returns what to write and the position
after what it consumed, or ``None`` when the command's arguments are missing
(then it shows as its name).

A command's argument (``\\emph{...}``) is text again, escaped by the caller's
:class:`TextRules`: so this module needs nothing of :mod:`.escape`, which
imports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from .characters import literal


class TextRules(Protocol):
    """How the text around a command is escaped (:mod:`.escape` provides it)."""

    @property
    def ascii(self) -> bool:
        """Non-ASCII characters are written as TeX."""

    def fragment(self, text: str) -> str:
        """Escape a command's argument as text, with the same rules."""


_ACCENT_ARG = re.compile(r"\s*(?:\{([A-Za-z]|\\[ij])\}|([A-Za-z]))")
_GROUP_TOKEN = re.compile(r"\\.?|[{}]", re.DOTALL)
# fmt: off
# Commands by kind; all are defined by the LaTeX kernel.
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

_Result = tuple[str, int] | None


def command(text: str, name: str, after: int, rules: TextRules) -> tuple[str, int]:
    """Render the command ``\\name`` (outside math) that ends at ``after``."""
    handler = COMMANDS.get(name.rstrip("*"))
    if handler is not None:
        result = handler(text, name, after, rules)
        if result is not None:
            return result
    if len(name) <= 1:
        return _single_char_command(text, name, after, rules.ascii)
    return rf"\textbackslash{{}}{name}", after


def _single_char_command(text: str, char: str, after: int, ascii: bool) -> tuple[str, int]:
    if char in "'\"^~`=.":
        m = _ACCENT_ARG.match(text, after)
        if m is not None:
            return f"{{\\{char}{m.group(1) or m.group(2)}}}", m.end()
    replacement = _CHARCOMMANDS.get(char)
    if replacement is not None:
        return replacement, after
    return r"\textbackslash{}" + literal(char, ascii), after


def braced_group(text: str, pos: int) -> tuple[str, int] | None:
    """The content of a balanced ``{...}`` group at ``pos`` (after spaces) and the position after it."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if pos >= len(text) or text[pos] != "{":
        return None
    depth = 0
    # from brace to brace (a backslash takes the character after it along): a regex jumps
    # over the text between them, where a loop over characters would look at each
    for m in _GROUP_TOKEN.finditer(text, pos):
        token = m.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return text[pos + 1 : m.start()], m.end()
    return None


def _skip_optional(text: str, pos: int) -> int:
    """Skip ``[...]`` optional arguments (natbib's ``\\citep[p.~3]{x}``)."""
    while pos < len(text) and text[pos] == "[":
        close = text.find("]", pos)
        if close < 0:
            return pos
        pos = close + 1
    return pos


def _keep_with_arg(text: str, name: str, after: int, rules: TextRules) -> _Result:
    group = braced_group(text, after)
    if group is None:
        return None
    return f"\\{name}{{{rules.fragment(group[0])}}}", group[1]


def symbol(text: str, name: str, after: int, rules: TextRules) -> _Result:
    """A kernel symbol (``\\ldots``), written with an empty group so a following space stays."""
    if text.startswith("{}", after):
        after += 2
    return f"\\{name}{{}}", after


def _letter_accent(text: str, name: str, after: int, rules: TextRules) -> _Result:
    m = _ACCENT_ARG.match(text, after)
    if m is None:
        return None
    return f"{{\\{name}{{{m.group(1) or m.group(2)}}}}}", m.end()


def _cite(text: str, name: str, after: int, rules: TextRules) -> _Result:
    group = braced_group(text, _skip_optional(text, _skip_optional(text, after)))
    if group is None:
        return None
    keys = ", ".join(k.strip() for k in group[0].split(","))
    return f"[{literal(keys, rules.ascii)}]", group[1]


def _ref(text: str, name: str, after: int, rules: TextRules) -> _Result:
    group = braced_group(text, after)
    if group is None:
        return None
    return ("" if name in _DROP else literal(group[0].strip(), rules.ascii)), group[1]


def _url(text: str, name: str, after: int, rules: TextRules) -> _Result:
    group = braced_group(text, after)
    if group is None:
        return None
    return literal(group[0].strip(), rules.ascii), group[1]


def _href(text: str, name: str, after: int, rules: TextRules) -> _Result:
    target = braced_group(text, after)
    label = braced_group(text, target[1]) if target is not None else None
    if target is None or label is None:
        return None
    shown = label[0].strip()
    url = literal(target[0].strip(), rules.ascii)
    # the label is often the URL again, as \url{...}: the target alone says it all
    if shown.startswith((r"\url", "http://", "https://")) or not shown:
        return url, label[1]
    return f"{rules.fragment(shown)} ({url})", label[1]


_Handler = Callable[[str, str, int, TextRules], _Result]
COMMANDS: dict[str, _Handler] = {
    **dict.fromkeys(_KEEP_WITH_ARG, _keep_with_arg),
    **dict.fromkeys(_SYMBOLS, symbol),
    **dict.fromkeys(_LETTER_ACCENTS, _letter_accent),
    **dict.fromkeys(_CITES, _cite),
    **dict.fromkeys(_REFS | _DROP, _ref),
    "url": _url,
    "href": _href,
}
