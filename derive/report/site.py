"""``derive report``: a folder with one HTML page and one Markdown file per
document, plus ``index.html`` and ``index.md``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePath

from ..verdict import DocumentReport
from .htmlpage import document_page, index_page
from .markdown import document_md, index_md


def page_names(paths: Sequence[str]) -> list[str]:
    """A file stem per document: the file's stem when that is unique, else its path
    with separators as ``-``; never ``index``."""
    stems = [_slug(PurePath(p).stem) for p in paths]
    out = []
    for p, stem in zip(paths, stems, strict=True):
        if stems.count(stem) > 1 or stem == "index":
            stem = _slug(PurePath(p).as_posix().lstrip("./").replace("/", "-"))
        out.append(stem)
    seen: dict[str, int] = {}
    unique = []
    for name in out:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return unique


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "document"


def write_site(reports: Sequence[DocumentReport], folder: str | Path) -> list[Path]:
    """Write the pages; returns the paths written, index first."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    names = page_names([r.path for r in reports])
    written = [root / "index.html", root / "index.md"]
    written[0].write_text(index_page(reports, [f"{n}.html" for n in names]), encoding="utf-8")
    written[1].write_text(index_md(reports, [f"{n}.md" for n in names]), encoding="utf-8")
    for r, name in zip(reports, names, strict=True):
        html_path, md_path = root / f"{name}.html", root / f"{name}.md"
        html_path.write_text(document_page(r), encoding="utf-8")
        md_path.write_text(document_md(r) + "\n[← all documents](index.md)\n", encoding="utf-8")
        written += [html_path, md_path]
    return written
