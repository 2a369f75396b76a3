"""Derivatives in the instance: the chain rule through the node symbols.

A defined quantity is one symbol per entry with its local formula (see instance.py), so
``∂y/∂x`` is the sum over paths of local partial derivatives: forward (one variable at
a time, :meth:`DerivativesMixin.total_derivative`) or, for the gradient of a number,
one reverse sweep (:meth:`DerivativesMixin.adjoints`) with the adjoints kept as node
symbols so the expressions stay small.
"""

from __future__ import annotations

import contextlib

import sympy as sp

from . import notation as nt
from .errors import CannotEvaluate, ShapeError
from .show import pretty
from .tree import Apply, Deriv, Node, Num, Sym


def _is_scalar(m) -> bool:
    return m.shape == (1, 1)


class DerivativesMixin:
    def derivative(self, node: Deriv, bind):
        wrt_nodes = node.wrt
        if not wrt_nodes and isinstance(node.expr, Apply) and len(node.expr.args) == 1:
            wrt_nodes = node.expr.args
        if len(wrt_nodes) != 1:
            raise CannotEvaluate("a derivative with respect to several things")
        w = wrt_nodes[0]
        if isinstance(node.expr, Sym) and not node.expr.sub and not node.expr.layer \
                and node.expr.name in nt.FUNCTIONS and node.expr.name not in nt.COST_NAMES \
                and not any(not d.is_function for d in self.model.in_force(node.expr.name,
                                                                            self.line)):
            node = Deriv(Apply(node.expr, (w,)), node.wrt, node.style, node.order)  # dσ/da
            if node.expr.func.name != "softmax":
                wrt = self.value(w, bind)
                if 1 in wrt.shape and len(wrt) > 1:  # of a vector: σ'(a), entry by entry
                    expr = self.value(node.expr, bind)
                    self.assumptions.add(f"d{pretty(node.expr.func.name)} taken entry by entry")
                    return sp.Matrix(wrt.rows, wrt.cols, lambda i, j: self.total_derivative(
                        expr[i, j], wrt[i, j]))
        wrt = self.value(w, bind)
        at = None
        if isinstance(node.expr, Apply) and len(node.expr.args) == 1 and isinstance(w, Sym) \
                and isinstance(node.expr.args[0], Sym) and node.expr.args[0] != w \
                and node.expr.args[0].name == w.name and not w.sub:
            at = self.value(node.expr.args[0], bind)  # ∇_θ J(θ_s): the gradient at θ_s
            if at.shape == wrt.shape:
                wrt, w = at, node.expr.args[0]
        if not all(x.is_Symbol for x in wrt) and isinstance(node.expr, Apply) \
                and node.expr.args == (w,):
            # ∇J(w_{t-1}): the gradient of J, taken at a point that is itself computed
            point = sp.Matrix(wrt.rows, wrt.cols, lambda i, j: sp.Dummy(real=True))
            probe = Apply(node.expr.func, (Sym("__point"),))
            expr = self.value(probe, bind, {"__point": point})
            grad = self._derivative_matrix(expr, point)
            return grad.xreplace(dict(zip(point, wrt, strict=True)))
        expr = self.value(node.expr, bind)
        for x in wrt:
            if not x.is_Symbol:
                raise CannotEvaluate("a derivative with respect to an expression")
        if node.order == 2 and _is_scalar(expr) and wrt.shape[1] == 1:
            grad = [self.total_derivative(expr[0, 0], x) for x in wrt]  # ∇²J: the Hessian
            return sp.Matrix(len(grad), len(grad),
                             lambda i, j: self.total_derivative(grad[i], wrt[j]))
        if node.order != 1:
            raise CannotEvaluate("second derivatives of network quantities")
        out = self._derivative_matrix(expr, wrt)
        if all(e == 0 for e in out) and not all(e == 0 for e in expr) \
                and not _written_in(node.expr, w) \
                and not self.downstream(wrt, expr):
            raise CannotEvaluate("the formula does not depend on what it is differentiated by "
                                 "in our reading of the note")
        return out

    def _derivative_matrix(self, expr, wrt):
        if _is_scalar(expr) and len(wrt) > 1:
            adj = self.adjoints(expr[0, 0])  # one backward sweep for every entry
            return wrt.applyfunc(lambda x: adj.get(x, sp.Integer(0)))
        if _is_scalar(expr):
            return wrt.applyfunc(lambda x: self.total_derivative(expr[0, 0], x))
        if _is_scalar(wrt):
            return expr.applyfunc(lambda e: self.total_derivative(e, wrt[0, 0]))
        flat_e, flat_w = list(expr), list(wrt)
        return sp.Matrix(len(flat_e), len(flat_w),
                         lambda i, j: self.total_derivative(flat_e[i], flat_w[j]))

    def adjoints(self, expr) -> dict:
        """d expr / d s for every symbol s expr depends on, through the defined quantities:
        reverse-mode accumulation over the nodes, newest first (a node's formula only
        uses nodes made before it)."""
        key = ("adjoints", expr)
        if key in self.deriv_memo:
            return self.deriv_memo[key]
        terms: dict = {}
        for t in expr.free_symbols:
            terms.setdefault(t, []).append(_diff(expr, t))
        for node in reversed(list(self.nodes)):
            if node not in terms:
                continue
            a = self._adjoint_symbol(terms.pop(node))  # a name for the sum keeps it small
            terms[node] = [a]
            if a == 0:
                continue
            for t, d in self.partials(node).items():
                terms.setdefault(t, []).append(a * d)
        adj = {t: (parts[0] if len(parts) == 1 else self._adjoint_symbol(parts))
               for t, parts in terms.items()}
        self.deriv_memo[key] = adj
        return adj

    def partials(self, node) -> dict:
        """The nonzero partial derivatives of a node's own formula, computed once."""
        key = ("partials", node)
        if key not in self.deriv_memo:
            e = self.nodes[node]
            out = {}
            for t in e.free_symbols:
                d = _diff(e, t)
                if d != 0:
                    out[t] = d
            self.deriv_memo[key] = out
        return self.deriv_memo[key]

    def _adjoint_symbol(self, parts):
        total = sp.Add(*parts)
        if total.is_Symbol or total.is_Number:
            return total
        node = sp.Symbol(f"adj#{len(self.nodes)}", real=True)
        self.nodes[node] = total
        return node

    def total_derivative(self, expr, y):
        """d expr / d y through the defined quantities (scalar chain rule)."""
        key = (expr, y)
        if key in self.deriv_memo:
            return self.deriv_memo[key]
        out = sp.Integer(0)
        for s in expr.free_symbols:
            if s == y:
                out += sp.diff(expr, s)
            elif s in self.nodes and self.depends(s, y):
                out += sp.diff(expr, s) * self.total_derivative(self.nodes[s], y)
        self.deriv_memo[key] = out
        return out

    def reaches(self, value, y) -> bool:
        """Does ``value`` depend on the symbol ``y`` (through the defined quantities)?"""
        return any(t == y or (t in self.nodes and self.depends(t, y))
                   for e in value for t in e.free_symbols)

    def downstream(self, wrt, expr) -> bool:
        """Is what we differentiate by computed from the formula (∂a^{l-1}/∂z^{l})?  Then
        a zero derivative is the network's, not a gap in our reading."""
        sources = {s for e in expr for s in e.free_symbols}
        if self.model.activation_name and any(x not in self.nodes for x in wrt):
            with contextlib.suppress(CannotEvaluate, ShapeError):  # the forward pass: the
                self.sym(Sym(self.model.activation_name, layer=(Num(str(self.last)),)), {})  # users
        for x in wrt:
            if x in self.nodes and any(self.depends(x, s) or self._siblings(x, s)
                                       for s in sources):
                return True
            if x not in self.nodes and any(  # w^{l+1}: a parameter of a later layer
                    x in e.free_symbols and any(self.depends(n, s) for s in sources)
                    for n, e in self.nodes.items()):
                return True
        return False

    def _siblings(self, x, s) -> bool:
        """Are two computed quantities made from a common one (z^l_j and a^l_k, both from
        a^{l-1}; p_i and p_k, both from z)?  Neither depends on the other: the zero is the
        network's."""
        if s not in self.nodes:
            return False
        return bool(self._ancestors(x) & self._ancestors(s))

    def _ancestors(self, s) -> frozenset:
        key = ("anc", s)
        if key not in self.deriv_memo:
            out = set()
            for t in self.nodes[s].free_symbols:
                out |= {t} | (self._ancestors(t) if t in self.nodes else set())
            self.deriv_memo[key] = frozenset(out)
        return self.deriv_memo[key]

    def depends(self, s, y) -> bool:
        key = ("dep", s, y)
        if key in self.deriv_memo:
            return self.deriv_memo[key]
        e = self.nodes[s]
        res = any(t == y or (t in self.nodes and self.depends(t, y)) for t in e.free_symbols)
        self.deriv_memo[key] = res
        return res

    def expand_nodes(self, expr, keep=()):
        """Substitute every defined quantity by its definition, down to the leaves."""
        for _ in range(50):
            subs = {s: self.nodes[s] for s in expr.free_symbols if s in self.nodes
                    and s not in keep}
            if not subs:
                return expr
            expr = expr.xreplace(subs)
        raise CannotEvaluate("definitions nested too deeply")


def _diff(e, t):
    """∂e/∂t, differentiating only the terms of a sum that contain t."""
    if t not in e.free_symbols:
        return sp.Integer(0)
    if e.is_Add:
        return sp.Add(*[_diff(a, t) for a in e.args if t in a.free_symbols])
    if e.is_Mul:  # the product rule, one factor at a time
        args = e.args
        return sp.Add(*[sp.Mul(*args[:k], _diff(f, t), *args[k + 1:])
                        for k, f in enumerate(args) if t in f.free_symbols])
    if e.is_Pow and t not in e.exp.free_symbols:
        return e.exp * e.base ** (e.exp - 1) * _diff(e.base, t)
    if e == t:
        return sp.Integer(1)
    if isinstance(e, sp.Function) and len(e.args) == 1 \
            and not isinstance(e, sp.core.function.AppliedUndef):
        try:  # tanh, exp, log: the derivative of the function, times the inner one
            return e.fdiff(1) * _diff(e.args[0], t)
        except sp.core.function.ArgumentIndexError:
            pass
    return sp.diff(e, t)


def _written_in(expr, w) -> bool:
    """Is ``expr`` a formula written in ``w`` (d/dz of (e^z - e^{-z})/(e^z - e^{-z})), so
    that a zero derivative is the formula's?  ``J(θ)``, a name applied to ``θ``, is not."""
    if expr == w:
        return True
    if isinstance(expr, Apply) and not (isinstance(expr.func, Sym) and (
            expr.func.name in nt.OPERATOR_WORDS or expr.func.name in nt.FUNCTION_WORDS)):
        return False
    if not isinstance(expr, Node):
        return False
    for f in expr.__dataclass_fields__:
        v = getattr(expr, f)
        for c in (v if isinstance(v, tuple) else (v,)):
            if isinstance(c, Node) and _written_in(c, w):
                return True
    return False
