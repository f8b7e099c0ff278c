"""TeX math inside listing text (between ``$...$``) made safe for BibTeX.

Unicode symbols become math macros (``Θ`` -> ``\\Theta``), TeX specials are
escaped, braces are balanced (a stray one becomes ``\\lbrace``/``\\rbrace``),
and only commands known to exist with amsmath and amssymb loaded
(:data:`MATH_COMMANDS`) are kept; text-mode commands inside math escape their
argument with the caller's :class:`~.commands.TextRules` (:mod:`.escape`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .characters import char_text
from .commands import COMMANDS, braced_group, symbol

if TYPE_CHECKING:
    from .commands import TextRules

_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|\\[{}]|\\.|[{}%#&]|[^\x00-\x7f]", re.DOTALL)
_ENSUREMATH = re.compile(r"\{\\ensuremath\{(.*)\}\}", re.DOTALL)
# fmt: off
# Unicode that pylatexenc renders as text commands but that math needs as math macros.
_MATH_OVERRIDES = {
    "…": r"\ldots", "×": r"\times", "·": r"\cdot", "−": "-", "′": "'", "″": "''", "→": r"\rightarrow",
    "←": r"\leftarrow", "↔": r"\leftrightarrow", "÷": r"\div", "°": r"^{\circ}",
}
# Math commands that exist with amsmath and amssymb loaded (test_tex_compile typesets each one).
_MATH_NAMES = """
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi pi
varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
Upsilon Phi Psi Omega digamma pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot
cap cup uplus sqcap sqcup vee wedge setminus wr diamond bigtriangleup bigtriangledown triangleleft
triangleright lhd rhd unlhd unrhd amalg dagger ddagger ltimes rtimes leq le geq ge neq ne equiv sim simeq
approx cong propto prec succ preceq succeq ll gg subset supset subseteq supseteq sqsubseteq sqsupseteq in
ni notin vdash dashv models perp mid parallel asymp doteq bowtie smile frown lesssim gtrsim leqslant
geqslant lll ggg nleq ngeq subsetneq supsetneq approxeq triangleq leftarrow rightarrow to gets
leftrightarrow Leftarrow Rightarrow Leftrightarrow mapsto longrightarrow longleftarrow longmapsto
Longrightarrow Longleftarrow Longleftrightarrow iff implies impliedby uparrow downarrow updownarrow
Uparrow Downarrow nearrow searrow swarrow nwarrow hookrightarrow hookleftarrow rightharpoonup
leftharpoonup rightleftharpoons xrightarrow xleftarrow infty nabla partial forall exists nexists neg
lnot emptyset varnothing aleph hbar ell wp Re Im prime angle top bot surd flat natural sharp clubsuit
diamondsuit heartsuit spadesuit ldots cdots vdots ddots dots dotsc dotsb imath jmath square blacksquare
checkmark triangle backslash complement mho sum prod coprod int iint iiint oint bigcup bigcap bigvee
bigwedge bigoplus bigotimes bigodot biguplus bigsqcup log ln exp sin cos tan sec csc cot arcsin arccos
arctan sinh cosh tanh coth min max sup inf lim liminf limsup arg deg det dim gcd hom ker lg Pr
operatorname frac dfrac tfrac binom dbinom tbinom sqrt overline underline overbrace underbrace widehat
widetilde hat tilde bar vec dot ddot acute grave check breve mathring stackrel overset underset boxed
left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr middle mathrm mathbf mathit mathsf mathtt
mathcal mathbb mathfrak boldsymbol rm bf it sf tt cal mathnormal langle rangle lfloor rfloor lceil rceil lbrace rbrace lvert rvert lVert rVert vert Vert
quad qquad phantom not limits nolimits displaystyle textstyle scriptstyle colon mathop mathrel mathbin
mathord ensuremath circledast boxplus boxtimes intercal lozenge because therefore
"""
MATH_COMMANDS = frozenset(_MATH_NAMES.split())
# Commands whose argument is text even inside math.
_MATH_TEXT_COMMANDS = frozenset({"text", "textrm", "textbf", "textit", "texttt", "textsf", "textnormal", "mbox"})
# fmt: on


def math_body(body: str, rules: TextRules) -> str:
    """TeX math (between the dollars) made safe: Unicode to macros, specials escaped, braces balanced.

    Commands outside :data:`MATH_COMMANDS` (kernel, amsmath, amssymb) cannot be
    trusted to exist: citations and links become text as outside math, others
    show as their name, all in ``\\mbox``.
    """
    out: list[str] = []
    opened: list[int] = []
    pos = 0
    while (m := _MATH_TOKEN.search(body, pos)) is not None:
        out.append(body[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if tok == "{":
            opened.append(len(out))
            out.append("{")
        elif tok == "}":
            out.append("}" if opened else r"\rbrace ")
            if opened:
                opened.pop()
        elif tok in (r"\{", r"\}"):
            out.append(r"\lbrace " if tok == r"\{" else r"\rbrace ")
        elif tok in "%#&":
            out.append("\\" + tok)
        elif tok[0] == "\\":
            rendered, pos = _math_command(body, tok[1:], pos, rules)
            out.append(rendered)
        else:
            macro = _char_math(tok)
            follows_letter = pos < len(body) and body[pos].isalpha()
            out.append(f"{macro} " if follows_letter and macro[-1].isalpha() else macro)
    out.append(body[pos:])
    for index in opened:
        out[index] = r"\lbrace "
    return "".join(out).strip()


def _math_command(body: str, name: str, after: int, rules: TextRules) -> tuple[str, int]:
    if name in "()[]":
        return "", after  # math delimiters nested in math
    if (len(name) == 1 and not name.isalpha()) or name in MATH_COMMANDS:
        return "\\" + name, after
    if name in _MATH_TEXT_COMMANDS:
        group = braced_group(body, after)
        if group is not None:  # text mode inside math: escape its argument as text
            return f"\\{name}{{{rules.fragment(group[0])}}}", group[1]
    handler = COMMANDS.get(name.rstrip("*"))
    if handler is not None and handler is not symbol:
        result = handler(body, name, after, rules)
        if result is not None:
            return (rf"\mbox{{{result[0]}}}" if result[0] else ""), result[1]
    return rf"\mbox{{\textbackslash{{}}{name}}}", after


@lru_cache(maxsize=1024)
def _char_math(char: str) -> str:
    """One non-ASCII character for math mode: a math macro, else text in ``\\mbox``."""
    override = _MATH_OVERRIDES.get(char)
    if override is not None:
        return override
    latex = char_text(char, ascii=True)
    m = _ENSUREMATH.fullmatch(latex)
    if m is not None:
        return m.group(1)
    return rf"\mbox{{{latex}}}"
