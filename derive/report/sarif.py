"""SARIF 2.1.0 (``--format sarif``), so code-scanning tools annotate the notes.

One rule per status that needs attention (refuted = error, unreadable = warning,
unverified = note) and one for notation warnings; verified equations and
definitions are not results.  Files that could not be read become tool execution
notifications.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import PurePath
from typing import TextIO
from urllib.parse import quote

from ..verdict import DocumentReport, Finding, Verdict
from .common import counterexample_summary, display_latex, jsonable, package_version, short

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

RULES = (
    ("refuted", "error", "Equation refuted",
     "The equation does not hold: a counterexample or a shape mismatch shows it."),
    ("unreadable", "warning", "Equation unreadable",
     "The equation could not be read (damaged text, unbalanced braces, unknown macro)."),
    ("unverified", "note", "Equation not decided",
     "The equation was read but the checker could neither prove nor refute it."),
    ("notation", "warning", "Notation warning",
     "Something in the notation looks wrong (an unknown symbol, a likely typo)."),
)
RULE_INDEX = {rule[0]: i for i, rule in enumerate(RULES)}


def artifact_uri(path: str) -> str:
    """A URI reference for a path as given: relative stays relative, absolute is file://."""
    p = PurePath(path)
    posix = p.as_posix() if os.sep == "/" else path.replace(os.sep, "/")
    if p.is_absolute():
        return "file://" + quote(posix)
    return quote(posix)


def _location(path: str, line: int | None, file_line: int | None, cell: int | None) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(path)}}
    # A notebook line is a line of the cell's source; the region must be a line of
    # the .ipynb file, known only when extraction gives it.
    start = file_line if cell is not None else line
    if start is not None and start >= 1:
        physical["region"] = {"startLine": start}
    loc: dict = {"physicalLocation": physical}
    if cell is not None:
        loc["logicalLocations"] = [{"name": f"cell {cell}", "kind": "notebookCell"}]
    return loc


def result_for(path: str, v: Verdict) -> dict:
    text = f"{short(display_latex(v.latex), 80)}: {v.reason or v.status}"
    cx = counterexample_summary(v.counterexample)
    if cx:
        text += f". Counterexample: {cx}"
    if v.suggestion:
        text += f". Suggestion: {v.suggestion}"
    where = f"cell {v.cell}, line {v.line}" if v.cell is not None else f"line {v.line}"
    if v.row is not None:
        where += f", row {v.row}"
    props = {"latex": v.latex, "kind": v.kind, "line": v.line, "row": v.row, "cell": v.cell,
             "column": v.column, "method": v.method, "assumptions": list(v.assumptions),
             "suggestion": v.suggestion, "counterexample": jsonable(v.counterexample)}
    return {
        "ruleId": v.status,
        "ruleIndex": RULE_INDEX[v.status],
        "level": RULES[RULE_INDEX[v.status]][1],
        "message": {"text": f"{text} ({where})"},
        "locations": [_location(path, v.line, v.file_line, v.cell)],
        "properties": {k: val for k, val in props.items() if val not in (None, [])},
    }


def finding_result(path: str, f: Finding) -> dict:
    return {
        "ruleId": "notation",
        "ruleIndex": RULE_INDEX["notation"],
        "level": "warning",
        "message": {"text": f.message},
        "locations": [_location(path, f.line, None, f.cell)],
    }


def sarif_log(reports: Sequence[DocumentReport]) -> dict:
    results, notifications = [], []
    for r in reports:
        for v in r.equations:
            if v.status in RULE_INDEX:
                results.append(result_for(r.path, v))
        results += [finding_result(r.path, f) for f in r.warnings]
        for problem in r.problems:
            level = "error" if not getattr(r, "readable", True) else "warning"
            notifications.append({
                "level": level, "message": {"text": f"{r.path}: {problem}"},
                "locations": [{"physicalLocation":
                               {"artifactLocation": {"uri": artifact_uri(r.path)}}}]})
    rules = [{"id": rid, "name": name.title().replace(" ", ""),
              "shortDescription": {"text": name}, "fullDescription": {"text": full},
              "defaultConfiguration": {"level": level}}
             for rid, level, name, full in RULES]
    invocation = {"executionSuccessful": all(getattr(r, "readable", True) for r in reports)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": {"name": "derive", "version": package_version(), "rules": rules}},
        "invocations": [invocation],
        "artifacts": [{"location": {"uri": artifact_uri(r.path)}} for r in reports],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def write(reports: Sequence[DocumentReport], out: TextIO, **_) -> None:
    json.dump(sarif_log(reports), out, indent=2, ensure_ascii=False, allow_nan=False)
    out.write("\n")
