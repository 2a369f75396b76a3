"""One-call harness: feed a note, assert the verdict of each line."""

from __future__ import annotations

import textwrap

from derive.check import Options, check_text

# Verdict tests check what is decided, not how fast: a loaded test machine must not turn
# a verdict into a timeout (time budgets have their own tests).
SLACK = Options(timeout=30.0)


def verdicts(text: str, kind: str = "markdown") -> dict:
    report = check_text(textwrap.dedent(text), kind=kind, options=SLACK)
    return {(v.line, v.row) if v.row else v.line: v for v in report.equations}


def assert_verdicts(text: str, expected: dict, kind: str = "markdown") -> dict:
    """``expected`` maps a line (or (line, row)) to a status; returns all verdicts."""
    got = verdicts(text, kind)
    for key, status in expected.items():
        assert key in got, f"no equation at {key}: {sorted(got, key=str)}"
        assert got[key].status == status, (key, got[key].status, got[key].reason)
    return got
