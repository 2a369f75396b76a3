"""What every reporter shares: positions, anchors, counts, JSON-ready values.

Nothing here prints; reporters write to a stream they are given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction

from ..verdict import STATUSES, DocumentReport, Finding, Verdict

# Order in which statuses are listed in summaries: the ones that need attention first.
SUMMARY_ORDER = ("refuted", "unreadable", "unverified", "verified", "definition")
QUIET = frozenset({"verified", "definition"})  # not listed unless verbose


def package_version() -> str:
    """The installed distribution's version (``0+unknown`` in a bare source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("derive")
    except PackageNotFoundError:
        return "0+unknown"


def position(v: Verdict | Finding) -> str:
    """``line``, ``cell N:line`` for notebooks, `` (row R)`` for aligned rows."""
    out = str(v.line) if v.cell is None else f"cell {v.cell}:{v.line}"
    row = getattr(v, "row", None)
    return f"{out} (row {row})" if row is not None else out


def where(v: Verdict | Finding) -> str:
    """``line 53``, ``line 53, row 2``, ``cell 4, line 16`` for prose."""
    out = f"line {v.line}" if v.cell is None else f"cell {v.cell}, line {v.line}"
    row = getattr(v, "row", None)
    return f"{out}, row {row}" if row is not None else out


def anchor(v: Verdict) -> str:
    """The fragment that names an equation by its line: ``L53``, ``L53-r2``, ``C4-L16``."""
    out = f"L{v.line}" if v.cell is None else f"C{v.cell}-L{v.line}"
    return f"{out}-r{v.row}" if v.row is not None else out


def anchors(equations: Sequence[Verdict]) -> list[str]:
    """Unique anchors in order; a second equation on the same line gets ``-2``."""
    seen: dict[str, int] = {}
    out = []
    for v in equations:
        base = anchor(v)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def totals(reports: Iterable[DocumentReport]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for r in reports:
        for status, n in r.summary().items():
            counts[status] = counts.get(status, 0) + n
    return counts


def unreadable_document(report: DocumentReport) -> bool:
    """A document that could not be read at all (missing, binary, not a notebook)."""
    return not getattr(report, "readable", True)


def counts_phrase(counts: dict[str, int]) -> str:
    """``3 refuted, 1 unreadable, ...`` in :data:`SUMMARY_ORDER`, zero counts kept."""
    return ", ".join(f"{counts.get(s, 0)} {s}" for s in SUMMARY_ORDER)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def jsonable(value):
    """A JSON-ready copy: tuples to lists, fractions and unknown objects to strings,
    non-finite floats to the strings ``inf``, ``-inf``, ``nan`` (strict JSON has none)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Fraction):
        return str(value)
    return str(value)


_ALIGN = re.compile(r"(?<!\\)&")
_LABEL = re.compile(r"\\(?:label|nonumber|notag)(?:\{[^{}]*\})?")


def display_latex(latex: str) -> str:
    """The LaTeX of a unit as a reader wants to see it alone: an aligned row's ``&``
    markers and ``\\label{}``s dropped (they mean nothing outside the block)."""
    text = _LABEL.sub("", latex)
    if "\\begin" not in text:  # & is a column separator inside matrices and cases
        text = _ALIGN.sub("", text)
    return text.strip()


def short(text: str, limit: int = 72) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def counterexample_summary(cx: dict | None) -> str | None:
    """``left 1.5 ≠ right -1.5 with g(x) = tanh(x) + x/10 (entry [1, 1])``."""
    if not cx:
        return None
    parts = []
    if "left" in cx and "right" in cx:
        parts.append(f"left {_num(cx['left'])} ≠ right {_num(cx['right'])}")
    funcs = cx.get("functions") or []
    if funcs:
        parts.append("with " + "; ".join(str(f) for f in funcs))
    if cx.get("entry") is not None:
        parts.append(f"at entry {jsonable(cx['entry'])}")
    if cx.get("reading"):
        parts.append(f"({cx['reading']} reading)")
    return " ".join(parts) if parts else None


def _num(x) -> str:
    if isinstance(x, float):
        return f"{x:.6g}"
    return str(jsonable(x))


def format_number(x) -> str:
    """Numbers in counterexamples, shortened for reading (the JSON keeps them whole)."""
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(jsonable(x))


def format_value(value) -> str:
    """A scalar, vector or matrix (nested lists) as ``[[1, 2], [3, 4]]`` with short numbers."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(x) for x in value) + "]"
    return format_number(value)


def counterexample_fields(cx: dict | None) -> list[tuple[str, str]]:
    """A counterexample as labelled lines: sides, functions, entry, reading, shapes."""
    if not cx:
        return []
    out = []
    if "left" in cx and "right" in cx:
        out.append(("sides", f"left {format_value(cx['left'])}, right {format_value(cx['right'])}"))
    if cx.get("functions"):
        out.append(("functions", "; ".join(str(f) for f in cx["functions"])))
    if cx.get("entry") is not None:
        out.append(("entry", format_value(cx["entry"])))
    if cx.get("reading"):
        out.append(("reading", str(cx["reading"])))
    if cx.get("shapes"):
        out.append(("shapes", ", ".join(f"{k}: {v}" for k, v in cx["shapes"].items())))
    known = {"left", "right", "functions", "entry", "reading", "shapes", "values"}
    out += [(str(k), format_value(v)) for k, v in cx.items() if k not in known]
    return out


def counterexample_values(cx: dict | None) -> list[tuple[str, list]]:
    """The values the counterexample used, each as a matrix (list of rows)."""
    if not cx or not isinstance(cx.get("values"), dict):
        return []
    out = []
    for name, value in cx["values"].items():
        if not isinstance(value, list | tuple):
            value = [[value]]
        elif value and not isinstance(value[0], list | tuple):
            value = [[x] for x in value]
        out.append((str(name), [list(row) for row in value]))
    return out
