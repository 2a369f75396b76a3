"""Extraction (derive.sources): every math unit with its line, in every format."""

from __future__ import annotations

import json

import pytest

from derive.sources import extract_file, extract_text

# Every display equation of the seeds, by hand from `cat -n` (rows of one-line aligned
# blocks share their line).  Seed 003 is OCR: its math is mostly inline `$…$` lines.
SEED_DISPLAYS = {
    "000": [14, 16, 18, 22, 26, 28, 30, 34, 36, 38, 40, 48, 50, 52, 56, 58],
    "001": [41, 43, 47, 49, 55, 61],
    "002": [17, 19, 21, 23, 25, 31, 34, 36, 38, 40, 42, 51, 53, 53, 53, 53, 60, 62, 62, 62,
            62, 66, 72, 74, 76, 78, 80, 82],
    "003": [33, 37, 39, 49, 52],
    "004": [22, 24, 38, 42, 46, 51, 57, 63, 67, 73, 77, 79],
}


@pytest.mark.parametrize("prefix", sorted(SEED_DISPLAYS))
def test_seed_displays_at_their_lines(shared, prefix):
    """Every display equation of each seed is found, at its 1-based line."""
    path = next((shared / "seeds").glob(prefix + "_*.txt"))
    lines = [u.line for u in extract_file(path).units if u.display]
    assert lines == SEED_DISPLAYS[prefix]


def test_seed_aligned_rows_are_numbered(shared):
    """A one-line aligned block gives one unit per row, rows 1..n on the same line."""
    path = next((shared / "seeds").glob("002_*.txt"))
    rows = [(u.line, u.row) for u in extract_file(path).units if u.line in (53, 62)]
    assert rows == [(53, 1), (53, 2), (53, 3), (53, 4), (62, 1), (62, 2), (62, 3), (62, 4)]


# the reference extractor (not ours) leaves files open
@pytest.mark.filterwarnings("ignore::ResourceWarning",
                            "ignore::pytest.PytestUnraisableExceptionWarning")
def test_devset_units_match_the_reference_extractor(shared):
    """For every display unit the devset's reference finds, we find the same line,
    row, cell and text."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("mathunits", shared / "devset" / "mathunits.py")
    mathunits = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mathunits)
    for path in sorted((shared / "devset" / "docs").iterdir()):
        ours = {(u.cell, u.line, u.row): " ".join(u.latex.split())
                for u in extract_file(path).units if u.display}
        for ref in mathunits.units_of_file(str(path)):
            row = None if ref["row_index"] is None else ref["row_index"] + 1
            key = (ref.get("cell"), ref["line"], row)
            assert ours.get(key) == " ".join(ref["latex"].split()), (path.name, key)


def test_markdown_constructs():
    """$$ on one line, with blank lines inside, \\[…\\]-free inline, kramdown $$x$$ in a
    sentence, tables, lists, quotes; front matter and code are skipped."""
    text = "\n".join([
        "---", "derive: {sigma: logistic}", "---",            # 1-3
        "Inline $a = b$ and kramdown $$c = d$$ here.",         # 4
        "", "$$", "x = 1", "", "y = 2", "$$",                  # 5-10
        "", "| $p = q$ | r |", "|---|---|", "| s | t |",       # 11-14
        "", "- item $u = v$", "> quote $w = z$",               # 15-17
        "", "```", "$$not = math$$", "```",                    # 18-21
        "", "$$E = mc^2$$",                                    # 22-23
    ])
    src = extract_text(text)
    found = [(u.line, u.display, u.latex) for u in src.units]
    assert (4, False, "a = b") in found and (4, False, "c = d") in found
    assert (7, True, "x = 1\n\ny = 2") in found
    assert (12, False, "p = q") in found and (16, False, "u = v") in found
    assert (17, False, "w = z") in found and (23, True, "E = mc^2") in found
    assert not any("not" in u.latex for u in src.units)
    assert src.front_matter == {"derive": {"sigma": "logistic"}}


def test_tex_preamble_comments_and_environments():
    """A .tex file: preamble skipped, % comments ignored, equation and align rows."""
    text = "\n".join([
        r"\documentclass{article}", r"\newcommand{\x}{$y = 1$}", r"\begin{document}",  # 1-3
        r"% $$ignored = 1$$", r"\begin{equation}", r"  a = b \label{e}",               # 4-6
        r"\end{equation}", r"\begin{align}", r"  c &= d \\", r"    &= e",              # 7-10
        r"\end{align}", r"Text with 50\% and $f = g$.", r"\end{document}",             # 11-13
    ])
    units = extract_text(text, kind="tex").units
    assert [(u.line, u.row, u.display) for u in units] == [
        (6, None, True), (9, 1, True), (10, 2, True), (12, None, False)]
    assert units[1].latex == "c &= d" and units[1].block_line == 8


def test_notebook_cells_and_lines():
    """Markdown cells are read as markdown; positions are the cell and its own line."""
    nb = {"cells": [
        {"cell_type": "markdown", "source": ["# T\n", "\n", "$$a = b$$\n"]},
        {"cell_type": "code", "source": ["x = 1"]},
        {"cell_type": "markdown", "source": "text\n\n$$\nc = d\n$$\n"},
    ], "nbformat": 4}
    units = extract_text(json.dumps(nb), kind="notebook").units
    assert [(u.cell, u.line) for u in units] == [(0, 3), (2, 4)]


@pytest.mark.parametrize("data, problem", [
    (b"", None), (b"\x00\x01binary", "binary"), ("caf\xe9 $x = 1$".encode("latin-1"), "UTF-8"),
])
def test_bad_files_give_problems_not_exceptions(tmp_path, data, problem):
    """Empty, binary and non-UTF-8 files are read or refused with a message."""
    path = tmp_path / "note.md"
    path.write_bytes(data)
    src = extract_file(path)
    if problem is None:
        assert src.units == () and src.problems == ()
    else:
        assert any(problem in p for p in src.problems)


def test_broken_notebook_and_missing_file(tmp_path):
    """Invalid notebook JSON and a missing file are problems naming the cause."""
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    assert "not a valid notebook" in extract_file(bad).problems[0]
    assert "cannot read" in extract_file(tmp_path / "missing.md").problems[0]


def test_large_and_deeply_nested_input(tmp_path):
    """A 10 MB note and 10 000 nested braces are extracted without error."""
    big = tmp_path / "big.md"
    big.write_text(("word " * 200 + "\n\n") * 10_000 + "$$x = 1$$\n")
    assert [u.latex for u in extract_file(big).units] == ["x = 1"]
    deep = "$$" + "{" * 10_000 + "x" + "}" * 10_000 + "$$"
    assert len(extract_text(deep).units) == 1
