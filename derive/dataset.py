"""Training examples in the concrete instance: ``E = \\sum_n E_n``, ``\\frac1n\\sum_i
\\ell(\\theta; x_i, y_i)``, ``\\hat y_i``, and a design matrix ``X`` whose rows are the
examples.

The instance holds :data:`EXAMPLES` examples.  Inputs and targets (and the input
layer's activities) get their own symbols in each example; parameters are shared.
A quantity subscripted by a letter that a sum over examples binds (``\\hat y_i``,
``E_n``, ``\\mathbf{x}_i``) is the quantity computed in that example.  A letter that
bounds such a sum (``n`` in ``\\sum_{i=1}^{n}``, also in the ``\\frac1n`` next to it)
is the number of examples.
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from . import notation as nt
from .model import Definition, mentions, walk
from .tree import Add, Apply, Neg, Num, Sum, Sym

EXAMPLES = 6  # examples in a data set; the rows of a batch matrix X


class DataSetMixin:
    """Example-aware parts of :class:`derive.instance.Instance`."""

    example: int | None
    example_vars: set
    claim_nodes: tuple

    # ----- which letters and subscripts mean examples --------------------------
    def example_letter(self, s: Sym, bind) -> str | None:
        """The letter that picks one example of the data set in ``s`` (``\\hat y_i``,
        ``E_n``, ``\\delta^{[\\ell](i)}``), when it is bound."""
        letters = {x for x in bind if x in self.example_vars or x in self.model.example_letters}
        split = example_split(s, letters)
        if split is None or s.name in self.model.families:
            return None
        if split[1].sub == s.sub:  # a superscript (i): nothing else it could mean
            return split[0]
        return split[0] if self.example_use(s) else None

    def example_use(self, s: Sym) -> bool:
        """Does the letter subscript of ``s`` pick an example rather than an entry?"""
        if s.sub and isinstance(s.sub[0], Sym) and s.sub[0].name in self.model.example_letters:
            return True
        if any(isinstance(d.lhs, Sym) and d.lhs.sub for d in self.model.in_force(s.name, self.line)
               if not d.is_function) and s.name not in nt.COST_NAMES:
            return False  # the note defines s entry by entry
        if s.name in nt.COST_NAMES or s.bold:
            return True
        value = self.probe(lambda: self.sym(replace(s, sub=()), {}))
        return value is not None and value.shape == (1, 1)

    def probe(self, fn):
        """``fn()`` evaluated without leaving anything behind (None when it fails)."""
        from .errors import CannotEvaluate, ShapeError
        saved = dict(self.cache), dict(self.leaf_syms), set(self.assumptions)
        try:
            return fn()
        except (CannotEvaluate, ShapeError, RecursionError):
            return None
        finally:
            self.cache, self.leaf_syms, self.assumptions = saved

    def example_sum(self, node: Sum, bind) -> bool:
        """``\\sum_{i=1}^{n} \\ell(\\theta; x_i, y_i)``: a sum over the examples; also
        Nielsen's ``\\sum_x``, a sum over the inputs x of the training set."""
        if over_inputs(node):
            return True
        bound = count_bound(node)
        if not isinstance(node.index, Sym) or bound is None:
            return False
        var = node.index.name
        if var in self.model.example_letters:
            return True
        if bound in bind or self.model.in_force(bound, self.line):
            return False
        return self.uses_examples(node.body, var)

    def uses_examples(self, body, var: str) -> bool:
        for n in walk(body):
            if isinstance(n, Sym) and len(n.sub) == 1 and isinstance(n.sub[0], Sym) \
                    and n.sub[0].name == var and n.name not in self.model.families \
                    and self.example_use(n):
                return True
        return False

    def example_count(self, name: str) -> bool:
        """Is the bare letter ``name`` the number of examples (it bounds a sum over them)?"""
        key = ("count", name)
        if key not in self.cache:
            self.cache[key] = False  # no recursion through the check itself
            sums = [n for root in self.roots() for n in walk(root) if isinstance(n, Sum)
                    and count_bound(n) == name]
            self.cache[key] = any(self.example_sum(n, {}) for n in sums) or any(
                over_inputs(n) for root in self.roots() for n in walk(root)
                if isinstance(n, Sum))
        return self.cache[key]

    def roots(self):
        for d in self.model.definitions:
            yield d.rhs
        yield from self.claim_nodes

    # ----- values in one example ------------------------------------------------
    def at_example(self, k: int, fn):
        saved = self.example
        self.example = k
        try:
            return fn()
        finally:
            self.example = saved

    def per_example_leaf(self, name: str, layer) -> bool:
        """Inputs, targets and the input layer's activities differ between examples."""
        if name in nt.INPUT_NAMES or name in nt.TARGET_NAMES:
            return True
        return layer is not None and layer == self.input_layer() and \
            name not in nt.WEIGHT_NAMES and name != "b"

    def example_value(self, s: Sym, bind, letter: str):
        k = bind[letter]
        base = example_split(s, {letter})[1]
        column = self.batch_column(base, k, bind)
        if column is not None:
            return column
        per = self.defined_per_example(s.name) if base.layer == s.layer else None
        if per is not None and s.name not in nt.COST_NAMES:  # a_n = W x_n + b
            key = ("example", s.name, s.bold, k)
            if key not in self.cache:
                var = per.lhs.sub[0].name
                self.cache[key] = self.at_example(k, lambda: self.named(
                    self.value(per.rhs, {**bind, var: k}), f"{s.name}@{k}"))
            return self.cache[key]
        if s.name in nt.COST_NAMES:
            per = self.cost_per_example(s.name) or self.cost_before_mean(s.name)
            if per is not None:  # E_n = ½ Σ_k (y_k - t_k)²
                var = per.lhs.sub[0].name
                inner = {**bind, var: k}
                fresh = var not in self.example_vars
                self.example_vars.add(var)
                try:
                    return self.at_example(k, lambda: self._cost_scalar(
                        s.name, self.value(per.rhs, inner)))
                finally:
                    if fresh:
                        self.example_vars.discard(var)
        return self.at_example(k, lambda: self.sym(base, bind))

    def at_example_of(self, node, bind):
        """``y(x)``, ``a^L(x)``, ``\\delta^{x,l}`` inside ``\\sum_x``: the example x is
        bound to; None when ``node`` names no bound example."""
        if isinstance(node, Sym) and not node.sub and not node.layer \
                and node.name in self.example_vars and node.name in bind:
            return bind[node.name]
        return None

    def batch_column(self, base: Sym, k: int, bind):
        """``\\hat y^{(i)}`` where only ``\\hat Y`` (one example per column) exists: its
        column i."""
        upper = _upper(base.name)
        if upper is None or self.model.convention != "column" or base.name in nt.COST_NAMES \
                or self.model.in_force(base.name, self.line):
            return None
        if not any(d.name == upper or mentions(d.rhs, upper) for d in self.model.definitions) \
                or not batch_layers(self.model):
            return None
        big = self.sym(Sym(upper, (), base.layer, base.bold, base.marks, base.bracket), bind)
        col = k - self.model.index_base
        if big.shape[1] <= 1 or not 0 <= col < big.shape[1]:
            return None
        self.assumptions.add(f"{upper} holds one example per column")
        return big[:, col]

    def defined_per_example(self, name: str):
        """``a_n = W_1 x_n + b_1``: a definition for every example n."""
        for d in self.model.in_force(name, self.line):
            if not d.is_function and isinstance(d.lhs, Sym) and len(d.lhs.sub) == 1 \
                    and isinstance(d.lhs.sub[0], Sym) \
                    and d.lhs.sub[0].name in self.model.example_letters:
                return d
        return None

    def cost_before_mean(self, name: str):
        """``C_x`` where the note says "the C of the sections before": the latest
        definition of C that is not the mean over examples itself (when C is that mean)."""
        defs = self.model.in_force(name, self.line)
        if not any(isinstance(d.lhs, Sym) and not d.lhs.sub and mentions(d.rhs, name)
                   for d in defs):
            return None
        for d in defs:
            if not d.is_function and isinstance(d.lhs, Sym) and not mentions(d.rhs, name):
                if d.lhs.sub and not isinstance(d.lhs.sub[0], Num):
                    continue
                return Definition(d.name, Sym(name, (Sym("_example"),)), d.rhs, d.line)
        return None

    def mean_of_example_costs(self, name: str):
        """``C`` that the note never writes, beside one example's ``C_0 = …`` and prose
        that calls the cost an average: the mean of the examples' costs."""
        if self.example is not None or not self.model.cost_is_mean or not any(
                isinstance(d.lhs, Sym) and len(d.lhs.sub) == 1
                for d in self.model.in_force(name, self.line)):
            return None
        from .show import pretty
        self.assumptions.add(f"{pretty(name)} the mean of the examples' costs")
        total = sum((self.at_example(k, lambda: self.sym(Sym(name), {}))
                     for k in range(EXAMPLES)), sp.zeros(1, 1))
        return total / EXAMPLES

    def cost_per_example(self, name: str):
        for d in self.model.in_force(name, self.line):
            if not d.is_function and isinstance(d.lhs, Sym) and len(d.lhs.sub) == 1 \
                    and isinstance(d.lhs.sub[0], Sym):
                return d
        return None

    def apply_at_example(self, node: Apply, d, bind):
        """``\\ell(\\theta; x_i, y_i)`` for ``\\ell(\\theta; x, y) = …``: ℓ in example i."""
        letters = set()
        for p, a in zip(d.lhs.args, node.args, strict=False):
            if a == p:
                continue
            letter = self.example_letter(a, bind) if isinstance(a, Sym) else None
            if letter is not None and isinstance(p, Sym) \
                    and example_split(a, {letter})[1] == replace(p, bracket=a.bracket):
                letters.add(letter)
                continue
            return None
        if len(letters) != 1:
            return None
        k = bind[letters.pop()]
        return self.at_example(k, lambda: self.value(d.lhs, {}))

    def stacked(self, s: Sym, bind):
        """A design matrix ``X`` (rows are the examples' inputs), or a bold ``\\hat{\\mathbf y}``
        whose entries are the examples' numbers ``\\hat y_i``; None when ``s`` is neither."""
        if s.sub or self.example is not None:
            return None
        lower = _lower(s.name)
        if lower and self.model.example_letters and self.model.convention == "column" \
                and lower in self.model.layered and s.name not in nt.WEIGHT_NAMES \
                and not self.model.in_force(s.name, self.line):
            # A^{[l]}: the examples' a^{[l]} as columns
            small = Sym(lower, (), s.layer, s.bold, s.marks, s.bracket)
            cols = [self.at_example(k, lambda: self.sym(small, bind))
                    for k in range(1, EXAMPLES + 1)]
            if all(c.shape[1] == 1 for c in cols):
                self.assumptions.add(f"{s.name} holds one example per column")
                return sp.Matrix.hstack(*cols)
        if s.layer or not self.model.plain_indexed:
            return None
        if s.name in nt.BATCH_INPUTS and self.model.convention == "column":
            rows = []
            for k in range(1, EXAMPLES + 1):
                x = self.at_example(k, lambda: self.sym(Sym("x", bold=s.bold), bind))
                if x.shape[1] != 1:
                    return None
                rows.append(list(x.T))
            self.assumptions.add("X holds one example per row")
            return sp.Matrix(rows)
        if s.bold and s.name in self.model.plain_indexed:
            plain = replace(s, bold=False)
            values = [self.probe(lambda k=k: self.at_example(k, lambda: self.sym(plain, bind)))
                      for k in range(1, EXAMPLES + 1)]
            if all(v is not None and v.shape == (1, 1) for v in values) \
                    and len({v[0, 0] for v in values}) > 1:
                values = [self.at_example(k, lambda: self.sym(plain, bind))
                          for k in range(1, EXAMPLES + 1)]
                self.assumptions.add(f"bold {s.name} holds one number per example")
                return sp.Matrix([[v[0, 0]] for v in values])
        return None


def example_split(s: Sym, letters) -> tuple[str, Sym] | None:
    """(letter, s without it) when a letter of ``letters`` picks an example in ``s``:
    ``\\hat y_i``, ``E_n``, ``\\hat y^{(i)}``, ``\\delta^{[\\ell](i)}``, ``\\delta^{x,l}``."""
    def letter(node):
        return node.name if isinstance(node, Sym) and not node.sub and not node.layer \
            and node.name in letters else None
    if len(s.sub) == 1 and letter(s.sub[0]):
        return letter(s.sub[0]), replace(s, sub=())
    if s.layer and letter(s.layer[-1]) and (len(s.layer) == 2 or s.bracket == "("):
        rest = s.layer[:-1]
        return letter(s.layer[-1]), replace(s, layer=rest, bracket=s.bracket if rest else "")
    if len(s.layer) == 2 and letter(s.layer[0]):
        return letter(s.layer[0]), replace(s, layer=s.layer[1:])
    return None


def batch_layers(model) -> bool:
    """Does the note compute whole batches layer by layer (``Z^{[l]}``, ``A^{[l]}``)?"""
    return any(n[:1].isupper() and n not in nt.WEIGHT_NAMES for n in model.layered)


def _upper(name: str) -> str | None:
    """Ŷ for ŷ, Y for y, A for a: the capital that holds every example."""
    if name.startswith("hat{") and name.endswith("}"):
        inner = _upper(name[4:-1])
        return f"hat{{{inner}}}" if inner else None
    if len(name) == 1 and name.islower():
        return name.upper()
    if name in nt.GREEK and name[:1].islower():
        return name[:1].upper() + name[1:]
    return None


def _lower(name: str) -> str | None:
    """δ for Δ, a for A: the name whose examples a capital stacks."""
    if name[:1].isupper() and len(name) == 1:
        return name.lower()
    if name in nt.GREEK and name[:1].isupper():
        return name[:1].lower() + name[1:]
    return None


def example_letters(chains) -> set[str]:
    """Letters that number the training examples: the index of a sum up to a count letter
    (``\\sum_{n=1}^{N}``) whose body subscripts an input, a target, a prediction, a
    cost or a bold vector with it (``t_n``, ``\\mathbf x_i``, ``E_n``)."""
    data = nt.INPUT_NAMES | nt.TARGET_NAMES | nt.COST_NAMES | {"hat{y}"}
    units = set()  # letters that number units somewhere: w_{jk}, a^{(L)}_k
    for c in chains:
        for t in c.terms:
            for n in walk(t) if t is not None else ():
                if isinstance(n, Sym) and n.sub and (len(n.sub) > 1 or n.layer
                                                     or n.name in nt.WEIGHT_NAMES):
                    units |= {i.name for i in n.sub if isinstance(i, Sym)}
    out = set()
    for c in chains:
        for t in c.terms:
            for n in walk(t) if t is not None else ():
                if not (isinstance(n, Sum) and isinstance(n.index, Sym) and count_bound(n)):
                    continue
                var = n.index.name
                if var in units:
                    continue
                if any(isinstance(m, Sym) and ((len(m.sub) == 1 and m.sub[0] == Sym(var)
                                                and (m.name in data or m.bold))
                                               or (m.layer and Sym(var) in m.layer))
                       for m in walk(n.body)):
                    out.add(var)
    return out


def count_bound(node: Sum) -> str | None:
    """The count letter a sum runs up to: ``n`` in ``^{n}``, or in ``_{k=0}^{n-1}``."""
    hi = node.hi
    if isinstance(hi, Sym) and not hi.sub and not hi.layer and hi.name in nt.COUNT_LETTERS:
        return hi.name
    if isinstance(hi, Add) and len(hi.terms) == 2 and isinstance(hi.terms[0], Sym) \
            and hi.terms[0].name in nt.COUNT_LETTERS and not hi.terms[0].sub \
            and hi.terms[1] == Neg(Num("1")) and node.lo == Num("0"):
        return hi.terms[0].name
    return None


def over_inputs(node: Sum) -> bool:
    """``\\sum_x``: a sum over the training inputs (no bounds, the input's name)."""
    return isinstance(node.index, Sym) and node.index.name in nt.INPUT_NAMES \
        and not node.index.sub and node.lo is None and node.hi is None
