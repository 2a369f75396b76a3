"""Readable renderings of trees: how the reader understood a formula.

``explain`` makes every reading decision visible: layers print as ``a^(L)``,
powers as ``pow(a, 2)``, transposes as ``T(x)``, ambiguous products as ``⋅?``,
derivatives as ``∂C/∂w`` or ``∇_w(C)``.  Dispatch is on the node class
(``_print_<Class>``), as in SymPy's printers.
"""

from __future__ import annotations

from .tree import Chain, Node, Sym

_OPS = {"juxt": " ", "cdot": " ⋅? ", "ast": " *? ", "times": " ×? ", "circ": " ∘ ",
        "odot": " ⊙ ", "otimes": " ⊗ "}
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "ell": "ℓ", "Delta": "Δ", "Sigma": "Σ",
    "Phi": "Φ", "Omega": "Ω", "Theta": "Θ", "Lambda": "Λ", "Gamma": "Γ", "cdot": "·",
}


class Explainer:
    """Plain-text printer that shows each reading decision."""

    def doprint(self, node) -> str:
        if node is None:
            return "…"
        for cls in type(node).__mro__:
            method = getattr(self, f"_print_{cls.__name__}", None)
            if method is not None:
                return method(node)
        return repr(node)  # pragma: no cover - every node class has a printer

    def _print_Chain(self, c: Chain) -> str:
        parts = [self.doprint(c.terms[0])]
        for op, term in zip(c.ops, c.terms[1:], strict=True):
            parts += [op, self.doprint(term)]
        return " ".join(parts)

    def name(self, name: str) -> str:
        if "{" in name:
            accent, _, inner = name.partition("{")
            inner = inner.rstrip("}")
            return {"hat": f"{self.name(inner)}̂", "tilde": f"{self.name(inner)}̃",
                    "bar": f"{self.name(inner)}̄", "mathcal": "𝓛" if inner == "L" else
                    f"cal({inner})", "mathbb": "𝟙" if inner == "1" else f"bb({inner})",
                    "vec": f"{self.name(inner)}⃗"}.get(accent, name)
        return _GREEK.get(name, name)

    def _print_Sym(self, s: Sym) -> str:
        out = self.name(s.name)
        if s.bold:
            out = f"**{out}**" if False else out + "⃗" if s.name.islower() else out
        if s.layer:
            left, right = {"(": ("(", ")"), "[": ("[", "]")}.get(s.bracket, ("(", ")"))
            out += "^" + left + ",".join(self.doprint(x) for x in s.layer) + right
        for m in s.marks:
            out += "^" + {"dagger": "†"}.get(m, m)
        if s.sub:
            out += "_{" + ",".join(self.doprint(x) for x in s.sub) + "}"
        return out

    def _print_Num(self, n) -> str:
        return n.text

    def _print_Text(self, t) -> str:
        return f"text({t.word})"

    def _print_Ellipsis_(self, e) -> str:
        return "…"

    def _print_Add(self, a) -> str:
        out = self.doprint(a.terms[0])
        for t in a.terms[1:]:
            if type(t).__name__ == "Neg":
                out += " - " + self._paren(t.arg, ("Add",))
            else:
                out += " + " + self.doprint(t)
        return out

    def _print_Neg(self, n) -> str:
        return "-" + self._paren(n.arg, ("Add",))

    def _paren(self, node, kinds) -> str:
        text = self.doprint(node)
        return f"({text})" if type(node).__name__ in kinds else text

    def _print_Mul(self, m) -> str:
        # a product as first factor was bracketed in the note: (A B) ⊙ C is not A B ⊙ C
        out = self._paren(m.factors[0], ("Add", "Neg", "Mul"))
        for op, f in zip(m.ops, m.factors[1:], strict=True):
            if op == "call?":  # s(z): a product, or s applied to z; both readings stay open
                out += f"?({self.doprint(f)})"
                continue
            out += _OPS.get(op, f" {op} ") + self._paren(f, ("Add", "Neg", "Mul"))
        return out

    def _print_Frac(self, f) -> str:
        return f"({self.doprint(f.num)})/({self.doprint(f.den)})"

    def _print_Pow(self, p) -> str:
        tag = "pow?" if p.maybe_layer else "pow"
        return f"{tag}({self.doprint(p.base)}, {self.doprint(p.exp)})"

    def _print_Transpose(self, t) -> str:
        return f"T({self.doprint(t.arg)})"

    def _print_Prime(self, p) -> str:
        return self._paren(p.func, ("Add", "Mul", "Neg")) + "'" * p.order

    def _print_Apply(self, a) -> str:
        return f"{self.doprint(a.func)}({', '.join(self.doprint(x) for x in a.args)})"

    def _print_Deriv(self, d) -> str:
        wrt = ", ".join(self.doprint(w) for w in d.wrt)
        order = "" if d.order == 1 else f"^{d.order}"
        if d.style == "nabla":
            return f"∇{order}_{{{wrt}}}({self.doprint(d.expr)})"
        sym = "d" if d.style == "d" else "∂"
        return f"{sym}{order}[{self.doprint(d.expr)}]/{sym}[{wrt}]"

    def _print_Sum(self, s) -> str:
        head = "Σ" if s.op == "sum" else "Π"
        if s.index is not None:
            head += "_{" + self.doprint(s.index)
            if s.lo is not None:
                head += "=" + self.doprint(s.lo)
            if s.hi is not None:
                head += ".." + self.doprint(s.hi)
            head += "}"
        return f"{head}({self.doprint(s.body)})"

    def _print_Norm(self, n) -> str:
        p = "" if n.p is None else "_" + self.doprint(n.p)
        if n.kind == "abs":
            return f"|{self.doprint(n.arg)}|{p}"
        return f"‖{self.doprint(n.arg)}‖{p}"

    def _print_Sqrt(self, s) -> str:
        return f"sqrt({self.doprint(s.arg)})"

    def _print_Matrix(self, m) -> str:
        return "[" + "; ".join(", ".join(self.doprint(x) for x in row) for row in m.rows) + "]"

    def _print_Cases(self, c) -> str:
        parts = [self.doprint(v) + (" if " + self.doprint(k) if k is not None else " otherwise")
                 for v, k in c.pieces]
        return "cases(" + "; ".join(parts) + ")"

    def _print_Indicator(self, i) -> str:
        return "𝟙{" + self.doprint(i.cond) + "}"

    def _print_Tuple_(self, t) -> str:
        return "(" + ", ".join(self.doprint(x) for x in t.items) + ")"

    def _print_Relation(self, r) -> str:
        return f"[{self.doprint(r.lhs)} {r.op} {self.doprint(r.rhs)}]"

    def _print_Entry(self, e) -> str:
        return f"({self.doprint(e.arg)})_{{{','.join(self.doprint(x) for x in e.sub)}}}"


def explain(node: Node | Chain | None) -> str:
    """A one-line rendering of ``node`` that shows how it was read."""
    return Explainer().doprint(node)


def pretty(name: str) -> str:
    """A name as a reader writes it (σ, ℒ, ŷ), for assumptions and reasons."""
    return Explainer().name(name)
