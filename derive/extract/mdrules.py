"""markdown-it rules for math: displays (``$$``, ``\\[``, bare ``\\begin{align}``) and
inline math (``$…$``, kramdown's ``$$…$$`` inside a sentence, ``\\(…\\)``).

The display rules replace mdit-py-plugins' block rules because notes need more than
they give: a display may follow a line of prose without a blank line between them, a
``$$`` block may hold blank lines, an unclosed display is read up to the next blank line
(and reported) instead of swallowing the document, and every token carries the file
offsets of its text.  Searches for a closing delimiter remember where one is known to be
absent, so a file full of unclosed openers still costs linear time.

The inline ``$`` rule is the plugin's own, wrapped to record where each formula starts.
"""

from __future__ import annotations

import re
from functools import cache

from mdit_py_plugins.dollarmath.index import math_inline_dollar

from .rows import SPLIT_ENVS, WRAP_ENVS, Span

BARE_ENVS = (SPLIT_ENVS | WRAP_ENVS) - {"math"}
_BEGIN = re.compile(r"\\begin\s*\{([^{}\n]*)\}")
# After a closing delimiter, a display may carry punctuation or an equation label.
# (Written so that no two ``\s*`` can share a run of blanks: linear, no backtracking.)
_TRAILER = re.compile(r"\s*(?:\(\s*[\w.:-]{1,20}\s*\)\s*)?(?:[.,;:]\s*)?")


def escaped(src: str, i: int) -> bool:
    """Whether ``src[i]`` is escaped by an odd run of backslashes before it."""
    n = 0
    while i - n - 1 >= 0 and src[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def find_closer(src: str, closer: str, start: int, end: int) -> int:
    """First unescaped ``closer`` in ``src[start:end]``, or -1."""
    i = start
    while True:
        i = src.find(closer, i, end)
        if i < 0 or not escaped(src, i):
            return i
        i += 1


def _absent(state) -> dict:
    return state.env.setdefault("derive_absent", {})


def _note(state, line: int, message: str) -> None:
    state.env.setdefault("derive_problems", []).append((line + 1, message))


def _dollar_parity(state, line: int) -> int:
    """Number of unescaped ``$$`` on the lines since the last blank line, up to ``line``
    (0-based, inclusive), modulo 2; computed once per document."""
    runs = state.env.get("derive_dollar_runs")
    if runs is None:
        runs, count = [], 0
        for text in state.src.split("\n"):
            if not text.strip():
                count = 0
            else:
                i = text.find("$$")
                while i >= 0:
                    if not escaped(text, i):
                        count += 1
                        i += 1
                    i = text.find("$$", i + 1)
            runs.append(count % 2)
        state.env["derive_dollar_runs"] = runs
    return runs[line] if 0 <= line < len(runs) else 0


def _display(state, start_line: int, end_line: int, silent: bool, opener: str, closer: str,
             blank_lines: bool, env: str | None = None) -> bool:
    """Shared body of the display rules: ``opener`` starts the line, ``closer`` ends the
    display on the same or a later line of this block."""
    if not 0 <= state.sCount[start_line] - state.blkIndent < 4:
        return False  # an indented code block, or a lazy line of an enclosing paragraph
    src = state.src
    begin = state.bMarks[start_line] + state.tShift[start_line]
    first_end = state.eMarks[start_line]
    if not src.startswith(opener, begin):
        return False
    if opener == "$$" and silent and state.parentType == "paragraph" \
            and _dollar_parity(state, start_line - 1):
        return False  # this $$ closes kramdown inline math opened earlier in the paragraph
    content = begin + len(opener)
    line, close = start_line, find_closer(src, closer, content, first_end)
    # lines after memo[key] are known to hold no closer: failed scans are not repeated
    memo, key = _absent(state), (closer, end_line)
    if close < 0 and memo.get(key, end_line) > start_line:
        while close < 0 and line + 1 < end_line:
            line += 1
            lo, hi = state.bMarks[line] + state.tShift[line], state.eMarks[line]
            if (lo >= hi and not blank_lines) or (state.sCount[line] < state.blkIndent
                                                  and lo < hi):
                break  # a blank line, or the enclosing list item ended
            close = find_closer(src, closer, lo, hi)
        if close < 0 and line + 1 >= end_line:
            memo[key] = start_line
    if close >= 0 and not _TRAILER.fullmatch(src, close + len(closer), state.eMarks[line]):
        return False  # prose follows on the closing line: inline math, not a display
    unclosed = close < 0
    if unclosed:  # read up to the next blank line
        line = start_line
        while line + 1 < end_line and state.bMarks[line + 1] + state.tShift[line + 1] \
                < state.eMarks[line + 1] and state.sCount[line + 1] >= state.blkIndent:
            line += 1
        close = state.eMarks[line]
    elif close == content and line == start_line:
        return False  # "$$$$": nothing inside
    if silent:
        return True
    pieces, starts, at = [], [], 0
    for k in range(start_line, line + 1):
        lo = content if k == start_line else state.bMarks[k]
        hi = close if k == line else state.eMarks[k]
        starts.append((at, lo))
        pieces.append(src[lo:hi])
        at += hi - lo + 1
    token = state.push("math_display", "math", 0)
    token.block = True
    token.content = "\n".join(pieces)
    token.markup = opener
    token.map = [start_line, line + 1]
    token.info = env or ""
    token.meta = {"span": Span(token.content, tuple(starts)), "unclosed": unclosed}
    if unclosed:
        what = f"\\begin{{{env}}}" if env else opener
        _note(state, start_line, f"{what} is never closed; read as math up to line {line + 1}")
    state.line = line + 1
    return True


def math_block(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A display starting a line: ``$$`` (blank lines allowed inside), ``\\[``, or a
    bare ``\\begin{equation|align|aligned|gather|…}``.  One rule rather than three, as
    it runs on every line of every paragraph (to see whether a display interrupts it)."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if begin >= state.eMarks[start_line]:
        return False
    first = state.src[begin]
    if first == "$":
        return _display(state, start_line, end_line, silent, "$$", "$$", blank_lines=True)
    if first != "\\":
        return False
    if state.src.startswith("\\[", begin):
        return _display(state, start_line, end_line, silent, "\\[", "\\]", blank_lines=False)
    m = _BEGIN.match(state.src, begin, state.eMarks[start_line])
    if m is None or m.group(1).strip() not in BARE_ENVS:
        return False
    env = m.group(1).strip()
    end = f"\\end{{{m.group(1)}}}"
    ok = _display(state, start_line, end_line, silent, "", end, blank_lines=False, env=env)
    if ok and not silent and not state.tokens[-1].meta["unclosed"]:
        token = state.tokens[-1]  # hold the whole environment, \end included
        token.content += end
        token.meta["span"] = Span(token.content, token.meta["span"].starts)
    return ok


_dollar_inline = math_inline_dollar(allow_space=True, allow_digits=False, allow_double=True)


def dollar_inline(state, silent: bool) -> bool:
    """``$…$`` and kramdown's ``$$…$$`` inside a sentence (the plugin's rule, keeping
    the offset where the formula starts in ``token.meta['pos']``)."""
    pos = state.pos
    if not _dollar_inline(state, silent):
        return False
    if not silent:
        state.tokens[-1].meta = {"pos": pos}
    return True


def paren_inline(state, silent: bool) -> bool:
    """``\\(…\\)`` (inline) and ``\\[…\\]`` inside a paragraph (display)."""
    src, pos = state.src, state.pos
    if src[pos] != "\\" or pos + 1 >= state.posMax or src[pos + 1] not in "([":
        return False
    closer = "\\)" if src[pos + 1] == "(" else "\\]"
    memo = state.__dict__.setdefault("derive_absent", {})  # this paragraph's state only
    key = (closer, state.posMax)
    end = -1 if memo.get(key, state.posMax) <= pos else \
        find_closer(src, closer, pos + 2, state.posMax)
    if end < 0:
        memo[key] = min(pos, memo.get(key, pos))
    if end <= pos + 2:
        return False
    if not silent:
        token = state.push("math_inline_paren" if closer == "\\)" else "math_inline_bracket",
                           "math", 0)
        token.content = src[pos + 2:end]
        token.markup = src[pos:pos + 2]
        token.meta = {"pos": pos}
    state.pos = end + 2
    return True


@cache
def parser():
    """CommonMark blocks (with GFM tables) and the math rules above; one per process.

    Inline parsing keeps what decides whether a ``$`` is math (code spans, escapes, the
    math rules, inline HTML, autolinks) and leaves out emphasis, links and images: they
    only decorate prose, and their delimiter scans are the slow part of the inline pass.
    The core ``inline`` step is off: :func:`parse_inline` runs only on text that can hold
    math.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    alt = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.before("fence", "math_block", math_block, alt)
    md.inline.ruler.before("escape", "math_inline", dollar_inline)
    md.inline.ruler.before("escape", "math_paren", paren_inline)
    md.inline.ruler.disable(["emphasis", "strikethrough", "link", "image", "linkify"])
    md.inline.ruler2.disable(["balance_pairs", "emphasis", "strikethrough"])
    md.core.ruler.disable(["inline", "linkify", "replacements", "smartquotes"])
    return md


def parse_inline(token, env: dict) -> list:
    """The children of one inline token (what the core ``inline`` step would give)."""
    md = parser()
    children: list = []
    md.inline.parse(token.content, md, env, children)
    return children
