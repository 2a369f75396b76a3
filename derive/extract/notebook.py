"""Math units of a Jupyter notebook (nbformat 4): each markdown cell read as markdown.

A person editing a notebook sees cells, so a unit's ``cell`` is the 0-based index of
its cell among all cells (code cells count) and ``line``/``block_line`` are 1-based
lines of the cell's joined source.  ``file_line`` is the line of the ``.ipynb`` file
holding that source line, found by looking for the cell's source strings, in order, in
the raw JSON; where a string cannot be found (an unusual writer), it is left ``None``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from .markdown import markdown_units

_SOURCE_KEY = re.compile(r'"source"\s*:')


def _pieces(source) -> list[str]:
    if isinstance(source, str):
        return [source]
    if isinstance(source, list):
        return [s for s in source if isinstance(s, str)]
    return []


class _FileLines:
    """Finds the file line of each source string, moving forward through the raw text."""

    def __init__(self, raw: str):
        self.raw = raw
        self.pos = 0
        self.line = 1
        self.counted = 0  # offset up to which newlines are counted into self.line

    def _line_at(self, offset: int) -> int:
        self.line += self.raw.count("\n", self.counted, offset)
        self.counted = offset
        return self.line

    def of_cell(self, pieces: list[str]) -> list[int | None]:
        """File line of each piece of one cell's source (None where not found)."""
        m = _SOURCE_KEY.search(self.raw, self.pos)
        if m is None:
            return [None] * len(pieces)
        following = _SOURCE_KEY.search(self.raw, m.end())
        limit = following.start() if following else len(self.raw)
        pos, out = m.end(), []
        for piece in pieces:
            found, encoded = -1, ""
            for ascii_only in (False, True):
                if piece:
                    encoded = json.dumps(piece, ensure_ascii=ascii_only)
                    found = self.raw.find(encoded, pos, limit)
                if found >= 0:
                    break
            if found < 0:
                out.append(None)
                continue
            out.append(self._line_at(found))
            pos = found + len(encoded)
        self.pos = pos
        return out


def _line_map(pieces: list[str], file_lines: list[int | None]) -> list[int | None]:
    """For each line of the joined source (index 0 = line 1), the file line of the
    source string in which that line starts."""
    out: list[int | None] = []
    at_line_start, last = True, None
    for piece, file_line in zip(pieces, file_lines, strict=True):
        if not piece:
            continue
        if at_line_start:
            out.append(file_line)
        out += [file_line] * piece.count("\n", 0, len(piece) - 1)
        at_line_start, last = piece.endswith("\n"), file_line
    if at_line_start:
        out.append(last)
    return out


def notebook_units(raw: str):
    """``(units, prose, problems)``; a file that is not a notebook gives one problem."""
    try:
        nb = json.loads(raw)
    except (ValueError, RecursionError) as e:
        return [], [], [f"not a valid notebook: {e}"]
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return [], [], ["not a valid notebook: no list of cells (nbformat 4 expected)"]
    finder = _FileLines(raw)
    units, prose, problems = [], [], []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        pieces = _pieces(cell.get("source"))
        where = finder.of_cell(pieces)  # every cell, so the search stays in order
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(pieces)
        found, words, _, notes = markdown_units(text, cell=index, front_matter=False)
        lines = _line_map(pieces, where)
        for u in found:
            file_line = lines[u.line - 1] if u.line - 1 < len(lines) else None
            units.append(replace(u, file_line=file_line))
        prose += words
        problems += [f"cell {index}, line {line}: {message}" for line, message in notes]
    return units, prose, problems
