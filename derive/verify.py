"""Verdicts for a document: parse every unit, read it against the model, decide."""

from __future__ import annotations

from .damage import damage
from .parse import parse_latex
from .verdict import DocumentReport, Verdict


def verify_source(source, options) -> DocumentReport:
    out = []
    for unit in source.units:
        parsed = parse_latex(unit.latex)
        has_relation = parsed.ok and any(c.ops for c in parsed.statements)
        if not unit.display and not has_relation:
            continue  # inline math that only names something
        base = dict(line=unit.line, latex=unit.latex, row=unit.row, cell=unit.cell,
                    display=unit.display, block_line=unit.block_line, file_line=unit.file_line)
        if not parsed.ok:
            out.append(Verdict(kind="noise", status="unreadable", column=parsed.column,
                               reason=parsed.error, **base))
            continue
        why = damage(parsed.statements)
        if why:
            out.append(Verdict(kind="noise", status="unreadable", reason=why, **base))
            continue
        if not has_relation:
            out.append(Verdict(kind="expression", status="unverified",
                               reason="no relation to check", **base))
            continue
        out.append(Verdict(kind="claim", status="unverified", reason="not decided", **base))
    return DocumentReport(source.path, tuple(out), problems=tuple(source.problems))
