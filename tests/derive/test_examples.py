"""The project's own example notes against their truth files (tests/examples_truth).

The truth is re-derived independently by tests/test_examples_truth.py; here we pin
what the checker decides: nothing that holds is refuted, every damaged display is
unreadable, every planted mistake is refuted, and every unit gets the truth's verdict.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from derive.check import check_file

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
TRUTH = Path(__file__).resolve().parents[1] / "examples_truth"
NOTES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".md", ".tex", ".ipynb")
               and p.name != "README.md")


def _truth(note: Path) -> list[dict]:
    return yaml.safe_load((TRUTH / (note.stem + ".yaml")).read_text())["units"]


def _verdicts(note: Path) -> dict:
    report = check_file(note)
    return {(v.cell, v.line, v.row): v for v in report.equations if v.display}


@pytest.fixture(scope="module")
def results():
    return {note.name: (_truth(note), _verdicts(note)) for note in NOTES}


def _key(t):
    return (t.get("cell"), t["line"], t.get("row"))


@pytest.mark.parametrize("note", [n.name for n in NOTES])
def test_no_true_claim_or_definition_refuted(results, note):
    """A unit the truth says holds (or defines) is never refuted."""
    truth, got = results[note]
    false_alarms = [_key(t) for t in truth if t["expected"] in ("verified", "definition")
                    and _key(t) in got and got[_key(t)].status == "refuted"]
    assert not false_alarms


@pytest.mark.parametrize("note", [n.name for n in NOTES])
def test_damage_is_unreadable(results, note):
    """Every damaged display is reported unreadable, never verified or refuted."""
    truth, got = results[note]
    for t in truth:
        if t["expected"] == "unreadable":
            assert got[_key(t)].status == "unreadable", _key(t)


def test_every_unit_is_reported(results):
    """Each display unit of the truth files has a verdict at its line (and row)."""
    missing = [(note, _key(t)) for note, (truth, got) in results.items() for t in truth
               if _key(t) not in got]
    assert not missing


def test_every_planted_mistake_is_refuted_with_a_reason(results):
    planted = [(note, _key(t)) for note, (truth, got) in results.items() for t in truth
               if t["expected"] == "refuted"]
    assert len(planted) >= 15
    for note, key in planted:
        v = results[note][1][key]
        assert v.status == "refuted" and v.reason, (note, key, v.status)


def test_every_unit_is_decided_as_the_truth_says(results):
    """Every unit of every example note gets the truth's verdict (a definition may also
    be verified)."""
    wrong = [(note, _key(t), t["expected"], got[_key(t)].status)
             for note, (truth, got) in results.items() for t in truth
             if got[_key(t)].status != t["expected"]
             and not (t["expected"] == "definition" and got[_key(t)].status == "verified")]
    assert not wrong


@pytest.mark.parametrize("note", [n.name for n in NOTES])
def test_every_display_parses_except_damage(note):
    """Each example note parses completely: only the planted damage is unreadable."""
    from derive.extract import extract_file
    from derive.parse import parse_latex

    path = EXAMPLES / note
    noise = {_key(t) for t in _truth(path) if t["expected"] == "unreadable"}
    for u in extract_file(path).units:
        if u.display and (u.cell, u.line, u.row) not in noise:
            assert parse_latex(u.latex).ok, (u.line, u.latex)
