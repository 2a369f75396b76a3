"""The reader on the development set (../shared/devset): units as the set's own
``mathunits.units_of_file`` finds them, kinds from its truth files.

Every unit the truth marks ``kind: noise`` is unreadable (a parse error with a column,
or a damage signature); every other unit reads, undamaged.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import pytest

from derive.damage import damage
from derive.parse import parse_latex

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
DEVSET = SHARED / "devset"
DOCS = ["dev01", "dev02", "dev03", "dev04", "dev05", "dev06"]


@pytest.fixture(scope="module")
def devset():
    """(doc id -> [(unit, truth entry)]), the units paired with the truth in order."""
    if not (DEVSET / "mathunits.py").is_file():
        pytest.skip("../shared not present (a user's clone)")
    import yaml  # a runtime dependency of derive
    spec = importlib.util.spec_from_file_location("devset_mathunits", DEVSET / "mathunits.py")
    mathunits = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mathunits)
    out = {}
    for doc in sorted((DEVSET / "docs").iterdir()):
        truth = yaml.safe_load((DEVSET / "truth" / f"{doc.name[:5]}.yaml").read_text("utf-8"))
        with warnings.catch_warnings():  # units_of_file leaves its file to the collector
            warnings.simplefilter("ignore", ResourceWarning)
            found = mathunits.units_of_file(str(doc))
        assert len(found) == len(truth["equations"]), doc.name
        for unit, entry in zip(found, truth["equations"], strict=True):
            assert (unit["line"], unit["latex"]) == (entry["line"], entry["latex"].strip())
        out[doc.name[:5]] = list(zip(found, truth["equations"], strict=True))
    return out


def outcome(latex: str) -> tuple[bool, str]:
    parsed = parse_latex(latex)
    if not parsed.ok:
        assert 1 <= parsed.column <= len(latex) + 1
        return False, parsed.error
    why = damage(parsed.statements)
    return why is None, why or ""


@pytest.mark.parametrize("doc", DOCS)
def test_noise_is_unreadable(devset, doc):
    """The damaged (noise) unit of each note is unreadable, with a reason."""
    noise = [u for u, e in devset[doc] if e["kind"] == "noise"]
    assert len(noise) == 1
    assert [outcome(u["latex"])[0] for u in noise] == [False]


@pytest.mark.parametrize("doc", DOCS)
def test_every_other_unit_reads(devset, doc):
    """Definitions, claims and derivation steps all read, with no damage signature."""
    bad = {(u.get("cell"), u["line"]): outcome(u["latex"])[1] for u, e in devset[doc]
           if e["kind"] != "noise" and not outcome(u["latex"])[0]}
    assert bad == {}


@pytest.mark.parametrize("doc, reason", [
    ("dev01", "text copied from a rendered formula"),
    ("dev02", "unknown macro \\dZ"),
    ("dev03", "text copied from a rendered formula"),
    ("dev04", "doubled backslash"),
    ("dev05", "unknown macro \\sqr"),
    ("dev06", "unexpected character '#'"),
])
def test_noise_reason(devset, doc, reason):
    """Each kind of damage (rendered text, private macro, escaping, line wrap, #REF!) is named."""
    (latex,) = [u["latex"] for u, e in devset[doc] if e["kind"] == "noise"]
    assert reason in outcome(latex)[1]
