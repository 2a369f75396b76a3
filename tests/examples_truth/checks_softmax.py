"""Checks for docs/examples/softmax_and_updates.tex (softmax Jacobian, update rules)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from .tools import agree, all_hold, claim, derivation, descent_step, fd_grad, had, mm
from .tools import sym_all_equal as all_equal

NOTE = "softmax_and_updates.tex"
K = 4

z = sp.symbols(f"z1:{K + 1}", real=True)
_total = sum(sp.exp(zk) for zk in z)
p = [sp.exp(zi) / _total for zi in z]
ONE_HOT = [[int(i == c) for i in range(K)] for c in range(K)]


def kron(i, j):
    return int(i == j)


# ------------------------------------------------------------------ the Jacobian (SymPy, K = 4)
derivation(
    NOTE,
    [31, 32, 33],
    lhs=sp.Matrix([sp.diff(p[i], z[i]) for i in range(K)]),
    rows=[
        sp.Matrix(
            [(sp.exp(z[i]) * _total - sp.exp(z[i]) * sp.exp(z[i])) / _total**2 for i in range(K)]
        ),
        sp.Matrix([p[i] - p[i] ** 2 for i in range(K)]),
        sp.Matrix([p[i] * (1 - p[i]) for i in range(K)]),
    ],
)


def _off_diagonal():
    return [(i, j) for i in range(K) for j in range(K) if i != j]


@claim(NOTE, 37)
def _(v):
    middle = {(i, j): -sp.exp(z[i]) * sp.exp(z[j]) / _total**2 for i, j in _off_diagonal()}
    return all_equal((sp.diff(p[i], z[j]), middle[i, j]) for i, j in _off_diagonal()) and all_equal(
        (middle[i, j], -p[i] * p[j]) for i, j in _off_diagonal()
    )


@claim(NOTE, 41)
def _(v):
    return all_equal(
        (sp.diff(p[i], z[j]), p[i] * (kron(i, j) - p[j])) for i in range(K) for j in range(K)
    )


@claim(NOTE, 46)
def _(v):
    return all_equal(
        (sp.diff(p[i], z[j]), p[j] * (kron(i, j) - p[i])) for i in range(K) for j in range(K)
    )


@claim(NOTE, 51)
def _(v):
    P = sp.Matrix(p)
    return all_equal([(P.jacobian(z), sp.diag(*p) - P * P.T)])


# ------------------------------------------------------- cross-entropy (SymPy, every one-hot y)
def _ce_rows():
    """Rows of the derivation as matrices over (true class c, logit j)."""

    def table(fn):
        return sp.Matrix(K, K, lambda c, j: fn(ONE_HOT[c], j))

    def loss(yv):
        return -sum(yv[i] * sp.log(p[i]) for i in range(K))

    lhs = table(lambda yv, j: sp.diff(loss(yv), z[j]))
    rows = [
        table(
            lambda yv, j: -sum(sp.Rational(yv[i]) / p[i] * sp.diff(p[i], z[j]) for i in range(K))
        ),
        table(
            lambda yv, j: (
                -sum(sp.Rational(yv[i]) / p[i] * p[i] * (kron(i, j) - p[j]) for i in range(K))
            )
        ),
        table(lambda yv, j: -sum(yv[i] * kron(i, j) for i in range(K)) + p[j] * sum(yv)),
        table(lambda yv, j: p[j] - yv[j]),
    ]
    return lhs, rows


_lhs, _rows = _ce_rows()
derivation(NOTE, [60, 61, 62, 63], lhs=_lhs, rows=_rows)


# ------------------------------------------------------------------ numbers: NumPy, K = 4
def softmax(zv):
    e = np.exp(zv - zv.max())
    return e / e.sum()


RNG = np.random.default_rng(7)
LOGITS = [RNG.normal(size=(K, 1)) * 2 for _ in range(3)]


@claim(NOTE, 67)
def _(v):
    out = []
    for zv in LOGITS:
        for yv in np.eye(K):
            yv = yv.reshape(K, 1)
            grad = fd_grad(lambda t, yv=yv: -float(np.sum(yv * np.log(softmax(t)))), zv)
            out.append(agree(softmax(zv) - yv, grad))
    return all_hold(out)


COEF = RNG.normal(size=(K, 1))


def any_loss(pv):
    """A loss of the probabilities that is not the cross-entropy."""
    return float(np.sin(COEF.T @ pv)[0, 0] + np.sum(pv**3) + pv[0, 0] * pv[1, 0])


@claim(NOTE, 80)
def _(v):
    out = []
    for zv in LOGITS:
        pv = softmax(zv)
        g = fd_grad(any_loss, pv)
        grad = fd_grad(lambda t: any_loss(softmax(t)), zv)
        # written: p_i (delta_ij - p_i); corrected: p_i (delta_ij - p_j)
        last = (lambda i, j: i) if v == "written" else (lambda i, j: j)
        rhs = [
            [sum(g[i, 0] * pv[i, 0] * (kron(i, j) - pv[last(i, j), 0]) for i in range(K))]
            for j in range(K)
        ]
        out.append(agree(rhs, grad))
    return all_hold(out)


@claim(NOTE, 84)
def _(v):
    out = []
    for zv in LOGITS:
        pv = softmax(zv)
        g = fd_grad(any_loss, pv)
        grad = fd_grad(lambda t: any_loss(softmax(t)), zv)
        out.append(agree(lambda pv=pv, g=g: had(pv, g - mm(pv.T, g) * np.ones((K, 1))), grad))
    return all_hold(out)


# ------------------------------------------------------------------ update rules, d = 3
ETA, LAM, BETA = 0.01, 0.3, 0.8
THETAS = [RNG.normal(size=(3, 1)) for _ in range(3)]


def J(theta):
    """Any differentiable objective."""
    t = theta.ravel()
    return float(np.sum(np.sin(t)) + t[0] * t[1] ** 2 + 0.5 * np.exp(0.3 * t[2]))


def J_tilde(theta):
    return J(theta) + LAM / 2 * float(np.sum(theta**2))


@claim(NOTE, 97)
def _(v):
    return all_hold(
        descent_step(th - ETA * fd_grad(J, th), th, ETA, fd_grad(J, th)) for th in THETAS
    )


@claim(NOTE, 107)
def _(v):
    factor = 2 if v == "written" else 1
    return all_hold(
        agree(fd_grad(J, th) + factor * LAM * th, fd_grad(J_tilde, th)) for th in THETAS
    )


@claim(NOTE, 111)
def _(v):
    return all_hold(
        descent_step(th - ETA * (fd_grad(J, th) + LAM * th), th, ETA, fd_grad(J_tilde, th))
        for th in THETAS
    )


@claim(NOTE, 115)
def _(v):
    return all_hold(
        descent_step((1 - ETA * LAM) * th - ETA * fd_grad(J, th), th, ETA, fd_grad(J_tilde, th))
        for th in THETAS
    )


@claim(NOTE, 126)
def _(v):
    """From v_0 = 0 the first step must be -eta grad J(theta_0) and lower J; later steps
    must move against the velocity."""
    sign = 1 if v == "written" else -1
    out = []
    for theta0 in THETAS:
        theta, vel = theta0, np.zeros_like(theta0)
        for t in range(3):
            vel = BETA * vel + fd_grad(J, theta)
            new = theta + sign * ETA * vel
            if t == 0:
                out.append(descent_step(new, theta, ETA, fd_grad(J, theta)))
                out.append(J(new) < J(theta))
            out.append(agree(new - theta, -ETA * vel))
            theta = new
    return all_hold(out)


@claim(NOTE, 131)
def _(v):
    rng = np.random.default_rng(11)
    grads = [rng.normal(size=(3, 1)) for _ in range(6)]
    vel, out = np.zeros((3, 1)), []
    for t, g in enumerate(grads):
        vel = BETA * vel + g
        out.append(agree(sum(BETA ** (t - s) * grads[s] for s in range(t + 1)), vel))
    return all_hold(out)
