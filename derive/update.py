"""Update rules: the step must go down the cost, ``w - η ∂C/∂w`` (η > 0).

A regulariser written as a word (``+ \\text{regularization}``) is allowed and
noted; any other step is refuted with the direction it actually takes.
"""

from __future__ import annotations

import random

import sympy as sp

from .decide import Outcome, _bindings, _point, free_letters
from .errors import CannotEvaluate, ShapeError
from .instance import Instance
from .model import walk
from .tree import Add, Chain, Deriv, Sym, Text


def _without_text(node):
    if isinstance(node, Add):
        kept = tuple(t for t in node.terms if not isinstance(t, Text))
        return (Add(kept) if len(kept) > 1 else kept[0]), len(kept) != len(node.terms)
    return node, False


def decide_update(model, line: int, chain: Chain, seed: int) -> Outcome:
    out = _decide_update(model, line, chain, seed, scalar=False)
    if out.status == "unknown" and model.scalar_reading_allowed(line):
        scalar = _decide_update(model, line, chain, seed, scalar=True)  # one unit per layer
        if scalar.status != "unknown":
            scalar.assumptions = set(scalar.assumptions) | {
                "one unit per layer (scalar reading)"}
            return scalar
    return out


def _decide_update(model, line: int, chain: Chain, seed: int, scalar: bool) -> Outcome:
    param, rhs = chain.terms[0], chain.terms[-1]
    rhs, had_text = _without_text(rhs)
    grads = [n for n in walk(rhs) if isinstance(n, Deriv)]
    if not isinstance(param, Sym):
        return Outcome("unknown", "the updated quantity is not a name", method="update-rule")
    start = param
    if len(param.sub) == 1:
        from .modelbuild import previous_member
        start = previous_member(param, rhs) or param  # w_t = w_{t-1} - η g_t
    first_step = None
    if not grads and start is not param:  # g_t = ∇J(w_{t-1}): a name for the gradient
        named = {d.name for d in model.in_force_all(line) if isinstance(d.rhs, Deriv)}
        grads = [n for n in walk(rhs) if isinstance(n, Sym) and n.name in named]
    if not grads and start is not param:  # θ_{t+1} = θ_t - η v_{t+1}: momentum
        velocity = _velocity_in(model, line, rhs)
        if velocity is not None:
            grads, first_step = velocity
    if not grads:  # w ← w - η Σ_n e_n h_n: the step's direction against the cost's gradient
        cost = model.cost_definition(line, whole=True)
        if cost is None:
            return Outcome("unknown", "no gradient in the step", method="update-rule")
        grads = [Deriv(Sym(cost.name), (start,))]
    inst = Instance(model, line, scalar=scalar, numeric=True)
    inst.claim_nodes = (param, rhs)
    layers, indices = free_letters([param, rhs], model)
    try:
        binds = _bindings(inst, param, rhs, layers, indices)
    except (CannotEvaluate, ShapeError) as e:
        return Outcome("unknown", f"cannot evaluate: {e}", method="update-rule")
    if first_step is not None:  # from a fresh velocity, the first step is -η∇J
        letter, value = first_step
        binds = [b for b in binds if b.get(letter) == value] or [{**binds[0], letter: value}]
    # the step may descend the cost it names, or a regularised cost the note defines
    directions = [grads[0]] + _regularised(model, line, param)
    first = None
    for grad in directions:
        out = None
        for b in binds:
            out = _decide_update_at(inst, start, rhs, grad, had_text, b, seed)
            if out.status != "holds":
                break
        if out is not None and out.status == "holds":
            return out
        first = first or out
    return first or Outcome("unknown", "no layer fits this update", method="update-rule")


def _velocity_in(model, line, rhs):
    """([the gradient inside the velocity's recurrence], (letter, first step)) for a
    velocity ``v_{t+c}`` in ``rhs`` that accumulates gradients, else None."""
    from .modelbuild import _velocity
    from .tree import Num
    for n in walk(rhs):
        if not (isinstance(n, Sym) and len(n.sub) == 1):
            continue
        for d in model.in_force(n.name, line):
            if not _velocity(d):
                continue
            grad = next(t for t in d.rhs.terms if isinstance(t, Deriv))
            index = n.sub[0]
            if isinstance(index, Sym):
                return [grad], (index.name, 1)
            if isinstance(index, Add) and isinstance(index.terms[0], Sym) \
                    and isinstance(index.terms[1], Num) and index.terms[1].text.isdigit():
                return [grad], (index.terms[0].name, 1 - int(index.terms[1].text))
    return None


def _regularised(model, line, param):
    """∇ of every one-argument cost the note defines (J̃(θ) = J(θ) + λ/2‖θ‖²)."""
    from . import notation as nt
    from .tree import Apply
    out = []
    for d in model.definitions:
        if d.line <= line and d.is_function and d.name in nt.COST_NAMES \
                and len(d.lhs.args) == 1:
            out.append(Deriv(Apply(d.lhs.func, (param,)), (param,), "nabla"))
    return out


def _decide_update_at(inst, param, rhs, grad, had_text, bind, seed) -> Outcome:
    try:
        w = inst.value(param, bind)
        new = inst.value(rhs, bind)
        g = inst.value(grad, bind)
    except ShapeError as e:
        return Outcome("fails", f"not a descent step (the step does not conform: {e})",
                       method="update-rule")
    except CannotEvaluate as e:
        return Outcome("unknown", f"cannot evaluate: {e}", method="update-rule")
    if new.shape != w.shape or g.shape != w.shape:
        return Outcome("fails", f"the step is {new.shape[0]}×{new.shape[1]}, the parameter "
                       f"{w.shape[0]}×{w.shape[1]}", method="update-rule")
    step = new - w
    rng = random.Random(seed)
    assumptions = {"learning rate > 0"} | inst.assumptions
    if had_text:
        assumptions.add("the regularisation term is not checked")
    for _ in range(3):
        vals = _point(inst, rng)
        s = [sp.N(x.xreplace(vals), 30) for x in step]
        gv = [sp.N(x.xreplace(vals), 30) for x in g]
        if not all(v.is_number for v in s + gv):
            return Outcome("unknown", "cannot evaluate the step", method="update-rule")
        dot = sum(a * b for a, b in zip(s, gv, strict=True))
        norm_s = sp.sqrt(sum(a * a for a in s))
        norm_g = sp.sqrt(sum(b * b for b in gv))
        if norm_s == 0 or norm_g == 0:
            continue
        cos = dot / (norm_s * norm_g)
        if cos > -1 + sp.Float(1e-12):
            return Outcome("fails", "not a descent step: the step is not a positive multiple of "
                           "−∂C/∂w", method="update-rule", assumptions=assumptions,
                           counterexample={"cosine(step, gradient)": float(cos),
                                           "step": [float(x) for x in s],
                                           "gradient": [float(x) for x in gv]})
    return Outcome("holds", method="update-rule", assumptions=assumptions)
