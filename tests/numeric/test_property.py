"""Hypothesis: for random sizes, activations, costs and inputs,
symbolic gradient (sympy.diff of the composed cost) = generated code = finite differences.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from numeric import Network, formulas

from .test_network import finite_differences

HIDDEN = ["sigmoid", "tanh", "relu", "softplus", "identity"]
COSTS = ["quadratic", "binary_cross_entropy", "categorical_cross_entropy"]


def symbolic_gradients(net: Network, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    """sympy.diff of the textbook cost of ``net`` (one symbol per parameter), at its parameters."""
    hidden = formulas.ACTIVATIONS[net.activation.name].forward
    params = [
        sp.Matrix(*p.shape, lambda i, j, k=k: sp.Symbol(f"p{k}_{i}_{j}"))
        for k, p in enumerate([*net.weights, *net.biases])
    ]
    ws, bs = params[: len(net.weights)], params[len(net.weights) :]
    a = sp.Matrix(x.tolist())
    batch = x.shape[1]
    for layer, (w, b) in enumerate(zip(ws, bs, strict=True)):
        zmat = w * a + b * sp.ones(1, batch)
        if layer < len(ws) - 1 or net.output.name != "softmax":
            form = hidden if layer < len(ws) - 1 else formulas.ACTIVATIONS[net.output.name].forward
            a = zmat.applyfunc(lambda e, form=form: form.subs(formulas.z, e))
        else:
            exps = zmat.applyfunc(sp.exp)
            a = sp.Matrix(zmat.rows, batch, lambda i, j, e=exps: e[i, j] / sum(e[:, j]))
    entry = formulas.COSTS[net.cost_function.name].entry
    cost = sum(
        entry.subs({formulas.a: a[i, j], formulas.y: sp.Float(y[i, j], 30)})
        for i in range(a.rows)
        for j in range(batch)
    ) / batch
    values = {
        s: sp.Float(float(v), 30)
        for m, p in zip(params, [*net.weights, *net.biases], strict=True)
        for s, v in zip(m, p.ravel(), strict=True)
    }
    return [
        np.array([float(sp.N(sp.diff(cost, s).xreplace(values), 20)) for s in m]).reshape(p.shape)
        for m, p in zip(params, [*net.weights, *net.biases], strict=True)
    ]


@st.composite
def problems(draw):
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    batch = draw(st.integers(1, 3))
    activation = draw(st.sampled_from(HIDDEN))
    cost = draw(st.sampled_from(COSTS))
    if cost == "categorical_cross_entropy" and sizes[-1] == 1:
        sizes[-1] = 2  # a one-unit softmax is constant
    net = Network(sizes, activation=activation, cost=cost, seed=draw(st.integers(0, 2**16)))
    x = draw(arrays(np.float64, (sizes[0], batch), elements=st.floats(-2, 2)))
    raw = draw(arrays(np.float64, (sizes[-1], batch), elements=st.floats(0.01, 1)))
    if cost == "categorical_cross_entropy":
        y = raw / raw.sum(axis=0)
    elif cost == "binary_cross_entropy":
        y = raw
    else:
        y = 2 * raw - 1
    return net, x, y


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_symbolic_equals_generated_equals_finite_differences(problem):
    """For random networks and batches: sympy.diff = Network.gradients = central differences."""
    net, x, y = problem
    a, zs = x, []
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        zs.append(w @ a + b)
        a = (net.activation if i < len(net.weights) - 1 else net.output).fn(zs[-1])
    assume(net.activation.name != "relu" or min(np.abs(z).min() for z in zs) > 1e-3)
    nabla_w, nabla_b = net.gradients(x, y)
    generated = [*nabla_w, *nabla_b]
    symbolic = symbolic_gradients(net, x, y)
    # Relative in the norm over all parameters; the absolute floor is for an all-zero
    # gradient (every ReLU off), where a relative error is undefined.
    assert distance(generated, symbolic) <= 1e-10 * norm(symbolic) + 1e-14
    assert distance(generated, finite_differences(net, x, y)) <= 1e-6 * norm(symbolic) + 1e-10


def norm(arrays: list[np.ndarray]) -> float:
    return float(np.linalg.norm(np.concatenate([a.ravel() for a in arrays])))


def distance(got: list[np.ndarray], want: list[np.ndarray]) -> float:
    return norm([g - w for g, w in zip(got, want, strict=True)])
