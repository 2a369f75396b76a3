"""The terminal reporter: linter lines, verbose details, colour, quiet levels, summary."""

from __future__ import annotations

import io

from derive.report import text
from derive.verdict import DocumentReport

from .test_report_common import notebook_report, notes_report, sample_reports, unreadable_report


def render(reports, **kw) -> str:
    out = io.StringIO()
    text.write(reports, out, **kw)
    return out.getvalue()


def test_refuted_line_has_position_reason_and_suggestion():
    """A refuted equation is one ``path:line: refuted: …`` line with reason and suggestion."""
    lines = render([notes_report()]).splitlines()
    line = next(ln for ln in lines if ln.startswith("notes/backprop.md:10:"))
    assert line.startswith("notes/backprop.md:10: refuted: ")
    assert "the left side is 5×3" in line
    assert line.endswith(r"suggestion: \delta^{[\ell]} a^{[\ell - 1]T}")


def test_rows_cells_and_warnings_are_positioned():
    """Aligned rows read ``(row 2)``, notebooks ``cell N:line``, warnings ``warning:``."""
    out = render([notes_report(), notebook_report()])
    assert "notes/backprop.md:15 (row 2): refuted: = 2\\delta — " in out
    assert "labs/swish.ipynb:cell 1:16 (row 2): refuted: " in out
    assert "notes/backprop.md:21: warning: unknown symbol ω" in out


def test_verified_and_definitions_only_when_verbose():
    """Verified equations and definitions are listed only with ``verbose``."""
    quiet = render([notes_report()])
    assert ": verified:" not in quiet and ": definition:" not in quiet
    loud = render([notes_report()], verbose=True)
    assert "notes/backprop.md:7: verified:" in loud and "notes/backprop.md:3: definition:" in loud


def test_verbose_shows_method_assumptions_counterexample_links():
    """Verbose mode adds indented method, assumptions, counterexample and chain links."""
    out = render([notes_report()], verbose=True)
    assert "    method: concrete-instance" in out
    assert "    assuming: a product of two vectors read as elementwise; g generic" in out
    assert "    counterexample: left 165.519 ≠ right -165.519 with g(x) = tanh(x) + x/10" in out
    assert "    links: 1 verified, 2 unverified (timeout)" in out


def test_summary_counts_every_status_and_document():
    """The last line counts statuses, warnings, documents, unreadable ones and cache hits."""
    last = render(sample_reports(), seconds=1.234, cached=1).splitlines()[-1]
    assert last == ("3 refuted, 1 unreadable, 3 unverified, 2 verified, 2 definition, "
                    "1 warning in 3 documents (1 not readable, 1 cached), 1.23 s")


def test_unreadable_file_is_an_error_line():
    """A file that could not be read gives ``path: error: why``."""
    assert "missing.md: error: no such file\n" in render([unreadable_report()])


def test_problem_of_a_read_file_is_a_warning():
    """A problem on a file that was read (say, not UTF-8) is a warning, not an error."""
    r = DocumentReport("latin.md", problems=("not UTF-8 (byte 3), read as Latin-1",))
    assert "latin.md: warning: not UTF-8" in render([r])


def test_document_without_equations_is_named_when_verbose():
    """A document without equations says ``no equations found``, in verbose mode only
    (a notes folder has many files of prose)."""
    assert "prose.md: note: no equations found" in render([DocumentReport("prose.md")],
                                                          verbose=True)
    assert "prose.md" not in render([DocumentReport("prose.md")]).splitlines()[0]


def test_quiet_levels():
    """``quiet=1`` keeps only the summary line, ``quiet=2`` prints nothing."""
    assert len(render(sample_reports(), quiet=1).splitlines()) == 1
    assert render(sample_reports(), quiet=2) == ""


def test_colour_only_when_asked():
    """ANSI codes appear with ``colour=True`` and never without."""
    assert "\x1b[" not in render(sample_reports())
    coloured = render(sample_reports(), colour=True)
    assert "\x1b[1;31mrefuted\x1b[0m" in coloured
