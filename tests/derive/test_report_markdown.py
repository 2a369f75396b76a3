"""The Markdown report (same content as the HTML page) and the --show-parse view."""

from __future__ import annotations

import io
import re

from derive.report import markdown
from derive.report.parseview import kind_guess, write_units
from derive.units import MathUnit, Source

from .test_report_common import notebook_report, notes_report, sample_reports


def render(reports) -> str:
    out = io.StringIO()
    markdown.write(reports, out)
    return out.getvalue()


def test_every_equation_has_an_anchor_and_a_math_block():
    """Each equation gets ``<a id=…>`` and its LaTeX in a ``$$`` block."""
    text = markdown.document_md(notes_report())
    for ident in ("L3", "L7", "L10", "L14-r1", "L15-r2", "L18", "L21", "L23", "L25"):
        assert f'<a id="{ident}"></a>' in text
    assert "$$\n\\nabla_{W^{[\\ell]}} C = \\delta^{[\\ell]} a^{[\\ell]T}\n$$" in text


def test_refuted_equation_has_suggestion_reason_and_counterexample():
    """The refuted card shows the suggested formula, reason, assumptions and counterexample."""
    text = markdown.document_md(notes_report())
    card = text[text.index('<a id="L10">'):text.index('<a id="L14-r1">')]
    assert "Suggested:\n\n$$\n\\delta^{[\\ell]} a^{[\\ell - 1]T}\n$$" in card
    assert "- **reason:** shapes: the left side is 5×3, the right side 5×5" in card
    assert "- **assumptions:** a product of two vectors read as elementwise; g generic" in card
    assert "  - functions: g(x) = tanh(x) + x/10" in card
    assert "  - x = `[[1, 2, -0.5]]`" not in card and "  - x = `[[1, 2], [-0.5]]`" not in card
    assert "  - x = `[[1], [2], [-0.5]]`" in card


def test_markup_in_reasons_is_escaped():
    """Reasons cannot start Markdown or HTML markup."""
    text = markdown.document_md(notes_report())
    assert "unknown macro \\\\pd" in text
    assert "<script>" not in text.replace("`\\text{<script>alert(1)</script>} = 1`", "")
    assert "$$\n\\text{\\lt script\\gt alert(1)\\lt /script\\gt } = 1\n$$" in text


def test_notebook_positions_and_headings():
    """Notebook equations are headed ``Cell 1, line 16, row 2: refuted``."""
    assert "### ❌ Cell 1, line 16, row 2: refuted" in markdown.document_md(notebook_report())


def test_stream_report_has_summary_and_every_document():
    """``--format markdown`` output starts with the totals and has a section per document."""
    text = render(sample_reports())
    assert text.startswith("# derive report\n\n**3 refuted** · 1 unreadable · 3 unverified")
    assert "## notes/backprop.md" in text and "## labs/swish.ipynb" in text
    assert "**Not read:**\n\n- no such file" in text


def test_kind_guess_from_relations():
    """No relation: expression; an arrow: update; ``:=``: definition; else relation."""
    assert [kind_guess(ops) for ops in [(), ("=", "<-"), (":=",), ("=", "=")]] == \
        ["expression", "update", "definition", "relation"]


def test_show_parse_lines():
    """Each unit prints as ``path:line[ (row)]: kind reading`` or where it is unreadable."""
    src = Source("n.md", (MathUnit(r"w \leftarrow w - \eta g", 3),
                          MathUnit(r"a^{(L)} = \sigma(z)", 5, row=2),
                          MathUnit(r"\frac{a}{", 7)))
    out = io.StringIO()
    write_units(src, out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["n.md:3: update w <- w - η g", "n.md:5 (row 2): relation a^(L) = σ(z)"]
    assert re.fullmatch(r"n\.md:7: unreadable at column \d+: unbalanced braces: .*", lines[2])
    assert len(lines) == 3


def test_needs_attention_list_links_to_findings():
    """The document section starts with the refuted, unreadable and unverified equations,
    each linking to its anchor."""
    text = markdown.document_md(notes_report())
    block = text[text.index("**Needs attention (6):**"):text.index('<a id="L3">')]
    assert re.findall(r"\]\(#([^)]+)\)", block) == ["L10", "L15-r2", "L18", "L21", "L23", "L25"]
    assert "1. [line 10](#L10) **refuted** shapes: the left side is 5×3" in block
