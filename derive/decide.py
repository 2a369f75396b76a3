"""Deciding one relation ``lhs = rhs`` in the concrete instances of a document.

Every admissible reading (distinct layer widths; all widths 1 where the note is
scalar so far) is evaluated at random exact points, with generic functions
replaced by irregular stand-ins; a clear difference is a counterexample.  A
link holds in a reading when it agrees at every point and every binding of its
free layer and index letters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import sympy as sp

from . import notation as nt
from .errors import CannotEvaluate, ShapeError
from .instance import Instance
from .model import Model, walk
from .numbers import Evaluator, to_mpf
from .tree import Deriv, Node, Num, Sum, Sym

POINTS = 3
DIGITS = 30

MIXED = "compares a vector or matrix with a number"  # a reading that is no reading


@dataclass
class Outcome:
    status: str  # holds, fails, unknown
    reason: str | None = None
    method: str = "concrete-instance"
    counterexample: dict | None = None
    assumptions: set = field(default_factory=set)


def free_letters(nodes, model: Model) -> tuple[list[str], list[str]]:
    """Layer letters (l, ℓ) and index letters (j, k) a claim leaves free."""
    layers, indices = [], []
    for node in nodes:
        for n in walk(node):  # \sum_{s=1}^{t}: the bound t is a free step letter
            if isinstance(n, Sum):
                for b in (n.lo, n.hi):
                    if isinstance(b, Sym) and b.name in nt.STEP_LETTERS and not b.sub \
                            and b.name not in indices:
                        indices.append(b.name)
        for n in _walk_free(node):
            if type(n).__name__ == "Entry":
                for m in n.sub:
                    if isinstance(m, Sym) and not m.sub and len(m.name) == 1 \
                            and m.name not in indices:
                        indices.append(m.name)
            if isinstance(n, Sym):
                for part in n.layer:
                    for m in walk(part):
                        free = nt.LAYER_LETTERS - nt.LAST_LAYER_LETTERS - model.last_letters
                        bracketed = n.bracket in ("(", "[") and isinstance(m, Sym) \
                            and len(m.name) == 1 and m.name.islower() and not m.sub \
                            and m.name not in nt.INPUT_NAMES \
                            and m.name not in model.example_letters
                        if isinstance(m, Sym) and (m.name in free or bracketed) \
                                and not model.is_last(m.name) \
                                and m.name not in layers:
                            layers.append(m.name)  # a^{(k)}, h^{(k-1)}: k numbers layers
                for part in (n.sub if n.name not in nt.COST_NAMES else ()):  # E_n: a label
                    for m in walk(part):
                        if isinstance(m, Sym) and not m.sub and not m.layer and len(m.name) == 1 \
                                and m.name not in indices and m.name.islower():
                            indices.append(m.name)
    return layers, [i for i in indices if i not in layers]


def _walk_free(node, bound=frozenset()):
    """Nodes of ``node`` with the letters bound by enclosing sums removed from subscripts."""
    from dataclasses import replace
    if isinstance(node, Sum) and isinstance(node.index, Sym):
        yield from _walk_free(node.body, bound | {node.index.name})
        return
    if isinstance(node, Sym):
        yield replace(node, sub=tuple(i for i in node.sub
                                      if not (isinstance(i, Sym) and i.name in bound)),
                      layer=tuple(p for p in node.layer
                                  if not (isinstance(p, Sym) and p.name in bound)))
        return
    if isinstance(node, Node) and hasattr(node, "__dataclass_fields__"):
        yield node
        for f in node.__dataclass_fields__:
            v = getattr(node, f)
            items = v if isinstance(v, tuple) else (v,)
            for x in items:
                if isinstance(x, Node):
                    yield from _walk_free(x, bound)


def _bindings(inst: Instance, lhs, rhs, layers, indices):
    layer_vals = [dict()]
    for var in layers:
        layer_vals = [dict(b, **{var: v}) for b in layer_vals
                      for v in range(inst.input_layer() + 1, inst.model.last_layer + 1)]
    out = []
    for b in layer_vals:
        combos = [dict(b)]
        for var in indices:
            n = None
            for side in (lhs, rhs) if not _step_of_sequence(var, inst.model, lhs, rhs) else ():
                try:
                    n = inst.range_of(var, side, b)
                except (CannotEvaluate, ShapeError):
                    n = None
                if n:
                    break
            if not n and var in nt.STEP_LETTERS:  # a step letter: t = 1, 2, 3
                first = max(1, _steps_back(var, lhs, rhs))  # w_{t-2} needs t ≥ 2
                combos = [dict(c, **{var: v}) for c in combos for v in range(first, first + 3)]
                continue
            if not n:
                raise CannotEvaluate(f"the range of the index {var}")
            base = inst.model.index_base
            vals = sorted({base, base + n - 1})
            combos = [dict(c, **{var: v}) for c in combos for v in vals]
        out.extend(combos)
    return out


def _step_of_sequence(var: str, model, *nodes) -> bool:
    """Does ``var`` count the steps of a sequence (``w_t``, ``v_{t-1}``) in these nodes?"""
    return var in nt.STEP_LETTERS and any(
        isinstance(n, Sym) and n.name in model.families and len(n.sub) == 1
        and any(isinstance(m, Sym) and m.name == var for m in walk(n.sub[0]))
        for node in nodes for n in walk(node))


def _beyond_last(*nodes) -> str | None:
    """``z^{[L+1]}`` where L names the last layer: the name as written, or None."""
    from .latexprint import to_latex
    from .tree import Add, Num
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Sym) and len(n.layer) == 1 and isinstance(n.layer[0], Add):
                terms = n.layer[0].terms
                if len(terms) == 2 and isinstance(terms[0], Sym) \
                        and terms[0].name in nt.LAST_LAYER_LETTERS and isinstance(terms[1], Num):
                    return to_latex(n)
    return None


def _identity(model, line, node, other):
    """``∂y/∂b = I``: an ``I`` the note never defines is the identity the other side's
    shape calls for."""
    if isinstance(node, Sym) and node.name in ("I", "mathbb{I}") and not node.sub \
            and not node.layer and not model.in_force(node.name, line) \
            and other.rows == other.cols:
        return sp.eye(other.rows)
    return None


def _unnumbered_layer(model, *nodes) -> str | None:
    """``w^{(0)}`` in a note whose network has only ``w^{(1)}`` and ``w^{(2)}``: a layer
    number the note's definitions never give that quantity."""
    from .latexprint import to_latex
    numbers: dict[str, set] = {}
    generic = {d.name for d in model.definitions if isinstance(d.lhs, Sym) and d.lhs.layer
               and not isinstance(d.lhs.layer[0], Num)}  # a^{(l+1)} = …: every layer
    for d in model.definitions:
        for root in (d.lhs, d.rhs):
            for n in walk(root):
                if isinstance(n, Sym) and len(n.layer) == 1 and isinstance(n.layer[0], Num):
                    numbers.setdefault(n.name, set()).add(int(n.layer[0].value))
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Sym) and len(n.layer) == 1 and isinstance(n.layer[0], Num) \
                    and n.bracket not in ("letter", "letter-swapped", "_") \
                    and n.name not in generic \
                    and len(numbers.get(n.name, ())) >= 2 \
                    and int(n.layer[0].value) not in numbers[n.name]:
                have = ", ".join(f"{k}" for k in sorted(numbers[n.name]))
                return f"{to_latex(n)}: the note's network has {n.name} only at layers {have}"
    return None


def _steps_back(var: str, *nodes) -> int:
    """The largest k in ``x_{var-k}`` among the nodes."""
    from .model import step_of
    steps = [step_of(n.sub[0]) for node in nodes for n in walk(node)
             if isinstance(n, Sym) and len(n.sub) == 1]
    return max([-c for s in steps if s and s[0] == var for c in (s[1],)] + [0])

def _diagonal_only(inst, lhs, rhs, binds, failed, rng, reading, indices) -> bool:
    """``∂p_i/∂z_j = -p_i p_j`` said "for j ≠ i": it fails where two index letters
    are equal and holds at every binding where all differ."""
    if len(indices) < 2 or len(set(failed.get(i) for i in indices)) == len(indices):
        return False
    distinct = [b for b in binds if len({b.get(i) for i in indices}) == len(indices)]
    if not distinct:
        return False
    for b in distinct:
        try:
            if compare(inst, inst.value(lhs, b), inst.value(rhs, b), rng, reading,
                       lhs, rhs).status != "holds":
                return False
        except (CannotEvaluate, ShapeError):
            return False
    return True


def _number(x):
    v = sp.N(x, DIGITS)
    if not v.is_number:
        return None
    if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_real:
        return None
    return v


def _point(inst: Instance, rng: random.Random):
    vals = {}
    for mat in inst.leaf_syms.values():
        for s in mat:
            if s in inst.pinned:
                vals[s] = inst.pinned[s]  # the note's own numbers
            elif s.is_positive:
                vals[s] = sp.Rational(rng.randint(1, 30), 10)
            else:
                vals[s] = sp.Rational(rng.randint(-30, 30), 10) + sp.Rational(1, 7)
    ev = _evaluator(inst)
    ev.reset()
    mp = {s: to_mpf(v) for s, v in vals.items()}
    for node, e in inst.nodes.items():
        v = ev.value(e, mp)
        mp[node] = v
        vals[node] = sp.nan if v is None else sp.Float(v, DIGITS + 10)
    inst.point = mp
    return vals


def _evaluator(inst):
    if getattr(inst, "evaluator", None) is None:
        inst.evaluator = Evaluator()
    return inst.evaluator


def _free_scalars(inst, exprs):
    """Plain symbols (bound variables of identities) that no instance leaf covers."""
    known = set(inst.nodes)
    for mat in inst.leaf_syms.values():
        known |= set(mat)
    out = set()
    for e in exprs:
        out |= {s for s in e.free_symbols if s not in known}
    return out


def _rounding(*nodes) -> float:
    """A side written as a decimal (``= 0.4750``) holds to half its last digit; a side
    that computes with decimals copied from earlier lines (a worked example) carries
    their rounding, so it holds to a few units of their last digit."""
    from .tree import Neg, Num
    tol = 0.0
    for n in nodes:
        if n is None:
            continue
        bare = n.arg if isinstance(n, Neg) else n
        if isinstance(bare, Num) and "." in bare.text:
            tol = max(tol, 0.5 * 10 ** -(len(bare.text.split(".")[1])) * (1 + 1e-9))
            continue
        nums = [m for m in walk(n) if isinstance(m, Num) and "." in m.text]
        funcs = {id(m.func) for m in walk(n) if type(m).__name__ == "Apply"}
        if nums and not any(isinstance(m, Sym) and id(m) not in funcs for m in walk(n)):
            digits = max(len(m.text.split(".")[1]) for m in nums)
            tol = max(tol, 5 * len(nums) * 10 ** -digits)
    return tol


def _unpinned(inst, left, right, *nodes) -> str | None:
    """In a worked example (parameters given as numbers), a line of numbers that still
    needs a quantity the note never gives a number (η) cannot be checked."""
    if not inst.pinned or not any(isinstance(n, Num) and "." in n.text
                                  for node in nodes if node is not None for n in walk(node)):
        return None
    leaves = {s: name for (name, _layer), m in inst.leaf_syms.items() for s in m}
    for e in list(left) + list(right):
        for s in inst.expand_nodes(e).free_symbols:
            if s in leaves and s not in inst.pinned:
                from .show import pretty
                return pretty(leaves[s])
    return None


def compare(inst: Instance, left, right, rng, reading: str, lhs_node, rhs_node=None) -> Outcome:
    if left.shape != right.shape:
        if isinstance(lhs_node, Deriv) and lhs_node.style != "nabla" \
                and sorted(left.shape) == sorted(right.shape) and 1 in left.shape:
            return Outcome("unknown", "a row where the gradient is a column, or the other way "
                           "round (numerator layout?)")
        elif right.shape == (1, 1) and right[0, 0] == 0:
            right = sp.zeros(*left.shape)  # dZ 1 = 0: every entry is zero
        elif (1, 1) in (left.shape, right.shape):
            return Outcome("unknown", MIXED)
        else:
            return Outcome("fails", f"shapes: the left side is {left.shape[0]}×{left.shape[1]}, "
                           f"the right side {right.shape[0]}×{right.shape[1]}")
    unknown = _unpinned(inst, left, right, lhs_node, rhs_node)
    if unknown:
        return Outcome("unknown", f"the note gives {unknown} no number")
    compared = 0
    for attempt in range(8 * POINTS):  # points where a square root is real may be rare
        if attempt >= POINTS and compared:
            break
        vals = _point(inst, rng)
        extra = _free_scalars(inst, list(left) + list(right))
        for s in extra:
            vals[s] = sp.Rational(rng.randint(-25, 25), 10) + sp.Rational(1, 9)
            inst.point[s] = to_mpf(vals[s])
        ev = _evaluator(inst)
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            va, vb = ev.value(a, inst.point), ev.value(b, inst.point)
            if va is None or vb is None:
                continue
            compared += 1
            tol = max(_rounding(lhs_node, rhs_node), 1e-12 * (1 + abs(va) + abs(vb)))
            if abs(va - vb) > tol:
                return Outcome("fails", None, counterexample=_cex(inst, vals, va, vb, i, left.shape,
                                                                  reading))
    if not compared:
        return Outcome("unknown", "no point where both sides are real numbers")
    return Outcome("holds")


def _cex(inst, vals, va, vb, i, shape, reading):
    point = {}
    for (name, layer), mat in sorted(inst.leaf_syms.items(), key=lambda kv: str(kv[0])):
        label = name if layer is None else f"{name}[{layer}]"
        point[label] = [[float(vals.get(s, 0)) for s in mat.row(r)] for r in range(mat.shape[0])]
    sizes = sorted({(n, m.shape) for (n, _l), m in inst.leaf_syms.items()}, key=str)
    return {
        "reading": reading,
        "entry": [i // shape[1] + 1, i % shape[1] + 1] if shape != (1, 1) else None,
        "left": float(va), "right": float(vb),
        "functions": sorted(f.label for f in inst.generics.values()),
        "shapes": {f"{n}": f"{s[0]}×{s[1]}" for n, s in sizes},
        "values": point,
    }


def decide_link(model: Model, line: int, lhs: Node, rhs: Node, seed: int) -> Outcome:
    readings = ["vector"]
    if model.scalar_reading_allowed(line) and not _indexed(lhs, rhs):
        readings.append("scalar")
    fails, unknown = [], []
    layers, indices = free_letters([lhs, rhs], model)
    for reading in readings:
        rng = random.Random(seed)
        out = _decide_reading(model, line, lhs, rhs, reading, layers, indices, rng)
        if out.status == "holds":
            if reading == "scalar":
                out.assumptions.add("one unit per layer (scalar reading)")
            return out
        if out.status == "fails" and reading == "scalar" and unknown:
            # one unit per layer is a network too: a claim about every network fails
            out.assumptions.add("one unit per layer (scalar reading)")
            return out
        (fails if out.status == "fails" else unknown).append(out)
    if model.sigma_open:
        out = _decide_reading(model, line, lhs, rhs, "logistic", layers, indices,
                              random.Random(seed))
        if out.status == "holds":  # σ with no definition is usually the logistic sigmoid
            out.assumptions.add("σ read as the logistic sigmoid (the note never defines it)")
            return out
    if unknown:
        return unknown[0]
    if len(fails) == 2 and (fails[0].reason or "").startswith("shapes") \
            and not (fails[1].reason or "").startswith("shapes"):
        # a one-neuron note: the values that differ say more than vector shapes
        fails[1].assumptions.add("one unit per layer (scalar reading)")
        return fails[1]
    return fails[0]


def _indexed(*nodes) -> bool:
    from .tree import Transpose
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Sym) and n.sub and n.name not in nt.COST_NAMES:
                return True
            if isinstance(n, Transpose):
                return True
    return False


def _decide_reading(model, line, lhs, rhs, reading, layers, indices, rng) -> Outcome:
    """Every way of reading the ambiguous products; holds if one of them holds."""
    first = None
    patterns = [()]
    tried = 0
    while patterns and tried < 8:
        pattern = patterns.pop(0)
        tried += 1
        out, log = _decide_pattern(model, line, lhs, rhs, reading, layers, indices,
                                   random.Random(rng.random()), pattern)
        if out.status == "holds":
            return out
        if first is not None and first.reason == MIXED and out.status == "fails":
            first = out  # a reading that compares a vector with a number is no reading
        first = first or out
        if pattern == () and log:
            arities = [int(a) for a in log[:3]]
            combos = [()]
            for a in arities:
                combos = [c + (v,) for c in combos for v in range(a)]
            patterns.extend(c for c in combos if any(c))
    return first


def _decide_pattern(model, line, lhs, rhs, reading, layers, indices, rng, pattern):
    out = _decide_instance(model, line, lhs, rhs, reading, layers, indices, rng, pattern)
    return out, _decide_pattern.log


def _decide_instance(model, line, lhs, rhs, reading, layers, indices, rng, pattern) -> Outcome:
    assumptions: set = set()
    _decide_pattern.log = []
    for k in range(2):
        inst = Instance(model, line, scalar=(reading == "scalar"), numeric=True)
        inst.sigma_logistic = reading == "logistic"
        inst.generics_offset = k
        inst.choices = list(pattern)
        inst.claim_nodes = (lhs, rhs)
        try:
            binds = _bindings(inst, lhs, rhs, layers, indices)
            checked = 0
            for b in binds:
                inst.choice_log = []
                try:
                    left = inst.value(lhs, b)
                    right = _identity(model, line, rhs, left) or inst.value(rhs, b)
                except CannotEvaluate as e:
                    if "outside the network" in str(e):
                        continue
                    raise
                checked += 1
                _decide_pattern.log = inst.choice_log
                out = compare(inst, left, right, rng, reading, lhs, rhs)
                if out.status == "fails" and _diagonal_only(inst, lhs, rhs, binds, b, rng,
                                                            reading, indices):
                    if model.says_distinct(line, indices):
                        return Outcome("holds", method="concrete-instance", assumptions=(
                            inst.assumptions | {f"{' ≠ '.join(indices)}, as the text says"}))
                    return Outcome("unknown", "holds only where the indices differ "
                                   f"({' ≠ '.join(indices)}); the text may say so",
                                   assumptions=inst.assumptions)
                if out.status != "holds":
                    out.assumptions = inst.assumptions | assumptions
                    if b:
                        (out.counterexample or {}).update({"letters": b})
                    return out
            if not checked:
                beyond = _beyond_last(lhs, rhs)
                if beyond:
                    return Outcome("fails", f"{beyond}: there is no layer after the last one",
                                   assumptions=inst.assumptions)
                missing = _unnumbered_layer(model, lhs, rhs)
                if missing:
                    return Outcome("fails", missing, assumptions=inst.assumptions)
                return Outcome("unknown", "no layer of the instance fits this formula")
        except ShapeError as e:
            return Outcome("fails", f"shapes: {e}", assumptions=inst.assumptions)
        except CannotEvaluate as e:
            return Outcome("unknown", f"cannot evaluate: {e}", assumptions=inst.assumptions)
        except (ZeroDivisionError, TypeError, ValueError, AttributeError) as e:
            return Outcome("unknown", f"cannot evaluate ({type(e).__name__})")
        assumptions |= inst.assumptions
        if not inst.generics:
            break
    return Outcome("holds", method="concrete-instance", assumptions=assumptions)
