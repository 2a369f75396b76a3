"""Trees back to LaTeX in the note's own notation (for repaired formulas).

Dispatch is on the node class (``_print_<Class>``), as in SymPy's printers: layers
keep the brackets the note used, derivatives keep their style.
"""

from __future__ import annotations

from .notation import GREEK
from .tree import Add, Mul, Neg, Sym

_OPS = {"juxt": " ", "cdot": r" \cdot ", "ast": " * ", "times": r" \times ", "circ": r" \circ ",
        "odot": r" \odot ", "otimes": r" \otimes "}


class LatexPrinter:
    def __init__(self, bold: str = "\\mathbf", transpose: str = "T"):
        self.bold = bold  # the note's own macros: \\boldsymbol{W}^{\\top} if it writes so
        self.transpose = transpose

    def doprint(self, node) -> str:
        if node is None:
            return ""
        for cls in type(node).__mro__:
            m = getattr(self, f"_print_{cls.__name__}", None)
            if m is not None:
                return m(node)
        raise TypeError(type(node).__name__)  # a node class without a printer is our bug

    def name(self, name: str) -> str:
        for mark in ("_{", "^{"):  # E_{total}, w^{+}: a labelled name, printed as written
            if mark in name and not name.startswith(mark):
                base, _, rest = name.partition(mark)
                return self.name(base) + mark + rest
        if "{" in name:
            accent, _, inner = name.partition("{")
            return f"\\{accent}{{{self.name(inner.rstrip('}'))}}}"
        if name in GREEK:
            return "\\" + name
        if name.startswith("Delta "):  # Δw: the change of w
            return "\\Delta " + self.name(name[6:])
        if len(name) > 1 and name.isalpha() and not (name[0] == "d" and name[1].isupper()):
            return f"\\operatorname{{{name}}}"
        return name

    def _print_Sym(self, s) -> str:
        out = s.name if "grad" in s.marks else self.name(s.name)  # dz, dW: as written
        if s.bold:
            out = f"{self.bold}{{{out}}}"
        sup = ""
        if s.layer and s.bracket in ("_", "letter", "letter-swapped"):
            # a layer the note writes as a subscript (W_1) or as the unit letter (a_j)
            shown = s.sub if s.sub else s.layer
            if s.bracket == "letter-swapped":
                shown = shown[::-1]  # w_{kj} from k to j, as the note writes it
            out += "_{" + "".join(self.doprint(x) for x in shown) + "}"
            return out
        if s.layer:
            inner = ",".join(self.doprint(x) for x in s.layer)
            sup = {"(": f"({inner})", "[": f"[{inner}]"}.get(s.bracket, inner)
        for m in s.marks:
            if m != "grad":
                sup += "\\" + m if m.isalpha() else m
        if sup:
            out += f"^{{{sup}}}"
        if s.sub:
            out += "_{" + "".join(self.doprint(x) for x in s.sub) + "}"
        return out

    def _print_Num(self, n) -> str:
        return n.text

    def _print_Text(self, t) -> str:
        return f"\\text{{{t.word}}}"

    def _print_Ellipsis_(self, e) -> str:
        return r"\dots"

    def _print_Add(self, a) -> str:
        out = self.doprint(a.terms[0])
        for t in a.terms[1:]:
            if isinstance(t, Neg):
                out += " - " + self._wrap(t.arg, (Add,))
            else:
                out += " + " + self.doprint(t)
        return out

    def _print_Neg(self, n) -> str:
        return "-" + self._wrap(n.arg, (Add,))

    def _wrap(self, node, kinds) -> str:
        text = self.doprint(node)
        return f"\\left({text}\\right)" if isinstance(node, kinds) else text

    def _print_Mul(self, m) -> str:
        out = self._wrap(m.factors[0], (Add, Neg))
        for op, f in zip(m.ops, m.factors[1:], strict=True):
            if op == "call?":
                out += f"\\left({self.doprint(f)}\\right)"
                continue
            out += _OPS.get(op, " ") + self._wrap(f, (Add, Neg))
        return out

    def _print_Frac(self, f) -> str:
        if f.slash:
            return f"{self._wrap(f.num, (Add, Neg, Mul))}/{self._wrap(f.den, (Add, Neg, Mul))}"
        return f"\\frac{{{self.doprint(f.num)}}}{{{self.doprint(f.den)}}}"

    def _print_Pow(self, p) -> str:
        base = self.doprint(p.base)
        if not isinstance(p.base, Sym) or p.base.layer or p.base.sub:
            base = f"\\left({base}\\right)"
        return f"{base}^{{{self.doprint(p.exp)}}}"

    def _print_Transpose(self, t) -> str:
        arg = t.arg
        if isinstance(arg, Sym) and arg.layer and arg.bracket == "[" and not arg.sub:
            return self.doprint(arg)[:-1] + self.transpose + "}"
        if isinstance(arg, Sym) and not arg.layer and not arg.sub:
            return self.doprint(arg) + f"^{{{self.transpose}}}"
        return f"\\left({self.doprint(arg)}\\right)^{{{self.transpose}}}"

    def _print_Prime(self, p) -> str:
        inner = self.doprint(p.func)
        if isinstance(p.func, Sym) and p.func.layer:
            inner = f"\\left({inner}\\right)"
        return inner + "'" * p.order

    def _print_Apply(self, a) -> str:
        args = ", ".join(self.doprint(x) for x in a.args)
        return f"{self.doprint(a.func)}\\left({args}\\right)"

    def _print_Deriv(self, d) -> str:
        wrt = " ".join(self.doprint(w) for w in d.wrt)
        if d.style == "nabla":
            return f"\\nabla_{{{wrt}}} {self._wrap(d.expr, (Add, Neg, Mul))}"
        sym = "d" if d.style == "d" else "\\partial"
        order = "" if d.order == 1 else f"^{d.order}"
        return f"\\frac{{{sym}{order} {self.doprint(d.expr)}}}{{{sym} {wrt}}}"

    def _print_Sum(self, s) -> str:
        head = "\\sum" if s.op == "sum" else "\\prod"
        if s.index is not None:
            sub = self.doprint(s.index) + ("" if s.lo is None else "=" + self.doprint(s.lo))
            head += f"_{{{sub}}}"
        if s.hi is not None:
            head += f"^{{{self.doprint(s.hi)}}}"
        return f"{head} {self._wrap(s.body, (Add, Neg))}"

    def _print_Norm(self, n) -> str:
        if n.kind == "abs":
            return f"\\lvert {self.doprint(n.arg)} \\rvert"
        p = "" if n.p is None else f"_{{{self.doprint(n.p)}}}"
        return f"\\lVert {self.doprint(n.arg)} \\rVert{p}"

    def _print_Sqrt(self, s) -> str:
        return f"\\sqrt{{{self.doprint(s.arg)}}}"

    def _print_Indicator(self, i) -> str:
        return f"\\mathbb{{1}}\\{{{self.doprint(i.cond)}\\}}"

    def _print_Relation(self, r) -> str:
        op = {"!=": "\\neq", "<=": "\\le", ">=": "\\ge", "in": "\\in"}.get(r.op, r.op)
        return f"{self.doprint(r.lhs)} {op} {self.doprint(r.rhs)}"

    def _print_Tuple_(self, t) -> str:
        return ", ".join(self.doprint(x) for x in t.items)

    def _print_Entry(self, e) -> str:
        return f"\\left({self.doprint(e.arg)}\\right)_{{{''.join(self.doprint(x) for x in e.sub)}}}"

    def _print_Matrix(self, m) -> str:
        rows = " \\\\ ".join(" & ".join(self.doprint(x) for x in r) for r in m.rows)
        return f"\\begin{{pmatrix}} {rows} \\end{{pmatrix}}"

    def _print_Cases(self, c) -> str:
        rows = " \\\\ ".join(self.doprint(v) + " & " + (
            "\\text{otherwise}" if k is None else "\\text{if } " + self.doprint(k))
            for v, k in c.pieces)
        return f"\\begin{{cases}} {rows} \\end{{cases}}"


def to_latex(node, style: tuple[str, str] | None = None) -> str:
    """``style``: the note's bold macro and transpose mark (see :func:`note_style`)."""
    return (LatexPrinter(*style) if style else LatexPrinter()).doprint(node)


def note_style(latex: str) -> tuple[str, str]:
    """The bold macro and the transpose mark a note uses most."""
    bolds = ("\\mathbf", "\\boldsymbol", "\\bm")
    bold = max(bolds, key=lambda b: latex.count(b + "{") + latex.count(b + " "))
    marks = {"T": latex.count("^T") + latex.count("^{T}") + latex.count("T}"),
             "\\top": latex.count("\\top"), "\\intercal": latex.count("\\intercal")}
    return (bold if latex.count(bold) else "\\mathbf"), max(marks, key=marks.get)
