"""Math units and prose of a markdown text, read with a CommonMark parser.

markdown-it (with the rules in :mod:`.mdrules` and GFM tables) decides what is math,
code, HTML or prose; this module only walks its tokens.  Code (fenced or indented) and
HTML blocks never yield units.  Inline tokens do not record where they start, so each
line of an inline token's content is found again in its source line (the content is
that line minus container markers such as ``>`` or ``- ``), which gives every formula
its line and column.

Front matter is a leading ``---`` block whose lines look like YAML (``key: value``); a
``---`` rule followed by prose is not front matter.
"""

from __future__ import annotations

import re

from ..units import MathUnit, Prose
from .mdrules import parse_inline, parser
from .rows import Lines, Span, UnitMaker, decode_entities

_MATH_INLINE = {"math_inline": ("$", "$"), "math_inline_double": ("$$", "$$"),
                "math_inline_paren": ("\\(", "\\)"), "math_inline_bracket": ("\\[", "\\]")}
MAX_FRONT_MATTER_LINES = 1000  # a longer "front matter" is a document between two rules
_MAY_HOLD_MATH = re.compile(r"\$|\\[(\[]")
_BEFORE_DISPLAY = re.compile(r"[\s>]*")
_AFTER_DISPLAY = re.compile(r"\s*(?:[.,;:]\s*)?")
_FENCE = re.compile(r"(-{3,}|\.{3})[ \t]*")
_YAML_KEY = re.compile(r"[^\s:#-][^:]*:(?:\s.*)?")
_YAML_LINE = re.compile(r"\s*(?:#.*)?|\s.*|-\s.*|-|" + _YAML_KEY.pattern)


def front_matter_lines(lines: list[str]) -> int:
    """Number of lines taken by leading front matter (fences included), or 0."""
    if not lines or not re.fullmatch(r"-{3,}[ \t]*", lines[0]):
        return 0
    for k in range(1, min(len(lines), MAX_FRONT_MATTER_LINES)):
        if _FENCE.fullmatch(lines[k]):
            body = lines[1:k]
            if any(_YAML_KEY.fullmatch(t) for t in body) \
                    and all(_YAML_LINE.fullmatch(t) for t in body):
                return k + 1
            return 0
        if not _YAML_LINE.fullmatch(lines[k]):
            return 0
    return 0


def parse_front_matter(text: str) -> dict:
    """The front matter as a dict, read with PyYAML when it is installed (else empty:
    front matter only pins conventions, and nothing else depends on it)."""
    try:
        import yaml
    except ImportError:
        return {}
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _content_starts(content: str, first_line: int, lines: Lines, cursors: dict) -> Span:
    """Where each line of an inline token's content sits in the source.

    Line k of the content comes from source line ``first_line + k`` with its container
    markers removed, so it is found in that line; ``cursors`` keeps, per line, where the
    previous token on it ended (table cells share a line).
    """
    starts, at = [], 0
    src = lines.text
    for k, piece in enumerate(content.split("\n")):
        line = min(first_line + k, len(lines))
        lo, hi = lines.bounds(line)
        lo = max(lo, cursors.get(line, lo))
        i = src.find(piece, lo, hi) if piece else -1
        i = lo if i < 0 else i
        cursors[line] = i + len(piece)
        starts.append((at, i))
        at += len(piece) + 1
    return Span(content, tuple(starts))


def _own_lines(lines: Lines, span: Span, start: int, end: int) -> bool:
    """Whether ``span.text[start:end]`` fills its lines: nothing but container markers
    before it, nothing but punctuation after it (kramdown's ``$$`` as a display)."""
    first, last = span.absolute(start), span.absolute(end - 1) + 1
    lo = lines.bounds(lines.locate(first)[0])[0]
    hi = lines.bounds(lines.locate(last)[0])[1]
    return _BEFORE_DISPLAY.fullmatch(lines.text, lo, first) is not None \
        and _AFTER_DISPLAY.fullmatch(lines.text, last, hi) is not None


def _inline(token, make: UnitMaker, cursors: dict, env: dict) -> tuple[list[MathUnit], str]:
    """The inline math of one inline token, and its prose with the math kept as written.

    Text with no ``$``, ``\\(`` or ``\\[`` is not parsed inline: its prose is the text
    itself, entities decoded (markup such as ``*`` or ``[]()`` is left in; the model
    only looks for words in prose).
    """
    if not _MAY_HOLD_MATH.search(token.content):
        return [], decode_entities(token.content)
    span = None
    units, words = [], []
    for child in parse_inline(token, env):
        kind = child.type
        if kind in _MATH_INLINE:
            opener, closer = _MATH_INLINE[kind]
            words.append(f"{opener}{child.content}{closer}")
            if span is None:
                span = _content_starts(token.content, token.map[0] + 1, make.lines, cursors)
            pos = (child.meta or {}).get("pos", 0)
            start = pos + len(opener)
            end = start + len(child.content)
            block_line = make.lines.locate(span.absolute(pos))[0]
            display = kind == "math_inline_bracket" or (
                kind == "math_inline_double" and _own_lines(make.lines, span, pos, end + 2))
            units += make.units(span, block_line, start, end, display=display)
        elif kind in ("text", "text_special", "code_inline"):  # text_special: \* and &lt;
            words.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            words.append("\n")
    return units, "".join(words)


def markdown_units(text: str, cell: int | None = None, front_matter: bool = True):
    """``(units, prose, front matter, problems)`` of a markdown text.

    ``problems`` are ``(line, message)`` pairs for constructs read only in part.
    """
    front: dict = {}
    source_lines = text.split("\n")
    skip = front_matter_lines(source_lines) if front_matter else 0
    if skip:
        front = parse_front_matter("\n".join(source_lines[1:skip - 1]))
        text = "\n" * skip + "\n".join(source_lines[skip:])
    lines = Lines(text)
    make = UnitMaker(lines, cell=cell, entities=True)
    env: dict = {}
    units: list[MathUnit] = []
    prose: list[Prose] = []
    cursors: dict = {}
    for token in parser().parse(text, env):
        if token.type == "math_display" and token.map:
            span = token.meta["span"]
            units += make.units(span, token.map[0] + 1, env=token.info or None)
        elif token.type == "inline" and token.map:
            found, words = _inline(token, make, cursors, env)
            units += found
            if words.strip():
                prose.append(Prose(words, token.map[0] + 1, cell))
    return units, prose, front, env.get("derive_problems", [])
