"""Whole-process cost of checking notes: cold start, seeds, and a 10 MB note.

Each figure is a fresh ``python`` process (so the SymPy import is counted), run
several times; the script prints the median wall time and the peak RSS of the child.
Usage: python benchmarks/bench_check.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

CHECK = """
import sys
from derive.check import check_file
for p in sys.argv[1:]:
    r = check_file(p)
    print(p, r.summary())
"""


def run(paths: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process checking ``paths``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHECK, *paths], check=True, capture_output=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def big_note(path: Path, megabytes: int = 10) -> None:
    """A note of ``megabytes`` MB: long prose, a network, and a few hundred equations."""
    head = (ROOT / "docs" / "examples" / "nielsen_indices.md").read_text()
    prose = ("Backpropagation reuses the chain rule layer by layer; " * 20 + "\n\n")
    with path.open("w") as f:
        f.write(head)
        while f.tell() < megabytes * 1_000_000:
            f.write(prose)
        f.write("\n$$\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j$$\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    cases = {"import only": []}
    if (SHARED / "seeds").is_dir():
        cases["five seeds"] = sorted(str(p) for p in (SHARED / "seeds").iterdir())
    cases["example notes"] = sorted(str(p) for p in (ROOT / "docs" / "examples").iterdir()
                                    if p.suffix in (".md", ".tex", ".ipynb")
                                    and p.name != "README.md")
    with tempfile.TemporaryDirectory() as tmp:
        note = Path(tmp) / "big.md"
        big_note(note)
        cases["10 MB note"] = [str(note)]
        print(f"{'case':16} {'median s':>9} {'max s':>7} {'peak MiB':>9}")
        for name, paths in cases.items():
            walls, peaks = [], []
            for _ in range(args.rounds):
                w, p = run(paths)
                walls.append(w)
                peaks.append(p)
            print(f"{name:16} {statistics.median(walls):9.2f} {max(walls):7.2f} "
                  f"{max(peaks):9.0f}")


if __name__ == "__main__":
    main()
