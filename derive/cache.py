"""Document reports cached by content hash, looked up before SymPy is imported.

The key is the SHA-256 of the file's bytes, the kind it is read as, the options,
the package version and a hash of the package's own source (so any change to the
checker invalidates every entry).  Entries are JSON files, one per key, written
atomically; an unreadable or stale entry is a miss, never an error.  This module
must not import SymPy (directly or through other stages).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .verdict import DocumentReport, Finding, Link, Verdict

FORMAT = 1  # bump when the stored layout changes
# Rendering does not change verdicts: edits there keep the cache.
_NOT_CHECKER = ("report", "schema", "__pycache__", "cli.py")


def default_dir() -> Path:
    """``$DERIVE_CACHE_DIR``, else ``$XDG_CACHE_HOME/derive``, else ``~/.cache/derive``."""
    if os.environ.get("DERIVE_CACHE_DIR"):
        return Path(os.environ["DERIVE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "derive"


@functools.cache
def code_hash() -> str:
    """Hash of the checker's source files (grammar included)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if rel.parts[0] in _NOT_CHECKER or p.suffix not in (".py", ".lark", ".json", ".yaml"):
            continue
        h.update(rel.as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def key(data: bytes, kind: str, options) -> str:
    """The cache key of a document's bytes read as ``kind`` under ``options``."""
    from .report.common import package_version

    h = hashlib.sha256()
    meta = {"format": FORMAT, "kind": kind, "version": package_version(), "code": code_hash(),
            "options": dataclasses.asdict(options)}
    h.update(json.dumps(meta, sort_keys=True, default=str).encode())
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def to_dict(report: DocumentReport) -> dict:
    return dataclasses.asdict(report)


def _build(cls, data: dict):
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def from_dict(data: dict) -> DocumentReport:
    """Inverse of :func:`to_dict` (lists back to tuples)."""
    equations = []
    for v in data.get("equations", ()):
        v = dict(v)
        v["links"] = tuple(_build(Link, link) for link in v.get("links", ()))
        v["assumptions"] = tuple(v.get("assumptions", ()))
        equations.append(_build(Verdict, v))
    d = dict(data)
    d["equations"] = tuple(equations)
    d["warnings"] = tuple(_build(Finding, w) for w in data.get("warnings", ()))
    d["problems"] = tuple(data.get("problems", ()))
    return _build(DocumentReport, d)


class Cache:
    """A folder of ``<key[:2]>/<key>.json`` entries."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder is not None else default_dir()

    def _file(self, k: str) -> Path:
        return self.folder / k[:2] / f"{k}.json"

    def get(self, k: str, path: str) -> DocumentReport | None:
        """The cached report for key ``k``, its path set to ``path``; None on a miss."""
        try:
            data = json.loads(self._file(k).read_text(encoding="utf-8"))
            report = from_dict(data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        return dataclasses.replace(report, path=path)

    def put(self, k: str, report: DocumentReport) -> bool:
        """Store ``report``; False when the folder cannot be written (the run goes on)."""
        target = self._file(k)
        try:
            # a report that JSON cannot hold exactly is not cached (a hit must equal a run)
            text = json.dumps(to_dict(report), ensure_ascii=False)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        except (OSError, TypeError, ValueError):
            return False
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return False
        return True
