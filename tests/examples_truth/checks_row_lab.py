"""Checks for docs/examples/row_vector_lab.md (rows are examples, logistic f, summed cost)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from .tools import T, agree, all_hold, claim, derivation, derivative, descent_step, fd_grad, had, mm
from .tools import logistic as f
from .tools import sym_equal as equal

NOTE = "row_vector_lab.md"


class RowNet:
    """S2 = X W1, A2 = f(S2), S3 = A2 W2, Yhat = f(S3), J = (1/2) sum (Y - Yhat)^2.
    m examples (rows), n features, h hidden units, k outputs: all different."""

    def __init__(self, seed, m=7, n=3, h=5, k=4):
        rng = np.random.default_rng(seed)
        self.m = m
        self.X, self.Y = rng.normal(size=(m, n)), rng.uniform(size=(m, k))
        self.W1, self.W2 = rng.normal(size=(n, h)), rng.normal(size=(h, k))
        self.fw = self.run()

    def run(self, W1=None, W2=None, S2=None, A2=None, S3=None, Yhat=None):
        W1 = self.W1 if W1 is None else W1
        W2 = self.W2 if W2 is None else W2
        S2 = self.X @ W1 if S2 is None else S2
        A2 = f(S2) if A2 is None else A2
        S3 = A2 @ W2 if S3 is None else S3
        Yhat = f(S3) if Yhat is None else Yhat
        J = 0.5 * float(np.sum((self.Y - Yhat) ** 2))
        return dict(S2=S2, A2=A2, S3=S3, Yhat=Yhat, J=J)

    def d(self, name):
        """dJ/d(name), with the shape of name, by central differences."""
        base = getattr(self, name) if name in ("W1", "W2") else self.fw[name]
        return fd_grad(lambda value: self.run(**{name: value})["J"], base)


NETS = [RowNet(1), RowNet(2)]
MU = 0.05

_s = sp.Symbol("s", real=True)
_f = 1 / (1 + sp.exp(-_s))
_one_plus = 1 + sp.exp(-_s)

derivation(
    NOTE,
    [55, 56, 57, 58, 59],
    lhs=sp.diff(_f, _s),
    rows=[
        sp.Derivative(_one_plus**-1, _s),
        sp.exp(-_s) / _one_plus**2,
        _one_plus / _one_plus**2 - 1 / _one_plus**2,
        1 / _one_plus - 1 / _one_plus**2,
        _f * (1 - _f),
    ],
)


@claim(NOTE, 66)
def _(v):
    return equal(sp.diff(_f, _s), 1 / ((1 + sp.exp(_s)) * (1 + sp.exp(-_s))), lo=-8, hi=8)


@claim(NOTE, 73)
def _(v):
    return all_hold(
        agree(had(net.fw["A2"], 1 - net.fw["A2"]), derivative(f, net.fw["S2"])) for net in NETS
    )


@claim(NOTE, 83)
def _(v):
    return all_hold(agree(-(net.Y - net.fw["Yhat"]), net.d("Yhat")) for net in NETS)


@claim(NOTE, 87)
def _(v):
    return all_hold(
        agree(had(-(net.Y - net.fw["Yhat"]), derivative(f, net.fw["S3"])), net.d("S3"))
        for net in NETS
    )


@claim(NOTE, 91)
def _(v):
    out = []
    for net in NETS:
        Yhat = net.fw["Yhat"]
        out.append(agree(had(had(Yhat - net.Y, Yhat), 1 - Yhat), net.d("S3")))
    return all_hold(out)


@claim(NOTE, 98)
def _(v):
    scale = (lambda net: 1 / net.m) if v == "written" else (lambda net: 1)
    return all_hold(
        agree(lambda net=net: scale(net) * mm(T(net.fw["A2"]), net.d("S3")), net.d("W2"))
        for net in NETS
    )


@claim(NOTE, 104)
def _(v):
    return all_hold(agree(lambda net=net: mm(net.d("S3"), T(net.W2)), net.d("A2")) for net in NETS)


@claim(NOTE, 108)
def _(v):
    # matrix product first, then the element-wise product (the other grouping does not conform)
    return all_hold(
        agree(
            lambda net=net: had(mm(net.d("S3"), T(net.W2)), derivative(f, net.fw["S2"])),
            net.d("S2"),
        )
        for net in NETS
    )


@claim(NOTE, 112)
def _(v):
    def rhs(net):
        delta2 = net.d("S2")
        return mm(T(net.X), T(delta2) if v == "written" else delta2)

    return all_hold(agree(lambda net=net: rhs(net), net.d("W1")) for net in NETS)


@claim(NOTE, 126)
def _(v):
    return all_hold(
        descent_step(net.W1 - MU * net.d("W1"), net.W1, MU, net.d("W1")) for net in NETS
    )


@claim(NOTE, 130)
def _(v):
    return all_hold(
        descent_step(
            lambda net=net: net.W2 - MU * mm(T(net.fw["A2"]), net.d("S3")), net.W2, MU, net.d("W2")
        )
        for net in NETS
    )
