r"""Activations as small objects: the forward rule beside its derivative.

The elementwise ones are the functions printed into ``numeric/_generated.py``
from ``numeric/formulas.py``. Softmax is not elementwise, so the printer cannot
express its stable form; :func:`softmax` and :func:`softmax_vjp` are written
here by hand, and the tests check them against the SymPy closed forms in
``numeric.formulas``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _generated as G

__all__ = ["ACTIVATIONS", "Activation", "get_activation", "softmax", "softmax_vjp"]

Array = np.ndarray


def softmax(z: Array) -> Array:
    r"""Softmax of each column, shifted by its maximum so that no exponent is positive.

    .. math:: a_j = \frac{e^{z_j}}{\sum_k e^{z_k}} = \frac{e^{z_j - m}}{\sum_k e^{z_k - m}},
       \quad m = \max_k z_k
    """
    e = z - z.max(axis=0, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=0, keepdims=True)
    return e


def softmax_vjp(a: Array, g: Array) -> Array:
    r"""BP1 through softmax: :math:`J^T g` per column, :math:`J = \operatorname{diag}(a) - a a^T`.

    .. math:: \delta = a \odot \left(g - (a^T g)\,\mathbf{1}\right)
    """
    ag = a * g
    ag -= a * ag.sum(axis=0, keepdims=True)
    return ag


@dataclass(frozen=True)
class Activation:
    r"""An activation :math:`a = f(z)`, applied to each column of a batch.

    ``fn`` is the forward rule. For an elementwise activation, ``prime`` is
    :math:`f'(z)` and ``prime_from_output`` the same derivative written in
    :math:`a = f(z)` (what backpropagation uses, since the forward pass keeps
    ``a``). Softmax is not elementwise: it has ``vjp`` instead, BP1's product of
    its Jacobian with :math:`\nabla_a C`.
    """

    name: str
    fn: Callable[[Array], Array]
    prime: Callable[[Array], Array] | None = None
    prime_from_output: Callable[[Array], Array] | None = None
    vjp: Callable[[Array, Array], Array] | None = None

    @property
    def elementwise(self) -> bool:
        """Whether the activation acts on each entry alone (all but softmax)."""
        return self.vjp is None

    def __call__(self, z: Array) -> Array:
        return self.fn(z)


def _elementwise(name: str) -> Activation:
    return Activation(
        name=name,
        fn=getattr(G, name),
        prime=getattr(G, f"{name}_prime"),
        prime_from_output=getattr(G, f"{name}_prime_from_output"),
    )


ACTIVATIONS: dict[str, Activation] = {
    name: _elementwise(name) for name in ("logistic", "tanh", "relu", "softplus", "identity")
}
ACTIVATIONS["softmax"] = Activation(name="softmax", fn=softmax, vjp=softmax_vjp)

# Other names the notes use for the same functions: one row each.
_ALIASES = {"sigmoid": "logistic", "linear": "identity"}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by name (``"sigmoid"``, ``"relu"``, ...) or pass one through."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name or an Activation, not {type(name).__name__}")
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in ACTIVATIONS:
        known = ", ".join(sorted([*ACTIVATIONS, *_ALIASES]))
        raise ValueError(f"unknown activation {name!r}; known: {known}")
    return ACTIVATIONS[key]
