"""Evaluating an instance's formulas at a point, fast: a walk over the SymPy tree in
mpmath at 40 significant digits, every shared subexpression computed once per point.

Building a new SymPy expression for each substitution (``xreplace`` then ``N``) spent
most of a claim's time on SymPy's automatic simplification; this walk does only the
arithmetic.  A node it does not know (rare) is evaluated by SymPy instead, so the
result never depends on which path ran.
"""

from __future__ import annotations

import mpmath
import sympy as sp

DIGITS = 40

_FUNCS = {
    "tanh": mpmath.tanh, "exp": mpmath.exp, "log": mpmath.log, "sin": mpmath.sin,
    "cos": mpmath.cos, "Abs": mpmath.fabs, "sign": mpmath.sign,
}


class Unsupported(Exception):
    pass


class Evaluator:
    """Values at one point; ``reset`` for the next point."""

    def __init__(self):
        self.memo: dict = {}

    def reset(self) -> None:
        self.memo = {}

    def value(self, expr, vals: dict):
        """``expr`` at the point ``vals`` (symbol -> mpf or None), an mpf, or None where
        it is not a finite real number."""
        with mpmath.workdps(DIGITS):
            try:
                return _real(self._ev(expr, vals))
            except Unsupported:
                pass
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                return None
            return self._sympy(expr, vals)

    def _sympy(self, expr, vals):
        subs = {}
        for a in expr.free_symbols:
            if vals.get(a) is None:
                return None
            subs[a] = sp.Float(vals[a], DIGITS)
        v = sp.N(expr.xreplace(subs), DIGITS)
        if not v.is_number or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_real:
            return None
        return mpmath.mpf(sp.Float(v, DIGITS)._mpf_)

    def _ev(self, e, vals):  # noqa: C901 - one case per kind of node
        memo = self.memo
        if e in memo:
            return memo[e]
        if e.is_Symbol:
            v = vals.get(e)
            if v is None:
                raise ValueError("no value")
        elif e.is_Rational:
            v = mpmath.mpf(int(e.p)) / int(e.q)
        elif e.is_Float:
            v = mpmath.mpf(e._mpf_)
        elif e is sp.pi:
            v = mpmath.pi
        elif e is sp.E:
            v = mpmath.e
        elif e.is_Add:
            v = mpmath.fsum(self._ev(a, vals) for a in e.args)
        elif e.is_Mul:
            v = mpmath.mpf(1)
            for a in e.args:
                v *= self._ev(a, vals)
        elif e.is_Pow:
            b, x = self._ev(e.args[0], vals), self._ev(e.args[1], vals)
            if b < 0 and x != int(x):
                raise ValueError("a negative base to a fractional power")
            v = b ** x
        elif isinstance(e, sp.Piecewise):
            v = None
            for expr, cond in e.args:
                if self._truth(cond, vals):
                    v = self._ev(expr, vals)
                    break
            if v is None:
                raise ValueError("no piece applies")
        elif isinstance(e, sp.Heaviside):
            x = self._ev(e.args[0], vals)
            v = mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else mpmath.mpf(0.5))
        elif isinstance(e, (sp.Max, sp.Min)):
            xs = [self._ev(a, vals) for a in e.args]
            v = max(xs) if isinstance(e, sp.Max) else min(xs)
        elif isinstance(e, sp.Function) and type(e).__name__ in _FUNCS and len(e.args) == 1:
            v = _FUNCS[type(e).__name__](self._ev(e.args[0], vals))
        else:
            raise Unsupported(type(e).__name__)
        if isinstance(v, mpmath.mpc):
            raise ValueError("complex")
        memo[e] = v
        return v

    def _truth(self, cond, vals) -> bool:
        if cond is sp.true or cond is True:
            return True
        if cond is sp.false or cond is False:
            return False
        if isinstance(cond, sp.core.relational.Relational):
            a, b = self._ev(cond.lhs, vals), self._ev(cond.rhs, vals)
            ops = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b,
                   "!=": a != b}
            if cond.rel_op not in ops:
                raise Unsupported(cond.rel_op)
            return ops[cond.rel_op]
        if isinstance(cond, sp.And):
            return all(self._truth(c, vals) for c in cond.args)
        if isinstance(cond, sp.Or):
            return any(self._truth(c, vals) for c in cond.args)
        if isinstance(cond, sp.Not):
            return not self._truth(cond.args[0], vals)
        raise Unsupported(type(cond).__name__)


def _real(v):
    if not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v):
        return None
    return v


def to_mpf(x):
    """A leaf value (a SymPy number) as an mpf."""
    with mpmath.workdps(DIGITS):
        if x.is_Rational:
            return mpmath.mpf(int(x.p)) / int(x.q)
        return mpmath.mpf(sp.Float(x, DIGITS)._mpf_)
