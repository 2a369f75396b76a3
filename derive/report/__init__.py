"""Reporters: each renders :class:`derive.verdict.DocumentReport`s to a stream it is
given (or, for :mod:`.site`, to a folder).  The only stage that writes output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TextIO

from ..verdict import DocumentReport

FORMATS = {"text": "text", "json": "jsonout", "sarif": "sarif", "markdown": "markdown"}


def writer(fmt: str) -> Callable[..., None]:
    """The ``write(reports, stream, **options)`` function of a format."""
    return import_module(f".{FORMATS[fmt]}", __name__).write


def write(fmt: str, reports: Sequence[DocumentReport], out: TextIO, **options) -> None:
    writer(fmt)(reports, out, **options)
