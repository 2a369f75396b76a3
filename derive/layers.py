"""Tree edits on layer superscripts: shifting every numeric layer by a constant."""

from __future__ import annotations

from dataclasses import fields, replace

from .tree import Node, Num, Sym


def shift_layers(node, delta: int):
    """``node`` with every numeric layer ``k`` replaced by ``k + delta``."""
    if isinstance(node, Sym):
        if len(node.layer) == 1 and isinstance(node.layer[0], Num):
            return replace(node, layer=(Num(str(int(node.layer[0].value) + delta)),))
        return node
    if not isinstance(node, Node) or not hasattr(node, "__dataclass_fields__"):
        return node
    changes = {}
    for f in fields(node):
        v = getattr(node, f.name)
        if isinstance(v, Node):
            changes[f.name] = shift_layers(v, delta)
        elif isinstance(v, tuple):
            changes[f.name] = tuple(_shift_item(x, delta) for x in v)
    return replace(node, **changes)


def _shift_item(x, delta):
    if isinstance(x, tuple):
        return tuple(_shift_item(y, delta) for y in x)
    return shift_layers(x, delta)


def map_syms(node, fn):
    """``node`` (a tree or a Chain) with ``fn`` applied to every symbol."""
    from .tree import Chain
    if isinstance(node, Chain):
        return Chain(tuple(None if t is None else map_syms(t, fn) for t in node.terms), node.ops)
    if isinstance(node, Sym):
        return fn(replace(node, sub=tuple(map_syms(i, fn) for i in node.sub)))
    if not isinstance(node, Node) or not hasattr(node, "__dataclass_fields__"):
        return node
    changes = {}
    for f in fields(node):
        v = getattr(node, f.name)
        if isinstance(v, Node):
            changes[f.name] = map_syms(v, fn)
        elif isinstance(v, tuple):
            changes[f.name] = tuple(_map_item(x, fn) for x in v)
    return replace(node, **changes)


def _map_item(x, fn):
    if isinstance(x, tuple):
        return tuple(_map_item(y, fn) for y in x)
    return map_syms(x, fn)


def map_nodes(node, fn):
    """``node`` (a tree or a Chain) rebuilt bottom-up with ``fn`` applied to every node."""
    from .tree import Chain
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
            changes[f.name] = tuple(_map_nodes_item(x, fn) for x in v)
    return fn(replace(node, **changes))


def _map_nodes_item(x, fn):
    if isinstance(x, tuple):
        return tuple(_map_nodes_item(y, fn) for y in x)
    return map_nodes(x, fn)
