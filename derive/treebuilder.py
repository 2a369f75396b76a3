"""Lark parse tree to :mod:`derive.tree` nodes.

The grammar leaves products flat; here they are folded with the notation table:
a function name followed by a parenthesised group is an application, ``\\sum``,
``\\nabla_x`` and ``\\frac{\\partial}{\\partial x}`` take the factors that follow,
``\\partial C/\\partial w`` is a derivative, and superscripts become layers,
transposes, primes or powers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token, Transformer

from . import notation as nt
from .latex import Unreadable
from .tree import (
    Add,
    Cases,
    Chain,
    Deriv,
    Ellipsis_,
    Entry,
    Frac,
    Matrix,
    Mul,
    Neg,
    Node,
    Norm,
    Num,
    Pow,
    Prime,
    Relation,
    Sqrt,
    Sym,
    Text,
    Transpose,
    Tuple_,
)


@dataclass
class Group:
    """A parenthesised, bracketed or braced chain, before we know its role."""

    chain: Chain
    kind: str  # "(", "[", "{", "\\{"
    pos: int

    def value(self) -> Node:
        return chain_value(self.chain, self.pos)


@dataclass
class Op:
    """A prefix operator waiting for its operand: ∂, ∇, Σ, d/dz, ∂/∂x, log."""

    kind: str  # partial, nabla, sum, deriv, func
    pos: int
    sub: list = field(default_factory=list)
    sup: list = field(default_factory=list)
    wrt: tuple = ()
    style: str = "partial"
    order: int = 1
    func: Node | None = None


@dataclass
class Partial:
    """``\\partial X``: half of a derivative, waiting for its ``/ \\partial w``."""

    expr: Node | None
    order: int
    pos: int


@dataclass
class MulOp:
    op: str
    pos: int


@dataclass
class Slash:
    pos: int


def chain_value(chain: Chain, pos: int) -> Node:
    """The value of a bracketed chain: an expression, or a relation used as a condition."""
    terms = chain.terms
    if not chain.ops:
        if terms[0] is None:
            raise Unreadable("empty brackets", pos)
        return finish(terms[0])
    if len(chain.ops) == 1 and terms[0] is not None and terms[1] is not None:
        return Relation(finish(terms[0]), chain.ops[0], finish(terms[1]))
    raise Unreadable("a chain of relations inside brackets", pos)


def _pos(tok) -> int:
    return (tok.start_pos or 0) if isinstance(tok, Token) else 0


def _name_node(value: str) -> Sym:
    bold = value.endswith("!b")
    return Sym(value[:-2] if bold else value, bold=bold)


def is_function(node) -> bool:
    """Is ``node`` something that a following ``(…)`` is an argument list of?"""
    if isinstance(node, Sym):
        return node.name in nt.FUNCTIONS and not node.sub
    if isinstance(node, Prime):
        return True
    if isinstance(node, Pow):
        return is_function(node.base) and not node.maybe_layer
    return False


def split_indices(arg) -> tuple[Node, ...]:
    """``_{jk}`` is (j, k); ``_{2,ic}`` is (2, i, c); ``_{n_L-1}`` is one index."""
    if isinstance(arg, Tuple_):
        out: list[Node] = []
        for item in arg.items:
            out.extend(split_indices(item))
        return tuple(out)
    if isinstance(arg, Mul) and all(op == "juxt" for op in arg.ops) and all(
            isinstance(f, (Sym, Num)) for f in arg.factors):
        return arg.factors
    return (arg,)


def _layer_letters(node) -> bool:
    """Does an expression mention a layer letter (l, L, ℓ) and nothing but numbers?"""
    if isinstance(node, Sym):
        return node.name in nt.LAYER_LETTERS and not node.sub
    if isinstance(node, Num):
        return True
    if isinstance(node, Add):
        return any(_layer_letters(t) and not isinstance(t, Num) for t in node.terms) and all(
            _layer_letters(t.arg if isinstance(t, Neg) else t) for t in node.terms)
    if isinstance(node, Tuple_):
        return any(_layer_letters(t) and not isinstance(t, Num) for t in node.items)
    return False


class SupArg:
    """What a superscript says, read from its raw argument."""

    def __init__(self, kind: str, value=None, transpose=False, bracket=""):
        self.kind = kind  # layer, transpose, prime, mark, power, number
        self.value = value
        self.transpose = transpose
        self.bracket = bracket


def read_sup(arg, pos: int = 0) -> SupArg:  # noqa: C901 - one case per way of writing a superscript
    if isinstance(arg, Token):
        if arg.type == "PRIME":
            return SupArg("prime")
        if arg.type == "MULOP":
            return SupArg("mark", "*")
        if arg.type == "NAME":
            if arg.value in nt.TRANSPOSE_MARKS:
                return SupArg("transpose")
            if arg.value in nt.SUP_MARKS:
                return SupArg("mark", arg.value)
            sym = _name_node(arg.value)
            if sym.name in nt.LAYER_LETTERS:
                return SupArg("layer", (sym,))
            return SupArg("power", sym)
        if arg.type == "NUM":
            return SupArg("number", Num(arg.value))
        raise Unreadable(f"cannot read the superscript {arg.value!r}", _pos(arg))
    # a braced group: the raw items of the chain inside
    chain: Chain = arg
    if not chain.ops and chain.terms[0] is None:
        raise Unreadable("empty superscript", pos)
    if chain.ops:
        raise Unreadable("a relation inside a superscript", pos)
    node = chain.terms[0]
    if isinstance(node, _Bracketed):
        return SupArg("layer", split_layer(node.value), bracket=node.kind)
    if isinstance(node, Mul) and len(node.factors) in (2, 3) and all(
            isinstance(f, _Bracketed) for f in node.factors[:2]) and [
            f.kind for f in node.factors[:2]] == ["[", "("] and (
            len(node.factors) == 2 or (isinstance(node.factors[2], Sym)
                                       and node.factors[2].name in nt.TRANSPOSE_MARKS)):
        # a^{[l](i)}: layer l of example i, both parts kept as written (a^{[l](i)T}: transposed)
        first, second = node.factors[:2]
        return SupArg("layer", split_layer(first.value) + split_layer(second.value),
                      transpose=len(node.factors) == 3, bracket=first.kind)
    if isinstance(node, Mul) and len(node.factors) == 2 and isinstance(node.factors[0], _Bracketed):
        last = node.factors[1]
        if isinstance(last, Sym) and last.name in nt.TRANSPOSE_MARKS:
            return SupArg("layer", split_layer(node.factors[0].value), transpose=True,
                          bracket=node.factors[0].kind)
    if isinstance(node, Sym) and not node.sub and node.name in nt.TRANSPOSE_MARKS:
        return SupArg("transpose")
    if isinstance(node, Sym) and node.name in nt.SUP_MARKS:
        return SupArg("mark", node.name)
    if isinstance(node, Prime):
        return SupArg("prime")
    if isinstance(node, Num):
        return SupArg("number", node)
    if _layer_letters(node):
        return SupArg("layer", split_layer(node))
    return SupArg("power", finish(unwrap(node)))


class _Bracketed(Node):
    """A parenthesised value that remembers its brackets (only inside superscripts)."""

    __slots__ = ("value", "kind")

    def __init__(self, value, kind):
        self.value = value
        self.kind = kind

    def __eq__(self, other):
        if not isinstance(other, _Bracketed):
            return False
        return (self.value, self.kind) == (other.value, other.kind)

    def __hash__(self):
        return hash((self.value, self.kind))


def unwrap(node):
    """Forget bracket memory: the plain value."""
    if isinstance(node, _Bracketed):
        return unwrap(node.value)
    if isinstance(node, Mul):
        return Mul(tuple(unwrap(f) for f in node.factors), node.ops)
    return node


def split_layer(node) -> tuple[Node, ...]:
    node = unwrap(node)
    if isinstance(node, Tuple_):
        return node.items
    return (node,)


def apply_scripts(base, scripts, pos: int):  # noqa: C901 - the superscript rules
    """Attach ``_``/``^``/``'`` scripts to a resolved base node."""
    for kind, arg in scripts:
        if kind == "sub":
            value = arg if not isinstance(arg, Token) else _token_value(arg)
            if isinstance(value, Chain):
                value = chain_value(value, pos) if value.ops or value.terms[0] is not None else None
                if value is None:
                    raise Unreadable("empty subscript", pos)
            idx = split_indices(unwrap(value))
            if isinstance(base, Sym) and not base.sub:
                base = Sym(base.name, idx, base.layer, base.bold, base.marks, base.bracket)
            elif isinstance(base, Norm) and base.p is None:
                base = Norm(base.arg, base.kind, unwrap(value))
            else:
                base = Entry(base, idx)
            continue
        if kind == "prime":
            base = Prime(base.func, base.order + 1) if isinstance(base, Prime) else Prime(base)
            continue
        sup = read_sup(arg, pos)
        if sup.kind == "prime":
            base = Prime(base.func, base.order + 1) if isinstance(base, Prime) else Prime(base)
        elif sup.kind == "transpose":
            base = Transpose(base)
        elif sup.kind == "mark" and isinstance(base, Sym):
            base = Sym(base.name, base.sub, base.layer, base.bold, base.marks + (sup.value,),
                       base.bracket)
        elif sup.kind == "layer" and isinstance(base, Sym) and not base.layer:
            base = Sym(base.name, base.sub, tuple(unwrap(v) for v in sup.value), base.bold,
                       base.marks, sup.bracket)
            if sup.transpose:
                base = Transpose(base)
        elif sup.kind == "number":
            plain = isinstance(base, Sym) and not base.layer
            base = Pow(base, sup.value, maybe_layer=plain and base.name not in nt.FUNCTIONS)
        elif sup.kind == "layer":
            # a layer letter on something that already has a layer: a power
            base = Pow(base, unwrap(sup.value[0]) if len(sup.value) == 1 else Tuple_(sup.value))
        elif sup.kind == "mark":
            raise Unreadable(f"the mark ^{sup.value} on an expression", pos)
        else:
            base = Pow(base, sup.value)
    return base


def _token_value(tok: Token) -> Node:
    if tok.type == "NAME":
        return _name_node(tok.value)
    if tok.type == "NUM":
        return Num(tok.value)
    raise Unreadable(f"cannot read the subscript {tok.value!r}", _pos(tok))


def _d_form(node):
    """The variable of a Leibniz ``d x`` / ``dZ`` (None if ``node`` is not one)."""
    if isinstance(node, Sym) and node.name == "d" and not node.sub and not node.layer:
        return "d", None
    if isinstance(node, Sym) and len(node.name) == 2 and node.name[0] == "d" \
            and node.name[1].isupper():
        return "d", Sym(node.name[1], node.sub, node.layer, node.bold, node.marks, node.bracket)
    if isinstance(node, Mul) and node.ops and node.ops[0] == "juxt":
        head = node.factors[0]
        if isinstance(head, Sym) and head.name == "d" and not head.sub and not head.layer:
            rest = node.factors[1:]
            value = rest[0] if len(rest) == 1 else Mul(rest, node.ops[1:])
            return "d", value
    if isinstance(node, Pow) and isinstance(node.base, Sym) and node.base.name == "d":
        return "d", None
    return None


def make_frac(num, den, pos: int):
    """``\\frac{num}{den}``: a derivative, a derivative operator, or a fraction."""
    if isinstance(num, Partial):
        if num.order > 1 and isinstance(den, Partial) and isinstance(den.expr, Pow) \
                and den.expr.exp == Num(str(num.order)):
            den = Partial(den.expr.base, 1, den.pos)  # \partial^2 E / \partial w^2
        wrt = _partials(den, pos)
        if num.expr is None:
            return Op("deriv", pos, wrt=wrt, style="partial", order=num.order)
        return Deriv(num.expr, wrt, "partial", num.order)
    if isinstance(den, Partial) or isinstance(num, Op) or isinstance(den, Op):
        raise Unreadable("a fraction with '\\partial' on one side only", pos)
    dn, dd = _d_form(num), _d_form(den)
    if dn and dd and dd[1] is not None:
        if dn[1] is None:
            return Op("deriv", pos, wrt=(dd[1],), style="d")
        return Deriv(dn[1], (dd[1],), "d")
    return Frac(num, den)


def _partials(den, pos: int) -> tuple[Node, ...]:
    if isinstance(den, Partial) and den.expr is not None:
        return (den.expr,)
    if isinstance(den, list) and den and all(isinstance(p, Partial) and p.expr is not None
                                             for p in den):
        return tuple(p.expr for p in den)
    raise Unreadable("cannot read what the derivative is taken with respect to", pos)


class Builder(Transformer):
    """Bottom-up: grammar rules to nodes (products folded by :func:`fold_product`)."""

    def start(self, items):
        return items[0]

    def chain(self, items):
        terms, ops = [], []
        expect_term = True
        for it in items:
            if isinstance(it, Token) and it.type == "REL":
                if expect_term:
                    terms.append(None)
                ops.append(it.value)
                expect_term = True
            else:
                terms.append(it)
                expect_term = False
        if expect_term:
            terms.append(None)
        return Chain(tuple(terms), tuple(ops))

    def tuple(self, items):
        return Tuple_(tuple(finish(i) for i in items if not isinstance(i, Token)))

    def add(self, items):
        a, b = finish(items[0]), finish(items[2])
        return Add((a.terms if isinstance(a, Add) else (a,)) + (b,))

    def subtract(self, items):
        a, b = finish(items[0]), finish(items[2])
        return Add((a.terms if isinstance(a, Add) else (a,)) + (Neg(b),))

    def neg(self, items):
        return Neg(finish(items[1]))

    def pos(self, items):
        return finish(items[1])

    def prod(self, items):
        from .fold import fold_product  # fold builds on this module's helpers

        return fold_product(items)

    def mulop(self, items):
        return MulOp(items[0].value, _pos(items[0]))

    def slash(self, items):
        return Slash(_pos(items[0]))

    def factor(self, items):
        from .fold import resolve_factor

        return resolve_factor(items[0], items[1:])

    def superscript(self, items):
        return ("sup", items[1])

    def subscript(self, items):
        return ("sub", items[1])

    def prime(self, items):
        return ("prime", None)

    def braced_arg(self, items):
        return items[1]

    def name_arg(self, items):
        return items[0]

    num_arg = prime_arg = mulop_arg = name_arg

    def minus_arg(self, items):
        raise Unreadable("a bare '-' as a script", _pos(items[0]))

    plus_arg = minus_arg

    # atoms: (kind, payload, pos)
    def name(self, items):
        return ("name", items[0].value, _pos(items[0]))

    def num(self, items):
        return ("node", Num(items[0].value), _pos(items[0]))

    def text(self, items):
        return ("node", Text(items[0].value), _pos(items[0]))

    def dots(self, items):
        return ("node", Ellipsis_(), _pos(items[0]))

    def paren(self, items):
        return ("group", Group(items[1], "(", _pos(items[0])), _pos(items[0]))

    def bracket(self, items):
        return ("group", Group(items[1], "[", _pos(items[0])), _pos(items[0]))

    def brace(self, items):
        return ("group", Group(items[1], "{", _pos(items[0])), _pos(items[0]))

    def setbrace(self, items):
        return ("group", Group(items[1], "\\{", _pos(items[0])), _pos(items[0]))

    def norm(self, items):
        return ("node", Norm(chain_value(items[1], _pos(items[0]))), _pos(items[0]))

    def abs(self, items):
        return ("node", Norm(chain_value(items[1], _pos(items[0])), "abs"), _pos(items[0]))

    def frac(self, items):
        p = _pos(items[0])
        num = _frac_part(items[2], p)
        den = _frac_part(items[5], p)
        return ("frac", make_frac(num, den, p), p)

    def sqrt(self, items):
        return ("node", Sqrt(chain_value(items[2], _pos(items[0]))), _pos(items[0]))

    def partial(self, items):
        return ("op", Op("partial", _pos(items[0])), _pos(items[0]))

    def nabla(self, items):
        return ("op", Op("nabla", _pos(items[0]), style="nabla"), _pos(items[0]))

    def bigsum(self, items):
        return ("op", Op("sum", _pos(items[0]), style=items[0].value), _pos(items[0]))

    def matrix(self, items):
        rows = tuple(tuple(_cell_value(c, _pos(items[0])) for c in row) for row in items[1])
        return ("node", Matrix(rows), _pos(items[0]))

    def cases(self, items):
        pieces = []
        for row in items[1]:
            value = _cell_value(row[0], _pos(items[0]))
            cond = _cell_value(row[1], _pos(items[0])) if len(row) > 1 else None
            pieces.append((value, cond))
        return ("node", Cases(tuple(pieces)), _pos(items[0]))

    def rows(self, items):
        return [r for r in items if not isinstance(r, Token)]

    def row(self, items):
        return [c for c in items if not isinstance(c, Token)]

    def cell(self, items):
        chains = [c for c in items if isinstance(c, Chain)]
        word = [t.value for t in items if isinstance(t, Token)]
        return (chains, word)


def _cell_value(cell, pos):
    chains, word = cell
    parts = [c for c in chains if c.ops or c.terms[0] is not None]
    if word == ["otherwise"] or (word and not parts):
        return None
    if not parts:
        raise Unreadable("an empty matrix or cases cell", pos)
    return chain_value(parts[-1], pos)


def _frac_part(chain: Chain, pos: int):
    if chain.ops:
        raise Unreadable("a relation inside a fraction", pos)
    if chain.terms[0] is None:
        raise Unreadable("an empty fraction part", pos)
    term = chain.terms[0]
    return unwrap(term) if isinstance(term, (_Bracketed, Mul)) else term


def finish(x):
    """A folded product item or a node: make sure no half-built operator escapes."""
    if isinstance(x, _Bracketed) or (isinstance(x, Mul) and any(
            isinstance(f, _Bracketed) for f in x.factors)):
        return unwrap(x)  # bracket memory is for superscripts ([\ell+1]T) only
    if isinstance(x, Partial):
        if x.expr is None:
            raise Unreadable("'\\partial' with nothing after it", x.pos)
        raise Unreadable("'\\partial' outside a derivative", x.pos)
    if isinstance(x, Op):
        raise Unreadable("an operator with nothing to apply to", x.pos)
    if isinstance(x, list):  # several ∂ factors: only valid as a denominator
        raise Unreadable("'\\partial' outside a derivative", 0)
    return x

