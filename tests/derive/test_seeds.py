"""Verdicts on the five real notes in ../shared/seeds, derived by hand.

Each refutation below is a genuine mistake (worked out on paper): the update rules of
the lab sheet multiply by the gradient instead of stepping against it, and the
CS229-style note writes a^{[ℓ]T} where a^{[ℓ-1]T} belongs.  Everything else that is
checked holds.  The package never sees these expectations: they live only here.
"""

from __future__ import annotations

import re

import pytest

from derive.check import check_file

# (file prefix) -> {line or (line, row): status}; display units and inline formulas
EXPECTED = {
    "000": {14: "definition", 16: "definition", 18: "definition", 22: "verified",
            26: "verified", 28: "verified", 30: "verified", 34: "verified", 36: "verified",
            38: "verified", 40: "verified", 50: "verified", 56: "verified", 58: "verified"},
    "001": {41: "definition", 43: "definition", 47: "verified", 49: "verified",
            55: "definition", 61: "verified"},
    "002": {17: "definition", 19: "definition", 21: "definition", 23: "verified",
            25: "definition", 31: "verified", 34: "verified", 36: "verified", 38: "verified",
            40: "verified", 42: "verified", 51: "definition", (53, 1): "verified",
            (53, 2): "verified", (53, 3): "verified", (53, 4): "verified", 60: "verified",
            (62, 1): "verified", (62, 2): "verified", (62, 3): "verified",
            (62, 4): "verified", 72: "definition", 74: "verified", 76: "definition",
            78: "verified", 80: "refuted", 82: "refuted"},
    "003": {27: "unreadable", 33: "verified", 37: "unreadable", 49: "unreadable",
            52: "unreadable"},
    "004": {22: "definition", 24: "definition", 38: "definition", 57: "definition",
            63: "verified", 67: "verified", 73: "verified", 77: "refuted", 79: "verified"},
}
# Claims that hold but that the checker cannot decide yet.
HOLDS_UNDECIDED: dict[str, set] = {}


def _report(shared, prefix):
    path = next((shared / "seeds").glob(prefix + "_*.txt"))
    report = check_file(path)
    by_key = {}
    for v in report.equations:
        by_key.setdefault((v.line, v.row) if v.row else v.line, v)
    return report, by_key


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_verdicts(shared, prefix):
    """Every pinned equation of the seed gets the verdict derived by hand."""
    _, got = _report(shared, prefix)
    wrong = {k: (got[k].status if k in got else "missing", s) for k, s in
             EXPECTED[prefix].items() if k not in got or got[k].status != s}
    assert not wrong


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_nothing_else_refuted(shared, prefix):
    """Only the genuine mistakes are refuted; damage is never verified or refuted."""
    report, _ = _report(shared, prefix)
    refuted = {(v.line, v.row) if v.row else v.line for v in report.equations
               if v.status == "refuted"}
    expected = {k for k, s in EXPECTED[prefix].items() if s == "refuted"}
    assert refuted == expected
    for v in report.equations:
        if v.kind == "noise":
            assert v.status == "unreadable"


def test_seed_refutations_carry_reason_and_repair(shared):
    """The update-rule slips and the layer slip come with a reason and the repaired formula."""
    _, lab = _report(shared, "002")
    assert "descent" in lab[80].reason
    assert lab[80].suggestion.startswith(r"w^{(1)} - \mu \frac{\partial C}{\partial w^{(1)}}")
    _, cs229 = _report(shared, "004")
    assert re.search(r"shapes: the left side is \d×\d, the right side \d×\d", cs229[77].reason)
    assert cs229[77].suggestion == r"\delta^{[\ell]} a^{[\ell - 1]T}"


def test_seed_claims_that_hold_are_mostly_verified(shared):
    """At least 85% of the seeds' claims that hold are verified (not left unverified)."""
    holds = sum(1 for p in EXPECTED for s in EXPECTED[p].values() if s == "verified")
    holds += sum(len(v) for v in HOLDS_UNDECIDED.values())
    verified = sum(1 for p in EXPECTED for s in EXPECTED[p].values() if s == "verified")
    assert verified / holds >= 0.85
    for prefix, lines in HOLDS_UNDECIDED.items():
        _, got = _report(shared, prefix)
        for line in lines:
            assert got[line].status == "unverified"
