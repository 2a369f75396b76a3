"""A note's own macros are expanded before its formulas are read."""

from __future__ import annotations

from derive.check import check_text
from derive.macros import collect, expand

from .harness import assert_verdicts


def test_collect_reads_the_common_forms():
    text = r"""
    \newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}
    \renewcommand\vx{\mathbf{x}}
    \def\R{\mathbb{R}}
    \def\pair#1#2{(#1, #2)}
    \DeclareMathOperator{\relu}{ReLU}
    """
    macros = collect(text)
    assert macros[r"\pd"] == (2, r"\frac{\partial #1}{\partial #2}")
    assert macros[r"\vx"] == (0, r"\mathbf{x}")
    assert macros[r"\R"] == (0, r"\mathbb{R}")
    assert macros[r"\pair"] == (2, "(#1, #2)")
    assert macros[r"\relu"] == (0, r"\operatorname{ReLU}")


def test_expand_substitutes_arguments_and_leaves_other_commands():
    macros = collect(r"\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}} \def\vx{\mathbf{x}}")
    assert expand(r"\pd{C}{w} = \vx^T \vxy", macros) == \
        r"\frac{\partial C}{\partial w} = \mathbf{x}^T \vxy"
    assert expand(r"\pd C w", macros) == r"\frac{\partial C}{\partial w}"


def test_a_macro_that_calls_itself_stops_and_stays_unreadable():
    """``\\def\\a{\\a\\a}`` doubles at each round: expansion stops at a bound and the
    formula is reported, not expanded forever."""
    macros = collect(r"\def\a{\a\a}")
    out = expand(r"\a = 1", macros)
    assert len(out) < 20 * len(r"\a = 1") + 2000 + 10_000
    report = check_text("$$\\def\\a{\\a\\a}$$\n\n$$\\a = 1$$\n")
    assert all(v.status in ("unreadable", "unverified") for v in report.equations)


def test_a_tex_note_with_its_own_derivative_macro_is_checked():
    got = assert_verdicts(r"""\documentclass{article}
\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}
\begin{document}
Let $z = w x + b$ and $a = \sigma(z)$ with $C = \frac{1}{2}(a - y)^2$.
\begin{equation}
  \pd{C}{w} = (a - y) \sigma'(z) x
\end{equation}
\begin{equation}
  \pd{C}{b} = (a - y) \sigma'(z) x
\end{equation}
\end{document}
""", {6: "verified", 9: "refuted"}, kind="tex")
    assert got[6].latex.startswith(r"\frac{\partial C}{\partial w}")


def test_markdown_macros_in_inline_math_are_used_and_not_reported():
    got = assert_verdicts(r"""
    Macros: $\newcommand{\sig}{\sigma}$.

    $$\sig(x) = \frac{1}{1+e^{-x}}$$

    $$\sig'(x) = \sig(x)(1 - \sig(x))$$
    """, {4: "definition", 6: "verified"})
    assert 2 not in got

