r"""A note's own macros: ``\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}``.

Collected from the whole text (a LaTeX preamble, or ``$\newcommand…$`` in markdown) and
expanded in every formula before it is read: text substitution of the arguments, never
evaluation. Forms: ``\newcommand``, ``\renewcommand``, ``\providecommand`` (with or
without braces around the name, ``[n]`` arguments, no optional default), ``\def\name``
with ``#1…`` parameters, and ``\DeclareMathOperator{\name}{text}``. Expansion stops
after a few rounds or when a formula grows past a bound (a macro that calls itself stays
unexpanded, and is then reported as an unknown macro).
"""

from __future__ import annotations

import re

_DEFINE = re.compile(r"\\(?:re)?(?:newcommand|providecommand)\*?\s*\{?\s*(\\[A-Za-z]+)\s*\}?"
                     r"\s*(?:\[(\d)\])?\s*(?=\{)")
_DEF = re.compile(r"\\def\s*(\\[A-Za-z]+)((?:#\d)*)\s*(?=\{)")
_OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*(\\[A-Za-z]+)\s*\}\s*(?=\{)")
ROUNDS = 8
GROWTH = 20  # a formula may grow to this many times its length (plus 2000 characters)


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The balanced ``{…}`` group at ``start`` (its inside, the index after it)."""
    if start >= len(text) or text[start] != "{":
        return None
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2  # \{ and \} are characters, not braces
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
        i += 1
    return None


def collect(text: str) -> dict[str, tuple[int, str]]:
    """``{"\\pd": (2, "\\frac{\\partial #1}{\\partial #2}")}`` for the text's macros."""
    found: dict[str, tuple[int, str]] = {}
    for pattern, kind in ((_DEFINE, "new"), (_DEF, "def"), (_OPERATOR, "op")):
        for m in pattern.finditer(text):
            body = _group(text, m.end())
            if body is None:
                continue
            if kind == "new":
                nargs = int(m.group(2) or 0)
            elif kind == "def":
                nargs = len(m.group(2)) // 2
            else:
                nargs, body = 0, (f"\\operatorname{{{body[0]}}}", body[1])
            found[m.group(1)] = (nargs, body[0])
    return found


def expand(latex: str, macros: dict[str, tuple[int, str]]) -> str:
    """``latex`` with the note's macros replaced by their bodies."""
    if not macros or "\\" not in latex:
        return latex
    limit = GROWTH * len(latex) + 2000
    name = re.compile("(" + "|".join(re.escape(k) for k in sorted(macros, key=len,
                                                                   reverse=True))
                      + r")(?![A-Za-z])")
    for _ in range(ROUNDS):
        out, pos, changed = [], 0, False
        for m in name.finditer(latex):
            if m.start() < pos:
                continue
            nargs, body = macros[m.group(1)]
            args, end = [], m.end()
            for _k in range(nargs):
                while end < len(latex) and latex[end] == " ":
                    end += 1
                group = _group(latex, end)
                if group is not None:
                    args.append(group[0])
                    end = group[1]
                elif end < len(latex):
                    args.append(latex[end])
                    end += 1
            if len(args) < nargs:
                continue
            for k, arg in enumerate(args, 1):
                body = body.replace(f"#{k}", arg)
            out.append(latex[pos:m.start()] + body)
            pos, changed = end, True
        if not changed:
            return latex
        latex = "".join(out) + latex[pos:]
        if len(latex) > limit:
            break
    return latex
