r"""Costs as small objects carrying ``fn`` and ``delta`` (as in Nielsen's network2.py).

Every cost is the mean over the batch's columns of a sum over output units,

.. math:: C = \frac{1}{n} \sum_x \sum_j c(a_j^x, y_j^x),

so ``nabla_a`` and ``delta`` carry the :math:`1/n`. The functions come from
``numeric/_generated.py``, except the categorical cross-entropy from logits,
a log-sum-exp over each column that the printer cannot express elementwise; it is
written here and tested against the SymPy closed form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _generated as G

__all__ = ["COSTS", "Cost", "categorical_cross_entropy_from_logits", "get_cost"]

Array = np.ndarray


def categorical_cross_entropy_from_logits(z: Array, y: Array) -> Array:
    r"""Entries of :math:`-y \log \operatorname{softmax}(z)` without computing the softmax.

    .. math:: c_j = y_j \left(\operatorname{lse}(z) - z_j\right),\quad
       \operatorname{lse}(z) = m + \log \sum_k e^{z_k - m},\ m = \max_k z_k
    """
    m = z.max(axis=0, keepdims=True)
    shifted = z - m
    lse = np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return y * (lse - shifted)


@dataclass(frozen=True)
class Cost:
    r"""A cost :math:`C(A, Y)`, the mean over columns of :math:`\sum_j c(a_j, y_j)`.

    ``fn(a, y)`` gives the entries :math:`c(a_j, y_j)`; ``nabla_a(a, y, n)`` the
    gradient :math:`\partial C / \partial a` of the batch mean. ``output`` names the
    output activation the cost is paired with (``None``: any elementwise one); with
    it, ``from_logits(z, y)`` gives the same entries from the output's
    pre-activation without overflow, and ``delta(a, y, n)`` is the fused output
    error :math:`\delta^L = (a - y)/n`.
    """

    name: str
    fn: Callable[[Array, Array], Array]
    nabla_a: Callable[[Array, Array, int], Array]
    output: str | None = None
    from_logits: Callable[[Array, Array], Array] | None = None
    delta: Callable[[Array, Array, int], Array] | None = None

    def total(self, a: Array, y: Array) -> Array:
        """The cost of a batch: the sum of the entries over the number of columns."""
        return self.fn(a, y).sum() / a.shape[1]

    def __call__(self, a: Array, y: Array) -> Array:
        return self.total(a, y)


COSTS: dict[str, Cost] = {
    "quadratic": Cost("quadratic", G.quadratic, G.quadratic_nabla_a),
    "binary_cross_entropy": Cost(
        "binary_cross_entropy",
        G.binary_cross_entropy,
        G.binary_cross_entropy_nabla_a,
        output="logistic",
        from_logits=G.binary_cross_entropy_from_logits,
        delta=G.binary_cross_entropy_delta,
    ),
    "categorical_cross_entropy": Cost(
        "categorical_cross_entropy",
        G.categorical_cross_entropy,
        G.categorical_cross_entropy_nabla_a,
        output="softmax",
        from_logits=categorical_cross_entropy_from_logits,
        delta=G.categorical_cross_entropy_delta,
    ),
}

# Short names the notes use: one row each.
_ALIASES = {
    "bce": "binary_cross_entropy",
    "cross_entropy": "binary_cross_entropy",  # Nielsen's name for it
    "cce": "categorical_cross_entropy",
}


def get_cost(name: str | Cost) -> Cost:
    """Look a cost up by name (``"quadratic"``, ``"bce"``, ``"cce"``, ...) or pass one through."""
    if isinstance(name, Cost):
        return name
    if not isinstance(name, str):
        raise TypeError(f"cost must be a name or a Cost, not {type(name).__name__}")
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in COSTS:
        known = ", ".join(sorted([*COSTS, *_ALIASES]))
        raise ValueError(f"unknown cost {name!r}; known: {known}")
    return COSTS[key]
