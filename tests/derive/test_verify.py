"""Verdicts on small notes: identities, network claims, updates, repairs."""

from __future__ import annotations

from .harness import assert_verdicts

NETWORK = r"""
    Column vectors; $\sigma$ is any differentiable activation.

    $$z^{l} = w^{l} a^{l-1} + b^{l}$$

    $$a^{l} = \sigma(z^{l})$$

    $$C = \frac{1}{2} \sum_j (a^L_j - y_j)^2$$

    $$\delta^{l} = \frac{\partial C}{\partial z^{l}}$$
"""


def test_sigmoid_derivative_identity_is_verified():
    """σ' = σ(1-σ) for the logistic σ the note defines holds."""
    assert_verdicts(r"""
    $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

    $$\sigma'(x) = \sigma(x)(1 - \sigma(x))$$
    """, {2: "definition", 4: "verified"})


def test_wrong_sign_in_identity_is_refuted_with_counterexample():
    """σ' = σ(1+σ) fails, with both values at a reproducible point."""
    got = assert_verdicts(r"""
    $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

    $$\sigma'(x) = \sigma(x)(1 + \sigma(x))$$
    """, {4: "refuted"})
    cex = got[4].counterexample
    assert cex["left"] != cex["right"]


def test_bp1_to_bp4_hold_for_a_generic_activation():
    """The four equations of backpropagation, in vector form, are verified."""
    assert_verdicts(NETWORK + r"""
    $$\delta^{L} = (a^{L} - y) \odot \sigma'(z^{L})$$

    $$\delta^{l} = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^{l})$$

    $$\frac{\partial C}{\partial b^{l}} = \delta^{l}$$

    $$\frac{\partial C}{\partial w^{l}} = \delta^{l} (a^{l-1})^T$$
    """, {12: "verified", 14: "verified", 16: "verified", 18: "verified"})


def test_missing_transpose_is_refuted_by_shapes_with_repair():
    """W δ for Wᵀ δ does not conform; the repair adds the transpose."""
    got = assert_verdicts(NETWORK + r"""
    $$\delta^{l} = (w^{l+1} \delta^{l+1}) \odot \sigma'(z^{l})$$
    """, {12: "refuted"})
    assert "shapes" in got[12].reason
    assert got[12].suggestion is not None and "T" in got[12].suggestion


def test_layer_slip_is_refuted_and_repaired():
    """δ^l (a^l)^T for δ^l (a^{l-1})^T: refuted, repaired by shifting the layer."""
    got = assert_verdicts(NETWORK + r"""
    $$\frac{\partial C}{\partial w^{l}} = \delta^{l} (a^{l})^T$$
    """, {12: "refuted"})
    assert "l - 1" in got[12].suggestion


def test_missing_activation_derivative_is_refuted():
    """BP2 without σ'(z^l) fails for a generic σ."""
    assert_verdicts(NETWORK + r"""
    $$\delta^{l} = (w^{l+1})^T \delta^{l+1}$$
    """, {12: "refuted"})


def test_descent_update_is_verified_and_ascent_refuted():
    """w - η∂C/∂w is a descent step; w + η∂C/∂w is refuted with the sign repaired."""
    got = assert_verdicts(NETWORK + r"""
    $$w^{l} \leftarrow w^{l} - \eta \frac{\partial C}{\partial w^{l}}$$

    $$w^{l} \leftarrow w^{l} + \eta \frac{\partial C}{\partial w^{l}}$$
    """, {12: "verified", 14: "refuted"})
    assert got[14].kind == "update"
    assert "- \\eta" in got[14].suggestion


def test_aligned_rows_use_link_semantics():
    """A wrong middle row is refuted; the next row, equal to it, is verified."""
    assert_verdicts(r"""
    $$g(z) = \frac{1}{1 + e^{-z}}$$

    $$\begin{aligned} g'(z) &= \frac{e^{-z}}{(1 + e^{-z})^2} \\
    &= \frac{e^{z}}{(1 + e^{-z})^2} \\
    &= \frac{e^{z}}{(1 + e^{-z})^2} \end{aligned}$$
    """, {(4, 1): "verified", (5, 2): "refuted", (6, 3): "verified"})


def test_damaged_formula_is_unreadable_and_others_still_checked():
    """An unknown macro makes one equation unreadable, not the note."""
    got = assert_verdicts(r"""
    $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

    $$\dZ = \frac{1}{m}$$

    $$\sigma'(x) = \sigma(x)\sigma(-x)$$
    """, {4: "unreadable", 6: "verified"})
    assert "\\dZ" in got[4].reason


def test_softmax_jacobian_trap_holds_and_slip_fails():
    """p_j(δ_ij - p_i) equals p_i(δ_ij - p_j); p_i(δ_ij - p_i) does not."""
    assert_verdicts(r"""
    $$p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$$

    $$\frac{\partial p_i}{\partial z_j} = p_j(\delta_{ij} - p_i)$$

    $$\frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_i)$$
    """, {2: "definition", 4: "verified", 6: "refuted"})


def test_batch_columns_with_gradient_names():
    """Whole batches as columns (A^{[0]} = X), J the mean of the examples' losses, and
    dA meaning ∂J/∂A: the 1/m belongs to dZ already, so writing it again is refuted."""
    assert_verdicts(r"""
    Each column of $X$ is one of the $m$ training examples.

    $$A^{[0]} = X$$

    $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$$

    $$A^{[l]} = g(Z^{[l]})$$

    $$\hat{Y} = A^{[L]}$$

    $$J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}(\hat{y}^{(i)}, y^{(i)})$$

    Here $dA$ denotes $\partial J / \partial A$ for any matrix $A$.

    $$dZ^{[l]} = dA^{[l]} \odot g'(Z^{[l]})$$

    $$dA^{[l-1]} = W^{[l]T} dZ^{[l]}$$

    $$dW^{[l]} = \frac{1}{m} dZ^{[l]} A^{[l-1]T}$$
    """, {4: "definition", 12: "definition", 16: "verified", 18: "verified", 20: "refuted"})


def test_pytorch_rows_declared_shapes_and_ones():
    """X ∈ ℝ^{m×d} with examples as rows, nn.Linear's W (out × in), 1 the ones column:
    shapes come from the declaration and the definitions, and a transpose too many
    does not conform."""
    got = assert_verdicts(r"""
    A batch $X \in \mathbb{R}^{m \times d}$ has one example per row; $T \in \{0,1\}^{m \times C}$
    holds one-hot targets.

    $$Z = X W^\top + \mathbf{1} b^\top$$

    $$P_{ic} = \frac{\exp(Z_{ic})}{\sum_{k=1}^{C} \exp(Z_{ik})}$$

    $$L = -\frac{1}{m} \sum_{i=1}^{m} \sum_{c=1}^{C} T_{ic} \log P_{ic}$$

    For any matrix $A$, $dA$ means $\partial L / \partial A$.

    $$dZ = \frac{1}{m} (P - T)$$

    $$dW = dZ^\top X$$

    $$db = dZ^\top \mathbf{1}$$

    $$dX = dZ \, W^\top$$
    """, {5: "definition", 13: "verified", 15: "verified", 17: "verified", 19: "refuted"})
    assert "shapes" in got[19].reason


def test_row_vectors_with_declared_shapes():
    """h = xW + b with x a row, W ∈ ℝ^{d×k}: the target takes o's shape through the cost,
    the gradients in row layout hold and the column-layout BP4 does not conform."""
    assert_verdicts(r"""
    Inputs are row vectors $x \in \mathbb{R}^{1 \times d}$ and $W \in \mathbb{R}^{d \times k}$.

    $$h = x W + b$$

    $$o = \sigma(h)$$

    $$L = \frac{1}{2} \lVert o - t \rVert^2$$

    $$\frac{\partial L}{\partial h} = (o - t) \odot \sigma'(h)$$

    $$\frac{\partial L}{\partial W} = x^\top \frac{\partial L}{\partial h}$$

    $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial h} W^\top$$

    $$\frac{\partial L}{\partial W} = \frac{\partial L}{\partial h} x^\top$$
    """, {10: "verified", 12: "verified", 14: "verified", 16: "refuted"})


def test_goodfellow_layers_in_parentheses():
    """a^{(k)} = b^{(k)} + W^{(k)} h^{(k-1)}: k numbers layers; ∇_a J h^T is (∇_a J) h^T."""
    assert_verdicts(r"""
    $$\mathbf{a}^{(k)} = \mathbf{b}^{(k)} + \mathbf{W}^{(k)} \mathbf{h}^{(k-1)}$$

    $$\mathbf{h}^{(k)} = f(\mathbf{a}^{(k)})$$

    $$\nabla_{\mathbf{b}^{(k)}} J = \nabla_{\mathbf{a}^{(k)}} J$$

    $$\nabla_{\mathbf{W}^{(k)}} J = \nabla_{\mathbf{a}^{(k)}} J \, \mathbf{h}^{(k-1)\top}$$

    $$\nabla_{\mathbf{h}^{(k-1)}} J = \mathbf{W}^{(k)\top} \nabla_{\mathbf{a}^{(k)}} J$$

    $$\nabla_{\mathbf{W}^{(k)}} J = \mathbf{h}^{(k-1)} \nabla_{\mathbf{a}^{(k)}} J$$
    """, {6: "verified", 8: "verified", 10: "verified", 12: "refuted"})
