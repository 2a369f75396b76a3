"""``derive export``: a note whose gradient formulas are verified becomes a NumPy module
that agrees with finite differences of its own cost and with ``numeric.Network``."""

from __future__ import annotations

import importlib.util
import textwrap

import numpy as np
import pytest

from derive.cli import main
from numeric import Network

BP = r"""
# Backpropagation, column vectors

Each layer computes, with {activation}:

$$z^{{l}} = w^{{l}} a^{{l-1}} + b^{{l}}$$

$$a^{{l}} = \sigma(z^{{l}})$$

$$C = \frac{{1}}{{2}} \lVert a^L - y \rVert^2$$

$$\delta^{{l}} \equiv \frac{{\partial C}}{{\partial z^{{l}}}}$$

$$\delta^L = (a^L - y) \odot \sigma'(z^L)$$

$$\delta^l = ((w^{{l+1}})^T \delta^{{l+1}}) \odot \sigma'(z^l)$$

$$\frac{{\partial C}}{{\partial b^l}} = \delta^l$$

$$\frac{{\partial C}}{{\partial w^l}} = {bp4}$$
"""
LOGISTIC = r"the logistic function $\sigma(x) = 1/(1+e^{-x})$"


def _note(tmp_path, activation=LOGISTIC, bp4=r"\delta^l (a^{l-1})^T", front=""):
    path = tmp_path / "note.md"
    path.write_text(front + textwrap.dedent(BP.format(activation=activation, bp4=bp4)))
    return path


def _line_of(path, text):
    return next(k for k, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _load(path):
    spec = importlib.util.spec_from_file_location("exported", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _export(tmp_path, note, capsys):
    target = tmp_path / "module.py"
    status = main(["export", str(note), "-o", str(target)])
    return status, target, capsys.readouterr()


def _params(sizes, rng):
    weights = [rng.normal(size=(m, n)) for n, m in zip(sizes, sizes[1:], strict=False)]
    biases = [rng.normal(size=(m, 1)) for m in sizes[1:]]
    return weights, biases


@pytest.mark.parametrize(("activation", "kind"), [(LOGISTIC, "sigmoid")])
def test_export_matches_finite_differences_and_network(tmp_path, capsys, activation, kind):
    status, target, _ = _export(tmp_path, _note(tmp_path, activation), capsys)
    assert status == 0
    module = _load(target)
    assert (module.ACTIVATION, module.COST) == ("logistic", "quadratic")
    bp4 = _line_of(tmp_path / "note.md", r"\partial w^l}")
    assert f"note.md:{bp4}" in target.read_text()  # the verified BP4 is quoted with its line
    rng = np.random.default_rng(3)
    sizes = [3, 5, 4, 2]
    weights, biases = _params(sizes, rng)
    X, Y = rng.normal(size=(3, 7)), rng.random(size=(2, 7))
    dW, db = module.gradients(weights, biases, X, Y)
    h = 1e-6
    for params, grads in ((weights, dW), (biases, db)):
        for p, g in zip(params, grads, strict=True):
            numeric_g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                p[idx] += h
                up = module.cost(weights, biases, X, Y)
                p[idx] -= 2 * h
                down = module.cost(weights, biases, X, Y)
                p[idx] += h
                numeric_g[idx] = (up - down) / (2 * h)
            assert np.abs(g - numeric_g).max() <= 1e-6 * max(1.0, np.abs(numeric_g).max())
    net = Network(sizes, activation=kind, cost="quadratic", seed=0)
    net.weights = [w.copy() for w in weights]
    net.biases = [b.copy() for b in biases]
    nw, nb = net.gradients(X, Y)
    assert max(np.abs(a - b).max() for a, b in zip(nw, dW, strict=True)) < 1e-12
    assert net.cost(X, Y) == pytest.approx(module.cost(weights, biases, X, Y), rel=1e-12)


def test_pinned_tanh_is_exported(tmp_path, capsys):
    note = _note(tmp_path, activation=r"an activation $\sigma$",
                 front="---\nderive:\n  sigma: tanh\n---\n")
    status, target, _ = _export(tmp_path, note, capsys)
    assert status == 0
    assert _load(target).ACTIVATION == "tanh"


def test_refused_when_a_gradient_formula_is_refuted(tmp_path, capsys):
    note = _note(tmp_path, bp4=r"\delta^l (a^{l})^T")
    status, target, io = _export(tmp_path, note, capsys)
    assert status == 1
    assert not target.exists()
    assert f"note.md:{_line_of(note, 'partial w^l}')}: refuted" in io.err


def test_refused_when_the_activation_is_generic(tmp_path, capsys):
    status, _, io = _export(tmp_path, _note(tmp_path, activation=r"an activation $\sigma$"),
                            capsys)
    assert status == 1
    assert "generic" in io.err and "sigma: logistic" in io.err


def test_refused_without_gradient_formulas(tmp_path, capsys):
    note = tmp_path / "defs.md"
    note.write_text("$$z = w x + b$$\n\n$$a = \\sigma(z)$$\n")
    status, _, io = _export(tmp_path, note, capsys)
    assert status == 1
    assert "no verified gradient formula" in io.err


def test_missing_note_is_a_usage_error(tmp_path, capsys):
    status = main(["export", str(tmp_path / "absent.md")])
    assert status == 2
    assert "absent.md: no such file" in capsys.readouterr().err


def test_module_to_stdout_imports_only_numpy(tmp_path, capsys):
    status = main(["export", str(_note(tmp_path))])
    text = capsys.readouterr().out
    assert status == 0
    imports = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["import numpy"]
