"""Checks for docs/examples/cs229_layers.md (bracket layers, column vectors)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from .tools import (
    T,
    agree,
    all_hold,
    claim,
    descent_step,
    fd_grad,
    gen,
    gen_prime,
    had,
    logistic,
    mm,
)
from .tools import sym_equal as equal

NOTE = "cs229_layers.md"


class Net:
    """a^{[0]} = x; z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}; hidden g^{[l]}(x) = tanh(x) + c_l x
    with a different c_l per layer; output 'sigmoid' (one unit, binary cross-entropy) or
    'softmax' (K units, cross-entropy with one-hot y). Examples are kept one by one."""

    def __init__(self, sizes, out, seed, examples=1):
        rng = np.random.default_rng(seed)
        self.n, self.L, self.out = list(sizes), len(sizes) - 1, out
        self.W = {l: rng.normal(size=(sizes[l], sizes[l - 1])) for l in range(1, self.L + 1)}
        self.b = {l: rng.normal(size=(sizes[l], 1)) for l in range(1, self.L + 1)}
        self.slope = {l: 0.1 * l for l in range(1, self.L)}
        self.xs = [rng.normal(size=(sizes[0], 1)) for _ in range(examples)]
        if out == "sigmoid":
            self.ys = [np.array([[float((seed + i) % 2)]]) for i in range(examples)]
        else:
            self.ys = [
                np.eye(sizes[-1])[:, [int(rng.integers(sizes[-1]))]] for _ in range(examples)
            ]

    def g(self, l, x):
        return gen(x, self.slope[l])

    def g_prime(self, l, x):
        return gen_prime(x, self.slope[l])

    def run(self, i=0, W=None, b=None, z_at=None, a_at=None):
        W, b = W or self.W, b or self.b
        z, a = {}, {0: self.xs[i]}
        if a_at and a_at[0] == 0:
            a[0] = a_at[1]
        for l in range(1, self.L + 1):
            z[l] = W[l] @ a[l - 1] + b[l]
            if z_at and z_at[0] == l:
                z[l] = z_at[1]
            if l < self.L:
                a[l] = self.g(l, z[l])
            elif self.out == "sigmoid":
                a[l] = logistic(z[l])
            else:
                e = np.exp(z[l] - z[l].max())
                a[l] = e / e.sum()
            if a_at and a_at[0] == l:
                a[l] = a_at[1]
        y, yhat = self.ys[i], a[self.L]
        if self.out == "sigmoid":
            loss = -float(np.sum(y * np.log(yhat) + (1 - y) * np.log(1 - yhat)))
        else:
            loss = -float(np.sum(y * np.log(yhat)))
        return z, a, loss

    def delta(self, l, i=0):
        return fd_grad(lambda v: self.run(i, z_at=(l, v))[2], self.run(i)[0][l])

    def grad_a(self, l, i=0):
        return fd_grad(lambda v: self.run(i, a_at=(l, v))[2], self.run(i)[1][l])

    def J(self, W=None, b=None):
        return sum(self.run(i, W, b)[2] for i in range(len(self.xs))) / len(self.xs)

    def grad_W(self, l):
        return fd_grad(lambda v: self.J(W={**self.W, l: v}), self.W[l])

    def grad_b(self, l):
        return fd_grad(lambda v: self.J(b={**self.b, l: v}), self.b[l])


SIGMOID = [Net((3, 5, 4, 1), "sigmoid", seed) for seed in (1, 2)]
SOFTMAX = [Net((3, 5, 4, 6), "softmax", seed) for seed in (3, 4)]
BATCH = [Net((3, 5, 4, 1), "sigmoid", seed, examples=5) for seed in (5, 6)]
ALPHA = 0.2

_yhat, _y, _z = sp.symbols("yhat y z", real=True)


@claim(NOTE, 40)
def _(v):
    loss = -(_y * sp.log(_yhat) + (1 - _y) * sp.log(1 - _yhat))
    sign = 1 if v == "written" else -1
    written = sign * (_y / _yhat - (1 - _y) / (1 - _yhat))
    return equal(sp.diff(loss, _yhat), written, lo=0.05, hi=0.95)


@claim(NOTE, 44)
def _(v):
    s = 1 / (1 + sp.exp(-_z))
    return equal(sp.diff(s, _z), s * (1 - s), lo=-6, hi=6)


@claim(NOTE, 53)
def _(v):
    return all_hold(agree(net.run()[1][net.L] - net.ys[0], net.delta(net.L)) for net in SIGMOID)


@claim(NOTE, 57)
def _(v):
    return all_hold(
        agree(lambda net=net: mm(net.delta(net.L), T(net.run()[1][net.L - 1])), net.grad_W(net.L))
        for net in SIGMOID
    )


@claim(NOTE, 64)
def _(v):
    out = []
    for net in SIGMOID + SOFTMAX:
        for l in range(1, net.L + 1):
            W = net.W[l] if v == "written" else T(net.W[l])
            out.append(agree(lambda W=W, l=l, net=net: mm(W, net.delta(l)), net.grad_a(l - 1)))
    return all_hold(out)


@claim(NOTE, 69)
def _(v):
    out = []
    for net in SIGMOID + SOFTMAX:
        z = net.run()[0]
        for l in range(1, net.L):
            rhs = had(mm(T(net.W[l + 1]), net.delta(l + 1)), net.g_prime(l, z[l]))
            out.append(agree(rhs, net.delta(l)))
    return all_hold(out)


@claim(NOTE, 73)
def _(v):
    out = []
    for net in SIGMOID + SOFTMAX:
        a = net.run()[1]
        for l in range(1, net.L + 1):
            a_in = a[l] if v == "written" else a[l - 1]
            out.append(
                agree(lambda a_in=a_in, l=l, net=net: mm(net.delta(l), T(a_in)), net.grad_W(l))
            )
    return all_hold(out)


@claim(NOTE, 75)
def _(v):
    return all_hold(
        agree(net.delta(l), net.grad_b(l)) for net in SIGMOID + SOFTMAX for l in range(1, net.L + 1)
    )


@claim(NOTE, 89)
def _(v):
    out = []
    for net in BATCH:
        m = len(net.xs)
        for l in range(1, net.L + 1):
            rhs = sum(mm(net.delta(l, i), T(net.run(i)[1][l - 1])) for i in range(m)) / m
            out.append(agree(rhs, net.grad_W(l)))
    return all_hold(out)


@claim(NOTE, 91)
def _(v):
    out = []
    for net in BATCH:
        m = len(net.xs)
        for l in range(1, net.L + 1):
            out.append(agree(sum(net.delta(l, i) for i in range(m)) / m, net.grad_b(l)))
    return all_hold(out)


@claim(NOTE, 97)
def _(v):
    out = []
    for net in BATCH:
        m = len(net.xs)
        for l in range(1, net.L + 1):
            Delta = np.hstack([net.delta(l, i) for i in range(m)])
            A_prev = np.hstack([net.run(i)[1][l - 1] for i in range(m)])
            assert Delta.shape == (net.n[l], m) and A_prev.shape == (net.n[l - 1], m)
            out.append(agree(lambda D=Delta, A=A_prev, m=m: mm(D, T(A)) / m, net.grad_W(l)))
    return all_hold(out)


@claim(NOTE, 101)
def _(v):
    return all_hold(
        descent_step(net.W[l] - ALPHA * net.grad_W(l), net.W[l], ALPHA, net.grad_W(l))
        for net in BATCH
        for l in range(1, net.L + 1)
    )


@claim(NOTE, 103)
def _(v):
    return all_hold(
        descent_step(net.b[l] - ALPHA * net.grad_b(l), net.b[l], ALPHA, net.grad_b(l))
        for net in BATCH
        for l in range(1, net.L + 1)
    )


@claim(NOTE, 115)
def _(v):
    out = []
    for net in SOFTMAX:
        yhat, y, d = net.run()[1][net.L], net.ys[0], net.delta(net.L)
        out += [agree(yhat[k, 0] - y[k, 0], d[k, 0]) for k in range(net.n[-1])]
    return all_hold(out)


@claim(NOTE, 117)
def _(v):
    return all_hold(agree(net.run()[1][net.L] - net.ys[0], net.delta(net.L)) for net in SOFTMAX)


@claim(NOTE, 121)
def _(v):
    out = []
    for net in SOFTMAX:
        z, a, _ = net.run()
        L = net.L
        rhs = had(mm(T(net.W[L]), a[L] - net.ys[0]), net.g_prime(L - 1, z[L - 1]))
        out.append(agree(rhs, net.delta(L - 1)))
    return all_hold(out)
