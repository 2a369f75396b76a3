"""Make docs/report-screenshot.png: the HTML report of a note, as headless Chromium draws it.

    python docs/screenshot_report.py [NOTE] [--out docs/report-screenshot.png]

Needs Debian's ``chromium``.  The note is checked with the real pipeline (no cache),
its report folder written to a temporary directory, and the page captured.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("note", nargs="?", default=str(HERE / "examples" / "cs229_layers.md"))
    parser.add_argument("--out", default=str(HERE / "report-screenshot.png"))
    parser.add_argument("--size", default="1100,2000", help="window width,height in pixels")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE.parent))
    from derive import check_file
    from derive.report.site import page_names, write_site

    note = Path(args.note)
    rel = note.relative_to(HERE.parent) if note.is_relative_to(HERE.parent) else note
    report = check_file(str(rel) if not rel.is_absolute() else str(note))
    with tempfile.TemporaryDirectory() as tmp:
        write_site([report], tmp)
        page = Path(tmp) / f"{page_names([report.path])[0]}.html"
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                        f"--window-size={args.size}", f"--screenshot={Path(args.out).resolve()}",
                        page.as_uri()], check=True, capture_output=True, cwd=HERE.parent)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
