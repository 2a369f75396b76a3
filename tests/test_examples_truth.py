"""The truth files of docs/examples: positions match the notes, every verdict is re-derived.

The helpers live in tests/examples_truth/ (loaded by path, so this module does not
depend on how pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

_PKG = Path(__file__).resolve().parent / "examples_truth"


def _load_helpers():
    name = "examples_truth"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, _PKG / "__init__.py", submodule_search_locations=[str(_PKG)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{name}.check_truth")


ct = _load_helpers()

NOTES = [p.name for p in ct.notes()]
CLAIMS = [(n, e) for n, e in ct.entries({"claim"})]
STEPS = [(n, e) for n, e in ct.entries({"derivation-step"})]


def _id(item):
    note, entry = item
    cell = f"cell{entry['cell']}:" if "cell" in entry else ""
    return f"{note}:{cell}{entry['line']}"


def test_every_note_has_a_truth_file():
    """Each note in docs/examples has a truth file, and each truth file a note."""
    assert len(NOTES) >= 5
    truth_stems = {p.stem for p in ct.HERE.glob("*.yaml")}
    assert truth_stems == {n.rsplit(".", 1)[0] for n in NOTES}
    for note in NOTES:
        assert ct.truth(note)["doc"] == note


@pytest.mark.parametrize("note", NOTES)
def test_truth_latex_starts_at_its_line(note):
    """Each entry's latex appears in the note (or its cell) starting on the entry's line."""
    for entry in ct.truth(note)["units"]:
        text = ct.source_text(note, entry)
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        line, latex = entry["line"], entry["latex"]
        begin = starts[line - 1]
        end = starts[line] if line < len(starts) else len(text)
        first_line = latex.split("\n")[0]
        column = text.find(first_line, begin, end)
        assert column >= 0, f"{note}:{line}: {first_line[:40]!r} is not on that line"
        assert text.startswith(latex, column), f"{note}:{line}: latex differs from the note"


@pytest.mark.parametrize("note", NOTES)
def test_truth_lists_exactly_the_display_units(note):
    """The truth entries are the note's display units, in order, with their rows."""
    units = ct.note_units(note)
    entries = ct.truth(note)["units"]
    assert [(u.line, u.row, u.latex) for u in units] == [
        (e["line"], e.get("row"), e["latex"]) for e in entries
    ]


@pytest.mark.parametrize("note", NOTES)
def test_truth_bookkeeping(note):
    """Kinds, verdicts, counts, one noise line, 15-35 units, refutations fully explained."""
    t = ct.truth(note)
    units = t["units"]
    assert 15 <= len(units) <= 35
    kinds = Counter(e["kind"] for e in units)
    expected = Counter(e["expected"] for e in units)
    assert kinds["noise"] == 1
    assert {k: kinds[k] for k in ct.KINDS} == {k: t["counts"][k] for k in ct.KINDS}
    assert expected["verified"] == t["counts"]["verified"]
    assert expected["refuted"] == t["counts"]["refuted"]
    assert 2 <= expected["refuted"] <= 4
    for e in units:
        assert e["kind"] in ct.KINDS
        assert e["expected"] in ct.EXPECTED[e["kind"]], e
        assert ("row" in e) == (e["kind"] == "derivation-step"), e
        if e["kind"] == "derivation-step":
            assert e["vs_lhs"] in ("verified", "refuted"), e
        if e["expected"] == "refuted":
            assert e["mistake"] in ct.MISTAKE_KINDS, e
            assert e["reason"] and e["corrected"], e
        else:
            assert not {"mistake", "corrected"} & e.keys(), e
        if e.get("trap"):
            assert e["expected"] == "verified" and e["why"], e
        if e["kind"] == "noise":
            assert e["damage"], e


@pytest.mark.parametrize("note", [n for n in NOTES if n.endswith(".ipynb")])
def test_notebook_structure(note):
    """Notebooks are nbformat 4 JSON with well-formed cells, and their code cells run."""
    nb = json.loads((ct.NOTES_DIR / note).read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and isinstance(nb["metadata"], dict)
    code = []
    for cell in nb["cells"]:
        assert cell["cell_type"] in ("markdown", "code") and isinstance(cell["metadata"], dict)
        assert all(isinstance(line, str) for line in cell["source"])
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
            code.append("".join(cell["source"]))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile("\n".join(code), note, "exec"), {})  # the notes' own gradient check
    assert float(printed.getvalue().split()[-1]) < 1e-6


def test_every_mistake_kind_is_planted_once_or_twice():
    """Across the notes each kind of mistake appears once or twice."""
    planted = Counter(e["mistake"] for _, e in ct.entries() if e["expected"] == "refuted")
    assert set(planted) == ct.MISTAKE_KINDS
    assert all(1 <= n <= 2 for n in planted.values()), planted


def test_every_claim_and_step_has_one_check():
    """Claims and steps in the truth and the hand-written checks match one to one."""
    wanted = {(n, ct.position(e)) for n, e in CLAIMS + STEPS}
    assert wanted == ct.checked_keys()


@pytest.mark.parametrize("item", CLAIMS, ids=_id)
def test_claim_verdict(item):
    """A claim holds as written exactly when the truth expects `verified`."""
    note, entry = item
    assert ct.claim_holds(note, entry, "written") == (entry["expected"] == "verified")


@pytest.mark.parametrize("item", [c for c in CLAIMS if c[1]["expected"] == "refuted"], ids=_id)
def test_corrected_claim_holds(item):
    """The correction of a refuted claim holds."""
    note, entry = item
    assert ct.claim_holds(note, entry, "corrected")


@pytest.mark.parametrize("item", STEPS, ids=_id)
def test_step_verdict(item):
    """An aligned row: link verdict, vs_lhs verdict and any correction agree with the truth."""
    note, entry = item
    res = ct.step_results()[(note, ct.position(entry))]
    assert res["link"] == (entry["expected"] == "verified")
    assert res["vs_lhs"] == (entry["vs_lhs"] == "verified")
    assert ("corrected" in res) == ("corrected" in entry)
    if "corrected" in res:
        assert res["corrected"]
