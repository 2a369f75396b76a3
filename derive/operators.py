"""Operators in the instance: products (with the ones vector that conforms), sums of
matrices (a bias column over a batch), powers, function application, ``\\sum`` and the
index ranges it runs over."""

from __future__ import annotations

import sympy as sp

from . import notation as nt
from .dataset import EXAMPLES
from .derivatives import _is_scalar
from .errors import CannotEvaluate, ShapeError
from .model import Definition, mentions, walk
from .tree import (
    Apply,
    Deriv,
    Ellipsis_,
    Entry,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Relation,
    Sum,
    Sym,
    Transpose,
)

BATCH = EXAMPLES  # examples in a batch (rows of X); no layer of the instance has this width


class _Value(Node):
    """A value already computed, standing in a product's factor list."""

    def __init__(self, value):
        self.value = value


class OperatorsMixin:
    def unroll(self, terms, bind):
        """``w_{j0}a_0 + w_{j1}a_1 + … + w_{jk}a_k + … + b_j``: Σ_k of the general term."""
        general, kept = None, []
        for t in terms:
            if isinstance(t, Ellipsis_):
                continue
            letters = {i.name for n in walk(t) if isinstance(n, Sym) for i in n.sub
                       if isinstance(i, Sym) and i.name not in bind and len(i.name) == 1}
            numbered = any(isinstance(i, Num) for n in walk(t) if isinstance(n, Sym)
                           for i in n.sub)
            if letters and general is None:
                general = (t, sorted(letters)[0])
            elif not numbered:
                kept.append(t)
        if general is None:
            raise CannotEvaluate("a '…' pattern without a general term")
        self.assumptions.add(f"'…' read as a sum over {general[1]}")
        return [Sum(general[0], Sym(general[1]))] + kept

    def scalar_of(self, m):
        if not _is_scalar(m):
            raise ShapeError(f"a {m.shape[0]}×{m.shape[1]} matrix where a number belongs")
        return m[0, 0]

    def condition(self, rel, bind):
        if not isinstance(rel, Relation):
            raise CannotEvaluate("a condition that is not a comparison")
        a = self.scalar_of(self.value(rel.lhs, bind))
        b = self.scalar_of(self.value(rel.rhs, bind))
        ops = {">": sp.Gt, ">=": sp.Ge, "<": sp.Lt, "<=": sp.Le, "=": sp.Eq, "!=": sp.Ne}
        if rel.op not in ops:
            raise CannotEvaluate(f"the condition {rel.op}")
        return ops[rel.op](a, b)

    def product(self, node: Mul, bind, rows: int | None = None):
        r"""A product; a literal 1 beside a matrix is the ones vector that conforms
        (``dZ\,\mathbf 1`` sums rows, ``\mathbf 1^T dZ`` columns, ``\mathbf 1 b^T``
        repeats a row ``rows`` times)."""
        factors = list(node.factors)
        if self.example_vars and len(factors) >= 2:
            for k in range(1, len(factors)):
                ex = self.at_example_of(factors[k], bind)
                if ex is not None and node.ops[k - 1] in ("call?", "juxt"):
                    head = factors[k - 1]
                    value = self.at_example(ex, lambda h=head: self.value(h, bind))
                    rest = factors[:k - 1] + [_Value(value)] + factors[k + 1:]
                    ops = node.ops[:k - 1] + node.ops[k:]
                    return self.product(Mul(tuple(rest), ops), bind, rows) if len(rest) > 1 \
                        else value
        for k in range(1, len(factors)):
            head = factors[k - 1]
            if node.ops[k - 1] == "call?" and isinstance(head, Sym) and len(head.name) > 1 \
                    and head.name not in nt.FUNCTIONS and head.name not in nt.GREEK \
                    and not any(True for _ in self.model.in_force(head.name, self.line)):
                if head.name != "diag":
                    raise CannotEvaluate(f"{head.name}(…) is not a known function")
                v = self.value(factors[k], bind)  # diag(p): the matrix with p on its diagonal
                rest = factors[:k - 1] + [_Value(sp.diag(*list(v)))] + factors[k + 1:]
                ops = node.ops[:k - 1] + node.ops[k:]
                return self.product(Mul(tuple(rest), ops), bind, rows) if len(rest) > 1 \
                    else rest[0].value
        ones = [k for k, f in enumerate(factors) if _is_one(f)]
        if not ones or len(factors) < 2 or self.scalar:
            out = self.value(factors[0], bind)
            for op, f in zip(node.ops, factors[1:], strict=True):
                out = self.mul(out, self.value(f, bind), op)
            return out
        values = [None if k in ones else self.value(f, bind) for k, f in enumerate(factors)]
        for k in ones:
            left = values[k - 1] if k > 0 else None
            right = values[k + 1] if k + 1 < len(values) else None
            if isinstance(factors[k], Transpose):  # 1^T A: a row as long as A is tall
                n = right.shape[0] if right is not None else None
                values[k] = None if n is None else sp.ones(1, n)
            elif left is not None and not _is_scalar(left):  # A 1: as long as A is wide
                values[k] = sp.ones(left.shape[1], 1)
            elif right is not None and right.shape[0] == 1:  # 1 b^T: a column
                values[k] = sp.ones(rows or BATCH, 1)
            elif right is None and left is not None and rows and not isinstance(
                    factors[k], Transpose):  # (p^T g) 1: as tall as what it is added to
                values[k] = sp.ones(rows, 1)
            if values[k] is None or (right is not None and _is_scalar(right) and left is None):
                values[k] = sp.Matrix([[1]])
            else:
                self.assumptions.add("1 read as the ones vector")
        out = values[0]
        for op, v in zip(node.ops, values[1:], strict=True):
            out = self.mul(out, v, op)
        return out

    def add(self, a, b):
        if a.shape == b.shape:
            return a + b
        if self.model.convention == "column" and not self.scalar and a.shape[0] == b.shape[0] \
                and BATCH in (a.shape[1], b.shape[1]) and 1 in (a.shape[1], b.shape[1]) \
                and 1 not in (a.shape[0],):
            # W A + b over a batch of columns: b is added to every column
            wide, col = (a, b) if a.shape[1] == BATCH else (b, a)
            self.assumptions.add("a column added to every column of a batch")
            return wide + col * sp.ones(1, BATCH)
        if self.model.convention == "row" and not self.scalar and a.shape[1] == b.shape[1] \
                and BATCH in (a.shape[0], b.shape[0]) and 1 in (a.shape[0], b.shape[0]) \
                and a.shape[1] != 1:
            # X W + b over a batch of rows: b is added to every row
            tall, row = (a, b) if a.shape[0] == BATCH else (b, a)
            self.assumptions.add("a row added to every row of a batch")
            return tall + sp.ones(BATCH, 1) * row
        if _is_scalar(b) and (self.scalar or self._constant(b[0, 0])):
            a, b = b, a
        if _is_scalar(a) and (self.scalar or self._constant(a[0, 0])):
            # 1 - a for a vector a: the number is added to every entry
            return b + a[0, 0] * sp.ones(*b.shape)
        for m in (a, b):
            if _is_scalar(m) and m[0, 0].is_Symbol and m[0, 0] not in self.nodes:
                # a letter nobody defines or declares, read as a number: maybe a vector
                raise CannotEvaluate(f"{m[0, 0]} taken for a number beside a "
                                     f"{max(a.shape)}-vector")
        raise ShapeError(f"adding a {a.shape[0]}×{a.shape[1]} and a {b.shape[0]}×{b.shape[1]}")

    def _constant(self, e) -> bool:
        """A number or a scalar constant (ε, λ) that notation adds to every entry."""
        return e.is_Number or (e.is_Symbol and e not in self.nodes
                               and str(e).split("_")[0] in nt.POSITIVE_NAMES | {"epsilon"})

    def mul(self, a, b, op):
        if _is_scalar(a):
            return a[0, 0] * b
        if _is_scalar(b):
            return a * b[0, 0]
        if op in ("odot", "circ"):
            if a.shape != b.shape:
                raise ShapeError(f"elementwise product of {_dims(a)} and {_dims(b)}")
            return a.multiply_elementwise(b)
        if a.shape[1] == b.shape[0]:
            return a * b
        if a.shape == b.shape and 1 in a.shape:
            pick = self.choose(2)
            if pick == 0:
                self.assumptions.add("a product of two vectors read as elementwise")
                return a.multiply_elementwise(b)
            self.assumptions.add("a product of two vectors read as their inner product")
            return sp.Matrix([[sum(x * y for x, y in zip(a, b, strict=True))]])
        if op in ("cdot", "ast", "times") and a.shape == b.shape:
            self.assumptions.add(f"\\{op} read as elementwise")
            return a.multiply_elementwise(b)
        raise ShapeError(f"product of {_dims(a)} and {_dims(b)} does not conform")

    def power(self, node: Pow, bind):
        if node.maybe_layer and isinstance(node.base, Sym) and not node.base.layer \
                and node.base.name in self.model.layered:
            s = node.base
            return self.sym(Sym(s.name, s.sub, (node.exp,), s.bold, s.marks, "^"), bind)
        base = self.value(node.base, bind)
        exp_m = self.value(node.exp, bind)
        if _is_scalar(base) and not _is_scalar(exp_m):  # e^{z} of a vector z
            return exp_m.applyfunc(lambda e: base[0, 0] ** e)
        exp = self.scalar_of(exp_m)
        if _is_scalar(base):
            return sp.Matrix([[base[0, 0] ** exp]])
        if exp == -1 and base.shape[0] == base.shape[1]:
            return base.inv()
        self.assumptions.add("powers of vectors taken elementwise")
        return base.applyfunc(lambda e: e**exp)

    def apply(self, node: Apply, bind):
        f = node.func
        base = f.base if isinstance(f, Pow) else f
        name = base.name if isinstance(base, Sym) else None
        if name in nt.COST_NAMES and not any(
                d.is_function for d in self.model.in_force(name, self.line)):
            other = self.model.cost_definition(self.line)
            if isinstance(f, Sym) and not isinstance(base, Pow) and (
                    other is None or any(isinstance(n, Sym) and n.name == name
                                         for n in walk(other.rhs))):
                # J(θ) never written out: a generic function of its arguments' entries
                args = [e for a in node.args for e in self.value(a, bind)]
                return sp.Matrix([[self.generic_of(name, args)]])
            value = self.value(Sym(name), bind)
            args = [e for a in node.args for e in self.value(a, bind)]
            names = {n.name for a in node.args for n in walk(a) if isinstance(n, Sym)}
            if isinstance(f, Sym) and other is not None and other.name != name \
                    and not any(mentions(d.rhs, x) for d in self.model.definitions
                                if d.line < self.line and d.name != other.name
                                and d.name not in names for x in names) \
                    and not any(self.reaches(value, a) for a in args if a.is_Symbol):
                # J(θ) "any differentiable function" beside a cost ℓ that θ does not reach
                return sp.Matrix([[self.generic_of(name, args)]])
            return value
        if name == "softmax":
            v = self.value(node.args[0], bind)
            ex = v.applyfunc(sp.exp)
            return ex / sum(ex)
        if name in ("max", "min"):
            op = sp.Max if name == "max" else sp.Min
            vals = [self.value(a, bind) for a in node.args]
            big = [v for v in vals if not _is_scalar(v)]
            if len(node.args) == 2 and len(big) == 1:  # max(0, XW + b): entry by entry
                other = next(v for v in vals if _is_scalar(v))[0, 0]
                self.assumptions.add(f"{name}(·, ·) taken entry by entry")
                return big[0].applyfunc(lambda e: op(other, e))
            return sp.Matrix([[op(*[self.scalar_of(v) for v in vals])]])
        if isinstance(f, Sym) and f.name not in nt.FUNCTIONS and any(
                d.is_function for d in self.model.in_force(f.name, self.line)) is False:
            raise CannotEvaluate(f"{f.name}(…) is not a known function")
        d = next((d for d in self.model.in_force(name, self.line) if d.is_function), None) \
            if name else None
        if d is not None and len(d.lhs.args) == len(node.args) and len(node.args) > 1:
            at = self.apply_at_example(node, d, bind)
            if at is not None:
                return self._cost_scalar(name, at)
        if len(node.args) != 1 or (d is not None and (len(d.lhs.args) != 1
                                                      or name in nt.COST_NAMES)):
            if d is None or len(d.lhs.args) != len(node.args):
                raise CannotEvaluate(f"{name} of several arguments")
            env = {p.name: self.value(a, bind) for p, a in zip(
                d.lhs.args, node.args, strict=False)}
            return self._cost_scalar(name, self.value(d.rhs, bind, env))
        func = self.function(base)
        arg = self.value(node.args[0], bind)
        return arg.applyfunc(func)

    def sum(self, node: Sum, bind):
        if node.index is None:
            body = self.value(node.body, bind)
            if not _is_scalar(body):
                self.assumptions.add("an index-free Σ sums every entry")
            return sp.Matrix([[sum(body)]])
        if not isinstance(node.index, Sym):
            raise CannotEvaluate("a sum over something that is not a letter")
        var = node.index.name
        if var in bind and isinstance(node.body, Deriv):
            # Σ_i ∂/∂a_i f_i with i also free outside: the derivative is of the whole sum
            self.assumptions.add(f"Σ_{var} ∂/∂(…_{var}) read as ∂/∂(…_{var}) Σ")
            inner = Sum(node.body.expr, node.index, node.lo, node.hi, node.op)
            return self.value(Deriv(inner, node.body.wrt, node.body.style), bind)
        lo = self.model.index_base if node.lo is None else self.int_value_or_base(node.lo, bind)
        n = None
        if self.example_sum(node, bind):
            return self.sum_examples(node, bind, var, lo)
        if node.hi is not None and node.lo is not None:
            try:  # \sum_{s=1}^{t} with t bound: the bounds say how many
                n = self.int_value(node.hi, bind) - lo + 1
            except CannotEvaluate:
                n = None
        if n is None:
            n = self.range_of(var, node.body, bind)
        if n is None:
            raise CannotEvaluate(f"the range of {var}")
        total = None
        self.sum_bound.add(var)
        try:
            for v in range(lo, lo + n):
                bb = dict(bind)
                bb[var] = v
                x = self.value(node.body, bb)
                total = x if total is None else self.add(total, x)
        finally:
            self.sum_bound.discard(var)
        return total

    def sum_examples(self, node: Sum, bind, var: str, lo: int):
        total = None
        fresh = var not in self.example_vars
        self.example_vars.add(var)
        try:
            for v in range(lo, lo + EXAMPLES):
                x = self.value(node.body, {**bind, var: v})
                total = x if total is None else self.add(total, x)
        finally:
            if fresh:
                self.example_vars.discard(var)
        return total

    def int_value_or_base(self, node, bind):
        try:
            return self.int_value(node, bind)
        except CannotEvaluate:
            return self.model.index_base

    def defined_matrix(self, d: Definition, b, s: Sym):
        """``P_{ic} = …`` defines every entry of the matrix P."""
        i, c = (x.name for x in d.lhs.sub)
        rows, cols = self.range_of(i, d.rhs, b), self.range_of(c, d.rhs, b)
        if not rows or not cols:
            raise CannotEvaluate(f"the size of {s.name}, defined entry by entry")
        out = sp.zeros(rows, cols)
        base = self.model.index_base
        for r in range(rows):
            for k in range(cols):
                v = self.value(d.rhs, {**b, i: r + base, c: k + base})
                out[r, k] = self.scalar_of(v)
        return out

    def numbered_entry(self, s: Sym, bind):
        """``Z_{2,ic}``: entry (i, c) of the matrix ``Z_2``."""
        if len(s.sub) < 3 or not isinstance(s.sub[0], Num) or s.layer:
            return None
        base = Sym(s.name, s.sub[:1], (), s.bold, s.marks, s.bracket)
        known = any(isinstance(d.lhs, Sym) and d.lhs.sub == base.sub
                    for d in self.model.in_force(s.name, self.line)) \
            or (s.name, (s.sub[0].text,)) in self.model.shapes
        if not known:
            return None
        return self.entry(self.sym(base, bind), s.sub[1:], bind, s)

    def range_of(self, var, body, bind):
        """How many values ``var`` takes: the size of what it indexes in ``body``."""
        if var in self.model.example_letters:
            return EXAMPLES
        found = None
        for n in walk(body):
            if isinstance(n, Entry) and any(isinstance(i, Sym) and i.name == var for i in n.sub):
                pos = [k for k, i in enumerate(n.sub) if isinstance(i, Sym) and i.name == var][0]
                try:
                    v = self.value(n.arg, bind)
                except (CannotEvaluate, ShapeError):
                    continue
                return v.shape[pos] if len(n.sub) == 2 else max(v.shape)
            if isinstance(n, Sym) and len(n.sub) >= 3 and isinstance(n.sub[0], Num) \
                    and any(isinstance(i, Sym) and i.name == var for i in n.sub[1:]):
                pos = [k for k, i in enumerate(n.sub[1:]) if isinstance(i, Sym)
                       and i.name == var][0]
                try:
                    v = self.value(Sym(n.name, n.sub[:1], (), n.bold), bind)
                except (CannotEvaluate, ShapeError):
                    continue
                return v.shape[pos] if pos < 2 else None
            if isinstance(n, Sym) and n.name in nt.COST_NAMES:
                if any(isinstance(i, Sym) and i.name == var for i in n.sub):
                    raise CannotEvaluate(f"a sum over training examples ({n.name}_{var})")
                continue
            if isinstance(n, Sym) and any(isinstance(i, Sym) and i.name == var for i in n.sub):
                pos = [k for k, i in enumerate(n.sub) if isinstance(i, Sym) and i.name == var][0]
                probe = Sym(n.name, (), n.layer, n.bold or self.entry_of_bold(n), n.marks,
                            n.bracket)
                try:
                    v = self.value(probe, bind)
                except CannotEvaluate as e:
                    if "outside the network" in str(e):
                        raise  # z^{l+1} at the last layer: this binding does not exist
                    continue
                except ShapeError:
                    continue
                size = max(v.shape) if len(n.sub) == 1 else (v.shape[pos] if pos < 2 else None)
                if size == 1 and found is None:
                    found = 1  # δ_{ij}, a number: keep looking for what i numbers
                    continue
                return size
        return found


def _is_one(node) -> bool:
    """A literal 1 (``\\mathbf{1}``), or its transpose."""
    if isinstance(node, Transpose):
        node = node.arg
    return isinstance(node, Num) and node.text == "1"


def _ones_beside(node) -> bool:
    """``1 b^T`` or ``(p^T g) 1`` (also negated): a ones column in a sum."""
    if isinstance(node, Neg):
        node = node.arg
    return isinstance(node, Mul) and any(
        _is_one(f) and not isinstance(f, Transpose) for f in (node.factors[0], node.factors[-1]))


def _dims(m) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"
