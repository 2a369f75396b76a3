"""Math units of a document, with their lines: markdown, LaTeX, notebooks.

Markdown is read with a CommonMark parser (markdown-it-py with the dollar-math,
amsmath, front-matter and table extensions), never with regular expressions over
the whole file; LaTeX files are scanned environment by environment after the
preamble and comments are dropped.  Aligned blocks become one unit per row.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

from .units import MathUnit, Prose, Source

ROW_ENVS = ("aligned", "align*", "align", "split", "gathered", "gather*", "gather",
            "eqnarray*", "eqnarray", "alignat*", "alignat", "multline*", "multline")
MAX_BYTES = 20_000_000
_BEGIN = re.compile(r"\\begin\{(" + "|".join(re.escape(e) for e in ROW_ENVS) + r")\}")


@cache
def _markdown():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return (MarkdownIt("commonmark").use(front_matter_plugin)
            .use(dollarmath_plugin, double_inline=True, allow_space=True, allow_digits=True)
            .use(amsmath_plugin).enable("table"))


def _rows(latex: str, first_line: int, block_line: int, **kw) -> list[MathUnit]:
    """Split an aligned environment at top-level ``\\\\``; other math is one unit."""
    m = _BEGIN.search(latex)
    if not m:
        text = latex.strip()
        offset = len(latex) - len(latex.lstrip())
        line = first_line + latex.count("\n", 0, offset)
        return [MathUnit(text, line, block_line=block_line, **kw)] if text else []
    env = m.group(1)
    end = latex.rfind(f"\\end{{{env}}}")
    body_start = m.end()
    body = latex[body_start:end if end >= 0 else len(latex)]
    out, depth, start, i, row = [], 0, 0, 0, 0
    pieces = []
    while i < len(body):
        c = body[i]
        if c == "\\" and body.startswith("\\begin{", i):
            depth += 1
        elif c == "\\" and body.startswith("\\end{", i):
            depth -= 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "\\" and body.startswith("\\\\", i) and depth == 0:
            pieces.append((start, i))
            start = i + 2
            i += 2
            continue
        if c == "\\":
            i += 2
            continue
        i += 1
    pieces.append((start, len(body)))
    for a, b in pieces:
        raw = body[a:b]
        text = raw.strip()
        if not text:
            continue
        row += 1
        lead = len(raw) - len(raw.lstrip())
        pos = body_start + a + lead
        line = first_line + latex.count("\n", 0, pos)
        out.append(MathUnit(text, line, row=row, block_line=block_line, env=env, **kw))
    return out


def _inline_lines(src_lines: list[str], start: int, end: int, children) -> list[MathUnit]:
    """Lines of the inline math in one paragraph (markdown-it gives only its line range)."""
    text = "\n".join(src_lines[start:end])
    out, pos = [], 0
    for c in children:
        if c.type not in ("math_inline", "math_inline_double"):
            continue
        delim = "$$" if c.type == "math_inline_double" else "$"
        at = text.find(delim + c.content, pos)
        if at < 0:
            at = text.find(c.content, pos)
        at = max(at, 0)
        pos = at + len(c.content)
        line = start + 1 + text.count("\n", 0, at)
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        own_line = src_lines[line - 1].strip() == delim + c.content + delim \
            if line - 1 < len(src_lines) else False
        # $$x$$ inside a sentence is kramdown's inline math; alone on its line, a display
        out += [MathUnit(html.unescape(c.content).strip(), line,
                         display=own_line and delim == "$$", block_line=line, column=col)]
    return out


def markdown_units(text: str, cell: int | None = None) -> tuple[list, list, dict]:
    lines = text.split("\n")
    units, prose, front = [], [], {}
    for tok in _markdown().parse(text):
        if tok.type == "front_matter":
            front = _front_matter(tok.content)
        elif tok.type in ("math_block", "math_block_label", "amsmath") and tok.map:
            block_line = tok.map[0] + 1
            raw = lines[tok.map[0]] if tok.map[0] < len(lines) else ""
            first = block_line
            content = tok.content
            if tok.type != "amsmath":
                after = raw.strip()[2:]
                if not after.strip():
                    first = block_line + 1
                    content = content.lstrip("\n") if content.startswith("\n") else content
            units += _rows(html.unescape(content), first, block_line, cell=cell)
        elif tok.type == "inline" and tok.map:
            units += [_with_cell(u, cell) for u in
                      _inline_lines(lines, tok.map[0], tok.map[1], tok.children or [])]
            plain = re.sub(r"\$+[^$]*\$+", "⟨math⟩", tok.content)
            prose.append(Prose(plain, tok.map[0] + 1, cell))
    units.sort(key=lambda u: (u.line, u.row or 0))
    return units, prose, front


def _with_cell(u: MathUnit, cell):
    if cell is None:
        return u
    return MathUnit(u.latex, u.line, u.display, u.row, cell, u.block_line, u.file_line,
                    u.env, u.column)


def _front_matter(content: str) -> dict:
    try:
        import yaml
    except ImportError:  # PyYAML is optional: front matter then pins nothing
        return {}
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


_TEX_ENVS = re.compile(
    r"\\begin\{(equation\*?|align\*?|gather\*?|multline\*?|eqnarray\*?)\}(.*?)\\end\{\1\}"
    r"|\\\[(.*?)\\\]|\$\$(.*?)\$\$", re.S)
_TEX_INLINE = re.compile(r"(?<![\\$])\$([^$]+?)\$|\\\((.+?)\\\)", re.S)


def tex_units(text: str) -> tuple[list, list]:
    start = text.find("\\begin{document}")
    start = start + len("\\begin{document}") if start >= 0 else 0
    # drop comments, keeping line structure and offsets
    body = re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), text)
    units, prose = [], []
    taken = []
    for m in _TEX_ENVS.finditer(body, start):
        env, inner = m.group(1), m.group(2)
        if inner is None:
            inner = m.group(3) if m.group(3) is not None else m.group(4)
            inner_start = m.start() + 2
        else:
            inner_start = m.start(2)
        block_line = body.count("\n", 0, m.start()) + 1
        first = body.count("\n", 0, inner_start) + 1
        if env and env.rstrip("*") in ("align", "gather", "multline", "eqnarray"):
            inner = f"\\begin{{{env}}}{inner}\\end{{{env}}}"
            first = block_line
        units += _rows(inner, first, block_line)
        taken.append((m.start(), m.end()))
    for m in _TEX_INLINE.finditer(body, start):
        if any(a <= m.start() < b for a, b in taken):
            continue
        latex = m.group(1) or m.group(2)
        line = body.count("\n", 0, m.start()) + 1
        units.append(MathUnit(latex.strip(), line, display=False, block_line=line))
    for i, ln in enumerate(body[start:].split("\n")):
        if ln.strip() and not ln.lstrip().startswith("\\"):
            prose.append(Prose(ln, body.count("\n", 0, start) + i + 1))
    units.sort(key=lambda u: (u.line, u.row or 0))
    return units, prose


def notebook_units(text: str) -> tuple[list, list, list]:
    try:
        nb = json.loads(text)
        cells = nb["cells"]
    except (ValueError, KeyError, TypeError) as e:
        return [], [], [f"not a valid notebook: {e}"]
    units, prose = [], []
    for k, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        u, p, _ = markdown_units(src, cell=k)
        units += u
        prose += p
    return units, prose, []


def decode(data: bytes) -> tuple[str | None, list[str]]:
    if b"\x00" in data[:8192]:
        return None, ["binary file: not a text document"]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        return data.decode("latin-1"), [f"not UTF-8 (byte {e.start}), read as Latin-1"]


def extract_text(text: str, kind: str = "markdown", path: str = "<text>") -> Source:
    """Every math unit of ``text``; ``kind`` is markdown, tex, notebook or text."""
    problems: list[str] = []
    front: dict = {}
    if kind == "tex":
        units, prose = tex_units(text)
    elif kind == "notebook":
        units, prose, problems = notebook_units(text)
    else:
        units, prose, front = markdown_units(text)
    return Source(path, tuple(units), tuple(prose), front, tuple(problems))


def extract_file(path: str) -> Source:
    """Read and extract one file; problems (missing, binary, undecodable) never raise."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            return Source(path, (), problems=(f"larger than {MAX_BYTES // 1_000_000} MB",))
        data = p.read_bytes()
    except OSError as e:
        return Source(path, (), problems=(f"cannot read: {e.strerror or e}",))
    text, problems = decode(data)
    if text is None:
        return Source(path, (), problems=tuple(problems))
    kind = {".tex": "tex", ".ipynb": "notebook"}.get(p.suffix.lower(), "markdown")
    src = extract_text(text, kind, path)
    return Source(path, src.units, src.prose, src.front_matter, tuple(problems) + src.problems)
