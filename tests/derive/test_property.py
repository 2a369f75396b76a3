"""Property: for random compositions of elementwise functions and affine maps, the
verifier's symbolic derivative, its numeric evaluation and central finite
differences agree."""

from __future__ import annotations

import random

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.conventions import read_conventions
from derive.instance import Instance
from derive.modelbuild import build_model
from derive.parse import parse_latex
from derive.tree import Deriv, Num, Sym
from derive.units import MathUnit

ACTIVATIONS = {
    "tanh": r"\tanh(x)",
    "logistic": r"\frac{1}{1 + e^{-x}}",
    "softplus": r"\log(1 + e^{x})",
    "identity": r"x",
}


def _note(acts):
    lines = [r"z^{l} = W^{l} a^{l-1} + b^{l}", r"C = \frac{1}{2} \sum_j (a^L_j - y_j)^2"]
    for layer, act in enumerate(acts, 1):
        lines.append(f"a^{{{layer}}} = " + ACTIVATIONS[act].replace("x", f"z^{{{layer}}}"))
    return lines


def _instance(acts):
    units = [(MathUnit(t, 2 * i + 1), parse_latex(t)) for i, t in enumerate(_note(acts))]
    model, _ = build_model(read_conventions(units), "")
    return Instance(model, 10_000, scalar=False, numeric=True)


def _forward(inst, expr, values):
    vals = dict(values)
    for node, e in inst.nodes.items():
        vals[node] = e.xreplace(vals)
    return sp.N(expr.xreplace(vals), 30)


@settings(max_examples=12, deadline=None)
@given(acts=st.lists(st.sampled_from(sorted(ACTIVATIONS)), min_size=3, max_size=3),
       layer=st.integers(1, 3), seed=st.integers(0, 10_000))
def test_derivative_matches_finite_differences(acts, layer, seed):
    """∂C/∂W^l from the chain rule equals central differences of C, entry by entry."""
    inst = _instance(acts)
    cost = inst.value(Sym("C"), {})[0, 0]
    grad = inst.value(Deriv(Sym("C"), (Sym("W", layer=(Num(str(layer)),)),)), {})
    rng = random.Random(seed)
    values = {s: sp.Float(rng.randint(-20, 20) / 10, 30)
              for mat in inst.leaf_syms.values() for s in mat}
    weights = inst.leaf_syms[("W", layer)]
    h = sp.Float("1e-10", 30)
    entries = [(0, 0), (weights.rows - 1, weights.cols - 1)]  # first and last entry
    for i, j in entries:
        w = weights[i, j]
        up, down = dict(values), dict(values)
        up[w] += h
        down[w] -= h
        fd = (_forward(inst, cost, up) - _forward(inst, cost, down)) / (2 * h)
        exact = _forward(inst, grad[i, j], values)
        assert abs(fd - exact) <= 1e-9 * (1 + abs(exact)), (i, j, fd, exact)
