"""Plain data passed between the stages: what extraction finds in a file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MathUnit:
    """One equation as written: a display, one row of an aligned block, or inline math.

    ``line`` is 1-based and points at the first line of the unit's own text (for a
    notebook: the line inside the cell's joined source, with ``cell`` the 0-based cell
    index, code cells counted).  ``block_line`` is the line of the opening delimiter.
    ``row`` is the 1-based row inside an aligned block, ``None`` for other units.
    ``file_line`` is the raw line in the file (differs from ``line`` only for notebooks).
    """

    latex: str
    line: int
    display: bool = True
    row: int | None = None
    cell: int | None = None
    block_line: int | None = None
    file_line: int | None = None
    env: str | None = None  # aligned, align, equation, gather, ... or None
    column: int = 1


@dataclass(frozen=True)
class Prose:
    """A run of prose (math replaced by placeholders) with its first line; the model
    reads conventions such as "row vectors" or "logistic activation" from it."""

    text: str
    line: int
    cell: int | None = None


@dataclass(frozen=True)
class Source:
    """Everything extraction returns for one document."""

    path: str
    units: tuple[MathUnit, ...]
    prose: tuple[Prose, ...] = ()
    front_matter: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # file-level problems (binary, undecodable, bad JSON)
