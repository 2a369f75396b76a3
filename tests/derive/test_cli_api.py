"""The public Python API: what ``derive`` exports, and that importing it stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import derive

REPO = Path(__file__).resolve().parents[2]


def test_public_names():
    """``derive.__all__`` lists the documented API and each name is importable."""
    assert sorted(derive.__all__) == ["DocumentReport", "Finding", "Link", "Options", "Verdict",
                                      "check_file", "check_text"]
    for name in derive.__all__:
        assert getattr(derive, name) is not None


def test_import_does_not_load_sympy():
    """``import derive`` (and the CLI module) does not import SymPy."""
    code = "import sys, derive, derive.cli; print('sympy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=True)
    assert done.stdout.strip() == "False"


def test_check_text_returns_a_document_report():
    """``check_text`` gives a DocumentReport whose equations carry statuses."""
    report = derive.check_text("Let $z = w x + b$.\n", path="n.md")
    assert isinstance(report, derive.DocumentReport) and report.path == "n.md"
    assert [v.status for v in report.equations] == ["definition"]
