"""Reading speed: extraction + parsing of the seed notes and the devset notes.

Everything runs in one process.  The first pass (which builds the LALR parser) is
reported on its own; then each set is read for several rounds and the median is
printed: the total, the extraction and parsing parts, and the time per equation.
Uses ``derive.extract`` where present, else a regex split of ``$$…$$`` displays.

Usage: python benchmarks/bench_read.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from derive.parse import parse_latex

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"

try:
    from derive.extract import extract_file

    def equations(path: Path) -> list[str]:
        return [u.latex for u in extract_file(path).units]

    EXTRACTOR = "derive.extract"
except ImportError:  # an older tree: displays only, rows of aligned blocks not split
    def equations(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return [m.group(1).strip() for m in re.finditer(r"\$\$(.+?)\$\$", text, re.S)]

    EXTRACTOR = "regex split of $$…$$"


def read_once(paths: list[Path]) -> tuple[float, float, int, int]:
    """Seconds extracting, seconds parsing, equations read, equations with a parse error."""
    t0 = time.perf_counter()
    found = [eq for p in paths for eq in equations(p)]
    t1 = time.perf_counter()
    unreadable = sum(not parse_latex(eq).ok for eq in found)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(found), unreadable


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args(argv)
    sets = {"seeds": sorted((SHARED / "seeds").glob("*.txt")),
            "devset": sorted((SHARED / "devset" / "docs").glob("*"))}
    sets = {k: v for k, v in sets.items() if v}
    if not sets:
        print("../shared not present (a user's clone): nothing to time")
        return 0
    everything = [p for paths in sets.values() for p in paths]
    ext, par, n, _ = read_once(everything)
    print(f"extractor: {EXTRACTOR}; first pass over all {n} equations (builds the parser): "
          f"{(ext + par) * 1000:.0f} ms")
    sets["all"] = everything
    print(f"{'set':7} {'files':>5} {'eqs':>5} {'errors':>6} {'total ms':>9} {'extract':>8} "
          f"{'parse':>7} {'ms/eq':>6}   (median of {args.rounds} rounds)")
    for name, paths in sets.items():
        rounds = [read_once(paths) for _ in range(args.rounds)]
        ext = statistics.median(r[0] for r in rounds) * 1000
        par = statistics.median(r[1] for r in rounds) * 1000
        total = statistics.median(r[0] + r[1] for r in rounds) * 1000
        n, bad = rounds[0][2], rounds[0][3]
        print(f"{name:7} {len(paths):5} {n:5} {bad:6} {total:9.1f} {ext:8.1f} {par:7.1f} "
              f"{total / n:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
