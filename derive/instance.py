"""A concrete instance of the document's network, and formulas evaluated in it.

Layers get distinct widths (2, 5, 4, 3, …), or all width 1 in the scalar reading.
Quantities nobody defines (weights, biases, inputs, targets) are matrices of fresh
symbols shaped by their role and the note's convention; defined quantities get one
symbol per entry with its local definition, so derivatives are the scalar chain rule
through those symbols (derivatives.py), never a differentiation of the nested
composition. Operators (products, sums, ``\\sum``) are in operators.py, training
examples in dataset.py.
"""

from __future__ import annotations

import sympy as sp

from . import notation as nt
from .dataset import EXAMPLES, DataSetMixin, batch_layers
from .derivatives import DerivativesMixin, _is_scalar
from .errors import CannotEvaluate, ShapeError
from .functions import FIXED, Func, fixed, generic
from .model import Definition, Model, step_of, walk
from .operators import BATCH, OperatorsMixin, _ones_beside, _Value
from .show import pretty as _pretty
from .tree import (
    Add,
    Apply,
    Cases,
    Deriv,
    Ellipsis_,
    Entry,
    Frac,
    Indicator,
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
    Sum,
    Sym,
    Text,
    Transpose,
    Tuple_,
)

WIDTHS = (2, 5, 4, 3, 6, 7, 8)
UNLAYERED_WIDTH = 3  # the width shared by vectors written without a layer


class Instance(DataSetMixin, DerivativesMixin, OperatorsMixin):
    def __init__(self, model: Model, line: int, scalar: bool, numeric: bool):
        self.model = model
        self.line = line
        self.scalar = scalar
        self.numeric = numeric
        self.nodes: dict[sp.Symbol, sp.Expr] = {}
        self.cache: dict = {}
        self.leaf_syms: dict = {}
        self.generics: dict[str, Func] = {}
        self.assumptions: set[str] = set()
        self.deriv_memo: dict = {}
        self.depth = 0
        self.generics_offset = 0
        self.env: dict = {}
        self.sum_bound: set[str] = set()
        self.choices: list[int] = []
        self.choice_log: list[str] = []
        self.example: int | None = None  # the training example being computed
        self.example_vars: set[str] = set()  # letters a sum over examples binds
        self.claim_nodes: tuple = ()
        self.sigma_logistic = False  # the reading where an undefined σ is the logistic
        self.pinned: dict = {}  # leaf symbol -> the number the note gives it (W = (…))

    @property
    def last(self) -> int:
        """The last layer of the instance (3, or the note's highest layer number)."""
        return self.model.last_layer

    def choose(self, n: int) -> int:
        """The reading to take at the next ambiguous point (see decide.py)."""
        k = len(self.choice_log)
        self.choice_log.append(str(n))
        return self.choices[k] % n if k < len(self.choices) else 0

    # ----- sizes and layers -------------------------------------------------
    def width(self, layer) -> int:
        if self.scalar or layer is None:
            return 1
        return WIDTHS[layer % len(WIDTHS)]

    def input_layer(self) -> int:
        return 1 if self.model.numbering == "source" else 0

    def layer_value(self, s: Sym, bind) -> int | None:
        if not s.layer:
            return None
        if len(s.layer) > 1:
            raise CannotEvaluate(f"a layer with several parts on {s.name}")
        return self.int_value(s.layer[0], bind)

    def int_value(self, node, bind) -> int:
        if isinstance(node, Num):
            return int(node.value)
        if isinstance(node, Sym) and not node.sub and not node.layer:
            if node.name in bind:
                return bind[node.name]
            if self.model.is_last(node.name):
                return self.last
            raise CannotEvaluate(f"the free index {node.name}")
        if isinstance(node, Sym) and len(node.sub) == 1 and not node.layer \
                and node.name in nt.TARGET_NAMES:
            label = self.class_label(node, bind)  # P_{i y_i}: the class of example i
            if label is not None:
                return label
        if isinstance(node, Add):
            return sum(self.int_value(t, bind) for t in node.terms)
        if isinstance(node, Neg):
            return -self.int_value(node.arg, bind)
        raise CannotEvaluate("an index that is not a number or a letter")

    def class_label(self, node: Sym, bind) -> int | None:
        """``y_i`` used as an index: the class of example i, the column where row i of the
        note's one-hot targets (``T \\in \\{0,1\\}^{m \\times C}``) holds its 1."""
        names = sorted(n for n in self.model.one_hot if n in nt.BATCH_TARGETS)
        if not names:
            return None
        targets = self.sym(Sym(names[0]), {})
        row = self.int_value(node.sub[0], bind) - self.model.index_base
        if not 0 <= row < targets.rows:
            return None
        cols = [j for j in range(targets.cols) if targets[row, j] == 1]
        if len(cols) != 1:
            return None
        self.assumptions.add(f"{_pretty(node.name)}_i is the class where row i of "
                             f"{_pretty(names[0])} is 1")
        return cols[0] + self.model.index_base

    # ----- quantities -------------------------------------------------------
    def sym(self, s: Sym, bind):
        if not s.layer and not s.sub and s.name in bind:
            return sp.Matrix([[bind[s.name]]])
        if len(s.layer) == 2 and self.at_example_of(s.layer[0], bind) is not None:
            k = self.at_example_of(s.layer[0], bind)  # δ^{x,l}: δ^l of example x
            return self.at_example(k, lambda: self.sym(Sym(s.name, s.sub, s.layer[1:], s.bold,
                                                           s.marks, s.bracket), bind))
        if self.example is not None and s.name in nt.COST_NAMES and not s.sub and not s.layer:
            per = self.cost_per_example(s.name) or self.cost_before_mean(s.name)
            if per is not None:  # C inside one example: that example's own cost C_x
                letter = per.lhs.sub[0].name
                return self.example_value(Sym(s.name, (Sym(letter),)), {letter: self.example},
                                          letter)
        if not s.layer and not s.sub and s.name in nt.COUNT_LETTERS \
                and not self.model.in_force(s.name, self.line) \
                and (self.example_count(s.name) or s.name in self.model.count_dims):
            self.assumptions.add(f"{s.name} = {EXAMPLES} training examples")
            return sp.Matrix([[EXAMPLES]])
        grad = self.gradient_name(s, bind)
        if grad is not None:
            return grad
        if s.name == "w" and s.sub and not any(True for _ in self.model.in_force("w", self.line)) \
                and any(True for _ in self.model.in_force("W", self.line)):
            s = Sym("W", s.sub, s.layer, s.bold, s.marks, s.bracket)  # w_{jk}: entries of W
        numbered = self.numbered_entry(s, bind)
        if numbered is not None:
            return numbered
        letter = self.example_letter(s, bind)
        if letter is not None:
            return self.example_value(s, bind, letter)
        stacked = self.stacked(s, bind)
        if stacked is not None:
            return stacked
        if s.name in nt.COST_NAMES and s.sub and all(
                isinstance(i, Sym) and not i.sub for i in s.sub):
            if s.sub[0].name in self.sum_bound:
                raise CannotEvaluate(f"a sum of {s.name}_{s.sub[0].name} over training examples")
            per = self.cost_per_example(s.name)
            if per is not None and s.sub[0].name not in bind:  # E_n = ½ Σ_k (y_k - t_k)²
                key = ("cost of one example", s.name, self.example)
                if key not in self.cache:
                    self.cache[key] = self._cost_scalar(s.name, self.value(per.rhs, bind))
                return self.cache[key]
            if per is not None and isinstance(per.lhs.sub[0], Sym) \
                    and any(isinstance(n, Sym) and n.sub and Sym(per.lhs.sub[0].name) in n.sub
                            for n in walk(per.rhs)):
                # ℓ_i = -log P_{i y_i} at a bound i: the formula at that i
                k = self.int_value(s.sub[0], bind)
                key = ("cost of example", s.name, self.example, k)
                if key not in self.cache:
                    inner = dict(bind, **{per.lhs.sub[0].name: k})
                    self.cache[key] = self._cost_scalar(s.name, self.value(per.rhs, inner))
                return self.cache[key]
            s = Sym(s.name, (), s.layer, s.bold, s.marks, s.bracket)  # E_n: the example's cost
        if s.name == "delta" and len(s.sub) == 2 and not s.layer and not any(
                isinstance(d.lhs, Sym) and len(d.lhs.sub) == 2
                for d in self.model.in_force("delta", self.line)):
            i, j = (self.int_value(x, bind) for x in s.sub)  # the Kronecker delta
            return sp.Matrix([[1 if i == j else 0]])
        if s.name == self.model.activation_name and not s.layer and s.name in self.model.layered:
            s = Sym(s.name, s.sub, (Sym("L"),), s.bold, s.marks, s.bracket)  # ∇_a C: the outputs
        if "dagger" in s.marks and not s.layer:
            s = Sym(s.name, s.sub, (Sym("L"),), s.bold, (), s.bracket)
        if s.name == "n" and (s.layer or s.sub) and not any(
                True for _ in self.model.in_force("n", self.line)):
            part = (s.layer or s.sub)[0]
            return sp.Matrix([[self.width(self.int_value(part, bind))]])
        layer = self.layer_value(s, bind)
        if layer is not None and (layer < self.input_layer() or layer > self.last):
            raise CannotEvaluate(f"layer {layer} is outside the network")
        if s.name in self.model.families and len(s.sub) == 1 and not s.layer \
                and s.name in self.constant_families():
            self.assumptions.add(f"every {_pretty(s.name)}_t is the constant {_pretty(s.name)}")
            return self.sym(Sym(s.name, (), (), s.bold, s.marks), bind)
        if s.name in self.model.families and len(s.sub) == 1 and not s.layer \
                and not self.entry_of_bold(s):
            return self.member(s, bind)
        if self.entry_of_bold(s):
            return self.entry(self.sym(Sym(s.name, (), (), True), bind), s.sub, bind, s)
        if s.bold and s.sub and any(isinstance(i, Sym) for i in s.sub) \
                and not any(True for _ in self.model.in_force(s.name, self.line)):
            raise CannotEvaluate(f"{s.name}_{s.sub[0].name if isinstance(s.sub[0], Sym) else ''}"
                                 ", one example of a data set")
        standard = self.standard_layer(s.name, layer)
        if standard is not None:
            return self.entry(standard, s.sub, bind, s) if s.sub else standard
        if s.sub and not self._numeric_sub(s):
            try:
                nums = tuple(Num(str(self.int_value(i, bind))) for i in s.sub)
            except CannotEvaluate:
                nums = None
            if nums is not None and any(True for _ in self.definitions(
                    Sym(s.name, nums, s.layer), layer)):
                s = Sym(s.name, nums, s.layer, s.bold, s.marks, s.bracket)
        value = self.quantity(s, layer, bind)
        if s.sub and self._numeric_sub(s) and (s.name, layer, s.sub, self.example) in self.cache \
                and self._entry_defined(s, layer):
            return value
        if s.sub:
            value = self.entry(value, s.sub, bind, s)
        return value

    def standard_layer(self, name: str, layer):
        """``z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}`` for a worked example that says so only in
        words (see worked.py)."""
        from .worked import layer_definition
        found = ("described layer", name, layer)
        if found not in self.cache:  # asked for every symbol: look once per name and layer
            self.cache[found] = layer_definition(self.model, self.line, name, layer)
        d = self.cache[found]
        if d is None:
            return None
        key = ("standard layer", name, layer, self.example)
        if key not in self.cache:
            from .latexprint import to_latex
            self.assumptions.add(f"{to_latex(d.lhs)} = {to_latex(d.rhs)}, the layer the text "
                                 "describes")
            self.cache[key] = self.named(self.value(d.rhs, {}), f"{name}[{layer}]")
        return self.cache[key]

    def gradient_name(self, s: Sym, bind):
        """``dZ_2``: ∂L/∂Z_2, shaped like Z_2, when the note defines no dZ_2 itself."""
        from .shapes import gradient_target
        target = gradient_target(s)
        if target is None or any(True for _ in self.model.in_force(s.name, self.line)):
            return None
        cost = self.model.cost_definition(self.line, whole=True)
        if cost is None:
            return None
        key = ("gradient name", s, self.example, tuple(sorted(bind.items())))
        if key not in self.cache:
            self.assumptions.add(f"d{_pretty(target.name)} means ∂{_pretty(cost.name)}/∂"
                                 f"{_pretty(target.name)}")
            wrt = self.gradient_wrt(target, bind)
            self.cache[key] = self.derivative(Deriv(Sym(cost.name), (wrt,)), bind)
        return self.cache[key]

    def gradient_wrt(self, target: Sym, bind):
        """``Z_2`` may be written ``Z`` with subscript 2 or with layer 2."""
        from dataclasses import replace
        if target.layer and not target.sub:
            as_sub = replace(target, sub=target.layer, layer=(), bracket="")
            if any(d.lhs.sub == as_sub.sub for d in self.model.in_force(target.name, self.line)
                   if isinstance(d.lhs, Sym)):
                return as_sub
        return target

    def constant_families(self) -> set:
        """Sequences the claim writes without a step (``\\hat m_t = g`` for a constant
        gradient ``g``): within it every member is that constant."""
        key = ("constant families",)
        if key not in self.cache:
            bound = {n.index.name for root in self.claim_nodes for n in walk(root)
                     if isinstance(n, Sum) and isinstance(n.index, Sym)}
            letters = {i.name for root in self.claim_nodes for n in walk(root)
                       if isinstance(n, Sym) for part in n.sub + n.layer for i in walk(part)
                       if isinstance(i, Sym)} | {
                w.name for root in self.claim_nodes for n in walk(root)
                if isinstance(n, Deriv) for w in n.wrt if isinstance(w, Sym)}  # ∇_θ
            self.cache[key] = {
                n.name for root in self.claim_nodes for n in walk(root)
                if isinstance(n, Sym) and n.name in self.model.families and not n.sub
                and n.name not in bound and n.name not in letters
                and not n.layer and not any(
                    isinstance(d.lhs, Sym) and not d.lhs.sub
                    for d in self.model.in_force(n.name, self.line))}
        return self.cache[key]

    def entry_of_bold(self, s: Sym) -> bool:
        """``w_i`` in a note whose vectors are bold: entry i of the vector ``\\mathbf w``."""
        return self.model.bold_vectors and not s.bold and len(s.sub) == 1 \
            and isinstance(s.sub[0], Sym) and not s.sub[0].sub \
            and s.sub[0].name not in nt.STEP_LETTERS and s.name in self.model.bold_names \
            and not any(isinstance(d.lhs, Sym) and not d.lhs.bold
                        for d in self.model.in_force(s.name, self.line))

    def member(self, s: Sym, bind):
        """``w_t``, ``v_{t-1}``, ``g_s``: a member of a sequence of vectors (optimiser steps).
        A member is its definition at that step (``v_0 = 0``, or the recurrence ``v_t =
        μ v_{t-1} - η g_t`` with t bound), or a fresh vector when nothing defines it."""
        k = self.int_value(s.sub[0], bind)
        key = ("member", s.name, k)
        if key in self.cache:
            return self.cache[key]
        if k < -3 or self.depth > 40:
            raise CannotEvaluate(f"the sequence {s.name} goes back too far")
        value = None
        defs = [d for d in self.model.in_force(s.name, self.line)
                if isinstance(d.lhs, Sym) and len(d.lhs.sub) == 1 and not d.is_function]
        for d in defs:
            index = d.lhs.sub[0]
            if isinstance(index, Num) and int(index.value) == k:
                value = self.value(d.rhs, bind)
                break
            shift = step_of(index)  # v_{t+1} = β v_t + …: t = k - 1
            if shift is not None and k - shift[1] >= (1 if shift[1] == 0 else 0):
                self.depth += 1
                try:
                    value = self.value(d.rhs, {**bind, shift[0]: k - shift[1]})
                finally:
                    self.depth -= 1
                break
        if value is None and k <= 0 and defs and s.name not in nt.WEIGHT_NAMES:
            value = sp.Matrix([[0]])  # a velocity or moment sequence starts at zero
            self.assumptions.add(f"{_pretty(s.name)}_0 = 0")
        if value is None:
            n = 1 if self.scalar else UNLAYERED_WIDTH
            shape = (n, 1) if s.bold or s.name[:1].isupper() else (1, 1)
            declared = self.model.shapes.get((s.name, ()))
            if declared and not self.scalar:
                shape = declared  # θ ∈ ℝ^d: every θ_t is a d-vector
            value = sp.Matrix(shape[0], shape[1], lambda i, j: sp.Symbol(
                f"{s.name}_{k}_{i}{j}", real=True))
            self.leaf_syms[(f"{s.name}_{k}", None)] = value
        elif value.shape == (1, 1) and value[0, 0] == 0 and s.bold:
            n = 1 if self.scalar else UNLAYERED_WIDTH
            value = sp.zeros(n, 1)  # v_0 = 0 for a vector v
        else:
            value = self.named(value, f"{s.name}_{k}")  # keeps later steps' formulas small
        self.cache[key] = value
        return value

    def named(self, value, label: str):
        """Each computed entry as a node symbol standing for its formula."""
        out = sp.zeros(*value.shape)
        for i in range(value.shape[0]):
            for j in range(value.shape[1]):
                e = value[i, j]
                if e.is_Symbol or e.is_Number:
                    out[i, j] = e
                else:
                    node = sp.Symbol(f"{label}_{i}{j}#{len(self.nodes)}", real=True)
                    self.nodes[node] = e
                    out[i, j] = node
        return out

    def entry(self, value, sub, bind, s):
        if _is_scalar(value) and all(isinstance(i, Num) for i in sub) and not s.layer \
                and s.name not in nt.COST_NAMES and s.name != "?":
            # β_1, β_2: constants told apart by their subscript
            key = (f"{s.name}_{'_'.join(i.text for i in sub)}", None)
            if key not in self.leaf_syms:
                positive = (s.name in nt.POSITIVE_NAMES) or None  # False would mean x ≤ 0
                self.leaf_syms[key] = sp.Matrix([[sp.Symbol(key[0], real=True,
                                                            positive=positive)]])
            return self.leaf_syms[key]
        if len(sub) == 1 and isinstance(sub[0], Num) and len(sub[0].text) == 2 \
                and sub[0].text.isdigit() and not _is_scalar(value) \
                and (min(value.shape) > 1 or int(sub[0].text) > max(value.shape)):
            sub = (Num(sub[0].text[0]), Num(sub[0].text[1]))  # w_{12} is w_{1,2}
        idx = [self.int_value(i, bind) - self.model.index_base for i in sub]
        if len(idx) == 1 and value.shape[1] == 1:
            idx = [idx[0], 0]
        elif len(idx) == 1 and value.shape[0] == 1:
            idx = [0, idx[0]]
        if len(idx) != 2 or not (0 <= idx[0] < value.shape[0] and 0 <= idx[1] < value.shape[1]):
            if _is_scalar(value) and len(sub) == 1 and s.name in nt.COST_NAMES:
                raise CannotEvaluate(f"{s.name} of one training example among several")
            from .latexprint import to_latex
            shown = ",".join(to_latex(i) for i in sub)
            raise CannotEvaluate(f"index {shown} is outside {to_latex(s)} in the instance")
        return sp.Matrix([[value[idx[0], idx[1]]]])

    def definitions(self, s: Sym, layer):
        defs = self.model.in_force(s.name, self.line)
        if s.name in nt.COST_NAMES and not s.sub:  # C, not one example's C_x
            defs = sorted(defs, key=lambda d: bool(isinstance(d.lhs, Sym) and d.lhs.sub))
        elif s.sub:  # C_0 = …: the entry's own definition first
            defs = sorted(defs, key=lambda d: not (isinstance(d.lhs, Sym) and d.lhs.sub == s.sub))
        if layer is not None:  # δ^{(L)} = … before δ^{(l)} = … at the last layer
            defs = sorted(defs, key=lambda d: not self._specific_layer(d))
        for d in defs:
            if d.is_function:
                continue
            b = self.match_layer(d.lhs, layer, self._last_only(d.name))
            if b is None:
                continue
            entry = d.lhs.sub and not all(isinstance(i, Sym) for i in d.lhs.sub)
            if entry and list(d.lhs.sub) != list(s.sub):
                continue
            if d.lhs.sub and not s.sub and s.name in self.model.families:
                continue  # w_k = …: a member of the sequence, not the vector w
            if not s.sub and len(d.lhs.sub) == 1 and isinstance(d.lhs.sub[0], Sym) \
                    and d.lhs.sub[0].name in self.model.example_letters \
                    and s.name not in nt.COST_NAMES:
                continue  # a_n = …: example n's a, not the entries of a
            yield d, b

    def _specific_layer(self, d: Definition) -> bool:
        """A definition at the last layer (``δ^{(L)}``), not at every layer."""
        if not isinstance(d.lhs, Sym) or len(d.lhs.layer) != 1:
            return False
        p = d.lhs.layer[0]
        return isinstance(p, Sym) and self.model.is_last(p.name)

    def _last_only(self, name: str) -> bool:
        """Is ``name`` a quantity of the forward pass (``z``, ``a``) that the note defines
        only at the last layer (``z^{(L)} = w^{(L)} a^{(L-1)} + b^{(L)}``)?  Its recipe then
        makes every layer: a^{(L-1)} = σ(z^{(L-1)}), as the note means by ``L - 1``."""
        act = self.model.activation
        if act is None or name not in (self.model.activation_name, act[1]):
            return False
        key = ("last only", name)
        if key not in self.cache:
            defs = [d for d in self.model.in_force(name, self.line) if isinstance(d.lhs, Sym)]
            self.cache[key] = bool(defs) and all(
                len(d.lhs.layer) == 1 and isinstance(d.lhs.layer[0], Sym)
                and self.model.is_last(d.lhs.layer[0].name) for d in defs)
        return self.cache[key]

    def match_layer(self, lhs: Sym, layer, every_layer: bool = False):
        if not lhs.layer:
            return {} if layer is None else None
        if layer is None:
            return None
        p = lhs.layer[0]
        if isinstance(p, Num):
            return {} if int(p.value) == layer else None
        if isinstance(p, Sym) and self.model.is_last(p.name):
            if every_layer and self.input_layer() < layer < self.last:
                return {p.name: layer}  # L read as this layer
            return {} if layer == self.last else None
        if isinstance(p, Sym):
            if layer <= self.input_layer():
                return None
            return {p.name: layer}
        shift = step_of(p)
        if shift is not None and not self.model.is_last(shift[0]):
            if layer <= self.input_layer():
                return None
            return {shift[0]: layer - shift[1]}  # z^{(l+1)} = Θ^{(l)} a^{(l)} at layer 3: l = 2
        return None

    def quantity(self, s: Sym, layer, bind):
        entry = self._numeric_sub(s) and self._entry_defined(s, layer)
        key = (s.name, layer, s.sub if entry else (), self.example)
        if not entry and s.sub:
            s = Sym(s.name, (), s.layer, s.bold, s.marks, s.bracket)
        if key in self.cache:
            return self.cache[key]
        found = next(iter(self.definitions(s, layer)), None)
        if found is None and layer is not None:
            found = self.shifted_definition(s, layer)
        if found is not None:
            d, b = found
            value = self._cost_scalar(s.name, self.defined(d, layer, b, s))
        else:
            value = self.leaf(s, layer)
        self.cache[key] = value
        return value

    def shifted_definition(self, s: Sym, layer):
        """``a^{(2)} = f(s^{(2)})`` read as the pattern for ``a^{(3)}`` too."""
        from .layers import shift_layers
        if layer <= self.input_layer():
            return None  # the input layer is given, not computed
        for d in self.model.in_force(s.name, self.line):
            if d.is_function or not d.lhs.layer or not isinstance(d.lhs.layer[0], Num):
                continue
            k = int(d.lhs.layer[0].value)
            if k == layer or (d.lhs.sub and not all(isinstance(i, Sym) for i in d.lhs.sub)):
                continue
            self.assumptions.add(
                f"{_pretty(s.name)} at layer {layer} follows its layer-{k} definition")
            return Definition(d.name, shift_layers(d.lhs, layer - k),
                              shift_layers(d.rhs, layer - k), d.line), {}
        return None

    def _entry_defined(self, s, layer) -> bool:
        return any(d.lhs.sub == s.sub for d, _ in self.definitions(s, layer))

    def _numeric_sub(self, s):
        return s.sub and all(isinstance(i, Num) for i in s.sub)

    def defined(self, d: Definition, layer, b, s: Sym):
        self.depth += 1
        if self.depth > 60:
            raise CannotEvaluate(f"the definition of {s.name} refers to itself")
        try:
            if len(d.lhs.sub) == 2 and all(isinstance(i, Sym) for i in d.lhs.sub) \
                    and s.name not in nt.COST_NAMES and not self.scalar:
                value = self.defined_matrix(d, b, s)
            elif d.lhs.sub and all(isinstance(i, Sym) for i in d.lhs.sub):
                known = self.model.shapes.get((s.name, () if layer is None else (str(layer),)))
                if known is not None and not self.scalar:
                    n = known[0] if self.model.convention == "column" else known[1]
                elif layer is not None:
                    n = self.width(layer)
                elif s.name in nt.COST_NAMES or self.scalar:
                    n = 1
                else:  # ŷ_k = e^{z_k}/Σ_j e^{z_j}: as many entries as z has
                    n = self.range_of(d.lhs.sub[0].name, d.rhs, b) or UNLAYERED_WIDTH
                rows = []
                for j in range(n):
                    bb = dict(b)
                    bb[d.lhs.sub[0].name] = j + self.model.index_base
                    v = self.value(d.rhs, bb)
                    if not _is_scalar(v):
                        raise CannotEvaluate(f"the entries of {s.name} are not scalars")
                    rows.append([v[0, 0]])
                value = sp.Matrix(rows)
            elif isinstance(d.rhs, Tuple_):  # θ = (w, b): the parameters stacked
                parts = [self.value(item, b) for item in d.rhs.items]
                self.assumptions.add(f"{_pretty(s.name)} stacks the entries of "
                                     + ", ".join(_pretty(i.name) for i in d.rhs.items))
                value = sp.Matrix([e for p in parts for e in p.T])  # column by column
            elif _number_literal(d.rhs) and s.name not in nt.COST_NAMES:
                return self.pinned_leaf(s, layer, self.value(d.rhs, b))
            else:
                value = self.value(d.rhs, b)
        finally:
            self.depth -= 1
        return self.named(value, f"{s.name}[{layer}]")

    def pinned_leaf(self, s: Sym, layer, value):
        """A parameter the note gives as numbers (``W^{(1)} = (…)``, ``η = 0.5``) stays a
        variable, so that ∂E/∂w^{(2)}_{11} can be taken; it is evaluated at the note's
        numbers."""
        name = s.name
        if s.sub and all(isinstance(i, Num) for i in s.sub):  # w_5 = 0.40: its own leaf
            name += "_" + ",".join(i.text for i in s.sub)
        key = (name, layer)
        if key not in self.leaf_syms:
            tag = "" if layer is None else f"[{layer}]"
            syms = sp.Matrix(value.rows, value.cols, lambda i, j: sp.Symbol(
                f"{name}{tag}_{i}{j}", real=True, positive=(s.name in nt.POSITIVE_NAMES) or None))
            self.leaf_syms[key] = syms
            self.pinned.update(zip(syms, value, strict=True))
        return self.leaf_syms[key]

    def leaf(self, s: Sym, layer):
        name = s.name
        if name == "e" and layer is None and not s.sub:
            return sp.Matrix([[sp.E]])
        if name == "pi":
            return sp.Matrix([[sp.pi]])
        if name in ("hat{y}", "o") and self.model.activation_name and layer is None:
            return self.sym(Sym(self.model.activation_name, layer=(Num(str(self.last)),)), {})
        if name in nt.COST_NAMES:
            own = next((d for d in self.model.in_force(name, self.line) if d.is_function), None)
            if own is not None:
                return self.value(own.lhs, {})  # ℓ(θ; x, y) written without its arguments
            d = self.model.cost_definition(self.line)
            if d is not None and any(isinstance(n, Sym) and n.name == name
                                     for n in walk(d.rhs)):
                d = None  # J̃(θ) = J(θ) + …: J is not J̃
            if d is not None and d.is_function:
                return self.value(d.lhs, {})  # L(ŷ, y) written without its arguments
            if d is not None and d.name != name:
                return self.value(Sym(d.lhs.name, d.lhs.sub), {})
        if name in nt.COST_NAMES and self.model.activation_name:
            mean = self.mean_of_example_costs(name)
            return mean if mean is not None else self.generic_cost(name)
        plain = self.model.bold_vectors and not s.bold and name[:1].islower()  # a number
        declared = None if self.scalar or plain else self.model.shapes.get(
            (name, () if layer is None else (str(layer),)))
        if self.model.convention == "row" and layer is None and declared is None and (
                name in nt.BATCH_INPUTS or name in nt.BATCH_TARGETS):
            # a batch, one example per row
            cols = self.width(self.input_layer() if name in nt.BATCH_INPUTS else self.last)
            key = (name, None)
            if key not in self.leaf_syms:
                self.leaf_syms[key] = sp.Matrix(BATCH, cols, lambda i, j: sp.Symbol(
                    f"{name}_{i}{j}", real=True))
            return self.leaf_syms[key]
        if self.model.convention == "column" and layer is None and declared is None \
                and (name in nt.BATCH_INPUTS or name in nt.BATCH_TARGETS) \
                and batch_layers(self.model):
            # Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]} with A^{[0]} = X: one example per column
            rows = self.width(self.input_layer() if name in nt.BATCH_INPUTS else self.last)
            key = (name, None)
            if key not in self.leaf_syms:
                self.leaf_syms[key] = sp.Matrix(rows, BATCH, lambda i, j: sp.Symbol(
                    f"{name}_{i}{j}", real=True))
            self.assumptions.add(f"{name} holds one example per column")
            return self.leaf_syms[key]
        if name[:1].isupper() and name not in nt.WEIGHT_NAMES and layer is None \
                and len(name) == 1 and name not in nt.COST_NAMES and declared is None:
            raise CannotEvaluate(f"the shape of {name} (a data matrix?) is not known")
        shape = declared or self.shape(s, layer)
        if name in nt.TARGET_NAMES and layer is None and not s.bold and declared is None:
            shape = self.output_shape() or shape
        tag = f"@{self.example}" if self.example is not None and \
            self.per_example_leaf(name, layer) else ""
        syms = self.leaf_syms.setdefault((name + tag, layer), sp.Matrix(
            shape[0], shape[1],
            lambda i, j: sp.Symbol(f"{name}{tag}{'' if layer is None else f'[{layer}]'}_{i}{j}",
                                   real=True, positive=(name in nt.POSITIVE_NAMES) or None)))
        out = syms.copy()
        if name in self.model.one_hot and layer is None and not self.scalar:
            return self.one_hot(name, out.shape)
        for d in self.model.in_force(name, self.line):
            if isinstance(d.lhs, Sym) and d.lhs.sub and all(isinstance(i, Num) for i in d.lhs.sub) \
                    and self.match_layer(d.lhs, layer) is not None:
                s2 = Sym(name, d.lhs.sub, s.layer, s.bold, s.marks, s.bracket)
                try:
                    v = self.sym(s2, {})
                    idx = [int(i.value) - self.model.index_base for i in d.lhs.sub]
                    if len(idx) == 1:
                        idx = [idx[0], 0] if out.shape[1] == 1 else [0, idx[0]]
                    if 0 <= idx[0] < out.shape[0] and 0 <= idx[1] < out.shape[1]:
                        out[idx[0], idx[1]] = v[0, 0]
                except (CannotEvaluate, ShapeError):
                    continue
        return out

    def one_hot(self, name, shape):
        """A one-hot target: one 1 per example (per row of a batch with rows as examples,
        per column otherwise), the class varying with the example."""
        r, c = shape
        self.assumptions.add(f"{_pretty(name)} one-hot")
        k = (self.example or 0) + 1
        if c == 1:
            return sp.Matrix(r, 1, lambda i, j: 1 if i == k % r else 0)
        if r == 1:
            return sp.Matrix(1, c, lambda i, j: 1 if j == k % c else 0)
        if self.model.convention == "row" or (name, ()) in self.model.shapes:
            return sp.Matrix(r, c, lambda i, j: 1 if j == (2 * i + k) % c else 0)
        return sp.Matrix(r, c, lambda i, j: 1 if i == (2 * j + k) % r else 0)

    def output_shape(self):
        """Targets are shaped like the prediction they are compared with."""
        if any(not d.is_function for d in self.model.in_force("hat{y}", self.line)):
            return self.sym(Sym("hat{y}"), {}).shape
        if self.model.activation_name:
            return self.sym(Sym(self.model.activation_name, layer=(Num(str(self.last)),)), {}).shape
        return None

    def _cost_scalar(self, name, value):
        """A cost is a number: ½(ŷ - y)² of vectors sums over the outputs."""
        if name in nt.COST_NAMES and not _is_scalar(value) and 1 in value.shape:
            self.assumptions.add(f"{_pretty(name)} sums over the outputs")
            return sp.Matrix([[sum(value)]])
        return value

    def generic_of(self, name, args):
        """A generic scalar function of ``args``: a Function to prove, a stand-in to refute."""
        self.assumptions.add(f"{_pretty(name)} a generic function of its arguments")
        if self.numeric:
            total = sum((k + 1) * sp.tanh(a + sp.Rational(3, 10)) for k, a in enumerate(args))
            return total + sum(args) ** 2 / 10
        return sp.Function(name, real=True)(*args)

    def generic_cost(self, name):
        """A cost the note never writes down: a generic function of the outputs."""
        out = list(self.sym(Sym(self.model.activation_name, layer=(Num(str(self.last)),)), {}))
        self.assumptions.add(f"{_pretty(name)} a generic function of the outputs")
        if self.numeric:
            total = sum((k + 1) * sp.tanh(a + sp.Rational(3, 10)) for k, a in enumerate(out))
            return sp.Matrix([[total + sum(out) ** 2 / 10]])
        return sp.Matrix([[sp.Function(name, real=True)(*out)]])

    def shape(self, s: Sym, layer):
        name, conv = s.name, self.model.convention
        if self.model.bold_vectors and not s.bold and name[:1].islower():
            return (1, 1)
        if name in nt.WEIGHT_NAMES and layer is None and s.bold and name.islower():
            n = 1 if self.scalar else UNLAYERED_WIDTH
            return (n, 1) if conv == "column" else (1, n)
        if name in nt.WEIGHT_NAMES and layer is None and name[:1].isupper() and not s.sub \
                and self.model.bold_vectors and not self.scalar:
            # W x with bold vectors and no layers: a matrix between vectors of one width
            return (UNLAYERED_WIDTH, UNLAYERED_WIDTH)
        if name in nt.WEIGHT_NAMES and layer is not None and s.bold and name.islower():
            # a bold lowercase weight is the vector of one unit's weights: w^T h is a number
            n = self.width(layer - 1 if self.model.numbering != "source" else layer)
            return (n, 1) if conv == "column" else (1, n)
        if name in nt.WEIGHT_NAMES and layer is not None:
            if self.model.numbering == "source":
                out, inp = self.width(layer + 1), self.width(layer)
            else:
                out, inp = self.width(layer), self.width(layer - 1)
            return (out, inp) if conv == "column" else (inp, out)
        if name in nt.VECTOR_NAMES or s.bold:
            if layer is None and self.model.layered:
                if name in nt.INPUT_NAMES:
                    layer = self.input_layer()
                elif name in nt.TARGET_NAMES or name == "hat{y}":
                    layer = self.last
                elif s.sub and not s.bold:
                    layer = None
            if layer is not None:
                n = self.width(layer)
            elif (s.bold or name in nt.INPUT_NAMES or (name in self.model.indexed
                                                        and name in nt.VECTOR_NAMES)) \
                    and ((name not in nt.TARGET_NAMES and name != "hat{y}")
                         or (s.bold and self.model.activation_name is None)):
                # vectors of a one-layer model (a bold y beside a bold a = σ(z) too)
                n = 1 if self.scalar else UNLAYERED_WIDTH
            else:
                n = 1
            return (n, 1) if conv == "column" else (1, n)
        return (1, 1)

    # ----- functions --------------------------------------------------------
    def function(self, f) -> Func:
        prime = 0
        while isinstance(f, Prime):
            prime += f.order
            f = f.func
        if not isinstance(f, Sym):
            raise CannotEvaluate("a function that is not a name")
        func = self.named_function(f.name)
        return func.derivative(prime) if prime else func

    def named_function(self, name: str) -> Func:
        if not any(d.is_function for d in self.model.in_force(name, self.line)):
            name = self.model.function_alias.get(name, name)  # f is the sigmoid, unless
            # the note later gives f a formula of its own (f(u) = tanh(u))
        for d in self.model.in_force(name, self.line):
            if d.is_function:
                params = [p.name for p in d.lhs.args]
                if len(params) == 1:
                    return Func(name, lambda x, d=d, p=params[0]: self._apply_def(d, p, x),
                                label=f"{name} as defined")
        kind = self.model.fixed_functions.get(name)
        if kind is None and name in ("sigma", "sigmoid"):
            kind = self.model.fixed_functions.get("_prose") if name == "sigma" else "logistic"
            if kind is None and self.sigma_logistic:
                kind = "logistic"
        if kind is None and name in nt.KNOWN_FUNCTIONS:
            kind = nt.KNOWN_FUNCTIONS[name]
        if kind in FIXED:
            if name not in nt.KNOWN_FUNCTIONS:  # σ is logistic is worth saying; log is log not
                self.assumptions.add(f"{_pretty(name)} is {kind}")
            return fixed(kind, name)
        if name not in self.generics:
            k = len(self.generics) + self.generics_offset
            self.generics[name] = generic(name, self.numeric, k)
        self.assumptions.add(f"{_pretty(name)} generic")
        return self.generics[name]

    def _apply_def(self, d: Definition, param: str, x):
        v = self.value(d.rhs, {}, {param: x})
        return v[0, 0]

    # ----- evaluation -------------------------------------------------------
    def value(self, node: Node, bind, env=None) -> sp.Matrix:
        """The value of ``node`` as a matrix (1×1 for numbers); ``env`` binds the
        parameters of a function definition while its body is evaluated."""
        if env is None:
            return self._value(node, bind)
        saved = self.env
        self.env = {**saved, **env}
        try:
            return self._value(node, bind)
        finally:
            self.env = saved

    def _value(self, node: Node, bind) -> sp.Matrix:  # noqa: C901 - node dispatch
        if isinstance(node, Sym) and not node.layer and not node.sub and node.name in self.env:
            v = self.env[node.name]
            return v if isinstance(v, sp.MatrixBase) else sp.Matrix([[v]])
        if isinstance(node, Num):
            return sp.Matrix([[sp.Rational(node.text)]])
        if isinstance(node, _Value):
            return node.value
        if isinstance(node, Sym):
            return self.sym(node, bind)
        if isinstance(node, Neg):
            return -self.value(node.arg, bind)
        if isinstance(node, Add):
            out = None
            terms = node.terms
            if any(isinstance(t, Ellipsis_) for t in terms):
                terms = self.unroll(terms, bind)
            later = [t for t in terms if _ones_beside(t)]  # 1 b^T, (p^T g) 1: as tall
            for t in [t for t in terms if t not in later] + later:  # as the rest
                rows = out.shape[0] if out is not None else None
                if t not in later:
                    v = self.value(t, bind)
                elif isinstance(t, Neg):
                    v = -self.product(t.arg, bind, rows)
                else:
                    v = self.product(t, bind, rows)
                out = v if out is None else self.add(out, v)
            return out
        if isinstance(node, Mul):
            return self.product(node, bind)
        if isinstance(node, Frac):
            num, den = self.value(node.num, bind), self.value(node.den, bind)
            if _is_scalar(den):
                return num / den[0, 0]
            if num.shape == den.shape:
                return num.multiply_elementwise(den.applyfunc(lambda e: 1 / e))
            if _is_scalar(num):  # 1/(1 + e^{-z}) of a vector z: entry by entry
                return den.applyfunc(lambda e: num[0, 0] / e)
            raise ShapeError(f"dividing {num.shape} by {den.shape}")
        if isinstance(node, Pow):
            return self.power(node, bind)
        if isinstance(node, Transpose):
            return self.value(node.arg, bind).T
        if isinstance(node, Apply):
            return self.apply(node, bind)
        if isinstance(node, Deriv):
            return self.derivative(node, bind)
        if isinstance(node, Sum):
            return self.sum(node, bind)
        if isinstance(node, Norm):
            v = self.value(node.arg, bind)
            if node.kind == "abs":
                return v.applyfunc(sp.Abs)
            sq = sum(e**2 for e in v)
            return sp.Matrix([[sp.sqrt(sq)]])
        if isinstance(node, Sqrt):
            return self.value(node.arg, bind).applyfunc(sp.sqrt)
        if isinstance(node, Entry):
            v = self.value(node.arg, bind)
            return self.entry(v, node.sub, bind, Sym("?"))
        if isinstance(node, Matrix):
            blocks = [[self.value(x, bind) for x in row] for row in node.rows]
            if all(_is_scalar(b) for row in blocks for b in row):
                return sp.Matrix([[b[0, 0] for b in row] for row in blocks])
            try:  # a block matrix: (∇_w J; ∂J/∂b) stacks a vector and a number
                return sp.Matrix.vstack(*[sp.Matrix.hstack(*row) for row in blocks])
            except (sp.ShapeError, ValueError) as e:
                raise ShapeError(f"blocks of a matrix that do not fit together ({e})") from e
        if isinstance(node, Cases):
            pieces = []
            for v, cond in node.pieces:
                pieces.append((self.scalar_of(self.value(v, bind)),
                               True if cond is None else self.condition(cond, bind)))
            return sp.Matrix([[sp.Piecewise(*pieces)]])
        if isinstance(node, Indicator):
            return sp.Matrix([[sp.Piecewise((1, self.condition(node.cond, bind)), (0, True))]])
        if isinstance(node, (Text, Tuple_, Relation, Ellipsis_)):
            raise CannotEvaluate(f"{type(node).__name__.strip('_').lower()} in a formula")
        if isinstance(node, Prime):
            raise CannotEvaluate("a derivative of a function without its argument")
        raise CannotEvaluate(f"cannot evaluate {type(node).__name__}")


def _number_literal(node) -> bool:
    """Numbers only: a written-out matrix of numbers, or a number with decimals."""
    from .tree import Matrix
    if isinstance(node, Num):
        return "." in node.text
    if not isinstance(node, Matrix):
        return False
    return all(isinstance(n, (Num, Neg, Matrix)) for n in walk(node))




