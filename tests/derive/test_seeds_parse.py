"""The reader on the five seed notes in ../shared/seeds (not ours: they are never
copied into the repository).

Units are found here, independently of the extractor: every ``$$…$$`` display (the
rows of a one-line ``\\begin{aligned}`` block split at top-level ``\\\\``) and every
inline ``$…$``.  Every unit of the four clean notes reads, with no damage signature;
in the OCR note 003 exactly the damaged units are unreadable, by a parse error or
by :func:`derive.damage.damage`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from derive.damage import damage
from derive.parse import parse_latex
from derive.show import explain

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Path]:
    """Seed prefix (``000``…) -> path; skipped where ../shared is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared not present (a user's clone)")
    return {p.name[:3]: p for p in sorted((SHARED / "seeds").glob("*.txt"))}


def _rows(body: str) -> list[tuple[int | None, str]]:
    """(row, latex) of a display: an aligned block split at top-level ``\\\\``."""
    m = re.search(r"\\begin\{aligned\}(.*?)\\end\{aligned\}", body, re.S)
    if not m:
        return [(None, body.strip())]
    inner, rows, depth, start, i = m.group(1), [], 0, 0, 0
    while i < len(inner):
        if inner.startswith("\\\\", i) and depth == 0:
            rows.append(inner[start:i])
            i = start = i + 2
            continue
        if inner[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(inner[i], 0)
        i += 1
    rows.append(inner[start:])
    return [(k + 1, r.strip()) for k, r in enumerate(r for r in rows if r.strip())]


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group())


def units(text: str) -> list[tuple[int, int | None, bool, str]]:
    """(line, row, display, latex) of every math unit, in document order (dollars
    inside a ``<script>`` block are code, not math)."""
    text = re.sub(r"<script.*?</script>", _blank, text, flags=re.S | re.I)
    out = []
    for m in re.finditer(r"\$\$(.+?)\$\$", text, re.S):
        line = text.count("\n", 0, m.start(1)) + 1
        out += [(line, row, True, latex) for row, latex in _rows(m.group(1))]
    masked = re.sub(r"\$\$(.+?)\$\$", _blank, text, flags=re.S)
    for m in re.finditer(r"(?<![\\$])\$([^$\n]+?)\$", masked):
        out.append((masked.count("\n", 0, m.start()) + 1, None, False, m.group(1).strip()))
    return sorted(out, key=lambda u: (u[0], u[1] or 0))


def readable(latex: str) -> tuple[bool, str]:
    """Does the unit read (no parse error, no damage signature), and if not, why."""
    parsed = parse_latex(latex)
    if not parsed.ok:
        return False, parsed.error
    why = damage(parsed.statements)
    return why is None, why or ""


# Units found per seed (displays and aligned rows, inline formulas): a guard against a
# splitter that silently finds nothing.
COUNTS = {"000": (16, 0), "001": (6, 28), "002": (28, 0), "003": (5, 9), "004": (12, 9)}

# The OCR note: units in document order on each line, and what makes the damaged ones
# unreadable.  Line 23 holds three inline formulas; only the first is damaged.  Line 54
# (an inline formula) is damaged too: a prime on ω_{AB}, differentiated w.r.t. i.
OCR_NOTE = {
    7: [None], 15: [None], 19: [None],
    23: ["with respect to a power", None, None],
    27: ["with respect to itself"],
    33: [None],
    37: ["with respect to a power"],
    39: [None],
    49: ["unknown macro \\bigoplus"],
    52: ["a prime on a subscripted quantity"],
    53: [None],
    54: ["a prime on a subscripted quantity"],
}


@pytest.mark.parametrize("prefix", sorted(COUNTS))
def test_units_are_found(seeds, prefix):
    """The test finds the expected number of displays (rows counted) and inline formulas."""
    found = units(seeds[prefix].read_text(encoding="utf-8"))
    displays = sum(1 for u in found if u[2])
    assert (displays, len(found) - displays) == COUNTS[prefix]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_clean_seed_units_all_read(seeds, prefix):
    """Every display, aligned row and inline formula of a clean seed reads, undamaged."""
    bad = {}
    for line, row, _, latex in units(seeds[prefix].read_text(encoding="utf-8")):
        ok, why = readable(latex)
        if not ok:
            bad[(line, row)] = why
    assert bad == {}


def test_ocr_note_damaged_units_are_unreadable(seeds):
    """In note 003, lines 23, 27, 37, 49, 52 and 54 are unreadable; every other unit reads."""
    got: dict[int, list[str | None]] = {}
    for line, _, _, latex in units(seeds["003"].read_text(encoding="utf-8")):
        ok, why = readable(latex)
        got.setdefault(line, []).append(None if ok else why)
    assert set(got) == set(OCR_NOTE)
    for line, expected in OCR_NOTE.items():
        assert len(got[line]) == len(expected), line
        for want, have in zip(expected, got[line], strict=True):
            if want is None:
                assert have is None, (line, have)
            else:
                assert have is not None and want in have, (line, have)


def test_ocr_note_errors_point_into_the_formula(seeds):
    """The unreadable display at line 49 is reported at the column of ``\\bigoplus``."""
    (latex,) = [u[3] for u in units(seeds["003"].read_text(encoding="utf-8")) if u[0] == 49]
    parsed = parse_latex(latex)
    assert latex[parsed.column - 1:].startswith("\\bigoplus")


# A few readings of seed equations, pinned as the trees they are.
READINGS = [
    ("000", 34, None,
     "∂[C_{0}]/∂[w^(L)] = ∂[z^(L)]/∂[w^(L)] ∂[a^(L)]/∂[z^(L)] ∂[C_{0}]/∂[a^(L)]"
     " = a^(L - 1) σ'(z^(L)) 2 (a^(L) - y)"),
    ("000", 36, None, "∂[C]/∂[w^(L)] = (1)/(n) Σ_{k=0..n - 1}(∂[C_{k}]/∂[w^(L)])"),
    ("000", 48, None, "z^(L)_{j} = ω^(L)_{j,0} a^(L - 1)_{0} + w^(L)_{j,1} a^(L - 1)_{1} + … "
                      "+ w^(L)_{j,k} a^(L - 1)_{k} + … + b^(L)_{j}"),
    ("001", 41, None, "a^(l)_{j} = σ(Σ_{k}(w^(l)_{j,k} a^(l - 1)_{k}) + b^(l)_{j})"),
    ("001", 47, None, "a^(l) = σ(w^(l) *? a^(l - 1) + b^(l))"),
    ("002", 53, 1, "g'(z) = d[(1)/(1 + pow(e, -z))]/d[z]"),
    ("002", 53, 3, "… = (1)/(1 + pow(e, -z)) ⋅? (1 - (1)/(1 + pow(e, -z)))"),
    ("002", 62, 2, "… = -(y - ŷ) ⋅? ∂[ŷ]/∂[s^(3)] ⋅? ∂[s^(3)]/∂[w^(2)]"),
    ("002", 76, None, "δ^(3) ⋅? T(w^(2)) ⋅? f'(s^(2)) = δ^(2)"),
    ("004", 46, None, "𝓛(ŷ, y) = -Σ_{j=1..k}(𝟙{[y = j]} log(ŷ_{j}))"),
    ("004", 67, None, "∇_{z^[N]}(𝓛(ŷ, y)) = ∇_{ŷ}(𝓛(ŷ, y)) ∘ g^[N]'(z^[N])"),
    ("004", 73, None, "δ^[ℓ] = (T(W^[ℓ + 1]) δ^[ℓ + 1]) ∘ g'(z^[ℓ])"),
    ("004", 77, None, "∇_{W^[ℓ]}(J(W, b)) = δ^[ℓ] T(a^[ℓ])"),
]


@pytest.mark.parametrize("prefix, line, row, shown", READINGS,
                         ids=[f"{p}:{ln}:{r}" for p, ln, r, _ in READINGS])
def test_seed_readings(seeds, prefix, line, row, shown):
    """Seed displays read as these trees (layers, transposes, ambiguous products, sums)."""
    found = [u for u in units(seeds[prefix].read_text(encoding="utf-8"))
             if u[0] == line and u[1] == row and u[2]]
    assert len(found) == 1
    parsed = parse_latex(found[0][3])
    assert parsed.ok, parsed.error
    got = " ; ".join(explain(c) for c in parsed.statements)
    assert unicodedata.normalize("NFC", got) == unicodedata.normalize("NFC", shown)


def test_seed_statements_split(seeds):
    """The arrow in 000:56 and the enumeration in 004:20 give two statements and one."""
    units_000 = {u[0]: u[3] for u in units(seeds["000"].read_text(encoding="utf-8")) if u[2]}
    assert len(parse_latex(units_000[56]).statements) == 2
    inline_004 = [u[3] for u in units(seeds["004"].read_text(encoding="utf-8"))
                  if u[0] == 20 and not u[2]]
    assert [len(parse_latex(x).statements) for x in inline_004] == [1, 1]
