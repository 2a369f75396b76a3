"""Mutation test: single slips applied to verified claims must not stay verified.

Each verified link of the seeds and the example notes gets every single edit the
repair search knows (sign, transpose, layer index, σ' factor, 2 ↔ ½, 1/n, update
sign); the mutant is decided again in the same document model.  Mutants that are
equal to the original as formulas (a transpose of a number, say) are not slips and
are left out by an exact comparison of both sides' values first.
"""

from __future__ import annotations

import random
from pathlib import Path

from derive.decide import decide_link
from derive.extract import extract_file
from derive.modelbuild import build_model, position, read_conventions
from derive.parse import parse_latex
from derive.repair import candidates

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


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
                    yield model, position(unit), chain.terms[i], chain.terms[i + 1]


def _mutation_outcomes(paths, per_link=4, seed=0):
    rng = random.Random(seed)
    counts = {"fails": 0, "holds": 0, "unknown": 0}
    for path in paths:
        for model, line, lhs, rhs in _links(path):
            if decide_link(model, line, lhs, rhs, 0).status != "holds":
                continue
            edits = [new for kind, new in candidates(rhs) if new != rhs]
            for new in rng.sample(edits, min(per_link, len(edits))):
                counts[decide_link(model, line, lhs, new, 0).status] += 1
    return counts


def test_slips_in_verified_example_claims_are_caught():
    """Of the single-edit mutants of verified claims, most are refuted and few verified."""
    paths = [EXAMPLES / "nielsen_indices.md", EXAMPLES / "cs229_layers.md"]
    counts = _mutation_outcomes(paths)
    total = sum(counts.values())
    assert total >= 40
    assert counts["fails"] / total >= 0.70, counts
    assert counts["holds"] / total <= 0.10, counts
