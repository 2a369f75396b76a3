"""The document model: what each statement is, and the definitions in force.

A statement is a definition when it introduces a name (``z = Wa + b``, ``δ :=
∂C/∂z``, ``σ(x) = 1/(1+e^{-x})``, or written backwards ``-(y-ŷ)f'(s) = δ``), an
update rule when it assigns a step to a parameter, a condition (``1 ≤ l ≤ L``),
an expression (no relation) or otherwise a claim.  A claim may use definitions
given later when the name has no earlier one ("… where δ is …").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import notation as nt
from .tree import Add, Apply, Chain, Neg, Node, Num, Sym, Transpose

CONDITION_OPS = {"<", "<=", ">", ">=", "!=", "in"}


@dataclass(frozen=True)
class Definition:
    name: str
    lhs: Node  # Sym, or Apply(func, params) for a function
    rhs: Node
    line: int
    inline: bool = False

    @property
    def is_function(self) -> bool:
        return isinstance(self.lhs, Apply)


@dataclass
class Model:
    """Everything the verifier needs to know about a document, built in one pass."""

    definitions: list[Definition] = field(default_factory=list)
    layered: set[str] = field(default_factory=set)  # names written with a layer
    indexed: set[str] = field(default_factory=set)  # names written with a letter index
    shapes: dict = field(default_factory=dict)  # leaf key -> (rows, cols), see shapes.py
    one_hot: set = field(default_factory=set)  # targets that are one-hot (rows sum to 1)
    plain_indexed: set[str] = field(default_factory=set)  # ... and not bold (y_i beside bold y)
    bold_names: set[str] = field(default_factory=set)  # names the note writes in bold
    example_letters: set[str] = field(default_factory=set)  # n in Σ_{n=1}^{N} (t_n - y_n)²
    last_layer: int = 3  # the instance's last layer: 3, or the note's highest layer number
    last_letters: set[str] = field(default_factory=set)  # ŷ = h^{(l)}: l is the depth
    distinct: list = field(default_factory=list)  # (line, {i, j}): "for i ≠ j" in the text
    print_style: tuple[str, str] = ("\\mathbf", "T")  # bold macro, transpose mark
    count_dims: set[str] = field(default_factory=set)  # N in X ∈ ℝ^{N×D}: the examples
    sigma_open: bool = False  # σ is used, never defined, and the text does not say "any"
    cost_is_mean: bool = False  # the prose calls the cost an average (or mean)
    families: set[str] = field(default_factory=set)  # w_t, v_{t-1}: sequences of vectors
    bold_vectors: bool = False  # the note writes vectors in bold: a plain letter is a number
    # lines with a transpose or ⊙: the note's quantities are vectors from there on
    vector_definitions: list[int] = field(default_factory=list)
    vector_claims: list[int] = field(default_factory=list)
    convention: str = "column"
    numbering: str = "destination"  # W^l maps layer l-1 to l ("source": l to l+1)
    index_base: int = 1
    fixed_functions: dict[str, str] = field(default_factory=dict)  # name -> kind
    function_alias: dict[str, str] = field(default_factory=dict)  # f -> sigmoid
    activation_name: str | None = None
    activation: tuple | None = None  # (function node, pre-activation name): a = σ(z)

    def in_force(self, name: str, line: int) -> list[Definition]:
        """Definitions of ``name`` at ``line``, latest first; a name defined only later
        is taken from its first later definition (a forward reference)."""
        before = [d for d in self.definitions if d.name == name and d.line <= line]
        if before:
            return before[::-1]
        after = [d for d in self.definitions if d.name == name and d.line > line]
        return after[:1]

    def in_force_all(self, line: int) -> list[Definition]:
        """Every definition in force at ``line``, one per name."""
        return [d for name in dict.fromkeys(d.name for d in self.definitions)
                for d in self.in_force(name, line)[:1]]

    def cost_definition(self, line: int, whole: bool = False) -> Definition | None:
        """The cost in force; ``whole``: not one example's (``ℓ_i``, ``E_n``)."""
        costs = [d for d in self.definitions if d.name in nt.COST_NAMES and d.line <= line
                 and not (whole and isinstance(d.lhs, Sym) and d.lhs.sub)]
        return costs[-1] if costs else None

    def is_last(self, letter: str) -> bool:
        """Does ``letter`` name the last layer (``L``; ``l`` in ``\\hat y = h^{(l)}``)?"""
        return (letter in nt.LAST_LAYER_LETTERS and letter not in self.count_dims) \
            or letter in self.last_letters  # N in X ∈ ℝ^{N×D} counts examples

    def says_distinct(self, line: int, letters) -> bool:
        """Does the text say ``i ≠ j`` for these letters beside the equation at ``line``
        (just before it, in it, or just after it)?"""
        return any(-4 <= line - at <= 3 and set(letters) <= pair and len(letters) == 2
                   for at, pair in self.distinct)

    def scalar_reading_allowed(self, line: int) -> bool:
        """One unit per layer is a reading until a definition, or two claims (one may be a
        slip), write a transpose or ⊙; never in a note with bold vectors or declared
        vector shapes."""
        if self.bold_vectors or any(shape != (1, 1) for shape in self.shapes.values()):
            return False
        return not any(x <= line for x in self.vector_definitions) \
            and len({x for x in self.vector_claims if x <= line}) < 2


def walk(node):
    """Every node under ``node`` (depth first), including itself."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        yield n
        if isinstance(n, Node):
            for f in n.__dataclass_fields__:
                v = getattr(n, f)
                if isinstance(v, Node):
                    stack.append(v)
                elif isinstance(v, tuple):
                    for x in v:
                        if isinstance(x, Node):
                            stack.append(x)
                        elif isinstance(x, tuple):
                            stack.extend(y for y in x if isinstance(y, Node))


def time_index(node) -> bool:
    """t, t-1, t+1, s, 0, 1: the step of an optimiser sequence (w_t, v_{t-1})."""
    if isinstance(node, Sym):
        return node.name in nt.STEP_LETTERS and not node.sub
    if isinstance(node, Add):
        return any(isinstance(t, Sym) and t.name in nt.STEP_LETTERS for t in node.terms)
    return False


def step_of(index) -> tuple[str, int] | None:
    """(t, c) for a step index ``t``, ``t+c`` or ``t-c`` (also a layer ``l+1``)."""
    if isinstance(index, Sym) and not index.sub:
        return index.name, 0
    if isinstance(index, Add) and len(index.terms) == 2 and isinstance(index.terms[0], Sym):
        c = index.terms[1]
        if isinstance(c, Num) and c.text.isdigit():
            return index.terms[0].name, int(c.text)
        if isinstance(c, Neg) and isinstance(c.arg, Num) and c.arg.text.isdigit():
            return index.terms[0].name, -int(c.arg.text)
    return None


def definable(node) -> bool:
    """Can ``node`` be the name a definition introduces?"""
    if isinstance(node, Sym):
        return node.name not in ("d",)
    if isinstance(node, Apply) and isinstance(node.func, Sym) and not node.func.layer:
        return all(isinstance(a, Sym) for a in node.args)
    return False


def name_of(node) -> str:
    if isinstance(node, Apply):
        if node.func.sub:  # h_Θ(x): a function of its own, not h
            from .latexprint import to_latex
            return to_latex(node.func)
        return node.func.name
    return node.name


def mentions(node, name: str) -> bool:
    return any(isinstance(n, Sym) and n.name == name for n in walk(node))


def is_update(chain: Chain) -> bool:
    """``w = w - η …`` / ``w \\leftarrow …``: a parameter assigned a step from itself."""
    if "<-" in chain.ops:
        return True
    if len(chain.ops) < 1 or chain.ops[0] not in ("=", ":="):
        return False
    lhs, rhs = chain.terms[0], chain.terms[1]
    if not isinstance(lhs, Sym) or rhs is None:
        return False
    terms = rhs.terms if isinstance(rhs, Add) else (rhs,)
    for t in terms:
        if t == lhs:
            return True
        if any(n == lhs for n in walk(t)) and not isinstance(t, (Neg,)) and _scaled_self(t, lhs):
            return True
    return False


def _scaled_self(term, lhs) -> bool:
    from .tree import Mul
    return isinstance(term, Mul) and term.factors[0] == lhs


def statement_kind(chain: Chain) -> str:
    ops = set(chain.ops)
    if not ops:
        return "expression"
    if ops <= CONDITION_OPS:
        return "condition"
    if is_update(chain):
        return "update"
    if ":=" in ops:
        return "definition"
    if "~" in ops:
        return "approximation"
    return "relation"


def uses_layers(node, out: set[str]) -> None:
    for n in walk(node):
        if isinstance(n, Sym) and n.layer:
            out.add(n.name)


def has_transpose(node) -> bool:
    return any(isinstance(n, Transpose) for n in walk(node))


def has_elementwise(node) -> bool:
    from .tree import Mul
    return any(isinstance(n, Mul) and ({"odot", "circ"} & set(n.ops)) for n in walk(node))


__all__ = ["Definition", "Model", "definable", "name_of", "statement_kind", "walk"]
