"""Mutation test: single slips applied to verified claims must not stay verified.

Each verified link of the example notes (and of the seeds, where ../shared is
present) gets every single edit the repair search knows (sign, transpose, layer
index, index swap, σ' factor, 2 ↔ ½, 1/n, update sign); the mutant is decided again
in the same document model.  A mutant whose right side equals the original's as a
formula (a transpose of a number, δ_{ij} for δ_{ji}) is no slip and is left out.
A slip typed into a note changes that line's verdict and no other.
"""

from __future__ import annotations

from pathlib import Path

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


def test_a_slip_changes_only_its_own_line():
    """Typing a slip into one display of a note changes that display's verdict only."""
    _, slips = _mutants([EXAMPLES / "nielsen_indices.md", EXAMPLES / "row_vector_lab.md"])
    tried = 0
    for path in (EXAMPLES / "nielsen_indices.md", EXAMPLES / "row_vector_lab.md"):
        text = path.read_text()
        before = {(v.line, v.row): v.status for v in check_text(text, kind_of(path)).equations}
        lines = text.splitlines()
        picked = [s for s in slips if s[0] == path and s[1].row is None
                  and lines[s[1].line - 1].strip() == s[1].latex.strip()][:3]
        for _, unit, lhs, new in picked:
            mutated = list(lines)
            mutated[unit.line - 1] = f"{to_latex(lhs)} = {to_latex(new)}"
            after = {(v.line, v.row): v.status for v in
                     check_text("\n".join(mutated) + "\n", kind_of(path)).equations}
            changed = {k for k in before if after.get(k) != before[k]}
            assert changed <= {(unit.line, None)}, (unit.line, changed)
            assert after[(unit.line, None)] != "verified"
            tried += 1
    assert tried >= 4
