"""``derive check --show-parse``: how each unit was read, instead of verdicts."""

from __future__ import annotations

from typing import TextIO

from .common import position


def kind_guess(ops) -> str:
    """From a chain's relations: ``expression`` (none), ``update`` (an arrow),
    ``definition`` (``:=``), else ``relation``."""
    if not ops:
        return "expression"
    if "<-" in ops:
        return "update"
    if ":=" in ops:
        return "definition"
    return "relation"


def write_units(source, out: TextIO) -> None:
    """One line per statement of every unit of ``source`` (a :class:`derive.units.Source`)."""
    from ..parse import parse_latex
    from ..show import explain

    for problem in source.problems:
        out.write(f"{source.path}: warning: {problem}\n")
    for unit in source.units:
        where = f"{source.path}:{position(unit)}"
        parsed = parse_latex(unit.latex)
        if not parsed.ok:
            out.write(f"{where}: unreadable at column {parsed.column}: {parsed.error}\n")
            continue
        for chain in parsed.statements:
            out.write(f"{where}: {kind_guess(chain.ops)} {explain(chain)}\n")
        for note in parsed.notes:
            out.write(f"{where}: note: {note}\n")
