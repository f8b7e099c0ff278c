"""Text nodes that pdfLaTeX can typeset.

arXiv titles and abstracts hold TeX math as ``$...$`` with Unicode inside
(``$Θ(1/Δ^2)$``) and symbols such as ``≤`` or ``⋆`` in running text.  Sphinx's
default pdfLaTeX setup handles Latin text and typographic punctuation but not
Greek or mathematical symbols, so for the LaTeX builder :func:`latex_nodes`
turns ``$...$`` spans into math nodes (symbols as macros) and other
characters pdfLaTeX lacks into small raw LaTeX pieces.  Other builders get
the text unchanged.
"""

from __future__ import annotations

import re

from docutils import nodes
from pylatexenc.latexencode import unicode_to_latex

_MATH = re.compile(r"\$([^$\n]+)\$")
# Latin scripts and general punctuation (dashes, quotes, ellipsis) work with
# Sphinx's default T1 + utf8 setup; anything else becomes a LaTeX macro
_UNSAFE = re.compile(r"[^\u0000-\u024f\u2010-\u2027\u2030-\u203a]+")


def _macro(char: str) -> str:
    latex: str = unicode_to_latex(
        char, non_ascii_only=True, unknown_char_policy="replace", unknown_char_warning=False
    )
    # pylatexenc marks an unknown character as a bold "?"; keep it, it compiles
    return latex


def _convert_unsafe(text: str) -> str:
    return _UNSAFE.sub(lambda m: "".join(_macro(c) for c in m[0]), text)


def _text_nodes(text: str) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    pos = 0
    for m in _UNSAFE.finditer(text):
        if m.start() > pos:
            result.append(nodes.Text(text[pos : m.start()]))
        latex = "".join(_macro(c) for c in m[0])
        result.append(nodes.raw(m[0], latex, format="latex"))
        pos = m.end()
    if pos < len(text):
        result.append(nodes.Text(text[pos:]))
    return result


def latex_nodes(text: str) -> list[nodes.Node]:
    """``text`` as nodes the LaTeX writer turns into pdfLaTeX-safe source."""
    if "$" not in text and not _UNSAFE.search(text):
        return [nodes.Text(text)]
    result: list[nodes.Node] = []
    pos = 0
    for m in _MATH.finditer(text):
        result.extend(_text_nodes(text[pos : m.start()]))
        result.append(nodes.math(m[0], _convert_unsafe(m[1])))
        pos = m.end()
    result.extend(_text_nodes(text[pos:]))
    return result


def plain_nodes(text: str) -> list[nodes.Node]:
    """``text`` as one text node (every builder but LaTeX)."""
    return [nodes.Text(text)]
