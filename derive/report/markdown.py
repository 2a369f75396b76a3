"""Markdown report: the content of the HTML page, for a repository or a wiki.

Formulas stay LaTeX in ``$$ … $$`` blocks (GitHub and most notebook viewers
render them); each equation has an ``<a id="L53">`` anchor like the HTML page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..verdict import DocumentReport, Verdict
from .common import (
    SUMMARY_ORDER,
    anchors,
    counterexample_fields,
    counterexample_values,
    display_latex,
    format_value,
    totals,
    unreadable_document,
    where,
)

ATTENTION = ("refuted", "unreadable", "unverified")
ICONS = {"refuted": "❌", "unreadable": "⚠️", "unverified": "❔", "verified": "✅",
         "definition": "📘"}


def counts_line(counts: dict[str, int]) -> str:
    return " · ".join(f"**{counts.get(s, 0)} {s}**" if counts.get(s) and s == "refuted"
                      else f"{counts.get(s, 0)} {s}" for s in SUMMARY_ORDER)


def _inline(text: str) -> str:
    """Text inside a Markdown line: no line breaks, and characters that would start
    markup (``*``, ``_``, backquotes, ``<``, ``|``) escaped."""
    flat = " ".join(str(text).split())
    for ch in "\\`*_<>|[]":
        flat = flat.replace(ch, "\\" + ch)
    return flat


def _code(text: str) -> str:
    flat = " ".join(str(text).split())
    fence = "``" if "`" in flat else "`"
    return f"{fence} {flat} {fence}" if fence == "``" else f"`{flat}`"


def _math_block(latex: str) -> str:
    """A ``$$`` block; ``<`` and ``>`` become ``\\lt``/``\\gt`` so that no Markdown
    renderer can take them for HTML (MathJax and KaTeX read both)."""
    text = display_latex(latex) or latex
    text = text.replace("<", "\\lt ").replace(">", "\\gt ")
    return "$$\n" + text + "\n$$\n"


def equation_md(v: Verdict, ident: str) -> str:
    out = [f'<a id="{ident}"></a>\n\n### {ICONS.get(v.status, "")} {where(v).capitalize()}: '
           f"{v.status}\n"]
    out.append("As written:\n\n" + _math_block(v.latex))
    if v.suggestion:
        out.append("Suggested:\n\n" + _math_block(v.suggestion))
    items = []
    if v.kind != v.status or v.method:
        items.append(", ".join(part for part in (
            f"**kind:** {v.kind}" if v.kind != v.status else "",
            f"**method:** {_inline(v.method)}" if v.method else "") if part))
        items[0] = "- " + items[0]
    if v.reason:
        column = f" (column {v.column})" if v.column else ""
        items.append(f"- **reason:** {_inline(v.reason)}{column}")
    if v.assumptions:
        items.append("- **assumptions:** " + "; ".join(_inline(a) for a in v.assumptions))
    fields = counterexample_fields(v.counterexample)
    if fields:
        items.append("- **counterexample:**")
        items += [f"  - {k}: {_inline(val)}" for k, val in fields]
        for name, rows in counterexample_values(v.counterexample):
            items.append(f"  - {_inline(name)} = {_code(format_value(rows))}")
    if len(v.links) > 1:
        items.append("- **links:** " + "; ".join(
            f"{link.index} {link.status}" + (f" ({_inline(link.reason)})" if link.reason else "")
            for link in v.links))
    if v.status in ATTENTION or v.suggestion:
        items.append(f"- **LaTeX:** {_code(v.latex)}")
    if items:
        out.append("\n".join(items) + "\n")
    return "\n".join(out)


def findings_md(equations, idents) -> str:
    """The equations that need attention, each linking to its anchor."""
    items = [f"{n}. [{where(v)}](#{i}) **{v.status}** {_inline(v.reason or '')}".rstrip()
             for n, (v, i) in enumerate(
                 ((v, i) for v, i in zip(equations, idents, strict=True)
                  if v.status in ATTENTION), 1)]
    if not items:
        return ""
    return f"**Needs attention ({len(items)}):**\n\n" + "\n".join(items) + "\n"


def document_md(report: DocumentReport, level: int = 1) -> str:
    """One document's section; ``level`` is its heading level."""
    out = [f"{'#' * level} {_inline(report.path)}\n", counts_line(report.summary()) + "\n"]
    if report.problems:
        label = "Not read" if unreadable_document(report) else "Problems"
        out.append(f"**{label}:**\n\n" + "\n".join(f"- {_inline(p)}" for p in report.problems)
                   + "\n")
    if report.warnings:
        out.append("**Warnings:**\n\n" + "\n".join(
            f"- {where(w)}: {_inline(w.message)}" for w in report.warnings) + "\n")
    if not report.equations and not report.problems:
        out.append("No equations found in this document.\n")
    idents = anchors(report.equations)
    attention = findings_md(report.equations, idents)
    if attention:
        out.append(attention)
    out += [equation_md(v, i) for v, i in zip(report.equations, idents, strict=True)]
    return "\n".join(out)


def index_md(reports: Sequence[DocumentReport], hrefs: Sequence[str]) -> str:
    head = "| document | " + " | ".join(SUMMARY_ORDER) + " |\n"
    head += "|---|" + "---:|" * len(SUMMARY_ORDER) + "\n"
    rows = []
    for r, href in zip(reports, hrefs, strict=True):
        counts = r.summary()
        note = " (not read)" if unreadable_document(r) else ""
        rows.append(f"| [{_inline(r.path)}]({href}){note} | "
                    + " | ".join(str(counts[s]) for s in SUMMARY_ORDER) + " |")
    return ("# derive report\n\n" + counts_line(totals(reports)) + "\n\n" + head
            + "\n".join(rows) + "\n")


def write(reports: Sequence[DocumentReport], out: TextIO, **_) -> None:
    """All documents in one Markdown stream (``derive check --format markdown``)."""
    out.write("# derive report\n\n" + counts_line(totals(reports)) + "\n\n")
    for r in reports:
        out.write(document_md(r, level=2) + "\n")
