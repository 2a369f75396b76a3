r"""Named neurons: ``net_{h1}``, ``out_{o2}``, ``E_{total}`` (a worked example's notation).

A subscript that is a word (``total``) or a letter glued to a number (``h1``, ``o2``)
whose letter the note never uses as an index names one quantity; the pass turns each
such symbol into a single name, so ``E_{o1}`` is its own number (not the cost E of
example o1) and ``net_{h1}`` is not entry (h, 1) of a matrix.
"""

from __future__ import annotations

from dataclasses import replace

from . import notation as nt
from .layers import map_units, note_symbols, summed_letters
from .tree import Num, Sym


def _label(sub) -> str | None:
    if len(sub) == 1 and isinstance(sub[0], Sym) and len(sub[0].name) >= 3 \
            and sub[0].name.isalpha() and not sub[0].sub and not sub[0].layer:
        return sub[0].name  # E_{total}
    if len(sub) == 2 and isinstance(sub[0], Sym) and len(sub[0].name) == 1 \
            and not sub[0].sub and isinstance(sub[1], Num) and sub[1].text.isdigit():
        return sub[0].name + sub[1].text  # out_{h1}
    return None


def _index_letters(syms, units_parsed) -> set[str]:
    """Letters the note uses as indices: alone in a subscript, or bound by a sum."""
    letters = set()
    for s in syms:
        if _label(s.sub) is None:
            letters |= {i.name for i in s.sub if isinstance(i, Sym) and len(i.name) == 1}
    return letters | summed_letters(units_parsed)


def updated_names(units_parsed) -> list:
    """``w_5^{+}``, the weight after the step, is a quantity of its own (not w_5)."""
    def rename(s: Sym) -> Sym:
        if "+" not in s.marks:
            return s
        return replace(s, name=f"{s.name}^{{+}}", marks=tuple(m for m in s.marks if m != "+"))

    return map_units(units_parsed, rename, symbols_only=True)


def labelled_names(units_parsed) -> list:
    syms = note_symbols(units_parsed)
    indices = _index_letters(syms, units_parsed)
    labelled = [s for s in syms if _label(s.sub) is not None
                and not (len(s.sub) == 2 and s.sub[0].name in indices)]
    if len({(s.name, _label(s.sub)) for s in labelled}) < 2:
        return units_parsed  # one x_{i1} is an entry; a worked example names many

    def rename(s: Sym) -> Sym:
        label = _label(s.sub)
        if label is None or (len(s.sub) == 2 and s.sub[0].name in indices):
            return s
        return replace(s, name=f"{s.name}_{{{label}}}", sub=())

    return map_units(units_parsed, rename, symbols_only=True)


def pattern_letters(units_parsed) -> list:
    """Rumelhart's ``o_{pj}``, ``net_{pj}``, ``E_p``: ``p`` names the input pattern, the
    same in every equation.  When no sum runs over it, the pattern is dropped (``o_j``,
    ``E``): every claim is about one pattern."""
    syms = note_symbols(units_parsed)
    costs = {s.sub[0].name for s in syms if s.name in nt.COST_NAMES and len(s.sub) == 1
             and isinstance(s.sub[0], Sym) and len(s.sub[0].name) == 1}
    firsts = {}
    for s in syms:
        if len(s.sub) == 2 and all(isinstance(i, Sym) for i in s.sub) \
                and s.name not in nt.WEIGHT_NAMES and not s.name[:1].isupper():
            # o_{pj}, net_{pj}: per-unit quantities (P_{ic} is a matrix: i is its row)
            firsts.setdefault(s.sub[0].name, set()).add(s.name)
    summed = summed_letters(units_parsed)
    pattern = {x for x in costs if len(firsts.get(x, ())) >= 2 and x not in summed}
    if len(pattern) != 1:
        return units_parsed
    p = pattern.pop()

    def drop(s: Sym) -> Sym:
        if s.sub and isinstance(s.sub[0], Sym) and s.sub[0].name == p and (
                len(s.sub) == 2 or s.name in nt.COST_NAMES):
            return replace(s, sub=s.sub[1:])
        return s

    return map_units(units_parsed, drop, symbols_only=True)
