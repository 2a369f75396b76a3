"""Folding a flat product into nodes: application, prefix operators, slashes.

``\\sigma(z)`` is an application because σ is in the function table; ``\\hat y (1 -
\\hat y)`` is a product because ŷ is not.  ``\\sum`` takes the rest of the product;
``\\nabla_x``, ``\\frac{\\partial}{\\partial x}`` and ``\\partial`` take the factors
written next to them (up to an explicit ``\\odot``/``\\cdot``), which is how
``\\nabla_a C \\odot \\sigma'(z)`` reads.  ``\\log`` without parentheses takes one factor.
"""

from __future__ import annotations

from . import notation as nt
from .latex import Unreadable
from .tree import (
    Apply,
    Deriv,
    Ellipsis_,
    Indicator,
    Mul,
    Node,
    Num,
    Pow,
    Prime,
    Relation,
    Sum,
    Sym,
    Tuple_,
)
from .treebuilder import (
    Group,
    MulOp,
    Op,
    Partial,
    Slash,
    _Bracketed,
    _name_node,
    apply_scripts,
    chain_value,
    finish,
    is_function,
    make_frac,
    split_indices,
    unwrap,
)


def resolve_factor(atom, scripts):
    kind, payload, pos = atom
    scripts = list(scripts)
    if kind == "name":
        return apply_scripts(_name_node(payload), scripts, pos)
    if kind == "node":
        return apply_scripts(payload, scripts, pos)
    if kind == "frac":
        if isinstance(payload, Op):
            if scripts:
                raise Unreadable("a script on a derivative operator", pos)
            return payload
        return apply_scripts(payload, scripts, pos)
    if kind == "group":
        if not scripts:
            return payload
        if payload.kind == "(" and all(k in ("sup", "sub") for k, _ in scripts):
            # f(x)^2 is (f(x))^2 and softmax(z)_i an entry of softmax(z), if a function
            # comes before
            payload.scripts = scripts
        value = payload.value()
        if isinstance(value, Sym) and scripts[0][0] == "sup":
            # (a)^2 is a power even where a^2 would be a layer
            value = Mul((value,), ())
            out = _strip_unit_mul(apply_scripts(value, scripts, pos))
        else:
            out = apply_scripts(value, scripts, pos)
        if getattr(payload, "scripts", None):
            return _remember(out, payload, scripts)
        return out
    if kind == "op":
        return _script_op(payload, scripts, pos)
    raise AssertionError(kind)


def _remember(node, group, scripts):
    """Keep the group and its scripts beside the node, for ``f(x)^2`` in the fold."""
    try:
        object.__setattr__(node, "_group", (group, scripts))
    except (AttributeError, TypeError):
        return node
    return node


def _strip_unit_mul(node):
    from .tree import Pow, Prime, Transpose

    def strip(n):
        return n.factors[0] if isinstance(n, Mul) and len(n.factors) == 1 else n

    if isinstance(node, Pow):
        return Pow(strip(node.base), node.exp)
    if isinstance(node, Transpose):
        return Transpose(strip(node.arg))
    if isinstance(node, Prime):
        return Prime(strip(node.func), node.order)
    return strip(node)


def _script_value(arg, pos):
    from lark import Token

    from .tree import Chain

    if isinstance(arg, Token):
        if arg.type == "NAME":
            return _name_node(arg.value)
        if arg.type == "NUM":
            return Num(arg.value)
        raise Unreadable(f"cannot read the script {arg.value!r}", pos)
    if isinstance(arg, Chain):
        return arg
    return arg


def _script_op(op: Op, scripts, pos):
    for kind, arg in scripts:
        if kind == "prime":
            raise Unreadable("a prime on an operator", pos)
        value = _script_value(arg, pos)
        if kind == "sub":
            op.sub.append(value)
        else:
            op.sup.append(value)
    if len(op.sub) > 1 or len(op.sup) > 1:
        raise Unreadable("two subscripts or superscripts on one operator", pos)
    if op.sup:
        sup = op.sup[0]
        sup = chain_value(sup, pos) if not isinstance(sup, Node) else sup
        if op.kind in ("partial", "nabla"):
            if not isinstance(sup, Num):
                raise Unreadable("cannot read the order of the derivative", pos)
            op.order = int(sup.value)
        else:
            op.sup = [sup]
    if op.kind == "nabla" and op.sub:
        sub = op.sub[0]
        op.wrt = (chain_value(sub, pos) if not isinstance(sub, Node) else sub,)
    return op


def _items_with_ops(items):
    """[(item, joiner)] where joiner is how the item is joined to the one before."""
    seq = []
    pending, pending_pos = "juxt", 0
    for it in items:
        if isinstance(it, MulOp):
            if not seq:
                raise Unreadable(f"a product starting with \\{it.op}", it.pos)
            pending, pending_pos = it.op, it.pos
        elif isinstance(it, Slash):
            if not seq:
                raise Unreadable("a '/' with nothing before it", it.pos)
            pending, pending_pos = "slash", it.pos
        else:
            seq.append([it, pending])
            pending = "juxt"
    if pending != "juxt":
        raise Unreadable("a product ending with an operator", pending_pos)
    return seq


def _args(group: Group) -> tuple[Node, ...]:
    value = group.value()
    return value.items if isinstance(value, Tuple_) else (value,)


def _changes(seq):
    """``\\Delta w_{ij}``: the change of w_{ij} (one name), not Δ times w_{ij}."""
    out: list = []
    for item, joiner in seq:
        before = out[-1][0] if out else None
        if joiner == "juxt" and isinstance(before, Sym) and before.name == "Delta" \
                and not before.sub and not before.layer and not before.marks \
                and isinstance(item, Sym) and " " not in item.name:
            out[-1][0] = Sym(f"Delta {item.name}", item.sub, item.layer, item.bold, item.marks,
                             item.bracket)
        else:
            out.append([item, joiner])
    return out


def _apply_functions(seq):
    out = []
    i = 0
    while i < len(seq):
        item, joiner = seq[i]
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        if nxt is not None and nxt[1] == "juxt" and isinstance(nxt[0], Group):
            group = nxt[0]
            if isinstance(item, Sym) and item.name in nt.INDICATORS and (
                    group.kind == "\\{" or (group.kind in nt.INDICATOR_BRACKETS
                                             and isinstance(group.value(), Relation))):
                out.append([Indicator(group.value()), joiner])
                i += 2
                continue
            if group.kind in ("(", "[") and (is_function(item) or (
                    isinstance(item, Sym) and isinstance(group.value(), Tuple_))):
                out.append([_apply(item, _args(group)), joiner])
                i += 2
                continue
            if group.kind == "(" and _derivative_of_function(item):
                # dφ/dz (u): the derivative of φ, taken at u, is φ'(u)
                out.append([Apply(Prime(item.expr, 1), _args(group)), joiner])
                i += 2
                continue
            if group.kind == "(" and isinstance(item, Sym) and not item.layer:
                nxt[1] = "call?"  # s(z): a product, or s applied to z if the note says so
        if nxt is not None and nxt[1] == "juxt" and getattr(nxt[0], "_group", None) is not None \
                and is_function(item):
            group, scripts = nxt[0]._group  # f(x)^2 is (f(x))^2
            out.append([apply_scripts(_apply(item, _args(group)), scripts, group.pos), joiner])
            i += 2
            continue
        out.append([item, joiner])
        i += 1
    return out


def _derivative_of_function(node) -> bool:
    """``\\frac{d\\varphi}{dz}``: the first derivative of a function name by a letter."""
    return isinstance(node, Deriv) and node.order == 1 and len(node.wrt) == 1 \
        and isinstance(node.wrt[0], Sym) and isinstance(node.expr, Sym) \
        and not node.expr.sub and not node.expr.layer and node.expr.name in nt.FUNCTIONS \
        and node.expr.name not in nt.COST_NAMES


def _apply(func, args):
    if isinstance(func, Pow) and not func.maybe_layer:
        return Pow(Apply(func.base, args), func.exp)  # \tanh^2(z) = (\tanh z)^2
    return Apply(func, args)


def _product(seq) -> Node | list:
    if not seq:
        raise Unreadable("an operator with nothing to apply to", 0)
    if len(seq) == 1:
        return seq[0][0]
    if all(isinstance(it, Partial) for it, _ in seq):
        return [it for it, _ in seq]  # ∂w_i ∂w_j in a denominator
    factors = tuple(finish(it) for it, _ in seq)
    return Mul(factors, tuple(j for _, j in seq[1:]))


def _fold_ops(seq):
    """Right to left: each prefix operator takes its operand from what follows."""
    i = len(seq) - 1
    while i >= 0:
        item, joiner = seq[i]
        if isinstance(item, Op):
            seq = _fold_one(seq, i)
        elif isinstance(item, Sym) and item.name in nt.OPERATOR_WORDS and not item.sub \
                and i + 1 < len(seq) and seq[i + 1][1] == "juxt":
            operand = seq[i + 1][0]
            seq = seq[:i] + [[Apply(item, (finish(operand),)), joiner]] + seq[i + 2:]
        i -= 1
    return seq


def _fold_one(seq, i):
    op, joiner = seq[i]
    rest = seq[i + 1:]
    if op.kind == "sum":
        take = len(rest)
    else:
        take = 0
        # nothing written between factors (juxt, or s(z) that may be an application)
        while take < len(rest) and (take == 0 or rest[take][1] in ("juxt", "call?")):
            if take == 0 and rest[0][1] != "juxt":
                break
            if take > 0 and op.kind == "partial" and isinstance(rest[take][0], Partial):
                break  # \partial w_i \partial w_j: each \partial takes its own variable
            if take == 1 and op.kind == "nabla" and _is_cost(rest[0][0]) \
                    and rest[1][1] == "juxt":
                break  # \nabla_a J \, h^T: the gradient of J, times h^T
            take += 1
    operand_seq = [[it, "juxt" if k == 0 else j] for k, (it, j) in enumerate(rest[:take])]
    tail = rest[take:]
    node = _make_op(op, operand_seq)
    return seq[:i] + [[node, joiner]] + tail


def _is_cost(item) -> bool:
    from .tree import Apply
    if isinstance(item, Apply):
        item = item.func
    return isinstance(item, Sym) and item.name in nt.COST_NAMES and not item.sub


def _make_op(op: Op, operand_seq):
    if op.kind == "partial":
        if not operand_seq:
            return Partial(None, op.order, op.pos)
        body = _product(operand_seq)
        if op.sub:
            sub = op.sub[0]
            wrt = sub if isinstance(sub, Node) else chain_value(sub, op.pos)
            return Deriv(finish(body), split_indices(unwrap(wrt)), "partial", op.order)
        return Partial(finish(body), op.order, op.pos)
    body = finish(_product(operand_seq)) if operand_seq else None
    if body is None:
        raise Unreadable("an operator with nothing to apply to", op.pos)
    if op.kind == "nabla":
        return Deriv(body, op.wrt, "nabla", op.order)
    if op.kind == "deriv":
        return Deriv(body, op.wrt, op.style, op.order)
    if op.kind == "sum":
        return _make_sum(op, body)
    raise AssertionError(op.kind)


def _make_sum(op: Op, body: Node) -> Sum:
    index = lo = hi = None
    if op.sub:
        sub = op.sub[0]
        if isinstance(sub, Node):
            index = sub
        else:
            from .tree import Chain
            assert isinstance(sub, Chain)
            if len(sub.ops) == 1 and sub.ops[0] in ("=", "in"):
                index, lo = finish(sub.terms[0]), finish(sub.terms[1])
            else:
                index = chain_value(sub, op.pos)
    if op.sup:
        hi = op.sup[0]
    return Sum(body, index, lo, hi, op.style)


def _fold_slashes(seq):
    out = []
    for item, joiner in seq:
        if joiner == "slash":
            prev, pj = out.pop()
            num = prev
            out.append([make_frac(num, item, 0) if isinstance(num, Partial) or
                        isinstance(item, Partial) else _slash_frac(num, item), pj])
        else:
            out.append([item, joiner])
    return out


def _slash_frac(num, den):
    from .tree import Frac
    return Frac(finish(num), finish(den), slash=True)


def fold_product(items):
    if len(items) == 1 and isinstance(items[0], MulOp) and items[0].op in nt.PLACEHOLDER_OPS:
        return Sym(nt.PLACEHOLDER_OPS[items[0].op])
    seq = _items_with_ops(items)
    seq = _changes(seq)
    seq = _apply_functions(seq)
    if len(seq) == 3 and all(isinstance(it, Group) for it, _ in seq[:2]) \
            and [it.kind for it, _ in seq[:2]] == ["[", "("] \
            and [j for _, j in seq[1:]] == ["juxt", "juxt"] and isinstance(seq[2][0], Sym) \
            and seq[2][0].name in nt.TRANSPOSE_MARKS:
        # [l](i)T inside a superscript: a layer, an example and a transpose
        parts = tuple(_Bracketed(it.value(), it.kind) for it, _ in seq[:2])
        return Mul(parts + (finish(seq[2][0]),), ("juxt", "juxt"))
    seq = [[_group_value(it, len(seq)), j] for it, j in seq]
    seq = _fold_ops(seq)
    seq = _fold_slashes(seq)
    if len(seq) == 1:
        return seq[0][0]
    if len(seq) == 2 and isinstance(seq[0][0], _Bracketed) and seq[1][1] == "juxt" \
            and isinstance(seq[1][0], Sym) and seq[1][0].name in nt.TRANSPOSE_MARKS:
        # [\ell+1]T inside a superscript: keep the brackets for the layer reader
        return Mul((seq[0][0], finish(seq[1][0])), ("juxt",))
    if len(seq) == 2 and all(isinstance(it, _Bracketed) for it, _ in seq) \
            and seq[1][1] == "juxt":
        # [l](i) inside a superscript: a layer and an example; finish() forgets the
        # brackets anywhere else
        return Mul((seq[0][0], seq[1][0]), ("juxt",))
    return _product(seq)


def _group_value(item, n):
    if isinstance(item, Group):
        value = item.value()
        if n == 1 or item.kind in ("(", "["):
            return _Bracketed(value, item.kind) if n <= 2 else value
        return value
    if isinstance(item, Ellipsis_):
        return item
    return item
