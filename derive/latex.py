"""LaTeX text to a normalised token stream for the grammar.

TeX reads a formula as control sequences and single characters; this module does
the same, then applies the notation table: spacing and sizing macros vanish,
styling folds into names (``\\hat{\\mathbf{m}}`` is one name), ``\\frac12`` gets its
two arguments, Unicode is mapped to macros, and anything we cannot read raises
:class:`Unreadable` with the position and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import notation as nt


class Unreadable(Exception):
    """The text is not a formula we can read; ``pos`` is a 0-based offset."""

    def __init__(self, reason: str, pos: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.pos = pos


@dataclass(frozen=True)
class Tok:
    type: str
    value: str
    pos: int


_RAW = re.compile(
    r"(?P<cmd>\\(?:[A-Za-z]+\*?|.))|(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<word>[A-Za-z]+)"
    r"|(?P<space>\s+)|(?P<op>:=|=:|\.\*|.)",
    re.S,
)
MAX_LENGTH = 20_000
# The grammar recurses a few frames per bracket level; past ~140 levels Python's stack
# runs out, so deeper text is refused here, with a column, instead.
MAX_DEPTH = 100
_OPENERS = {"{", "(", "[", "\\{"}
_CLOSERS = {"}", ")", "]", "\\}"}
_WORD_CHARS = re.compile(r"[A-Za-z]+$")


def raw_tokens(text: str) -> list[Tok]:
    """TeX-level tokens: commands, numbers, letter runs, single characters."""
    out = []
    for m in _RAW.finditer(text):
        kind = m.lastgroup
        if kind == "space":
            continue
        out.append(Tok(kind, m.group(), m.start()))
    return out


def _check_characters(text: str) -> None:
    for bad in nt.MOJIBAKE:
        i = text.find(bad)
        if i >= 0:
            raise Unreadable(f"mojibake {bad!r}: the text was decoded with the wrong encoding", i)
    has_markup = any(c in text for c in "\\^_")
    for i, c in enumerate(text):
        if c in nt.RENDERED and not has_markup:
            raise Unreadable(
                f"{c!r} without LaTeX markup: text copied from a rendered formula?", i)
        if c in "#!?@\"%`" and _escaped(text, i):
            continue  # \! is a negative space, \% a percent sign: the macro table decides
        if c in "#!?@\"%`" or (ord(c) > 127 and c not in nt.UNICODE and c not in nt.RENDERED):
            raise Unreadable(f"unexpected character {c!r}", i)
        if c == "<" and text[i:i + 2].lower() in ("<e", "<s", "<i", "</", "<b"):
            raise Unreadable("HTML markup inside math: markdown ate underscores?", i)


def _escaped(text: str, i: int) -> bool:
    """Is ``text[i]`` the character of a control symbol (an odd run of backslashes before it)?"""
    k = i
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (i - k) % 2 == 1


def _unicode_to_tex(text: str) -> tuple[str, list[int] | None]:
    """The text with Unicode mapped to macros, and each new offset's offset in ``text``
    (so that a column reported to the user points into what the user wrote)."""
    if text.isascii():
        return text, None
    parts: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        rep = nt.UNICODE[c] + " " if c in nt.UNICODE else c
        parts.append(rep)
        where.extend([i] * len(rep))
    return "".join(parts), where


class _Reader:
    """Turns raw tokens into grammar tokens, one pass, with a brace-depth guard."""

    def __init__(self, toks: list[Tok]):
        self.toks = toks
        self.i = 0
        self.out: list[Tok] = []
        self.envs: list[str] = []
        self.notes: list[str] = []

    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def emit(self, type_: str, value: str, pos: int) -> None:
        self.out.append(Tok(type_, value, pos))

    def group_tokens(self) -> list[Tok]:
        """The next argument: a balanced {…} group's inside, or one token."""
        t = self.peek()
        if t is None:
            raise Unreadable("a command is missing its argument", self.toks[-1].pos)
        if t.value != "{":
            self.i += 1
            if t.type in ("num",) and len(t.value) > 1:
                # \frac12: a bare argument is one character
                head, rest = t.value[0], t.value[1:]
                self.toks.insert(self.i, Tok("num", rest, t.pos + 1))
                return [Tok("num", head, t.pos)]
            if t.type == "word" and len(t.value) > 1:
                self.toks.insert(self.i, Tok("word", t.value[1:], t.pos + 1))
                return [Tok("word", t.value[0], t.pos)]
            return [t]
        depth = 0
        start = self.i
        while self.i < len(self.toks):
            v = self.toks[self.i].value
            if v == "{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise Unreadable(f"braces nested more than {MAX_DEPTH} deep", t.pos)
            elif v == "}":
                depth -= 1
                if depth == 0:
                    inner = self.toks[start + 1:self.i]
                    self.i += 1
                    return inner
            self.i += 1
        raise Unreadable("unbalanced braces: '{' is never closed", t.pos)

    def sub_reader_tokens(self, toks: list[Tok]) -> list[Tok]:
        sub = _Reader(list(toks))
        sub.run()
        self.notes.extend(sub.notes)
        return sub.out

    def name_of(self, toks: list[Tok]) -> str | None:
        """The grammar NAME value of a styled argument made of one name, else None."""
        out = self.sub_reader_tokens(toks)
        if len(out) == 1 and out[0].type == "NAME":
            return out[0].value
        return None

    def run(self) -> None:
        while self.i < len(self.toks):
            self.step(self.take())
        if self.envs:
            raise Unreadable(f"\\begin{{{self.envs[-1]}}} is never closed", self.toks[-1].pos)

    def step(self, t: Tok) -> None:  # noqa: C901 - one dispatch over token kinds
        v = t.value
        if t.type == "num":
            self.emit("NUM", v, t.pos)
        elif t.type == "word":
            self.word(t)
        elif t.type == "cmd":
            self.command(t)
        elif v in "{}":
            self.emit("LBRACE" if v == "{" else "RBRACE", v, t.pos)
        elif v in "()[]":
            self.emit({"(": "LPAR", ")": "RPAR", "[": "LBRACK", "]": "RBRACK"}[v], v, t.pos)
        elif v == "^":
            self.emit("CARET", v, t.pos)
            if not self.sign_mark():
                self.split_bare_script()
        elif v == "_":
            self.emit("USCORE", v, t.pos)
            self.split_bare_script()
        elif v == "'":
            self.emit("PRIME", v, t.pos)
        elif v in "+-":
            self.emit("PLUS" if v == "+" else "MINUS", v, t.pos)
        elif v in nt.MULOPS:
            self.emit("MULOP", nt.MULOPS[v], t.pos)
        elif v == "/":
            self.emit("SLASH", v, t.pos)
        elif v in nt.RELATIONS:
            self.emit("REL", nt.RELATIONS[v], t.pos)
        elif v == ",":
            self.emit("COMMA", v, t.pos)
        elif v == ";":
            self.emit("SEMI", v, t.pos)
        elif v == "|":
            self.emit("BAR", v, t.pos)
        elif v == "&":
            if self.envs:
                self.emit("AMP", v, t.pos)
        elif v == "." and [x.value for x in self.toks[self.i:self.i + 2]] == [".", "."]:
            self.i += 2
            self.emit("DOTS", "...", t.pos)
        elif v == "." and all(x.value in nt.DROPPED_WITH_ARG or x.value in nt.IGNORED
                              for x in self.toks[self.i:self.i + 1]):
            pass  # sentence-final period (perhaps before a \label)
        elif v == "~":
            pass  # a tie is a space
        else:
            raise Unreadable(f"unexpected character {v!r}", t.pos)

    def sign_mark(self) -> bool:
        """``w^+`` and ``w^{+}`` (the updated weight): the sign is a mark, not an operator."""
        for form in ([nt.SIGN_MARKS], ["{", nt.SIGN_MARKS, "}"]):
            got = self.toks[self.i:self.i + len(form)]
            if len(got) == len(form) and all(
                    x.value in f if isinstance(f, set) else x.value == f
                    for x, f in zip(got, form, strict=True)):
                sign = got[len(form) // 2]
                self.i += len(form)
                self.emit("NAME", sign.value, sign.pos)
                return True
        return False

    def split_bare_script(self) -> None:
        """``x^10`` is ``x^{1}0`` in TeX: a bare script argument is one character."""
        t = self.peek()
        if t is not None and t.type in ("num", "word") and len(t.value) > 1:
            self.toks[self.i:self.i + 1] = [Tok(t.type, t.value[0], t.pos),
                                            Tok(t.type, t.value[1:], t.pos + 1)]

    def word(self, t: Tok) -> None:
        v = t.value
        if v.lower() in nt.FUNCTION_WORDS:
            self.emit("NAME", nt.FUNCTION_WORDS[v.lower()], t.pos)
            return
        if self._whole_word(v):
            self.emit("NAME", v, t.pos)  # net_{h1}, E_{total}: a name, not n·e·t
            return
        k = 0
        while k < len(v):
            c = v[k]
            if c == nt.GRADIENT_NAME_PREFIX and k + 1 < len(v) and v[k + 1].isupper():
                self.emit("NAME", v[k:k + 2], t.pos + k)
                k += 2
                continue
            self.emit("NAME", c, t.pos + k)
            k += 1

    def command(self, t: Tok) -> None:  # noqa: C901 - the macro table dispatch
        v = t.value
        name = v[1:]
        if v in nt.IGNORED:
            nxt = self.peek()
            if v in nt.SIZERS and nxt is not None and nxt.value == ".":
                self.i += 1  # \left. and \right. : the invisible delimiter
            elif v == "\\right" and nxt is not None and nxt.value == "|" \
                    and [x.value for x in self.toks[self.i + 1:self.i + 2]] == ["_"]:
                raise Unreadable("an evaluation bar \\right|_{…} (a value at a point) is not "
                                 "supported", t.pos)
            return
        if v == "\\\\":
            nxt = self.peek()
            if self.envs:
                self.emit("ROWSEP", v, t.pos)
                return
            if nxt is not None and nxt.type == "word" and nxt.pos == t.pos + 2:
                raise Unreadable(
                    f"doubled backslash before '{nxt.value}': was the text escaped twice?",
                    t.pos)
            raise Unreadable("'\\\\' line break outside an aligned block", t.pos)
        if v in ("\\{", "\\}"):
            self.emit("LSET" if v == "\\{" else "RSET", v, t.pos)
        elif v in ("\\|", "\\lVert", "\\rVert", "\\Vert"):
            self.emit("DBAR", v, t.pos)
        elif v in ("\\lvert", "\\rvert", "\\vert"):
            self.emit("BAR", v, t.pos)
        elif v in ("\\langle", "\\rangle"):
            self.emit("LPAR" if v == "\\langle" else "RPAR", v, t.pos)
        elif v in ("\\lbrack", "\\rbrack"):
            self.emit("LBRACK" if v == "\\lbrack" else "RBRACK", v, t.pos)
        elif v == "\\_":
            # markdown writers escape underscores for the markdown processor
            self.emit("USCORE", "_", t.pos)
        elif v in nt.DROPPED_WITH_ARG:
            self.group_tokens()
        elif v in ("\\text", "\\textrm", "\\mbox", "\\textit", "\\mathrm", "\\operatorname"):
            self.text(t)
        elif v in nt.BOLD or v in nt.PLAIN:
            inner = self.group_tokens()
            nm = self.name_of(inner)
            if nm is not None:
                bold = v in nt.BOLD
                self.emit("NAME", nm + ("!b" if bold and not nm.endswith("!b") else ""), t.pos)
            else:
                self.emit("LBRACE", "{", t.pos)
                self.out.extend(self.sub_reader_tokens(inner))
                self.emit("RBRACE", "}", t.pos)
        elif v in nt.ACCENTS:
            self.accent(t, nt.ACCENTS[v])
        elif v in ("\\dot", "\\ddot"):
            inner = self.group_tokens()
            self.out.extend(self.sub_reader_tokens(inner))
            self.emit("PRIME", "'", t.pos)
            if v == "\\ddot":
                self.emit("PRIME", "'", t.pos)
        elif v in ("\\prime",):
            self.emit("PRIME", "'", t.pos)
        elif v in nt.FRACS:
            self.emit("FRAC", v, t.pos)
            for _ in range(2):
                self.braced(self.group_tokens(), t.pos)
        elif v == "\\binom":
            raise Unreadable("binomial coefficients are not supported", t.pos)
        elif v == "\\sqrt":
            if self.peek() is not None and self.peek().value == "[":
                raise Unreadable("n-th roots are not supported", t.pos)
            self.emit("SQRT", v, t.pos)
            self.braced(self.group_tokens(), t.pos)
        elif v in ("\\underbrace", "\\overbrace", "\\underset", "\\overset", "\\stackrel"):
            self.annotated(t)
        elif v == "\\partial":
            self.emit("PARTIAL", v, t.pos)
        elif v in nt.NABLAS:
            self.emit("NABLA", v, t.pos)
        elif v in nt.SUMS:
            self.emit("SUM", nt.SUMS[v], t.pos)
        elif v in nt.DOTS:
            self.emit("DOTS", v, t.pos)
        elif v in nt.MULOPS:
            self.emit("MULOP", nt.MULOPS[v], t.pos)
        elif v in nt.RELATIONS:
            self.emit("REL", nt.RELATIONS[v], t.pos)
        elif v in nt.STRONG_SEPARATORS or v in (r"\quad", r"\qquad"):
            self.emit("SEP", v, t.pos)
        elif v == "\\pm":
            self.emit("PLUS", "+", t.pos)
        elif v == "\\mp":
            self.emit("MINUS", "-", t.pos)
        elif v in nt.OPERATOR_MACROS:
            self.emit("NAME", nt.OPERATOR_MACROS[v], t.pos)
        elif v in nt.OTHER_NAMES:
            self.emit("NAME", nt.OTHER_NAMES[v], t.pos)
        elif name in nt.GREEK:
            self.emit("NAME", name, t.pos)
        elif v == "\\begin":
            self.begin(t)
        elif v == "\\end":
            env = "".join(x.value for x in self.group_tokens())
            if not self.envs or self.envs[-1] != env:
                raise Unreadable(f"\\end{{{env}}} without a matching \\begin", t.pos)
            self.envs.pop()
            self.emit("END", env, t.pos)
        elif v in ("\\lfloor", "\\rfloor", "\\lceil", "\\rceil"):
            raise Unreadable(f"{v} is not supported", t.pos)
        else:
            raise Unreadable(f"unknown macro {v}", t.pos)

    def braced(self, inner: list[Tok], pos: int) -> None:
        self.emit("LBRACE", "{", pos)
        self.out.extend(self.sub_reader_tokens(inner))
        self.emit("RBRACE", "}", pos)

    def text(self, t: Tok) -> None:
        inner = self.group_tokens()
        words = " ".join(x.value for x in inner).strip()
        if _WORD_CHARS.match(words or "-"):
            low = words.lower()
            sep = "\\text{" + low + "}"
            if low in nt.FUNCTION_WORDS:
                self.emit("NAME", nt.FUNCTION_WORDS[low], t.pos)
            elif low in ("if", "otherwise", "for", "when", "else") and self.envs:
                self.emit("TEXTWORD", low, t.pos)  # a condition in a cases row
            elif sep in nt.WEAK_SEPARATORS:
                self.emit("SEP", sep, t.pos)  # a scope or condition after the formula
            elif low in ("if", "otherwise", "for", "when", "else"):
                self.emit("TEXTWORD", low, t.pos)
            elif t.value in ("\\mathrm", "\\operatorname") or len(words) == 1 \
                    or self._name_word(words):
                self.emit("NAME", words, t.pos)  # \text{net}_j: a quantity's name
            else:
                self.emit("TEXT", words, t.pos)
        elif t.value in ("\\mathrm", "\\operatorname"):
            self.braced(inner, t.pos)
        else:
            self.notes.append(f"ignored the annotation \\text{{{words[:40]}}}")

    def _whole_word(self, v: str) -> bool:
        """A run of three or more letters written as a name: ``net_{h1}``, ``out_{o1}``
        (the word carries a script), or a whole subscript ``E_{total}`` (not i, j, k…)."""
        if len(v) < 3 or not v.isalpha():
            return False
        nxt = self.peek()
        if nxt is not None and nxt.value in ("_", "^") and nxt.pos == self.toks[self.i - 1].pos \
                + len(v):
            return True
        before = [x.type for x in self.out[-2:]]
        return before == ["USCORE", "LBRACE"] and nxt is not None and nxt.value == "}" \
            and not set(v) <= nt.INDEX_LETTERS

    def _name_word(self, words: str) -> bool:
        """One short word with a sub- or superscript after it (``\\text{net}_j``,
        ``\\text{out}_{h1}``) names a quantity."""
        nxt = self.peek()
        return words.isalpha() and len(words) <= 8 and nxt is not None \
            and nxt.value in ("_", "^")

    def accent(self, t: Tok, accent: str) -> None:
        inner = self.group_tokens()
        if len(inner) == 1 and inner[0].type == "num":
            self.emit("NAME", f"{accent}{{{inner[0].value}}}", t.pos)
            return
        nm = self.name_of(inner)
        if nm is None:
            raise Unreadable(f"{t.value} over an expression is not supported", t.pos)
        bold = nm.endswith("!b")
        base = nm[:-2] if bold else nm
        self.emit("NAME", f"{accent}{{{base}}}" + ("!b" if bold else ""), t.pos)

    def annotated(self, t: Tok) -> None:
        """``\\underbrace{x}_{note}`` is ``x``; ``\\stackrel{def}{=}`` is ``=``."""
        if t.value in ("\\underset", "\\overset", "\\stackrel"):
            self.group_tokens()
            self.out.extend(self.sub_reader_tokens(self.group_tokens()))
            return
        self.braced(self.group_tokens(), t.pos)
        nxt = self.peek()
        if nxt is not None and nxt.value in ("_", "^"):
            self.i += 1
            self.group_tokens()
            self.notes.append(f"ignored the {t.value[1:]} annotation")

    def begin(self, t: Tok) -> None:
        env = "".join(x.value for x in self.group_tokens())
        if env in nt.MATRIX_ENVS:
            if env == "array":
                self.group_tokens()  # column spec
            self.envs.append(env)
            self.emit("MATBEGIN", env, t.pos)
        elif env in nt.CASES_ENVS:
            self.envs.append(env)
            self.emit("CASESBEGIN", env, t.pos)
        elif env in nt.ALIGNED_ENVS:
            raise Unreadable(f"an unsplit {env} block inside one equation", t.pos)
        else:
            raise Unreadable(f"unknown environment {env}", t.pos)


def tokenize(latex: str) -> tuple[list[Tok], list[str]]:
    """Grammar tokens for ``latex`` and notes on what was ignored; raises Unreadable."""
    if len(latex) > MAX_LENGTH:
        raise Unreadable(f"equation longer than {MAX_LENGTH} characters")
    _check_characters(latex)
    text, where = _unicode_to_tex(latex)
    toks = raw_tokens(text)
    if where is not None:
        toks = [Tok(t.type, t.value, where[t.pos]) for t in toks]
    opened: list[int] = []  # where each open brace is, to point at one never closed
    depth = 0  # of brackets of every kind ([0, 1) is not balanced, so only counted)
    for tok in toks:
        if tok.value in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise Unreadable(f"brackets nested more than {MAX_DEPTH} deep", tok.pos)
        elif tok.value in _CLOSERS:
            depth = max(depth - 1, 0)
        if tok.value == "{":
            opened.append(tok.pos)
        elif tok.value == "}":
            if not opened:
                raise Unreadable("unbalanced braces: '}' without '{'", tok.pos)
            opened.pop()
    if opened:
        raise Unreadable("unbalanced braces: '{' is never closed", opened[-1])
    reader = _Reader(toks)
    reader.run()
    return _pair_bars(_prime_scripts(reader.out)), reader.notes


def _prime_scripts(toks: list[Tok]) -> list[Tok]:
    r"""``f^{\prime}`` and ``f^\prime`` are ``f'``."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.type == "CARET" and i + 1 < len(toks):
            if toks[i + 1].type == "PRIME":
                out.append(toks[i + 1])
                i += 2
                continue
            j = i + 2
            while j < len(toks) and toks[j].type == "PRIME":
                j += 1
            if toks[i + 1].type == "LBRACE" and j > i + 2 and j < len(toks) \
                    and toks[j].type == "RBRACE":
                out.extend(toks[i + 2:j])
                i = j + 1
                continue
        out.append(t)
        i += 1
    return out


def _pair_bars(toks: list[Tok]) -> list[Tok]:
    """Bare ``|`` and ``\\|`` open and close alternately at each brace depth."""
    out = []
    open_at: dict[tuple[str, int], bool] = {}
    depth = 0
    for t in toks:
        if t.type in ("LBRACE", "LPAR", "LBRACK", "LSET", "MATBEGIN", "CASESBEGIN"):
            depth += 1
        elif t.type in ("RBRACE", "RPAR", "RBRACK", "RSET", "END"):
            depth -= 1
        if t.type in ("BAR", "DBAR"):
            key = (t.type, depth)
            opening = not open_at.get(key, False)
            open_at[key] = opening
            kind = ("ABS" if t.type == "BAR" else "NORM") + ("L" if opening else "R")
            t = Tok(kind, t.value, t.pos)
        out.append(t)
    return out
