"""Checks for docs/examples/swish_gradcheck.ipynb (swish hidden layer, linear output).

Positions in a notebook are (cell, line within the cell)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from .tools import T, agree, all_hold, claim, derivation, derivative, descent_step, fd_grad, had, mm
from .tools import logistic as s
from .tools import sym_equal as equal

NOTE = "swish_gradcheck.ipynb"


def phi(u):
    return u * s(u)


class Net:
    """a_n = W1 x_n + b1, h_n = phi(a_n), yhat_n = w2^T h_n + b2,
    E = (1/(2N)) sum_n (yhat_n - t_n)^2. N, D, H all different."""

    def __init__(self, seed, N=5, D=3, H=4):
        rng = np.random.default_rng(seed)
        self.N = N
        self.xs = [rng.normal(size=(D, 1)) for _ in range(N)]
        self.t = rng.normal(size=N)
        self.p = dict(
            W1=rng.normal(size=(H, D)),
            b1=rng.normal(size=(H, 1)),
            w2=rng.normal(size=(H, 1)),
            b2=np.array([[0.4]]),
        )

    def run(self, a_at=None, yhat_at=None, x_at=None, **params):
        p = {**self.p, **params}
        a, h, yhat = [], [], np.zeros(self.N)
        for n, x in enumerate(self.xs):
            x = x_at[1] if x_at and x_at[0] == n else x
            a_n = p["W1"] @ x + p["b1"]
            a_n = a_at[1] if a_at and a_at[0] == n else a_n
            a.append(a_n)
            h.append(phi(a_n))
            yhat[n] = (p["w2"].T @ h[-1] + p["b2"])[0, 0]
        yhat = yhat if yhat_at is None else yhat_at
        E = float(np.sum((yhat - self.t) ** 2)) / (2 * self.N)
        return dict(a=a, h=h, yhat=yhat, E=E)

    def grad(self, name):
        return fd_grad(lambda value: self.run(**{name: value})["E"], self.p[name])

    def e(self):
        """e_n = dE/dyhat_n, by finite differences."""
        return fd_grad(lambda y: self.run(yhat_at=y)["E"], self.run()["yhat"])

    def delta(self, n):
        return fd_grad(lambda v: self.run(a_at=(n, v))["E"], self.run()["a"][n])

    def grad_x(self, n):
        return fd_grad(lambda v: self.run(x_at=(n, v))["E"], self.xs[n])


NETS = [Net(1), Net(2)]
ETA = 0.1

_u = sp.Symbol("u", real=True)


def _s(e):
    return 1 / (1 + sp.exp(-e))


@claim(NOTE, (1, 16))
def _(v):
    return equal(sp.diff(_s(_u), _u), _s(_u) * (1 - _s(_u)), lo=-6, hi=6)


derivation(
    NOTE,
    [(1, 23), (1, 24), (1, 25)],
    lhs=sp.diff(_u * _s(_u), _u),
    rows=[
        _s(_u) + _u * sp.diff(_s(_u), _u),
        _s(_u) + _u * _s(_u) * (1 - _s(_u)),
        _s(_u) * (1 + _u * (1 - _s(_u))),
    ],
)


@claim(NOTE, (1, 32))
def _(v):
    return equal(_u * _s(_u) - (-_u) * _s(-_u), _u, lo=-6, hi=6)


@claim(NOTE, (4, 6))
def _(v):
    out = []
    for net in NETS:
        yhat = net.run()["yhat"]
        rhs = (net.t - yhat) / net.N if v == "written" else (yhat - net.t) / net.N
        out.append(agree(rhs, net.e()))
    return all_hold(out)


@claim(NOTE, (4, 18))
def _(v):
    return all_hold(
        agree(
            sum(e_n * h_n for e_n, h_n in zip(net.e(), net.run()["h"], strict=True)), net.grad("w2")
        )
        for net in NETS
    )


@claim(NOTE, (4, 22))
def _(v):
    return all_hold(agree([[np.sum(net.e())]], net.grad("b2")) for net in NETS)


@claim(NOTE, (4, 34))
def _(v):
    out = []
    for net in NETS:
        e, a = net.e(), net.run()["a"]
        for n in range(net.N):
            out.append(agree(had(e[n] * net.p["w2"], derivative(phi, a[n])), net.delta(n)))
    return all_hold(out)


@claim(NOTE, (4, 38))
def _(v):
    out = []
    for net in NETS:
        inputs = net.run()["h"] if v == "written" else net.xs

        def rhs(net=net, inputs=inputs):
            return sum(mm(net.delta(n), T(inputs[n])) for n in range(net.N))

        out.append(agree(rhs, net.grad("W1")))
    return all_hold(out)


@claim(NOTE, (4, 42))
def _(v):
    return all_hold(agree(sum(net.delta(n) for n in range(net.N)), net.grad("b1")) for net in NETS)


@claim(NOTE, (4, 48))
def _(v):
    return all_hold(
        agree(mm(T(net.p["W1"]), net.delta(n)), net.grad_x(n)) for net in NETS for n in range(net.N)
    )


@claim(NOTE, (6, 6))
def _(v):
    return all_hold(
        descent_step(net.p["W1"] - ETA * net.grad("W1"), net.p["W1"], ETA, net.grad("W1"))
        for net in NETS
    )


@claim(NOTE, (6, 10))
def _(v):
    out = []
    for net in NETS:
        step = sum(e_n * h_n for e_n, h_n in zip(net.e(), net.run()["h"], strict=True))
        out.append(descent_step(net.p["w2"] - ETA * step, net.p["w2"], ETA, net.grad("w2")))
    return all_hold(out)
