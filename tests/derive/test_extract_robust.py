"""No document, however broken, makes extraction raise or hang; odd files are reported."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import derive.extract as extract
from derive.extract import extract_file, extract_text

KINDS = ("markdown", "tex", "notebook")


def test_empty_document():
    """An empty file or text has no units and no problems (a notebook must be JSON)."""
    assert extract_text("") == extract.Source("<text>", ())
    assert extract_text("", kind="tex").units == ()
    assert extract_text("", kind="notebook").problems[0].startswith("not a valid notebook:")


def test_empty_file(tmp_path):
    """An empty ``.md`` file reads as an empty document."""
    (tmp_path / "e.md").write_bytes(b"")
    source = extract_file(tmp_path / "e.md")
    assert (source.units, source.problems) == ((), ())


def test_binary_file(tmp_path):
    """A file with NUL bytes is reported as binary and yields no units."""
    (tmp_path / "b.md").write_bytes(b"$$x$$\n\x89PNG\x00\x00\x1a")
    source = extract_file(tmp_path / "b.md")
    assert (source.units, source.problems) == ((), ("binary file",))


def test_latin1_file(tmp_path):
    """Bytes that are not UTF-8 are read as Latin-1, and the first bad line is reported."""
    (tmp_path / "l.md").write_bytes("intro\n$$caf\xe9 = 1$$\n".encode("latin-1"))
    source = extract_file(tmp_path / "l.md")
    assert source.problems == ("not UTF-8 (line 2), read as Latin-1",)
    assert [(u.line, u.latex) for u in source.units] == [(2, "café = 1")]


def test_byte_order_marks(tmp_path):
    """A UTF-8 BOM is dropped; a UTF-16 file (BOM first) is decoded, not called binary."""
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbf$$x$$\n")
    (tmp_path / "b.md").write_bytes("$$y$$\n".encode("utf-16"))
    assert [(u.line, u.column, u.latex) for u in extract_file(tmp_path / "a.md").units] == [
        (1, 3, "x")]
    assert [u.latex for u in extract_file(tmp_path / "b.md").units] == ["y"]


def test_unreadable_paths(tmp_path):
    """A missing file or a directory gives a ``cannot read`` problem, not an exception."""
    assert extract_file(tmp_path / "missing.md").problems == (
        "cannot read: No such file or directory",)
    assert extract_file(tmp_path).problems[0].startswith("cannot read:")


def test_too_large_file(tmp_path, monkeypatch):
    """A file over the size limit is refused whole with a problem, never half-read."""
    monkeypatch.setattr(extract, "MAX_BYTES", 1000)
    (tmp_path / "big.md").write_text("$$x$$\n" * 1000)
    source = extract_file(tmp_path / "big.md")
    assert source.units == () and source.problems[0].startswith("too large to read")


def test_unknown_kind_is_a_programming_error():
    """``kind`` outside markdown/tex/notebook/text raises ``ValueError`` (a caller bug)."""
    with pytest.raises(ValueError, match="unknown kind"):
        extract_text("$$x$$", kind="html")


BLOCK = r"""## Section

The weights $w^l_{jk}$ connect $a^{l-1}_k$ to neuron $j$; it costs $5 to print.

$$
z^l = w^l a^{l-1} + b^l
$$

$$\begin{aligned} \delta^L &= \nabla_a C \odot \sigma'(z^L) \\ &= (a^L - y) \odot g \end{aligned}$$

| symbol | meaning |
|---|---|
| $\eta$ | learning rate &amp; step |

- an item with $x$
> a quote with $y$

```python
x = "$not math$"
```

"""


def test_ten_megabyte_note_in_seconds():
    """A dense 10 MB note is read whole (every unit, the last at its line) in seconds."""
    # about 12 s on a 2-core machine; the bound leaves room for a loaded one
    one = extract_text(BLOCK).units
    repeats = 10_000_000 // len(BLOCK) + 1
    start = time.perf_counter()
    units = extract_text(BLOCK * repeats).units
    seconds = time.perf_counter() - start
    assert len(units) == len(one) * repeats
    assert units[-1].line == (repeats - 1) * BLOCK.count("\n") + one[-1].line
    assert seconds < 60, f"{seconds:.1f} s for 10 MB"


PATHOLOGICAL = ["$$ x\n", "$\n", "$", "\\[ x\n", "\\begin{align} x\n", "\\( ", "a $$\n$$ b $$\n",
                "text $$x\n", "{", "}", "\\\\", "&amp;", "[", "> ", "- ", "|a|b|\n|-|-|\n",
                "\\begin{pmatrix}", "$\\begin{aligned}", "%", "\\begin{verbatim}",
                "$$x$$" + " " * 5000 + "y\n", "---\n" + "k" * 5000 + ":v\n"]


@pytest.mark.parametrize("piece", PATHOLOGICAL)
def test_pathological_input_takes_linear_time(piece):
    """200 kB of one repeated opener, delimiter or marker is read in linear time."""
    # a closer that never comes must not be searched for again from every opener
    text = piece * (200_000 // len(piece))
    for kind in ("markdown", "tex"):
        start = time.perf_counter()
        extract_text(text, kind=kind)
        assert time.perf_counter() - start < 10, (kind, piece)


def test_deep_nesting():
    """10 000 nested braces or environments and 10 000 ``>`` levels raise nothing."""
    braces = "{" * 10_000 + "x" + "}" * 10_000
    assert [u.latex for u in extract_text(f"$${braces}$$\n").units] == [braces]
    envs = "\\begin{pmatrix}" * 10_000 + "1 \\\\ 2" + "\\end{pmatrix}" * 10_000
    rows = extract_text(f"$$\\begin{{aligned}} a &= {envs} \\\\ &= b \\end{{aligned}}$$").units
    assert [u.row for u in rows] == [1, 2]
    assert extract_text(">" * 10_000 + " $$x$$\n").problems == ()
    assert extract_text(braces, kind="tex").units == ()


def test_unclosed_display_dollars():
    """An unclosed ``$$`` is read up to the next blank line and reported; the rest is read."""
    source = extract_text("$$ x = 1\ny = 2\n\nprose with $z$\n")
    assert [(u.line, u.display, u.latex) for u in source.units] == [
        (1, True, "x = 1\ny = 2"), (4, False, "z")]
    assert source.problems == ("line 1: $$ is never closed; read as math up to line 2",)


def test_unbalanced_inline_dollar():
    """A lone ``$`` in markdown is text: no unit, no problem, the next formula is found."""
    source = extract_text("a $ b\n\nthen $c$\n")
    assert [(u.line, u.latex) for u in source.units] == [(3, "c")]
    assert source.problems == ()


def test_align_never_closed_at_end_of_file():
    """``\\begin{align}`` with no ``\\end`` is read to the end of the file, row by row."""
    source = extract_text("\\begin{align}\na &= b \\\\\n&= c")
    assert [(u.line, u.row, u.latex) for u in source.units] == [(2, 1, "a &= b"), (3, 2, "&= c")]
    assert source.problems == ("line 1: \\begin{align} is never closed; read as math up to "
                               "line 3",)


def test_broken_notebook_json():
    """A notebook that is not JSON, or JSON without cells, gives one clear problem."""
    for raw in ('{"cells": [', "[" * 100_000, '{"cells": 3}', "[]"):
        source = extract_text(raw, kind="notebook")
        assert source.units == () and len(source.problems) == 1
        assert source.problems[0].startswith("not a valid notebook: ")


def test_problems_are_capped():
    """A file with many broken constructs lists the first 20 problems and a count."""
    problems = extract_text("one $x\n\n" * 100, kind="tex").problems
    assert len(problems) == 21 and problems[-1] == "... and 80 more"


MESSY = st.text(alphabet="$\\{}[]()&<>|-*_`#%~\n\r \tabxyz01=^'\"\x00\u2028é", max_size=300)


@settings(max_examples=300, deadline=None)
@given(MESSY, st.sampled_from(KINDS))
def test_any_text_gives_units_inside_the_text(text, kind):
    """For any text, extraction returns and every unit points inside the text."""
    source = extract_text(text, kind=kind)
    n_lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for unit in source.units:
        assert 1 <= unit.line <= n_lines and unit.column >= 1
        assert unit.block_line is None or 1 <= unit.block_line <= unit.line
        assert unit.latex.strip() == unit.latex != ""


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from([".md", ".tex", ".ipynb", ".txt"]))
def test_any_bytes_give_a_source(tmp_path, data, suffix):
    """Any bytes under any suffix give a ``Source``, never an exception."""
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    assert isinstance(extract_file(path), extract.Source)
