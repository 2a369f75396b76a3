"""Checks for docs/examples/scalar_chain_rule.md (one neuron per layer, SymPy)."""

from __future__ import annotations

import sympy as sp

from .tools import claim, derivation
from .tools import sym_equal as equal

NOTE = "scalar_chain_rule.md"

# a^{(L-2)}, layer L-1 (w1, b1), layer L (w2, b2), target y; a1 stands for a^{(L-1)}
# wherever a claim is about the last layer only.
x, w1, b1, w2, b2, y, a1, u = sp.symbols("x w1 b1 w2 b2 y a1 u", real=True)


def generic(e):
    """The generic sigma of sections 1-3, replaced by tanh(e) + e/10."""
    return sp.tanh(e) + e / 10


def prime(act, e):
    """act'(e), by differentiating act at a fresh symbol."""
    return sp.diff(act(u), u).subs(u, e)


def last_layer(act=generic):
    """z^{(L)}, a^{(L)}, C_0 with a^{(L-1)} = a1 a free symbol."""
    z = w2 * a1 + b2
    a = act(z)
    return z, a, (a - y) ** 2


def dC0_da(a):
    """dC_0/da^{(L)} evaluated at a^{(L)} = a."""
    return sp.diff((u - y) ** 2, u).subs(u, a)


@claim(NOTE, 23)
def _(v):
    z, a, C0 = last_layer()
    return equal(sp.diff(C0, w2), sp.diff(z, w2) * prime(generic, z) * dC0_da(a))


@claim(NOTE, 27)
def _(v):
    return equal(sp.diff((u - y) ** 2, u), 2 * (u - y))


@claim(NOTE, 29)
def _(v):
    return equal(sp.diff(generic(u), u), prime(generic, u))


@claim(NOTE, 31)
def _(v):
    return equal(sp.diff(w2 * a1 + b2, w2), a1)


@claim(NOTE, 35)
def _(v):
    z, a, C0 = last_layer()
    middle = sp.diff(z, b2) * prime(generic, z) * dC0_da(a)
    return equal(sp.diff(C0, b2), middle) and equal(middle, prime(generic, z) * 2 * (a - y))


@claim(NOTE, 39)
def _(v):
    z, a, C0 = last_layer()
    middle = sp.diff(z, a1) * prime(generic, z) * dC0_da(a)
    right = w2 * 2 * (a - y) if v == "written" else w2 * prime(generic, z) * 2 * (a - y)
    return equal(sp.diff(C0, a1), middle) and equal(middle, right)


_z, _a, _C0 = last_layer()
derivation(
    NOTE,
    [44, 45, 46, 47],
    lhs=sp.diff(_C0, w2),
    rows=[
        sp.Derivative((generic(w2 * a1 + b2) - y) ** 2, w2),
        2 * (generic(w2 * a1 + b2) - y) * sp.Derivative(generic(w2 * a1 + b2), w2),
        2 * (generic(w2 * a1 + b2) - y) * prime(generic, w2 * a1 + b2),
        2 * (_a - y) * prime(generic, _z),
    ],
    corrected={46: 2 * (generic(w2 * a1 + b2) - y) * prime(generic, w2 * a1 + b2) * a1},
)


@claim(NOTE, 55)
def _(v):
    z1 = w1 * x + b1
    z2 = w2 * generic(z1) + b2
    aL = generic(z2)
    C0 = (aL - y) ** 2
    return equal(sp.diff(C0, w1), x * prime(generic, z1) * w2 * prime(generic, z2) * 2 * (aL - y))


@claim(NOTE, 68)
def _(v):
    xs, ys = sp.symbols("x0:3", real=True), sp.symbols("y0:3", real=True)
    costs = [(generic(w2 * xk + b2) - yk) ** 2 for xk, yk in zip(xs, ys, strict=True)]
    C = sp.Rational(1, 3) * sum(costs)
    return equal(sp.diff(C, w2), sp.Rational(1, 3) * sum(sp.diff(Ck, w2) for Ck in costs))


_t = sp.Symbol("z", real=True)
_ep, _em = sp.exp(_t), sp.exp(-_t)
derivation(
    NOTE,
    [79, 80, 81, 82],
    lhs=sp.diff(sp.tanh(_t), _t),
    rows=[
        sp.Derivative((_ep - _em) / (_ep + _em), _t),
        ((_ep + _em) ** 2 - (_ep - _em) ** 2) / (_ep + _em) ** 2,
        1 - (_ep - _em) ** 2 / (_ep + _em) ** 2,
        1 - sp.tanh(_t) ** 2,
    ],
)


@claim(NOTE, 87)
def _(v):
    z, a, _ = last_layer(sp.tanh)
    return equal(prime(sp.tanh, z), 1 - a**2)


@claim(NOTE, 89)
def _(v):
    _, a, C0 = last_layer(sp.tanh)
    return equal(sp.diff(C0, w2), 2 * a1 * (1 - a**2) * (a - y))


def _s(e):
    return 1 / (1 + sp.exp(-e))


derivation(
    NOTE,
    [101, 102, 103],
    lhs=sp.diff(sp.log(1 + sp.exp(_t)), _t),
    rows=[sp.exp(_t) / (1 + sp.exp(_t)), 1 / (sp.exp(-_t) + 1), _s(_t)],
)


@claim(NOTE, 108)
def _(v):
    return equal(sp.tanh(_t), 2 * _s(2 * _t) - 1, lo=-5, hi=5)
