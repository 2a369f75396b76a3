"""Building the document model from parsed units, in document order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import notation as nt
from .model import (
    Definition,
    Model,
    definable,
    has_elementwise,
    has_transpose,
    mentions,
    name_of,
    statement_kind,
    step_of,
    time_index,
    uses_layers,
    walk,
)
from .tree import Add, Apply, Chain, Deriv, Mul, Num, Sum, Sym


@dataclass(frozen=True)
class Role:
    """How one statement of a unit is read: ``kind`` and, per link, define or claim."""

    kind: str  # definition, claim, update, expression, condition, approximation
    defines: tuple[int, ...] = ()  # indices of links that are definitions
    note: str | None = None


def position(unit) -> int:
    """A unit's place in the document (notebook lines restart in every cell)."""
    return (unit.cell or 0) * 1_000_000 + unit.line


def _defined_before(model: Model, lhs, line: int) -> bool:
    """Is the quantity ``lhs`` names already defined (at this layer, or at every layer)?"""
    name = lhs if isinstance(lhs, str) else name_of(lhs)
    if isinstance(lhs, Apply) and name in model.function_alias:
        return True  # f(s) = sigmoid(s) made f the sigmoid: f(…) = … later is a claim
    layer = lhs.layer if isinstance(lhs, Sym) else ()
    for d in model.definitions:
        if d.name != name or d.line >= line or _closed_form(d):
            continue
        dl = d.lhs.layer if isinstance(d.lhs, Sym) else ()
        if isinstance(lhs, Sym) and isinstance(d.lhs, Sym) and _numbered(lhs) \
                and _numbered(d.lhs) and lhs.sub != d.lhs.sub:
            continue  # z_1 and z_2 are different entries
        if isinstance(lhs, Sym) and isinstance(d.lhs, Sym) and _numbered(d.lhs) and lhs.sub \
                and time_index(lhs.sub[0]) and not _numbered(lhs):
            continue  # v_0 = 0 starts the sequence v_t = μ v_{t-1} - η g_t defines
        generic = _layer_offset(d.lhs) if isinstance(d.lhs, Sym) else None
        if dl == layer or (generic is not None and generic[0] is not None  # a^{(l+1)} = …
                           and generic[0] in nt.LAYER_LETTERS - nt.LAST_LAYER_LETTERS):
            return True
        if isinstance(d.lhs, Sym) and d.lhs.bracket.startswith("letter"):
            return True  # δ_j ≡ ∂E/∂a_j is said of every unit j, whatever its layer
    return False


def _closed_form(d) -> bool:
    """``w_k = (1 - ηλ)^k w_0``: a member of a sequence in closed form, which says what
    the sequence's recurrence gives rather than defining the sequence."""
    lhs = d.lhs
    if not (isinstance(lhs, Sym) and len(lhs.sub) == 1 and isinstance(lhs.sub[0], Sym)
            and lhs.sub[0].name in nt.STEP_LETTERS):
        return False
    letter = lhs.sub[0].name
    same = [n for n in walk(d.rhs) if isinstance(n, Sym) and n.name == lhs.name]
    return bool(same) and not any(
        isinstance(m, Sym) and m.name == letter for n in same for i in n.sub for m in walk(i))


def descent_recurrence(model: Model, chain: Chain) -> bool:
    """``w_t = w_{t-1} - η g_t`` with ``g_t = ∇J(w_{t-1})``: an update rule written as a
    recurrence (a claim that the step descends), not the definition of ``w_t``."""
    if len(chain.ops) != 1 or chain.ops[0] != "=":
        return False
    lhs, rhs = chain.terms
    if not (isinstance(lhs, Sym) and len(lhs.sub) == 1 and time_index(lhs.sub[0])) \
            or not isinstance(rhs, Add):
        return False
    if previous_member(lhs, rhs) is None:
        return False
    gradients = {d.name for d in model.definitions if isinstance(d.rhs, Deriv)} | {
        d.name for d in model.definitions if d.name != lhs.name and _velocity(d)}
    return any(isinstance(n, Deriv) or (isinstance(n, Sym) and n.name in gradients)
               for t in rhs.terms for n in walk(t))


def _velocity(d) -> bool:
    """``v_{t+1} = β v_t + ∇J(θ_t)``: a sequence that accumulates gradients."""
    return isinstance(d.lhs, Sym) and len(d.lhs.sub) == 1 and time_index(d.lhs.sub[0]) \
        and isinstance(d.rhs, Add) and any(isinstance(t, Deriv) for t in d.rhs.terms) \
        and mentions(d.rhs, d.lhs.name)


def previous_member(lhs: Sym, rhs) -> Sym | None:
    """``w_{t-1}`` among the terms of ``rhs`` when ``lhs`` is ``w_t`` (``θ_t`` for
    ``θ_{t+1}``)."""
    mine = step_of(lhs.sub[0]) if len(lhs.sub) == 1 else None
    if mine is None:
        return None
    for t in (rhs.terms if isinstance(rhs, Add) else (rhs,)):
        if isinstance(t, Sym) and t.name == lhs.name and t.bold == lhs.bold and len(t.sub) == 1 \
                and step_of(t.sub[0]) == (mine[0], mine[1] - 1):
            return t
    return None


def _indexes_entries(n: Sum) -> bool:
    """Does the sum's letter number the entries of a vector (``\\sum_{k=0}^{n-1} w_k x_k``),
    rather than optimiser steps (``\\sum_{s=0}^{t} β^{t-s} g_s``)?"""
    if not isinstance(n.index, Sym) or n.index.name in nt.STEP_LETTERS:
        return False
    return any(isinstance(m, Sym) and n.index in m.sub for m in walk(n.body))


def _stepped(chains) -> set[str]:
    """Names written both ``θ_t`` and ``θ_{t+1}`` (or ``θ_{t-1}``): sequences of steps,
    bold or not."""
    forms: dict[str, set] = {}
    for c in chains:
        for t in c.terms:
            for n in walk(t) if t is not None else ():
                if isinstance(n, Sym) and len(n.sub) == 1 and not n.layer \
                        and time_index(n.sub[0]):
                    forms.setdefault(n.name, set()).add(isinstance(n.sub[0], Add))
    return {name for name, kinds in forms.items() if kinds == {True, False}}


def _numbered(s: Sym) -> bool:
    return bool(s.sub) and all(isinstance(i, Num) for i in s.sub)


def _known_function(name: str) -> bool:
    return name in nt.KNOWN_FUNCTIONS or name == "softmax"


def _function_alias(lhs, rhs) -> tuple[str, str] | None:
    """``f(s) = sigmoid(s)`` or ``h = \tanh``: f is the sigmoid, h the tanh."""
    if isinstance(lhs, Sym) and isinstance(rhs, Sym) and not lhs.sub and not lhs.layer \
            and lhs.name in nt.FUNCTIONS and _known_function(rhs.name) \
            and not _known_function(lhs.name):
        return lhs.name, rhs.name
    if isinstance(lhs, Apply) and isinstance(rhs, Apply) and lhs.args == rhs.args \
            and isinstance(lhs.func, Sym) and isinstance(rhs.func, Sym) \
            and not _known_function(lhs.func.name) and _known_function(rhs.func.name):
        return lhs.func.name, rhs.func.name
    return None


def _match(old, new, undefined, binds) -> bool:
    """Does ``new`` equal ``old`` once each undefined name in ``new`` stands for a subtree?"""
    if isinstance(new, Sym) and new.name in undefined:
        prev = binds.get(new)
        if prev is not None and prev != old:
            return False
        binds[new] = old
        return True
    if type(old) is not type(new):
        return False
    if not hasattr(new, "__dataclass_fields__"):
        return old == new
    for f in new.__dataclass_fields__:
        a, b = getattr(old, f), getattr(new, f)
        if isinstance(b, tuple):
            if not isinstance(a, tuple) or len(a) != len(b):
                return False
            for x, y in zip(a, b, strict=True):
                if hasattr(y, "__dataclass_fields__") or isinstance(y, tuple):
                    if isinstance(y, tuple):
                        if x != y:
                            return False
                    elif not _match(x, y, undefined, binds):
                        return False
                elif x != y:
                    return False
        elif hasattr(b, "__dataclass_fields__"):
            if not _match(a, b, undefined, binds):
                return False
        elif a != b:
            return False
    return True


def _undefined_names(model: Model, node, line: int) -> set[str]:
    out = set()
    for n in walk(node):
        if isinstance(n, Sym) and not any(d.name == n.name for d in model.definitions) \
                and n.name in nt.VECTOR_NAMES and n.name not in nt.TARGET_NAMES \
                and n.name not in nt.INPUT_NAMES:
            out.add(n.name)
    return out


def _infer_alias(model: Model, lhs, rhs, line: int) -> list[Definition]:
    """``a = σ(z)`` after ``a = σ(Σ w a + b)``: z is what it replaced."""
    undefined = _undefined_names(model, rhs, line)
    if not undefined:
        return []
    for d in model.in_force(name_of(lhs), line):
        binds: dict = {}
        if _match(d.rhs, rhs, undefined, binds):
            binds = {k: v for k, v in binds.items() if k != v}  # b for b: nothing new
            if binds:
                return [Definition(k.name, k, v, line) for k, v in binds.items()]
    return []


def read_statement(model: Model, chain: Chain, line: int, inline: bool) -> Role:
    from .tree import Tuple_
    if _stacks(chain) and not _defined_before(model, chain.terms[0], line):
        _add(model, Definition(name_of(chain.terms[0]), chain.terms[0], chain.terms[1], line,
                               inline))
        return Role("definition", (0,), note="stacks parameters")  # θ = (w, b)
    if any(isinstance(t, Tuple_) for t in chain.terms[1:]):
        return Role("condition", note="a range of values")  # \ell = 1, 2, \dots, N
    kind = statement_kind(chain)
    if kind in ("expression", "condition", "approximation"):
        return Role(kind)
    if kind == "update" or (kind == "relation" and descent_recurrence(model, chain)
                            and not _defined_before(model, chain.terms[0], line)):
        return Role("update")
    defines = []
    t = chain.terms
    for i, op in enumerate(chain.ops):
        lhs, rhs = t[i], t[i + 1]
        if lhs is None:
            continue
        alias = _function_alias(lhs, rhs)
        if alias and alias[0] not in model.function_alias:
            model.function_alias[alias[0]] = alias[1]
            defines.append(i)
            continue
        if i > 0 and op != ":=" and not (
                (i - 1) in defines and definable(lhs) and not _defined_before(model, lhs, line)
                and (isinstance(lhs, Sym) or (lhs.func.name not in model.function_alias
                                              and all(mentions(rhs, a.name) for a in lhs.args)))):
            continue  # m_0 = s_0 = 0 defines both names; a = σ(z) = 1/(1+e^{-z}) a and σ
        if _gradient_name(model, lhs) and op != ":=":
            continue  # dZ = …: dZ already means ∂L/∂Z, so this is a claim about it
        if isinstance(lhs, Apply) and isinstance(lhs.func, Sym) and op != ":=" \
                and _known_function(lhs.func.name):
            continue  # tanh(z) = 2 s(2z) - 1: an identity about tanh, not its definition
        if definable(lhs) and (op == ":=" or not _defined_before(model, lhs, line)):
            lhs, rhs = _plain_parameters(lhs, rhs)
            _add(model, Definition(name_of(lhs), lhs, rhs, line, inline))
            defines.append(i)
        elif len(chain.ops) == 1 and isinstance(rhs, Sym) and definable(rhs) \
                and not _defined_before(model, rhs, line) and not definable(lhs) \
                and not any(n == rhs for n in walk(lhs)) \
                and not any(isinstance(n, Deriv) for n in walk(lhs)):
            _add(model, Definition(rhs.name, rhs, lhs, line, inline))
            defines.append(i)
        elif definable(lhs) and len(chain.ops) == 1:
            aliases = _infer_alias(model, lhs, rhs, line)
            for d in aliases:
                _add(model, d)
            if aliases:
                # the restatement in terms of the new names is the definition from now on
                _add(model, Definition(name_of(lhs), lhs, rhs, line, inline))
                return Role("definition", (0,), note="introduces " + ", ".join(
                    d.name for d in aliases))
    if len(defines) == len(chain.ops):
        return Role("definition", tuple(defines))
    return Role("claim", tuple(defines))


def _sigma_open(model: Model, chains, prose_text: str) -> bool:
    """σ used but never defined or fixed, and no "any activation" in the text: the
    logistic sigmoid is a reading (tried when the generic one does not hold)."""
    if "sigma" in model.fixed_functions or "_prose" in model.fixed_functions \
            or "sigma" in model.function_alias \
            or any(d.name == "sigma" for d in model.definitions):
        return False
    if re.search(nt.PROSE_ARBITRARY, prose_text, re.I):
        return False
    return any(isinstance(n, Sym) and n.name == "sigma" for c in chains for t in c.terms
               if t is not None for n in walk(t))


def _layer_numbers(model: Model) -> list[int]:
    """The layer numbers the note's definitions write (``a^{(4)}``, ``L = 4``): a deeper
    note gets a deeper instance (a claim's ``S^{(4)}`` is a slip, not a deeper note)."""
    out = [int(p.value) for d in model.definitions for t in (d.lhs, d.rhs) for n in walk(t)
           if isinstance(n, Sym) and not n.bracket.startswith("letter") and n.bracket != "_"
           for p in n.layer if isinstance(p, Num) and p.text.isdigit()]
    out += [int(d.rhs.value) for d in model.definitions
            if isinstance(d.lhs, Sym) and model.is_last(d.lhs.name) and not d.lhs.sub
            and isinstance(d.rhs, Num) and d.rhs.text.isdigit()]
    return [k for k in out if k <= 8]


def _depth_letters(model: Model) -> set[str]:
    """``\\hat y = h^{(l)}``: a layer letter that names the output of an unlayered quantity
    and is never the layer of a definition (``a^{(k)} = …``) is the depth of the network."""
    generic = {p.name for d in model.definitions if isinstance(d.lhs, Sym)
               for p in d.lhs.layer if isinstance(p, Sym)}
    return {d.rhs.layer[0].name for d in model.definitions
            if isinstance(d.lhs, Sym) and not d.lhs.layer and not d.lhs.sub
            and isinstance(d.rhs, Sym) and len(d.rhs.layer) == 1
            and isinstance(d.rhs.layer[0], Sym) and len(d.rhs.layer[0].name) == 1
            and d.rhs.layer[0].name not in generic} - nt.LAST_LAYER_LETTERS


def _unit_indexed(d: Definition, examples) -> bool:
    """Does a definition index units (``p_i = e^{z_i}/\\sum_k e^{z_k}``, ``z_j = \\sum_k
    w_{jk} a_k``)?  Then the note's quantities are vectors."""
    def unit_letter(x) -> bool:
        return isinstance(x, Sym) and len(x.name) == 1 and x.name not in examples \
            and x.name not in nt.STEP_LETTERS
    for root in (d.lhs, d.rhs):
        for n in walk(root):
            if isinstance(n, Sum) and unit_letter(n.index):
                return True
            if isinstance(n, Sym) and len(n.sub) == 1 and unit_letter(n.sub[0]) \
                    and n.name not in nt.COST_NAMES:
                return True
    return False


def _scope_key(lhs):
    """A defined name with its layer: ``g(x)`` twice are rival readings, ``δ^{(1)}`` and
    ``δ^{(2)}`` are two quantities."""
    from .latexprint import to_latex
    layer = lhs.layer if isinstance(lhs, Sym) else ()
    return name_of(lhs), tuple(to_latex(p) for p in layer)


def _plain_parameters(lhs, rhs):
    """``σ(z_j) = 1/(1+e^{-z_j})`` defines σ with a parameter named ``z_j``: renamed to a
    plain letter, so that applying σ to anything substitutes it."""
    if not isinstance(lhs, Apply) or name_of(lhs) in nt.COST_NAMES \
            or all(not a.sub for a in lhs.args):
        return lhs, rhs  # ℒ(a^{[2]}, y), ℓ(θ; x_i, y_i): its arguments are the note's own
    from .layers import map_syms
    plain = {a: Sym(f"param{k}") for k, a in enumerate(lhs.args) if a.sub}
    return (Apply(lhs.func, tuple(plain.get(a, a) for a in lhs.args)),
            map_syms(rhs, lambda n: plain.get(n, n)))


def _stacks(chain) -> bool:
    """``\\theta = (\\mathbf{w}, b)``: one name for several parameters together."""
    from .tree import Tuple_
    if chain.ops != ("=",) or not isinstance(chain.terms[0], Sym) or chain.terms[0].sub:
        return False
    rhs = chain.terms[1]
    return isinstance(rhs, Tuple_) and len(rhs.items) >= 2 and all(
        isinstance(i, Sym) and i.name not in nt.COUNT_LETTERS and not i.name.isdigit()
        for i in rhs.items)


def _gradient_name(model: Model, lhs) -> bool:
    """``dZ_2`` where the note defines ``Z_2`` and a cost: PyTorch's name for ∂L/∂Z_2."""
    from .shapes import gradient_target
    target = gradient_target(lhs) if isinstance(lhs, Sym) else None
    if target is None:
        return False
    return any(d.name == target.name or mentions(d.rhs, target.name)
               for d in model.definitions) and any(d.name in nt.COST_NAMES
                                                    for d in model.definitions)


def _add(model: Model, d: Definition) -> None:
    model.definitions.append(d)  # E_n = …: the cost of any one example (see dataset.py)
    if isinstance(d.rhs, Apply) and isinstance(d.lhs, Sym) and d.lhs.layer \
            and len(d.rhs.args) == 1 and d.name not in nt.COST_NAMES:
        model.activation_name = model.activation_name or d.lhs.name  # a = σ(…): activations
        arg = d.rhs.args[0]
        if model.activation is None and isinstance(arg, Sym):
            model.activation = (d.rhs.func, arg.name)


def _conventions(model: Model, units, prose_text: str, pinned) -> None:
    low = prose_text.lower()
    if any(p in low for p in nt.PROSE_ROW_VECTORS):
        model.convention = "row"
    for word, kind in nt.PROSE_ACTIVATIONS:
        if re.search(r"\b" + word, low):
            model.fixed_functions.setdefault("_prose", kind)
            break
    for key, value in pinned:
        if key in ("vectors", "convention"):
            model.convention = "row" if str(value).startswith("row") else "column"
        elif key in ("sigma", "activation", "g", "f", "h"):
            model.fixed_functions["sigma" if key == "activation" else key] = str(value)


def _numbering(model: Model, chains) -> None:
    """Which layer a weight's superscript names (the products that define a quantity
    decide, by majority: a restatement with a slip does not), and row vs column products
    (the first product decides)."""
    votes = {0: 0, 1: 0}
    first = True
    seen: set[str] = set()
    for chain in chains:
        if len(chain.ops) != 1 or not isinstance(chain.terms[0], Sym):
            continue
        lhs = chain.terms[0]
        restated = lhs.name in seen
        seen.add(lhs.name)
        for n in walk(chain.terms[1]):
            if not (isinstance(n, Mul) and len(n.factors) >= 2):
                continue
            for a, b in zip(n.factors, n.factors[1:], strict=False):
                w, v, row = (b, a, True) if _is_weight(b) and not _is_weight(a) else (
                    (a, b, False) if _is_weight(a) and not _is_weight(b) else (None, None, 0))
                if w is None or not _vector_like(v):
                    continue  # (1 - λ) w: a number times the weights says nothing
                if first and row:
                    model.convention = "row"
                first = False
                lw, ll = _layer_offset(w), _layer_offset(lhs)
                if lw is not None and ll is not None and ll[0] == lw[0] \
                        and ll[1] - lw[1] in votes and not restated:
                    votes[ll[1] - lw[1]] += 1  # z^{(l+1)} = Θ^{(l)} a^{(l)}: the source
    if votes[1] > votes[0]:
        model.numbering = "source"


def _vector_like(node) -> bool:
    from .tree import Transpose
    if isinstance(node, Transpose):
        node = node.arg
    return isinstance(node, Sym) and (node.bold or node.name[:1].isascii()) \
        and node.name not in nt.GREEK


def _is_weight(node) -> bool:
    return isinstance(node, Sym) and node.name in nt.WEIGHT_NAMES and not node.sub


def _layer_offset(node):
    """(letter, offset) of a layer: ``(l, 1)`` for ``l+1``, ``(None, 2)`` for ``2``."""
    if not isinstance(node, Sym) or len(node.layer) != 1:
        return None
    p = node.layer[0]
    if isinstance(p, Num) and p.text.isdigit():
        return None, int(p.text)
    return step_of(p)



def build_model(units_parsed, prose_text: str, pinned=()) -> tuple[Model, list]:
    """One pass over (unit, parsed) pairs; returns the model and each unit's roles."""
    model = Model()
    _conventions(model, units_parsed, prose_text, pinned)
    chains = [c for _, p in units_parsed if p.ok for c in p.statements]
    _numbering(model, chains)
    model.families |= _stepped(chains)
    # Inline definitions of one name with no display between them are alternatives
    # ("for regression $g(x) = x$, for classification $g(x) = sigmoid(x)$"): none is used.
    # With displays between them they are successive scopes, each used in turn.
    inline_names: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    displays = 0
    for unit, parsed in units_parsed:
        if unit.display:
            displays += 1
        elif parsed.ok:
            for c in parsed.statements:
                if c.ops and c.terms[0] is not None and definable(c.terms[0]):
                    key = _scope_key(c.terms[0])  # δ^{(2)}_k and δ^{(1)}_j: not rivals
                    if key in last_seen and last_seen[key] == displays:
                        inline_names[key] = 2
                    last_seen[key] = displays
    roles = []
    for unit, parsed in units_parsed:
        if not parsed.ok:
            roles.append(())
            continue
        unit_roles = []
        for c in parsed.statements:
            if c.ops == ("!=",) and all(isinstance(t, Sym) and not t.sub and not t.layer
                                        for t in c.terms):
                model.distinct.append((position(unit), frozenset(t.name for t in c.terms)))
            vector_sign = False
            for term in c.terms:
                if term is not None:
                    uses_layers(term, model.layered)
                    vector_sign = vector_sign or has_transpose(term) or has_elementwise(term)
                    for n in walk(term):
                        if isinstance(n, Sum) and isinstance(n.lo, Num) and n.lo.value == 0 \
                                and _indexes_entries(n):
                            model.index_base = 0
                        if isinstance(n, Sym) and n.bold and n.name[:1].islower():
                            model.bold_vectors = True
                        if isinstance(n, Sym) and n.bold:
                            model.bold_names.add(n.name)
                        if isinstance(n, Sym) and n.bold and len(n.sub) == 1 and not n.layer \
                                and time_index(n.sub[0]):
                            model.families.add(n.name)
                        if isinstance(n, Sym) and len(n.sub) == 1 and isinstance(n.sub[0], Sym) \
                                and len(n.sub[0].name) == 1 and n.name not in nt.COST_NAMES:
                            model.indexed.add(n.name)
                            if not n.bold:
                                model.plain_indexed.add(n.name)
            first = c.terms[0]
            if not unit.display and first is not None and definable(first) \
                    and inline_names.get(_scope_key(first), 0) > 1:
                unit_roles.append(Role("expression", note="one of several alternatives"))
                continue
            unit_roles.append(read_statement(model, c, position(unit), not unit.display))
            if vector_sign:
                (model.vector_claims if unit_roles[-1].kind == "claim"
                 else model.vector_definitions).append(position(unit))
        roles.append(tuple(unit_roles))
    from .dataset import EXAMPLES, example_letters
    from .shapes import infer
    model.example_letters = example_letters(chains)
    model.last_letters = _depth_letters(model)
    model.sigma_open = _sigma_open(model, chains, prose_text)
    from .latexprint import note_style
    model.print_style = note_style(" ".join(u.latex for u, _ in units_parsed))
    numbers = _layer_numbers(model)
    lettered = any(isinstance(p, (Sym, Add)) for c in chains for t in c.terms if t is not None
                   for n in walk(t) if isinstance(n, Sym) for p in n.layer)
    # a network numbered 1, 2 ends at layer 2 (its y is layer 2's); with letters (l, L) the
    # instance has three layers
    model.last_layer = max(numbers) if numbers and not lettered and max(numbers) >= 2 \
        else max([3] + numbers)
    model.vector_definitions += [d.line for d in model.definitions
                                 if _unit_indexed(d, model.example_letters)]
    conditions = [(c.terms[0], c.terms[1]) for c in chains if c.ops == ("in",)]
    model.count_dims = {n.name for lhs, space in conditions if isinstance(lhs, Sym)
                        and lhs.name not in nt.WEIGHT_NAMES for n in walk(space)
                        if isinstance(n, Sym) and n.name in nt.COUNT_LETTERS}
    from .worked import described_layers
    model.shapes, model.one_hot = infer(model.definitions + described_layers(model),
                                       conditions, EXAMPLES,
                                       model.bold_vectors, model.convention,
                                       frozenset(model.example_letters))
    if re.search(r"one[- ]hot", prose_text, re.I):
        model.one_hot |= nt.TARGET_NAMES | nt.BATCH_TARGETS
    notes = prose_text + " " + " ".join(
        t for unit, _ in units_parsed for t in re.findall(r"\\text\{([^{}]*)", unit.latex))
    if re.search(nt.PROSE_MEAN, notes, re.I):
        model.cost_is_mean = True  # "the cost is the average over the examples"
    return model, roles
