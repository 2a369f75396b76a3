"""Extraction from markdown: which text is math, and where each unit starts."""

from __future__ import annotations

import sys
import textwrap

from derive.extract import extract_text


def found(text: str, kind: str = "markdown") -> list[tuple]:
    """``(line, row, display, latex)`` of every unit of a dedented snippet."""
    source = extract_text(textwrap.dedent(text), kind)
    return [(u.line, u.row, u.display, u.latex) for u in source.units]


def test_display_on_one_line():
    """``$$x$$`` alone on its line is one display at that line."""
    assert found("intro\n\n$$a = b$$\n") == [(3, None, True, "a = b")]


def test_display_over_lines_starts_after_the_opener():
    """For ``$$`` on its own line, ``line`` is where the math starts, ``block_line`` the ``$$``."""
    source = extract_text("$$\n  z = w x + b\n$$\n")
    (unit,) = source.units
    assert (unit.line, unit.block_line, unit.column, unit.latex) == (2, 1, 3, "z = w x + b")


def test_display_keeps_blank_lines_inside():
    """A ``$$`` block with a blank line inside is still one unit (not two paragraphs)."""
    assert found("$$\na = b\n\nc = d\n$$\nafter\n") == [(2, None, True, "a = b\n\nc = d")]


def test_display_may_follow_prose_without_a_blank_line():
    """A ``$$`` line directly under a line of prose is a display, not part of the sentence."""
    assert found("Then we have:\n$$\nx = 1\n$$\nand more.\n") == [(3, None, True, "x = 1")]


def test_display_with_trailing_punctuation_and_label():
    """``$$x$$.`` and ``$$x$$ (1)`` are displays; the period or label is not math."""
    assert found("$$x = y$$.\n\n$$u = v$$ (2)\n") == [(1, None, True, "x = y"),
                                                      (3, None, True, "u = v")]


def test_kramdown_inline_double_dollar_is_inline():
    """``$$x$$`` sharing its line with prose is kramdown's inline math (display=False)."""
    assert found("where $$x_i$$ is the input\n") == [(1, None, False, "x_i")]
    assert found("$$y$$ is the output\n") == [(1, None, False, "y")]


def test_kramdown_inline_double_dollar_not_broken_by_its_closing_line():
    """A ``$$`` that closes kramdown inline math opened on the line above is not a display."""
    assert found("the cost $$C =\n$$ is small\n") == [(1, None, False, "C =")]


def test_display_lazily_continuing_a_list_item():
    """``$$`` lines after a list item, not indented, still read as one display."""
    assert found("1. text\n$$\nx = 1\n$$\n") == [(3, None, True, "x = 1")]


def test_inline_dollar_with_column():
    """``$…$`` is inline math at its line, with the column where its text starts."""
    (unit,) = extract_text("x\n\nso $\\sigma(z)$ here\n").units
    assert (unit.line, unit.column, unit.display, unit.latex) == (3, 5, False, "\\sigma(z)")


def test_currency_is_not_math():
    """``$5 and $10`` is money: a ``$`` followed by a digit after the closer is no formula."""
    assert found("it costs $5 and $10 today\n") == []


def test_escaped_dollar_is_not_math():
    """``\\$`` is a dollar sign, not a delimiter."""
    assert found("\\$5 and \\$6 and $z$\n") == [(1, None, False, "z")]


def test_brackets_display_and_parentheses_inline():
    """``\\[…\\]`` is a display, also inside a sentence; ``\\(…\\)`` is inline."""
    assert found("\\[\n a = b\n\\]\n") == [(2, None, True, "a = b")]
    assert found("so \\(a=b\\) and \\[c=d\\] hold\n") == [(1, None, False, "a=b"),
                                                         (1, None, True, "c=d")]


def test_aligned_rows_split_at_top_level():
    """An ``aligned`` block gives one unit per row, each at the line where its text starts."""
    text = "$$\n\\begin{aligned}\nf &= g \\\\\n  &= h \\\\[2pt]\n  &= k\n\\end{aligned}\n$$\n"
    source = extract_text(text)
    rows = [(u.line, u.row, u.block_line, u.column, u.env, u.latex) for u in source.units]
    assert rows == [(3, 1, 1, 1, "aligned", "f &= g"), (4, 2, 1, 3, "aligned", "&= h"),
                    (5, 3, 1, 3, "aligned", "&= k")]


def test_aligned_on_one_line_rows_share_the_line():
    """``$$\\begin{aligned} a \\\\ b \\end{aligned}$$`` on one line: rows 1..n, same line."""
    text = "$$\\begin{aligned} a &= b \\\\ &= c \\\\ &= d. \\end{aligned}$$\n"
    assert found(text) == [(1, 1, True, "a &= b"), (1, 2, True, "&= c"), (1, 3, True, "&= d.")]
    assert [u.column for u in extract_text(text).units] == [19, 29, 37]


def test_nested_environments_are_not_split():
    """``\\\\`` inside ``pmatrix``, ``cases`` or braces belongs to them, not to the rows."""
    text = ("$$\\begin{aligned} A &= \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix} \\\\ "
            "&= \\frac{1 \\\\ 2}{3} \\\\ &= \\begin{cases} a \\\\ b \\end{cases} \\end{aligned}$$")
    assert [u.latex for u in extract_text(text).units] == [
        "A &= \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "&= \\frac{1 \\\\ 2}{3}",
        "&= \\begin{cases} a \\\\ b \\end{cases}"]


def test_rows_drop_labels_and_numbering_switches():
    """Rows lose ``\\label{…}``, ``\\nonumber``, ``\\notag`` and their ``\\\\``; ``&`` stays."""
    text = ("\\begin{align}\na &= b \\label{eq:a} \\\\\n  &= c \\nonumber \\\\\n"
            "\\notag\n\\end{align}\n")
    assert found(text) == [(2, 1, True, "a &= b"), (3, 2, True, "&= c")]


def test_bare_environments_outside_dollars():
    """Bare ``align``, ``gather`` and ``equation`` blocks are read like displays."""
    assert found("\\begin{gather}\na = b \\\\ c = d\n\\end{gather}\n") == [
        (2, 1, True, "a = b"), (2, 2, True, "c = d")]
    source = extract_text("Text.\n\\begin{equation}\\label{e}\n  y = x\n\\end{equation}\n")
    assert [(u.line, u.block_line, u.env, u.latex) for u in source.units] == [
        (3, 2, "equation", "y = x")]


def test_split_inside_equation_and_text_before_aligned():
    """``split`` inside ``equation`` is split; text before ``aligned`` joins the first row."""
    text = "$$\\begin{equation}\\begin{split} a &= b \\\\ &= c \\end{split}\\end{equation}$$"
    assert [(u.row, u.env, u.latex) for u in extract_text(text).units] == [
        (1, "split", "a &= b"), (2, "split", "&= c")]
    text = "\\begin{equation}\\label{e}\n\\begin{aligned} a &= b \\\\ &= c \\end{aligned}\n" \
           "\\end{equation}\n"
    assert found(text) == [(2, 1, True, "a &= b"), (2, 2, True, "&= c")]
    assert found("$$L = \\begin{aligned}[t] &a \\\\ &+ b \\end{aligned}$$") == [
        (1, 1, True, "L = &a"), (1, 2, True, "&+ b")]


def test_empty_trailing_row_is_not_a_unit():
    """A final ``\\\\`` before ``\\end`` makes no empty row."""
    assert len(found("$$\\begin{aligned} a &= b \\\\ \\end{aligned}$$")) == 1


def test_math_in_tables_lists_and_blockquotes():
    """Math inside table cells, list items and ``>-`` blockquote lists is found at its line."""
    text = "| a | $x^2$ |\n|---|---|\n| $y$ | $z$ |\n\n>- $w^l_{jk}$ denotes\n>- $b$ too\n" \
           "\n- item\n  $$\n  c = d\n  $$\n"
    source = extract_text(text)
    assert [(u.line, u.column, u.display, u.latex) for u in source.units] == [
        (1, 8, False, "x^2"), (3, 4, False, "y"), (3, 10, False, "z"),
        (5, 5, False, "w^l_{jk}"), (6, 5, False, "b"), (10, 3, True, "c = d")]


def test_multiline_display_in_blockquote():
    """A display inside a blockquote loses the ``>`` markers and keeps its lines."""
    source = extract_text("> text\n> \\begin{aligned}\n> a &= b \\\\\n> &= c\n> \\end{aligned}\n")
    assert [(u.line, u.column, u.latex) for u in source.units] == [(3, 3, "a &= b"),
                                                                   (4, 3, "&= c")]


def test_code_and_html_are_skipped():
    """Fenced and indented code, code spans, ``<div>`` and ``<script>`` blocks hold no math."""
    text = "```\n$$a$$\n```\n\n    $$b$$\n\n`$c$` and $d$\n\n<div>\n$$e$$\n</div>\n\n" \
           "<script>\nconfig = ['$','$']\n</script>\n"
    assert found(text) == [(7, None, False, "d")]


def test_html_entities_are_decoded():
    """``&lt;``, ``&amp;`` and ``&nbsp;`` inside math become ``<``, ``&`` and a space."""
    assert found("$$a &lt; b &amp;&nbsp;c$$\n\n$p&gt;q$\n") == [(1, None, True, "a < b & c"),
                                                               (3, None, False, "p>q")]


def test_escaped_underscores_are_kept_as_written():
    """``a\\_j`` inside math is handed on unchanged; the parser decides what it means."""
    assert found("$$a\\_j = b$$\n") == [(1, None, True, "a\\_j = b")]


def test_front_matter_read_and_skipped():
    """YAML front matter is parsed (a ``derive:`` key pins conventions) and is not prose."""
    source = extract_text("---\ntitle: x\nderive:\n  vectors: rows\n---\n$$a=b$$\n")
    assert source.front_matter == {"title": "x", "derive": {"vectors": "rows"}}
    assert [(u.line, u.latex) for u in source.units] == [(6, "a=b")]
    assert all("title" not in p.text for p in source.prose)


def test_front_matter_without_pyyaml(monkeypatch):
    """Without PyYAML the front matter is still skipped, and pins nothing."""
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now raises ImportError
    source = extract_text("---\ntitle: $x$\n---\n$$a=b$$\n")
    assert source.front_matter == {}
    assert [u.line for u in source.units] == [4]


def test_rule_then_prose_is_not_front_matter():
    """A leading ``---`` rule followed by prose is not front matter: its math is read."""
    source = extract_text("---\n# Heading\n$$a=b$$\n---\n")
    assert source.front_matter == {}
    assert [u.line for u in source.units] == [3]


def test_prose_keeps_inline_math_and_drops_displays():
    """Prose paragraphs carry their first line, inline math as written, no display math."""
    source = extract_text("# Setup\n\nHere $\\sigma$ is the\nlogistic function &amp; \\*.\n\n"
                          "$$a = b$$\n\nNo math &lt; here.\n")
    assert [(p.line, p.text) for p in source.prose] == [
        (1, "Setup"), (3, "Here $\\sigma$ is the\nlogistic function & *."), (8, "No math < here.")]


def test_text_kind_is_read_as_markdown():
    """``kind="text"`` (a ``.txt`` note) is markdown."""
    assert found("$$x$$\n", kind="text") == [(1, None, True, "x")]


def test_windows_line_endings():
    """CRLF line endings give the same lines as LF."""
    assert found("a\r\n\r\n$$\r\nx = 1\r\n$$\r\n") == [(4, None, True, "x = 1")]
