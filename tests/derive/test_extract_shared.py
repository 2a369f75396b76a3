"""Extraction on the real notes of ../shared: the five seeds, read by hand, and the
development set, against the reference extractor its scorer uses (display units only)."""

from __future__ import annotations

import importlib.util
import re
import warnings

import pytest

from derive.extract import extract_file

# Every display of each seed, as ``cat -n`` shows it: line, or (line, row) for aligned rows.
SEED_DISPLAYS = {
    "000": [14, 16, 18, 22, 26, 28, 30, 34, 36, 38, 40, 48, 50, 52, 56, 58],
    "001": [41, 43, 47, 49, 55, 61],
    "002": [17, 19, 21, 23, 25, 31, 34, 36, 38, 40, 42, 51,
            (53, 1), (53, 2), (53, 3), (53, 4), 60, (62, 1), (62, 2), (62, 3), (62, 4),
            66, 72, 74, 76, 78, 80, 82],
    "003": [33, 37, 39, 49, 52],
    "004": [22, 24, 38, 42, 46, 51, 57, 63, 67, 73, 77, 79],
}


def seed(shared, prefix):
    return extract_file(next((shared / "seeds").glob(prefix + "_*.txt")))


@pytest.mark.parametrize("prefix", sorted(SEED_DISPLAYS))
def test_seed_displays_at_their_lines(shared, prefix):
    """Every display of the seed is found at its line (rows with their numbers), no other."""
    source = seed(shared, prefix)
    got = [(u.line, u.row) if u.row else u.line for u in source.units if u.display]
    assert got == SEED_DISPLAYS[prefix]
    assert source.problems == ()


def test_seed_one_line_aligned_block_rows(shared):
    """Seed 002's one-line ``aligned`` block: four rows on line 53, each without ``\\\\``."""
    rows = [u for u in seed(shared, "002").units if u.line == 53]
    assert [(u.row, u.block_line, u.env) for u in rows] == [(k, 53, "aligned") for k in range(1, 5)]
    assert rows[0].latex == "g'(z) &= \\frac{d}{dz} \\frac{1}{1 + e^{-z}}"
    assert rows[3].latex == "&= g(z)(1 - g(z))."
    assert all("\\\\" not in u.latex and "aligned" not in u.latex for u in rows)


def test_seed_inline_math_of_the_ocr_note(shared):
    """The OCR-damaged seed's math is mostly inline ``$…$`` lines: each is found."""
    inline = [u.line for u in seed(shared, "003").units if not u.display]
    assert inline == [7, 15, 19, 23, 23, 23, 27, 53, 54]


def test_seed_front_matter_and_mathjax_script(shared):
    """Front matter becomes data; the MathJax ``<script>`` block yields no math."""
    source = seed(shared, "001")
    assert source.front_matter["title"] == "Neural Network - 2"
    assert min(u.line for u in source.units) == 27  # nothing from the script, lines 12-22


def test_seed_inline_math_in_blockquote_lists(shared):
    """``>- $w^l_{jk}$ denotes ...`` lines give inline units at their column."""
    units = [u for u in seed(shared, "001").units if u.line == 33]
    assert (units[0].latex, units[0].column, units[0].display) == ("w^l_{jk}", 5, False)


@pytest.fixture(scope="module")
def mathunits():
    from tests.conftest import SHARED

    path = SHARED / "devset" / "mathunits.py"
    if not path.is_file():
        pytest.skip("../shared not present (a user's clone)")
    spec = importlib.util.spec_from_file_location("devset_mathunits", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _same(latex: str) -> str:
    """Text compared modulo whitespace and ``\\label`` (which extraction drops)."""
    return re.sub(r"\s+", "", re.sub(r"\\label\{[^{}]*\}", "", latex))


def devset_docs():
    from tests.conftest import SHARED

    docs = SHARED / "devset" / "docs"
    return sorted(p.name for p in docs.iterdir()) if docs.is_dir() else ["(absent)"]


@pytest.mark.parametrize("name", devset_docs())
def test_devset_display_units_match_the_reference(mathunits, name):
    """Displays match the reference: cell, line, row, block/file line, text (modulo blanks)."""
    from tests.conftest import SHARED

    path = str(SHARED / "devset" / "docs" / name)
    with warnings.catch_warnings():  # the reference leaves its file to the garbage collector
        warnings.simplefilter("ignore", ResourceWarning)
        reference = mathunits.units_of_file(path)
    expected = {(r.get("cell"), r["line"], None if r["row_index"] is None else r["row_index"] + 1):
                (r["block_line"], r.get("file_line"), _same(r["latex"]))
                for r in reference}
    source = extract_file(path)
    got = {(u.cell, u.line, u.row): (u.block_line, u.file_line, _same(u.latex))
           for u in source.units if u.display}
    assert got == expected
    assert source.problems == ()
