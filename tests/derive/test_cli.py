"""``derive check`` through ``main(argv)``: exit codes, files that cannot be read,
folders, formats, options.  The checker is replaced by a fake where only the
plumbing is under test (see test_cli_pipeline.py for the real one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import derive.api
from derive.cli import main
from derive.verdict import DocumentReport, Verdict

GOOD = "Let $z = w x + b$.\n\n$$\n\\frac{\\partial z}{\\partial b} = 1\n$$\n"
BAD = "Let $z = w x + b$.\n\n$$\n\\frac{\\partial z}{\\partial w} = 2x\n$$\n"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return folder


def fake_check(path: str, options) -> DocumentReport:
    """Refutes line 6 of a file that says ``2x``, verifies it otherwise."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    status = "refuted" if "2x" in text else "verified"
    reason = "the two sides differ" if status == "refuted" else None
    eqs = (Verdict(3, "z = w x + b", "definition", "definition", display=False),
           Verdict(6, "x = y", "claim", status, reason=reason))
    return DocumentReport(path, eqs if "$" in text else ())


@pytest.fixture
def fake(monkeypatch) -> list:
    """Replace the checker by :func:`fake_check`; the list records each call's options."""
    calls = []

    def check(path, options):
        calls.append((path, options))
        return fake_check(path, options)

    monkeypatch.setattr(derive.api, "check_one", check)
    return calls


def write(folder: Path, name: str, text: str | bytes) -> str:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return str(p)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["check", "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_0_when_nothing_refuted(tmp_path, capsys, fake):
    """Nothing refuted: exit 0, only the summary line."""
    code, out, err = run(capsys, write(tmp_path, "good.md", GOOD))
    assert code == 0 and err == ""
    assert len(out.splitlines()) == 1
    assert out.startswith("0 refuted, 0 unreadable, 0 unverified, 1 verified, 1 definition "
                          "in 1 document, ")


def test_exit_1_when_something_is_refuted(tmp_path, capsys, fake):
    """A refuted equation: exit 1 and a ``path:line: refuted:`` line."""
    path = write(tmp_path, "bad.md", BAD)
    code, out, _ = run(capsys, path)
    assert code == 1
    assert out.splitlines()[0] == f"{path}:6: refuted: x = y — the two sides differ"


def test_missing_file_is_exit_2_naming_it(tmp_path, capsys, fake):
    """A missing file: exit 2, its name and why, no traceback, the others still checked."""
    good = write(tmp_path, "good.md", GOOD)
    code, out, err = run(capsys, str(tmp_path / "nope.md"), good)
    assert code == 2
    assert f"{tmp_path / 'nope.md'}: error: no such file" in out
    assert "Traceback" not in out + err and [c[0] for c in fake] == [good]


def test_missing_file_in_json_is_a_problem_and_on_stderr(tmp_path, capsys, fake):
    """With --format json the missing file is a document with a problem, and stderr says so."""
    code, out, err = run(capsys, "--format", "json", str(tmp_path / "nope.md"))
    doc = json.loads(out)["documents"][0]
    assert code == 2 and doc["readable"] is False and doc["problems"] == ["no such file"]
    assert err == f"derive: {tmp_path / 'nope.md'}: no such file\n"


def test_binary_file_is_exit_2(tmp_path, capsys, fake):
    """A binary file: exit 2 with a message naming it; the checker never sees it."""
    path = write(tmp_path, "img.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = run(capsys, path)
    assert code == 2 and f"{path}: error: binary file: not a text document" in out
    assert fake == [] and "Traceback" not in err


def test_broken_notebook_is_exit_2(tmp_path, capsys, fake):
    """A .ipynb that is not JSON: exit 2, ``not a valid notebook``."""
    path = write(tmp_path, "lab.ipynb", '{"cells": [')
    code, out, _ = run(capsys, path)
    assert code == 2 and f"{path}: error: not a valid notebook (not JSON:" in out


def test_empty_file_says_so(tmp_path, capsys, fake):
    """An empty (or blank) note: exit 0, ``warning: empty file``, the checker not called."""
    path = write(tmp_path, "empty.md", "")
    blank = write(tmp_path, "blank.md", " \n\n")
    code, out, _ = run(capsys, path, blank)
    assert code == 0 and fake == []
    assert out.startswith(f"{path}: warning: empty file\n{blank}: warning: empty file\n")


def test_folder_is_walked_sorted_with_note_suffixes_only(tmp_path, capsys, fake):
    """A folder is searched recursively, in sorted order, for note suffixes; hidden folders
    (``.ipynb_checkpoints``) and other files are skipped."""
    for name in ("b.md", "a/z.tex", "a/y.ipynb", "c.txt", "d.markdown", "script.py",
                 ".ipynb_checkpoints/y-checkpoint.ipynb", "e.MD"):
        write(tmp_path / "notes", name, GOOD if not name.endswith("ipynb") else '{"cells": []}')
    code, out, _ = run(capsys, "--format", "json", str(tmp_path / "notes"))
    paths = [Path(d["path"]).relative_to(tmp_path / "notes").as_posix()
             for d in json.loads(out)["documents"]]
    assert code == 0
    assert paths == ["a/y.ipynb", "a/z.tex", "b.md", "c.txt", "d.markdown", "e.MD"]


def test_a_file_given_twice_is_checked_once(tmp_path, capsys, fake):
    """Repeated paths (or a file inside a folder also given) are checked once."""
    path = write(tmp_path, "good.md", GOOD)
    run(capsys, path, path, str(tmp_path))
    assert len(fake) == 1


def test_folder_without_notes_is_exit_2(tmp_path, capsys, fake):
    """A folder with no notes and nothing else to check: exit 2, both said on stderr."""
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, str(tmp_path / "empty"))
    assert code == 2 and out == ""
    assert "no notes (.md, .markdown, .txt, .tex, .ipynb) found" in err
    assert "derive: nothing to check" in err


@pytest.mark.parametrize("argv, message", [
    (["--format", "pdf", "x.md"], "invalid choice: 'pdf'"),
    (["--jobs", "0", "x.md"], "--jobs must be at least 1"),
    (["--timeout", "-1", "x.md"], "--timeout must be positive"),
    ([], "the following arguments are required: PATH"),
])
def test_usage_errors_exit_2_with_a_message(capsys, argv, message):
    """Bad arguments: exit 2, the problem on stderr, no traceback."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_no_command_is_a_usage_error(capsys):
    """``derive`` alone: exit 2 and the usage."""
    assert main([]) == 2
    assert "usage: derive" in capsys.readouterr().err


def test_output_file(tmp_path, capsys, fake):
    """``-o FILE`` writes the report there and nothing to standard output."""
    target = tmp_path / "report.json"
    code, out, _ = run(capsys, "--format", "json", "-o", str(target),
                       write(tmp_path, "bad.md", BAD))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["refuted"] == 1


def test_unwritable_output_is_exit_2(tmp_path, capsys, fake):
    """An output file that cannot be written: exit 2 and a message."""
    code, _, err = run(capsys, "-o", str(tmp_path / "no" / "such" / "dir" / "r.txt"),
                       write(tmp_path, "good.md", GOOD))
    assert code == 2 and "cannot write" in err


def test_quiet_levels(tmp_path, capsys, fake):
    """``-q`` prints only the summary, ``-qq`` nothing; the exit status stays."""
    path = write(tmp_path, "bad.md", BAD)
    code, out, _ = run(capsys, "-q", path)
    assert code == 1 and len(out.splitlines()) == 1 and out.startswith("1 refuted")
    code, out, err = run(capsys, "-qq", path)
    assert (code, out, err) == (1, "", "")


def test_colour_only_on_request_or_terminal(tmp_path, capsys, fake):
    """``--color always`` colours; ``auto`` on a pipe does not; ``never`` never does."""
    path = write(tmp_path, "bad.md", BAD)
    assert "\x1b[" in run(capsys, "--color", "always", path)[1]
    assert "\x1b[" not in run(capsys, path)[1]
    assert "\x1b[" not in run(capsys, "--color", "never", path)[1]


def test_verbose_lists_every_equation(tmp_path, capsys, fake):
    """``-v`` lists verified equations and definitions too."""
    out = run(capsys, "-v", write(tmp_path, "good.md", GOOD))[1]
    assert ":3: definition:" in out and ":6: verified:" in out


def test_notation_file_pins_conventions(tmp_path, capsys, fake):
    """``--notation`` passes the file's pairs, in order, as Options.conventions."""
    notation = write(tmp_path, "notation.yaml", "derive:\n  vectors: row\n  sigma: logistic\n")
    run(capsys, "--notation", notation, "--timeout", "2.5", "--seed", "7",
        write(tmp_path, "good.md", GOOD))
    options = fake[0][1]
    assert options.conventions == (("vectors", "row"), ("sigma", "logistic"))
    assert (options.timeout, options.seed) == (2.5, 7)


def test_bad_notation_file_is_exit_2(tmp_path, capsys, fake):
    """A notation file that is not key: value pairs (or missing): exit 2 and why."""
    bad = write(tmp_path, "n.yaml", "- a list\n- not pairs\n")
    code, _, err = run(capsys, "--notation", bad, write(tmp_path, "good.md", GOOD))
    assert code == 2 and "expected 'key: value' lines" in err
    code, _, err = run(capsys, "--notation", str(tmp_path / "none.yaml"), "x.md")
    assert code == 2 and "cannot read notation file" in err


def test_internal_error_is_a_problem_not_a_traceback(tmp_path, capsys, monkeypatch):
    """A bug in the checker becomes an ``internal error`` problem with exit 2."""
    def boom(path, options):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr("derive.check.check_file", boom)
    monkeypatch.delenv("DERIVE_DEBUG", raising=False)
    code, out, err = run(capsys, write(tmp_path, "good.md", GOOD))
    assert code == 2 and "internal error in derive (ZeroDivisionError: oops)" in out
    assert "Traceback" not in out + err


def test_report_folder(tmp_path, capsys, fake):
    """``derive report -o DIR`` writes index.html and a page per note, exit as check."""
    code = main(["report", "--jobs", "1", "-o", str(tmp_path / "site"),
                 write(tmp_path, "bad.md", BAD), write(tmp_path, "good.md", GOOD)])
    out = capsys.readouterr().out
    assert code == 1 and "wrote " in out
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        "bad.html", "bad.md", "good.html", "good.md", "index.html", "index.md"]


def test_report_needs_an_output_folder(capsys):
    """``derive report`` without -o is a usage error."""
    assert main(["report", "x.md"]) == 2
    assert "-o/--output" in capsys.readouterr().err
