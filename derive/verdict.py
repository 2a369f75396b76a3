"""Verdicts and document reports: the plain data every reporter renders."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("definition", "verified", "refuted", "unverified", "unreadable")


@dataclass(frozen=True)
class Link:
    """One relation of a chain ``A = B = C``: ``index`` 1-based, left to right."""

    index: int
    status: str
    reason: str | None = None


@dataclass(frozen=True)
class Verdict:
    """What the checker decided about one equation (a display, a row, or inline math).

    ``kind`` is how the equation was read: ``definition``, ``claim``, ``update``
    (an update rule), ``expression`` (no relation), ``condition`` (``1 \\le l \\le L``)
    or ``noise``.  ``status`` is one of :data:`STATUSES`.  ``counterexample`` is a
    JSON-ready dict (sizes, values, the functions used, both sides' values).
    ``suggestion`` is the repaired formula in the note's own LaTeX notation.
    """

    line: int
    latex: str
    kind: str
    status: str
    row: int | None = None
    cell: int | None = None
    column: int | None = None
    display: bool = True
    method: str | None = None
    reason: str | None = None
    assumptions: tuple[str, ...] = ()
    counterexample: dict | None = None
    suggestion: str | None = None
    links: tuple[Link, ...] = ()
    block_line: int | None = None
    file_line: int | None = None


@dataclass(frozen=True)
class Finding:
    """A warning about the document that is not a verdict (unknown symbol, ignored text)."""

    line: int
    message: str
    cell: int | None = None


@dataclass(frozen=True)
class DocumentReport:
    path: str
    equations: tuple[Verdict, ...] = ()
    warnings: tuple[Finding, ...] = ()
    problems: tuple[str, ...] = ()  # file-level: binary, undecodable, not a notebook
    readable: bool = True  # False: not read as a document at all (missing, binary, ...)
    seconds: float = field(default=0.0, compare=False)

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for v in self.equations:
            counts[v.status] += 1
        return counts

    @property
    def refuted(self) -> bool:
        return any(v.status == "refuted" for v in self.equations)
