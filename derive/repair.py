"""Single-edit repairs of a refuted formula.

The edits are the slips people make in backpropagation notes: a flipped sign, a
transpose added or dropped, a layer index off by one, a ``σ'`` factor dropped or
added, ``2`` for ``½`` (and back), a ``½`` or a ``2`` lost in front, a spurious ``1/n``,
a ``\\cdot`` where a minus belongs in an update.  The first edit that makes the claim
hold is the repair.
"""

from __future__ import annotations

from dataclasses import fields, replace

from .tree import Add, Apply, Frac, Mul, Neg, Node, Num, Prime, Sym, Transpose

MAX_CANDIDATES = 40


def _children(node):
    if not isinstance(node, Node) or not hasattr(node, "__dataclass_fields__"):
        return
    for f in fields(node):
        v = getattr(node, f.name)
        if isinstance(v, Node):
            yield f.name, None, v
        elif isinstance(v, tuple):
            for i, x in enumerate(v):
                if isinstance(x, Node):
                    yield f.name, i, x


def _rebuild(node, field, index, new):
    if index is None:
        return replace(node, **{field: new})
    items = list(getattr(node, field))
    items[index] = new
    return replace(node, **{field: tuple(items)})


# Parts of a formula that are names, not values: never edited.
_NOT_VALUES = {("Apply", "func"), ("Sum", "index"), ("Sum", "lo"), ("Sum", "hi"),
               ("Deriv", "wrt"), ("Sym", "sub"), ("Sym", "layer"), ("Norm", "p")}


def _sites(node):
    """Every (subtree, put-back function) pair under ``node`` that is a value."""
    yield node, lambda new: new
    for field, index, child in _children(node):
        if (type(node).__name__, field) in _NOT_VALUES:
            continue
        for sub, put in _sites(child):
            yield sub, (lambda new, put=put, field=field, index=index:
                        _rebuild(node, field, index, put(new)))


def _local_edits(sub):
    if isinstance(sub, Sym) and sub.layer and len(sub.layer) == 1:
        for d in (-1, 1):
            layer = sub.layer[0]
            if isinstance(layer, Num):
                new = Num(str(int(layer.value) + d))
            elif isinstance(layer, Add) and isinstance(layer.terms[-1], (Num, Neg)):
                new = _shift(layer, d)
            else:
                new = Add((layer, Num("1") if d > 0 else Neg(Num("1"))))
            if new is not None:
                yield "layer index", replace(sub, layer=(new,))
    if isinstance(sub, Sym) and len(sub.sub) == 2 and sub.sub[0] != sub.sub[1]:
        yield "index swap", replace(sub, sub=sub.sub[::-1])
    if isinstance(sub, Transpose):
        yield "transpose dropped", sub.arg
    elif isinstance(sub, Sym) and (sub.layer or sub.bold) and not sub.sub:
        yield "transpose added", Transpose(sub)
    if isinstance(sub, Num) and sub.text == "2":
        yield "2 for ½", Frac(Num("1"), Num("2"))
    if isinstance(sub, Frac) and sub.num == Num("1") and sub.den == Num("2"):
        yield "½ for 2", Num("2")
    if isinstance(sub, Mul):
        for k, f in enumerate(sub.factors):
            drop = (isinstance(f, Apply) and isinstance(f.func, Prime)) or (
                isinstance(f, Frac) and f.num == Num("1")) or f == Num("2")
            if drop and len(sub.factors) > 1:
                factors = sub.factors[:k] + sub.factors[k + 1:]
                ops = sub.ops[:max(k - 1, 0)] + sub.ops[k:] if k else sub.ops[1:]
                kind = ("σ' factor dropped" if isinstance(f, Apply) else
                        "factor 2 dropped" if f == Num("2") else "1/n dropped")
                yield kind, factors[0] if len(factors) == 1 else Mul(factors, ops)
        if sub.ops[0] in ("cdot", "ast", "times"):
            a = sub.factors[0]
            rest = sub.factors[1:]
            b = rest[0] if len(rest) == 1 else Mul(rest, sub.ops[1:])
            yield "update sign", Add((a, Neg(b)))
    if isinstance(sub, Add):
        for k, t in enumerate(sub.terms[1:], 1):
            flipped = t.arg if isinstance(t, Neg) else Neg(t)
            yield "sign", Add(sub.terms[:k] + (flipped,) + sub.terms[k + 1:])


def _shift(layer: Add, d: int):
    last = layer.terms[-1]
    value = int(last.value) if isinstance(last, Num) else -int(last.arg.value)
    value += d
    rest = layer.terms[:-1]
    if value == 0:
        return rest[0] if len(rest) == 1 else Add(rest)
    term = Num(str(value)) if value > 0 else Neg(Num(str(-value)))
    return Add(rest + (term,))


def candidates(node):
    """Single-edit variants of ``node``: (kind of edit, new tree), most likely first."""
    yield "sign", node.arg if isinstance(node, Neg) else Neg(node)
    seen = 0
    for sub, put in _sites(node):
        for kind, new in _local_edits(sub):
            seen += 1
            if seen > MAX_CANDIDATES:
                break
            yield kind, put(new)
        if seen > MAX_CANDIDATES:
            break
    # a whole factor lost: ½(y - ŷ)² written (y - ŷ)², 2(a - y) written (a - y)
    yield "½ dropped", Mul((Frac(Num("1"), Num("2")), node), ("juxt",))
    yield "factor 2 dropped", Mul((Num("2"), node), ("juxt",))


def add_prime_factor(node, func, arg):
    """``node ⊙ σ'(z)``: the edit that restores a dropped activation derivative."""
    return Mul((node, Apply(Prime(func), (arg,))), ("odot",))
