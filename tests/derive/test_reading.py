"""The reader: how ML notation is read, what is refused, and that nothing escapes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.damage import damage
from derive.parse import parse_latex
from derive.show import explain


def read(latex: str) -> list[str]:
    parsed = parse_latex(latex)
    assert parsed.ok, parsed.error
    return [explain(c) for c in parsed.statements]


@pytest.mark.parametrize("latex, shown", [
    (r"a^{(L)}", "a^(L)"),
    (r"a^{[\ell]}", "a^[ℓ]"),
    (r"a^l_j", "a^(l)_{j}"),
    (r"w^{(L)}_{jk}", "w^(L)_{j,k}"),
    (r"W^{[\ell+1]T}", "T(W^[ℓ + 1])"),
    (r"\delta^{x,l}", "δ^(x,l)"),
    (r"(a - y)^2", "pow(a - y, 2)"),
    (r"a^{2}", "pow?(a, 2)"),
    (r"e^{-z}", "pow(e, -z)"),
    (r"\beta_1^t", "pow(β_{1}, t)"),
    (r"\tanh^2(z)", "pow(tanh(z), 2)"),
    (r"h(a)^2", "pow(h(a), 2)"),
    (r"x^\top", "T(x)"),
    (r"(w^l)^T", "T(w^(l))"),
    (r"\frac{\partial C}{\partial w}", "∂[C]/∂[w]"),
    (r"\partial C/\partial w", "∂[C]/∂[w]"),
    (r"\frac{d}{dz} \frac{1}{1+e^{-z}}", "d[(1)/(1 + pow(e, -z))]/d[z]"),
    (r"\frac{d\sigma}{da}", "d[σ]/d[a]"),
    (r"\nabla_a C \odot \sigma'(z)", "∇_{a}(C) ⊙ σ'(z)"),
    (r"\triangle_{W} J(W, b)", "∇_{W}(J(W, b))"),
    (r"(g^{[N]})^{\prime}(z)", "g^[N]'(z)"),
    (r"\dot\sigma(z)", "σ'(z)"),
    (r"a \cdot b * c \times d", "a ⋅? b *? c ×? d"),
    (r"\sum\limits_{j=1}^k y_j \log \hat{y}_j", "Σ_{j=1..k}(y_{j} log(y\u0302_{j}))"),
    (r"\mathbb{1}\{y=j\}", "𝟙{[y = j]}"),
    (r"dZ_2", "dZ_{2}"),
    (r"\frac12 \lVert w \rVert_2^2", "(1)/(2) pow(‖w‖_2, 2)"),
    (r"w_{j0} a_0 + \dots + b_j", "w_{j,0} a_{0} + … + b_{j}"),
    (r"\text{regularization}", "text(regularization)"),
])
def test_constructs(latex, shown):
    """Each construct of the notation family reads as the design says."""
    assert read(latex) == [shown]


@pytest.mark.parametrize("latex, statements", [
    (r"A = B = C", ["A = B = C"]),
    (r"\Rightarrow a_i = \sigma(z_i)", ["a_{i} = σ(z_{i})"]),
    (r"a = b, \qquad c = d", ["a = b", "c = d"]),
    (r"\ell = 1, 2, \dots, N", ["ℓ = (1, 2, …, N)"]),
    (r"w \leftarrow w - \eta g", ["w <- w - η g"]),
    (r"w^l \to w^l - \eta \delta", ["w^(l) <- w^(l) - η δ"]),
    (r"\delta \equiv \frac{\partial C}{\partial z}", ["δ := ∂[C]/∂[z]"]),
    (r"&= x + 1", ["… = x + 1"]),
    (r"C = \frac{1}{n}\sum_k C_k \text{(the average)}", ["C = (1)/(n) Σ_{k}(C_{k})"]),
])
def test_relations_and_statements(latex, statements):
    """Chains, separators, arrows, updates and aligned rows become statements."""
    assert read(latex) == statements


@pytest.mark.parametrize("latex, reason", [
    (r"\frac{a}{b", "unbalanced braces"),
    (r"\dZ_2 = 1", "unknown macro \\dZ"),
    ("\\\\frac{\\\\partial C}{\\\\partial a}", "doubled backslash"),
    ("δ j = h ′ (a j )", "rendered formula"),
    ("âˆ‚C", "mojibake"),
    (r"w<em>j</em> = 1", "HTML"),
    (r"E = #REF! \times 0,5", "unexpected character '#'"),
    ("", "no formula"),
])
def test_damage_is_unreadable_with_a_reason(latex, reason):
    """Damaged text gets an error naming the problem and a column, never a tree."""
    parsed = parse_latex(latex)
    assert not parsed.ok and reason in parsed.error and parsed.column >= 1


@pytest.mark.parametrize("latex", [
    r"\frac{\partial C}{\partial \omega_{i}^{c}} = 1",
    r"\frac{\partial a_{V}}{\partial a_{V}} = 1",
    r"\alpha_A' = \sigma(z)",
])
def test_ocr_signatures(latex):
    """Formulas that parse but no one writes on purpose are recognised as damage."""
    parsed = parse_latex(latex)
    assert parsed.ok and damage(parsed.statements)


def test_extreme_inputs_do_not_hang_or_raise():
    """Deep nesting, tower exponents and a long formula end quickly with a result."""
    assert not parse_latex("{" * 10_000 + "x" + "}" * 10_000).ok
    assert parse_latex(r"x^{10^{10^{10}}}").ok
    assert not parse_latex("x + " * 10_000 + "x").ok


PIECES = [r"\frac{a}{b}", "a^{(L)}", r"\sigma'(z)", r"\sum_j w_{jk}", "(", ")", "{", "}",
          "^", "_", "=", "+", "-", r"\cdot", r"\odot", r"\partial", r"\nabla_{z}", "T",
          r"\left(", r"\right)", "&", r"\\", "'", r"\mathbf{x}", r"\hat{y}", "2", "x", "$",
          r"\begin{cases}", r"\end{cases}", r"\text{if}", "|", r"\lVert", ","]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_fuzz_random_pieces(pieces):
    """Random notation never raises: the result is statements or an error with a column."""
    parsed = parse_latex(" ".join(pieces))
    assert parsed.ok or (parsed.error and parsed.column >= 1)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_random_text(text):
    """Arbitrary text, damaged characters included, never raises."""
    parsed = parse_latex(text)
    assert parsed.ok or parsed.error
