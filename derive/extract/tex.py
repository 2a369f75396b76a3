"""Math units and prose of a LaTeX document.

The body (after ``\\begin{document}`` when there is one, up to ``\\end{document}``) is
scanned once, left to right: comments are blanked first (``%`` to the end of the line,
unless escaped as ``\\%``), verbatim environments are skipped, and each math opener is
matched with its closer.  An environment that is never closed is read up to the next
blank line and reported; a ``$`` with no partner before the next blank line is reported
and is not math (TeX itself stops there).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..units import MathUnit, Prose
from .rows import WRAP_ENVS, Lines, Span, UnitMaker

# Display environments of a LaTeX file; the aligning ones are split into rows.
DISPLAY_ENVS = frozenset({
    "equation", "equation*", "align", "align*", "gather", "gather*", "multline",
    "multline*", "eqnarray", "eqnarray*", "flalign", "flalign*", "alignat", "alignat*",
    "displaymath"})
VERBATIM_ENVS = frozenset({"verbatim", "verbatim*", "lstlisting", "minted", "comment",
                           "Verbatim", "filecontents", "filecontents*"})
_OPENER = re.compile(r"\\begin\s*\{([^{}\n]*)\}|\\\[|\\\(|\\.|\$\$|\$", re.S)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PERCENT = re.compile(r"%")


def blank_comments(text: str) -> str:
    """``text`` with every comment replaced by spaces, so offsets and lines stay put."""
    if "%" not in text:
        return text
    out = []
    for line in text.split("\n"):
        for m in _PERCENT.finditer(line):
            k = m.start()
            n = 0
            while k - n - 1 >= 0 and line[k - n - 1] == "\\":
                n += 1
            if n % 2 == 0:
                line = line[:k] + " " * (len(line) - k)
                break
        out.append(line)
    return "\n".join(out)


class _Closers:
    """Finds closing delimiters, remembering the ones that do not occur again."""

    def __init__(self, text: str):
        self.text = text
        self.absent: dict[str, int] = {}

    def find(self, closer: str, start: int, end: int | None = None) -> int:
        text = self.text
        if self.absent.get(closer, len(text) + 1) <= start:
            return -1
        i = start
        while True:
            i = text.find(closer, i) if end is None else text.find(closer, i, end)
            if i < 0:
                if end is None:
                    self.absent[closer] = start
                return -1
            n = 0
            while i - n - 1 >= 0 and text[i - n - 1] == "\\":
                n += 1
            if n % 2 == 0:
                return i
            i += 1


class _Paragraphs:
    """Where the paragraph holding an offset ends (at a blank line); queries move
    forward, so the last answer is reused until it is passed."""

    def __init__(self, text: str):
        self.text = text
        self.last = (-1, -1)

    def end(self, start: int) -> int:
        asked, answer = self.last
        if asked <= start <= answer:
            return answer
        m = _BLANK_LINE.search(self.text, start)
        answer = m.start() if m else len(self.text)
        self.last = (start, answer)
        return answer


def tex_units(raw: str):
    """``(units, prose, problems)`` of a LaTeX document; ``problems`` are
    ``(line, message)`` pairs for constructs read only in part."""
    text = blank_comments(raw)
    lines = Lines(text)
    make = UnitMaker(lines)
    m = re.search(r"\\begin\s*\{document\}", text)
    start = m.end() if m else 0
    m = re.compile(r"\\end\s*\{document\}").search(text, start)
    stop = m.start() if m else len(text)
    body = text[:stop]
    closers, paragraphs = _Closers(body), _Paragraphs(body)
    units: list[MathUnit] = []
    problems: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []  # display math, left out of the prose
    pos = start
    while True:
        m = _OPENER.search(body, pos)
        if m is None:
            break
        token, at = m.group(), m.start()
        line = lines.locate(at)[0]
        if m.group(1) is not None:
            env = m.group(1).strip()
            if env in VERBATIM_ENVS:
                closer = f"\\end{{{m.group(1)}}}"
                end = closers.find(closer, m.end())
                pos = len(body) if end < 0 else end + len(closer)
                taken.append((at, pos))
                continue
            if env not in DISPLAY_ENVS:
                pos = m.end()
                continue
            closer, content, display = f"\\end{{{m.group(1)}}}", m.end(), True
        elif token in ("\\[", "\\(", "$$", "$"):
            closer = {"\\[": "\\]", "\\(": "\\)"}.get(token, token)
            content, display = m.end(), token in ("\\[", "$$")
            env = None
        else:  # an escaped character such as \$ or \\
            pos = m.end()
            continue
        limit = paragraphs.end(content) if token == "$" else None
        end = closers.find(closer, content, limit)
        if end < 0 and token == "$":
            problems.append((line, "a $ with no closing $ in its paragraph; not read as math"))
            pos = m.end()
            continue
        after = end + len(closer)
        if end < 0:
            end = after = paragraphs.end(content)
            problems.append((line, f"{token} is never closed; read as math up to line "
                             f"{lines.locate(end)[0]}"))
        if env in WRAP_ENVS:
            found = make.units(Span.at(body[content:end], content), line, env=env)
        elif env:  # an aligning environment: hand over \begin ... \end to split its rows
            found = make.units(Span.at(body[at:after], at), line)
        else:
            found = make.units(Span.at(body[content:end], content), line)
        units += [u if display else _inline(u) for u in found]
        if display:
            taken.append((at, after))
        pos = max(after, m.end())
    return units, _prose(body, start, taken, lines), problems


def _inline(unit: MathUnit) -> MathUnit:
    return replace(unit, display=False)


def _prose(body: str, start: int, taken: list[tuple[int, int]], lines: Lines) -> list[Prose]:
    """Paragraphs of the body outside display math, inline math kept as written."""
    out: list[Prose] = []
    pos = start
    for a, b in [*taken, (len(body), len(body))]:
        chunk = body[pos:a]
        offset = pos
        for k, piece in enumerate(re.split(r"(\n[ \t]*\n)", chunk)):
            words = " ".join(piece.split())
            if words and k % 2 == 0:  # odd pieces are the blank lines between paragraphs
                lead = len(piece) - len(piece.lstrip())
                out.append(Prose(words, lines.locate(offset + lead)[0]))
            offset += len(piece)
        pos = max(pos, b)
    return out
