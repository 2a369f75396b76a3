"""The tokenizer (:mod:`derive.latex`): TeX-level reading and the notation table.

Spacing and sizing macros vanish, styling folds into names, Unicode becomes macros
(with positions still pointing into the text as written), ``\\frac12`` and ``x^10``
get TeX's one-character arguments, and anything unreadable raises
:class:`derive.latex.Unreadable` with an offset.
"""

from __future__ import annotations

import pytest

from derive.latex import Unreadable, tokenize
from derive.parse import split_statements


def kinds(latex: str) -> list[tuple[str, str]]:
    toks, _ = tokenize(latex)
    return [(t.type, t.value) for t in toks]


def test_layer_superscript_tokens():
    """``a^{(L)}`` is a name, a caret and a braced, parenthesised L."""
    assert kinds(r"a^{(L)}") == [("NAME", "a"), ("CARET", "^"), ("LBRACE", "{"),
                                 ("LPAR", "("), ("NAME", "L"), ("RPAR", ")"), ("RBRACE", "}")]


@pytest.mark.parametrize("latex, plain", [
    (r"\left( a \, b \right)", "(a b)"),
    (r"\bigg[ a \; b \bigg]", "[a b]"),
    (r"\Big( \displaystyle a \! b \Big)", "(a b)"),
    (r"a \tag{BP1}", "a"),
    (r"a \label{eq:one} \nonumber", "a"),
    (r"a~b", "a b"),
    (r"a \hspace{1em} b", "a b"),
])
def test_spacing_sizing_and_labels_vanish(latex, plain):
    """Macros that carry no math leave the same tokens as the plain text."""
    assert kinds(latex) == kinds(plain)


@pytest.mark.parametrize("latex, name", [
    (r"\hat{\mathbf{m}}", "hat{m}!b"),
    (r"\mathbf{x}", "x!b"),
    (r"\boldsymbol{\theta}", "theta!b"),
    (r"\hat y", "hat{y}"),
    (r"\tilde{J}", "tilde{J}"),
    (r"\mathcal{L}", "mathcal{L}"),
    (r"\mathbb{1}", "mathbb{1}"),
    (r"\operatorname{diag}", "diag"),
    (r"\text{sigmoid}", "sigmoid"),
    (r"sigmoid", "sigmoid"),
    (r"\ell", "ell"),
    (r"\log", "log"),
    (r"dZ", "dZ"),
])
def test_styled_names_are_one_token(latex, name):
    """Styling and accents fold into one name (``!b`` marks bold)."""
    assert kinds(latex) == [("NAME", name)]


def test_lowercase_d_before_lowercase_is_two_names():
    """``db`` is d times b (or a Leibniz d b), unlike the gradient name ``dZ``."""
    assert kinds("db") == [("NAME", "d"), ("NAME", "b")]


def test_frac_takes_one_character_arguments():
    """``\\frac12`` is ``\\frac{1}{2}``, as TeX reads it."""
    assert kinds(r"\frac12") == kinds(r"\frac{1}{2}")


def test_bare_script_takes_one_character():
    """``x^10`` is ``x^{1}0`` in TeX; ``a^lj`` is ``a^{l}j``."""
    assert kinds("x^10") == [("NAME", "x"), ("CARET", "^"), ("NUM", "1"), ("NUM", "0")]
    assert kinds("a^lj") == [("NAME", "a"), ("CARET", "^"), ("NAME", "l"), ("NAME", "j")]


def test_unicode_reads_as_macros_at_its_own_position():
    """``σ(z)`` reads as ``\\sigma(z)``; positions count the characters as typed."""
    toks, _ = tokenize("σ(z) · x")
    assert [(t.type, t.value) for t in toks] == kinds(r"\sigma(z) \cdot x")
    assert [t.pos for t in toks] == [0, 1, 2, 3, 5, 7]


@pytest.mark.parametrize("latex, expected", [
    (r"f^{\prime}", [("NAME", "f"), ("PRIME", "'")]),
    (r"f^\prime", [("NAME", "f"), ("PRIME", "'")]),
    (r"f''", [("NAME", "f"), ("PRIME", "'"), ("PRIME", "'")]),
    (r"\dot\sigma", [("NAME", "sigma"), ("PRIME", "'")]),
    (r"w^{+}", [("NAME", "w"), ("CARET", "^"), ("NAME", "+")]),
    (r"a .* b", [("NAME", "a"), ("MULOP", "odot"), ("NAME", "b")]),
])
def test_primes_marks_and_operators(latex, expected):
    """Primes in any spelling, sign marks and ``.*`` become their grammar tokens."""
    assert kinds(latex) == expected


def test_product_operators_are_normalised():
    """Each product macro keeps its own kind: ambiguous ones are not merged."""
    assert kinds(r"\cdot \times \circ \odot * \ast \bullet") == [
        ("MULOP", op) for op in ("cdot", "times", "circ", "odot", "ast", "ast", "cdot")]


def test_relations_are_normalised():
    """Relations map to the chain's op names."""
    assert [v for _, v in kinds(r"= \leq \geq \neq \approx \equiv \leftarrow := \in \propto")] \
        == ["=", "<=", ">=", "!=", "~", ":=", "<-", ":=", "in", "propto"]


def test_bars_pair_up():
    """``|a|`` and ``\\|a\\|`` open and close alternately."""
    assert [t for t, _ in kinds("|a|")] == ["ABSL", "NAME", "ABSR"]
    assert [t for t, _ in kinds(r"\|a\| + \lVert b \rVert")] == [
        "NORML", "NAME", "NORMR", "PLUS", "NORML", "NAME", "NORMR"]


@pytest.mark.parametrize("latex, expected", [
    (r"\text{otherwise}", [("TEXTWORD", "otherwise")]),
    (r"\text{regularization}", [("TEXT", "regularization")]),
    (r"a \text{and} b", [("NAME", "a"), ("SEP", r"\text{and}"), ("NAME", "b")]),
    (r"a \text{ for } b", [("NAME", "a"), ("SEP", r"\text{for}"), ("NAME", "b")]),
    (r"a \text{if} b", [("NAME", "a"), ("SEP", r"\text{if}"), ("NAME", "b")]),
])
def test_text_words(latex, expected):
    """``\\text`` is a condition word, a quantity, or a separator of a scope."""
    assert kinds(latex) == expected


def test_condition_words_in_cases_rows():
    """Inside ``cases``, ``\\text{if}`` is the condition word of its row, not a separator."""
    got = kinds(r"\begin{cases} 1 & \text{if } z > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert ("TEXTWORD", "if") in got and ("TEXTWORD", "otherwise") in got
    assert not any(t == "SEP" for t, _ in got)


def test_text_remark_is_dropped_with_a_note():
    """A remark in ``\\text{(…)}`` leaves no tokens, only a note."""
    toks, notes = tokenize(r"a \text{(sum over layer $L$)}")
    assert [(t.type, t.value) for t in toks] == [("NAME", "a")]
    assert len(notes) == 1 and "ignored the annotation" in notes[0]


def test_alignment_marks_only_inside_environments():
    """``&`` is dropped in an aligned row and kept as a cell break in a matrix."""
    assert kinds("a &= b") == [("NAME", "a"), ("REL", "="), ("NAME", "b")]
    assert [t for t, _ in kinds(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}")] == [
        "MATBEGIN", "NAME", "AMP", "NAME", "ROWSEP", "NAME", "AMP", "NAME", "END"]


@pytest.mark.parametrize("latex, reason, pos", [
    (r"\frac{a}{b", "'{' is never closed", 8),
    (r"a}", "'}' without '{'", 1),
    (r"a + \foo", "unknown macro \\foo", 4),
    ("α + \\foo", "unknown macro \\foo", 4),
    (r"\\frac{a}{b}", "doubled backslash", 0),
    (r"\begin{foo} a \end{foo}", "unknown environment foo", 0),
    (r"\begin{cases} a", "\\begin{cases} is never closed", 14),
    ("x = 5%", "unexpected character '%'", 5),
])
def test_unreadable_carries_an_offset(latex, reason, pos):
    """The tokenizer raises Unreadable with the 0-based offset of the problem."""
    with pytest.raises(Unreadable) as err:
        tokenize(latex)
    assert reason in err.value.reason and err.value.pos == pos


def test_escaped_punctuation_is_a_macro_not_a_stray_character():
    """``\\!`` is a negative space; an unescaped ``!`` is damage."""
    assert kinds(r"a \! b") == kinds("a b")
    with pytest.raises(Unreadable):
        tokenize("a ! b")


@pytest.mark.parametrize("latex, pieces", [
    (r"a = b, \qquad c = d", 2),
    (r"a = b \Rightarrow c = d", 2),
    (r"\ell = 1, 2, \dots, N", 1),
    (r"x = \quad 1 \cdot y", 1),
    (r"f(a, b) = c", 1),
])
def test_split_statements(latex, pieces):
    """Top-level separators split statements; commas of a list or inside brackets do not."""
    toks, _ = tokenize(latex)
    out, _ = split_statements(toks)
    assert len(out) == pieces
