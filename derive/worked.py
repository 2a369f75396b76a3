"""Worked examples that describe the layer in words and give only numbers.

A hand-computed example often writes ``W^{(1)} = (…)``, ``b^{(1)} = (…)``, ``h_j =
\\sigma(z^{(1)}_j)`` and then ``z^{(1)}_1 = (-0.1)(1.0) + (-0.4)(0.5) + 0.2 = -0.1``:
the layer ``z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}`` is said in prose, never written.
Its derivatives (``∂E/∂w^{(2)}_{11}``) need that layer, so the instance builds it,
with the assumption stated, when the note gives the weights and biases of that layer
and never defines the pre-activation by a formula.
"""

from __future__ import annotations

from . import notation as nt
from .model import Definition, Model, walk
from .tree import Add, Apply, Mul, Num, Sym


def activations(model: Model, line: int) -> tuple[str, dict[int, Sym]] | None:
    """(pre-activation name, {layer: activation}) from ``h_j = σ(z^{(1)}_j)`` (h) or
    ``a^{[2]} = σ(z^{[2]})`` (a^{[2]})."""
    found: dict[int, Sym] = {}
    pre = None
    for d in model.definitions:
        if d.line > line or d.is_function or not isinstance(d.rhs, Apply) \
                or len(d.rhs.args) != 1 or not isinstance(d.rhs.args[0], Sym):
            continue
        arg = d.rhs.args[0]  # h_j = σ(z^{(1)}_j), a^{[2]} = σ(z^{[2]})
        if len(arg.layer) == 1 and isinstance(arg.layer[0], Num) and pre in (None, arg.name) \
                and (not d.lhs.layer or d.lhs.layer == arg.layer):
            pre = arg.name
            found.setdefault(int(arg.layer[0].value), Sym(d.lhs.name, layer=d.lhs.layer,
                                                          bracket=d.lhs.bracket))
    return (pre, found) if pre is not None and found else None


def _numbers_only(model: Model, name: str, layer: int) -> bool:
    """Does the note define ``name`` at ``layer`` only by numbers (or not at all)?"""
    for d in model.definitions:
        if d.name != name or not isinstance(d.lhs, Sym):
            continue
        if d.lhs.layer and not (isinstance(d.lhs.layer[0], Num)
                                and int(d.lhs.layer[0].value) == layer):
            continue
        if any(isinstance(n, Sym) for n in walk(d.rhs)):
            return False
    return True


def _given(model: Model, names, layer: int) -> str | None:
    for d in model.definitions:
        if d.name in names and isinstance(d.lhs, Sym) and len(d.lhs.layer) == 1 \
                and isinstance(d.lhs.layer[0], Num) and int(d.lhs.layer[0].value) == layer:
            return d.name
    return None


def layer_definition(model: Model, line: int, name: str, layer: int | None):
    """``z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}`` as a definition, when ``name`` at ``layer``
    is a pre-activation the note computes only by hand (from weights and biases it gives
    for that layer); else None."""
    if layer is None:
        return None
    acts = activations(model, line)
    if acts is None or acts[0] != name or not _numbers_only(model, name, layer):
        return None
    weight = _given(model, nt.WEIGHT_NAMES, layer)
    bias = _given(model, {"b"}, layer)
    previous = acts[1].get(layer - 1)
    if previous is None and layer == min(acts[1]):
        previous = next((Sym(n) for n in nt.INPUT_NAMES
                         if any(d.name == n for d in model.definitions)), None)
    if weight is None or bias is None or previous is None:
        return None
    style = acts[1][layer].bracket
    at = (Num(str(layer)),)
    lhs = Sym(name, layer=at, bracket=style)
    rhs = Add((Mul((Sym(weight, layer=at, bracket=style), previous), ("juxt",)),
               Sym(bias, layer=at, bracket=style)))
    return Definition(name, lhs, rhs, line)


def described_layers(model: Model) -> list[Definition]:
    """The layers :func:`layer_definition` builds (for the shapes)."""
    end = max((d.line for d in model.definitions), default=0)
    acts = activations(model, end)
    if acts is None:
        return []
    found = (layer_definition(model, end, acts[0], layer) for layer in sorted(acts[1]))
    return [d for d in found if d is not None]
