"""``derive export``: a note's verified backpropagation as a NumPy module.

The note is checked as ``derive check`` checks it. Its gradient formulas are the
claims about the cost's derivative (``∂C/∂w^l``, ``∇_b C``), the errors ``δ`` and
PyTorch-style gradient names (``dW``); every one must be ``verified``, else nothing
is written and :class:`ExportRefused` says which line stands in the way. The note's
activation (fixed by a definition, by the prose or in front matter; a generic ``σ``
is refused) and its cost (quadratic, binary or categorical cross-entropy, read from
the cost's definition) choose the formulas of :mod:`numeric.formulas`, which SymPy's
printer (the one ``numeric.codegen`` uses) writes out; the note's own verified
equations are quoted in comments with their lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sympy as sp

from . import notation as nt
from .check import check_file
from .conventions import read_conventions
from .extract import extract_file
from .model import walk
from .modelbuild import build_model, position
from .parse import parse_latex
from .tree import Apply, Deriv, Sym

PROBES = (-1.7, -0.3, 0.45, 2.2)


class ExportRefused(Exception):
    """The note cannot be exported; the message says why, with file and line."""


@dataclass
class Plan:
    activation: str
    cost: str
    output: str
    formulas: list  # (where, latex) of the verified gradient formulas
    convention: str


def plan(path: str | Path) -> Plan:
    """What to generate for the note at ``path``, or :class:`ExportRefused`."""
    path = str(path)
    report = check_file(path)
    if report.problems:
        raise ExportRefused(f"{path}: {report.problems[0]}")
    src = extract_file(path)
    parsed = read_conventions([(u, parse_latex(u.latex)) for u in src.units],
                              " ".join(p.text for p in src.prose))
    front = src.front_matter.get("derive")
    pinned = tuple(front.items()) if isinstance(front, dict) else ()
    model, _ = build_model(parsed, " ".join(p.text for p in src.prose), pinned)
    verdicts = {(v.cell, v.line, v.row): v for v in report.equations}
    where = (lambda u: f"{path}:cell {u.cell}:{u.line}") if any(
        u.cell is not None for u, _ in parsed) else (lambda u: f"{path}:{u.line}")
    formulas, blocking = [], []
    for unit, p in parsed:
        if not p.ok or not any(_is_gradient(c.terms[0]) for c in p.statements
                               if c.ops and c.terms[0] is not None):
            continue
        v = verdicts.get((unit.cell, unit.line, unit.row))
        if v is None or v.kind == "definition" or v.status == "definition":
            continue
        if v.status != "verified":
            blocking.append(f"{where(unit)}: {v.status}: {unit.latex.strip()}"
                            + (f" ({v.reason})" if v.reason else ""))
        else:
            formulas.append((where(unit), unit.latex.strip()))
    if blocking:
        raise ExportRefused("the note's gradient formulas are not all verified:\n  "
                            + "\n  ".join(blocking))
    if not formulas:
        raise ExportRefused(f"{path}: no verified gradient formula (∂C/∂w, ∇_b C, δ, dW) "
                            "to export")
    last = max(position(u) for u, _ in parsed)
    activation = _activation(model, last, path)
    cost, output = _cost(model, last, activation, path)
    return Plan(activation, cost, output, formulas, model.convention)


def _is_gradient(node) -> bool:
    from .shapes import gradient_target
    if isinstance(node, Deriv):
        expr = node.expr.func if isinstance(node.expr, Apply) else node.expr
        return isinstance(expr, Sym) and expr.name in nt.COST_NAMES
    return isinstance(node, Sym) and (node.name == "delta" or gradient_target(node) is not None)


def _activation(model, line, path) -> str:
    """The note's activation as one of numeric's, by its values at a few points."""
    from numeric.formulas import ACTIVATIONS, z

    from .instance import Instance
    if model.activation is None or not isinstance(model.activation[0], Sym):
        raise ExportRefused(f"{path}: no activation a = σ(z) in the note")
    name = model.activation[0].name
    inst = Instance(model, line, scalar=True, numeric=False)
    func = inst.named_function(name)
    x = sp.Symbol("x", real=True)
    try:
        body = func(x)  # built from the parse tree by the instance, never from text
    except Exception as e:  # noqa: BLE001 - any failure means "not one we know"
        raise ExportRefused(f"{path}: cannot read the activation {name}: {e}") from None
    if not isinstance(body, sp.Basic):
        body = sp.Float(body)
    if body.atoms(sp.core.function.AppliedUndef):
        raise ExportRefused(
            f"{path}: the activation {name} is generic; fix it in the note or in front "
            "matter (derive: {sigma: logistic})")
    for kind, f in ACTIVATIONS.items():
        if all(abs(float(body.subs(x, p)) - float(f.forward.subs(z, p))) < 1e-9
               for p in PROBES):
            return kind
    raise ExportRefused(f"{path}: the activation {name} is none of "
                        f"{', '.join(ACTIVATIONS)}")


def _cost(model, line, activation, path) -> tuple[str, str]:
    d = model.cost_definition(line, whole=True) or model.cost_definition(line)
    if d is None:
        raise ExportRefused(f"{path}: no cost is defined")
    names = {n.func.name for n in walk(d.rhs) if isinstance(n, Apply) and isinstance(n.func, Sym)}
    if names & {"log", "ln"}:
        ones = any(getattr(n, "text", None) == "1" for n in walk(d.rhs))
        if ones and activation == "logistic":
            return "binary_cross_entropy", "logistic"
        return "categorical_cross_entropy", "softmax"
    return "quadratic", activation


HEADER = '''\
# Generated by `derive export` from {note}; do not edit.
# Regenerate with: derive export {note} -o {target}
# ruff: noqa: E501
r"""The network of {note}, as NumPy code.

Activation: {activation} (output: {output}); cost: {cost}, the mean over the columns.
Columns are examples; weights[l] is n_l x n_(l-1), biases[l] is n_l x 1{layout}.

The note's gradient formulas, each verified by derive:
{formulas}
"""

import numpy
'''

DRIVER = '''

ACTIVATION = {activation!r}
OUTPUT = {output!r}
COST = {cost!r}


def _softmax(z):
    e = numpy.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _out(z):
    return _softmax(z) if OUTPUT == "softmax" else {output_fn}(z)


def forward(weights, biases, X):
    """Activations of every layer for the batch X (one example per column)."""
    acts = [numpy.asarray(X)]
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = w.dot(acts[-1]) + b
        acts.append(_out(z) if l == len(weights) - 1 else {activation}(z))
    return acts


def cost(weights, biases, X, Y):
    """The cost of the batch: the mean over examples of the per-example cost."""
    a = forward(weights, biases, X)[-1]
    return float({cost}(a, numpy.asarray(Y, dtype=a.dtype)).sum() / a.shape[1])


def gradients(weights, biases, X, Y):
    """(dW, db): the gradients of cost() by BP1-BP4, one matrix product per layer."""
    acts = forward(weights, biases, X)
    Y = numpy.asarray(Y, dtype=acts[-1].dtype)
    n = acts[-1].shape[1]
    if {fused}:
        delta = {cost}_delta(acts[-1], Y, n)
    else:
        delta = BP1({cost}_nabla_a(acts[-1], Y, n), {out_prime}(acts[-1]))
    dW, db = [None] * len(weights), [None] * len(weights)
    for l in range(len(weights) - 1, -1, -1):
        dW[l] = BP4(delta, acts[l])
        db[l] = BP3(delta)
        if l:
            delta = BP2(weights[l], delta, {activation}_prime_from_output(acts[l]))
    return dW, db
'''


def generate(path: str | Path, target: str = "module.py") -> str:
    """The module's text for the note at ``path`` (or :class:`ExportRefused`)."""
    from numeric import formulas as F
    from numeric.codegen import NumericPrinter, _doc, _function, _latex

    p = plan(path)
    printer = NumericPrinter({"fully_qualified_modules": True})
    z, a, y, n = F.z, F.a, F.y, F.n
    parts = []
    acts = {p.activation} | ({p.output} - {"softmax"})
    for kind in sorted(acts):
        f = F.ACTIVATIONS[kind]
        parts.append(_function(kind, (z,), f.stable,
                               _doc(f"The {kind} activation.", f"a = {_latex(f.forward)}"),
                               printer))
        parts.append(_function(f"{kind}_prime_from_output", (a,), f.prime_from_output,
                               _doc(f"Derivative of {kind} in its output.",
                                    f"f'(z) = {_latex(f.prime_from_output)}"), printer))
    c = F.COSTS[p.cost]
    parts.append(_function(p.cost, (a, y), c.entry,
                           _doc(f"One entry of the {p.cost} cost.",
                                f"c(a, y) = {_latex(c.entry)}"), printer))
    parts.append(_function(f"{p.cost}_nabla_a", (a, y, n), c.nabla_a,
                           _doc("Gradient of the batch-mean cost in one output entry.",
                                rf"\frac{{\partial C}}{{\partial a}} = {_latex(c.nabla_a)}"),
                           printer))
    fused = c.delta is not None and p.output == c.output
    if fused:
        parts.append(_function(f"{p.cost}_delta", (a, y, n), c.delta,
                               _doc(f"Output error of {p.output} with {p.cost}.",
                                    rf"\delta^L = {_latex(c.delta)}"), printer))
    elif p.output == "softmax":
        raise ExportRefused(f"{path}: a softmax output needs the categorical cross-entropy")
    for bp in F.BACKPROP.values():
        parts.append(_function(bp.name, bp.args, bp.expr,
                               _doc(f"{bp.name}, columns are examples.", bp.latex), printer))
    quoted = "\n".join(f"    {where}  {latex}" for where, latex in p.formulas)
    layout = "" if p.convention == "column" else (
        " (the note writes rows; these are its transposes)")
    head = HEADER.format(note=Path(path).name, target=target, activation=p.activation,
                         output=p.output, cost=p.cost, formulas=quoted, layout=layout)
    driver = DRIVER.format(activation=p.activation, output=p.output, cost=p.cost,
                           output_fn=p.output if p.output != "softmax" else p.activation,
                           fused=fused, out_prime=f"{p.output}_prime_from_output"
                           if p.output != "softmax" else "None")
    return head + "".join(parts) + driver


__all__ = ["ExportRefused", "Plan", "generate", "plan"]
