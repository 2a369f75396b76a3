"""Tree rewriting: one bottom-up rebuild, used for layer shifts and notation passes."""

from __future__ import annotations

from dataclasses import fields, replace

from .tree import Chain, Node, Num, Sym


def map_nodes(node, fn):
    """``node`` (a tree or a Chain) rebuilt bottom-up with ``fn`` applied to every node."""
    if isinstance(node, Chain):
        return Chain(tuple(None if t is None else map_nodes(t, fn) for t in node.terms), node.ops)
    if not isinstance(node, Node) or not hasattr(node, "__dataclass_fields__"):
        return node
    changes = {}
    for f in fields(node):
        v = getattr(node, f.name)
        if isinstance(v, Node):
            changes[f.name] = map_nodes(v, fn)
        elif isinstance(v, tuple):
            changes[f.name] = tuple(_map_item(x, fn) for x in v)
    return fn(replace(node, **changes))


def _map_item(x, fn):
    if isinstance(x, tuple):
        return tuple(_map_item(y, fn) for y in x)
    return map_nodes(x, fn)


def map_syms(node, fn):
    """``node`` with ``fn`` applied to every symbol."""
    return map_nodes(node, lambda n: fn(n) if isinstance(n, Sym) else n)


def shift_layers(node, delta: int):
    """``node`` with every numeric layer ``k`` replaced by ``k + delta``."""
    def shift(s: Sym) -> Sym:
        if len(s.layer) == 1 and isinstance(s.layer[0], Num):
            return replace(s, layer=(Num(str(int(s.layer[0].value) + delta)),))
        return s
    return map_syms(node, shift)


def map_units(units_parsed, fn, symbols_only: bool = False) -> list:
    """(unit, parsed) pairs with every statement rebuilt by ``fn`` on each node (or on
    each symbol); units that did not parse are kept as they are."""
    from dataclasses import replace as _replace
    apply = map_syms if symbols_only else map_nodes
    return [(u, _replace(p, statements=tuple(apply(c, fn) for c in p.statements))
             if p.ok else p) for u, p in units_parsed]


def note_symbols(units_parsed) -> list[Sym]:
    """Every symbol of every statement that parsed."""
    from .model import walk
    return [n for _, p in units_parsed if p.ok for c in p.statements for t in c.terms
            if t is not None for n in walk(t) if isinstance(n, Sym)]


def summed_letters(units_parsed) -> set[str]:
    """The letters some ``\\sum`` runs over."""
    from .model import walk
    from .tree import Sum
    return {n.index.name for _, p in units_parsed if p.ok for c in p.statements
            for t in c.terms if t is not None for n in walk(t)
            if isinstance(n, Sum) and isinstance(n.index, Sym)}
