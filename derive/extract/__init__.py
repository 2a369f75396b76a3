"""Extraction: every math unit of a document, with its line.

    from derive.extract import extract_file
    source = extract_file("notes.md")
    for unit in source.units:
        print(unit.line, unit.row, unit.display, unit.latex)

Formats: markdown (``.md``, ``.markdown``, ``.txt`` and anything unknown), LaTeX
(``.tex``) and Jupyter notebooks (``.ipynb``).  A display is one unit, an aligned block
(``aligned``, ``align``, ``gather``, ``split``, ``eqnarray``, ...) one unit per row, and
inline math a unit with ``display=False``.

The fields of a :class:`MathUnit`:

* ``latex``: the text as written, without delimiters; rows lose their ``\\\\`` and every
  unit loses ``\\label{…}``, ``\\nonumber`` and ``\\notag`` (``&`` and ``\\tag`` stay).
  In markdown, HTML entities are decoded; markdown escapes such as ``\\_`` are kept.
* ``line``/``column``: where the unit's own text starts (1-based).  For ``$$`` on a
  line of its own that is the next line; for a row, the row's first character.
* ``block_line``: the line of the opening delimiter (``$$``, ``\\[``, ``\\begin{…}``,
  or the ``$`` of inline math).
* ``row``: 1-based row of an aligned block, else ``None``; ``env``: that block's
  environment (or ``equation``, ``multline``, ... for a single equation in one).
* ``display``: ``False`` for ``$…$``, ``\\(…\\)`` and kramdown's ``$$…$$`` sharing its
  line with prose.
* ``cell``: notebooks only, the 0-based index of the cell among all cells; ``line`` and
  ``block_line`` are then lines of the cell's joined source and ``file_line`` the line
  of the ``.ipynb`` file holding that source string (``None`` elsewhere, or not found).

``Source.prose`` holds the paragraphs outside display math with their first line; inline
math is kept in them as written (``$\\sigma$ is the logistic function``), so that the
model can read which symbol a convention names.

Nothing here raises on a document, however broken: what could not be read is said in
``Source.problems`` as ``"message"`` or ``"line N: message"`` (``"cell K, line N: ..."``
in notebooks); the caller prefixes the path.
"""

from __future__ import annotations

from pathlib import Path

from ..units import MathUnit, Prose, Source

__all__ = ["KINDS", "MathUnit", "Prose", "Source", "extract_file", "extract_text", "kind_of"]

KINDS = ("markdown", "tex", "notebook", "text")
SUFFIXES = {".tex": "tex", ".ltx": "tex", ".latex": "tex", ".ipynb": "notebook"}
MAX_BYTES = 20_000_000  # ~10 s of parsing; a larger file is refused, not half-read
MAX_PROBLEMS = 20  # per file, so a badly broken file gives a readable list


def kind_of(path: str | Path) -> str:
    """``tex`` for ``.tex``, ``notebook`` for ``.ipynb``, else ``markdown``."""
    return SUFFIXES.get(Path(path).suffix.lower(), "markdown")


def decode(data: bytes) -> tuple[str | None, list[str]]:
    """The text of a file and what was odd about it; ``None`` for a binary file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            return None, ["binary file (a UTF-16 mark, but not UTF-16)"]
    if b"\x00" in data:
        return None, ["binary file"]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return data.decode("latin-1"), [f"not UTF-8 (line {line}), read as Latin-1"]


def _normalise(text: str) -> str:
    """One line ending (``\\n``) and no NUL, as the markdown parser would make them."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "\ufffd")


def _problems(found: list, prefix: str = "") -> tuple[str, ...]:
    out = [m if isinstance(m, str) else f"line {m[0]}: {m[1]}" for m in found]
    if len(out) > MAX_PROBLEMS:
        out = out[:MAX_PROBLEMS] + [f"... and {len(out) - MAX_PROBLEMS} more"]
    return tuple(prefix + m for m in out)


def extract_text(text: str, kind: str = "markdown", path: str = "<text>") -> Source:
    """Every math unit and prose paragraph of ``text``.

    ``kind`` is ``markdown``, ``tex``, ``notebook`` (the raw JSON) or ``text`` (read as
    markdown); another value is a programming error and raises ``ValueError``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if "\x00" in text and kind != "notebook":
        return Source(path, (), problems=("binary file",))
    text = _normalise(text)
    front: dict = {}
    if kind == "tex":
        from .tex import tex_units

        units, prose, found = tex_units(text)
    elif kind == "notebook":
        from .notebook import notebook_units

        units, prose, found = notebook_units(text)
    else:
        from .markdown import markdown_units

        units, prose, front, found = markdown_units(text)
    if "command" in text or "\\def" in text or "DeclareMathOperator" in text:
        units = _with_macros(text, units)
    return Source(path, tuple(units), tuple(prose), front, _problems(found))


def _with_macros(text: str, units) -> list:
    """The note's own macros expanded in every unit; a unit that only defines macros
    (``$\\newcommand{\\R}{\\mathbb{R}}$``) is dropped."""
    from dataclasses import replace

    from ..macros import collect, expand
    macros = collect(text)
    if not macros:
        return list(units)
    out = []
    for u in units:
        if collect(u.latex) and not expand(_strip_definitions(u.latex), {}).strip():
            continue
        out.append(replace(u, latex=expand(u.latex, macros)))
    return out


def _strip_definitions(latex: str) -> str:
    import re
    return re.sub(r"\\(re)?newcommand.*|\\def.*|\\DeclareMathOperator.*", "", latex)


def extract_file(path: str | Path) -> Source:
    """Read and extract one file; a missing, binary or undecodable file gives a
    :class:`Source` whose ``problems`` say so, never an exception."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            return Source(name, (), problems=(
                f"too large to read ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 10**6} MB)",))
        data = p.read_bytes()
    except OSError as e:
        return Source(name, (), problems=(f"cannot read: {e.strerror or e}",))
    text, problems = decode(data)
    if text is None:
        return Source(name, (), problems=tuple(problems))
    source = extract_text(text, kind_of(p), name)
    return Source(name, source.units, source.prose, source.front_matter,
                  tuple(problems) + source.problems)
