"""The reader's statements: relation chains, arrows, separators, enumerations, aligned
rows, update rules, cases and matrices.

A unit is split into statements at top-level separators; each statement is a
:class:`derive.tree.Chain` whose ops are normalised (``\\equiv`` is ``:=``,
``\\leftarrow`` is ``<-``, ``\\approx`` is ``~``).
"""

from __future__ import annotations

import unicodedata

import pytest

from derive.parse import parse_latex
from derive.show import explain
from derive.tree import Chain, Num, Sym, Tuple_


def statements(latex: str) -> list[str]:
    parsed = parse_latex(latex)
    assert parsed.ok, (latex, parsed.error, parsed.column)
    return [unicodedata.normalize("NFC", explain(c)) for c in parsed.statements]


def chains(latex: str) -> tuple[Chain, ...]:
    parsed = parse_latex(latex)
    assert parsed.ok, (latex, parsed.error, parsed.column)
    return parsed.statements


CASES = [
    # relation chains
    (r"A = B = C", ["A = B = C"]),
    (r"\frac{\partial C}{\partial z^L_j} = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)",
     ["∂[C]/∂[z^(L)_{j}] = ∂[C]/∂[a^(L)_{j}] σ'(z^(L)_{j})"]),
    (r"a := b", ["a := b"]),
    (r"a \equiv b", ["a := b"]),
    (r"\delta_j \equiv \frac{\partial E_n}{\partial a_j}", ["δ_{j} := ∂[E_{n}]/∂[a_{j}]"]),
    (r"a \approx b", ["a ~ b"]),
    (r"a \leftarrow b", ["a <- b"]),
    (r"a \gets b", ["a <- b"]),
    (r"a \leq b < c", ["a <= b < c"]),
    (r"a \neq b", ["a != b"]),
    (r"\sigma(z) \in (0, 1)", ["σ(z) in (0, 1)"]),
    # arrows: a prefix is dropped, infix splits, an arrow after a bare name is an update
    (r"\Rightarrow a_i = \sigma(z_i)", ["a_{i} = σ(z_{i})"]),
    (r"\to a = b", ["a = b"]),
    (r"a = b \Rightarrow c = d", ["a = b", "c = d"]),
    (r"a = b \implies c = d", ["a = b", "c = d"]),
    (r"a = b \to c = d", ["a = b", "c = d"]),
    (r"a = b \rightarrow c = d", ["a = b", "c = d"]),
    (r"a = b = \rightarrow c = d", ["a = b", "c = d"]),
    (r"w \to w - \eta \frac{\partial C}{\partial w}", ["w <- w - η ∂[C]/∂[w]"]),
    # several statements in one display; one statement with spacing inside
    (r"a = b, \qquad c = d", ["a = b", "c = d"]),
    (r"a = b, \quad c = d", ["a = b", "c = d"]),
    (r"a = b; c = d", ["a = b", "c = d"]),
    (r"z = Wx + b \quad \text{and} \quad a = \sigma(z)", ["z = W x + b", "a = σ(z)"]),
    (r"x = 1, \qquad y = 2, \qquad z = 3", ["x = 1", "y = 2", "z = 3"]),
    (r"b = \quad 1 \sigma'(z)", ["b = 1 σ'(z)"]),
    (r"\text{where } z = Wx + b", ["z = W x + b"]),
    (r"\delta^l = w \delta^{l+1} \quad \text{for } l = L-1, \dots, 2",
     ["δ^(l) = w δ^(l + 1)", "l = (L - 1, …, 2)"]),
    (r"\frac{\partial C}{\partial w} = \delta a \quad \text{if } x > 0",
     ["∂[C]/∂[w] = δ a", "x > 0"]),
    # enumerations are one statement whose right side is a tuple
    (r"\ell = 1, 2, \dots, N", ["ℓ = (1, 2, …, N)"]),
    (r"\ell = N-1,N-2,\dots,1", ["ℓ = (N - 1, N - 2, …, 1)"]),
    # update rules
    (r"w = w - \eta \frac{\partial C}{\partial w}", ["w = w - η ∂[C]/∂[w]"]),
    (r"w \leftarrow w - \eta \nabla_w C", ["w <- w - η ∇_{w}(C)"]),
    (r"\theta_j := \theta_j - \alpha \frac{\partial}{\partial \theta_j} J(\theta)",
     ["θ_{j} := θ_{j} - α ∂[J(θ)]/∂[θ_{j}]"]),
    (r"w^{(1)} = w^{(1)} \cdot \mu \frac{\partial C}{\partial w^{(1)}} + \text{regularization}",
     ["w^(1) = w^(1) ⋅? μ ∂[C]/∂[w^(1)] + text(regularization)"]),
    # aligned rows that continue the block above
    (r"&= a + b", ["… = a + b"]),
    (r"&= g(z)(1 - g(z)).", ["… = g(z) (1 - g(z))"]),
    (r"g'(z) &= \frac{d}{dz} \frac{1}{1 + e^{-z}}", ["g'(z) = d[(1)/(1 + pow(e, -z))]/d[z]"]),
    # cases and matrices
    (r"\sigma'(z) = \begin{cases} 1 & \text{if } z > 0 \\ 0 & \text{if } z \le 0 \end{cases}",
     ["σ'(z) = cases(1 if [z > 0]; 0 if [z <= 0])"]),
    (r"f(z) = \begin{cases} 1 & z > 0 \\ 0 & \text{otherwise} \end{cases}",
     ["f(z) = cases(1 if [z > 0]; 0 otherwise)"]),
    (r"x = \begin{pmatrix} 1.0 \\ 0.5 \end{pmatrix}, \qquad t = \begin{pmatrix} 1 \\ 0 "
     r"\end{pmatrix}", ["x = [1.0; 0.5]", "t = [1; 0]"]),
    (r"W = \begin{bmatrix} a & b \\ c & d \end{bmatrix}", ["W = [a, b; c, d]"]),
    # numbers in a chain
    (r"h_1 = \sigma(-0.1) = 0.4750", ["h_{1} = σ(-0.1) = 0.4750"]),
    (r"z = (-0.1)(1.0) + 0.2 = -0.1", ["z = (-0.1) 1.0 + 0.2 = -0.1"]),
]


@pytest.mark.parametrize("latex, expected", CASES, ids=[c[0] for c in CASES])
def test_statements(latex, expected):
    """A unit reads as these statements, relations normalised."""
    assert statements(latex) == [unicodedata.normalize("NFC", e) for e in expected]


def test_chain_terms_and_ops():
    """``A = B = C`` is one chain of three terms joined by two ``=``."""
    (c,) = chains("A = B = C")
    assert c == Chain((Sym("A"), Sym("B"), Sym("C")), ("=", "="))
    assert [(a, op, b) for a, op, b in c.links] == [(Sym("A"), "=", Sym("B")),
                                                    (Sym("B"), "=", Sym("C"))]


def test_aligned_row_has_no_first_term():
    """An aligned row ``&= x`` has ``None`` on the left: it continues the row above."""
    (c,) = chains(r"&= x + 1")
    assert c.terms[0] is None and c.ops == ("=",)


def test_enumeration_is_one_statement_with_a_tuple():
    """``\\ell = 1, 2, \\dots, N`` is one statement; the commas build a tuple."""
    (c,) = chains(r"\ell = 1, 2, \dots, N")
    assert c.ops == ("=",)
    assert isinstance(c.terms[1], Tuple_) and len(c.terms[1].items) == 4
    assert c.terms[1].items[0] == Num("1") and c.terms[1].items[3] == Sym("N")


def test_two_statements_are_two_chains():
    """``a = b, \\qquad c = d`` is two statements, not a tuple."""
    got = chains(r"a = b, \qquad c = d")
    assert got == (Chain((Sym("a"), Sym("b")), ("=",)), Chain((Sym("c"), Sym("d")), ("=",)))


def test_dangling_relation_before_an_arrow_is_noted():
    """``A = B = \\rightarrow C = D``: the dangling ``=`` is dropped, with a note."""
    parsed = parse_latex(r"A = B = \rightarrow C = D")
    assert parsed.ok and len(parsed.statements) == 2
    assert any("dangling" in n for n in parsed.notes)


def test_expression_without_relation():
    """A display with no relation is one chain with no ops (checked as nothing)."""
    (c,) = chains(r"(a^{(2)})^T \delta^{(3)}")
    assert c.ops == () and len(c.terms) == 1


@pytest.mark.parametrize("latex, error", [
    (r"a = ", "nothing on one side"),
    (r"a = b =", "nothing on one side"),
    (r"\begin{aligned} a &= b \end{aligned}", "unsplit aligned"),
    (r"a = b \\ c = d", "line break outside an aligned block"),
])
def test_malformed_statements(latex, error):
    """A statement missing a side, or rows left unsplit, is unreadable with a reason."""
    parsed = parse_latex(latex)
    assert not parsed.ok and error in parsed.error and parsed.column >= 1
