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
        for term in chain.terms:
            for node in walk(term):
                reason = _odd(node)
                if reason:
                    return reason
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
