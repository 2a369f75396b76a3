"""numeric.Network: gradients against finite differences, dtypes, shapes, training."""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest

from numeric import Network

SIZES = [3, 5, 4, 2]  # non-square everywhere
HIDDEN = ["sigmoid", "tanh", "relu", "softplus", "identity"]
COSTS = ["quadratic", "binary_cross_entropy", "categorical_cross_entropy"]
FD_STEP = 1e-6
FD_RTOL = 1e-6


def targets(cost: str, rows: int, cols: int, rng) -> np.ndarray:
    """Targets each cost accepts: any (quadratic), in [0, 1] (BCE), columns on the simplex (CCE)."""
    if cost == "categorical_cross_entropy":
        return rng.dirichlet(np.ones(rows), size=cols).T
    if cost == "binary_cross_entropy":
        return rng.random((rows, cols))
    return rng.standard_normal((rows, cols))


def pre_activations(net: Network, x: np.ndarray) -> list[np.ndarray]:
    zs, a = [], x
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        zs.append(w @ a + b)
        a = (net.activation if i < len(net.weights) - 1 else net.output).fn(zs[-1])
    return zs


def problem(sizes, activation, cost, output=None, batch=6, seed=0):
    """A network and a batch whose pre-activations keep clear of ReLU's kink at 0."""
    for attempt in range(50):
        rng = np.random.default_rng([seed, attempt])
        net = Network(sizes, activation=activation, output=output, cost=cost, seed=seed + attempt)
        x = rng.standard_normal((sizes[0], batch))
        y = targets(net.cost_function.name, sizes[-1], batch, rng)
        if min(np.abs(z).min() for z in pre_activations(net, x)) > 1e-3:
            return net, x, y
    raise AssertionError("no sample away from the kinks")  # pragma: no cover


def finite_differences(net: Network, x: np.ndarray, y: np.ndarray, h: float = FD_STEP):
    """Central differences of net.cost with respect to every weight and bias."""
    grads = []
    for param in [*net.weights, *net.biases]:
        g = np.empty_like(param)
        for idx in np.ndindex(param.shape):
            keep = param[idx]
            param[idx] = keep + h
            up = net.cost(x, y)
            param[idx] = keep - h
            down = net.cost(x, y)
            param[idx] = keep
            g[idx] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def relative_error(got: list[np.ndarray], want: list[np.ndarray]) -> float:
    g = np.concatenate([a.ravel() for a in got])
    w = np.concatenate([a.ravel() for a in want])
    return float(np.linalg.norm(g - w) / max(np.linalg.norm(w), 1e-300))


def check_against_fd(net, x, y):
    nabla_w, nabla_b = net.gradients(x, y)
    fd = finite_differences(net, x, y)
    err = relative_error([*nabla_w, *nabla_b], fd)
    assert err < FD_RTOL, f"{net!r}: relative error {err:.2e}"


@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("activation", HIDDEN)
def test_gradients_match_finite_differences(activation, cost):
    """gradients() = central differences of cost(), rel. error < 1e-6, for each hidden x cost."""
    check_against_fd(*problem(SIZES, activation, cost))


@pytest.mark.parametrize("output", ["sigmoid", "tanh", "relu", "softplus", "identity", "softmax"])
def test_gradients_match_finite_differences_for_each_output(output):
    """With the quadratic cost, every output activation (softmax through its Jacobian) is right."""
    check_against_fd(*problem(SIZES, "tanh", "quadratic", output=output))


def test_two_layer_network_gradients():
    """A network with no hidden layer (input straight to output) has correct gradients."""
    check_against_fd(*problem([4, 3], "sigmoid", "binary_cross_entropy"))


def test_batch_gradient_is_mean_of_example_gradients():
    """The batch gradient equals the mean of the one-column gradients (cost is a batch mean)."""
    net, x, y = problem(SIZES, "sigmoid", "quadratic")
    nabla_w, nabla_b = net.gradients(x, y)
    per_example = [net.gradients(x[:, [j]], y[:, [j]]) for j in range(x.shape[1])]
    for i in range(len(nabla_w)):
        np.testing.assert_allclose(nabla_w[i], np.mean([g[0][i] for g in per_example], axis=0))
        np.testing.assert_allclose(nabla_b[i], np.mean([g[1][i] for g in per_example], axis=0))
    mean_cost = np.mean([net.cost(x[:, [j]], y[:, [j]]) for j in range(x.shape[1])])
    assert net.cost(x, y) == pytest.approx(mean_cost, rel=1e-12)


def test_shapes_follow_the_column_convention():
    """weights[i] is sizes[i+1] x sizes[i], biases[i] sizes[i+1] x 1, forward sizes[-1] x n."""
    net = Network([3, 5, 4, 2])
    assert [w.shape for w in net.weights] == [(5, 3), (4, 5), (2, 4)]
    assert [b.shape for b in net.biases] == [(5, 1), (4, 1), (2, 1)]
    assert net.forward(np.zeros((3, 7))).shape == (2, 7)
    nabla_w, nabla_b = net.gradients(np.zeros((3, 7)), np.zeros((2, 7)))
    assert [g.shape for g in nabla_w] == [w.shape for w in net.weights]
    assert [g.shape for g in nabla_b] == [b.shape for b in net.biases]


def test_float32_is_within_1e_4_of_float64():
    """The same seed in float32 gives forward, cost and gradients within 1e-4 of float64."""
    net64, x, y = problem(SIZES, "sigmoid", "categorical_cross_entropy")
    net32 = Network(SIZES, "sigmoid", cost="categorical_cross_entropy", seed=net64.seed,
                    dtype=np.float32)
    x32, y32 = x.astype(np.float32), y.astype(np.float32)
    np.testing.assert_allclose(net32.forward(x32), net64.forward(x), rtol=1e-4, atol=1e-4)
    assert float(net32.cost(x32, y32)) == pytest.approx(float(net64.cost(x, y)), rel=1e-4)
    w32, b32 = net32.gradients(x32, y32)
    w64, b64 = net64.gradients(x, y)
    for g32, g64 in zip([*w32, *b32], [*w64, *b64], strict=True):
        np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("cost", COSTS)
def test_float32_stays_float32(cost):
    """A float32 network returns float32 everywhere and training keeps its parameters float32."""
    rng = np.random.default_rng(3)
    net = Network(SIZES, "relu", cost=cost, dtype=np.float32)
    x = rng.standard_normal((3, 8)).astype(np.float32)
    y = targets(net.cost_function.name, 2, 8, rng).astype(np.float32)
    assert net.forward(x).dtype == np.float32
    assert net.cost(x, y).dtype == np.float32
    assert {g.dtype for grads in net.gradients(x, y) for g in grads} == {np.dtype(np.float32)}
    net.train(x, y, epochs=2, batch_size=3, eta=0.1, progress=False)
    assert {p.dtype for p in [*net.weights, *net.biases]} == {np.dtype(np.float32)}


def test_same_seed_same_network_and_different_seed_different():
    """Parameters come from the seed alone: equal seeds give equal networks."""
    a, b, c = Network(SIZES, seed=5), Network(SIZES, seed=5), Network(SIZES, seed=6)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights, strict=True))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_stable_at_huge_logits():
    """Output pre-activations of +-1e4 give finite costs and gradients, with no warning."""
    for cost in ["binary_cross_entropy", "categorical_cross_entropy"]:
        net = Network([2, 3], "identity", cost=cost)
        net.weights[0][:] = [[1e4, 0], [-1e4, 0], [0, 1e4]]
        x = np.array([[1.0, -1.0], [0.5, 2.0]])
        y = targets(cost, 3, 2, np.random.default_rng(0))
        assert np.isfinite(net.cost(x, y))
        assert all(np.isfinite(g).all() for gs in net.gradients(x, y) for g in gs)


# -- input checks -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "error", "match"),
    [
        (np.zeros((3, 4), np.float32), np.zeros((2, 4)), TypeError, "X has dtype float32"),
        (np.zeros((3, 4)), np.zeros((2, 4), np.int64), TypeError, "Y has dtype int64"),
        ([[0.0] * 4] * 3, np.zeros((2, 4)), TypeError, "X must be a numpy array"),
        (np.zeros((4, 3)), np.zeros((2, 3)), ValueError, r"X must have shape \(3, n\)"),
        (np.zeros(3), np.zeros((2, 1)), ValueError, r"got shape \(3,\)"),
        (np.zeros((3, 4)), np.zeros((2, 5)), ValueError, "X has 4 columns .* Y has 5"),
        (np.zeros((3, 0)), np.zeros((2, 0)), ValueError, "n >= 1"),
    ],
)
def test_bad_inputs_raise_clear_errors(x, y, error, match):
    """Wrong dtype is a TypeError naming the fix; wrong shape a ValueError naming the shape."""
    net = Network(SIZES)
    with pytest.raises(error, match=match):
        net.gradients(x, y)
    with pytest.raises(error, match=match):
        net.cost(x, y)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"sizes": [3]}, ValueError, "at least an input and an output"),
        ({"sizes": [3, 0, 2]}, ValueError, ">= 1"),
        ({"sizes": [3, 2.5]}, TypeError, "integers"),
        ({"sizes": "32"}, TypeError, "sequence"),
        ({"dtype": np.int32}, TypeError, "float32 or float64"),
        ({"activation": "swish"}, ValueError, "unknown activation 'swish'"),
        ({"cost": "hinge"}, ValueError, "unknown cost 'hinge'"),
        ({"activation": "softmax"}, ValueError, "only be the output layer"),
        ({"cost": "bce", "output": "tanh"}, ValueError, "needs a logistic output"),
        ({"cost": "cce", "output": "sigmoid"}, ValueError, "needs a softmax output"),
    ],
)
def test_bad_construction_raises(kwargs, error, match):
    """Unusable sizes, dtypes, names and cost/output pairs are refused at construction."""
    kwargs = {"sizes": SIZES, **kwargs}
    with pytest.raises(error, match=match):
        Network(**kwargs)


def test_cross_entropies_choose_their_output_layer():
    """output=None gives BCE a logistic output and CCE a softmax one; else the hidden activation."""
    assert Network(SIZES, "relu", cost="bce").output.name == "logistic"
    assert Network(SIZES, "relu", cost="cce").output.name == "softmax"
    assert Network(SIZES, "relu").output.name == "relu"


# -- training ---------------------------------------------------------------------


def _blobs(n=200, seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    x = rng.standard_normal((2, n)) + np.where(labels, 2.0, -2.0)
    return x, np.eye(2)[:, labels]


def test_train_lowers_the_cost_and_returns_its_history():
    """Training on separable blobs lowers the cost; the history has one entry per epoch."""
    x, y = _blobs()
    net = Network([2, 8, 2], "tanh", cost="cce", seed=1)
    before = float(net.cost(x, y))
    history = net.train(x, y, epochs=5, batch_size=16, eta=0.5, progress=False,
                        validation=(x[:, :50], y[:, :50]))
    assert len(history.cost) == len(history.validation_cost) == 5
    assert history.cost[-1] < history.cost[0] and float(net.cost(x, y)) < before / 4


def test_train_is_reproducible_from_the_seed():
    """Two networks with one seed, trained alike, end equal (shuffling uses that seed)."""
    x, y = _blobs()
    runs = []
    for _ in range(2):
        net = Network([2, 4, 2], cost="cce", seed=9)
        net.train(x, y, epochs=2, batch_size=32, eta=0.1, progress=False)
        runs.append(net.weights[0].copy())
    np.testing.assert_array_equal(*runs)


def test_train_checks_its_arguments():
    """Bad epochs, batch sizes and learning rates raise before any update."""
    x, y = _blobs(10)
    net = Network([2, 3, 2])
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        net.train(x, y, epochs=1, batch_size=0)
    with pytest.raises(TypeError, match="epochs must be an integer"):
        net.train(x, y, epochs=1.5)
    with pytest.raises(ValueError, match="eta must be a positive finite number"):
        net.train(x, y, eta=-1)


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(monkeypatch, tty):
    """The progress bar goes to stderr when it is a terminal and nowhere otherwise."""
    stream = _Stream(tty)
    monkeypatch.setattr(sys, "stderr", stream)
    x, y = _blobs(40)
    Network([2, 3, 2]).train(x, y, epochs=2, batch_size=10)
    text = stream.getvalue()
    assert ("epoch 2/2" in text) is tty and (text == "") is (not tty)
