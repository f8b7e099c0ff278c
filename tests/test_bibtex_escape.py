"""Escaping listing text for BibTeX: specials, math, stray commands, braces, case, ASCII mode."""

from __future__ import annotations

import pytest
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from sphinx_papers.bibtex import escape_title, latex_escape

# pylatexenc's reader, taught the kernel's text symbols it lacks (their meaning per the LaTeX manual)
_DB = get_default_latex_context_db()
_DB.add_context_category(
    "kernel-symbols",
    prepend=True,
    macros=[
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
    ],
)
TO_TEXT = LatexNodes2Text(latex_context=_DB, math_mode="verbatim")


def balanced(value: str) -> bool:
    """BibTeX's own rule: every brace counts (``\\{`` too), depth never below zero, ends at zero."""
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        ("%", r"\%"),
        ("&", r"\&"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("~", r"\textasciitilde{}"),
        ("^", r"\textasciicircum{}"),
        ("{", r"\textbraceleft{}"),
        ("}", r"\textbraceright{}"),
    ],
)
def test_each_special_character_is_escaped(char: str, escaped: str) -> None:
    assert latex_escape(f"a {char} b") == f"a {escaped} b"


def test_a_backslash_that_starts_no_command_is_literal() -> None:
    assert latex_escape("a\\") == r"a\textbackslash{}"
    assert latex_escape("a \\* b") == r"a \textbackslash{}* b"


def test_escaped_specials_read_back_as_the_original_text() -> None:
    text = "79.2% of A&B, #1 in a_b, ~5 and 2^10"
    assert TO_TEXT.latex_to_text(latex_escape(text)) == text


def test_unpaired_dollar_is_literal_and_pairs_are_math() -> None:
    assert latex_escape("costs $5") == r"costs \$5"
    assert latex_escape("best-of-$n$ and $Ax=b$") == "best-of-$n$ and $Ax=b$"
    assert latex_escape(r"a \$ sign") == r"a \$ sign"


def test_unicode_in_math_becomes_macros() -> None:
    out = latex_escape("requires $Θ(1/Δ^2)$ samples, $Δ< 1$, parameter $ω$")
    assert out == r"requires $\Theta(1/\Delta^2)$ samples, $\Delta< 1$, parameter $\omega$"
    assert out.isascii()


def test_math_macro_is_separated_from_a_following_letter() -> None:
    assert latex_escape("$Δx$") == r"$\Delta x$"
    assert latex_escape("$≤ n$") == r"$\leq n$"


def test_math_commands_kept_and_specials_escaped_inside_math() -> None:
    assert latex_escape(r"$\texttt{Modiste}$") == r"$\texttt{Modiste}$"
    assert latex_escape("$50% & #x$") == r"$50\% \& \#x$"
    assert latex_escape(r"$\% already$") == r"$\% already$"


def test_display_and_paren_math_become_inline() -> None:
    assert latex_escape("$$x^2$$ and \\(y\\)") == "$x^2$ and $y$"


def test_unbalanced_braces_in_math_are_balanced() -> None:
    for text in ["$x_{1$", "$x}$", r"$\{a$", r"$\{1,2\}$", "${{a}$"]:
        out = latex_escape(text)
        assert balanced(out), (text, out)
    assert latex_escape(r"$\{1,2\}$") == r"$\lbrace 1,2\rbrace$"


@pytest.mark.parametrize("text", ["unbalanced { brace", "close } only", "}{", "{{{", "a {b} c }"])
def test_text_braces_are_always_balanced(text: str) -> None:
    out = latex_escape(text)
    assert balanced(out)
    assert TO_TEXT.latex_to_text(out) == text


def test_citations_and_references_become_text() -> None:
    text = (
        r"recent work \citep{gururangan2020don, dery2023aang}, JTT; \citet{pmlr-v139-liu21f}) see \ref{fig_1}"
    )
    out = latex_escape(text)
    assert out == r"recent work [gururangan2020don, dery2023aang], JTT; [pmlr-v139-liu21f]) see fig\_1"
    assert latex_escape(r"as \citep[p.~3]{x} shows\label{l}") == "as [x] shows"


def test_href_and_url_become_plain_text() -> None:
    text = (
        r"code: \href{https://github.com/a/MTL-group.git}{\url{https://github.com/a/MTL-group}}."
        r" See \url{https://x.org/a_b%20c#d} and \href{https://x.org}{our site}"
    )
    out = latex_escape(text)
    assert out == (
        r"code: https://github.com/a/MTL-group.git. See https://x.org/a\_b\%20c\#d"
        r" and our site (https://x.org)"
    )
    assert "\\url" not in out and "\\href" not in out


def test_kernel_formatting_kept_and_unknown_commands_shown_literally() -> None:
    assert latex_escape(r"\emph{consistently} 5 \textbf{a_b}") == r"\emph{consistently} 5 \textbf{a\_b}"
    assert latex_escape(r"\foo{bar}") == r"\textbackslash{}foo\textbraceleft{}bar\textbraceright{}"
    assert latex_escape(r"Ko\v{c}i and Ren\'e \ldots") == r"Ko{\v{c}}i and Ren{\'e} \ldots{}"


def test_whitespace_runs_collapse() -> None:
    assert latex_escape("  hard-wrapped\n  feed\ttext  ") == "hard-wrapped feed text"
    assert latex_escape("") == ""


def test_utf8_mode_keeps_latin_letters_and_converts_symbols() -> None:
    assert latex_escape("Élise Ramé, Łukasz, Dan C. Cireşan — “quoted” …") == (
        "Élise Ramé, Łukasz, Dan C. Cireşan — “quoted” …"
    )
    assert latex_escape("a → b ≤ c") == r"a {\textrightarrow} b {\ensuremath{\leq}} c"


def test_greek_letters_become_math_macros_in_math_and_outside() -> None:
    assert latex_escape("$α+Ω$") == r"$\alpha+\Omega$"
    assert latex_escape("α-helix") == r"{\ensuremath{\alpha}}-helix"


def test_ascii_mode_writes_classic_escapes() -> None:
    out = latex_escape("Élise Ramé, Łukasz Cireşan … 100%", ascii=True)
    assert out == r"{\'E}lise Ram{\'e}, {\L}ukasz Cire{\c{s}}an {\textellipsis} 100\%"
    assert out.isascii()
    assert latex_escape("中", ascii=True).isascii()


def test_combining_accents_are_composed_first() -> None:
    assert latex_escape("Rame\u0301", ascii=True) == r"Ram{\'e}"


@pytest.mark.parametrize(
    ("title", "protected"),
    [
        ("LLMs as Judges", "{LLM}s as Judges"),
        ("Solving a PDE", "Solving a {PDE}"),
        ("Writing BibTeX", "Writing {BibTeX}"),
        ("we propose CoMind", "we propose {CoMind}"),
        ("ML-Based Solvers", "{ML}-Based Solvers"),
        ("Why Do Decision Makers (Not) Use AI?", "Why Do Decision Makers (Not) Use {AI}?"),
        ("Prune an 8B LLaMA-3 model", "Prune an {8B} {LLaMA}-3 model"),
        ("Sample Complexity of $Θ(1/Δ)$ Rates", r"Sample Complexity of {$\Theta(1/\Delta)$} Rates"),
        (r"The $\texttt{Modiste}$ Tool", r"The {$\texttt{Modiste}$} Tool"),
    ],
)
def test_title_case_protection(title: str, protected: str) -> None:
    assert escape_title(title) == protected


def test_title_protection_wraps_accented_words_in_ascii_mode() -> None:
    assert escape_title("ÉLAN Models", ascii=True) == r"{{\'E}LAN} Models"
    assert escape_title("Ramé Method", ascii=True) == r"Ram{\'e} Method"


def test_title_protection_survives_bibtex_lowercasing() -> None:
    """What pybtex's BibTeX-compatible change_case does to the protected title."""
    from pybtex.bibtex.utils import change_case

    out = change_case(escape_title("LLMs Solve the PDE of $Θ(n)$ Growth"), "t")
    assert out == r"{LLM}s solve the {PDE} of {$\Theta(n)$} growth"


def math_body(body: str) -> str:
    """What becomes of ``body`` between dollars."""
    return latex_escape(f"${body}$")[1:-1]


def test_commands_in_math_kept_only_when_amsmath_defines_them() -> None:
    assert math_body(r"\mathbb{R}^n \to \lesssim \frac{a}{b}") == r"\mathbb{R}^n \to \lesssim \frac{a}{b}"
    assert math_body(r"\R^n + \eps") == r"\mbox{\textbackslash{}R}^n + \mbox{\textbackslash{}eps}"
    assert math_body(r"x \citep{a_b} \label{q}") == r"x \mbox{[a\_b]}"
    assert math_body(r"\text{a_b 50%} \textbf{x}") == r"\text{a\_b 50\%} \textbf{x}"


def test_misaligned_dollars_never_make_display_math() -> None:
    # "$5 ... $" pairs as math, as in arXiv's MathJax; what follows must still be valid
    assert latex_escape("$a$$b$") == "$a${}$b$"
    assert latex_escape("$x$ $ $ y") == "$x$   y"
    assert latex_escape(r"$a \(b\) c$") == "$a b c$"


def test_command_arguments_end_at_their_matching_brace() -> None:
    # escaped braces inside an argument do not count; a nested group does
    assert latex_escape(r"\emph{a \{b\} {c}} d") == (
        r"\emph{a \textbraceleft{}b\textbraceright{} \textbraceleft{}c\textbraceright{}} d"
    )
    assert latex_escape(r"\textbf{x\\}y}") == r"\textbf{x }y\textbraceright{}"  # \\ takes no brace along
    assert latex_escape(r"\emph{a") == r"\textbackslash{}emph\textbraceleft{}a"  # never closed: literal


def test_specials_anywhere_in_text_in_order() -> None:
    # several kinds, repeated, at both ends, and inside math (rendered by the math rules, once)
    assert latex_escape("%a a a 50% & $x_1$ #_") == r"\%a a a 50\% \& $x_1$ \#\_"
    assert latex_escape("a_b $x_{1}%$ c%") == r"a\_b $x_{1}\%$ c\%"
    long = "word " * 400
    assert latex_escape(f"#{long}50%") == rf"\#{long}50\%"


def test_title_words_protected_alike_wherever_they_stand() -> None:
    title = "Scaling LLMs: (LLMs) and LLMs-Based 3D Models"
    protected = "Scaling {LLM}s: ({LLM}s) and {LLM}s-Based {3D} Models"
    # twice: the second time every word is already known
    assert escape_title(title) == protected
    assert escape_title(title) == protected
    assert escape_title("LLMs for 8B LLaMA Models") == "{LLM}s for {8B} {LLaMA} Models"
