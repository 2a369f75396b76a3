"""The JSON report (``--format json``): stable keys, no timings, documented in
``docs/json-format.md`` and checked against ``derive/schema/report.schema.json``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..verdict import STATUSES, DocumentReport, Finding, Verdict
from .common import jsonable, totals

VERSION = 1


def equation_dict(v: Verdict) -> dict:
    """One equation, keys in the documented order."""
    return {
        "line": v.line,
        "row": v.row,
        "cell": v.cell,
        "block_line": v.block_line,
        "file_line": v.file_line,
        "column": v.column,
        "display": v.display,
        "latex": v.latex,
        "kind": v.kind,
        "status": v.status,
        "method": v.method,
        "reason": v.reason,
        "assumptions": list(v.assumptions),
        "counterexample": jsonable(v.counterexample),
        "suggestion": v.suggestion,
        "links": [{"index": link.index, "status": link.status, "reason": link.reason}
                  for link in v.links],
    }


def finding_dict(f: Finding) -> dict:
    return {"line": f.line, "cell": f.cell, "message": f.message}


def document_dict(r: DocumentReport) -> dict:
    return {
        "path": r.path,
        "readable": bool(getattr(r, "readable", True)),
        "summary": r.summary(),
        "equations": [equation_dict(v) for v in r.equations],
        "warnings": [finding_dict(f) for f in r.warnings],
        "problems": list(r.problems),
    }


def report_dict(reports: Sequence[DocumentReport]) -> dict:
    counts = totals(reports)
    summary = {s: counts[s] for s in STATUSES}
    summary["documents"] = len(reports)
    summary["unreadable_documents"] = sum(not getattr(r, "readable", True) for r in reports)
    return {"version": VERSION, "documents": [document_dict(r) for r in reports],
            "summary": summary}


def write(reports: Sequence[DocumentReport], out: TextIO, **_) -> None:
    json.dump(report_dict(reports), out, indent=2, ensure_ascii=False, allow_nan=False)
    out.write("\n")
