"""Every function of numeric/_generated.py, and the hand-written stable forms, against
the textbook closed forms of numeric/formulas.py evaluated by SymPy in 30 digits.

Tolerances: 1e-12 relative plus 1e-15 absolute in float64 (the printed logistic
(1 + tanh(z/2))/2 is exact to about 1e-16 absolute, not relative, for z << 0).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from numeric import _generated as G
from numeric import categorical_cross_entropy_from_logits, formulas, softmax, softmax_vjp

z, a, y, n = formulas.z, formulas.a, formulas.y, formulas.n
RNG_SEED = 20240601
# Points on both sides of 0, away from ReLU's kink, and far out where naive forms overflow.
Z_POINTS = np.array([-750.0, -40.0, -7.5, -1.3, -0.2, 0.05, 0.7, 2.9, 12.0, 40.0, 750.0])
RTOL, ATOL = 1e-12, 1e-15


def exact(expr: sp.Expr, **values: float) -> float:
    """``expr`` at the given symbol values, in 30-digit arithmetic, rounded to float64."""
    subs = {sp.Symbol(k, real=True) if k != "n" else n: sp.Float(v, 30) for k, v in values.items()}
    return float(sp.N(expr.subs(subs), 30))


def closed_forms() -> dict[str, tuple]:
    """Name of each generated scalar function -> (its closed form, the points to test)."""
    forms = {}
    rng = np.random.default_rng(RNG_SEED)
    a_pts = rng.uniform(0.02, 0.98, 8)
    y_pts = rng.uniform(0, 1, 8)
    for name, f in formulas.ACTIVATIONS.items():
        zs = [{"z": v} for v in Z_POINTS]
        forms[name] = (f.forward, zs)
        forms[f"{name}_prime"] = (sp.diff(f.forward, z), zs)
    logistic = formulas.ACTIVATIONS["logistic"].forward
    for name, c in formulas.COSTS.items():
        pts = [{"a": av, "y": yv} for av, yv in zip(a_pts, y_pts, strict=True)]
        forms[name] = (c.entry, pts)
        forms[f"{name}_nabla_a"] = (sp.diff(c.entry, a) / n, [{**p, "n": 3} for p in pts])
        if c.output == "logistic":
            zpts = [{"z": v, "y": yv} for v, yv in zip(Z_POINTS, y_pts, strict=False)]
            forms[f"{name}_from_logits"] = (c.entry.subs(a, logistic), zpts)
    return forms


FORMS = closed_forms()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_generated_function_matches_closed_form(name):
    """The generated function equals the textbook closed form at every test point."""
    expr, points = FORMS[name]
    fn = getattr(G, name)
    for p in points:
        want = exact(expr, **p)
        args = {k: (np.array([[v]]) if k != "n" else v) for k, v in p.items()}
        got = fn(**args)[0, 0]
        assert got == pytest.approx(want, rel=RTOL, abs=ATOL), (name, p)


@pytest.mark.parametrize("name", sorted(formulas.ACTIVATIONS))
def test_prime_from_output_matches_derivative(name):
    """f'(z) computed from a = f(z) equals sympy.diff of the forward form."""
    f = formulas.ACTIVATIONS[name]
    zs = Z_POINTS[np.abs(Z_POINTS) < 30]  # far out, a = f(z) has already lost f'(z)
    got = getattr(G, f"{name}_prime_from_output")(getattr(G, name)(zs))
    want = [exact(sp.diff(f.forward, z), z=v) for v in zs]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=ATOL)


@pytest.mark.parametrize("name", ["binary_cross_entropy_delta", "categorical_cross_entropy_delta"])
def test_fused_delta_is_a_minus_y_over_n(name):
    """The fused output errors print (a - y)/n."""
    rng = np.random.default_rng(RNG_SEED)
    av, yv = rng.random((3, 4)), rng.random((3, 4))
    np.testing.assert_allclose(getattr(G, name)(av, yv, 4), (av - yv) / 4, rtol=1e-15)


def test_every_generated_function_is_tested():
    """Each name in _generated.__all__ has a closed-form test above (none can slip in untested)."""
    covered = set(FORMS) | {f"{k}_prime_from_output" for k in formulas.ACTIVATIONS}
    covered |= {"binary_cross_entropy_delta", "categorical_cross_entropy_delta"}
    covered |= set(formulas.BACKPROP)
    assert set(G.__all__) == covered


@pytest.mark.parametrize("name", sorted(formulas.BACKPROP))
def test_backprop_equation_matches_matrix_expression(name):
    """BP1-BP4 as printed equal the SymPy matrix expression on explicit 3-4-2 matrices."""
    bp = formulas.BACKPROP[name]
    rng = np.random.default_rng(RNG_SEED)
    dims = {"n_l": 4, "n_lm1": 3, "n_lp1": 2, "n": 5}
    values = {}
    for s in bp.args:
        rows, cols = (int(d.subs({v: dims[str(v)] for v in d.free_symbols})) for d in s.shape)
        values[str(s)] = rng.standard_normal((rows, cols))
    explicit = bp.expr.subs({s: sp.ImmutableMatrix(values[str(s)]) for s in bp.args}).doit()
    want = np.array(sp.Matrix(explicit), dtype=float)
    got = getattr(G, name)(**values)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_generated_functions_keep_float32():
    """Every generated function maps float32 inputs to float32 (Python constants do not widen)."""
    rng = np.random.default_rng(RNG_SEED)
    for name in G.__all__:
        fn = getattr(G, name)
        if name.startswith("BP"):
            continue
        params = fn.__code__.co_varnames[: fn.__code__.co_argcount - 1]  # all but out
        args = [3 if p == "n" else rng.uniform(0.1, 0.9, (4, 3)).astype(np.float32) for p in params]
        assert fn(*args).dtype == np.float32, name
    d, w, s = (rng.random(shape).astype(np.float32) for shape in [(2, 5), (2, 4), (4, 5)])
    assert G.BP1(s, s).dtype == G.BP2(w, d, s).dtype == np.float32
    assert G.BP3(d).dtype == G.BP4(d, s).dtype == np.float32


def test_out_argument_is_written_and_returned():
    """Given out=, a generated function writes its result there and returns that array."""
    zv = np.linspace(-3, 3, 12).reshape(3, 4)
    out = np.empty_like(zv)
    assert G.softplus(zv, out) is out
    np.testing.assert_allclose(out, np.log1p(np.exp(zv)), rtol=1e-14)


def test_stable_forms_do_not_overflow():
    """At |z| up to 1e4 the activations, derivatives and BCE from logits stay finite, silently."""
    zv = np.array([[-1e4, -800.0, 0.0, 800.0, 1e4]])
    for name in ["logistic", "softplus", "tanh", "logistic_prime", "softplus_prime"]:
        assert np.all(np.isfinite(getattr(G, name)(zv))), name
    assert np.all(np.isfinite(G.binary_cross_entropy_from_logits(zv, np.full_like(zv, 0.5))))
    np.testing.assert_array_equal(G.logistic(zv), [[0.0, 0.0, 0.5, 1.0, 1.0]])


# -- the hand-written forms ------------------------------------------------------------


def _softmax_exact(col: np.ndarray) -> np.ndarray:
    zs, avec = formulas.softmax(len(col))
    return np.array([float(sp.N(e.subs(dict(zip(zs, col, strict=True))), 30)) for e in avec])


def test_softmax_matches_closed_form():
    """The max-shifted softmax equals e^z / sum e^z per column, also at logits of 1000."""
    rng = np.random.default_rng(RNG_SEED)
    zv = rng.standard_normal((4, 3)) * 3
    zv[:, 2] += 1000.0  # the unshifted form overflows here
    got = softmax(zv)
    for j in range(zv.shape[1]):
        np.testing.assert_allclose(got[:, j], _softmax_exact(zv[:, j]), rtol=1e-12)


def test_softmax_vjp_matches_jacobian_transpose():
    """softmax_vjp(a, g) equals J(z)^T g with J the SymPy Jacobian of softmax."""
    rng = np.random.default_rng(RNG_SEED)
    zv, g = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    zs, avec = formulas.softmax(3)
    jac = avec.jacobian(zs)
    got = softmax_vjp(softmax(zv), g)
    for j in range(2):
        at = dict(zip(zs, zv[:, j], strict=True))
        want = np.array(sp.N(jac.subs(at), 30), dtype=float).T @ g[:, j]
        np.testing.assert_allclose(got[:, j], want, rtol=1e-12)


def test_cce_from_logits_matches_closed_form():
    """y (lse(z) - z) equals -y log softmax(z), entry by entry, also at logits of 1000."""
    rng = np.random.default_rng(RNG_SEED)
    zv = rng.standard_normal((4, 3))
    zv[:, 1] -= 1000.0
    yv = rng.dirichlet(np.ones(4), size=3).T
    got = categorical_cross_entropy_from_logits(zv, yv)
    for j in range(3):
        want = -yv[:, j] * np.log(_softmax_exact(zv[:, j] - zv[:, j].max()))
        np.testing.assert_allclose(got[:, j], want, rtol=1e-12, atol=ATOL)
