"""Re-derive the verdicts of the example notes' truth files.

Each truth file `<note stem>.yaml` lists every display unit of `docs/examples/<note>`.
Every claim has one hand-written translation (`checks_*.py`, keyed by note and line)
that evaluates the formula as written, and as corrected where the truth gives a
correction. Aligned blocks are checked with link semantics: row 1 against its own
left-hand side, row k against row k-1; `vs_lhs` compares each row with the block's
first left-hand side instead. `tests/test_examples_truth.py` asserts the results.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml

from . import (  # noqa: F401  (importing registers the checks)
    checks_cs229,
    checks_nielsen,
    checks_row_lab,
    checks_scalar,
    checks_softmax,
    checks_swish,
)
from .tools import CLAIMS, DERIVATIONS
from .units import units_of

HERE = Path(__file__).resolve().parent
NOTES_DIR = HERE.parent.parent / "docs" / "examples"
NOTE_SUFFIXES = (".md", ".tex", ".ipynb")

KINDS = {"definition", "claim", "derivation-step", "noise"}
EXPECTED = {
    "definition": {"definition"},
    "claim": {"verified", "refuted"},
    "derivation-step": {"verified", "refuted"},
    "noise": {"unreadable"},
}
MISTAKE_KINDS = {
    "sign_flip",
    "missing_transpose",
    "spurious_transpose",
    "layer_index_off_by_one",
    "missing_sigma_prime",
    "factor_two_vs_half",
    "spurious_mean_factor",
    "update_wrong_sign",
    "wrong_derivation_step",
    "softmax_jacobian_slip",
    "index_swap",
}


def notes() -> list[Path]:
    """The example notes (the README of the folder is not one)."""
    return sorted(
        p for p in NOTES_DIR.iterdir() if p.suffix in NOTE_SUFFIXES and p.name != "README.md"
    )


def truth_path(note: str) -> Path:
    return HERE / (note.rsplit(".", 1)[0] + ".yaml")


@cache
def truth(note: str) -> dict:
    return yaml.safe_load(truth_path(note).read_text(encoding="utf-8"))


def entries(kinds=KINDS) -> list[tuple[str, dict]]:
    """(note, entry) for every truth entry of the given kinds, in document order."""
    return [(p.name, e) for p in notes() for e in truth(p.name)["units"] if e["kind"] in kinds]


def note_units(note: str):
    return units_of(NOTES_DIR / note)


def position(entry: dict):
    """An entry's position: its line, or (cell, line) in a notebook."""
    return (entry["cell"], entry["line"]) if "cell" in entry else entry["line"]


def source_text(note: str, entry: dict) -> str:
    """The text an entry's line counts in: the note, or the notebook cell's source."""
    raw = (NOTES_DIR / note).read_text(encoding="utf-8")
    if "cell" not in entry:
        return raw
    source = json.loads(raw)["cells"][entry["cell"]]["source"]
    return source if isinstance(source, str) else "".join(source)


def claim_holds(note: str, entry: dict, variant: str) -> bool:
    """Does the claim hold as `written`, or as `corrected`?"""
    return CLAIMS[(note, position(entry))](variant)


@cache
def step_results() -> dict[tuple, dict]:
    """For every derivation row: link (equals the row before, or for row 1 its own
    lhs), vs_lhs (equals the block's lhs), and corrected (the corrected row equals
    the row before), where a correction is registered."""
    out = {}
    for d in DERIVATIONS:
        for k, (pos, row) in enumerate(zip(d.lines, d.rows, strict=True)):
            before = d.lhs if k == 0 else d.rows[k - 1]
            res = {"link": d.equal(before, row), "vs_lhs": d.equal(d.lhs, row)}
            if pos in d.corrected:
                res["corrected"] = d.equal(before, d.corrected[pos])
            out[(d.note, pos)] = res
    return out


def checked_keys() -> set:
    """Every (note, position) that has a hand-written check."""
    return set(CLAIMS) | {(d.note, pos) for d in DERIVATIONS for pos in d.lines}
