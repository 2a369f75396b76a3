"""Notation decisions that need the whole note, applied to every tree before the model
is built: layers written as subscripts (``W_1``), unit letters as layers (Bishop,
Wikipedia), ``a^{2}`` as a layer or a power, names the note applies as functions,
PyTorch-style gradient names (``d b_2``), named neurons and updated weights (labels.py).
"""

from __future__ import annotations

import re

from . import notation as nt
from .layers import map_nodes, map_units, note_symbols
from .model import time_index, walk
from .tree import Apply, Mul, Num, Sum, Sym


def layer_subscripts(units_parsed) -> list:
    r"""Notes that never write a layer superscript but write ``W_1``, ``\mathbf{z}_2``:
    there the numeric subscript is the layer (a convention row, applied to the trees)."""
    from dataclasses import replace as _replace

    syms = note_symbols(units_parsed)
    if any(s.layer for s in syms):
        return units_parsed
    if not any(s.name in nt.WEIGHT_NAMES and len(s.sub) == 1 and isinstance(s.sub[0], Num)
               for s in syms):
        return units_parsed
    if any(len(s.sub) == 1 and time_index(s.sub[0]) for s in syms if s.bold):
        return units_parsed  # w_0, w_1 next to w_t, w_{t-1}: optimiser steps, not layers
    if any(isinstance(c.terms[0], Sym) and c.terms[0].name in nt.WEIGHT_NAMES
           and c.terms[0].sub and isinstance(c.terms[1], Num) and "." in c.terms[1].text
           for _, p in units_parsed if p.ok for c in p.statements if len(c.terms) == 2):
        return units_parsed  # w_5 = 0.40: one weight of a worked example, not a layer

    def move(s: Sym) -> Sym:
        if s.sub and isinstance(s.sub[0], Num) and (
                s.name in nt.WEIGHT_NAMES or s.name in nt.VECTOR_NAMES or s.bold
                or s.name[:1] == "d"):
            return _replace(s, sub=s.sub[1:], layer=(s.sub[0],), bracket="_")
        return s

    return map_units(units_parsed, move, symbols_only=True)


def index_layers(units_parsed) -> list:
    r"""Bishop's unit-by-unit notes (``a_j = \sum_i w_{ji} z_i``, ``z_j = h(a_j)``) name a
    layer by the letter of its unit index: i, j, k in alphabetical order are layers
    0, 1, 2.  Recognised when a quantity without layers is defined through itself
    under another index letter; then every such index becomes a layer."""
    from dataclasses import replace as _replace

    syms = note_symbols(units_parsed)
    if any(s.layer for s in syms):
        return units_parsed

    def letter(s):
        if len(s.sub) == 1 and isinstance(s.sub[0], Sym) and len(s.sub[0].name) == 1 \
                and s.name not in nt.COST_NAMES:
            return s.sub[0].name
        return None

    # quantity -> (quantity it is defined through, the two letters)
    edges: dict[str, set] = {}
    for _, p in units_parsed:
        if not p.ok:
            continue
        for c in p.statements:
            lhs = c.terms[0]
            if not (isinstance(lhs, Sym) and letter(lhs)) or None in c.terms[1:]:
                continue
            for n in (n for t in c.terms[1:] for n in walk(t)):
                if isinstance(n, Sym) and letter(n) and n.name != lhs.name:
                    edges.setdefault(lhs.name, set()).add((n.name, letter(lhs), letter(n)))
    letters: set[str] = set()
    for start in edges:  # a cycle through other letters: z_j = h(a_j), a_j = Σ_i w_ji z_i
        stack, seen = [(start, frozenset())], set()
        while stack:
            name, used = stack.pop()
            for nxt, a, b in edges.get(name, ()):
                step = used | ({a, b} if a != b else set())
                if nxt == start and len(step) >= 2:
                    letters |= step
                elif (nxt, step) not in seen:
                    seen.add((nxt, step))
                    stack.append((nxt, step))
    if len(letters) < 2:
        return units_parsed
    cyclic = set(edges)  # every unit letter these quantities are written with
    letters |= {letter(n) for n in syms if n.name in cyclic and letter(n)}
    levels, source = _letter_levels(units_parsed, letters, letter)
    order = {name: Num(str(levels[name] if levels else k))
             for k, name in enumerate(sorted(letters))}

    def move(s: Sym) -> Sym:
        if s.layer or s.name in nt.COST_NAMES or not s.sub:
            return s
        if source == 0 and s.name in nt.WEIGHT_NAMES and len(s.sub) == 2 \
                and all(isinstance(i, Sym) and i.name in order for i in s.sub):
            # w_{kj} from k to j: stored as Bishop's w_{jk} (to j from k), printed as written
            return _replace(s, sub=s.sub[::-1], layer=(order[s.sub[1].name],),
                            bracket="letter-swapped")
        first = s.sub[0]
        if isinstance(first, Sym) and first.name in order and (
                len(s.sub) == 1 or s.name in nt.WEIGHT_NAMES):
            return _replace(s, layer=(order[first.name],), bracket="letter")
        return s

    return map_units(units_parsed, move, symbols_only=True)


def _letter_levels(units_parsed, letters, letter) -> tuple[dict | None, int | None]:
    """Layers of unit letters from the weights: the net input's definition (``net_j =
    \\sum_k w_{kj} o_k``, inside ``o_j = φ(net_j)``) says which weight index is the
    source; every ``w_{xy}`` of the note then puts x one layer before y.  None when the
    note does not say (the letters then go in alphabetical order, as in Bishop's i, j, k).
    Also returns which weight index is the source (0 or 1), None when unknown."""
    chains = [c for _, p in units_parsed if p.ok for c in p.statements]
    pre = {t.args[0].name for c in chains for t in c.terms[1:]
           if isinstance(t, Apply) and len(t.args) == 1 and isinstance(t.args[0], Sym)
           and letter(t.args[0]) and isinstance(c.terms[0], Sym) and letter(c.terms[0])}
    for c in chains:  # y_j = 1/(1 + e^{-z_j}): z is the net input too
        lhs = c.terms[0]
        if isinstance(lhs, Sym) and letter(lhs) and None not in c.terms and len(c.terms) >= 2:
            used = {n for t in c.terms[1:] for n in walk(t) if isinstance(n, Sym) and n.sub}
            if len(used) == 1 and letter(next(iter(used))) == letter(lhs) \
                    and next(iter(used)).name not in nt.WEIGHT_NAMES | {lhs.name}:
                pre.add(next(iter(used)).name)
    source = None
    for c in chains:
        lhs = c.terms[0]
        if not (isinstance(lhs, Sym) and lhs.name in pre and letter(lhs)) or None in c.terms:
            continue
        for n in (n for t in c.terms[1:] for n in walk(t)):
            if isinstance(n, Sym) and n.name in nt.WEIGHT_NAMES and len(n.sub) == 2 \
                    and all(isinstance(i, Sym) for i in n.sub):
                names = [i.name for i in n.sub]
                if letter(lhs) in names and len(set(names)) == 2:
                    source = 1 - names.index(letter(lhs))
    if source is None:
        return None, None
    before: dict[str, set] = {x: set() for x in letters}
    for c in chains:
        for n in (n for t in c.terms if t is not None for n in walk(t)):
            if isinstance(n, Sym) and n.name in nt.WEIGHT_NAMES and len(n.sub) == 2 \
                    and all(isinstance(i, Sym) and i.name in letters for i in n.sub) \
                    and n.sub[0].name != n.sub[1].name:
                before[n.sub[1 - source].name].add(n.sub[source].name)
    levels: dict[str, int] = {}

    def level(x, seen=()):
        if x in seen:
            raise ValueError(x)
        if x not in levels:
            levels[x] = max((level(y, seen + (x,)) + 1 for y in before[x]), default=0)
        return levels[x]
    try:
        for x in letters:
            level(x)
    except ValueError:
        return None, source  # w_{jk} and w_{kj} both ways: the letters are not ordered
    return levels, source


def numeric_layers(units_parsed) -> list:
    """``a^{2}`` is layer 2 of ``a`` in a note that writes ``a^{l}`` or ``a^{(L)}``
    elsewhere (and a power otherwise): the parser leaves that choice to the note."""
    from dataclasses import replace as _replace

    from .tree import Pow
    layered = {n.name for _, p in units_parsed if p.ok for c in p.statements
               for t in c.terms if t is not None for n in walk(t)
               if isinstance(n, Sym) and n.layer and not n.bracket.startswith("letter")}
    if not layered:  # (layers read from Bishop's unit letters make z_j^2 a square)
        return units_parsed

    def fix(n):
        if isinstance(n, Pow) and n.maybe_layer and isinstance(n.base, Sym) \
                and n.base.name in layered and not n.base.layer:
            return _replace(n.base, layer=(n.exp,))
        return n

    return map_units(units_parsed, fix)


def note_functions(units_parsed) -> list:
    """``s(z) = 1/(1+e^{-z})`` makes ``s`` a function for the whole note: every
    ``s(…)`` written next to it is then an application, not a product."""

    names = set()
    for _, p in units_parsed:
        if not p.ok:
            continue
        for c in p.statements:
            t = c.terms[0]
            if c.ops and isinstance(t, Mul) and len(t.factors) == 2 and t.ops == ("call?",) \
                    and isinstance(t.factors[0], Sym) and isinstance(t.factors[1], Sym):
                names.add(t.factors[0].name)
    if not names:
        return units_parsed

    def call(n):
        if not isinstance(n, Mul) or "call?" not in n.ops:
            return n
        factors, ops = [n.factors[0]], []
        for op, f in zip(n.ops, n.factors[1:], strict=True):
            head = factors[-1]
            if op == "call?" and isinstance(head, Sym) and head.name in names:
                args = f.items if type(f).__name__ == "Tuple_" else (f,)
                factors[-1] = Apply(head, tuple(args))
            else:
                factors.append(f)
                ops.append(op)
        return factors[0] if len(factors) == 1 else Mul(tuple(factors), tuple(ops))

    return map_units(units_parsed, call)


def gradient_names(units_parsed) -> list:
    """``d b_2`` is one name, ``db_2`` (∂L/∂b_2), in a note that writes ``dZ_2``, ``dW_1``:
    the lower-case case of the ``dA`` convention the tokenizer reads for capitals."""
    from dataclasses import replace as _replace

    from .shapes import gradient_target
    if not any(isinstance(n, Sym) and gradient_target(n) is not None
               for _, p in units_parsed if p.ok for c in p.statements for t in c.terms
               if t is not None for n in walk(t)):
        return units_parsed

    def merge(n):
        if not isinstance(n, Mul) or len(n.factors) < 2:
            return n
        for k in range(len(n.factors) - 1):  # W^T dz * g'(z): anywhere in a product
            d, x = n.factors[k], n.factors[k + 1]
            if n.ops[k] == "juxt" and isinstance(d, Sym) \
                    and d.name == nt.GRADIENT_NAME_PREFIX and not d.sub and not d.layer \
                    and isinstance(x, Sym) and len(x.name) == 1 and x.name.islower():
                name = _replace(x, name=d.name + x.name, marks=x.marks + ("grad",))
                factors = n.factors[:k] + (name,) + n.factors[k + 2:]
                ops = n.ops[:k] + n.ops[k + 1:]
                return merge(Mul(factors, ops)) if len(factors) > 1 else name
        return n

    return map_units(units_parsed, merge)


def read_conventions(units_parsed, prose_text: str = "") -> list:
    """The notation decisions that need the whole note, applied to every tree."""
    from .labels import labelled_names, pattern_letters, updated_names
    if re.search(nt.PROSE_SUMMATION, prose_text, re.I):
        units_parsed = implicit_sums(units_parsed)
    return note_functions(numeric_layers(index_layers(layer_subscripts(
        gradient_names(pattern_letters(labelled_names(updated_names(units_parsed))))))))


def implicit_sums(units_parsed) -> list:
    """The summation convention, where the text states it: in a product, a letter in the
    subscripts of two or more factors that is not free on the other side is summed
    (``z_i = W_{ij} x_j`` is ``z_i = \\sum_j W_{ij} x_j``)."""
    from dataclasses import replace as _replace

    def letters(node) -> set[str]:
        return {i.name for n in walk(node) if isinstance(n, Sym) for part in n.sub
                for i in walk(part) if isinstance(i, Sym) and len(i.name) == 1}

    def summed(term, free):
        def fix(n):
            if not isinstance(n, Mul):
                return n
            counts: dict[str, int] = {}
            for f in n.factors:
                for x in letters(f):
                    counts[x] = counts.get(x, 0) + 1
            out = n
            for x in sorted(k for k, c in counts.items() if c >= 2 and k not in free):
                out = Sum(out, Sym(x))
            return out
        return map_nodes(term, fix)

    out = []
    for u, p in units_parsed:
        if p.ok:
            chains = []
            for c in p.statements:
                terms = list(c.terms)
                for k, t in enumerate(terms):
                    if t is None:
                        continue
                    others = set().union(*(letters(o) for j, o in enumerate(terms)
                                           if j != k and o is not None))
                    terms[k] = summed(t, others)
                chains.append(_replace(c, terms=tuple(terms)))
            p = _replace(p, statements=tuple(chains))
        out.append((u, p))
    return out
