"""Time ``derive check`` over a folder: a first run (empty cache) and a cached re-run.

    python benchmarks/bench_cache.py [FOLDER] [--runs 5] [--jobs N]

Each run is a whole process (interpreter start, imports, checking, report), as a
user sees it; the figures are medians over ``--runs`` runs.  A first run gets a
fresh cache folder each time; the re-runs share one folder filled beforehand.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(folder: str, cache: str, jobs: int | None) -> float:
    argv = [sys.executable, "-m", "derive.cli", "check", "-qq", folder]
    if jobs:
        argv[4:4] = ["--jobs", str(jobs)]
    env = dict(os.environ, DERIVE_CACHE_DIR=cache)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"derive check failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(REPO / "docs" / "examples"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="passed to derive check")
    args = parser.parse_args(argv)
    first, again = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            first.append(timed(args.folder, os.path.join(tmp, f"fresh{i}"), args.jobs))
        shared = os.path.join(tmp, "shared")
        timed(args.folder, shared, args.jobs)  # fill it
        for _ in range(args.runs):
            again.append(timed(args.folder, shared, args.jobs))
    a, b = statistics.median(first), statistics.median(again)
    print(f"folder          {args.folder}")
    print(f"first run       {a:.3f} s  (median of {args.runs}: "
          + ", ".join(f"{x:.2f}" for x in first) + ")")
    print(f"cached re-run   {b:.3f} s  (median of {args.runs}: "
          + ", ".join(f"{x:.2f}" for x in again) + ")")
    print(f"ratio           {a / b:.1f}x faster with the cache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
