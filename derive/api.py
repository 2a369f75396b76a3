"""Checking many documents: finding the notes, the cache, a process pool.

Nothing here imports SymPy until a document actually has to be checked, so a
run whose documents are all cached never pays for it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, key
from .check import Options, kind_of
from .verdict import DocumentReport

NOTE_SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".ipynb")
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "_build", "site-packages"})

Progress = Callable[[int, int, str], None]


@dataclass
class Run:
    """What :func:`check_paths` returns: reports in input order, how many came from the
    cache, and the wall time."""

    reports: list[DocumentReport]
    cached: int = 0
    seconds: float = 0.0


def collect(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[str]]:
    """Files to check, in order and without repeats: files as given, folders walked
    (sorted, hidden folders skipped) for the note suffixes.  Paths that do not exist
    are kept (they become unreadable reports); the second list says which folders
    held no notes."""
    files: list[str] = []
    empty: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        norm = os.path.normpath(os.path.abspath(p))
        if norm not in seen:
            seen.add(norm)
            files.append(p)

    for raw in paths:
        p = os.fspath(raw)
        if not os.path.isdir(p):
            add(p)
            continue
        found = []
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith(".") and d not in SKIP_DIRS)
            found += [os.path.join(dirpath, f) for f in filenames
                      if f.lower().endswith(NOTE_SUFFIXES) and not f.startswith(".")]
        if not found:
            empty.append(p)
        for f in sorted(found):
            add(f)
    return files, empty


class NotationError(ValueError):
    """A notation file that cannot be read as ``key: value`` pairs."""


def read_notation(path: str | os.PathLike) -> tuple[tuple[str, str], ...]:
    """Pinned conventions from a YAML (or plain ``key: value``) file.  A top-level
    ``derive:`` mapping, as in front matter, is accepted too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise NotationError(f"cannot read notation file {path}: {getattr(e, 'strerror', e)}") \
            from None
    data = _load_yaml(text, path)
    if isinstance(data, dict) and set(data) == {"derive"} and isinstance(data["derive"], dict):
        data = data["derive"]
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise NotationError(f"{path}: expected 'key: value' lines")
    out = []
    for k, v in data.items():
        if isinstance(v, dict | list):
            raise NotationError(f"{path}: the value of {k!r} must be a single word or number")
        out.append((str(k), str(v).lower() if isinstance(v, bool) else str(v)))
    return tuple(out)


def _load_yaml(text: str, path) -> object:
    try:
        import yaml
    except ImportError:  # PyYAML is optional: plain key: value lines still work
        return _plain_pairs(text, path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise NotationError(f"{path}: not YAML: {e}") from None


def _plain_pairs(text: str, path) -> dict:
    out = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        k, sep, v = line.partition(":")
        if not sep or not k.strip():
            raise NotationError(f"{path}:{n}: expected 'key: value'")
        out[k.strip()] = v.strip().strip("'\"")
    return out


def preflight(path: str) -> tuple[bytes | None, str | None]:
    """The file's bytes, or why it cannot be read as a document at all."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None, "no such file"
    except IsADirectoryError:
        return None, "is a folder"
    except OSError as e:
        return None, f"cannot read: {e.strerror or e}"
    if b"\x00" in data[:8192]:
        return None, "binary file: not a text document"
    if kind_of(path) == "notebook":
        try:
            nb = json.loads(data)
        except ValueError as e:
            return None, f"not a valid notebook (not JSON: {e})"
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            return None, "not a valid notebook (no list of cells)"
    return data, None


def check_one(path: str, options: Options) -> DocumentReport:
    """Check one file; a bug in the checker becomes a problem on the document (with
    ``DERIVE_DEBUG=1`` it is raised instead)."""
    from .check import check_file

    try:
        return check_file(path, options)
    except Exception as e:
        if os.environ.get("DERIVE_DEBUG"):
            raise
        return DocumentReport(path, problems=(
            f"internal error in derive ({type(e).__name__}: {e}); please report it",),
            readable=False)


def check_paths(files: Sequence[str], options: Options | None = None, *, jobs: int | None = None,
                cache: Cache | None = None, progress: Progress | None = None) -> Run:
    """Check ``files`` (as :func:`collect` gives them); reports come in input order.

    ``jobs`` is the number of worker processes (None: every core; 1: in this
    process).  ``cache`` is looked up before anything imports SymPy.
    """
    options = options or Options()
    start = time.perf_counter()
    reports: list[DocumentReport | None] = [None] * len(files)
    todo: list[tuple[int, str | None]] = []  # (index, cache key)
    cached = 0
    for i, path in enumerate(files):
        data, why = preflight(path)
        if why is not None:
            reports[i] = DocumentReport(path, problems=(why,), readable=False)
            continue
        if not data.strip():  # nothing to check: say so rather than stay silent
            reports[i] = DocumentReport(path, problems=("empty file",))
            continue
        k = key(data, kind_of(path), options) if cache is not None else None
        hit = cache.get(k, path) if k is not None else None
        if hit is not None:
            reports[i] = hit
            cached += 1
        else:
            todo.append((i, k))
    done = len(files) - len(todo)
    if progress and done:
        progress(done, len(files), "")
    keys = dict(todo)
    for i, report in _run(files, todo, options, jobs):
        reports[i] = report
        k = keys[i]
        if cache is not None and k is not None and report.readable:
            cache.put(k, report)
        done += 1
        if progress:
            progress(done, len(files), files[i])
    return Run([r for r in reports if r is not None], cached, time.perf_counter() - start)


def _run(files, todo, options, jobs):
    """(index, report) pairs as they finish."""
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        for i, _ in todo:
            yield i, check_one(files[i], options)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        futures = {pool.submit(check_one, files[i], options): i for i, _ in todo}
        for f in as_completed(futures):
            yield futures[f], f.result()


def _context():
    """Workers fork from a server that has imported the checker once (SymPy's import
    is most of a small note's cost); ``spawn`` where there is no fork."""
    import multiprocessing

    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["derive.check", "derive.verify"])
        return ctx
    return multiprocessing.get_context("spawn")
