"""The ``derive`` command line: ``derive check`` and ``derive report``.

Thin by design: arguments in, :func:`derive.api.check_paths` for the work,
:mod:`derive.report` for the output.  Exit status: 0 nothing refuted, 1 something
refuted, 2 bad usage or a file that could not be read.  No SymPy import at module
level, so a run whose documents are all cached stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .api import NOTE_SUFFIXES, NotationError, check_paths, collect, preflight, read_notation
from .cache import Cache
from .check import Options
from .report import FORMATS
from .report import write as write_report
from .report.common import package_version, unreadable_document

EXIT_OK, EXIT_REFUTED, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or options: a message, exit status 2, no traceback."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print and sys.exit; we return 2 from main
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="note files or folders (folders are searched for "
                        + ", ".join(NOTE_SUFFIXES) + ")")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes over documents (default: every core; 1: no pool)")
    p.add_argument("--timeout", type=float, default=Options.timeout, metavar="S",
                   help=f"time budget per claim in seconds (default {Options.timeout:g})")
    p.add_argument("--seed", type=int, default=Options.seed, help="random seed (default 0)")
    p.add_argument("--notation", metavar="FILE",
                   help="YAML or 'key: value' file of pinned conventions")
    p.add_argument("--no-cache", action="store_true", help="check everything again")
    p.add_argument("-q", "--quiet", action="count", default=0,
                   help="-q: only the summary; -qq: nothing but the exit status")


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="derive", description="Check the equations of backpropagation notes.")
    top.add_argument("--version", action="version", version=f"derive {package_version()}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    check = sub.add_parser("check", help="give every equation a verdict",
                           description="Give every equation of the notes a verdict.")
    _common(check)
    check.add_argument("-f", "--format", choices=sorted(FORMATS), default="text")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    check.add_argument("-v", "--verbose", action="store_true",
                       help="list every equation, with method, assumptions, counterexample")
    check.add_argument("--color", "--colour", choices=("auto", "always", "never"),
                       default="auto", dest="color", help="colour the text report")
    check.add_argument("--show-parse", action="store_true",
                       help="print how each formula was read instead of verdicts")
    report = sub.add_parser("report", help="write an HTML and Markdown report folder",
                            description="Write one HTML page and one Markdown file per "
                                        "document, and index.html, into a folder.")
    _common(report)
    report.add_argument("-o", "--output", metavar="DIR", required=True, help="report folder")
    export = sub.add_parser("export", help="write a note's verified network as a NumPy module",
                            description="Check NOTE and, when every gradient formula in it is "
                                        "verified, write its network (forward, cost, "
                                        "gradients) as a NumPy module.")
    export.add_argument("note", metavar="NOTE")
    export.add_argument("-o", "--output", metavar="FILE", help="the module (default: stdout)")
    return top


def export(args, out: TextIO, err: TextIO) -> int:
    from .export import ExportRefused, generate
    if not os.path.isfile(args.note):
        raise UsageError(f"{args.note}: no such file")
    try:
        text = generate(args.note, args.output or "module.py")
    except ExportRefused as e:
        err.write(f"derive: export refused: {e}\n")
        return EXIT_REFUTED
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
        err.write(f"derive: wrote {args.output}\n")
    else:
        out.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    out, err = sys.stdout, sys.stderr
    try:
        args = parser().parse_args(argv)
        if args.command == "export":
            return export(args, out, err)
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        if args.timeout <= 0:
            raise UsageError("--timeout must be positive")
        conventions = read_notation(args.notation) if args.notation else ()
        options = Options(timeout=args.timeout, conventions=conventions, seed=args.seed)
        files, empty = collect(args.paths)
        for folder in empty:
            err.write(f"derive: {folder}: no notes ({', '.join(NOTE_SUFFIXES)}) found\n")
        if not files:
            raise UsageError("nothing to check")
        if args.command == "check" and args.show_parse:
            return show_parse(files, out)
        run = check_paths(files, options, jobs=args.jobs,
                          cache=None if args.no_cache else Cache(),
                          progress=_progress_bar(err, len(files), args.quiet))
        if args.command == "report":
            return write_folder(run, args, out, err)
        return write_check(run, args, out, err)
    except (UsageError, NotationError) as e:
        err.write(f"derive: {e}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("derive: interrupted\n")
        return 130
    except BrokenPipeError:  # `derive check … | head`: the reader left, say nothing more
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # what a shell reports for a process ended by SIGPIPE


def status(reports) -> int:
    if any(unreadable_document(r) for r in reports):
        return EXIT_ERROR
    return EXIT_REFUTED if any(r.refuted for r in reports) else EXIT_OK


def write_check(run, args, out: TextIO, err: TextIO) -> int:
    if args.format != "text":  # the document itself holds the problem; say it here too
        for r in run.reports:
            if unreadable_document(r) and args.quiet < 2:
                err.write(f"derive: {r.path}: {'; '.join(r.problems)}\n")
    options = {}
    if args.format == "text":
        colour = args.color == "always" or (
            args.color == "auto" and not args.output and _isatty(out)
            and not os.environ.get("NO_COLOR"))
        options = dict(colour=colour, verbose=args.verbose, quiet=args.quiet,
                       seconds=run.seconds, cached=run.cached)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                write_report(args.format, run.reports, f, **options)
        except OSError as e:
            raise UsageError(f"cannot write {args.output}: {e.strerror or e}") from None
    elif args.format != "text" and args.quiet >= 2:
        pass
    else:
        write_report(args.format, run.reports, out, **options)
    return status(run.reports)


def write_folder(run, args, out: TextIO, err: TextIO) -> int:
    from .report.site import write_site
    from .report.text import summary_line

    try:
        written = write_site(run.reports, args.output)
    except OSError as e:
        raise UsageError(f"cannot write to {args.output}: {e.strerror or e}") from None
    for r in run.reports:
        if unreadable_document(r) and args.quiet < 2:
            err.write(f"derive: {r.path}: {'; '.join(r.problems)}\n")
    if args.quiet < 2:
        out.write(summary_line(run.reports, run.seconds, run.cached) + "\n")
        if not args.quiet:
            out.write(f"wrote {written[0]} and {len(written) - 1} more files\n")
    return status(run.reports)


def show_parse(files: Sequence[str], out: TextIO) -> int:
    """``--show-parse``: one line per statement, how it was read."""
    from .extract import extract_file
    from .report.parseview import write_units

    code = EXIT_OK
    for path in files:
        _, why = preflight(path)
        if why is not None:
            out.write(f"{path}: error: {why}\n")
            code = EXIT_ERROR
            continue
        write_units(extract_file(path), out)
    return code


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _progress_bar(err: TextIO, total: int, quiet: int):
    """A one-line bar on a terminal's stderr for more than 3 documents; else nothing."""
    if total <= 3 or quiet >= 2 or not _isatty(err):
        return None
    width = 30

    def progress(done: int, total: int, path: str) -> None:
        filled = width * done // max(total, 1)
        name = os.path.basename(path)[:30]
        err.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<30}")
        if done >= total:
            err.write("\r" + " " * (width + 45) + "\r")
        err.flush()

    return progress


if __name__ == "__main__":
    sys.exit(main())
