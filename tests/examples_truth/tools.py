"""Helpers for the hand-written checks of the example notes' truth files.

Numbers: central finite differences in float64 on small networks whose layer widths
all differ, so a missing or extra transpose fails as a shape error instead of
broadcasting. Algebra: SymPy `expand`, then 40-digit evaluation at random points.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

EPS = 1e-6
RTOL, ATOL = 1e-5, 1e-7


class Bad(Exception):
    """A formula as written cannot be evaluated: shapes or indices do not conform."""


# ------------------------------------------------------------------ generic activation
def gen(x, slope=0.1):
    """The stand-in for an activation the note leaves generic: tanh(x) + slope x."""
    return np.tanh(x) + slope * x


def gen_prime(x, slope=0.1):
    return 1 - np.tanh(x) ** 2 + slope


def logistic(x):
    return 1 / (1 + np.exp(-x))


def derivative(f: Callable, x: np.ndarray) -> np.ndarray:
    """Element-wise derivative of a scalar function by central differences."""
    return (f(x + EPS) - f(x - EPS)) / (2 * EPS)


# ------------------------------------------------------- matrix algebra that refuses to broadcast
def mm(A, B) -> np.ndarray:
    A, B = np.asarray(A), np.asarray(B)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise Bad(f"matrix product {A.shape} x {B.shape} does not conform")
    return A @ B


def T(A) -> np.ndarray:
    A = np.asarray(A)
    if A.ndim != 2:
        raise Bad("transpose of a non-matrix")
    return A.T


def had(A, B) -> np.ndarray:
    A, B = np.asarray(A), np.asarray(B)
    if A.shape != B.shape:
        raise Bad(f"element-wise product {A.shape} vs {B.shape}")
    return A * B


def at(M, *index):
    """M[index], but an index out of range is a non-conforming formula."""
    M = np.asarray(M)
    if any(not 0 <= i < n for i, n in zip(index, M.shape, strict=True)):
        raise Bad(f"index {index} out of range for shape {M.shape}")
    return M[index]


# ------------------------------------------------------------------ finite differences
def fd_grad(f: Callable[[np.ndarray], float], x: np.ndarray) -> np.ndarray:
    """Gradient of a scalar function of an array, entry by entry."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += EPS
        xm[i] -= EPS
        g[i] = (f(xp) - f(xm)) / (2 * EPS)
    return g


def fd_jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> np.ndarray:
    """J[k, j] = d f_k / d x_j for column vectors x and f(x)."""
    x = np.array(x, dtype=float)
    cols = []
    for j in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp.flat[j] += EPS
        xm.flat[j] -= EPS
        cols.append(((f(xp) - f(xm)) / (2 * EPS)).ravel())
    return np.stack(cols, axis=1)


# ------------------------------------------------------------------ comparisons
def agree(written, truth) -> bool:
    """Does the written formula (a value or a thunk) equal the true value?"""
    try:
        w = written() if callable(written) else written
    except Bad:
        return False
    w, t = np.asarray(w, dtype=float), np.asarray(truth, dtype=float)
    if w.shape != t.shape:
        return False
    if np.allclose(w, t, rtol=RTOL, atol=ATOL):
        return True
    rel = np.max(np.abs(w - t)) / max(1e-12, float(np.max(np.abs(t))))
    if rel < 1e-3:
        raise AssertionError(f"ambiguous comparison (relative difference {rel:.1e})")
    return False


def all_hold(results: Iterable[bool]) -> bool:
    return all(list(results))


def sym_equal(a, b, lo: float = -2.0, hi: float = 2.0, points: int = 8, seed: int = 0) -> bool:
    """Equality of two SymPy expressions: `expand` of the difference, else 40-digit
    evaluation at random points with every free symbol drawn from (lo, hi).
    Matrices are compared entry by entry."""
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return a.shape == b.shape and all(
            sym_equal(x, y, lo, hi, points, seed) for x, y in zip(a, b, strict=True)
        )
    a, b = sp.sympify(a).doit(), sp.sympify(b).doit()
    if sp.expand(a - b) == 0:
        return True
    free = sorted((a - b).free_symbols, key=lambda s: s.name)
    fa = sp.lambdify(free, a, modules="mpmath")
    fb = sp.lambdify(free, b, modules="mpmath")
    rng = random.Random(seed)
    with mpmath.workdps(40):
        for _ in range(points):
            args = [mpmath.mpf(lo) + (mpmath.mpf(hi) - lo) * mpmath.mpf(rng.random()) for _ in free]
            va, vb = fa(*args), fb(*args)
            if abs(va - vb) > mpmath.mpf("1e-30") * max(1, abs(va), abs(vb)):
                return False
    return True


def sym_all_equal(pairs: Iterable[tuple], **kw) -> bool:
    return all(sym_equal(a, b, **kw) for a, b in pairs)


def descent_step(new, old, eta: float, grad) -> bool:
    """An update rule is right iff its step is -eta times the true gradient."""
    try:
        step = np.asarray(new() if callable(new) else new) - np.asarray(old)
    except Bad:
        return False
    return agree(step, -eta * np.asarray(grad))


# ------------------------------------------------------------------ registry
Variant = str  # "written" or "corrected"
Position = int | tuple[int, int]  # a line, or (cell, line) in a notebook


@dataclass
class Derivation:
    """Rows of an aligned block. Link semantics: row 1 holds iff lhs == rows[0];
    row k > 1 holds iff rows[k-2] == rows[k-1]."""

    note: str
    lines: list[Position]
    lhs: object
    rows: list
    corrected: dict[Position, object] = field(default_factory=dict)
    equal: Callable[[object, object], bool] = sym_equal


CLAIMS: dict[tuple[str, Position], Callable[[Variant], bool]] = {}
DERIVATIONS: list[Derivation] = []


def claim(note: str, pos: Position):
    """Register the hand-written translation of the claim at `pos` of `note`."""

    def register(fn: Callable[[Variant], bool]):
        key = (note, pos)
        if key in CLAIMS:
            raise AssertionError(f"two checks for {key}")
        CLAIMS[key] = fn
        return fn

    return register


def derivation(note: str, lines: list[Position], lhs, rows: list, corrected=None, equal=sym_equal):
    if len(lines) != len(rows):
        raise AssertionError(f"{note}: {len(lines)} lines for {len(rows)} rows")
    DERIVATIONS.append(Derivation(note, lines, lhs, rows, corrected or {}, equal))
