"""Damaged text: the reader refuses it with a reason and the column of the problem,
never a guess and never an exception; extreme inputs end quickly.

Columns are 1-based offsets into the text as written (Unicode included).  Text that
parses but that nobody writes on purpose (OCR damage) is recognised by
:func:`derive.damage.damage`.
"""

from __future__ import annotations

import time

import pytest

from derive.damage import damage
from derive.latex import MAX_DEPTH
from derive.parse import MAX_TREE_DEPTH, parse_latex
from derive.show import explain
from derive.tree import Apply, Chain, Sym, Transpose

# (text, a phrase of the reason, the column it points at)
DAMAGED = [
    (r"\frac{a}{b", "unbalanced braces: '{' is never closed", 9),
    (r"a^{(L)} = \sigma(z^{(L)}", "'(' is never closed", 17),
    (r"\left( a + b", "'(' is never closed", 6),
    (r"a}+b", "'}' without '{'", 2),
    (r"\foo x", "unknown macro \\foo", 1),
    (r"a = \foo", "unknown macro \\foo", 5),
    ("α = \\foo", "unknown macro \\foo", 5),
    (r"\dZ_2 = \frac{1}{m}\left(\mb{P} - \mb{T}\right)", "unknown macro \\dZ", 1),
    ("\\mathbf{w}_t = \\hat{\\mathbf{m}}_t / (\\sqr\nt{\\hat{s}_t})", "unknown macro \\sqr", 38),
    ("\\\\frac{\\\\partial C}{\\\\partial a^{l-1}} = (w^l)^T \\\\delta^l",
     "doubled backslash before 'frac'", 1),
    ("δ j = h ′ (a j ) X k w kj δ k", "text copied from a rendered formula", 9),
    ("∂ℓ∂W1=δ1x⊤,∂ℓ∂b1=δ1", "text copied from a rendered formula", 1),
    ("âˆ‚C/âˆ‚w", "mojibake", 1),
    (r"\sigma(z) Ã— x", "mojibake", 11),
    (r"w<em>j</em> = a<em>j</em>", "HTML markup inside math", 2),
    (r"\frac{\partial E}{\partial w_{12}} = #REF! \times 0,5", "unexpected character '#'", 38),
    ("a $ b", "unexpected character '$'", 3),
    ("", "no formula", 1),
    ("   ", "no formula", 1),
    (r"\tag{1}", "no formula", 1),
    (r"a = b \cdot", "a product ending with an operator", 7),
    (r"a = x^{}", "empty superscript", 5),
    (r"a = x_{}", "empty subscript", 5),
    (r"\sqrt[3]{x}", "n-th roots are not supported", 1),
    (r"\begin{pmatrix} a \end{bmatrix}", "\\end{bmatrix} without a matching \\begin", 19),
    (r"\hat{a+b}", "\\hat over an expression", 1),
    (r"\frac{\partial C}{\partial}", "with respect to", 1),
    (r"\partial C", "'\\partial' outside a derivative", 1),
    (r"\sum", "an operator with nothing to apply to", 1),
]


@pytest.mark.parametrize("latex, reason, column", DAMAGED, ids=[d[0][:40] for d in DAMAGED])
def test_damaged_text_is_unreadable_at_its_column(latex, reason, column):
    """Damage is an error that names the problem and points at it."""
    parsed = parse_latex(latex)
    assert not parsed.ok and parsed.statements == ()
    assert reason in parsed.error
    assert parsed.column == column


def test_columns_count_characters_as_written():
    """A Greek letter typed as Unicode is one column, not the macro it stands for."""
    ascii_ = parse_latex(r"\delta = \frac{a}{b")
    unicode_ = parse_latex("δ = \\frac{a}{b")
    assert ascii_.column - unicode_.column == len(r"\delta") - len("δ")


# --- extreme inputs: parse or fail fast ------------------------------------------


def timed(latex: str):
    start = time.perf_counter()
    parsed = parse_latex(latex)
    return parsed, time.perf_counter() - start


def test_tower_of_exponents_reads_as_nested_powers():
    """``x^{10^{10^{10}}}`` is nested powers, read at once (nothing is evaluated)."""
    parsed, took = timed(r"x^{10^{10^{10}}}")
    assert [explain(c) for c in parsed.statements] == ["pow(x, pow(10, pow(10, 10)))"]
    assert took < 2


@pytest.mark.parametrize("latex, reason", [
    ("{" * 10_000 + "x" + "}" * 10_000, "longer than"),
    ("{" * 300 + "x" + "}" * 300, f"brackets nested more than {MAX_DEPTH} deep"),
    ("(" * 5_000 + "x" + ")" * 5_000, f"brackets nested more than {MAX_DEPTH} deep"),
    ("{(" * 80 + "x" + ")}" * 80, f"brackets nested more than {MAX_DEPTH} deep"),
    ("a^" * 3_000 + "b", f"nested more than {MAX_TREE_DEPTH} deep"),
    ("-" * 150 + "x", f"nested more than {MAX_TREE_DEPTH} deep"),
    ("a + " * 250_000 + "b", "longer than"),
    ("x" * 1_000_000, "longer than"),
])
def test_extreme_inputs_fail_fast(latex, reason):
    """Huge or absurdly nested formulas are refused within a second or two."""
    parsed, took = timed(latex)
    assert not parsed.ok and reason in parsed.error and parsed.column >= 1
    assert took < 2


def test_deep_but_legal_nesting_still_reads():
    """Nesting well inside the limits reads, and every later stage can walk it."""
    parsed = parse_latex("{" * MAX_DEPTH + "x" + "}" * MAX_DEPTH + " = "
                         + "(" * MAX_DEPTH + "y" + ")" * MAX_DEPTH)
    assert parsed.ok
    assert [explain(c) for c in parsed.statements] == ["x = y"]
    deep = parse_latex("-" * (MAX_TREE_DEPTH - 2) + "x")
    assert deep.ok and explain(deep.statements[0]).endswith("x")
    assert damage(deep.statements) is None


# --- OCR damage that parses --------------------------------------------------------


@pytest.mark.parametrize("latex, signature", [
    (r"\frac{\partial C}{\partial \omega_{i}^{c}} = 1", "with respect to a power"),
    (r"\frac{\partial C}{\partial w^2}", "with respect to a power"),
    (r"\frac{\partial a_{i}^{t}}{\partial a_{i}^{t+1}}", "with respect to a power"),
    (r"\frac{\partial a_{V}}{\partial a_{V}} = 1", "with respect to itself"),
    (r"x = \frac{\partial a}{\partial c} \frac{\partial a_{VB}}{\partial a_{VB}}",
     "with respect to itself"),
    (r"\alpha_A' = \sigma(\omega_{Ai} \alpha_i^{-1} + b_A')", "prime on a subscripted quantity"),
    (r"\partial_i \omega_{AB}' = 1", "prime on a subscripted quantity"),
])
def test_ocr_signatures_are_damage(latex, signature):
    """Derivatives w.r.t. a power or w.r.t. themselves, primes on indexed quantities: damage."""
    parsed = parse_latex(latex)
    assert parsed.ok
    assert signature in damage(parsed.statements)


def test_transposed_function_is_damage():
    """A transposed function applied to an argument is a damage signature."""
    chain = Chain((Apply(Transpose(Sym("sigma")), (Sym("z"),)),), ())
    assert "transposed function" in damage((chain,))


@pytest.mark.parametrize("latex", [
    r"\frac{\partial C}{\partial w^{(L)}_{jk}} = a^{(L-1)}_k \delta^{(L)}_j",
    r"\frac{\partial^2 E}{\partial w^2} = 2",
    r"\frac{\partial a^l_j}{\partial z^l_j} = \sigma'(z^l_j)",
    r"\delta_j = h'(a_j) \sum_k w_{kj} \delta_k",
    r"\frac{\partial C}{\partial a^{[2]}} = a^{[2]} - y",
    r"\nabla_{w^l} C = \delta^l (a^{l-1})^T",
    r"f^{\prime}(x) = 2x",
    r"w_k \rightarrow w_k' = w_k-\eta \frac{\partial C}{\partial w_k}",
    r"b_l' = b_l - \eta \frac{\partial C}{\partial b_l}",
])
def test_clean_formulas_have_no_damage_signature(latex):
    """Ordinary derivatives, layers and primes are not mistaken for damage."""
    parsed = parse_latex(latex)
    assert parsed.ok and damage(parsed.statements) is None


def test_an_evaluation_bar_is_unreadable_with_its_own_message():
    from derive.parse import parse_latex
    p = parse_latex(r"\left.\frac{d}{dz}\tanh(z)\right|_{z=0} = 1")
    assert not p.ok and "evaluation bar" in p.error
