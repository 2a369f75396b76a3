"""Extraction from LaTeX files and Jupyter notebooks: units, rows, cells and lines."""

from __future__ import annotations

import json

from derive.extract import extract_text

TEX = r"""\documentclass{article}
\newcommand{\R}{\mathbb{R}}  % $preamble$ is never read
\begin{document}
We have $n$ pairs and \(m\) units; 5\% of them.
\begin{equation}
  \hat{y} = \sigma(z), \label{eq:model}
\end{equation}
% \begin{equation} w = 0 \end{equation}
\begin{align}
  \sigma'(z) &= \frac{d}{dz} (1 + e^{-z})^{-1} \\
  &= \sigma(z)(1 - \sigma(z)) \label{eq:ds}
\end{align}
\[ a = b \]
$$ c = d $$
\begin{verbatim}
$not math$
\end{verbatim}
\begin{gather*} u = v \\ p = q \end{gather*}
\end{document}
$after = end$
"""


def tex_units() -> list[tuple]:
    source = extract_text(TEX, kind="tex")
    return [(u.line, u.block_line, u.row, u.display, u.env, u.latex) for u in source.units]


def test_tex_units_in_order_with_lines():
    """LaTeX inline math, equations, rows, ``\\[…\\]`` and ``$$`` are units; comments are not."""
    assert tex_units() == [
        (4, 4, None, False, None, "n"),
        (4, 4, None, False, None, "m"),
        (6, 5, None, True, "equation", "\\hat{y} = \\sigma(z),"),
        (10, 9, 1, True, "align", "\\sigma'(z) &= \\frac{d}{dz} (1 + e^{-z})^{-1}"),
        (11, 9, 2, True, "align", "&= \\sigma(z)(1 - \\sigma(z))"),
        (13, 13, None, True, None, "a = b"),
        (14, 14, None, True, None, "c = d"),
        (18, 18, 1, True, "gather*", "u = v"),
        (18, 18, 2, True, "gather*", "p = q"),
    ]


def test_tex_prose_outside_display_math():
    """Prose paragraphs of a ``.tex`` body keep their first line and inline math."""
    source = extract_text(TEX, kind="tex")
    assert [(p.line, p.text) for p in source.prose] == [
        (4, "We have $n$ pairs and \\(m\\) units; 5\\% of them.")]


def test_tex_without_document_environment():
    """A ``.tex`` fragment with no ``\\begin{document}`` is read from its first line."""
    source = extract_text("\\begin{equation}\nx = 1\n\\end{equation}\n", kind="tex")
    assert [(u.line, u.block_line, u.latex) for u in source.units] == [(2, 1, "x = 1")]


def test_tex_double_backslash_bracket_is_a_line_break():
    """``\\\\[2pt]`` is a row break with a vertical space, not the start of ``\\[``."""
    text = "\\begin{align}\na &= b \\\\[2pt]\n&= c\n\\end{align}\n"
    assert [u.latex for u in extract_text(text, kind="tex").units] == ["a &= b", "&= c"]


def test_tex_escaped_backslash_before_percent_starts_a_comment():
    """In ``\\\\%`` the backslash is escaped, so the ``%`` starts a comment."""
    source = extract_text("$a$ \\\\% $b$\n$c$\n", kind="tex")
    assert [u.latex for u in source.units] == ["a", "c"]


def test_tex_unmatched_dollar_is_reported_not_read():
    """A ``$`` with no partner in its paragraph is not math and is reported by line."""
    source = extract_text("one $x\n\n$y$\n", kind="tex")
    assert [(u.line, u.latex) for u in source.units] == [(3, "y")]
    assert source.problems == ("line 1: a $ with no closing $ in its paragraph; "
                               "not read as math",)


def test_tex_unclosed_environment_read_to_blank_line():
    """An ``align`` never closed is read up to the next blank line, and reported."""
    source = extract_text("\\begin{align}\na &= b \\\\\n&= c\n\nText $z$.\n", kind="tex")
    assert [(u.line, u.row, u.latex) for u in source.units] == [
        (2, 1, "a &= b"), (3, 2, "&= c"), (5, None, "z")]
    assert "never closed" in source.problems[0]


def notebook(*cells) -> str:
    """An nbformat 4 notebook as Jupyter writes it (indent 1, one string per line)."""
    out = []
    for kind, lines in cells:
        cell = {"cell_type": kind, "metadata": {}, "source": lines}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                      indent=1, sort_keys=True)


RAW = notebook(
    ("code", ["import numpy as np\n", "x = '$$a = b$$'\n"]),
    ("markdown", ["# Forward\n", "\n", "$$z = w a + b$$\n", "\n", "with $a$ the input:\n",
                  "$$\n", "\\begin{aligned}\n", "y &= f \\\\\n", "&= g\n",
                  "\\end{aligned}\n", "$$"]),
    ("markdown", "one string $$u = v$$ inline\n\n$$p = q$$"),
)


def test_notebook_cells_and_lines():
    """``cell`` counts code cells too; ``line``/``block_line`` are lines inside the cell."""
    source = extract_text(RAW, kind="notebook")
    assert [(u.cell, u.line, u.block_line, u.row, u.display, u.latex) for u in source.units] == [
        (1, 3, 3, None, True, "z = w a + b"),
        (1, 5, 5, None, False, "a"),
        (1, 8, 6, 1, True, "y &= f"),
        (1, 9, 6, 2, True, "&= g"),
        (2, 1, 1, None, False, "u = v"),
        (2, 3, 3, None, True, "p = q"),
    ]


def test_notebook_file_lines_point_at_the_source_strings():
    """``file_line`` is the line of the ``.ipynb`` holding the unit's source string."""
    raw_lines = RAW.split("\n")
    source = extract_text(RAW, kind="notebook")
    for unit in source.units[:4]:
        first = unit.latex.split()[0]
        assert first in raw_lines[unit.file_line - 1], (unit, raw_lines[unit.file_line - 1])
    single = {u.file_line for u in source.units if u.cell == 2}
    assert len(single) == 1 and '"source": "one string' in raw_lines[single.pop() - 1]


def test_notebook_cell_starting_with_a_rule_is_not_front_matter():
    """A markdown cell opening with ``---`` is read whole (front matter is for files)."""
    raw = notebook(("markdown", ["---\n", "title: x\n", "---\n", "$$z$$"]))
    assert [u.line for u in extract_text(raw, kind="notebook").units] == [4]


def test_notebook_problems_name_the_cell():
    """A problem inside a cell says which cell and which line of it."""
    raw = notebook(("code", ["1\n"]), ("markdown", ["text\n", "\\[ a = b\n"]))
    assert extract_text(raw, kind="notebook").problems == (
        "cell 1, line 2: \\[ is never closed; read as math up to line 2",)


def test_notebook_odd_cells_are_ignored():
    """Cells that are not objects, or sources that are not text, yield nothing and no error."""
    raw = json.dumps({"cells": [1, None, {"cell_type": "markdown", "source": 5},
                                {"cell_type": "markdown", "source": ["$$x$$", 7]}]})
    source = extract_text(raw, kind="notebook")
    assert [(u.cell, u.latex) for u in source.units] == [(3, "x")]
    assert source.problems == ()
