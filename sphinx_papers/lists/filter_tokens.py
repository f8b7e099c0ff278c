"""The tokens of a ``:filter:`` expression (see :mod:`sphinx_papers.lists.filter_lang`).

Quoted strings, integers, operators, the keywords ``and or not in`` and
names; each token keeps its 1-based column so every later error can point at
it.  A character the language does not use is an error here, with a hint
when it is a habit from another language (``=``, ``!``, ``&``, ``|``, ``.``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .matching import SelectionError

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    |(?P<int>\d+)
    |(?P<op>==|!=|<=|>=|<|>|~|\(|\)|,)
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE | re.DOTALL,
)
# only a quote or a backslash is escaped: any other backslash stays, so that
# regular expressions read as usual ("\bGAN\b", "\d+")
_ESCAPE = re.compile(r"\\([\"'\\])")
_KEYWORDS = frozenset({"and", "or", "not", "in"})
_HINTS = {
    "=": "use '==' to compare",
    "!": "use 'not'",
    "&": "use 'and'",
    "|": "use 'or'",
    ".": "fields have no attributes",
}


class Token(NamedTuple):
    """One token: ``kind`` (str, int, op, kw, name, end), its source ``text``, its value and 1-based column."""

    kind: str
    text: str
    value: str | int
    column: int


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token; raises :class:`SelectionError`."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise _bad_character(text, pos)
        if m.lastgroup != "space":
            tokens.append(_token(m))
        pos = m.end()
    tokens.append(Token("end", "end of filter", "", len(text) + 1))
    return tokens


def _escaped(m: re.Match[str]) -> str:
    return m.group(1)


def _token(m: re.Match[str]) -> Token:
    kind, source, column = m.lastgroup or "", m.group(), m.start() + 1
    if kind == "str":
        return Token(kind, source, _ESCAPE.sub(_escaped, source[1:-1]), column)
    if kind == "int":
        return Token(kind, source, int(source), column)
    if kind == "name" and source.lower() in _KEYWORDS:
        return Token("kw", source, source.lower(), column)
    return Token(kind, source, source.lower() if kind == "name" else source, column)


def _bad_character(text: str, pos: int) -> SelectionError:
    char = text[pos]
    if char in "\"'":
        return SelectionError(f"unterminated string: no closing {char}", pos + 1)
    hint = _HINTS.get(char)
    return SelectionError(f"unexpected {char!r}" + (f" ({hint})" if hint else ""), pos + 1)
