"""The notation-level expression tree that `parse` produces.

The tree stays close to what the note wrote: a layer superscript is a field of the
symbol, not a power; ``\\cdot`` stays a ``\\cdot`` (matrix product or elementwise is
decided later, by trying both); a derivative keeps what it differentiates and with
respect to what.  Turning a tree into SymPy objects needs the document (which names
are matrices, which functions are fixed), so that happens in the model, not here.

All nodes are frozen dataclasses, hashable, and compare structurally.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


class Node:
    """Base class of every tree node."""

    __slots__ = ()


@dataclass(frozen=True)
class Num(Node):
    """A number as written (``2``, ``0.5``, ``1.0``); ``value`` is exact."""

    text: str

    @property
    def value(self) -> Fraction:
        return Fraction(self.text)


@dataclass(frozen=True)
class Sym(Node):
    """A named quantity: ``a^{(L)}_j`` is ``Sym('a', sub=(j,), layer=(L,))``.

    ``name`` is the base without styling (``y`` for ``\\mathbf{y}``) but with accents
    that change meaning (``hat{y}``, ``tilde{J}``) and calligraphic letters
    (``mathcal{L}``).  ``sub`` holds the unit indices as written, ``layer`` the layer
    superscript's parts (``\\delta^{x,l}`` has two), ``marks`` superscript marks such
    as ``dagger`` or ``*``.
    """

    name: str
    sub: tuple[Node, ...] = ()
    layer: tuple[Node, ...] = ()
    bold: bool = False
    marks: tuple[str, ...] = ()
    bracket: str = ""  # how the layer was written: "(", "[" or "" (bare a^l)


@dataclass(frozen=True)
class Text(Node):
    """A word written with ``\\text{}`` used as a quantity (``\\text{regularization}``)."""

    word: str


@dataclass(frozen=True)
class Ellipsis_(Node):
    """``\\dots`` / ``\\cdots`` / ``...`` inside a sum or product pattern."""


@dataclass(frozen=True)
class Add(Node):
    """``terms[0] + terms[1] + …``; subtraction is an ``Neg`` term."""

    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Neg(Node):
    arg: Node


@dataclass(frozen=True)
class Mul(Node):
    """A product as written: ``ops[i]`` joins ``factors[i]`` and ``factors[i+1]``.

    ops are ``juxt`` (nothing written), ``cdot``, ``times``, ``ast``, ``circ``,
    ``odot``.  ``cdot``, ``ast`` and ``times`` are ambiguous between a matrix
    product and an elementwise one; ``circ``/``odot`` are elementwise.
    """

    factors: tuple[Node, ...]
    ops: tuple[str, ...]


@dataclass(frozen=True)
class Frac(Node):
    r"""``\frac{num}{den}`` or ``num/den`` (``slash`` True)."""

    num: Node
    den: Node
    slash: bool = False


@dataclass(frozen=True)
class Pow(Node):
    """``base^exp``.  ``maybe_layer`` marks a bare numeric superscript on a plain
    symbol (``a^2``), which is a layer in a note that writes layers that way."""

    base: Node
    exp: Node
    maybe_layer: bool = False


@dataclass(frozen=True)
class Transpose(Node):
    arg: Node


@dataclass(frozen=True)
class Prime(Node):
    """``f'``, ``f''``, ``f^{\\prime}``, ``\\dot f``: the derivative of a function."""

    func: Node
    order: int = 1


@dataclass(frozen=True)
class Apply(Node):
    """A function applied to arguments: ``\\sigma(z)``, ``\\log \\hat y``, ``g^{[\\ell]}(z)``."""

    func: Node
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Deriv(Node):
    r"""A derivative of ``expr`` with respect to ``wrt``.

    ``style`` says how it was written: ``partial`` (``\frac{\partial C}{\partial w}``
    or ``\partial C/\partial w``), ``d`` (``\frac{d}{dz}``), ``nabla``
    (``\nabla_z C``, a gradient, shaped like ``wrt``).  ``wrt`` is empty for ``\nabla
    J(w)`` with no subscript (with respect to the function's argument).
    """

    expr: Node
    wrt: tuple[Node, ...]
    style: str = "partial"
    order: int = 1


@dataclass(frozen=True)
class Sum(Node):
    r"""``\sum_{index=lo}^{hi} body``; index, lo and hi may be missing (``\sum_k``, ``\sum``)."""

    body: Node
    index: Node | None = None
    lo: Node | None = None
    hi: Node | None = None
    op: str = "sum"  # or "prod"


@dataclass(frozen=True)
class Norm(Node):
    r"""``\lVert x\rVert`` (``kind='norm'``, ``p`` from ``_2``) or ``\lvert x\rvert`` (``abs``)."""

    arg: Node
    kind: str = "norm"
    p: Node | None = None


@dataclass(frozen=True)
class Sqrt(Node):
    arg: Node


@dataclass(frozen=True)
class Matrix(Node):
    """``pmatrix``/``bmatrix``: rows of entries."""

    rows: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True)
class Cases(Node):
    """``\\begin{cases}``: (value, condition or None for 'otherwise') pairs."""

    pieces: tuple[tuple[Node, Node | None], ...]


@dataclass(frozen=True)
class Indicator(Node):
    r"""``\mathbb{1}\{y=j\}``."""

    cond: Node


@dataclass(frozen=True)
class Tuple_(Node):
    """A comma list: function arguments, ``(a, b)``, ``1, 2, \\dots, N``."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Relation(Node):
    """``lhs op rhs`` used as a value: a condition such as ``(m \\neq j)`` or ``y=j``."""

    lhs: Node
    op: str
    rhs: Node


@dataclass(frozen=True)
class Chain:
    """One statement: ``terms[0] ops[0] terms[1] ops[1] …``.

    ``terms[0]`` is ``None`` for an aligned row that starts with ``&=``.  ops are
    normalised: ``=``, ``:=`` (also ``\\equiv``, ``\\triangleq``), ``<-``
    (``\\leftarrow``), ``~`` (``\\approx``), ``<``, ``<=``, ``>``, ``>=``, ``!=``,
    ``in``, ``propto``.
    """

    terms: tuple[Node | None, ...]
    ops: tuple[str, ...]

    @property
    def links(self) -> list[tuple[Node | None, str, Node]]:
        return [(self.terms[i], op, self.terms[i + 1]) for i, op in enumerate(self.ops)]


@dataclass(frozen=True)
class Entry(Node):
    """An entry of a bracketed quantity: ``(dW_2)_{cj}``."""

    arg: Node
    sub: tuple[Node, ...]
