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


WORKED = r"""
    # A step by step backpropagation example

    The network has two inputs $i_1, i_2$, two hidden neurons $h_1, h_2$, two output
    neurons $o_1, o_2$ and biases $b_1, b_2$. Initial weights and training data:

    $$i_1 = 0.05, \quad i_2 = 0.10, \quad b_1 = 0.35, \quad b_2 = 0.60$$

    $$w_1 = 0.15, \quad w_2 = 0.20, \quad w_3 = 0.25, \quad w_4 = 0.30$$

    $$w_5 = 0.40, \quad w_6 = 0.45, \quad w_7 = 0.50, \quad w_8 = 0.55$$

    $$target_{o1} = 0.01, \quad target_{o2} = 0.99$$

    ## Forward pass

    $$net_{h1} = w_1 i_1 + w_2 i_2 + b_1 = 0.15 \cdot 0.05 + 0.2 \cdot 0.1 + 0.35 = 0.3775$$

    $$out_{h1} = \frac{1}{1 + e^{-net_{h1}}} = \frac{1}{1 + e^{-0.3775}} = 0.593269992$$

    $$net_{h2} = w_3 i_1 + w_4 i_2 + b_1$$

    $$out_{h2} = \frac{1}{1 + e^{-net_{h2}}} = 0.596884378$$

    $$net_{o1} = w_5 out_{h1} + w_6 out_{h2} + b_2 = 1.105905967$$

    $$out_{o1} = \frac{1}{1 + e^{-net_{o1}}} = 0.75136507$$

    $$net_{o2} = w_7 out_{h1} + w_8 out_{h2} + b_2$$

    $$out_{o2} = \frac{1}{1 + e^{-net_{o2}}} = 0.772928465$$

    ## The error

    $$E_{o1} = \frac{1}{2}(target_{o1} - out_{o1})^2 = 0.274811083$$

    $$E_{o2} = \frac{1}{2}(target_{o2} - out_{o2})^2 = 0.023560026$$

    $$E_{total} = E_{o1} + E_{o2} = 0.298371109$$

    ## Backward pass, output layer

    $$\frac{\partial E_{total}}{\partial w_5} = \frac{\partial E_{total}}{\partial out_{o1}} \cdot \frac{\partial out_{o1}}{\partial net_{o1}} \cdot \frac{\partial net_{o1}}{\partial w_5}$$

    $$\frac{\partial E_{total}}{\partial out_{o1}} = -(target_{o1} - out_{o1}) = 0.74136507$$

    $$\frac{\partial out_{o1}}{\partial net_{o1}} = out_{o1}(1 - out_{o1}) = 0.186815602$$

    $$\frac{\partial net_{o1}}{\partial w_5} = out_{h1} = 0.593269992$$

    $$\frac{\partial E_{total}}{\partial w_5} = 0.74136507 \cdot 0.186815602 \cdot 0.593269992 = 0.082167041$$

    $$w_5^{+} = w_5 - \eta \frac{\partial E_{total}}{\partial w_5} = 0.4 - 0.5 \cdot 0.082167041 = 0.35891648$$

    ## Hidden layer

    $$\frac{\partial E_{total}}{\partial w_1} = \frac{\partial E_{total}}{\partial out_{h1}} \cdot \frac{\partial out_{h1}}{\partial net_{h1}} \cdot \frac{\partial net_{h1}}{\partial w_1}$$

    $$\frac{\partial E_{total}}{\partial out_{h1}} = \frac{\partial E_{o1}}{\partial out_{h1}} + \frac{\partial E_{o2}}{\partial out_{h1}} = 0.036350306$$

    $$\frac{\partial E_{total}}{\partial w_1} = 0.036350306 \cdot 0.241300709 \cdot 0.05 = 0.000438568$$

    A slip:

    $$\frac{\partial E_{total}}{\partial w_1} = 0.036350306 \cdot 0.241300709 \cdot 0.10 = 0.000877136$$
"""


BY_HAND = r"""
    # One training step by hand

    Two inputs, two hidden units, one output, logistic units throughout. Layer $l$ computes
    its pre-activation from the activations of layer $l-1$ with the weight matrix
    $W^{[l]}$ (one row per unit of layer $l$) plus the bias $b^{[l]}$; the input is $x$.
    Then $a^{[1]}_j = \sigma(z^{[1]}_j)$, $a^{[2]} = \sigma(z^{[2]})$ with
    $\sigma(z) = 1/(1 + e^{-z})$, and the loss is $L = \frac{1}{2}(a^{[2]} - y)^2$.

    $$x = \begin{bmatrix} 0.5 \\ -1.0 \end{bmatrix}, \quad y = 1$$

    $$W^{[1]} = \begin{bmatrix} 0.2 & -0.3 \\ 0.4 & 0.1 \end{bmatrix}, \quad b^{[1]} = \begin{bmatrix} 0.1 \\ -0.2 \end{bmatrix}$$

    $$W^{[2]} = \begin{bmatrix} 0.5 & -0.6 \end{bmatrix}, \quad b^{[2]} = 0.3$$

    Forward, to four decimals:

    $$z^{[1]}_1 = 0.2 \cdot 0.5 + (-0.3)(-1.0) + 0.1 = 0.5$$

    $$a^{[1]}_1 = \sigma(0.5) = 0.6225, \quad a^{[1]}_2 = \sigma(-0.1) = 0.4750$$

    $$z^{[2]} = 0.5 \cdot 0.6225 - 0.6 \cdot 0.4750 + 0.3 = 0.3263$$

    $$a^{[2]} = \sigma(0.3263) = 0.5809$$

    $$L = \frac{1}{2}(0.5809 - 1)^2 = 0.0878$$

    Backward: write $\delta^{[l]} = \partial L / \partial z^{[l]}$. In general

    $$\delta^{[2]} = (a^{[2]} - y)\, a^{[2]} (1 - a^{[2]})$$

    $$\delta^{[1]}_j = W^{[2]}_{1j} \delta^{[2]} a^{[1]}_j (1 - a^{[1]}_j)$$

    and with the numbers

    $$\delta^{[2]} = (0.5809 - 1)(0.5809)(0.4191) = -0.1020$$

    $$\frac{\partial L}{\partial W^{[2]}_{11}} = \delta^{[2]} a^{[1]}_1 = (-0.1020)(0.6225) = -0.0635$$

    $$\delta^{[1]}_1 = (0.5)(-0.1020)(0.6225)(0.3775) = -0.0120$$

    $$\frac{\partial L}{\partial W^{[1]}_{12}} = \delta^{[1]}_1 x_2 = (-0.0120)(-1.0) = 0.0120$$

    A slip copied from the board:

    $$\frac{\partial L}{\partial W^{[1]}_{12}} = \delta^{[1]}_1 x_1 = (-0.0120)(0.5) = -0.0060$$
"""


COURSERA = r"""
    # Backpropagation (Coursera ML notation)

    Layer $l$ has activations $a^{(l)}$, with $a^{(1)} = x$. The matrix $\Theta^{(l)}$ maps
    layer $l$ to layer $l+1$ and $g$ is the sigmoid function.

    $$z^{(l+1)} = \Theta^{(l)} a^{(l)}$$

    $$a^{(l+1)} = g(z^{(l+1)})$$

    $$g(z) = \frac{1}{1 + e^{-z}}$$

    For a network with $L = 4$ layers the output is $h_\Theta(x) = a^{(4)}$. With the cost
    $J = \frac{1}{2}\lVert a^{(4)} - y \rVert^2$ the errors are

    $$\delta^{(4)} = (a^{(4)} - y) .* g'(z^{(4)})$$

    $$\delta^{(3)} = (\Theta^{(3)})^T \delta^{(4)} .* g'(z^{(3)})$$

    $$g'(z^{(3)}) = a^{(3)} .* (1 - a^{(3)})$$

    $$\frac{\partial J}{\partial \Theta^{(3)}} = \delta^{(4)} (a^{(3)})^T$$

    $$\frac{\partial J}{\partial \Theta^{(2)}} = \delta^{(3)} (a^{(3)})^T$$
"""

NG_ONE_EXAMPLE = r"""
    # One example, Ng's notation

    $$z^{[1]} = W^{[1]} x + b^{[1]}, \quad a^{[1]} = g^{[1]}(z^{[1]})$$

    $$z^{[2]} = W^{[2]} a^{[1]} + b^{[2]}, \quad a^{[2]} = \sigma(z^{[2]})$$

    $$\mathcal{L}(a^{[2]}, y) = -y \log a^{[2]} - (1 - y) \log(1 - a^{[2]})$$

    Write $dz^{[2]}$ for $\partial \mathcal{L} / \partial z^{[2]}$ and so on.

    $$dz^{[2]} = a^{[2]} - y$$

    $$dW^{[2]} = dz^{[2]} a^{[1]T}$$

    $$db^{[2]} = dz^{[2]}$$

    $$dz^{[1]} = W^{[2]T} dz^{[2]} * g^{[1]\prime}(z^{[1]})$$

    $$dW^{[1]} = dz^{[1]} x^T$$

    $$dz^{[1]} = W^{[2]} dz^{[2]} * g^{[1]\prime}(z^{[1]})$$
"""


CS231N = r"""
    # Two-layer net, CS231n style

    Inputs are rows: $X \in \mathbb{R}^{N \times D}$, $W_1 \in \mathbb{R}^{D \times H}$,
    $W_2 \in \mathbb{R}^{H \times C}$, one-hot labels $Y \in \{0,1\}^{N \times C}$.

    $$H = \max(0, X W_1 + b_1)$$

    $$S = H W_2 + b_2$$

    $$P_{ij} = \frac{e^{S_{ij}}}{\sum_k e^{S_{ik}}}$$

    $$L = -\frac{1}{N} \sum_{i=1}^{N} \sum_{j=1}^{C} Y_{ij} \log P_{ij}$$

    $$\frac{\partial L}{\partial S} = \frac{1}{N}(P - Y)$$

    $$\frac{\partial L}{\partial W_2} = H^\top \frac{\partial L}{\partial S}$$

    $$\frac{\partial L}{\partial H} = \frac{\partial L}{\partial S} W_2^\top$$

    $$\frac{\partial L}{\partial W_2} = \frac{\partial L}{\partial S} H^\top$$
"""


HINTON = r"""
    # Backpropagating dE/dy (Hinton's lecture notation)

    Unit $j$ receives $z_j = b_j + \sum_i y_i w_{ij}$ from the units $i$ below it and
    outputs $y_j = \frac{1}{1 + e^{-z_j}}$. The error is $E = \frac{1}{2}\sum_{j} (t_j - y_j)^2$.

    $$z_j = b_j + \sum_i y_i w_{ij}$$

    $$y_j = \frac{1}{1 + e^{-z_j}}$$

    $$E = \frac{1}{2} \sum_{j} (t_j - y_j)^2$$

    $$\frac{\partial E}{\partial y_j} = -(t_j - y_j)$$

    $$\frac{\partial E}{\partial z_j} = \frac{d y_j}{d z_j} \frac{\partial E}{\partial y_j} = y_j (1 - y_j) \frac{\partial E}{\partial y_j}$$

    $$\frac{\partial E}{\partial y_i} = \sum_j \frac{d z_j}{d y_i} \frac{\partial E}{\partial z_j} = \sum_j w_{ij} \frac{\partial E}{\partial z_j}$$

    $$\frac{\partial E}{\partial w_{ij}} = \frac{\partial z_j}{\partial w_{ij}} \frac{\partial E}{\partial z_j} = y_i \frac{\partial E}{\partial z_j}$$

    $$\frac{\partial E}{\partial w_{ij}} = y_j \frac{\partial E}{\partial z_j}$$
"""


PDP = r"""
    # The generalized delta rule (Rumelhart, Hinton and Williams)

    For input pattern $p$, unit $j$ has net input $net_{pj} = \sum_i w_{ji} o_{pi}$ and
    output $o_{pj} = f_j(net_{pj})$. The error on pattern $p$ is $E_p = \frac{1}{2}\sum_j (t_{pj} - o_{pj})^2$.

    $$net_{pj} = \sum_i w_{ji} o_{pi}$$

    $$o_{pj} = f(net_{pj})$$

    $$E_p = \frac{1}{2} \sum_j (t_{pj} - o_{pj})^2$$

    $$\delta_{pj} = -\frac{\partial E_p}{\partial net_{pj}}$$

    For an output unit

    $$\delta_{pj} = (t_{pj} - o_{pj}) f'(net_{pj})$$

    and the weight change is

    $$-\frac{\partial E_p}{\partial w_{ji}} = \delta_{pj} o_{pi}$$

    $$-\frac{\partial E_p}{\partial w_{ji}} = \delta_{pj} o_{pj}$$
"""


EINSTEIN = r"""
    # Index notation with implicit sums

    Repeated indices are summed (Einstein convention).

    $$z_i = W_{ij} x_j + b_i$$

    $$a_i = \sigma(z_i)$$

    $$E = \frac{1}{2} (a_i - t_i)(a_i - t_i)$$

    $$\frac{\partial E}{\partial W_{kl}} = (a_k - t_k) \sigma'(z_k) x_l$$

    $$\frac{\partial E}{\partial x_l} = (a_i - t_i) \sigma'(z_i) W_{il}$$

    $$\frac{\partial E}{\partial b_k} = (a_k - t_k) \sigma'(z_l)$$
"""


DECLARED = r"""
    # Layers with declared sizes

    Layer $l$ has $n_l$ units: $\mathbf{W}^{(l)} \in \mathbb{R}^{n_l \times n_{l-1}}$,
    $\mathbf{b}^{(l)} \in \mathbb{R}^{n_l}$, and $\mathbf{a}^{(0)} = \mathbf{x}$.

    $$\mathbf{z}^{(l)} = \mathbf{W}^{(l)} \mathbf{a}^{(l-1)} + \mathbf{b}^{(l)}$$

    $$\mathbf{a}^{(l)} = f(\mathbf{z}^{(l)})$$

    $$J = \frac{1}{2} \lVert \mathbf{a}^{(L)} - \mathbf{y} \rVert^2$$

    $$\boldsymbol{\delta}^{(L)} = (\mathbf{a}^{(L)} - \mathbf{y}) \odot f'(\mathbf{z}^{(L)})$$

    $$\boldsymbol{\delta}^{(l)} = \left(\mathbf{W}^{(l+1)}\right)^\top \boldsymbol{\delta}^{(l+1)} \odot f'(\mathbf{z}^{(l)})$$

    $$\frac{\partial J}{\partial \mathbf{W}^{(l)}} = \boldsymbol{\delta}^{(l)} \left(\mathbf{a}^{(l-1)}\right)^\top$$

    $$\frac{\partial J}{\partial \mathbf{b}^{(l)}} = \boldsymbol{\delta}^{(l)}$$

    $$\frac{\partial J}{\partial \mathbf{W}^{(l)}} = \left(\mathbf{a}^{(l-1)}\right)^\top \boldsymbol{\delta}^{(l)}$$
"""


JACOBIANS = r"""
    # Chain rule with Jacobians

    $$\mathbf{z} = W\mathbf{x}, \quad \mathbf{a} = \sigma(\mathbf{z}), \quad L = \frac{1}{2}\lVert \mathbf{a} - \mathbf{y} \rVert^2$$

    $$\frac{\partial \mathbf{z}}{\partial \mathbf{x}} = W$$

    $$\frac{\partial \mathbf{a}}{\partial \mathbf{z}} = \operatorname{diag}(\sigma'(\mathbf{z}))$$

    $$\nabla_{\mathbf{z}} L = \operatorname{diag}(\sigma'(\mathbf{z}))(\mathbf{a} - \mathbf{y})$$

    $$\nabla_{\mathbf{x}} L = \left(\frac{\partial \mathbf{z}}{\partial \mathbf{x}}\right)^\top \nabla_{\mathbf{z}} L = W^\top \nabla_{\mathbf{z}} L$$

    $$\nabla_{\mathbf{x}} L = \frac{\partial \mathbf{z}}{\partial \mathbf{x}} \nabla_{\mathbf{z}} L$$
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
    assert r"\left(\boldsymbol{W}^{(k)}\right)^{\top}" in got[34].suggestion  # its macros


def test_a_worked_example_with_named_neurons_is_checked_at_its_numbers():
    """net_{h1}, out_{o1}, E_{total} are quantities; w_5 = 0.40 is a weight kept as a
    variable (so ∂E_{total}/∂w_5 exists) and evaluated at the note's numbers; a step
    that needs η, which the note never gives, is left open; the slip is refuted."""
    lines = {n + 1: "verified" for n, line in enumerate(WORKED.split("\n"))
             if line.strip().startswith("$$") and n + 1 > 16}
    lines.update({21: "definition", 29: "definition", 53: "unverified", 65: "refuted"})
    got = assert_verdicts(WORKED, lines)
    assert "η" in got[53].reason
    assert len(lines) == 21


def test_a_worked_example_that_states_the_layer_only_in_words():
    """W^{[l]}, b^{[l]} and x are numbers and z^{[l]} is never written as a formula: the
    layer the text describes is built (and said), so the general δ formulas and the
    numeric gradients are checked at the note's numbers; the slip (x_1 for x_2) is
    refuted."""
    lines = {n + 1: "verified" for n, line in enumerate(BY_HAND.split("\n"))
             if line.strip().startswith("$$") and n + 1 > 16}
    lines[46] = "refuted"
    got = assert_verdicts(BY_HAND, lines)
    assert len(lines) == 12
    assert any("the layer the text describes" in a for a in got[38].assumptions)


def test_coursera_notation_numbers_weights_by_their_source_layer():
    """Θ^{(l)} maps layer l to l+1 (z^{(l+1)} = Θ^{(l)} a^{(l)}), the network has four
    layers, ``.*`` is element-wise; the gradient with the wrong activation is refuted
    with the layer repair."""
    got = assert_verdicts(COURSERA, {
        7: "definition", 9: "definition", 11: "definition", 20: "verified",
        22: "verified", 24: "refuted"})
    assert got[24].suggestion == r"\delta^{(3)} \left(a^{(2)}\right)^{T}"


def test_ng_single_example_with_an_undefined_sigma():
    """dz^{[2]} = a^{[2]} - y holds for the logistic σ, which an undefined σ is read as
    (and says so); W^{[2]} dz^{[2]} without the transpose is refuted."""
    got = assert_verdicts(NG_ONE_EXAMPLE, {
        12: "verified", 14: "verified", 16: "verified", 18: "verified", 20: "verified",
        22: "refuted"})
    assert any("logistic" in a for a in got[12].assumptions)
    assert "transpose" in got[22].reason


def test_an_activation_the_text_calls_arbitrary_is_not_read_as_the_logistic():
    """With "σ is any differentiable activation" the logistic reading is off."""
    note = NG_ONE_EXAMPLE.replace("Write $dz^{[2]}$", "Here $\\sigma$ is any differentiable "
                                  "activation. Write $dz^{[2]}$")
    got = assert_verdicts(note, {12: "refuted"})
    assert not any("logistic" in a for a in got[12].assumptions)


def test_a_declared_weight_matrix_is_not_square_and_an_undefined_identity_conforms():
    r"""``\mathbf{W} \in \mathbb{R}^{m \times n}``: m and n count units (not examples), so
    W is not square and the missing transpose is refuted by shapes; ``∂y/∂b = I`` is
    the identity of the size the left side calls for."""
    got = assert_verdicts(r"""
    A linear layer with $\mathbf{W} \in \mathbb{R}^{m \times n}$.

    $$\mathbf{y} = \mathbf{W}\mathbf{x} + \mathbf{b}$$

    $$\frac{\partial \mathbf{y}}{\partial \mathbf{b}} = \mathbf{I}$$

    $$L = \frac{1}{2} \lVert \mathbf{y} - \mathbf{t} \rVert^2$$

    $$\nabla_{\mathbf{x}} L = \mathbf{W}^\top (\mathbf{y} - \mathbf{t})$$

    $$\nabla_{\mathbf{x}} L = \mathbf{W} (\mathbf{y} - \mathbf{t})$$
    """, {6: "verified", 10: "verified", 12: "refuted"})
    assert "shapes" in got[12].reason


def test_a_class_label_used_as_an_index():
    r"""``P_{i y_i}`` with one-hot targets ``T \in \{0,1\}^{m \times C}``: y_i is the class
    where row i of T is 1, so the per-example loss and its gradient are checked."""
    got = assert_verdicts(r"""
    Scores $Z \in \mathbb{R}^{m \times C}$, one-hot targets $T \in \{0, 1\}^{m \times C}$,
    and $y_i$ the class of example $i$.

    $$P_{ic} = \frac{\exp(Z_{ic})}{\sum_{k=1}^{C} \exp(Z_{ik})}$$

    $$\ell_i = -\log P_{i y_i}$$

    $$\frac{\partial \ell_i}{\partial Z_{ic}} = P_{ic} - T_{ic}$$

    $$\frac{\partial \ell_i}{\partial Z_{ic}} = P_{ic} - 1$$
    """, {9: "verified", 11: "refuted"})
    assert any("class" in a for a in got[9].assumptions)


def test_parameters_stacked_in_one_name_and_a_block_gradient():
    r"""``\theta = (\mathbf{w}, b)`` stacks the parameters: the block gradient and the
    descent step on θ are checked (the wrong sign refuted)."""
    got = assert_verdicts(r"""
    Parameters $\boldsymbol{\theta} = (\mathbf{w}, b)$ with $\mathbf{w} \in \mathbb{R}^d$.

    $$\hat{y} = \sigma(\mathbf{w}^\top \mathbf{x} + b)$$

    $$J(\boldsymbol{\theta}) = -y \log \hat{y} - (1 - y) \log(1 - \hat{y})$$

    $$\nabla_{\boldsymbol{\theta}} J = \begin{pmatrix} (\hat{y} - y) \mathbf{x} \\ \hat{y} - y \end{pmatrix}$$

    $$\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \eta \nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta})$$

    $$\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \eta \nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta})$$
    """, {2: "definition", 8: "verified", 10: "verified", 12: "refuted"})
    assert any("stacks" in a for a in got[10].assumptions)


def test_a_row_major_batch_with_a_bias_row_and_relu_as_max():
    """Rows are examples (X ∈ ℝ^{N×D}, so N counts examples, not the last layer); the
    bias row is added to every row, max(0, ·) acts entry by entry; the gradient of W_2
    written the wrong way round is refuted by shapes."""
    got = assert_verdicts(CS231N, {15: "verified", 17: "verified", 19: "verified",
                                   21: "refuted"})
    assert "shapes" in got[21].reason


def test_hinton_notation_with_the_logistic_written_out():
    """z_j = b_j + Σ_i y_i w_{ij} and y_j = 1/(1+e^{-z_j}): z is the net input even
    though no σ is named, so w's first index is the source and i comes before j."""
    lines = {n + 1: "verified" for n, line in enumerate(HINTON.split("\n"))
             if line.strip().startswith("$$") and n + 1 > 11}
    lines[21] = "refuted"
    assert_verdicts(HINTON, lines)
    assert len(lines) == 5


def test_rumelhart_pattern_subscripts():
    """o_{pj}, net_{pj}, E_p: p names the pattern, the same in every line (no sum runs
    over it); the generalized delta rule holds, o_{pj} for o_{pi} is refuted."""
    assert_verdicts(PDP, {17: "verified", 21: "verified", 23: "refuted"})


def test_the_summation_convention_where_the_text_states_it():
    """"Repeated indices are summed": W_{ij} x_j sums over j, (a_i - t_i)(a_i - t_i) over
    i; k stays free where the left side has it. Without the sentence nothing is summed."""
    assert_verdicts(EINSTEIN, {12: "verified", 14: "verified", 16: "refuted"})
    plain = EINSTEIN.replace("Repeated indices are summed (Einstein convention).", "")
    got = assert_verdicts(plain, {12: "unverified"})
    assert got[12].status == "unverified"


def test_more_known_functions_and_an_unlayered_weight_matrix():
    r"""``\operatorname{sech}^2(u)`` applies sech (it was a product with a letter); a
    capital W between bold vectors is a matrix (it was a number): the softmax gradient
    with weight decay holds, a wrong one is refuted."""
    got = assert_verdicts(r"""
    $$\frac{d}{du}\tanh(u) = \operatorname{sech}^2(u)$$

    $$\frac{d}{du}\cosh(u) = \sinh(u) + 1$$

    $$\mathbf{z} = W\mathbf{x} + \mathbf{b}$$

    $$\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{z})$$

    $$L = -\sum_{k=1}^{K} y_k \log \hat{y}_k$$

    with $\mathbf{y}$ one-hot.

    $$J = L + \frac{\lambda}{2} \lVert W \rVert_F^2$$

    $$\frac{\partial J}{\partial W} = (\hat{\mathbf{y}} - \mathbf{y})\mathbf{x}^\top + \lambda W$$

    $$\frac{\partial J}{\partial W} = (\hat{\mathbf{y}} - \mathbf{y})\mathbf{x}^\top - \lambda W$$
    """, {2: "verified", 4: "refuted", 16: "verified", 18: "refuted"})
    assert got[4].counterexample is not None


def test_declared_sizes_of_every_layer_and_the_output_error_first():
    """``W^{(l)} \\in \\mathbb{R}^{n_l \\times n_{l-1}}`` sizes every layer by its width (it
    used to fix one shape for all layers: false alarms), and δ^{(L)} is used at the last
    layer before the recurrence δ^{(l)}; the gradient written backwards is refuted."""
    got = assert_verdicts(DECLARED, {17: "verified", 19: "verified", 21: "refuted"})
    assert "shapes" in got[21].reason


def test_jacobians_of_a_one_layer_model_with_bold_targets():
    """A bold y beside a bold a = σ(z) is a vector (it was a number: false alarms);
    Jacobians, diag(σ'(z)) and the transposed chain rule hold, the untransposed one
    (W is square here) is refuted by its values."""
    assert_verdicts(JACOBIANS, {6: "verified", 8: "verified", 10: "verified",
                                12: "verified", 14: "refuted"})
