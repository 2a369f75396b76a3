"""numeric: a network built from the formulas that ``derive`` checks.

    import numpy as np
    from numeric import Network
    net = Network([784, 30, 10], activation="sigmoid", cost="quadratic", seed=0)
    nabla_w, nabla_b = net.gradients(X, Y)  # X: 784 × n, Y: 10 × n, one example per column

The formulas live once in SymPy (``numeric/formulas.py``) and are printed to NumPy
code (``numeric/_generated.py``) by ``python -m numeric.codegen``. Importing this
package does not import SymPy. See docs/numeric.md.
"""

from .activations import ACTIVATIONS, Activation, get_activation, softmax, softmax_vjp
from .costs import COSTS, Cost, categorical_cross_entropy_from_logits, get_cost
from .network import History, Network

__all__ = [
    "ACTIVATIONS",
    "COSTS",
    "Activation",
    "Cost",
    "History",
    "Network",
    "categorical_cross_entropy_from_logits",
    "get_activation",
    "get_cost",
    "softmax",
    "softmax_vjp",
]
