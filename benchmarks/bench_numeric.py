"""Time one full-batch gradient of numeric.Network against other implementations.

    python benchmarks/bench_numeric.py            # the whole table (about 1.5 minutes)
    python benchmarks/bench_numeric.py --quick    # fewer rounds, for a smoke test

Every implementation computes the same thing: the gradients of the batch-mean
quadratic cost of a sigmoid network, examples as columns, for one batch:

- numeric: ``Network.gradients(X, Y)`` (input checks included);
- numpy: backpropagation hand-written in NumPy, whole batch at once, the way one
  writes it from Nielsen's book (the reference every ratio is taken to);
- torch manual / torch autograd: the same in PyTorch on the CPU, by hand and by
  ``loss.backward()``;
- jax jit: ``jax.jit(jax.grad(loss))``.

Columns whose package is not installed are left out. Before timing, every
implementation's gradients are checked against numeric's. Rounds are interleaved
(each round times every implementation once, in a rotating order) and the table
shows medians, in microseconds per gradient, and each median's ratio to numpy.

Threads: by default every library runs on one thread (``--threads 1``: OpenBLAS,
PyTorch, and XLA's Eigen pool). On a busy 2-core machine a two-thread BLAS call
waits for whichever thread the neighbour has preempted and can take 10-20 times
longer, which buries the differences this table is about. ``--threads 2`` measures
the default set-up instead.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable


def _threads_from_argv(argv: list[str]) -> int:
    """--threads N, read before NumPy, PyTorch or JAX start their thread pools."""
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            return int(argv[i + 1])
        if arg.startswith("--threads="):
            return int(arg.split("=", 1)[1])
    return 1


THREADS = _threads_from_argv(sys.argv[1:])
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(THREADS)
if THREADS == 1:
    os.environ["XLA_FLAGS"] = (
        os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false"
        " intra_op_parallelism_threads=1"
    ).strip()

import numpy as np  # noqa: E402

from numeric import Network  # noqa: E402

CASES = [
    ([2, 3, 2], 1),
    ([784, 30, 10], 10),
    ([784, 100, 10], 64),
    ([784, 256, 256, 10], 256),
    ([1024, 1024, 1024, 10], 512),
]
DTYPES = (np.float64, np.float32)


def numpy_gradients(weights, biases, x, y):
    """Hand-written backpropagation (sigmoid, quadratic cost, mean over the columns)."""
    activation = x
    activations = [x]
    for w, b in zip(weights, biases, strict=True):
        activation = 1.0 / (1.0 + np.exp(-(w @ activation + b)))
        activations.append(activation)
    nabla_w = [None] * len(weights)
    nabla_b = [None] * len(weights)
    delta = (activation - y) / x.shape[1] * activation * (1.0 - activation)
    nabla_w[-1] = delta @ activations[-2].T
    nabla_b[-1] = delta.sum(axis=1, keepdims=True)
    for l in range(2, len(weights) + 1):
        a = activations[-l]
        delta = (weights[-l + 1].T @ delta) * a * (1.0 - a)
        nabla_w[-l] = delta @ activations[-l - 1].T
        nabla_b[-l] = delta.sum(axis=1, keepdims=True)
    return nabla_w, nabla_b


def torch_implementations(weights, biases, x, y) -> dict[str, Callable[[], object]]:
    import torch

    torch.set_num_threads(THREADS)
    ws = [torch.from_numpy(w.copy()) for w in weights]
    bs = [torch.from_numpy(b.copy()) for b in biases]
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def manual():
        with torch.no_grad():
            activation = tx
            activations = [tx]
            for w, b in zip(ws, bs, strict=True):
                activation = torch.sigmoid(torch.addmm(b, w, activation))
                activations.append(activation)
            nabla_w = [None] * len(ws)
            nabla_b = [None] * len(ws)
            delta = (activation - ty) / tx.shape[1] * activation * (1.0 - activation)
            nabla_w[-1] = delta @ activations[-2].T
            nabla_b[-1] = delta.sum(dim=1, keepdim=True)
            for l in range(2, len(ws) + 1):
                a = activations[-l]
                delta = (ws[-l + 1].T @ delta) * a * (1.0 - a)
                nabla_w[-l] = delta @ activations[-l - 1].T
                nabla_b[-l] = delta.sum(dim=1, keepdim=True)
        return nabla_w, nabla_b

    params_w = [w.clone().requires_grad_(True) for w in ws]
    params_b = [b.clone().requires_grad_(True) for b in bs]

    def autograd():
        for p in (*params_w, *params_b):
            p.grad = None
        activation = tx
        for w, b in zip(params_w, params_b, strict=True):
            activation = torch.sigmoid(torch.addmm(b, w, activation))
        cost = 0.5 * ((activation - ty) ** 2).sum() / tx.shape[1]
        cost.backward()
        return [p.grad for p in params_w], [p.grad for p in params_b]

    return {"torch manual": manual, "torch autograd": autograd}


def jax_implementation(weights, biases, x, y) -> dict[str, Callable[[], object]]:
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    ws = [jnp.asarray(w) for w in weights]
    bs = [jnp.asarray(b) for b in biases]
    jx, jy = jnp.asarray(x), jnp.asarray(y)

    def cost(ws, bs, x, y):
        activation = x
        for w, b in zip(ws, bs, strict=True):
            activation = jax.nn.sigmoid(w @ activation + b)
        return 0.5 * jnp.sum((activation - y) ** 2) / x.shape[1]

    grad = jax.jit(jax.grad(cost, argnums=(0, 1)))

    def run():
        return jax.block_until_ready(grad(ws, bs, jx, jy))

    return {"jax jit": run}


def implementations(net: Network, x, y) -> dict[str, Callable[[], object]]:
    impls = {
        "numeric": lambda: net.gradients(x, y),
        "numpy": lambda: numpy_gradients(net.weights, net.biases, x, y),
    }
    if importlib.util.find_spec("torch") is not None:
        impls.update(torch_implementations(net.weights, net.biases, x, y))
    if importlib.util.find_spec("jax") is not None:
        impls.update(jax_implementation(net.weights, net.biases, x, y))
    return impls


def check_agree(impls: dict[str, Callable[[], object]], dtype) -> None:
    want_w, want_b = impls["numeric"]()
    rtol = 1e-8 if dtype == np.float64 else 2e-3
    for name, fn in impls.items():
        got_w, got_b = fn()
        for want, got in zip([*want_w, *want_b], [*got_w, *got_b], strict=True):
            got = np.asarray(got)
            scale = np.abs(want).max() + np.finfo(dtype).tiny
            if not np.allclose(got, want, rtol=rtol, atol=rtol * scale):
                raise SystemExit(f"{name} disagrees with numeric (max abs diff "
                                 f"{np.abs(got - want).max():.3g})")


def time_case(impls, rounds: int, budget: float) -> dict[str, float]:
    """Median seconds per call of each implementation over interleaved rounds."""
    for fn in impls.values():  # warm-up: jit compilation, allocator, caches
        fn()
    # Calls per sample so that one sample of the slowest lasts about budget / rounds.
    per_call = {}
    for name, fn in impls.items():
        t0 = time.perf_counter()
        fn()
        per_call[name] = max(time.perf_counter() - t0, 1e-7)
    target = budget / rounds / len(impls)
    reps = {name: max(1, int(target / t)) for name, t in per_call.items()}
    samples: dict[str, list[float]] = {name: [] for name in impls}
    names = list(impls)
    for r in range(rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            fn, k = impls[name], reps[name]
            t0 = time.perf_counter()
            for _ in range(k):
                fn()
            samples[name].append((time.perf_counter() - t0) / k)
    return {name: statistics.median(s) for name, s in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds, a smoke test")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--budget", type=float, default=8.0,
                        help="seconds of timing per size and dtype (default 8)")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for every library (default 1; read at start-up)")
    args = parser.parse_args(argv)
    rounds, budget = (5, 0.5) if args.quick else (args.rounds, args.budget)

    rows = []
    columns: list[str] = []
    start = time.perf_counter()
    for dtype in DTYPES:
        for sizes, batch in CASES:
            net = Network(sizes, activation="sigmoid", cost="quadratic", seed=0, dtype=dtype)
            rng = np.random.default_rng(1)
            x = rng.standard_normal((sizes[0], batch)).astype(dtype)
            y = rng.random((sizes[-1], batch)).astype(dtype)
            impls = implementations(net, x, y)
            check_agree(impls, dtype)
            medians = time_case(impls, rounds, budget)
            columns = columns or list(impls)
            rows.append((np.dtype(dtype).name, sizes, batch, medians))
            print(f"  {np.dtype(dtype).name} {sizes} B={batch} done", file=sys.stderr)

    head = ["dtype", "sizes", "B", *[f"{c} µs" for c in columns],
            *[f"{c} / numpy" for c in columns if c != "numpy"]]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for dtype, sizes, batch, med in rows:
        times = [f"{med[c] * 1e6:.1f}" for c in columns]
        ratios = [f"{med[c] / med['numpy']:.2f}" for c in columns if c != "numpy"]
        print(f"| {dtype} | {sizes} | {batch} | " + " | ".join(times + ratios) + " |")
    versions = [f"numpy {np.__version__}"]
    for name in ("torch", "jax"):
        if importlib.util.find_spec(name) is not None:
            versions.append(f"{name} {importlib.import_module(name).__version__}")
    print(f"\n{rounds} interleaved rounds, medians; {THREADS} thread(s); {', '.join(versions)}; "
          f"{time.perf_counter() - start:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
