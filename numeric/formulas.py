r"""The formulas of ``numeric``, written once in SymPy.

Everything the numeric code computes starts here: each activation with its
derivative, each cost with its gradient with respect to the output, the fused
output errors for the pairs that cancel (sigmoid with binary cross-entropy,
softmax with categorical cross-entropy), and the four backpropagation equations
BP1--BP4 in the column convention (examples are columns, ``W^l`` is
``n_l \times n_{l-1}``).

Each entry keeps two forms where they differ: the textbook closed form, which the
tests differentiate and compare, and the form printed to code, chosen so that it
neither overflows nor loses precision (``\sigma(z) = (1 + \tanh(z/2))/2`` never
evaluates ``e^{-z}``). The tests prove the two equal.

Only ``numeric.codegen`` and the tests import this module: ``import numeric``
stays free of SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

__all__ = [
    "ACTIVATIONS",
    "BACKPROP",
    "COSTS",
    "ActivationFormula",
    "BackpropFormula",
    "CostFormula",
    "a",
    "n",
    "softmax",
    "softmax_jacobian",
    "softmax_vjp",
    "y",
    "z",
]

# Scalars: ``z`` a pre-activation, ``a`` an activation (output), ``y`` a target
# entry, ``n`` the number of examples (columns) in the batch.
z = sp.Symbol("z", real=True)
a = sp.Symbol("a", real=True)
y = sp.Symbol("y", real=True)
n = sp.Symbol("n", integer=True, positive=True)


@dataclass(frozen=True)
class ActivationFormula:
    r"""An elementwise activation :math:`a = f(z)` and its derivative.

    ``forward`` is the textbook closed form in ``z``; ``stable`` is the equal form
    printed to code; ``prime`` is :math:`f'(z)` as written by hand (the tests check
    it against ``sympy.diff(forward, z)``); ``prime_from_output`` is the same
    derivative written in ``a = f(z)``, which backpropagation uses because the
    forward pass already holds ``a``.
    """

    name: str
    forward: sp.Expr
    stable: sp.Expr
    prime: sp.Expr
    prime_from_output: sp.Expr


_logistic = 1 / (1 + sp.exp(-z))
# Equal to the logistic function but free of e^{-z}, which overflows for z << 0.
_logistic_stable = (1 + sp.tanh(z / 2)) / 2

ACTIVATIONS: dict[str, ActivationFormula] = {
    f.name: f
    for f in (
        ActivationFormula(
            name="logistic",
            forward=_logistic,
            stable=_logistic_stable,
            prime=(1 - sp.tanh(z / 2) ** 2) / 4,
            prime_from_output=a * (1 - a),
        ),
        ActivationFormula(
            name="tanh",
            forward=sp.tanh(z),
            stable=sp.tanh(z),
            prime=1 - sp.tanh(z) ** 2,
            prime_from_output=1 - a**2,
        ),
        ActivationFormula(
            name="relu",
            forward=sp.Max(z, 0),
            stable=sp.Max(z, 0),
            # The kink at 0 gets derivative 0 (Heaviside's second argument).
            prime=sp.Heaviside(z, 0),
            prime_from_output=sp.Heaviside(a, 0),
        ),
        ActivationFormula(
            name="softplus",
            forward=sp.log(1 + sp.exp(z)),
            # max(z, 0) + log(1 + e^{-|z|}): the exponent is never positive.
            stable=sp.Max(z, 0) + log1p(sp.exp(-sp.Abs(z))),
            prime=_logistic_stable,
            # a = log(1 + e^z)  =>  e^{-a} = 1 - sigma(z); expm1 keeps small a exact.
            prime_from_output=-expm1(-a),
        ),
        ActivationFormula(
            name="identity",
            forward=z,
            stable=z,
            prime=sp.Integer(1),
            prime_from_output=sp.Integer(1),
        ),
    )
}


def softmax(size: int) -> tuple[sp.Matrix, sp.Matrix]:
    r"""Return ``(zs, a)``: symbols ``z_1..z_size`` and :math:`a_i = e^{z_i}/\sum_j e^{z_j}`."""
    zs = sp.Matrix(sp.symbols(f"z_1:{size + 1}", real=True))
    exps = zs.applyfunc(sp.exp)
    return zs, exps / sum(exps)


def softmax_jacobian(avec: sp.Matrix) -> sp.Matrix:
    r""":math:`\partial a_i / \partial z_j = \operatorname{diag}(a) - a a^T` written in ``a``."""
    return sp.diag(*avec) - avec * avec.T


def softmax_vjp(avec: sp.Matrix, g: sp.Matrix) -> sp.Matrix:
    r"""BP1 through softmax: :math:`\delta = J^T g = a \odot (g - (a^T g)\,\mathbf{1})`."""
    return avec.multiply_elementwise(g - (avec.T * g)[0, 0] * sp.ones(*avec.shape))


@dataclass(frozen=True)
class CostFormula:
    r"""A cost :math:`C = \frac1n \sum_x \sum_j c(a_j, y_j)`: the mean over the batch.

    ``entry`` is :math:`c(a, y)`, one output unit of one example; ``nabla_a`` is
    :math:`\partial C / \partial a_j` for one entry of the batch, so it carries the
    :math:`1/n` of the mean. ``output`` names the output activation the cost pairs
    with (``None``: any); for that pair, ``from_logits`` is the entry cost written in
    the pre-activation ``z`` (``None`` when it is not elementwise and the numeric
    code writes it by hand, as for softmax), and ``delta`` is the fused output error
    :math:`\delta^L = \partial C / \partial z^L` written in ``a``.
    """

    name: str
    entry: sp.Expr
    nabla_a: sp.Expr
    output: str | None = None
    from_logits: sp.Expr | None = None
    delta: sp.Expr | None = None


COSTS: dict[str, CostFormula] = {
    f.name: f
    for f in (
        CostFormula(
            name="quadratic",
            entry=(a - y) ** 2 / 2,
            nabla_a=(a - y) / n,
        ),
        CostFormula(
            name="binary_cross_entropy",
            entry=-(y * sp.log(a) + (1 - y) * sp.log(1 - a)),
            nabla_a=(a - y) / (a * (1 - a) * n),
            output="logistic",
            # softplus(z) - y z, the softplus in its stable form.
            from_logits=sp.Max(z, 0) + log1p(sp.exp(-sp.Abs(z))) - y * z,
            delta=(a - y) / n,
        ),
        CostFormula(
            name="categorical_cross_entropy",
            entry=-y * sp.log(a),
            nabla_a=-y / (a * n),
            output="softmax",
            # Holds when each column of Y sums to 1 (one-hot or a distribution).
            delta=(a - y) / n,
        ),
    )
}


@dataclass(frozen=True)
class BackpropFormula:
    """One of BP1--BP4 as a SymPy matrix expression over a batch of ``n`` columns."""

    name: str
    expr: sp.MatrixExpr
    args: tuple[sp.MatrixSymbol, ...]
    latex: str


# Layer sizes: n_l (this layer), n_{l-1} (previous), n_{l+1} (next); n examples.
_nl, _nprev, _nnext = sp.symbols("n_l n_lm1 n_lp1", integer=True, positive=True)
_nabla_a = sp.MatrixSymbol("nabla_a", _nl, n)
_sp = sp.MatrixSymbol("sp", _nl, n)
_w_next = sp.MatrixSymbol("w", _nnext, _nl)
_delta_next = sp.MatrixSymbol("delta", _nnext, n)
_delta = sp.MatrixSymbol("delta", _nl, n)
_a_prev = sp.MatrixSymbol("a", _nprev, n)

BACKPROP: dict[str, BackpropFormula] = {
    f.name: f
    for f in (
        BackpropFormula(
            "BP1",
            sp.HadamardProduct(_nabla_a, _sp),
            (_nabla_a, _sp),
            r"\delta^L = \nabla_a C \odot \sigma'(z^L)",
        ),
        BackpropFormula(
            "BP2",
            sp.HadamardProduct(_w_next.T * _delta_next, _sp),
            (_w_next, _delta_next, _sp),
            r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)",
        ),
        BackpropFormula(
            "BP3",
            # Summing the per-example gradients delta_x is multiplying by a column of ones.
            _delta * sp.OneMatrix(n, 1),
            (_delta,),
            r"\frac{\partial C}{\partial b^l} = \delta^l \mathbf{1}",
        ),
        BackpropFormula(
            "BP4",
            _delta * _a_prev.T,
            (_delta, _a_prev),
            r"\frac{\partial C}{\partial w^l} = \delta^l (a^{l-1})^T",
        ),
    )
}
