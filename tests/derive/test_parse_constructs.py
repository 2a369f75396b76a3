"""The reader, construct by construct: each way notes write a piece of ML notation
becomes the tree the design asks for.

Trees are compared through :func:`derive.show.explain`, which prints every reading
decision (``a^(L)`` a layer, ``pow(a, 2)`` a power, ``pow?(a, 2)`` a bare number that
may be a layer, ``T(x)`` a transpose, ``⋅?`` an ambiguous product, ``s?(z)`` a product
or an application), and by node equality where a field matters.
"""

from __future__ import annotations

import unicodedata

import pytest

from derive.parse import parse_latex
from derive.show import explain
from derive.tree import (
    Add,
    Apply,
    Cases,
    Deriv,
    Ellipsis_,
    Entry,
    Frac,
    Indicator,
    Matrix,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Prime,
    Relation,
    Sum,
    Sym,
    Text,
    Transpose,
    Tuple_,
)


def read(latex: str) -> list[str]:
    """Every statement of ``latex``, explained (NFC, so ``ŷ`` compares as typed)."""
    parsed = parse_latex(latex)
    assert parsed.ok, (latex, parsed.error, parsed.column)
    return [unicodedata.normalize("NFC", explain(c)) for c in parsed.statements]


def node(latex: str):
    """The single expression ``latex`` is."""
    parsed = parse_latex(latex)
    assert parsed.ok, (latex, parsed.error, parsed.column)
    assert len(parsed.statements) == 1 and not parsed.statements[0].ops
    return parsed.statements[0].terms[0]


def s(name, sub=(), layer=(), bracket="", bold=False, marks=()):
    """A symbol, with plain letters for indices and layers."""
    def part(x):
        return Sym(x) if isinstance(x, str) and not x.isdigit() else \
            Num(x) if isinstance(x, str) else x
    return Sym(name, tuple(part(x) for x in sub), tuple(part(x) for x in layer), bold,
               marks, bracket)


LAYERS = [
    (r"a^{(L)}", "a^(L)"),
    (r"a^{[\ell]}", "a^[ℓ]"),
    (r"a^l_j", "a^(l)_{j}"),
    (r"a_j^l", "a^(l)_{j}"),
    (r"w^{(L)}_{jk}", "w^(L)_{j,k}"),
    (r"w^l_{jk}", "w^(l)_{j,k}"),
    (r"a^{(L-1)}", "a^(L - 1)"),
    (r"W^{[\ell+1]T}", "T(W^[ℓ + 1])"),
    (r"a^{[\ell]T}", "T(a^[ℓ])"),
    (r"\delta^{x,l}", "δ^(x,l)"),
    (r"a^{(2)}", "a^(2)"),
    (r"a^{[0]}", "a^[0]"),
    (r"g^{[\ell]}(z^{[\ell]})", "g^[ℓ](z^[ℓ])"),
    (r"a_i^{\dagger}", "a^†_{i}"),
    (r"z^{[l](i)}", "z^[l,i]"),
    (r"a^{[\ell-1](i)}", "a^[ℓ - 1,i]"),
]

POWERS = [
    (r"(\cdot)^2", "pow(·, 2)"),
    (r"(a-y)^2", "pow(a - y, 2)"),
    (r"\left(a^{(L)}-y\right)^{2}", "pow(a^(L) - y, 2)"),
    (r"e^{-z}", "pow(e, -z)"),
    (r"\beta_1^t", "pow(β_{1}, t)"),
    (r"\mu^{t-s}", "pow(μ, t - s)"),
    (r"\tanh^2(z)", "pow(tanh(z), 2)"),
    (r"\sigma(x)^2", "pow(σ(x), 2)"),
    (r"(1 + e^{-z})^{-1}", "pow(1 + pow(e, -z), -1)"),
    (r"(a)^2", "pow(a, 2)"),
]

TRANSPOSES = [
    (r"x^T", "T(x)"),
    (r"x^{\top}", "T(x)"),
    (r"x^\top", "T(x)"),
    (r"x^\intercal", "T(x)"),
    (r"x^{\mathsf{T}}", "T(x)"),
    (r"(w^l)^T", "T(w^(l))"),
    (r"(a^{(2)})^T \delta^{(3)}", "T(a^(2)) δ^(3)"),
    (r"\big( a^{l-1} (\delta^l)^T \big)^T", "T(a^(l - 1) T(δ^(l)))"),
    (r"\mathbf{w}^\top \mathbf{x}", "T(w⃗) x⃗"),
]

DERIVATIVES = [
    (r"\frac{\partial C}{\partial w}", "∂[C]/∂[w]"),
    (r"\partial C/\partial w", "∂[C]/∂[w]"),
    (r"\partial C / \partial w^l_{jk}", "∂[C]/∂[w^(l)_{j,k}]"),
    (r"\frac{\partial C_{0}}{\partial w^{(L)}}", "∂[C_{0}]/∂[w^(L)]"),
    (r"\frac{d}{dz}(1 + e^{-z})", "d[1 + pow(e, -z)]/d[z]"),
    (r"\frac{d}{dz} \frac{1}{1 + e^{-z}}", "d[(1)/(1 + pow(e, -z))]/d[z]"),
    (r"\frac{d\sigma}{da}", "d[σ]/d[a]"),
    (r"\frac{dy}{dx}", "d[y]/d[x]"),
    (r"\frac{\mathrm{d}y}{\mathrm{d}x}", "d[y]/d[x]"),
    (r"\frac{\partial^2 E}{\partial w^2}", "∂^2[E]/∂[w]"),
    (r"\frac{\partial^2 C}{\partial w_i \partial w_j}", "∂^2[C]/∂[w_{i}, w_{j}]"),
    (r"\frac{\partial}{\partial w} C", "∂[C]/∂[w]"),
    (r"\frac{\partial}{\partial a_i} (a_i - y_i)^2", "∂[pow(a_{i} - y_{i}, 2)]/∂[a_{i}]"),
    (r"\frac{\partial a^{(2)} w^{(2)}}{\partial w^{(2)}}", "∂[a^(2) w^(2)]/∂[w^(2)]"),
    (r"\partial_i C", "∂[C]/∂[i]"),
    (r"\nabla_{z} C", "∇_{z}(C)"),
    (r"\nabla_a C \odot \sigma'(z)", "∇_{a}(C) ⊙ σ'(z)"),
    (r"\nabla_{\mathbf{w}} J", "∇_{w⃗}(J)"),
    (r"\nabla J(\mathbf{w})", "∇_{}(J(w⃗))"),
    (r"\nabla^2_{\mathbf{w}} J", "∇^2_{w⃗}(J)"),
    (r"\nabla_w L(w_t)", "∇_{w}(L?(w_{t}))"),
    (r"\triangledown_{z} C", "∇_{z}(C)"),
    (r"\triangledown_{z^{[\ell]}}\mathcal{L}(\hat{y},y)", "∇_{z^[ℓ]}(𝓛(ŷ, y))"),
    (r"\triangle_{W} J(W, b)", "∇_{W}(J(W, b))"),
]

PRIMES = [
    (r"\sigma'(z)", "σ'(z)"),
    (r"\sigma''(z)", "σ''(z)"),
    (r"f^{\prime}(z)", "f'(z)"),
    (r"f^{\prime}", "f'"),
    (r"f^\prime(z)", "f'(z)"),
    (r"\sigma^{\prime}\left(z^{(L)}\right)", "σ'(z^(L))"),
    (r"(g^{[N]})^{\prime}(z)", "g^[N]'(z)"),
    (r"\dot\sigma", "σ'"),
    (r"\dot{\sigma}(z)", "σ'(z)"),
    (r"\tanh'(Z_1)", "tanh'(Z_{1})"),
    (r"\operatorname{ReLU}'(z)", "relu'(z)"),
]

PRODUCTS = [
    (r"W a", "W a"),
    (r"w^{(L)} a^{(L-1)}", "w^(L) a^(L - 1)"),
    (r"a \cdot b", "a ⋅? b"),
    (r"a * b", "a *? b"),
    (r"a \ast b", "a *? b"),
    (r"a \times b", "a ×? b"),
    (r"a \circ b", "a ∘ b"),
    (r"a \odot b", "a ⊙ b"),
    (r"a .* b", "a ⊙ b"),
    (r"(A B) \odot C", "(A B) ⊙ C"),
    (r"A B \odot C", "A B ⊙ C"),
    (r"\hat y (1 - \hat y)", "ŷ?(1 - ŷ)"),
    (r"\sigma(z)(1 - \sigma(z))", "σ(z) (1 - σ(z))"),
    (r"2\left(a^{(L)}-y\right)", "2 (a^(L) - y)"),
]

SUMS = [
    (r"\sum_{j=0}^{n-1} a_j", "Σ_{j=0..n - 1}(a_{j})"),
    (r"\sum_{j=0}^{n_{L}-1}\left(a_{j}^{(L)}-y_{j}\right)^{2}",
     "Σ_{j=0..n_{L} - 1}(pow(a^(L)_{j} - y_{j}, 2))"),
    (r"\sum\limits_{j=1}^k y_j", "Σ_{j=1..k}(y_{j})"),
    (r"\sum\limits_j a_j", "Σ_{j}(a_{j})"),
    (r"\sum_k w_{jk} a_k + b_j", "Σ_{k}(w_{j,k} a_{k}) + b_{j}"),
    (r"\sum \frac{1}{2}(y - \hat{y})^2", "Σ((1)/(2) pow(y - ŷ, 2))"),
    (r"\prod_{i=1}^n p_i", "Π_{i=1..n}(p_{i})"),
    (r"w_{j0}a_0 + \dots + b_j", "w_{j,0} a_{0} + … + b_{j}"),
    (r"w_{j 1} a_{1} + \cdots + w_{j k} a_{k} + \ldots + b_{j}",
     "w_{j,1} a_{1} + … + w_{j,k} a_{k} + … + b_{j}"),
]

WORDS_AND_STYLE = [
    (r"\mathbb{1}\{y=j\}", "𝟙{[y = j]}"),
    (r"\mathbb{1}[z > 0]", "𝟙{[z > 0]}"),
    (r"\log \hat y", "log(ŷ)"),
    (r"y\log\hat{y}_j", "y log(ŷ_{j})"),
    (r"\log (1-\hat{y})", "log(1 - ŷ)"),
    (r"\ln y_k", "ln(y_{k})"),
    (r"\exp(z)", "exp(z)"),
    (r"\exp z", "exp(z)"),
    (r"\frac{\exp(z_c)}{\sum_{k=1}^{C} \exp(z_k)}", "(exp(z_{c}))/(Σ_{k=1..C}(exp(z_{k})))"),
    (r"\hat{y}", "ŷ"),
    (r"\hat y", "ŷ"),
    (r"\tilde{J}(\mathbf{w})", "J̃(w⃗)"),
    (r"\mathbf{x}", "x⃗"),
    (r"\boldsymbol{\theta}", "θ⃗"),
    (r"\hat{\mathbf{m}}_t", "m̂⃗_{t}"),
    (r"\mathcal{L}", "𝓛"),
    (r"\mathcal{L}(\hat{y},y)", "𝓛(ŷ, y)"),
    (r"\text{regularization}", "text(regularization)"),
    (r"\text{sigmoid}(s)", "sigmoid(s)"),
    (r"sigmoid(x)", "sigmoid(x)"),
    (r"\mathrm{softmax}(z)_i", "(softmax(z))_{i}"),
    (r"\max(0, z)", "max(0, z)"),
    (r"\left( a + b \right)", "a + b"),
    (r"\left[ a \right]", "a"),
    (r"\bigg( y \bigg)", "y"),
    (r"\left. \frac{d}{dz} \sigma(z) \right.", "d[σ(z)]/d[z]"),
    (r"\Big[ a \Big]", "a"),
    (r"\sigma\big(z\big)", "σ(z)"),
    (r"a \, b \; c \! d \: e", "a b c d e"),
    (r"\displaystyle a", "a"),
    (r"\underbrace{a + b}_{\text{sum}}", "a + b"),
    (r"\frac12", "(1)/(2)"),
    (r"\frac{1}{2n}", "(1)/(2 n)"),
    (r"\frac{1}{2}\lVert y - a^L\rVert^2", "(1)/(2) pow(‖y - a^(L)‖, 2)"),
    (r"\dfrac{a}{b}", "(a)/(b)"),
    (r"dZ_2", "dZ_{2}"),
    (r"dW_1 = X^\top dZ_1", "dW_{1} = T(X) dZ_{1}"),
    (r"\lVert w\rVert_2^2", "pow(‖w‖_2, 2)"),
    (r"\|w\|^2", "pow(‖w‖, 2)"),
    (r"\lvert g\rvert", "|g|"),
    (r"|w|_1", "|w|_1"),
    (r"\sqrt{\hat{s}_t} + \epsilon", "sqrt(ŝ_{t}) + ε"),
    (r"(dW_2)_{cj}", "(dW_{2})_{c,j}"),
    (r"Z_{2,ic}", "Z_{2,i,c}"),
    (r"w_5^{+}", "w^+_{5}"),
]

ALL = LAYERS + POWERS + TRANSPOSES + DERIVATIVES + PRIMES + PRODUCTS + SUMS + WORDS_AND_STYLE


@pytest.mark.parametrize("latex, shown", ALL, ids=[latex for latex, _ in ALL])
def test_construct_reads_as_designed(latex, shown):
    """Each construct of the notation reads as the one tree the design says."""
    assert read(latex) == [unicodedata.normalize("NFC", shown)]


# --- node equality where a field carries the decision --------------------------


def test_layer_fields_record_the_brackets():
    """A layer superscript is a field of the symbol, with how it was bracketed."""
    assert node(r"a^{(L)}") == s("a", layer=["L"], bracket="(")
    assert node(r"a^{[\ell]}") == s("a", layer=["ell"], bracket="[")
    assert node(r"a^l_j") == s("a", sub=["j"], layer=["l"], bracket="")


def test_indices_are_split_into_units():
    """``w^{(L)}_{jk}`` has two unit indices (j, k) and the layer L."""
    assert node(r"w^{(L)}_{jk}") == s("w", sub=["j", "k"], layer=["L"], bracket="(")
    assert node(r"w_{j,k}") == s("w", sub=["j", "k"])


def test_layer_plus_transpose():
    """``W^{[\\ell+1]T}`` is the transpose of W at layer ℓ+1."""
    assert node(r"W^{[\ell+1]T}") == Transpose(
        Sym("W", layer=(Add((Sym("ell"), Num("1"))),), bracket="["))


def test_two_part_layer():
    """``\\delta^{x,l}`` and ``z^{[l](i)}`` keep both parts of the superscript as the layer."""
    assert node(r"\delta^{x,l}").layer == (Sym("x"), Sym("l"))
    assert node(r"z^{[l](i)}") == s("z", layer=["l", "i"], bracket="[")
    assert isinstance(node(r"e^{(x-m)(x-m)}"), Pow)


def test_bare_number_superscript_is_maybe_a_layer():
    """``a^{2}`` is a power that may be a layer; ``(a-y)^2`` is a plain power."""
    assert node(r"a^{2}") == Pow(Sym("a"), Num("2"), maybe_layer=True)
    assert node(r"a^2") == Pow(Sym("a"), Num("2"), maybe_layer=True)
    assert node(r"(a-y)^2") == Pow(Add((Sym("a"), Neg(Sym("y")))), Num("2"), maybe_layer=False)
    assert node(r"(a)^2").maybe_layer is False


def test_function_power_is_never_a_layer():
    """``\\tanh^2(z)`` squares the application; a function name is no layered quantity."""
    assert node(r"\tanh^2(z)") == Pow(Apply(Sym("tanh"), (Sym("z"),)), Num("2"))


@pytest.mark.parametrize("latex, layer", [("a^l", True), ("a^L", True), (r"a^\ell", True),
                                          ("a^t", False), ("a^k", False), ("a^n", False)])
def test_letter_superscript_layer_or_power(latex, layer):
    """``a^l`` (l, L, ℓ) is a layer; ``a^t`` and other letters are powers."""
    got = node(latex)
    assert isinstance(got, Sym if layer else Pow)
    if not layer:
        assert got.maybe_layer is False


def test_cdot_is_kept_as_written():
    """``\\cdot``, ``*`` and ``\\times`` stay distinct ambiguous operators."""
    got = node(r"a \cdot b * c \times d \circ e \odot f g")
    assert isinstance(got, Mul)
    assert got.ops == ("cdot", "ast", "times", "circ", "odot", "juxt")


def test_derivative_fields():
    """Style and order say how a derivative was written."""
    assert node(r"\frac{\partial C}{\partial w}") == Deriv(Sym("C"), (Sym("w"),), "partial")
    assert node(r"\partial C/\partial w") == Deriv(Sym("C"), (Sym("w"),), "partial")
    assert node(r"\frac{d\sigma}{da}") == Deriv(Sym("sigma"), (Sym("a"),), "d")
    assert node(r"\frac{\partial^2 E}{\partial w^2}") == Deriv(Sym("E"), (Sym("w"),),
                                                              "partial", 2)
    assert node(r"\nabla_{z} C") == Deriv(Sym("C"), (Sym("z"),), "nabla")
    assert node(r"\nabla J") == Deriv(Sym("J"), (), "nabla")


def test_d_operator_applies_to_what_follows():
    """``\\frac{d}{dz}(…)`` differentiates the whole bracket after it."""
    got = node(r"\frac{d}{dz}(z^2 + 1)")
    assert got == Deriv(Add((Pow(Sym("z"), Num("2"), True), Num("1"))), (Sym("z"),), "d")


def test_gradient_stops_at_elementwise_product():
    """``\\nabla_a C \\odot \\sigma'(z)`` is (∇_a C) ⊙ σ'(z), not ∇_a(C ⊙ σ'(z))."""
    got = node(r"\nabla_a C \odot \sigma'(z)")
    assert got == Mul((Deriv(Sym("C"), (Sym("a"),), "nabla"),
                       Apply(Prime(Sym("sigma")), (Sym("z"),))), ("odot",))


def test_prime_of_layered_function():
    """``(g^{[N]})^{\\prime}(z)`` is the derivative of g^[N], applied to z."""
    assert node(r"(g^{[N]})^{\prime}(z)") == Apply(
        Prime(Sym("g", layer=(Sym("N"),), bracket="[")), (Sym("z"),))


def test_sum_fields():
    """A sum records its index, bounds and body; bare ``\\sum`` has none."""
    assert node(r"\sum_{j=0}^{n-1} a_j") == Sum(
        s("a", sub=["j"]), Sym("j"), Num("0"), Add((Sym("n"), Neg(Num("1")))))
    assert node(r"\sum_k a_k") == Sum(s("a", sub=["k"]), Sym("k"))
    assert node(r"\sum a") == Sum(Sym("a"))


def test_indicator_node():
    """``\\mathbb{1}\\{y=j\\}`` is an indicator of the condition y = j."""
    assert node(r"\mathbb{1}\{y=j\}") == Indicator(Relation(Sym("y"), "=", Sym("j")))


def test_operator_word_without_parentheses():
    """``\\log \\hat y`` applies log to the one factor after it."""
    assert node(r"\log \hat y") == Apply(Sym("log"), (Sym("hat{y}"),))
    assert node(r"y \log \hat y") == Mul((Sym("y"), Apply(Sym("log"), (Sym("hat{y}"),))),
                                         ("juxt",))


def test_styles_fold_into_names():
    """Bold is a flag, accents and calligraphy are part of the name."""
    assert node(r"\mathbf{x}") == Sym("x", bold=True)
    assert node(r"\boldsymbol{\delta}_1") == Sym("delta", (Num("1"),), bold=True)
    assert node(r"\hat{y}") == Sym("hat{y}")
    assert node(r"\mathcal{L}") == Sym("mathcal{L}")


def test_text_word_is_a_text_node():
    """``\\text{regularization}`` is a Text term of the sum."""
    assert node(r"a + \text{regularization}") == Add((Sym("a"), Text("regularization")))


def test_long_text_remark_is_ignored_with_a_note():
    """``\\text{(a long remark)}`` is dropped, and a note says so."""
    parsed = parse_latex(r"C = \frac{1}{n} \sum_k C_k \text{(a long remark, $n$ examples)}")
    assert parsed.ok
    assert [explain(c) for c in parsed.statements] == ["C = (1)/(n) Σ_{k}(C_{k})"]
    assert any("ignored the annotation" in n and "a long remark" in n for n in parsed.notes)


def test_underbrace_keeps_the_body_and_notes_the_label():
    """``\\underbrace{x}_{label}`` reads as x; the label is noted, not read."""
    parsed = parse_latex(r"\underbrace{a + b}_{= c} = d")
    assert [explain(c) for c in parsed.statements] == ["a + b = d"]
    assert any("underbrace" in n for n in parsed.notes)


@pytest.mark.parametrize("latex", [r"a = b \tag{1}", r"a = b \tag{BP1}", r"a = b \label{eq:x}",
                                   r"a = b \nonumber", r"a = b. \label{eq:x}"])
def test_tags_and_labels_vanish(latex):
    """``\\tag``, ``\\label`` and ``\\nonumber`` carry no math."""
    assert read(latex) == ["a = b"]


def test_fractions():
    """``\\frac12`` takes one digit each; ``\\frac{1}{2n}`` has a product below."""
    assert node(r"\frac12") == Frac(Num("1"), Num("2"))
    assert node(r"\frac{1}{2n}") == Frac(Num("1"), Mul((Num("2"), Sym("n")), ("juxt",)))
    assert node(r"a/b") == Frac(Sym("a"), Sym("b"), slash=True)


def test_gradient_name_is_one_symbol():
    """``dZ_2`` (PyTorch-style gradient name) is one name, not d times Z."""
    assert node(r"dZ_2") == Sym("dZ", (Num("2"),))


def test_norms():
    """``\\lVert w\\rVert_2^2`` is the square of the 2-norm; ``\\lvert g\\rvert`` an abs."""
    assert node(r"\lVert w\rVert_2^2") == Pow(Norm(Sym("w"), "norm", Num("2")), Num("2"))
    assert node(r"\lvert g\rvert") == Norm(Sym("g"), "abs")


def test_entry_of_a_function_value():
    """``softmax(z)_i`` is entry i of softmax(z), not softmax of z_i."""
    assert node(r"\mathrm{softmax}(z)_i") == Entry(Apply(Sym("softmax"), (Sym("z"),)),
                                                    (Sym("i"),))


def test_cases_and_matrices():
    """``cases`` rows are (value, condition) pairs; ``pmatrix`` rows of entries."""
    got = node(r"\begin{cases} 1 & \text{if } z > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert got == Cases(((Num("1"), Relation(Sym("z"), ">", Num("0"))), (Num("0"), None)))
    assert node(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}") == Matrix(
        ((Sym("a"), Sym("b")), (Sym("c"), Sym("d"))))
    assert node(r"\begin{bmatrix} y_1 \\ \vdots \\ y_n \end{bmatrix}").rows[1] == (Ellipsis_(),)


def test_function_of_several_arguments():
    """``J(W, b)`` applies J to two arguments, not to a tuple."""
    assert node(r"J(W,b)") == Apply(Sym("J"), (Sym("W"), Sym("b")))
    assert node(r"(a, b)") == Tuple_((Sym("a"), Sym("b")))
