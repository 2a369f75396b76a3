"""Mutation test: single slips applied to verified claims must not stay verified.

Each verified link of the example notes (and of the seeds, where ../shared is
present) gets every single edit the repair search knows (sign, transpose, layer
index, index swap, σ' factor, 2 ↔ ½, 1/n, update sign); the mutant is decided again
in the same document model.  A mutant whose right side equals the original's as a
formula (a transpose of a number, δ_{ij} for δ_{ji}) is no slip and is left out.
A slip typed into a note changes that line's verdict and no other.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from derive.check import check_text, kind_of
from derive.conventions import read_conventions
from derive.decide import decide_link
from derive.extract import extract_file
from derive.latexprint import to_latex
from derive.modelbuild import build_model, position
from derive.parse import parse_latex
from derive.repair import candidates

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
NOTES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".md", ".tex", ".ipynb")
               and p.name != "README.md")


def _links(path):
    src = extract_file(path)
    parsed = read_conventions([(u, parse_latex(u.latex)) for u in src.units])
    model, roles = build_model(parsed, " ".join(p.text for p in src.prose))
    for (unit, p), unit_roles in zip(parsed, roles, strict=True):
        if not unit.display or not p.ok:
            continue
        for chain, role in zip(p.statements, unit_roles, strict=True):
            if role.kind != "claim" or chain.terms[0] is None:
                continue
            for i, op in enumerate(chain.ops):
                if op == "=" and i not in role.defines:
                    yield model, unit, chain.terms[i], chain.terms[i + 1]


def _mutants(paths):
    """(outcome counts, [(path, unit, lhs, mutant)]) over every verified link."""
    counts = {"fails": 0, "holds": 0, "unknown": 0}
    slips = []
    for path in paths:
        for model, unit, lhs, rhs in _links(path):
            line = position(unit)
            if decide_link(model, line, lhs, rhs, 0).status != "holds":
                continue
            for _kind, new in candidates(rhs):
                if new == rhs or decide_link(model, line, rhs, new, 0).status == "holds":
                    continue  # the same formula: not a slip
                counts[decide_link(model, line, lhs, new, 0).status] += 1
                slips.append((path, unit, lhs, new))
    return counts, slips


def _assert_caught(counts):
    total = sum(counts.values())
    assert total >= 100, counts
    assert counts["holds"] == 0, counts
    assert counts["fails"] / total >= 0.95, counts


def test_slips_in_verified_example_claims_are_caught():
    """Of the single-edit mutants of the examples' verified claims, none is verified and
    at least 95% are refuted (the rest are unverified)."""
    counts, _ = _mutants(NOTES)
    _assert_caught(counts)


def test_slips_in_verified_seed_claims_are_caught(shared):
    counts, _ = _mutants(sorted((shared / "seeds").iterdir()))
    total = sum(counts.values())
    assert total >= 50, counts
    assert counts["holds"] == 0, counts
    assert counts["fails"] / total >= 0.95, counts


def _typed_slips(path, per_note):
    """Up to ``per_note`` slips of the note's verified claims, spread over the note, as
    (line, the line with the slip typed in)."""
    lines = path.read_text().splitlines()
    options = []
    for model, unit, lhs, rhs in _links(path):
        raw = lines[unit.line - 1].strip()
        if unit.row is not None or unit.cell is not None or raw not in (
                unit.latex.strip(), f"$${unit.latex.strip()}$$"):
            continue
        if decide_link(model, position(unit), lhs, rhs, 0).status != "holds":
            continue
        options += [(model, unit, lhs, rhs, new, raw.startswith("$$"))
                    for _kind, new in candidates(rhs) if new != rhs]
    typed = []
    for model, unit, lhs, rhs, new, dollars in options[::max(1, len(options) // per_note)]:
        if decide_link(model, position(unit), rhs, new, 0).status == "holds":
            continue  # the same formula: not a slip
        text = f"{to_latex(lhs)} = {to_latex(new)}"
        typed.append((unit.line, f"$${text}$$" if dollars else text))
    return typed[:per_note]


@functools.cache
def _before(path):
    return {(v.line, v.row): v.status
            for v in check_text(path.read_text(), kind_of(path)).equations}


def _changes(path, line, typed):
    before = _before(path)
    lines = path.read_text().splitlines()
    lines[line - 1] = typed
    after = {(v.line, v.row): v.status for v in
             check_text("\n".join(lines) + "\n", kind_of(path)).equations}
    return {k for k in before if after.get(k) != before[k]} - {(line, None)}, after[(line, None)]


@pytest.mark.parametrize("note", [n.name for n in NOTES if n.suffix == ".md"])
def test_a_slip_typed_into_a_note_changes_only_its_own_line(note):
    """Typing a slip into one display of a note changes that display's verdict only, and
    never to verified."""
    path = EXAMPLES / note
    typed = _typed_slips(path, 4)
    assert typed
    for line, text in typed:
        changed, status = _changes(path, line, text)
        assert not changed, (line, text, changed)
        assert status != "verified", (line, text)


def test_a_slip_typed_into_a_seed_changes_only_its_own_line(shared):
    tried = 0
    for path in sorted((shared / "seeds").iterdir()):
        for line, text in _typed_slips(path, 3):
            changed, status = _changes(path, line, text)
            assert not changed, (path.name, line, text, changed)
            assert status != "verified", (path.name, line, text)
            tried += 1
    assert tried >= 8
