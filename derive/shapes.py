"""Shapes of the quantities nobody defines, inferred from the note by unification.

``X \\in \\mathbb{R}^{m \\times d}`` declares a shape; a definition such as ``Z_1 = X
W_1^\\top + \\mathbf{1} b_1^\\top`` says that ``X``'s columns are ``W_1``'s columns, that
``Z_1`` has ``X``'s rows and ``W_1``'s rows, and that the ones vector is as long as
``X`` is tall.  Every dimension is a variable; products, sums, transposes and
element-wise operations unify them (union-find).  Only declarations and definitions
take part: a claim never shapes anything, so a claim that does not conform is still
caught.  Each class of dimensions then gets a size: the number of examples where a
count letter (``m``) is in it, otherwise a distinct width.
"""

from __future__ import annotations

from . import notation as nt
from .model import walk
from .tree import (
    Add,
    Apply,
    Deriv,
    Entry,
    Frac,
    Matrix,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sqrt,
    Sum,
    Sym,
    Transpose,
)

SCALAR = "scalar"
SIZES = (3, 5, 4, 7, 2, 8, 9)


def leaf_key(s: Sym):
    """How a leaf is named in the table: its name, layer and numbered subscripts."""
    layer = tuple(p.text for p in s.layer if isinstance(p, Num))
    sub = tuple(p.text for p in s.sub if isinstance(p, Num))
    return (s.name, layer + sub)


class Unifier:
    def __init__(self, definitions, count: int, bold_vectors=False, convention="column",
                 examples=frozenset()):
        self.bold_vectors = bold_vectors
        self.convention = convention
        self.examples = examples  # letters that number examples: a_n is example n's a
        self.parent: dict = {}
        self.size: dict = {}  # root -> fixed size
        self.leaves: dict = {}
        self.defs = {}
        for d in definitions:
            lhs = self.per_example(d.lhs) if isinstance(d.lhs, Sym) else d.lhs
            if isinstance(lhs, Sym) and not any(isinstance(i, Sym) for i in lhs.sub):
                self.defs.setdefault(leaf_key(lhs), d)
        self.memo: dict = {}
        self.busy: set = set()
        self.count = count
        self.fresh = 0
        self.letters: dict = {}  # index letter -> dimension, within one formula
        self.one_hot: set = set()
        self.weight_dims = False  # declaring a weight matrix: its sizes are widths

    # ----- union-find ---------------------------------------------------------
    def var(self):
        self.fresh += 1
        v = ("v", self.fresh)
        self.parent[v] = v
        return v

    def find(self, v):
        while self.parent[v] != v:
            self.parent[v] = self.parent[self.parent[v]]
            v = self.parent[v]
        return v

    def unify(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        sa, sb = self.size.get(ra), self.size.get(rb)
        if sa is not None and sb is not None and sa != sb:
            return  # a conflict: the note is inconsistent here; leave both as they are
        self.parent[rb] = ra
        if sa is None and sb is not None:
            self.size[ra] = sb

    def dim(self, node):
        """A declared dimension: a letter (its own variable) or a number."""
        v = self.var()
        if isinstance(node, Num) and node.text.isdigit():
            self.size[v] = int(node.text)
            return v
        if isinstance(node, Sym) and not node.layer:
            key = ("dim", node.name, tuple(getattr(i, "text", getattr(i, "word", "?"))
                                           for i in node.sub))
            if key not in self.parent:
                self.parent[key] = key
                if node.name in nt.COUNT_LETTERS and not node.sub and not self.weight_dims:
                    self.size[key] = self.count  # W ∈ ℝ^{m×n}: m, n count units
            self.unify(key, v)
        return v

    # ----- declarations ----------------------------------------------------------
    def declare(self, name_node, space) -> None:
        """``X \\in \\mathbb{R}^{m \\times d}`` (or ``^{d}``, a column)."""
        if not isinstance(space, Pow):
            return  # ℝ^{m×d}, \{0,1\}^{m×C}
        if isinstance(name_node, Sym) and any(not isinstance(p, Num) for p in name_node.layer):
            return  # W^{(l)} ∈ ℝ^{n_l × n_{l-1}}: every layer, sized by its layer's width
        exp = space.exp
        dims = list(exp.factors) if isinstance(exp, Mul) and set(exp.ops) <= {"times"} \
            else [exp]
        self.weight_dims = isinstance(name_node, Sym) and name_node.name in nt.WEIGHT_NAMES
        if len(dims) == 1:
            shape = (self.dim(dims[0]), self.one())
        elif len(dims) == 2:
            shape = (self.dim(dims[0]), self.dim(dims[1]))
        else:
            return
        self.weight_dims = False
        if isinstance(name_node, Num) and name_node.text == "1":
            return  # the ones vector takes its length from each product
        if isinstance(name_node, Sym):
            name_node = self.per_example(name_node)
        if isinstance(name_node, Sym) and not any(isinstance(i, Sym) for i in name_node.sub):
            self.unify_shape(self.leaf(name_node), shape)
            if _zero_one(space.base):
                self.one_hot.add(name_node.name)  # T ∈ \{0,1\}^{m×C}: one-hot rows

    def one(self):
        v = self.var()
        self.size[v] = 1
        return v

    def leaf(self, s: Sym):
        key = leaf_key(s)
        if key not in self.leaves:
            column = s.bold and s.name[:1].islower() and self.convention == "column"
            self.leaves[key] = (self.var(), self.one() if column else self.var())
        return self.leaves[key]

    def unify_shape(self, a, b) -> None:
        if a is None or b is None or a == SCALAR or b == SCALAR:
            return
        self.unify(a[0], b[0])
        self.unify(a[1], b[1])

    # ----- shapes of formulas ------------------------------------------------------
    def shape(self, node):  # noqa: C901 - node dispatch
        """(rows, cols) of dimension variables, SCALAR, or None when unknown."""
        if isinstance(node, Num):
            return SCALAR
        if isinstance(node, Sym):
            return self.sym(node)
        if isinstance(node, Neg):
            return self.shape(node.arg)
        if isinstance(node, Transpose):
            if isinstance(node.arg, Num) and node.arg.text == "1":
                return (self.one(), self.var())
            s = self.shape(node.arg)
            return s if s in (None, SCALAR) else (s[1], s[0])
        if isinstance(node, Add):
            found = None
            for t in node.terms:
                s = self.shape(t)
                if s not in (None, SCALAR):
                    if found is None:
                        found = s
                    else:
                        self.unify_shape(found, s)
            return found
        if isinstance(node, Mul):
            return self.product(node)
        if isinstance(node, Frac):
            if isinstance(node.num, Num):
                return SCALAR if self.shape(node.den) in (SCALAR, None) else None
            den = self.shape(node.den)
            num = self.shape(node.num)
            return num if den == SCALAR else None
        if isinstance(node, Apply):
            if isinstance(node.func, Sym) and node.func.name in nt.COST_NAMES:
                return SCALAR
            if len(node.args) == 1:
                return self.shape(node.args[0])
            return None
        if isinstance(node, Pow):
            base, exp = self.shape(node.base), self.shape(node.exp)
            if base == SCALAR and exp not in (None, SCALAR):
                return exp  # e^{z} of a vector z
            return base
        if isinstance(node, Sqrt):
            return self.shape(node.arg)
        if isinstance(node, Deriv):
            expr = self.shape(node.expr)
            wrt = [self.shape(w) for w in node.wrt]
            if len(wrt) == 1 and expr == SCALAR:
                return wrt[0]
            return None
        if isinstance(node, Sum):
            if isinstance(node.index, Sym) and node.hi is not None and node.lo is not None \
                    and isinstance(node.lo, Num):
                self.unify(self.letter(node.index.name), self.dim(node.hi))
            self.shape(node.body)
            return SCALAR if node.index is not None else None
        if isinstance(node, Entry):
            return SCALAR
        if isinstance(node, Norm):
            inner = self.shape(node.arg)
            return inner if node.kind == "abs" else SCALAR
        if isinstance(node, Matrix):
            rows, cols = len(node.rows), max(len(r) for r in node.rows)
            r, c = self.var(), self.var()
            self.size[r], self.size[c] = rows, cols
            return (r, c)
        return None

    def per_example(self, s: Sym) -> Sym:
        if len(s.sub) == 1 and isinstance(s.sub[0], Sym) and s.sub[0].name in self.examples:
            return Sym(s.name, (), s.layer, s.bold, s.marks, s.bracket)
        return s

    def sym(self, s: Sym):
        s = self.per_example(s)
        if s.name in nt.GREEK and s.name not in ("delta", "theta", "Theta", "Sigma"):
            return SCALAR
        if s.name in nt.COUNT_LETTERS and not s.sub and not s.layer:
            return SCALAR
        if self.bold_vectors and not s.bold and s.name[:1].islower():
            if leaf_key(s) in self.defs:
                self.defined(s)  # ŷ = w^T h + b: w and h conform
            return SCALAR  # a note that writes vectors in bold: a plain letter is a number
        if any(not isinstance(p, Num) for p in s.layer):
            return None  # a layer letter: one name for several shapes
        if s.name in nt.COST_NAMES and not s.layer:
            return SCALAR
        if any(isinstance(i, Sym) for i in s.sub):
            self.entry(s)
            return SCALAR  # an entry
        key = leaf_key(s)
        if key in self.defs:
            return self.defined(s)
        target = gradient_target(s)
        if target is not None:
            return self.sym(target)
        return self.leaf(s)

    def defined(self, s: Sym):
        """The shape of a defined quantity: its definition's, computed once."""
        key = leaf_key(s)
        if key in self.memo:
            return self.memo[key]
        if key in self.busy:
            return None
        self.busy.add(key)
        try:
            out = self.shape(self.defs[key].rhs)
        finally:
            self.busy.discard(key)
        if out is not None and out != SCALAR:
            self.unify_shape(self.leaf(s), out)
            out = self.leaf(s)
        self.memo[key] = out
        return out

    def entry(self, s: Sym) -> None:
        """``T_{ic}`` and ``P_{ic}`` in one formula: the same i, the same number of rows."""
        sub = s.sub[1:] if s.sub and isinstance(s.sub[0], Num) and len(s.sub) > 1 else s.sub
        if len(sub) not in (1, 2) or not all(isinstance(i, Sym) and not i.sub for i in sub):
            return
        if any(not isinstance(p, Num) for p in s.layer):
            return
        base = Sym(s.name, s.sub[:len(s.sub) - len(sub)], s.layer, s.bold)
        if base.name == "w" and leaf_key(Sym("W", base.sub, base.layer)) in self.defs:
            base = Sym("W", base.sub, base.layer)  # w_{jk}: the entries of W
        shape = self.sym(base)
        if shape in (None, SCALAR):
            return
        if len(sub) == 1:  # a_k: an entry of a column (or of a row)
            dim, other = shape if self.convention == "column" else shape[::-1]
            self.unify(dim, self.letter(sub[0].name))
            self.unify(other, self.one())
            return
        for dim, letter in zip(shape, sub, strict=True):
            self.unify(dim, self.letter(letter.name))

    def letter(self, name: str):
        if name not in self.letters:
            self.letters[name] = self.var()
        return self.letters[name]

    def product(self, node: Mul):
        out = None
        factors = list(node.factors)
        for k, (op, f) in enumerate(zip(("juxt",) + node.ops, factors, strict=True)):
            if isinstance(f, Num) and f.text == "1" and len(factors) > 1:
                s = (self.var(), self.one())  # the ones vector
            else:
                s = self.shape(f)
            if k == 0:
                out = s
                continue
            if s == SCALAR:
                continue
            if out == SCALAR:
                out = s
                continue
            if out is None or s is None:
                out = None
                continue
            if op in ("odot", "circ"):
                self.unify_shape(out, s)
                continue
            self.unify(out[1], s[0])
            out = (out[0], s[1])
        return out

    # ----- sizes ---------------------------------------------------------------------
    def sizes(self) -> dict:
        """leaf key -> (rows, cols) for every leaf whose dimensions were constrained."""
        assigned: dict = {}
        pool = iter(SIZES)
        out = {}
        for key, (r, c) in self.leaves.items():
            dims = []
            for v in (r, c):
                root = self.find(v)
                if root in self.size:
                    dims.append(self.size[root])
                    continue
                if not self.constrained(root):
                    dims.append(None)
                    continue
                if root not in assigned:
                    assigned[root] = next(pool, 6)
                dims.append(assigned[root])
            if None not in dims:
                out[key] = tuple(dims)
        return out

    def constrained(self, root) -> bool:
        members = [v for v in self.parent if self.find(v) == root]
        return len(members) > 1


def _zero_one(node) -> bool:
    from .tree import Tuple_
    return isinstance(node, Tuple_) and [getattr(i, "text", None) for i in node.items] == ["0", "1"]


def gradient_target(s: Sym) -> Sym | None:
    """``dZ_2`` names ∂L/∂Z_2 (PyTorch's convention): the ``Z_2`` it names."""
    p = nt.GRADIENT_NAME_PREFIX
    if len(s.name) > len(p) and s.name.startswith(p) and (
            s.name[len(p)].isupper() or "grad" in s.marks):
        marks = tuple(m for m in s.marks if m != "grad")
        return Sym(s.name[len(p):], s.sub, s.layer, s.bold, marks, s.bracket)
    return None


def infer(definitions, conditions, count: int, bold_vectors=False,
          convention="column", examples=frozenset()) -> tuple[dict, set]:
    """Leaf shapes from the ``∈ ℝ^{…}`` conditions and the definitions, and the names
    declared one-hot (``\\{0,1\\}^{m×C}``)."""
    u = Unifier(definitions, count, bold_vectors, convention, examples)
    for lhs, rhs in conditions:
        u.declare(lhs, rhs)
    literal = any(isinstance(d.rhs, Matrix) for d in definitions)
    entries = any(isinstance(n, Sym) and n.name in nt.WEIGHT_NAMES and not n.layer
                  and len(n.sub) == 2 and all(isinstance(i, Sym) for i in n.sub)
                  for d in definitions for n in walk(d.rhs))  # z_i = W_{ij} x_j: one layer
    if not u.leaves and not literal and not entries:
        return {}, set()  # nothing declared: the roles of the names decide the shapes
    for d in definitions:
        if isinstance(d.lhs, Sym) and not d.is_function:
            u.letters = {}
            u.shape(d.lhs)
            u.shape(d.rhs)
    return u.sizes(), u.one_hot
