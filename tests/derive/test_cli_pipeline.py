"""``derive check`` with the real checker: formats, the process pool, the cache."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import derive.api
from derive.cli import _progress_bar, main

REPO = Path(__file__).resolve().parents[2]
# A note with a definition, a claim that holds, and an aligned block whose second row
# is wrong (x ≠ 2x): its verdicts do not depend on how clever the verifier is.
NOTE = r"""# Chain rule

Let $z = w x + b$.

$$
\frac{\partial z}{\partial b} = 1
$$

$$
\begin{aligned}
\frac{\partial z}{\partial w} &= x \\
&= 2x
\end{aligned}
$$
"""
NOTEBOOK = {"cells": [
    {"cell_type": "markdown", "metadata": {}, "source": ["# Lab\n", "\n", "Let $z = w x + b$.\n"]},
    {"cell_type": "code", "metadata": {}, "source": ["z = w * x + b"], "outputs": [],
     "execution_count": None},
    {"cell_type": "markdown", "metadata": {},
     "source": ["$$\n", "\\frac{\\partial z}{\\partial w} = 2x\n", "$$\n"]},
], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def notes(tmp_path) -> Path:
    """A folder with a markdown note, a notebook and a Latin-1 note."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "chain.md").write_text(NOTE, encoding="utf-8")
    (folder / "lab.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    (folder / "latin.md").write_bytes("Café.\n\n$$\nz := w x + b\n$$\n".encode("latin-1"))
    return folder


def check(capsys, *argv) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_real_note_text_report(notes, capsys):
    """The wrong row is refuted (exit 1) at ``path:12 (row 2)``; the notebook line names
    its cell; the Latin-1 note is read with a warning."""
    code, out, _ = check(capsys, "--jobs", "1", str(notes))
    assert code == 1
    assert f"{notes / 'chain.md'}:12 (row 2): refuted: = 2x — " in out
    assert f"{notes / 'lab.ipynb'}:cell 2:2: refuted: " in out
    assert f"{notes / 'latin.md'}: warning: not UTF-8" in out


def test_real_json_is_schema_valid(notes, capsys):
    """The JSON of real notes validates against the committed schema."""
    schema = json.loads((REPO / "derive" / "schema" / "report.schema.json").read_text())
    code, out, _ = check(capsys, "--jobs", "1", "--format", "json", str(notes))
    data = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(data)
    rows = [(e["line"], e["row"], e["status"]) for e in data["documents"][0]["equations"]]
    assert (11, 1, "verified") in rows and (12, 2, "refuted") in rows


def test_real_sarif_is_schema_valid(notes, capsys):
    """The SARIF of real notes validates against the OASIS schema."""
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    code, out, _ = check(capsys, "--jobs", "1", "--format", "sarif", str(notes))
    jsonschema.Draft4Validator(schema).validate(json.loads(out))
    assert code == 1


def test_markdown_format(notes, capsys):
    """``--format markdown`` gives the Markdown report on standard output."""
    code, out, _ = check(capsys, "--jobs", "1", "--format", "markdown", str(notes))
    assert out.startswith("# derive report\n") and '<a id="L12-r2"></a>' in out


def test_two_jobs_give_the_same_report_as_one(notes, capsys):
    """``--jobs 2`` (a process pool) reports exactly what ``--jobs 1`` does, in input order."""
    one = check(capsys, "--jobs", "1", "--no-cache", "--format", "json", str(notes))
    two = check(capsys, "--jobs", "2", "--no-cache", "--format", "json", str(notes))
    assert one == two
    text_one = check(capsys, "--jobs", "1", "--no-cache", str(notes))[1].splitlines()
    text_two = check(capsys, "--jobs", "2", "--no-cache", str(notes))[1].splitlines()
    assert text_one[:-1] == text_two[:-1]


def test_cache_hit_gives_the_same_report_without_checking(notes, capsys, monkeypatch):
    """A second run reads every document from the cache: same JSON, checker not called."""
    first = check(capsys, "--jobs", "1", "--format", "json", str(notes))

    def not_again(path, options):
        raise AssertionError(f"checked {path} again")

    monkeypatch.setattr(derive.api, "check_one", not_again)
    assert check(capsys, "--jobs", "1", "--format", "json", str(notes)) == first
    summary = check(capsys, "--jobs", "1", "-q", str(notes))[1]
    assert "(3 cached)" in summary


def test_cache_misses_on_new_content_or_options(notes, capsys, monkeypatch):
    """Changing a note's bytes or the options re-checks; ``--no-cache`` always does."""
    check(capsys, "--jobs", "1", str(notes))
    calls = []
    real = derive.api.check_one
    monkeypatch.setattr(derive.api, "check_one", lambda p, o: calls.append(p) or real(p, o))
    (notes / "chain.md").write_text(NOTE + "\nMore prose.\n", encoding="utf-8")
    check(capsys, "--jobs", "1", str(notes))
    assert calls == [str(notes / "chain.md")]
    check(capsys, "--jobs", "1", "--timeout", "3", str(notes / "latin.md"))
    check(capsys, "--jobs", "1", "--no-cache", str(notes / "latin.md"))
    assert calls[1:] == [str(notes / "latin.md")] * 2


def test_cache_hit_keeps_the_path_as_given(notes, capsys, tmp_path):
    """The same bytes under another name are a hit reported under the new name."""
    check(capsys, "--jobs", "1", str(notes / "chain.md"))
    copy = tmp_path / "copy.md"
    copy.write_text(NOTE, encoding="utf-8")
    code, out, _ = check(capsys, "--jobs", "1", "--format", "json", str(copy))
    assert json.loads(out)["documents"][0]["path"] == str(copy)


def test_unwritable_cache_does_not_stop_a_run(notes, capsys, monkeypatch, tmp_path):
    """A cache folder that cannot be created: the run still checks and reports."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(blocker / "cache"))
    assert check(capsys, "--jobs", "1", str(notes / "chain.md"))[0] == 1


def test_cached_rerun_does_not_import_sympy(notes, cache_dir):
    """A run whose documents are all cached never imports SymPy (a fresh interpreter)."""
    code = ("import sys; from derive.cli import main; rc = main(['check', '-qq', '--jobs', '1', "
            f"{str(notes)!r}]); print(rc, 'sympy' in sys.modules)")
    env = {"DERIVE_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=REPO, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=REPO, check=True)
    assert first.stdout.split() == ["1", "True"]
    assert second.stdout.split() == ["1", "False"]


def test_show_parse(notes, capsys):
    """``--show-parse`` prints each unit's reading with a kind guess, not verdicts."""
    code, out, _ = check(capsys, "--show-parse", str(notes / "chain.md"))
    path = notes / "chain.md"
    assert code == 0
    assert out.splitlines() == [
        f"{path}:3: relation z = w x + b",
        f"{path}:6: relation ∂[z]/∂[b] = 1",
        f"{path}:11 (row 1): relation ∂[z]/∂[w] = x",
        f"{path}:12 (row 2): relation … = 2 x",
    ]


def test_show_parse_of_a_missing_file(tmp_path, capsys):
    """``--show-parse`` on a missing file: an error line and exit 2."""
    code, out, _ = check(capsys, "--show-parse", str(tmp_path / "none.md"))
    assert code == 2 and out == f"{tmp_path / 'none.md'}: error: no such file\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_for_many_documents():
    """The bar exists for more than 3 documents on a terminal, never on a pipe."""
    assert _progress_bar(io.StringIO(), 10, 0) is None
    assert _progress_bar(Terminal(), 3, 0) is None
    assert _progress_bar(Terminal(), 10, 2) is None
    stream = Terminal()
    bar = _progress_bar(stream, 4, 0)
    bar(1, 4, "notes/a.md")
    assert "[#######.......................] 1/4 a.md" in stream.getvalue()
    bar(4, 4, "notes/d.md")
    assert stream.getvalue().endswith("\r")


def test_no_progress_on_a_pipe(notes, capsys):
    """Checking more than 3 documents with stderr captured (not a terminal) writes nothing
    to stderr."""
    for i in range(3):
        (notes / f"extra{i}.md").write_text("No math here.\n", encoding="utf-8")
    code, _, err = check(capsys, "--jobs", "1", str(notes))
    assert code == 1 and err == ""
