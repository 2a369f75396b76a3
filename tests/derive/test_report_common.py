"""Shared pieces of the reporters, and the hand-made reports every reporter test renders."""

from __future__ import annotations

import math

from derive.report.common import (
    anchors,
    counterexample_fields,
    counterexample_values,
    display_latex,
    jsonable,
    position,
    totals,
)
from derive.verdict import DocumentReport, Finding, Link, Verdict

COUNTEREXAMPLE = {
    "reading": "vector", "entry": [1, 1], "left": 165.51867649313883, "right": -165.5186764931388,
    "functions": ["g(x) = tanh(x) + x/10"], "shapes": {"W": "5×3", "x": "3×1"},
    "values": {"W[1]": [[2.75, -1.5, 0.25]] * 5, "x": [[1.0], [2.0], [-0.5]], "eta": 0.1},
}


def notes_report(path: str = "notes/backprop.md") -> DocumentReport:
    """A markdown note with every status, an aligned block and a warning."""
    eqs = (
        Verdict(3, r"z^{[\ell]} = W^{[\ell]} a^{[\ell-1]} + b^{[\ell]}", "definition",
                "definition", display=True, block_line=3),
        Verdict(7, r"\delta^{[L]} = \nabla_a C \odot \sigma'(z^{[L]})", "claim", "verified",
                method="concrete-instance", assumptions=("σ generic",), block_line=6,
                links=(Link(1, "verified"),)),
        Verdict(10, r"\nabla_{W^{[\ell]}} C = \delta^{[\ell]} a^{[\ell]T}", "claim", "refuted",
                method="concrete-instance",
                reason="shapes: the left side is 5×3, the right side 5×5 (repair: layer index)",
                assumptions=("a product of two vectors read as elementwise", "g generic"),
                counterexample=COUNTEREXAMPLE,
                suggestion=r"\delta^{[\ell]} a^{[\ell - 1]T}", block_line=9,
                links=(Link(1, "refuted", "shapes"),)),
        Verdict(14, r"\frac{\partial C}{\partial b} &= \delta", "claim", "verified", row=1,
                method="symbolic", block_line=13),
        Verdict(15, r"&= 2\delta", "claim", "refuted", row=2, method="concrete-instance",
                reason="the two sides differ (repair: 2 ↔ ½)", suggestion=r"\delta",
                counterexample={"left": 1.0, "right": 2.0, "functions": []}, block_line=13),
        Verdict(18, r"\pd{C}{w} = \delta x^T", "noise", "unreadable", column=1,
                reason=r"unknown macro \pd", block_line=18),
        Verdict(21, r"w \leftarrow w + \eta \nabla_w C", "update", "unverified",
                method="update-rule", reason="cannot evaluate: the range of i", block_line=21),
        Verdict(23, r"a = b = c", "claim", "unverified", block_line=23,
                links=(Link(1, "verified"), Link(2, "unverified", "timeout"))),
        Verdict(25, r"\text{<script>alert(1)</script>} = 1", "claim", "unverified",
                reason="no relation to check", block_line=25),
    )
    return DocumentReport(path, eqs, warnings=(Finding(21, "unknown symbol ω: did you mean w?"),))


def notebook_report(path: str = "labs/swish.ipynb") -> DocumentReport:
    """A notebook: positions are (cell, line); one row of an aligned block."""
    eqs = (
        Verdict(6, r"s(u) = \frac{1}{1 + e^{-u}}", "definition", "definition", cell=1,
                block_line=5),
        Verdict(16, r"s'(u) = s(u)^2", "claim", "refuted", cell=1, row=2, method="symbolic",
                reason="the two sides differ", file_line=40, block_line=14,
                counterexample={"left": 0.25, "right": 0.0625, "functions": [],
                                "values": {"u": 0.0}}),
    )
    return DocumentReport(path, eqs)


def unreadable_report(path: str = "missing.md") -> DocumentReport:
    return DocumentReport(path, problems=("no such file",), readable=False)


def sample_reports() -> list[DocumentReport]:
    return [notes_report(), notebook_report(), unreadable_report()]


def test_position_names_row_and_cell():
    """Positions read ``53``, ``53 (row 2)``, ``cell 1:16 (row 2)``."""
    v = Verdict(53, "x", "claim", "verified")
    assert position(v) == "53"
    assert position(Verdict(53, "x", "claim", "verified", row=2)) == "53 (row 2)"
    assert position(notebook_report().equations[1]) == "cell 1:16 (row 2)"
    assert position(Finding(4, "w", cell=3)) == "cell 3:4"


def test_anchors_are_unique_per_line():
    """Two equations on one line get ``L5`` and ``L5-2``; rows and cells are named."""
    eqs = [Verdict(5, "a", "claim", "verified"), Verdict(5, "b", "claim", "verified"),
           Verdict(6, "c", "claim", "verified", row=2),
           Verdict(7, "d", "claim", "verified", cell=3)]
    assert anchors(eqs) == ["L5", "L5-2", "L6-r2", "C3-L7"]


def test_jsonable_makes_strict_json_values():
    """Non-finite floats become strings, tuples lists, unknown objects their str."""
    got = jsonable({"a": (1, math.inf), "b": math.nan, 3: object})
    assert got["a"] == [1, "inf"] and got["b"] == "nan" and got["3"].startswith("<class")


def test_display_latex_drops_alignment_but_not_matrix_columns():
    """``&=`` of an aligned row and ``\\label`` go; ``&`` inside a matrix stays."""
    assert display_latex(r"&= 2x \label{eq:1}") == "= 2x"
    m = r"\begin{pmatrix} a & b \end{pmatrix}"
    assert display_latex(m) == m


def test_counterexample_fields_and_values():
    """A counterexample reads as labelled fields; vectors and scalars become matrices."""
    fields = dict(counterexample_fields(COUNTEREXAMPLE))
    assert fields["sides"] == "left 165.5, right -165.5"
    assert fields["functions"] == "g(x) = tanh(x) + x/10"
    values = dict(counterexample_values(COUNTEREXAMPLE))
    assert values["x"] == [[1.0], [2.0], [-0.5]] and values["eta"] == [[0.1]]


def test_totals_add_every_document():
    """Summary counts add over documents."""
    counts = totals(sample_reports())
    assert counts == {"definition": 2, "verified": 2, "refuted": 3, "unverified": 3,
                      "unreadable": 1}
