"""derive: check the equations of backpropagation notes.

    from derive import check_file, Options
    report = check_file("notes.md", Options(timeout=2.0))
    for v in report.equations:
        print(v.line, v.status, v.reason)

Importing this package is light: SymPy is imported only when a document is checked.
See docs/api.md.
"""

from .check import Options, check_file, check_text
from .verdict import DocumentReport, Finding, Link, Verdict

__all__ = ["DocumentReport", "Finding", "Link", "Options", "Verdict", "check_file", "check_text"]
