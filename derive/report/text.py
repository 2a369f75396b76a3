"""Terminal report, linter style: ``path:line: status: message``, then a summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..verdict import DocumentReport, Verdict
from .common import (
    QUIET,
    counterexample_summary,
    counts_phrase,
    display_latex,
    plural,
    position,
    short,
    totals,
    unreadable_document,
)

# ANSI SGR codes per status; only used when the caller asks for colour.
COLOURS = {"refuted": "1;31", "unreadable": "35", "unverified": "33", "verified": "32",
           "definition": "34", "warning": "33", "error": "1;31", "path": "1"}


class Painter:
    """Wraps words in ANSI colour codes, or leaves them alone."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, what: str) -> str:
        code = COLOURS.get(what)
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and code else text


def message(v: Verdict) -> str:
    """What a linter line says about one equation, after ``status:``."""
    text = short(display_latex(v.latex), 60)
    reason = v.reason or {"refuted": "the two sides differ", "verified": "holds",
                          "definition": "defines a name"}.get(v.status)
    out = f"{text} — {reason}" if reason else text
    if v.suggestion:
        out += f"; suggestion: {v.suggestion}"
    return out


def details(v: Verdict) -> list[str]:
    """Indented lines under a verdict in verbose mode."""
    out = []
    if v.method:
        out.append(f"method: {v.method}")
    if v.assumptions:
        out.append("assuming: " + "; ".join(v.assumptions))
    cx = counterexample_summary(v.counterexample)
    if cx:
        out.append(f"counterexample: {cx}")
    if len(v.links) > 1:
        out.append("links: " + ", ".join(
            f"{link.index} {link.status}" + (f" ({link.reason})" if link.reason else "")
            for link in v.links))
    return out


def write_document(report: DocumentReport, out: TextIO, paint: Painter,
                   verbose: bool = False) -> None:
    """Every line about one document: file problems, equations, warnings."""
    path = paint(report.path, "path")
    level = "error" if unreadable_document(report) else "warning"
    for problem in report.problems:
        out.write(f"{path}: {paint(level, level)}: {problem}\n")
    if verbose and not report.equations and not report.problems:
        out.write(f"{path}: note: no equations found\n")
    for v in report.equations:
        if v.status in QUIET and not verbose:
            continue
        out.write(f"{path}:{position(v)}: {paint(v.status, v.status)}: {message(v)}\n")
        if verbose:
            for line in details(v):
                out.write(f"    {line}\n")
    for w in report.warnings:
        out.write(f"{path}:{position(w)}: {paint('warning', 'warning')}: {w.message}\n")


def summary_line(reports: Sequence[DocumentReport], seconds: float | None = None,
                 cached: int = 0) -> str:
    """``3 refuted, 0 unreadable, ... in 2 documents (1 cached), 0.41 s``."""
    n_warn = sum(len(r.warnings) for r in reports)
    line = counts_phrase(totals(reports))
    if n_warn:
        line += ", " + plural(n_warn, "warning")
    line += " in " + plural(len(reports), "document")
    unreadable = sum(unreadable_document(r) for r in reports)
    extras = []
    if unreadable:
        extras.append(f"{unreadable} not readable")
    if cached:
        extras.append(f"{cached} cached")
    if extras:
        line += " (" + ", ".join(extras) + ")"
    if seconds is not None:
        line += f", {seconds:.2f} s"
    return line


def write(reports: Sequence[DocumentReport], out: TextIO, *, colour: bool = False,
          verbose: bool = False, quiet: int = 0, seconds: float | None = None,
          cached: int = 0) -> None:
    """The whole terminal report; ``quiet`` 1 keeps only the summary, 2 prints nothing."""
    if quiet >= 2:
        return
    paint = Painter(colour)
    if not quiet:
        for r in reports:
            write_document(r, out, paint, verbose)
    out.write(summary_line(reports, seconds, cached) + "\n")
