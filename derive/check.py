"""The pipeline for one document: extract, parse, model, verify.  No printing here."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from .verdict import DocumentReport

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown", ".tex": "tex",
            ".ipynb": "notebook"}


@dataclass(frozen=True)
class Options:
    """How to check: per-claim time budget in seconds, pinned conventions, random seed."""

    timeout: float = 4.0
    conventions: tuple[tuple[str, str], ...] = ()
    seed: int = 0


def kind_of(path: str | Path) -> str:
    return SUFFIXES.get(Path(path).suffix.lower(), "markdown")


def check_text(text: str, kind: str = "markdown", path: str = "<text>",
               options: Options | None = None) -> DocumentReport:
    """Check a document given as text; ``kind`` is markdown, tex or notebook."""
    from .extract import extract_text

    return _check(extract_text(text, kind=kind, path=path), options or Options())


def check_file(path: str | Path, options: Options | None = None) -> DocumentReport:
    """Check one file; unreadable files give a report with ``problems``, never raise."""
    from .extract import extract_file

    return _check(extract_file(str(path)), options or Options())


def _check(source, options: Options) -> DocumentReport:
    from .verify import verify_source

    start = time.perf_counter()
    report = verify_source(source, options)
    return replace(report, seconds=time.perf_counter() - start)
