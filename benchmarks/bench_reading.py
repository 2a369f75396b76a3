"""Extraction + parsing of the seeds and the devset notes, in one process.

Prints the median over rounds of the total time and the time per equation (the
grammar is built once, before timing).  Usage: python benchmarks/bench_reading.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from derive.extract import extract_file
from derive.parse import parse_latex

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def read_all(paths):
    units = 0
    for p in paths:
        for u in extract_file(p).units:
            parse_latex(u.latex)
            units += 1
    return units


def main(rounds: int = 7) -> None:
    parse_latex("x = 1")  # build the grammar once
    sets = {"seeds": sorted((SHARED / "seeds").glob("*")),
            "devset": sorted((SHARED / "devset" / "docs").glob("*"))}
    print(f"{'set':8} {'files':>5} {'units':>6} {'median ms':>10} {'ms/unit':>8}")
    for name, paths in sets.items():
        if not paths:
            continue
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            units = read_all(paths)
            times.append(time.perf_counter() - start)
        med = statistics.median(times) * 1000
        print(f"{name:8} {len(paths):5} {units:6} {med:10.1f} {med / units:8.2f}")


if __name__ == "__main__":
    main()
