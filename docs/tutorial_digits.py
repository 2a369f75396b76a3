"""Train numeric.Network on scikit-learn's handwritten digits and plot the training curve.

    pip install -e '.[tutorial]'
    python docs/tutorial_digits.py          # writes docs/tutorial_digits.png

The digits (8x8 images, 1797 of them) ship inside scikit-learn, so nothing is
downloaded. Everything random is seeded: the split, the weights, the shuffling.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write a file; no screen needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from numeric import Network  # noqa: E402

SEED = 0
PNG = Path(__file__).with_suffix(".png")


def one_hot(labels: np.ndarray, classes: int = 10) -> np.ndarray:
    """Labels 0..9 as columns of a classes x n matrix (examples are columns)."""
    return np.eye(classes)[:, labels]


def main() -> int:
    digits = load_digits()
    x_train, x_test, l_train, l_test = train_test_split(
        digits.data / 16.0, digits.target, test_size=0.25, random_state=SEED,
        stratify=digits.target,
    )
    # numeric wants one example per column.
    x_train, x_test = x_train.T.copy(), x_test.T.copy()
    y_train, y_test = one_hot(l_train), one_hot(l_test)

    net = Network([64, 64, 10], activation="tanh", cost="categorical_cross_entropy", seed=SEED)
    history = net.train(
        x_train, y_train, epochs=40, batch_size=16, eta=0.1, validation=(x_test, y_test)
    )
    accuracy = float(np.mean(net.forward(x_test).argmax(axis=0) == l_test))
    train_accuracy = float(np.mean(net.forward(x_train).argmax(axis=0) == l_train))
    print(f"{net!r}")
    print(f"train: {x_train.shape[1]} digits, test: {x_test.shape[1]} digits")
    print(f"final cost: train {history.cost[-1]:.4f}, test {history.validation_cost[-1]:.4f}")
    print(f"accuracy: train {train_accuracy:.1%}, test {accuracy:.1%}")

    fig, ax = plt.subplots(figsize=(6, 3.6), dpi=120)
    epochs = np.arange(1, len(history.cost) + 1)
    ax.plot(epochs, history.cost, label="training (mean over the epoch's mini-batches)")
    ax.plot(epochs, history.validation_cost, label="test set (after each epoch)")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("categorical cross-entropy")
    ax.set_title(f"numeric.Network on sklearn digits: {accuracy:.1%} test accuracy")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(PNG)
    print(f"wrote {PNG}")
    return 0 if accuracy >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
