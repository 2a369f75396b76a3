r"""A fully connected network trained by backpropagation, in the column convention.

Layer :math:`l` computes :math:`z^l = w^l a^{l-1} + b^l` and :math:`a^l = \sigma(z^l)`;
a batch is a matrix whose columns are examples, so one set of matrix products
handles the whole batch. The names are those of Nielsen's ``network.py`` and the
notes (``z``, ``activation``, ``activations``, ``delta``, ``nabla_w``, ``nabla_b``),
and each of the four backpropagation equations is one line, named after it
(``BP1``..``BP4``, printed from numeric/formulas.py into numeric/_generated.py).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from ._generated import BP1, BP2, BP3, BP4
from .activations import Activation, get_activation
from .costs import Cost, get_cost

__all__ = ["History", "Network"]

_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


@dataclass(frozen=True)
class History:
    """What :meth:`Network.train` measured, one entry per epoch.

    ``cost``: the mean over the epoch's mini-batches of each one's cost, taken in
    the forward pass that computed its gradient (so before that batch's update).
    ``validation_cost``: the cost of the validation set after the epoch, when one
    was given, else empty.
    """

    cost: tuple[float, ...]
    validation_cost: tuple[float, ...] = ()


class Network:
    r"""A fully connected network: ``Network([784, 30, 10])``.

    ``weights[i]`` is :math:`w^{i+1}`, of shape ``(sizes[i+1], sizes[i])``
    (:math:`n_l \times n_{l-1}`), and ``biases[i]`` is :math:`b^{i+1}`, of shape
    ``(sizes[i+1], 1)``; layer 0 is the input. Inputs ``X`` are
    ``sizes[0] × n`` and targets ``Y`` are ``sizes[-1] × n``: one example per
    column, of the network's dtype.

    ``cost_function`` holds the :class:`~numeric.Cost` named by ``cost``.
    ``activation`` is used in every hidden layer and, unless ``output`` names
    another, in the output layer. The cross-entropies fix the output layer:
    ``"binary_cross_entropy"`` needs a logistic (sigmoid) output and
    ``"categorical_cross_entropy"`` a softmax one; with ``output=None`` that is what
    they get. For those pairs the output error is the fused :math:`\delta^L = (a-y)/n`
    and the cost is computed from the logits :math:`z^L`, so neither overflows.

    Weights are drawn from :math:`N(0, 1/n_{l-1})` and biases from :math:`N(0, 1)`
    with ``numpy.random.default_rng(seed)``, in float64 and then cast, so the same
    seed gives the same network in float32 and float64. ``train`` shuffles with the
    same generator.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation = "sigmoid",
        output: str | Activation | None = None,
        cost: str | Cost = "quadratic",
        seed: int = 0,
        dtype: type | np.dtype | str = np.float64,
    ) -> None:
        self.sizes = _check_sizes(sizes)
        self.num_layers = len(self.sizes)
        try:
            self.dtype = np.dtype(dtype)
        except TypeError as err:
            raise TypeError(f"dtype must be float32 or float64, not {dtype!r}") from err
        if self.dtype not in _DTYPES:
            raise TypeError(f"dtype must be float32 or float64, not {self.dtype}")
        self.cost_function = get_cost(cost)
        self.activation = get_activation(activation)
        if not self.activation.elementwise:
            raise ValueError(
                f"the hidden activation must be elementwise; {self.activation.name} "
                "can only be the output layer (output=...)"
            )
        if output is None:
            output = self.cost_function.output or self.activation
        self.output = get_activation(output)
        needs = self.cost_function.output
        if needs is not None and self.output.name != needs:
            raise ValueError(
                f"cost {self.cost_function.name} needs a {needs} output layer, "
                f"not {self.output.name}; pass output=None or output={needs!r}"
            )
        self.seed = seed
        self._rng = np.random.default_rng(seed)
        rng = self._rng
        self.weights = [
            (rng.standard_normal((m, k)) / math.sqrt(k)).astype(self.dtype)
            for k, m in zip(self.sizes[:-1], self.sizes[1:], strict=True)
        ]
        self.biases = [rng.standard_normal((m, 1)).astype(self.dtype) for m in self.sizes[1:]]
        # The output error and the cost: fused when the output layer pairs with the cost.
        self._fused = self.cost_function.output is not None
        self._plan = (
            self.activation.fn,
            self.activation.prime_from_output,
            self.output.fn,
            self._fused,
            self.cost_function.delta,
            self.cost_function.nabla_a,
            self.output.prime_from_output,
            self.output.vjp,
        )

    def __repr__(self) -> str:
        return (
            f"Network({self.sizes}, activation={self.activation.name!r}, "
            f"output={self.output.name!r}, cost={self.cost_function.name!r}, seed={self.seed!r}, "
            f"dtype=np.{self.dtype})"
        )

    # -- checking inputs ---------------------------------------------------------

    def _check(self, arr: object, name: str, rows: int) -> np.ndarray:
        # Fast path first: at tiny sizes a full diagnosis costs as much as the maths.
        if (
            type(arr) is np.ndarray
            and arr.dtype is self.dtype
            and arr.ndim == 2
            and arr.shape[0] == rows
            and arr.shape[1]
        ):
            return arr
        if not isinstance(arr, np.ndarray):
            raise TypeError(f"{name} must be a numpy array, not {type(arr).__name__}")
        if arr.dtype != self.dtype:
            raise TypeError(
                f"{name} has dtype {arr.dtype} but the network is {self.dtype}; "
                f"convert it with {name}.astype(np.{self.dtype}) (nothing is cast silently)"
            )
        if arr.ndim != 2 or arr.shape[0] != rows or arr.shape[1] == 0:
            raise ValueError(
                f"{name} must have shape ({rows}, n) with n >= 1, one example per column; "
                f"got shape {arr.shape}"
            )
        return arr

    def _check_pair(self, X: object, Y: object) -> tuple[np.ndarray, np.ndarray]:
        x = self._check(X, "X", self.sizes[0])
        y = self._check(Y, "Y", self.sizes[-1])
        if x.shape[1] != y.shape[1]:
            raise ValueError(
                f"X has {x.shape[1]} columns (examples) but Y has {y.shape[1]}; they must match"
            )
        return x, y

    # -- the maths ---------------------------------------------------------------

    def _feedforward(self, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return :math:`(z^L, a^L)` for the batch ``a``."""
        f = self.activation.fn
        *hidden, last = range(len(self.weights))
        for i in hidden:
            z = self.weights[i].dot(a)
            z += self.biases[i]
            a = f(z)
        z = self.weights[last].dot(a)
        z += self.biases[last]
        return z, self.output.fn(z)

    def _batch_cost(self, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        if self._fused:
            return self.cost_function.from_logits(z, y).sum() / y.shape[1]
        return self.cost_function.total(a, y)

    def _backprop(self, x: np.ndarray, y: np.ndarray, with_cost: bool = False):
        r"""Return ``(nabla_w, nabla_b)`` of the batch-mean cost, and the cost if asked.

        Columns are examples; :math:`\sigma'` is evaluated from the stored activations.

        .. math::
            \delta^L = \nabla_a C \odot \sigma'(z^L)                  \quad (BP1)\\
            \delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)  \quad (BP2)\\
            \partial C / \partial b^l = \delta^l \mathbf{1}            \quad (BP3)\\
            \partial C / \partial w^l = \delta^l (a^{l-1})^T            \quad (BP4)
        """
        # Locals, not attribute look-ups: at tiny sizes the interpreter is the cost.
        weights, biases = self.weights, self.biases
        f, prime, f_out, fused, delta_fn, nabla_a, out_prime, vjp = self._plan
        n = x.shape[1]
        last = len(weights) - 1
        nabla_w = [None] * len(weights)
        nabla_b = [None] * len(weights)
        # Forward pass, keeping every activation (layer 0's is the input). Nielsen also
        # keeps every z, for sigma'(z); the derivatives here are written in a = sigma(z),
        # and holding the z's would only keep memory from being reused.
        activation = x
        activations = [x]
        for i in range(last):
            z = weights[i].dot(activation)  # .dot: as @ with less call overhead
            z += biases[i]
            activation = f(z)
            activations.append(activation)
        z = weights[last].dot(activation)
        z += biases[last]
        activation = f_out(z)
        activations.append(activation)
        # Backward pass.
        if fused:
            delta = delta_fn(activation, y, n)  # BP1 with sigma'(z^L) cancelled: (a - y)/n
        elif vjp is None:
            delta = BP1(nabla_a(activation, y, n), out_prime(activation))
        else:
            delta = vjp(activation, nabla_a(activation, y, n))  # BP1 through softmax's Jacobian
        nabla_b[-1] = BP3(delta)
        nabla_w[-1] = BP4(delta, activations[-2])
        for l in range(2, self.num_layers):
            delta = BP2(weights[-l + 1], delta, prime(activations[-l]))
            nabla_b[-l] = BP3(delta)
            nabla_w[-l] = BP4(delta, activations[-l - 1])
        if with_cost:
            return nabla_w, nabla_b, self._batch_cost(z, activation, y)
        return nabla_w, nabla_b

    # -- the public API ----------------------------------------------------------

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The output activations :math:`a^L`, ``sizes[-1] × n``, for inputs ``X``."""
        return self._feedforward(self._check(X, "X", self.sizes[0]))[1]

    def cost(self, X: np.ndarray, Y: np.ndarray) -> np.floating:
        r"""The cost of the batch: the **mean over its columns** of the per-example cost.

        .. math:: C = \frac{1}{n} \sum_{x} C_x

        Returned as a NumPy scalar of the network's dtype.
        """
        x, y = self._check_pair(X, Y)
        z, a = self._feedforward(x)
        return self._batch_cost(z, a, y)

    def gradients(self, X: np.ndarray, Y: np.ndarray) -> tuple[list, list]:
        r"""The gradients ``(nabla_w, nabla_b)`` of :meth:`cost` for the batch.

        :math:`\partial C/\partial w^l` and :math:`\partial C/\partial b^l`, one array per layer.

        ``C`` is :meth:`cost`, the mean over the batch, so these are the mean of the
        per-example gradients. The whole batch goes through one set of matrix
        products per layer; the arrays have the shapes of ``weights`` and ``biases``.
        """
        # The common case checked inline; anything else gets the full diagnosis.
        dtype, sizes = self.dtype, self.sizes
        if not (
            type(X) is np.ndarray
            and type(Y) is np.ndarray
            and X.dtype is dtype
            and Y.dtype is dtype
            and X.ndim == 2
            and Y.ndim == 2
            and X.shape[0] == sizes[0]
            and Y.shape[0] == sizes[-1]
            and X.shape[1] == Y.shape[1] > 0
        ):
            X, Y = self._check_pair(X, Y)
        return self._backprop(X, Y)

    def train(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        epochs: int = 1,
        batch_size: int = 32,
        eta: float = 0.1,
        *,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        shuffle: bool = True,
        progress: bool | None = None,
    ) -> History:
        r"""Mini-batch gradient descent: :math:`w \leftarrow w - \eta\,\partial C/\partial w`.

        Each epoch shuffles the columns (with the network's seeded generator, unless
        ``shuffle=False``) and steps once per ``batch_size`` columns, on the mean
        gradient of the batch. ``validation=(X_val, Y_val)`` records the cost of that
        set after each epoch. A progress bar is written to standard error when it is a
        terminal (``progress=None``), always (``True``) or never (``False``).
        Returns the :class:`History` of the cost.
        """
        x, y = self._check_pair(X, Y)
        if validation is not None:
            validation = self._check_pair(*validation)
        epochs = _positive_int(epochs, "epochs", allow_zero=True)
        batch_size = _positive_int(batch_size, "batch_size")
        eta = float(eta)
        if not (eta > 0 and math.isfinite(eta)):
            raise ValueError(f"eta must be a positive finite number, not {eta}")
        n = x.shape[1]
        show = sys.stderr.isatty() if progress is None else bool(progress)
        bar = _Progress(sys.stderr, epochs, math.ceil(n / batch_size)) if show else None
        costs: list[float] = []
        validation_costs: list[float] = []
        for epoch in range(epochs):
            if shuffle:
                order = self._rng.permutation(n)
                xs, ys = x[:, order], y[:, order]
            else:
                xs, ys = x, y
            total = 0.0
            for step, k in enumerate(range(0, n, batch_size)):
                xb, yb = xs[:, k : k + batch_size], ys[:, k : k + batch_size]
                nabla_w, nabla_b, c = self._backprop(xb, yb, with_cost=True)
                total += float(c) * xb.shape[1]
                for w, nw in zip(self.weights, nabla_w, strict=True):
                    w -= eta * nw
                for b, nb in zip(self.biases, nabla_b, strict=True):
                    b -= eta * nb
                if bar is not None:
                    bar.update(epoch, step + 1, total / min(k + batch_size, n))
            costs.append(total / n)
            if validation is not None:
                z, a = self._feedforward(validation[0])
                validation_costs.append(float(self._batch_cost(z, a, validation[1])))
        if bar is not None:
            bar.close()
        return History(tuple(costs), tuple(validation_costs))


def _check_sizes(sizes: object) -> list[int]:
    if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of layer sizes, not {type(sizes).__name__}")
    out = []
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, int | np.integer):
            raise TypeError(f"layer sizes must be integers, got {s!r} in {list(sizes)}")
        if s < 1:
            raise ValueError(f"layer sizes must be >= 1, got {s} in {list(sizes)}")
        out.append(int(s))
    if len(out) < 2:
        raise ValueError(f"a network needs at least an input and an output layer, got {out}")
    return out


def _positive_int(value: object, name: str, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    if value < (0 if allow_zero else 1):
        raise ValueError(f"{name} must be >= {0 if allow_zero else 1}, not {value}")
    return int(value)


class _Progress:
    """A one-line progress bar, redrawn in place at most ten times a second."""

    def __init__(self, stream: TextIO, epochs: int, steps: int, width: int = 30) -> None:
        self.stream, self.epochs, self.steps, self.width = stream, epochs, steps, width
        self._last = -1.0

    def update(self, epoch: int, step: int, cost: float) -> None:
        now = time.monotonic()
        if now - self._last < 0.1 and step != self.steps:
            return
        self._last = now
        filled = self.width * step // self.steps
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\repoch {epoch + 1}/{self.epochs} [{bar}] cost {cost:.4g}")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
