"""Find the display units of an example note, independently of the `derive` package.

A unit is one display equation, or one row of an aligned block. Markdown: the text
between a pair of ``$$`` outside fenced code. LaTeX: ``equation``/``align`` (starred or
not) and ``$$``, with ``%`` comments ignored. Notebooks: each markdown cell read as
markdown, lines counted inside the cell. Rows of ``aligned``/``align`` are split at
top-level ``\\\\``; a unit's line is that of its first non-blank character.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_SPLIT_ENVS = ("aligned", "align*", "align")


@dataclass(frozen=True)
class Unit:
    line: int
    row: int | None
    latex: str
    cell: int | None = None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _fenced(text: str) -> list[tuple[int, int]]:
    spans, pos, start = [], 0, None
    for ln in text.splitlines(keepends=True):
        if ln.lstrip().startswith("```"):
            if start is None:
                start = pos
            else:
                spans.append((start, pos + len(ln)))
                start = None
        pos += len(ln)
    return spans


def _top_level_rows(body: str) -> list[tuple[int, int]]:
    """Offsets of the pieces of `body` between `\\\\` at brace depth zero."""
    out, depth, i, seg = [], 0, 0, 0
    while i < len(body):
        if body.startswith("\\\\", i) and depth == 0:
            out.append((seg, i))
            i += 2
            seg = i
            continue
        if body[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(body[i], 0)
        i += 1
    out.append((seg, len(body)))
    return out


def _units_of_body(text: str, start: int, end: int, split: bool = False) -> list[Unit]:
    body = text[start:end]
    inner_start, inner_end = 0, len(body)
    if not split:
        m = re.search(r"\\begin\{(aligned)\}", body)
        if m:
            split = True
            inner_start = m.end()
            inner_end = body.index("\\end{aligned}", inner_start)
    if not split:
        stripped = body.strip()
        off = start + body.index(stripped)
        return [Unit(_line(text, off), None, stripped)]
    units = []
    for a, b in _top_level_rows(body[inner_start:inner_end]):
        seg = body[inner_start + a : inner_start + b]
        stripped = seg.strip()
        if stripped:
            off = start + inner_start + a + seg.index(stripped)
            units.append(Unit(_line(text, off), len(units) + 1, stripped))
    return units


def markdown_units(text: str) -> list[Unit]:
    fences = _fenced(text)
    units, i = [], 0
    while (a := text.find("$$", i)) >= 0:
        if any(s <= a < e for s, e in fences):
            i = a + 2
            continue
        b = text.find("$$", a + 2)
        if b < 0:
            break
        units += _units_of_body(text, a + 2, b)
        i = b + 2
    return units


def _blank_comments(text: str) -> str:
    return "".join(
        re.sub(r"(?<!\\)%.*", lambda m: " " * len(m.group()), ln)
        for ln in text.splitlines(keepends=True)
    )


def tex_units(raw: str) -> list[Unit]:
    text = _blank_comments(raw)
    opener = re.compile(r"\\begin\{(equation\*?|align\*?)\}|\$\$")
    units, i = [], 0
    while m := opener.search(text, i):
        env = m.group(1)
        closer = "$$" if env is None else "\\end{" + env + "}"
        stop = text.index(closer, m.end())
        units += _units_of_body(text, m.end(), stop, split=env in _SPLIT_ENVS)
        i = stop + len(closer)
    return units


def notebook_units(raw: str) -> list[Unit]:
    units = []
    for index, cell in enumerate(json.loads(raw)["cells"]):
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            units += [Unit(u.line, u.row, u.latex, index) for u in markdown_units(source)]
    return units


def units_of(path: Path) -> list[Unit]:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".tex":
        return tex_units(raw)
    if path.suffix == ".ipynb":
        return notebook_units(raw)
    return markdown_units(raw)
