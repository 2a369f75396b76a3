"""The SymPy formulas of numeric/formulas.py, checked with SymPy directly.

The derive verifier will check these too; until then each identity is proved
here: a derivative against ``sympy.diff``, a stable form against the textbook
one, and BP1--BP4 against entry-by-entry derivatives of a composed cost.
"""

from __future__ import annotations

import pytest
import sympy as sp

from numeric import formulas as F

z, a, y, n = F.z, F.a, F.y, F.n
zp = sp.Symbol("zp", positive=True)
zn = sp.Symbol("zn", negative=True)


def is_zero(expr: sp.Expr) -> bool:
    """Decide ``expr == 0`` for our exp/log/tanh identities: log1p, expm1, tanh rewritten."""
    expr = expr.rewrite(sp.log).rewrite(sp.exp)
    return sp.simplify(sp.expand_log(sp.expand(expr), force=True)) == 0


def on_each_side(expr: sp.Expr) -> list[sp.Expr]:
    """``expr`` with ``z`` replaced by a positive and by a negative symbol (away from kinks)."""
    return [expr.subs(z, zp), expr.subs(z, zn)]


ELEMENTWISE = sorted(F.ACTIVATIONS)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_prime_is_the_derivative_of_forward(name):
    """Each activation's stored derivative equals sympy.diff of its textbook forward form."""
    f = F.ACTIVATIONS[name]
    residual = f.prime - sp.diff(f.forward, z)
    assert all(is_zero(r) for r in on_each_side(residual))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_stable_form_equals_textbook_form(name):
    """The form printed to code equals the textbook closed form on both sides of 0."""
    f = F.ACTIVATIONS[name]
    assert all(is_zero(r) for r in on_each_side(f.stable - f.forward))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_prime_from_output_is_the_derivative(name):
    """The derivative written in a = f(z) equals f'(z) once a is replaced by f(z)."""
    f = F.ACTIVATIONS[name]
    residual = f.prime_from_output.subs(a, f.forward) - sp.diff(f.forward, z)
    assert all(is_zero(r) for r in on_each_side(residual))


def test_relu_kink_has_derivative_zero():
    """ReLU's printed derivative is 0 at the kink z = 0, in z and in a."""
    relu = F.ACTIVATIONS["relu"]
    assert relu.prime.subs(z, 0) == 0
    assert relu.prime_from_output.subs(a, 0) == 0


@pytest.mark.parametrize("name", sorted(F.COSTS))
def test_nabla_a_is_the_derivative_of_the_batch_mean(name):
    """nabla_a is d/da of the entry cost divided by n (the cost is a mean over columns)."""
    c = F.COSTS[name]
    assert sp.simplify(c.nabla_a - sp.diff(c.entry, a) / n) == 0


def test_bce_from_logits_equals_bce_of_logistic():
    """softplus(z) - y z equals -[y log sigma(z) + (1-y) log(1-sigma(z))] on both sides of 0."""
    c = F.COSTS["binary_cross_entropy"]
    sigma = F.ACTIVATIONS["logistic"].forward
    residual = c.from_logits - c.entry.subs(a, sigma)
    assert all(is_zero(r) for r in on_each_side(residual))


def test_bce_fused_delta_is_d_cost_d_z():
    """For a logistic output, d/dz of the binary cross-entropy over n columns is (a - y)/n."""
    c = F.COSTS["binary_cross_entropy"]
    sigma = F.ACTIVATIONS["logistic"].forward
    residual = sp.diff(c.entry.subs(a, sigma), z) / n - c.delta.subs(a, sigma)
    assert is_zero(residual)


def test_cce_fused_delta_is_d_cost_d_z():
    """For a softmax output and columns of Y summing to 1, dC/dz_i of the CCE is (a_i - y_i)/n."""
    c = F.COSTS["categorical_cross_entropy"]
    zs, avec = F.softmax(3)
    ys = sp.symbols("y_1:4", real=True)
    cost = sum(c.entry.subs({a: avec[j], y: ys[j]}) for j in range(3)) / n
    on_simplex = {ys[2]: 1 - ys[0] - ys[1]}
    for i in range(3):
        want = c.delta.subs({a: avec[i], y: ys[i]})
        assert is_zero((sp.diff(cost, zs[i]) - want).subs(on_simplex))


def test_softmax_jacobian_and_vjp():
    """diag(a) - a a^T is softmax's Jacobian, and a*(g - a.g) is its transpose times g."""
    zs, avec = F.softmax(3)
    jac = avec.jacobian(zs)
    assert (jac - F.softmax_jacobian(avec)).applyfunc(sp.simplify) == sp.zeros(3, 3)
    g = sp.Matrix(sp.symbols("g_1:4"))
    assert (jac.T * g - F.softmax_vjp(avec, g)).applyfunc(sp.simplify) == sp.zeros(3, 1)


# -- BP1..BP4 on a concrete instance -------------------------------------------------


def _instance(sizes: list[int], batch: int):
    """A network with one symbol per weight, bias, input and target, and a generic sigma."""
    sigma = sp.Function("sigma")
    ws = [
        sp.Matrix(sizes[l + 1], sizes[l], lambda i, j, l=l: sp.Symbol(f"w{l + 1}_{i}{j}"))
        for l in range(len(sizes) - 1)
    ]
    bs = [
        sp.Matrix(sizes[l + 1], 1, lambda i, j, l=l: sp.Symbol(f"b{l + 1}_{i}"))
        for l in range(len(sizes) - 1)
    ]
    x = sp.Matrix(sizes[0], batch, lambda i, j: sp.Symbol(f"x_{i}{j}"))
    yy = sp.Matrix(sizes[-1], batch, lambda i, j: sp.Symbol(f"y_{i}{j}"))
    activation, activations, zs = x, [x], []
    for w, b in zip(ws, bs, strict=True):
        zmat = w * activation + b * sp.ones(1, batch)
        zs.append(zmat)
        activation = zmat.applyfunc(sigma)
        activations.append(activation)
    return sigma, ws, bs, yy, zs, activations


def _evaluate(name: str, **matrices) -> sp.Matrix:
    """Evaluate BACKPROP[name] with explicit matrices in place of its matrix symbols."""
    bp = F.BACKPROP[name]
    mapping = {s: sp.ImmutableMatrix(matrices[str(s)]) for s in bp.args}
    return sp.Matrix(bp.expr.subs(mapping).doit())


def test_bp1_to_bp4_match_diff_of_the_composed_cost():
    """BP1-BP4 (column convention, 3-4-2 network, batch of 2) equal dC/dw, dC/db entry by entry."""
    sizes, batch = [3, 4, 2], 2
    sigma, ws, bs, yy, zs, activations = _instance(sizes, batch)
    t = sp.Symbol("t")
    quadratic = F.COSTS["quadratic"]
    out = activations[-1]
    cost = sum(
        quadratic.entry.subs({a: out[i, j], y: yy[i, j]})
        for i in range(out.rows)
        for j in range(batch)
    ) / batch

    def sigma_prime(zmat):
        return zmat.applyfunc(lambda e: sp.Subs(sp.Derivative(sigma(t), t), t, e))

    nabla_a = sp.Matrix(
        out.rows, batch,
        lambda i, j: quadratic.nabla_a.subs({a: out[i, j], y: yy[i, j], n: batch}),
    )
    delta = _evaluate("BP1", nabla_a=nabla_a, sp=sigma_prime(zs[-1]))
    for l in range(1, len(sizes)):  # l counts layers back from the output, as in Nielsen
        if l > 1:
            delta = _evaluate("BP2", w=ws[-l + 1], delta=delta, sp=sigma_prime(zs[-l]))
        nabla_w = _evaluate("BP4", delta=delta, a=activations[-l - 1])
        nabla_b = _evaluate("BP3", delta=delta)
        w, b = ws[-l], bs[-l]
        assert nabla_w.shape == w.shape and nabla_b.shape == b.shape
        for i in range(w.rows):
            assert sp.expand(sp.diff(cost, b[i]) - nabla_b[i]) == 0
            for j in range(w.cols):
                assert sp.expand(sp.diff(cost, w[i, j]) - nabla_w[i, j]) == 0
