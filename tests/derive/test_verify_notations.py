"""Notations beyond the examples: Wikipedia's net_j / o_j with w_{ij} from i to j, and
Goodfellow et al.'s a^{(k)} (pre-activation), h^{(k)} (activation), depth l."""

# ruff: noqa: E501  (the notes are written as a reader would, one display per line)
from __future__ import annotations

from .harness import assert_verdicts

WIKIPEDIA = r"""
    # Backpropagation, the Wikipedia way

    Each neuron $j$ computes its net input from the outputs $o_k$ of the previous layer,
    with $w_{kj}$ the weight from neuron $k$ to neuron $j$:

    $$\text{net}_j = \sum_{k} w_{kj} o_k$$

    $$o_j = \varphi(\text{net}_j) = \frac{1}{1 + e^{-\text{net}_j}}$$

    The error for one example is

    $$E = \frac{1}{2} \sum_{j} (t_j - o_j)^2$$

    The derivative of the logistic function:

    $$\frac{d \varphi}{d z}(z) = \varphi(z)(1 - \varphi(z))$$

    By the chain rule,

    $$\frac{\partial E}{\partial w_{ij}} = \frac{\partial E}{\partial o_j} \frac{\partial o_j}{\partial \text{net}_j} \frac{\partial \text{net}_j}{\partial w_{ij}}$$

    $$\frac{\partial \text{net}_j}{\partial w_{ij}} = o_i$$

    $$\frac{\partial o_j}{\partial \text{net}_j} = o_j (1 - o_j)$$

    For an output neuron,

    $$\frac{\partial E}{\partial o_j} = o_j - t_j$$

    so with

    $$\delta_j = \frac{\partial E}{\partial o_j} \frac{\partial o_j}{\partial \text{net}_j} = (o_j - t_j) o_j (1 - o_j)$$

    the gradient is

    $$\frac{\partial E}{\partial w_{ij}} = o_i \delta_j$$

    and the update with learning rate $\eta$:

    $$\Delta w_{ij} = -\eta \frac{\partial E}{\partial w_{ij}} = -\eta o_i \delta_j$$

    A wrong version seen on a forum:

    $$\frac{\partial E}{\partial w_{ij}} = o_j \delta_j$$
"""

GOODFELLOW = r"""
    # Back-propagation in an MLP (Goodfellow et al. style)

    The network alternates affine maps and elementwise nonlinearities:

    $$\boldsymbol{a}^{(k)} = \boldsymbol{b}^{(k)} + \boldsymbol{W}^{(k)} \boldsymbol{h}^{(k-1)}$$

    $$\boldsymbol{h}^{(k)} = f(\boldsymbol{a}^{(k)})$$

    with $\boldsymbol{h}^{(0)} = \boldsymbol{x}$ and output $\hat{\boldsymbol{y}} = \boldsymbol{h}^{(l)}$. The cost is

    $$J = \frac{1}{2} \lVert \hat{\boldsymbol{y}} - \boldsymbol{y} \rVert^2$$

    Start with the gradient on the output layer:

    $$\boldsymbol{g} = \nabla_{\hat{\boldsymbol{y}}} J = \hat{\boldsymbol{y}} - \boldsymbol{y}$$

    Going backwards, the gradient on the pre-nonlinearity activation is

    $$\nabla_{\boldsymbol{a}^{(k)}} J = \nabla_{\boldsymbol{h}^{(k)}} J \odot f'(\boldsymbol{a}^{(k)})$$

    and the gradients on weights and biases are

    $$\nabla_{\boldsymbol{b}^{(k)}} J = \nabla_{\boldsymbol{a}^{(k)}} J$$

    $$\nabla_{\boldsymbol{W}^{(k)}} J = \nabla_{\boldsymbol{a}^{(k)}} J \, \boldsymbol{h}^{(k-1)\top}$$

    Propagate to the next lower-level hidden layer:

    $$\nabla_{\boldsymbol{h}^{(k-1)}} J = \boldsymbol{W}^{(k)\top} \nabla_{\boldsymbol{a}^{(k)}} J$$

    A slip:

    $$\nabla_{\boldsymbol{h}^{(k-1)}} J = \boldsymbol{W}^{(k)} \nabla_{\boldsymbol{a}^{(k)}} J$$
"""


def test_wikipedia_notation_unit_letters_ordered_by_the_weights():
    """net_j = Σ_k w_{kj} o_k says w's first index is the source: k and i come before j
    (not alphabetically), so every claim is checked; only the forum's slip is refuted."""
    got = assert_verdicts(WIKIPEDIA, {
        7: "definition", 13: "definition", 17: "verified", 21: "verified", 23: "verified",
        25: "verified", 29: "verified", 33: "verified", 37: "verified", 41: "verified",
        45: "refuted"})
    assert got[41].kind == "claim"  # Δw_{ij} is defined, the step is claimed


def test_goodfellow_notation_with_the_depth_named_l():
    """ŷ = h^{(l)} makes l the depth; the slip without the transpose is refuted with a
    repair that adds it."""
    got = assert_verdicts(GOODFELLOW, {
        16: "verified", 20: "verified", 24: "verified", 26: "verified", 30: "verified",
        34: "refuted"})
    assert "T" in got[34].suggestion
