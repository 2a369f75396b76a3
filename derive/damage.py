"""Signatures of damaged text that still parses (OCR, bad copy-paste).

Each rule is a structural oddity that a person never writes on purpose: a
derivative with respect to a power, a quantity differentiated with respect to
itself, a prime on a subscripted quantity that is not a function.
"""

from __future__ import annotations

from .model import walk
from .tree import Apply, Chain, Deriv, Pow, Prime, Sym, Transpose


def damage(chains: tuple[Chain, ...]) -> str | None:
    """Why these statements look damaged, or None."""
    for chain in chains:
        new = _new_value(chain)
        for term in chain.terms:
            for node in walk(term):
                reason = None if node is new else _odd(node)
                if reason:
                    return reason
    return None


def _new_value(chain: Chain):
    """The primed left side of an update, ``w_k' = w_k - \\eta g``: a new value, not damage."""
    first = chain.terms[0] if chain.ops else None
    if isinstance(first, Prime) and first.order == 1 and isinstance(first.func, Sym) and any(
            node == first.func for term in chain.terms[1:] for node in walk(term)):
        return first
    return None


def _odd(node) -> str | None:
    if isinstance(node, Deriv):
        for w in node.wrt:
            if isinstance(w, Pow):
                return "a derivative with respect to a power (OCR damage?)"
            if w == node.expr and isinstance(w, Sym):
                return "a quantity differentiated with respect to itself (OCR damage?)"
    if isinstance(node, Prime) and isinstance(node.func, Sym) and node.func.sub:
        return "a prime on a subscripted quantity that is not a function (OCR damage?)"
    if isinstance(node, Apply) and isinstance(node.func, Transpose):
        return "a transposed function (OCR damage?)"
    return None
