"""LaTeX of one math unit to statements (relation chains of :mod:`derive.tree` nodes).

Never evaluates document text: the text is tokenised (:mod:`derive.latex`), split
into statements at top-level separators (``\\Rightarrow``, ``\\qquad``, ``,``), and
each statement is parsed by a LALR grammar (``grammar.lark``) into a tree.
Anything that cannot be read becomes ``Parsed.error`` with a column, never an
exception.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from lark import Lark, Token
from lark.exceptions import LarkError, UnexpectedInput, VisitError
from lark.lexer import Lexer

from .latex import Tok, Unreadable, tokenize
from .tree import Chain, Node
from .treebuilder import Builder, finish, unwrap

# Deeper trees come only from damage or abuse (a^a^a^…, ------x); every later stage
# recurses over the tree, so the reader refuses them instead of passing them on.
MAX_TREE_DEPTH = 100


@dataclass(frozen=True)
class Parsed:
    """What the reader made of one unit: statements, or why it could not read it."""

    statements: tuple[Chain, ...] = ()
    error: str | None = None
    column: int | None = None  # 1-based column of the problem in the unit's text
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


class _TokenFeed(Lexer):
    """Hands lark the tokens that :func:`derive.latex.tokenize` made."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, data):
        for t in data:
            yield Token(t.type, t.value, start_pos=t.pos)


@functools.cache
def _parser() -> Lark:
    grammar = resources.files("derive").joinpath("grammar.lark").read_text()
    return Lark(grammar, parser="lalr", lexer=_TokenFeed, maybe_placeholders=False)


_WEAK = {"COMMA", "SEMI"}
_OPEN = {"LBRACE", "LPAR", "LBRACK", "LSET", "MATBEGIN", "CASESBEGIN", "ABSL", "NORML"}
_CLOSE = {"RBRACE", "RPAR", "RBRACK", "RSET", "END", "ABSR", "NORMR"}


def split_statements(toks: list[Tok]) -> tuple[list[list[Tok]], list[str]]:
    """Split at top-level separators; rejoin pieces that are not statements.

    ``a = b, \\qquad c = d`` is two statements, ``\\ell = 1, 2, \\dots, N`` one, and
    ``= \\quad 1 \\cdot x`` keeps its ``\\quad`` as a space.  A strong separator
    (``\\Rightarrow``) never rejoins; a relation left dangling before it is dropped.
    """
    pieces: list[tuple[list[Tok], Tok | None]] = []
    cur: list[Tok] = []
    depth = 0
    sep: Tok | None = None
    for t in toks:
        if t.type in _OPEN:
            depth += 1
        elif t.type in _CLOSE:
            depth -= 1
        if depth == 0 and (t.type == "SEP" or t.type in _WEAK):
            pieces.append((cur, sep))
            cur, sep = [], t
            continue
        if t.type == "SEP":
            continue  # \quad inside brackets is a space
        cur.append(t)
    pieces.append((cur, sep))

    notes = []
    out: list[list[Tok]] = []
    for piece, sep in pieces:
        if not piece:
            continue
        has_rel = any(t.type == "REL" for t in piece)
        strong = sep is not None and sep.type == "SEP" and not sep.value.startswith("\\q") \
            and not sep.value.startswith("\\text")
        dangling = bool(out) and out[-1][-1].type == "REL"
        if out and not strong and (not has_rel or dangling):
            if sep is not None and sep.type in _WEAK and not dangling:
                out[-1].append(Tok("COMMA" if sep.type == "COMMA" else "SEMI", sep.value, sep.pos))
            out[-1].extend(piece)
            continue
        if strong and sep.value in ("\\to", "\\rightarrow") and out and not has_rel \
                and not any(t.type == "REL" for t in out[-1]):
            # Nielsen's w \to w - η ∂C/∂w: an update written with an arrow
            out[-1] = out[-1] + [Tok("REL", "<-", sep.pos)] + piece
            continue
        if strong and dangling:
            notes.append(f"dropped a dangling '{out[-1][-1].value}' before {sep.value}")
            out[-1].pop()
        out.append(piece)
    return [p for p in out if p], notes


def parse_latex(latex: str) -> Parsed:
    """Read one unit's LaTeX; the result is never an exception."""
    try:
        toks, notes = tokenize(latex)
        if not toks:
            return Parsed(error="no formula", column=1)
        pieces, more = split_statements(toks)
        statements = tuple(_parse_piece(p) for p in pieces)
        if not statements:
            return Parsed(error="no formula", column=1)
        return Parsed(statements, notes=tuple(notes + more))
    except Unreadable as e:
        return Parsed(error=e.reason, column=e.pos + 1)
    except UnexpectedInput as e:
        pos = getattr(e, "pos_in_stream", None)
        tok = getattr(e, "token", None)
        if tok is not None and getattr(tok, "type", "") == "$END":
            opener = _unclosed(toks)
            if opener is not None:
                return Parsed(error=f"the formula ends too early: '{opener.value}' is never "
                              "closed", column=opener.pos + 1)
            return Parsed(error="the formula ends too early", column=len(latex) + 1)
        what = f"unexpected {tok.value!r}" if tok is not None else "cannot read this"
        return Parsed(error=what, column=(pos or 0) + 1)
    except VisitError as e:
        inner = e.orig_exc
        if isinstance(inner, Unreadable):
            return Parsed(error=inner.reason, column=inner.pos + 1)
        raise
    except RecursionError:
        return Parsed(error="nested too deeply", column=1)
    except LarkError as e:  # pragma: no cover - a grammar bug, reported not raised
        return Parsed(error=f"cannot read this ({type(e).__name__})", column=1)


def _unclosed(toks: list[Tok]) -> Tok | None:
    """The innermost bracket still open at the end of ``toks``, if any."""
    opened: list[Tok] = []
    for t in toks:
        if t.type in _OPEN:
            opened.append(t)
        elif t.type in _CLOSE and opened:
            opened.pop()
    return opened[-1] if opened else None


def _parse_piece(toks: list[Tok]) -> Chain:
    tree = _parser().parse(toks)
    chain = Builder().transform(tree)
    terms = tuple(None if t is None else finish(unwrap(t)) for t in chain.terms)
    if any(t is None for t in terms[1:]):
        raise Unreadable("a relation with nothing on one side", toks[-1].pos)
    if terms[0] is None and not chain.ops:
        raise Unreadable("no formula", 0)
    if _depth(terms) > MAX_TREE_DEPTH:
        raise Unreadable(f"nested more than {MAX_TREE_DEPTH} deep", toks[0].pos)
    return Chain(terms, chain.ops)


def _depth(terms) -> int:
    """How deep the trees of ``terms`` go (without recursion: they may be very deep)."""
    deepest = 0
    stack = [(t, 1) for t in terms if t is not None]
    while stack:
        node, d = stack.pop()
        if isinstance(node, tuple):  # Matrix rows, Cases pieces, sub/layer tuples
            stack.extend((x, d) for x in node if isinstance(x, (Node, tuple)))
            continue
        deepest = max(deepest, d)
        if deepest > MAX_TREE_DEPTH:
            break
        for f in getattr(node, "__dataclass_fields__", ()):
            v = getattr(node, f)
            if isinstance(v, (Node, tuple)):
                stack.append((v, d + 1))
    return deepest
