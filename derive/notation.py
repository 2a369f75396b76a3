"""The one table of notation conventions the reader knows.

Adding a convention is adding a row here, not an ``if`` in the parser.
"""

from __future__ import annotations

GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda "
    "mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell imath jmath"
).split()

# Unicode a note may type instead of a macro.
UNICODE = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\epsilon",
    "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "κ": r"\kappa", "λ": r"\lambda",
    "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma",
    "τ": r"\tau", "φ": r"\phi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega",
    "Δ": r"\Delta", "Σ": r"\Sigma", "Φ": r"\Phi", "Ω": r"\Omega", "Θ": r"\Theta",
    "Λ": r"\Lambda", "ℓ": r"\ell", "ϵ": r"\epsilon", "ϕ": r"\phi",
    "−": "-", "–": "-", "·": r"\cdot", "⋅": r"\cdot", "×": r"\times", "⊙": r"\odot",
    "∘": r"\circ", "′": "'", "∂": r"\partial", "∇": r"\nabla", "∑": r"\sum",
    "⊤": r"\top", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "≡": r"\equiv",
    "←": r"\leftarrow", "→": r"\rightarrow", "⇒": r"\Rightarrow", "∈": r"\in",
    "…": r"\dots", "⋯": r"\cdots", "∗": "*", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}
# Characters that only appear in text copied from a rendered formula.
RENDERED = set("∂′⊤∑∏√ᵀ₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹")
# Latin-1 read of UTF-8 bytes: the signature of mojibake.
MOJIBAKE = ("â€", "âˆ", "Ã", "Ï", "Î", "Â")

# Functions: a name here followed by (…) is an application, not a product.
FUNCTIONS = set(
    "sigma g f h phi varphi psi tanh exp log ln softmax sigmoid relu ReLU max min sign "
    "softplus sin cos sgn mathcal{L} ell J tilde{J} Phi sinh cosh sech arctan erf".split()
)
# Functions that also apply without parentheses: \log \hat y.
OPERATOR_WORDS = set("exp log ln tanh sin cos max min sign softmax sgn sinh cosh sech arctan "
                     "erf".split())
# Words typed without a backslash that name a function (`sigmoid(x)` in plain math).
FUNCTION_WORDS = {w.lower(): w for w in ("sigmoid", "softmax", "relu", "ReLU", "tanh", "softplus")}
FUNCTION_WORDS["relu"] = "relu"

# Superscript letters that are layers (a^l, a^L, a^{\ell}); other letters are powers.
LAYER_LETTERS = {"l", "L", "ell"}
# Superscripts that are transposes and marks.
TRANSPOSE_MARKS = {"T", "top", "intercal", "mathsf{T}", "mathrm{T}"}
SUP_MARKS = {"dagger", "*", "ast", "star", "+"}
# Signs that are marks when they are a whole superscript: w^{+} is the updated w.
SIGN_MARKS = {"+"}

RELATIONS = {
    "=": "=", ":=": ":=", "=:": ":=", r"\equiv": ":=", r"\coloneqq": ":=", r"\triangleq": ":=",
    r"\doteq": ":=", r"\approx": "~", r"\simeq": "~", r"\leftarrow": "<-", r"\gets": "<-",
    r"\longleftarrow": "<-", "<": "<", ">": ">", r"\lt": "<", r"\gt": ">", r"\le": "<=",
    r"\leq": "<=", r"\ge": ">=", r"\geq": ">=", r"\ne": "!=", r"\neq": "!=", r"\in": "in",
    r"\propto": "propto", r"\subseteq": "in", r"\subset": "in", r"\sim": "~",
    r"\leqslant": "<=", r"\geqslant": ">=",
}
# Top-level separators between statements; "strong" ones never join two pieces.
STRONG_SEPARATORS = {
    r"\Rightarrow", r"\implies", r"\rightarrow", r"\Longrightarrow", r"\longrightarrow",
    r"\to", r"\iff", r"\Leftrightarrow", r"\therefore", r"\forall",
}
WEAK_SEPARATORS = {r"\quad", r"\qquad", ",", ";", r"\text{and}", r"\text{where}", r"\text{for}",
                   r"\text{if}", r"\text{when}"}

MULOPS = {
    r"\cdot": "cdot", "*": "ast", r"\ast": "ast", r"\times": "times", r"\circ": "circ",
    r"\odot": "odot", r"\otimes": "otimes", r"\bullet": "cdot",
    ".*": "odot",  # Octave/MATLAB elementwise product in course notes
}
# Indicator functions: \mathbb{1}\{y=j\}, and with a condition in [ ] or ( ).
INDICATORS = {"mathbb{1}", "mathbb{I}"}
INDICATOR_BRACKETS = {"[", "("}
# A product sign standing alone is an argument placeholder: f(\cdot), (\cdot)^2.
PLACEHOLDER_OPS = {"cdot": "cdot"}
# Macros that carry no meaning for the math: sizes, spacing, alignment helpers.
IGNORED = set(
    r"\left \right \middle \big \Big \bigg \Bigg \bigl \bigr \Bigl \Bigr \biggl \biggr "
    r"\Biggl \Biggr \bigm \Bigm \, \; \: \! \> \  \displaystyle \textstyle \scriptstyle "
    r"\limits \nolimits \nonumber \notag \mathstrut \strut \nobreak \allowbreak \medspace "
    r"\thinspace \thickspace \negthinspace \enspace \hfill".split()
) | {"\\ "}
# Sizing macros take a delimiter; "." is the invisible one (\left. … \right|).
SIZERS = set(
    r"\left \right \middle \big \Big \bigg \Bigg \bigl \bigr \Bigl \Bigr \biggl \biggr "
    r"\Biggl \Biggr \bigm \Bigm".split())
# Macros whose one braced argument is dropped.
DROPPED_WITH_ARG = set(
    r"\label \tag \tag* \hspace \vspace \phantom \hphantom \vphantom \eqref".split())
# Styling macros: argument kept, styling recorded (bold) or folded into the name.
BOLD = set(r"\mathbf \boldsymbol \bm \mathbfit \pmb \textbf \vb \bf".split())
PLAIN = set(r"\mathrm \mathit \mathsf \mathtt \rm \it \operatorname \mathop".split())
ACCENTS = {
    r"\hat": "hat", r"\widehat": "hat", r"\tilde": "tilde", r"\widetilde": "tilde",
    r"\bar": "bar", r"\overline": "bar", r"\vec": "vec", r"\check": "check",
    r"\mathcal": "mathcal", r"\mathscr": "mathcal", r"\mathbb": "mathbb", r"\mathfrak": "mathfrak",
}
DOTS = set(r"\dots \cdots \ldots \dotsb \dotsc \dotsm \vdots \ddots".split())
SUMS = {r"\sum": "sum", r"\prod": "prod"}
FRACS = set(r"\frac \dfrac \tfrac \cfrac".split())
NABLAS = set(r"\nabla \triangledown \triangle \bigtriangledown".split())
MATRIX_ENVS = set("pmatrix bmatrix matrix vmatrix Bmatrix smallmatrix array".split())
CASES_ENVS = {"cases", "dcases"}
# Environments that the extractor splits into rows; one reaching the parser is unsplit.
ALIGNED_ENVS = set("aligned align align* split gathered gather gather* alignat eqnarray".split())
# Named operators written as macros.
OPERATOR_MACROS = {r"\log": "log", r"\ln": "ln", r"\exp": "exp", r"\tanh": "tanh",
                   r"\sin": "sin", r"\cos": "cos", r"\max": "max", r"\min": "min",
                   r"\sgn": "sgn", r"\argmax": "argmax", r"\argmin": "argmin",
                   r"\sinh": "sinh", r"\cosh": "cosh", r"\arctan": "arctan"}
OTHER_NAMES = {r"\infty": "infty", r"\top": "T", r"\intercal": "T", r"\dagger": "dagger",
               r"\star": "star", r"\emptyset": "emptyset"}
# Prefix d + capital letter is one name (dZ = dL/dZ, the PyTorch-style gradient name).
GRADIENT_NAME_PREFIX = "d"

# Roles of names in a network, for the shapes of quantities nobody defines.
WEIGHT_NAMES = {"w", "W", "omega", "theta", "Theta", "U"}
VECTOR_NAMES = {"a", "z", "b", "s", "h", "delta", "o", "u", "v", "x", "y", "t", "g", "m",
                "hat{y}", "p", "q", "e"}
INPUT_NAMES = {"x"}
TARGET_NAMES = {"y", "t"}
# Names that denote the cost when the note does not define them otherwise.
COST_NAMES = {"C", "J", "E", "L", "mathcal{L}", "ell", "mathcal{J}", "tilde{J}", "E_n", "C_0"}
# Layer letters that mean "the last layer" (the others are free layer variables).
LAST_LAYER_LETTERS = {"L", "N"}
# Index letters that stay free in a claim (checked for every value).
# Concrete stand-ins for generic functions: never a textbook activation alone.
GENERIC_STAND_INS = ("tanh(x) + x/10", "x/(1 + x**2) + x/5")
# Functions every reader knows: name -> SymPy-expressible formula in x.
KNOWN_FUNCTIONS = {
    "exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sin": "sin", "cos": "cos",
    "sigmoid": "logistic", "softplus": "softplus", "relu": "relu", "ReLU": "relu",
    "sign": "sign", "sgn": "sign", "sinh": "sinh", "cosh": "cosh", "sech": "sech",
    "arctan": "arctan", "erf": "erf",
}
# Words in the prose that fix an undefined activation (first match wins).
PROSE_ACTIVATIONS = (("logistic", "logistic"), ("sigmoid", "logistic"), ("tanh", "tanh"),
                     ("relu", "relu"))
# Prose that leaves an activation arbitrary ("σ is any differentiable activation").
PROSE_ARBITRARY = (r"\b(any|arbitrary|generic|general|some)\s+(differentiable\s+|smooth\s+)?"
                   r"(activation|function|nonlinearity|non-linearity|squashing)")
# Prose that calls the cost an average over the examples.
PROSE_MEAN = r"\baverag|\bmean\b"
# Prose that states the summation convention (a repeated index is summed).
PROSE_SUMMATION = (r"einstein|repeated ind\w* (are |is )?(implicitly )?summed"
                   r"|summation convention")
# Letters that index units (w_{ijk} is three indices, E_{total} one label).
INDEX_LETTERS = set("ijklmnpqrst")
# Prose that says which way vectors go.
PROSE_ROW_VECTORS = ("row vector", "rows are examples", "row-major", "each row is an example",
                     "example is a row", "examples are rows", "one row per example")
# Capital letters that hold a batch of inputs or targets, one example per row.
BATCH_INPUTS = {"X"}
BATCH_TARGETS = {"Y", "T", "hat{Y}"}
# Letters that count training examples when they bound a sum over them (\sum_{i=1}^{n}).
COUNT_LETTERS = {"n", "N", "m", "M", "B"}
# Subscript letters that count optimiser steps (w_t, v_{t-1}, g_s, w_k).
STEP_LETTERS = {"t", "s", "k", "tau"}
# Names that are positive numbers (learning rates, counts, small constants).
POSITIVE_NAMES = {"eta", "alpha", "mu", "lambda", "epsilon", "varepsilon", "beta", "gamma",
                  "n", "m", "N", "rho", "tau", "kappa"}
