"""From the text of one piece of math to math units: aligned blocks become one unit per row.

Every format ends here: markdown and notebooks hand over the text between ``$$``, ``\\[``
or a bare ``\\begin{align}``, LaTeX files the body of an environment.  The text comes as
a :class:`Span`, which remembers where each of its characters sits in the file, so that
every row is reported at the line and column where its own text starts.

Rows are split at top-level ``\\\\`` only: a ``\\\\`` inside braces or inside a nested
environment (``pmatrix``, ``cases``, ...) belongs to that construct.  Every scan here is
one left-to-right pass, so deep nesting or a missing ``\\end`` costs linear time.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from ..units import MathUnit

# Environments whose rows are separate equations (amsmath's alignment environments).
SPLIT_ENVS = frozenset({
    "aligned", "align", "align*", "split", "gathered", "gather", "gather*", "eqnarray",
    "eqnarray*", "alignat", "alignat*", "alignedat", "flalign", "flalign*"})
# Environments that hold one equation; their body is the unit (a ``\\\\`` in ``multline``
# breaks one long equation, it does not start another).
WRAP_ENVS = frozenset({"equation", "equation*", "displaymath", "multline", "multline*", "math"})
# Environments with a mandatory column-count argument: ``\begin{alignat}{2}``.
_COUNTED = frozenset({"alignat", "alignat*", "alignedat"})

# One token of a left-to-right scan; an escaped character (``\{``, ``\$``) is consumed
# whole so that it never counts as a brace or a row break.
_TOKEN = re.compile(r"\\begin\s*\{([^{}\n]*)\}|\\end\s*\{([^{}\n]*)\}|(\\\\)|\\.|([{}])", re.S)
# What may follow a row break: ``\\*`` and a vertical space such as ``\\[2pt]``.
_BREAK_TAIL = re.compile(r"\*?(?:\[\s*-?[\d.]+\s*(?:pt|em|ex|mm|cm|in|mu|bp|pc|dd|sp)\s*\])?")
# Not mathematics: cross-reference anchors and numbering switches.
_NOT_MATH = re.compile(r"\\label\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])")
# Text around an aligned environment that carries no mathematics of its own.
_FILLER = re.compile(r"(?:\s|[.,;:]|\\[,;:! ]|\\q?quad(?![A-Za-z]))*")
_LEFT = re.compile(r"\\left\s*(?:\\\{|\\lbrace|\\langle|[(\[|.])$")
_RIGHT = re.compile(r"^\\right\s*(?:\\\}|\\rbrace|\\rangle|[)\]|.])")
_POSITION_ARG = re.compile(r"\s*\[[a-z]\]")  # \begin{aligned}[t]
_COUNT_ARG = re.compile(r"\s*\{\s*\d+\s*\}")  # \begin{alignat}{2}
# Named and numeric character references; only the ones closed by ``;`` are decoded,
# so that an alignment marker such as ``&lt`` inside a sum is never mistaken for one.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class Span:
    """Text of math together with the file offset of each of its segments.

    ``starts`` holds ``(offset in text, offset in file)`` pairs in increasing order; a
    character belongs to the last segment starting at or before it.  Markdown inside a
    blockquote gives one segment per line, since the ``>`` markers are not in the text.
    """

    text: str
    starts: tuple[tuple[int, int], ...]

    @classmethod
    def at(cls, text: str, offset: int) -> Span:
        return cls(text, ((0, offset),))

    def absolute(self, i: int) -> int:
        k = bisect_right(self.starts, (i, float("inf"))) - 1
        local, file_offset = self.starts[max(k, 0)]
        return file_offset + i - local


class Lines:
    """Line and column of an offset in a text (both 1-based)."""

    def __init__(self, text: str):
        self.text = text
        self.begins = [0] + [m.end() for m in re.finditer("\n", text)]

    def __len__(self) -> int:
        return len(self.begins)

    def locate(self, offset: int) -> tuple[int, int]:
        k = bisect_right(self.begins, offset) - 1
        return k + 1, offset - self.begins[k] + 1

    def bounds(self, line: int) -> tuple[int, int]:
        """Start and end offsets (newline excluded) of a 1-based line."""
        start = self.begins[line - 1]
        end = self.begins[line] - 1 if line < len(self.begins) else len(self.text)
        return start, end


def decode_entities(latex: str) -> str:
    """``&lt;`` → ``<``, ``&amp;`` → ``&``; a no-break space becomes a plain space."""
    if "&" in latex:
        latex = _ENTITY.sub(lambda m: html.unescape(m.group()), latex)
    return latex.replace("\u00a0", " ").replace("\u2028", " ")


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def _environment(text: str, start: int, end: int, top: Callable[[str], bool]):
    """The first environment named by ``top`` at brace and environment depth 0 in
    ``text[start:end]``: (name, begin offset, body start, body end, end offset), where
    the body runs to ``end`` when the environment is never closed; or None."""
    depth = envs = 0
    found = None
    for m in _TOKEN.finditer(text, start, end):
        name, close, brace = m.group(1), m.group(2), m.group(4)
        if found is None:
            if name is not None:
                if depth == 0 and envs == 0 and top(name.strip()):
                    found = (name.strip(), m.start(), m.end())
                envs += 1
            elif close is not None:
                envs = max(envs - 1, 0)
            elif brace == "{":
                depth += 1
            elif brace == "}":
                depth = max(depth - 1, 0)
        elif name is not None:
            envs += 1
        elif close is not None:
            envs -= 1
            if envs == 0:
                return (*found, m.start(), m.end())
    if found is None:
        return None
    return (*found, end, end)


def _skip_arguments(text: str, env: str, pos: int, end: int) -> int:
    """Past ``[t]`` after ``\\begin{aligned}`` and ``{2}`` after ``\\begin{alignat}``."""
    m = _POSITION_ARG.match(text, pos, end)
    if m:
        pos = m.end()
    if env in _COUNTED:
        m = _COUNT_ARG.match(text, pos, end)
        if m:
            pos = m.end()
    return pos


def _row_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``text[start:end]`` between top-level ``\\\\``."""
    pieces, depth, envs, seg = [], 0, 0, start
    for m in _TOKEN.finditer(text, start, end):
        if m.group(1) is not None:
            envs += 1
        elif m.group(2) is not None:
            envs = max(envs - 1, 0)
        elif m.group(4) == "{":
            depth += 1
        elif m.group(4) == "}":
            depth = max(depth - 1, 0)
        elif m.group(3) is not None and depth == 0 and envs == 0 and m.start() >= seg:
            pieces.append((seg, m.start()))
            seg = _BREAK_TAIL.match(text, m.end(), end).end()
    pieces.append((seg, end))
    return pieces


def _filler(piece: str) -> bool:
    return _FILLER.fullmatch(piece) is not None


def _clean(text: str, start: int, end: int) -> tuple[int, str]:
    """Offset of the first character of real text in ``text[start:end]``, and that text
    without ``\\label``, ``\\nonumber``, ``\\notag``; the offset is -1 when nothing is left."""
    piece = _NOT_MATH.sub(_blank, text[start:end])
    stripped = piece.strip()
    if not stripped:
        return -1, ""
    return start + len(piece) - len(piece.lstrip()), stripped


class UnitMaker:
    """Builds :class:`MathUnit` objects from spans of one document."""

    def __init__(self, lines: Lines, cell: int | None = None, entities: bool = False):
        self.lines = lines
        self.cell = cell
        self.entities = entities

    def _unit(self, span: Span, at: int, latex: str, block_line: int, **kw) -> MathUnit:
        line, column = self.lines.locate(span.absolute(at))
        if self.entities:
            latex = decode_entities(latex)
        return MathUnit(latex, line, cell=self.cell, block_line=block_line, column=column, **kw)

    def units(self, span: Span, block_line: int, start: int = 0, end: int | None = None,
              display: bool = True, env: str | None = None) -> list[MathUnit]:
        """The units of ``span.text[start:end]``: one per row of its first top-level
        aligned environment, or one for the whole text."""
        text = span.text
        end = len(text) if end is None else end
        if text.find("\\begin", start, end) < 0:  # the common case: one plain formula
            at, latex = _clean(text, start, end)
            if at < 0:
                return []
            return [self._unit(span, at, latex, block_line, display=display, env=env)]
        wrapped = _environment(text, start, end, WRAP_ENVS.__contains__)
        if wrapped is not None and _filler(text[start:wrapped[1]]) \
                and _filler(text[wrapped[4]:end]):
            env, start, end = wrapped[0], wrapped[2], wrapped[3]
        block = _environment(text, start, end, SPLIT_ENVS.__contains__)
        if block is None:
            at, latex = _clean(text, start, end)
            if at < 0:
                return []
            return [self._unit(span, at, latex, block_line, display=display, env=env)]
        name, begin, body, body_end, after = block
        body = _skip_arguments(text, name, body, body_end)
        rows = [_clean(text, a, b) for a, b in _row_pieces(text, body, body_end)]
        rows = [(at, latex) for at, latex in rows if at >= 0]
        before, after_text = text[start:begin], text[after:end]
        prefix = _NOT_MATH.sub("", before).strip()
        suffix = _NOT_MATH.sub("", after_text).strip()
        if _LEFT.search(prefix) and _RIGHT.match(suffix):  # \left\{ ... \right. groups rows
            prefix, suffix = _LEFT.sub("", prefix).strip(), _RIGHT.sub("", suffix).strip()
        if rows and not _filler(prefix):
            rows[0] = (start + len(before) - len(before.lstrip()), f"{prefix} {rows[0][1]}")
        if rows and not _filler(suffix):
            rows[-1] = (rows[-1][0], f"{rows[-1][1]} {suffix}")
        return [self._unit(span, at, latex, block_line, display=display, row=k, env=name)
                for k, (at, latex) in enumerate(rows, 1)]
