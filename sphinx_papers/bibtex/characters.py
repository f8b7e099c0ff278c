"""Single characters in BibTeX field text: TeX's specials, and non-ASCII characters as TeX.

The lowest layer of the escaping modules (:mod:`.escape` for text,
:mod:`.commands` for TeX commands, :mod:`.math` for math), shared by all three.

Non-ASCII text stays UTF-8 where pdfLaTeX (``T1`` fonts) can typeset it; other
characters, and with ``ascii=True`` all of them, are written by pylatexenc
(``R{\\'e}``, ``{\\L}ukasz``, ``{\\ensuremath{\\Theta}}``).  pylatexenc is
asked about single characters, each once (cached), and imported on first
need: most listings have no such character.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Characters pdfLaTeX's utf8 input with T1/TS1 fonts declares: Latin-1, Latin Extended-A
#: (minus a few T1 lacks), Romanian commas, common punctuation.  A regex class body.
SAFE_UTF8 = (
    "\u00a0-\u0125\u0128-\u0137\u0139-\u013e\u0141-\u0148\u014a-\u0165\u0168-\u017e"
    "\u0218-\u021b\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac"
)
_SAFE_CHAR = re.compile(f"[{SAFE_UTF8}]")
# fmt: off
#: TeX's special characters as text
SPECIALS = {
    "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
    # BibTeX counts the brace of ``\{`` too: only these keep a field's braces balanced
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
}
# fmt: on
_SPECIAL = re.compile(r"[%&#_$~^{}\\]")


@lru_cache(maxsize=4096)
def char_text(char: str, ascii: bool) -> str:
    """One non-ASCII character for text mode: itself where pdfLaTeX can typeset it, else TeX."""
    if not ascii and _SAFE_CHAR.fullmatch(char):
        return char
    from pylatexenc.latexencode import unicode_to_latex

    latex: str = unicode_to_latex(
        char,
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="unihex" if ascii else "keep",
        unknown_char_warning=False,
    )
    return latex


def literal(text: str, ascii: bool) -> str:
    """Text in which every character means itself: URLs, citation keys, labels."""
    text = _SPECIAL.sub(lambda m: SPECIALS[m.group()], text)
    return "".join(c if c.isascii() else char_text(c, ascii) for c in text)
