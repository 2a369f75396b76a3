"""A self-contained HTML page per document, and the index page of a report folder.

No JavaScript and nothing fetched: styles are inline, formulas are MathML made in
Python (:mod:`derive.report.mathml`), and a Content-Security-Policy forbids every
request.  Each equation is an ``<article>`` whose id names its line (``#L53``,
``#L53-r2`` for a row, ``#C4-L16`` for a notebook cell) and is coloured by status.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..verdict import DocumentReport, Verdict
from .common import (
    SUMMARY_ORDER,
    anchors,
    counterexample_fields,
    counterexample_values,
    format_number,
    package_version,
    totals,
    unreadable_document,
    where,
)
from .mathml import render

ATTENTION = ("refuted", "unreadable", "unverified")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
COLOURS = {  # status: (ink, wash)
    "refuted": ("#b3261e", "#fdecea"), "unreadable": ("#7b1fa2", "#f6eafa"),
    "unverified": ("#8a5a00", "#fff6dc"), "verified": ("#1b7f3b", "#e9f6ec"),
    "definition": ("#1f5fa8", "#eaf1fb"),
}
STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
  max-width: 68rem; margin: 0 auto; padding: 1.5rem; background: #fafafa; }
h1 { font-size: 1.5rem; margin: 0 0 .4rem; word-break: break-all; }
a { color: #1f5fa8; }
math { font-family: "STIX Two Math", "Latin Modern Math", "DejaVu Math TeX Gyre", "Cambria Math",
  math; font-size: 1.15em; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
code.tex { white-space: pre-wrap; word-break: break-word; }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; margin: .6rem 0 1rem; padding: 0; }
.chip { list-style: none; border-radius: 1rem; padding: .1rem .7rem; font-size: .9rem;
  border: 1px solid currentColor; }
.chip.zero { opacity: .45; }
.box { border: 1px solid #ddd; border-radius: .5rem; background: #fff; padding: .6rem 1rem;
  margin: 0 0 1rem; }
.problems { border-color: #b3261e; background: #fdecea; }
.eq { border: 1px solid #ddd; border-left: .4rem solid #999; border-radius: .4rem;
  background: #fff; margin: 0 0 .9rem; padding: .5rem 1rem .7rem; }
.eq:target { box-shadow: 0 0 0 3px #1f5fa8; }
.eq > header { display: flex; flex-wrap: wrap; gap: .3rem .8rem; align-items: baseline;
  font-size: .9rem; color: #555; }
.where { font-weight: 600; text-decoration: none; }
.status { font-weight: 700; text-transform: uppercase; letter-spacing: .04em; font-size: .8rem;
  border-radius: .3rem; padding: 0 .4rem; }
.formulas { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
  gap: .8rem; margin: .5rem 0; }
figure { margin: 0; padding: .3rem .6rem; border-radius: .3rem; background: #f6f6f6;
  overflow-x: auto; }
figure.suggested { background: #e9f6ec; }
figcaption { font-size: .75rem; color: #666; text-transform: uppercase; letter-spacing: .05em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .4rem 0 0;
  font-size: .92rem; }
dt { color: #555; font-weight: 600; }
dd { margin: 0; }
dd ul { margin: 0; padding-left: 1.1rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .15rem .5rem; text-align: right; }
th { background: #f2f2f2; }
td.name, th.name { text-align: left; }
.matrix { display: inline-table; margin: .2rem .8rem .2rem 0; vertical-align: top; }
.matrix caption { font-size: .8rem; color: #555; text-align: left; }
details summary { cursor: pointer; color: #1f5fa8; }
.eq.definition { padding-bottom: .3rem; }
.eq.definition figure { background: none; padding: 0 .6rem; }
.eq.definition figcaption { display: none; }
nav.findings ol { margin: .3rem 0 0; padding-left: 1.4rem; }
nav.findings li { margin: .1rem 0; }
nav.findings .reason { color: #555; }
footer { color: #777; font-size: .8rem; margin-top: 2rem; }
""" + "".join(
    f".eq.{s} {{ border-left-color: {ink}; }}\n"
    f".{s} .status {{ color: {ink}; background: {wash}; }}\n"
    f".chip.{s} {{ color: {ink}; background: {wash}; }}\n.count.{s} {{ color: {ink}; }}\n"
    for s, (ink, wash) in COLOURS.items())


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}"
        f"<footer>Made by derive {escape(package_version())}. Formulas are MathML; "
        "this page loads nothing and runs no scripts.</footer>\n</body>\n</html>\n")


def chips(counts: dict[str, int]) -> str:
    items = "".join(
        f'<li class="chip {s}{" zero" if not counts.get(s) else ""}">{counts.get(s, 0)} {s}</li>'
        for s in SUMMARY_ORDER)
    return f'<ul class="chips">{items}</ul>\n'


def _matrix(name: str, rows: list) -> str:
    body = "".join("<tr>" + "".join(f"<td>{escape(format_number(x))}</td>" for x in row)
                   + "</tr>" for row in rows)
    return f'<table class="matrix"><caption>{escape(name)}</caption>{body}</table>'


def counterexample_html(cx: dict | None) -> str:
    fields = counterexample_fields(cx)
    if not fields:
        return ""
    items = "".join(f"<li><b>{escape(k)}:</b> {escape(v)}</li>" for k, v in fields)
    out = f"<ul>{items}</ul>"
    values = counterexample_values(cx)
    if values:
        tables = "".join(_matrix(name, rows) for name, rows in values)
        out += f"<details><summary>values used ({len(values)})</summary>{tables}</details>"
    return out


def equation_html(v: Verdict, ident: str) -> str:
    head = (f'<a class="where" href="#{ident}">{escape(where(v))}</a>'
            f'<span class="status">{escape(v.status)}</span>')
    if v.kind != v.status:
        head += f"<span>{escape(v.kind)}</span>"
    if v.method:
        head += f"<span>method: {escape(v.method)}</span>"
    written = (f'<figure class="written"><figcaption>As written</figcaption>'
               f"{render(v.latex)}</figure>")
    suggested = ""
    if v.suggestion:
        suggested = (f'<figure class="suggested"><figcaption>Suggested</figcaption>'
                     f"{render(v.suggestion)}</figure>")
    rows = []
    if v.reason:
        column = f" (column {v.column})" if v.column else ""
        rows.append(("Reason", escape(v.reason) + escape(column)))
    if v.assumptions:
        rows.append(("Assumptions", "<ul>" + "".join(f"<li>{escape(a)}</li>"
                                                     for a in v.assumptions) + "</ul>"))
    cx = counterexample_html(v.counterexample)
    if cx:
        rows.append(("Counterexample", cx))
    if len(v.links) > 1:
        rows.append(("Links", "<ul>" + "".join(
            f'<li><span class="count {escape(link.status)}">{link.index}: {escape(link.status)}'
            f"</span>{': ' + escape(link.reason) if link.reason else ''}</li>"
            for link in v.links) + "</ul>"))
    if v.status in ATTENTION or v.suggestion:
        rows.append(("LaTeX", f'<code class="tex">{escape(v.latex)}</code>'))
    dl = "<dl>" + "".join(f"<dt>{k}</dt><dd>{val}</dd>" for k, val in rows) + "</dl>" \
        if rows else ""
    return (f'<article class="eq {escape(v.status)}" id="{ident}">\n<header>{head}</header>\n'
            f'<div class="formulas">{written}{suggested}</div>\n{dl}\n</article>\n')


def findings_html(equations: Sequence[Verdict], idents: Sequence[str]) -> str:
    """A list of the equations that need attention, linking to each."""
    items = [
        f'<li class="{escape(v.status)}"><a href="#{i}">{escape(where(v))}</a> '
        f'<span class="status">{escape(v.status)}</span> '
        f'<span class="reason">{escape(v.reason or "")}</span></li>'
        for v, i in zip(equations, idents, strict=True) if v.status in ATTENTION]
    if not items:
        return ""
    return (f'<nav class="box findings"><b>Needs attention ({len(items)})</b><ol>'
            + "".join(items) + "</ol></nav>\n")


def document_page(report: DocumentReport, index_href: str | None = "index.html") -> str:
    """The whole page of one document."""
    nav = f'<p><a href="{escape(index_href)}">← all documents</a></p>\n' if index_href else ""
    body = f"<header>\n{nav}<h1>{escape(report.path)}</h1>\n{chips(report.summary())}</header>\n"
    if report.problems:
        label = "Not read" if unreadable_document(report) else "Problems"
        body += (f'<section class="box problems"><b>{label}:</b><ul>'
                 + "".join(f"<li>{escape(p)}</li>" for p in report.problems) + "</ul></section>\n")
    if report.warnings:
        body += ('<section class="box"><b>Warnings</b><ul>' + "".join(
            f"<li>{escape(where(w))}: {escape(w.message)}</li>" for w in report.warnings)
            + "</ul></section>\n")
    if not report.equations and not report.problems:
        body += '<p class="box">No equations found in this document.</p>\n'
    idents = anchors(report.equations)
    body += findings_html(report.equations, idents)
    articles = (equation_html(v, i) for v, i in zip(report.equations, idents, strict=True))
    body += "<main>\n" + "".join(articles) + "</main>\n"
    return page(f"derive: {report.path}", body)


def index_page(reports: Sequence[DocumentReport], hrefs: Sequence[str]) -> str:
    """Every document with its counts, linking to its page."""
    head = "".join(f'<th class="count {s}">{s}</th>' for s in SUMMARY_ORDER)
    rows = []
    for r, href in zip(reports, hrefs, strict=True):
        counts = r.summary()
        cells = "".join(f'<td class="count {s}">{counts[s] or ""}</td>' for s in SUMMARY_ORDER)
        note = " (not read: " + escape("; ".join(r.problems)) + ")" \
            if unreadable_document(r) else ""
        rows.append(f'<tr><td class="name"><a href="{escape(href)}">{escape(r.path)}</a>{note}'
                    f"</td>{cells}</tr>")
    body = (f"<header><h1>derive report</h1>\n{chips(totals(reports))}</header>\n"
            f'<table><thead><tr><th class="name">document</th>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody></table>\n")
    return page("derive report", body)
