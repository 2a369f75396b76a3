"""Checks for docs/examples/nielsen_indices.md (Nielsen indices, generic sigma)."""

from __future__ import annotations

from functools import partial

import numpy as np

from .tools import T, agree, all_hold, at, claim, descent_step, fd_grad, fd_jacobian, had, mm
from .tools import gen as sigma
from .tools import gen_prime as sigma_prime

NOTE = "nielsen_indices.md"


class Net:
    """Layers 1..L, layer 1 the input (a^1 = x). w[l] is n_l x n_{l-1}; column vectors;
    C_x = (1/2) sum_j (a^L_j - y_j)^2 for each example x of the batch."""

    def __init__(self, sizes=(3, 5, 4, 2), seed=0, examples=1):
        rng = np.random.default_rng(seed)
        self.L = len(sizes)
        self.n = {l: sizes[l - 1] for l in range(1, self.L + 1)}
        self.w = {l: rng.normal(size=(self.n[l], self.n[l - 1])) for l in range(2, self.L + 1)}
        self.b = {l: rng.normal(size=(self.n[l], 1)) for l in range(2, self.L + 1)}
        self.xs = [rng.normal(size=(self.n[1], 1)) for _ in range(examples)]
        self.ys = [rng.normal(size=(self.n[self.L], 1)) for _ in range(examples)]

    def run(self, ex=0, w=None, b=None, z_at=None, a_at=None):
        """Forward pass; z_at / a_at = (l, value) replace z^l / a^l on the way."""
        w, b = w or self.w, b or self.b
        z, a = {}, {1: self.xs[ex]}
        if a_at and a_at[0] == 1:
            a[1] = a_at[1]
        for l in range(2, self.L + 1):
            z[l] = w[l] @ a[l - 1] + b[l]
            if z_at and z_at[0] == l:
                z[l] = z_at[1]
            a[l] = sigma(z[l])
            if a_at and a_at[0] == l:
                a[l] = a_at[1]
        C = 0.5 * float(np.sum((a[self.L] - self.ys[ex]) ** 2))
        return z, a, C

    def delta(self, l, ex=0):
        return fd_grad(lambda v: self.run(ex, z_at=(l, v))[2], self.run(ex)[0][l])

    def dC_da(self, l, ex=0):
        return fd_grad(lambda v: self.run(ex, a_at=(l, v))[2], self.run(ex)[1][l])

    def mean_cost(self, w=None, b=None):
        return sum(self.run(x, w, b)[2] for x in range(len(self.xs))) / len(self.xs)

    def dC_dw(self, l):
        return fd_grad(lambda v: self.mean_cost(w={**self.w, l: v}), self.w[l])

    def dC_db(self, l):
        return fd_grad(lambda v: self.mean_cost(b={**self.b, l: v}), self.b[l])


NETS = [Net(seed=1), Net(seed=2)]
# BP2's index checks also run where two adjacent widths agree, so that a swapped index
# is refuted by its values and not only by running out of range.
NETS_BP2 = [*NETS, Net(sizes=(3, 4, 4, 2), seed=3)]


def layers(net, first=2, last_offset=0):
    return range(first, net.L + 1 - last_offset)


@claim(NOTE, 37)
def _(v):
    out = []
    for net in NETS:
        z, a, _ = net.run()
        for l in layers(net):
            w, b = net.w[l], net.b[l]
            by_index = [
                [sigma(sum(w[j, k] * a[l - 1][k, 0] for k in range(net.n[l - 1])) + b[j, 0])]
                for j in range(net.n[l])
            ]
            out.append(agree(lambda w=w, b=b, l=l, a=a: sigma(mm(w, a[l - 1]) + b), by_index))
    return all_hold(out)


@claim(NOTE, 62)
def _(v):
    out = []
    for net in NETS:
        _, a, _ = net.run()
        factor = 2 if v == "written" else 1
        out.append(agree(factor * (a[net.L] - net.ys[0]), net.dC_da(net.L)))
    return all_hold(out)


@claim(NOTE, 69)
def _(v):
    out = []
    for net in NETS:
        z, _, _ = net.run()
        L, dCda = net.L, net.dC_da(net.L)
        out.append(
            agree([[dCda[j, 0] * sigma_prime(z[L][j, 0])] for j in range(net.n[L])], net.delta(L))
        )
    return all_hold(out)


@claim(NOTE, 75)
def _(v):
    return all_hold(
        agree(
            lambda net=net: had(net.dC_da(net.L), sigma_prime(net.run()[0][net.L])),
            net.delta(net.L),
        )
        for net in NETS
    )


@claim(NOTE, 81)
def _(v):
    out = []
    for net in NETS:
        z, a, _ = net.run()
        rhs = partial(had, a[net.L] - net.ys[0], sigma_prime(z[net.L]))
        out.append(agree(rhs, net.delta(net.L)))
    return all_hold(out)


def _jacobian_z(net, l):
    """J[k, j] = d z^{l+1}_k / d z^l_j."""
    return fd_jacobian(lambda zl: net.w[l + 1] @ sigma(zl) + net.b[l + 1], net.run()[0][l])


@claim(NOTE, 90)
def _(v):
    out = []
    for net in NETS:
        for l in layers(net, last_offset=1):
            J, d_next = _jacobian_z(net, l), net.delta(l + 1)
            rhs = [
                [sum(d_next[k, 0] * J[k, j] for k in range(net.n[l + 1]))] for j in range(net.n[l])
            ]
            out.append(agree(rhs, net.delta(l)))
    return all_hold(out)


@claim(NOTE, 97)
def _(v):
    out = []
    for net in NETS:
        z = net.run()[0]
        for l in layers(net, last_offset=1):
            rhs = [
                [net.w[l + 1][k, j] * sigma_prime(z[l][j, 0]) for j in range(net.n[l])]
                for k in range(net.n[l + 1])
            ]
            out.append(agree(rhs, _jacobian_z(net, l)))
    return all_hold(out)


def _bp2_by_index(net, l, swapped):
    """[sum_k w^{l+1}_{kj} delta^{l+1}_k sigma'(z^l_j)]_j, or with w^{l+1}_{jk} if swapped."""
    z, w, d_next = net.run()[0], net.w[l + 1], net.delta(l + 1)

    def weight(j, k):
        return at(w, j, k) if swapped else at(w, k, j)

    return [
        [sum(weight(j, k) * d_next[k, 0] * sigma_prime(z[l][j, 0]) for k in range(net.n[l + 1]))]
        for j in range(net.n[l])
    ]


@claim(NOTE, 103)
def _(v):
    return all_hold(
        agree(partial(_bp2_by_index, net, l, v == "written"), net.delta(l))
        for net in NETS_BP2
        for l in layers(net, last_offset=1)
    )


@claim(NOTE, 110)
def _(v):
    out = []
    for net in NETS:
        z = net.run()[0]
        for l in layers(net, last_offset=1):
            back = mm(T(net.w[l + 1]), net.delta(l + 1))
            out.append(
                agree(back if v == "written" else had(back, sigma_prime(z[l])), net.delta(l))
            )
    return all_hold(out)


@claim(NOTE, 117)
def _(v):
    out = []
    for net in NETS:
        z, a, _ = net.run()
        L = net.L
        rhs = had(mm(T(net.w[L]), had(a[L] - net.ys[0], sigma_prime(z[L]))), sigma_prime(z[L - 1]))
        out.append(agree(rhs, net.delta(L - 1)))
    return all_hold(out)


@claim(NOTE, 125)
def _(v):
    out = []
    for net in NETS:
        for l in layers(net):
            db, d = net.dC_db(l), net.delta(l)
            out += [agree(d[j, 0], db[j, 0]) for j in range(net.n[l])]
    return all_hold(out)


@claim(NOTE, 129)
def _(v):
    return all_hold(agree(net.delta(l), net.dC_db(l)) for net in NETS for l in layers(net))


@claim(NOTE, 135)
def _(v):
    out = []
    for net in NETS:
        a = net.run()[1]
        for l in layers(net):
            d = net.delta(l)
            rhs = [[a[l - 1][k, 0] * d[j, 0] for k in range(net.n[l - 1])] for j in range(net.n[l])]
            out.append(agree(rhs, net.dC_dw(l)))
    return all_hold(out)


@claim(NOTE, 142)
def _(v):
    return all_hold(
        agree(lambda net=net, l=l: mm(net.delta(l), T(net.run()[1][l - 1])), net.dC_dw(l))
        for net in NETS
        for l in layers(net)
    )


@claim(NOTE, 149)
def _(v):
    return all_hold(
        agree(lambda net=net, l=l: mm(net.run()[1][l - 1], T(net.delta(l))), T(net.dC_dw(l)))
        for net in NETS
        for l in layers(net)
    )


@claim(NOTE, 156)
def _(v):
    out = []
    for net in NETS:
        for l in layers(net):
            w, d = net.w[l], net.delta(l)
            rhs = [
                [sum(at(w, j, k) * d[j, 0] for j in range(net.n[l]))] for k in range(net.n[l - 1])
            ]
            out.append(agree(rhs, net.dC_da(l - 1)))
    return all_hold(out)


BATCH = [Net(seed=4, examples=3), Net(seed=5, examples=3)]
ETA = 0.3


def _per_example(net, l):
    """Pairs (a^{x,l-1}, delta^{x,l}) for every example x of the batch."""
    return [(net.run(x)[1][l - 1], net.delta(l, x)) for x in range(len(net.xs))]


@claim(NOTE, 179)
def _(v):
    out = []
    for net in BATCH:
        m = len(net.xs)
        for l in layers(net):
            pairs = _per_example(net, l)
            rhs = [
                [sum(a[k, 0] * d[j, 0] for a, d in pairs) / m for k in range(net.n[l - 1])]
                for j in range(net.n[l])
            ]
            out.append(agree(rhs, net.dC_dw(l)))
    return all_hold(out)


@claim(NOTE, 185)
def _(v):
    out = []
    for net in BATCH:
        m = len(net.xs)
        for l in layers(net):
            pairs = _per_example(net, l)
            new = net.w[l] - ETA / m * sum(mm(d, T(a)) for a, d in pairs)
            out.append(descent_step(new, net.w[l], ETA, net.dC_dw(l)))
    return all_hold(out)


@claim(NOTE, 189)
def _(v):
    out = []
    for net in BATCH:
        m = len(net.xs)
        for l in layers(net):
            new = net.b[l] - ETA / m * sum(d for _, d in _per_example(net, l))
            out.append(descent_step(new, net.b[l], ETA, net.dC_db(l)))
    return all_hold(out)
