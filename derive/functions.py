"""Functions a formula may apply: known ones, document-defined ones, generic ones.

A generic function (``σ`` never defined) is a SymPy ``Function`` when proving and a
concrete stand-in (``tanh(x) + x/10``, never a textbook activation alone) when
looking for a counterexample, so a refutation holds for a real function.
"""

from __future__ import annotations

import sympy as sp

X = sp.Symbol("x", real=True)


def _relu(x):
    return sp.Piecewise((x, x > 0), (0, True))


FIXED = {
    "logistic": lambda x: 1 / (1 + sp.exp(-x)),
    "exp": sp.exp, "log": sp.log, "tanh": sp.tanh, "sin": sp.sin, "cos": sp.cos,
    "softplus": lambda x: sp.log(1 + sp.exp(x)),
    "relu": _relu, "sign": sp.sign, "identity": lambda x: x,
    "sinh": sp.sinh, "cosh": sp.cosh, "sech": sp.sech, "arctan": sp.atan, "erf": sp.erf,
}
STAND_INS = (lambda x: sp.tanh(x) + x / 10, lambda x: x / (1 + x**2) + x / 5)
STAND_IN_TEXT = ("tanh(x) + x/10", "x/(1 + x^2) + x/5")


class Func:
    """A scalar function of one or more arguments, applied elementwise to matrices."""

    def __init__(self, name: str, body=None, generic=False, label=""):
        self.name = name
        self.body = body  # callable(*args) -> Expr
        self.generic = generic
        self.label = label or name

    def __call__(self, *args):
        return self.body(*args)

    def derivative(self, order: int = 1) -> Func:
        t = sp.Dummy("t", real=True)
        formula = []  # differentiated once, on first use, then substituted

        def d(x):
            if not formula:
                formula.append(sp.diff(self.body(t), t, order))
            if formula[0].has(sp.Derivative) and not isinstance(x, sp.Symbol):
                return formula[0].subs(t, x)  # F'(x + 1) stays a derivative at a point
            return formula[0].xreplace({t: x})
        return Func(self.name + "'" * order, d, generic=self.generic, label=self.label)


def generic(name: str, numeric: bool, k: int) -> Func:
    """``name`` left undefined by the note: a Function to prove, a stand-in to refute."""
    if numeric:
        f = STAND_INS[k % len(STAND_INS)]
        return Func(name, f, generic=True, label=f"{name}(x) = {STAND_IN_TEXT[k % 2]}")
    F = sp.Function(name, real=True)
    return Func(name, lambda *a: F(*a), generic=True, label=f"{name} generic")


def fixed(kind: str, name: str) -> Func:
    return Func(name, FIXED[kind], label=f"{name} = {kind}")
