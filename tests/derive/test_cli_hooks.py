"""The pre-commit hook definition: what a notes repository runs before each commit."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from derive.cli import main, parser

REPO = Path(__file__).resolve().parents[2]


def hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["derive-check"]
    return hooks[0]


def test_hook_runs_derive_check_with_python():
    """The hook is a python hook whose entry is the ``derive check`` console script."""
    h = hook()
    assert h["language"] == "python" and shlex.split(h["entry"]) == ["derive", "check"]
    assert parser().parse_args([*shlex.split(h["entry"])[1:], "n.md"]).command == "check"


def test_hook_files_match_the_note_suffixes():
    """The files pattern takes exactly the suffixes ``derive check`` reads in folders."""
    pattern = re.compile(hook()["files"])
    taken = [n for n in ("a.md", "b.markdown", "c.txt", "d.tex", "e.ipynb", "f.py", "g.mdx",
                         "h.tex.bak", "notes/i.md") if pattern.search(n)]
    assert taken == ["a.md", "b.markdown", "c.txt", "d.tex", "e.ipynb", "notes/i.md"]


def test_hook_invocation_refuses_a_refuted_note(tmp_path, capsys, monkeypatch):
    """Called as pre-commit calls it (entry + file names), a refuted note exits 1."""
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "cache"))
    note = tmp_path / "n.md"
    note.write_text("Let $z = w x + b$.\n\n$$\n\\frac{\\partial z}{\\partial b} = 2\n$$\n",
                    encoding="utf-8")
    argv = [*shlex.split(hook()["entry"])[1:], "--jobs", "1", str(note)]
    assert main(argv) == 1
    assert f"{note}:4: refuted:" in capsys.readouterr().out
