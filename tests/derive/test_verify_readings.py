"""Verdicts that depend on how the note is read: layers named from the last one, zero
derivatives the network makes, costs the prose calls an average, conditions stated in
the text, ones vectors, readings of ``*`` and layer numbers the network lacks."""

from __future__ import annotations

from .harness import assert_verdicts

LAST_LAYER = r"""
    $$C_0 = (a^{(L)} - y)^2$$

    $$z^{(L)} = w^{(L)} a^{(L-1)} + b^{(L)}$$

    $$a^{(L)} = \sigma(z^{(L)})$$
"""


def test_a_network_written_at_layer_L_makes_every_layer():
    """``z^{(L)} = w^{(L)} a^{(L-1)} + b^{(L)}`` is the recipe of every layer, so a claim
    one layer further back is checked (and a slip there caught)."""
    dw = r"\frac{\partial C_0}{\partial w^{(L-1)}}"
    tail = r"\sigma'(z^{(L-1)}) w^{(L)} \sigma'(z^{(L)}) 2(a^{(L)} - y)"
    assert_verdicts(LAST_LAYER + rf"""
    $${dw} = a^{{(L-2)}} {tail}$$

    $${dw} = a^{{(L-1)}} {tail}$$
    """, {8: "verified", 10: "refuted"})


def test_zero_derivatives_of_the_network_are_decided():
    """z^{(L-1)} does not depend on a^{(L-1)} or on w^{(L)}: zero is the network's answer,
    so a claim that it is not zero is refuted, and a claim that it is zero verified."""
    assert_verdicts(LAST_LAYER + r"""
    $$\frac{\partial z^{(L-1)}}{\partial w^{(L)}} = 0$$

    $$\frac{\partial z^{(L-1)}}{\partial a^{(L-1)}} = \sigma'(z^{(L-1)})$$
    """, {8: "verified", 10: "refuted"})


def test_a_formula_that_cancels_has_a_zero_derivative():
    r"""d/dz of a formula in z that cancels to 1 is zero, not "does not depend"."""
    assert_verdicts(r"""
    $$\frac{d}{dz} \frac{e^{z} - e^{-z}}{e^{z} - e^{-z}} = 1 - \tanh^2(z)$$
    """, {2: "refuted"})


def test_a_cost_the_prose_calls_an_average_is_the_mean_of_the_examples_costs():
    r"""With only one example's cost ``C_0`` written, "the average over the training
    examples" makes ``C`` the mean; the sum without ``1/n`` is then wrong."""
    dw = r"\frac{\partial C}{\partial w^{(L)}}"
    each = r"\sum_{k=0}^{n-1} \frac{\partial C_k}{\partial w^{(L)}}"
    note = LAST_LAYER + rf"""
    The full cost $C$ is the average of the costs of all training examples.

    $${dw} = \frac{{1}}{{n}} {each}$$

    $${dw} = {each}$$
    """
    got = assert_verdicts(note, {10: "verified", 12: "refuted"})
    assert any("mean" in a for a in got[10].assumptions)


SOFTMAX = r"""
    $$p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$$
"""


def test_a_claim_the_text_restricts_to_distinct_indices_is_verified():
    """``∂p_i/∂z_j = -p_i p_j`` holds only off the diagonal: verified when the text says
    "for j ≠ i" beside it, unverified (with that reason) when it does not."""
    said = assert_verdicts(SOFTMAX + r"""
    For $j \neq i$ only the denominator depends on $z_j$:

    $$\frac{\partial p_i}{\partial z_j} = -p_i p_j$$
    """, {6: "verified"})
    assert any("≠" in a for a in said[6].assumptions)
    unsaid = assert_verdicts(SOFTMAX + r"""
    The derivative with respect to the other inputs:

    $$\frac{\partial p_i}{\partial z_j} = -p_i p_j$$
    """, {6: "unverified"})
    assert "indices differ" in unsaid[6].reason


def test_a_number_times_one_in_a_sum_is_a_ones_column():
    r"""``g - (p^T g) \mathbf{1}``: the 1 is as tall as g."""
    assert_verdicts(r"""
    $g$ and $p$ are column vectors in $\mathbb{R}^{3}$.

    $$g - (p^{\top} g)\, \mathbf{1} = g - \mathbf{1} (p^{\top} g)$$

    $$g - (p^{\top} g)\, \mathbf{1} = g + \mathbf{1} (p^{\top} g)$$
    """, {4: "verified", 6: "refuted"})


def test_a_layer_number_the_network_lacks_is_refuted():
    """The network has w^{(1)} and w^{(2)} only: a derivative written with w^{(0)} is
    wrong, and the reason names it."""
    got = assert_verdicts(r"""
    $$s^{(2)} = x w^{(1)}$$

    $$a^{(2)} = f(s^{(2)})$$

    $$s^{(3)} = a^{(2)} w^{(2)}$$

    $$\frac{\partial s^{(3)}}{\partial a^{(2)}} = w^{(2)}$$

    $$\frac{\partial s^{(3)}}{\partial a^{(2)}} = w^{(0)}$$
    """, {8: "verified", 10: "refuted"})
    assert "w^{(0)}" in got[10].reason


def test_a_reading_of_star_that_mixes_vectors_and_numbers_is_no_reading():
    """``∂C/∂a^L * ∂a^L/∂z^L_j`` is a number only as a dot product; a slip in the other
    side is refuted under that reading instead of left open by the elementwise one."""
    assert_verdicts(r"""
    $$z^{l} = w^{l} a^{l-1} + b^{l}$$

    $$a^{l} = \sigma(z^{l})$$

    $$C = \frac{1}{2} \sum_j (a^L_j - y_j)^2$$

    $${STAR} = \frac{\partial C}{\partial a^{L}_{j}} * \sigma'(z^{L}_{j})$$

    $${STAR} = \frac{\partial C}{\partial a^{L}_{j}}$$
    """.replace("{STAR}", r"\frac{\partial C}{\partial a^{L}} * "
                          r"\frac{\partial a^{L}}{\partial z^{L}_{j}}"),
                    {8: "verified", 10: "refuted"})


def test_a_chain_through_the_activation_defines_it():
    r"""``a = σ(z) = 1/(1+e^{-z})`` defines a and σ (also with ``z_j``), so the logistic
    identity that follows holds and a wrong one is refuted."""
    for arg in ("z", "z_j"):
        assert_verdicts(rf"""
    $$a = \sigma({arg}) = \frac{{1}}{{1 + e^{{-{arg}}}}}$$

    $$\sigma'(x) = \sigma(x)(1 - \sigma(x))$$

    $$\sigma'(x) = \sigma(x)(1 + \sigma(x))$$
    """, {2: "definition", 4: "verified", 6: "refuted"})


def test_a_derivative_written_as_a_fraction_applies_to_its_argument():
    r"""``\frac{d\varphi}{dz}(z)`` is φ'(z), not dφ/dz times z."""
    assert_verdicts(r"""
    $$\varphi(z) = \frac{1}{1 + e^{-z}}$$

    $$\frac{d \varphi}{d z}(z) = \varphi(z)(1 - \varphi(z))$$

    $$\frac{d \varphi}{d z}(u) = \varphi(u)(1 + \varphi(u))$$
    """, {4: "verified", 6: "refuted"})


def test_a_word_with_a_subscript_is_a_name():
    r"""``\text{net}_j`` names a quantity (the net input of unit j)."""
    from derive.parse import parse_latex
    from derive.tree import Sym
    term = parse_latex(r"\text{net}_j = \sum_k w_{kj} o_k").statements[0].terms[0]
    assert isinstance(term, Sym) and term.name == "net" and term.sub == (Sym("j"),)


def test_one_transposed_slip_does_not_turn_a_scalar_note_into_a_vector_one():
    """A one-neuron note's claims hold in the scalar reading; a single claim that writes
    a transpose (a slip) does not take that reading from the lines after it."""
    note = LAST_LAYER.replace("^{(L-1)}", "^{(l-1)}").replace("^{(L)}", "^{(l)}") + r"""
    $$\frac{\partial a^{(l)}}{\partial z^{(l)}} = \sigma'((z^{(l)})^T)$$

    $$\frac{\partial z^{(l)}}{\partial w^{(l)}} = a^{(l-1)}$$
    """
    assert_verdicts(note, {10: "verified"})


def test_the_derivative_of_an_activation_by_a_vector_is_taken_entry_by_entry():
    r"""``dσ/da = σ(a)(1-σ(a))`` where a is also a layer's vector: σ' entry by entry."""
    got = assert_verdicts(r"""
    $$a_j = \sum_i w_{ji} z_i \qquad z_j = h(a_j)$$

    $$y_k = \sigma(a_k)$$

    $$\sigma(a) = \frac{1}{1 + e^{-a}}$$

    $$\frac{d\sigma}{da} = \sigma(a) (1 - \sigma(a))$$

    $$\frac{d\sigma}{da} = \sigma(a) (1 + \sigma(a))$$
    """, {8: "verified", 10: "refuted"})
    assert any("entry by entry" in a for a in got[8].assumptions)


def test_a_restated_cost_with_one_slip_is_refuted_and_a_new_cost_is_a_new_scope():
    """``C = (y - σ(wx))²`` after ``C = ½(y - ŷ)²`` is the old cost with ½ dropped: a wrong
    restatement (refuted, and the next restatement still holds); the cross-entropy is a
    different cost: a new definition."""
    got = assert_verdicts(r"""
    $$z = w x$$

    $$\hat{y} = \sigma(z)$$

    $$C = \frac{1}{2} (y - \hat{y})^2$$

    $$C = \frac{1}{2} (y - \sigma(z))^2$$

    $$C = (y - \sigma(w x))^2$$

    $$C = \frac{1}{2} (y - \sigma(w x))^2$$

    $$C = -y \log \hat{y} - (1 - y) \log (1 - \hat{y})$$
    """, {6: "definition", 8: "verified", 10: "refuted", 12: "verified", 14: "definition"})
    assert "½ dropped" in got[10].reason


def test_a_function_made_the_sigmoid_is_restated_not_redefined_by_a_slip():
    """After ``f(s) = sigmoid(s)``, ``f(u) = sigmoid(u^2)`` is a wrong claim about f (it
    does not unsettle the lines after it); ``f(u) = tanh(u)`` switches the activation."""
    got = assert_verdicts(r"""
    $$a = f(s) = \text{sigmoid}(s)$$

    $$f(u) = \text{sigmoid}(u^2)$$

    $$f'(u) = f(u)(1 - f(u))$$

    $$f(u) = \tanh(u)$$

    $$f'(u) = 1 - f(u)^2$$
    """, {4: "refuted", 6: "verified", 8: "definition", 10: "verified"})
    assert got[4].kind == "claim"


def test_an_update_rule_in_a_one_neuron_note_is_checked_in_the_scalar_reading():
    """``w := w - α ∂ℒ/∂w`` with w, x numbers: verified (one unit per layer); the wrong
    sign is refuted."""
    got = assert_verdicts(r"""
    We compute $z = wx + b$, then $a = \sigma(z)$, and the loss

    $$\mathcal{L}(a, y) = -\left(y \log a + (1 - y)\log(1 - a)\right)$$

    $$w := w - \alpha \frac{\partial \mathcal{L}}{\partial w}$$

    $$w := w + \alpha \frac{\partial \mathcal{L}}{\partial w}$$
    """, {6: "verified", 8: "refuted"})
    assert any("scalar" in a for a in got[6].assumptions)
