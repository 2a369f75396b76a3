"""Verdicts for a document: parse every unit, build the model, decide every claim."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from dataclasses import replace

from .conventions import read_conventions
from .damage import damage
from .model import Definition, name_of, walk
from .modelbuild import build_model, position
from .parse import parse_latex
from .tree import Apply, Chain, Deriv, Sym
from .verdict import DocumentReport, Link, Verdict


class Timeout(Exception):
    pass


@contextmanager
def budget(seconds: float):
    """Interrupt pure-Python SymPy work after ``seconds`` (main thread only)."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return
    try:
        old = signal.signal(signal.SIGALRM, _raise_timeout)
    except ValueError:  # not the main thread: no budget
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _raise_timeout(signum, frame):
    raise Timeout()


def verify_source(source, options) -> DocumentReport:
    prose = " ".join(p.text for p in source.prose)
    parsed = read_conventions([(u, parse_latex(u.latex)) for u in source.units], prose)
    pinned = tuple((source.front_matter.get("derive") or {}).items()) \
        if isinstance(source.front_matter.get("derive"), dict) else ()
    model, roles = build_model(parsed, prose, pinned + tuple(options.conventions))
    out: list[Verdict] = []
    last_term: dict = {}  # block_line -> last term of the previous row
    for (unit, p), unit_roles in zip(parsed, roles, strict=True):
        v = _verdict(model, unit, p, unit_roles, last_term, options)
        if v is not None:
            out.append(v)
        if p.ok and p.statements and unit.row is not None:
            last_term[unit.block_line] = p.statements[-1].terms[-1]
    return DocumentReport(source.path, tuple(out), problems=tuple(source.problems))


def _verdict(model, unit, parsed, roles, last_term, options) -> Verdict | None:
    has_relation = parsed.ok and any(c.ops for c in parsed.statements)
    if not unit.display and not has_relation:
        return None
    base = dict(line=unit.line, latex=unit.latex, row=unit.row, cell=unit.cell,
                display=unit.display, block_line=unit.block_line, file_line=unit.file_line)
    if not parsed.ok:
        return Verdict(kind="noise", status="unreadable", column=parsed.column,
                       reason=parsed.error, **base)
    why = damage(parsed.statements)
    if why:
        return Verdict(kind="noise", status="unreadable", reason=why, **base)
    kinds = {r.kind for r in roles}
    if kinds <= {"expression", "condition"}:
        if not unit.display:
            return None
        return Verdict(kind=sorted(kinds)[0], status="unverified",
                       reason="no relation to check", **base)
    if kinds == {"definition"}:
        note = next((r.note for r in roles if r.note), None)
        return Verdict(kind="definition", status="definition", reason=note, **base)
    try:
        with budget(options.timeout):
            verdict, failing = _decide_unit(model, unit, parsed, roles, last_term, options, base)
    except Timeout:
        return Verdict(kind="claim", status="unverified", method="timeout",
                       reason=f"unverified (timeout after {options.timeout:g} s)", **base)
    except RecursionError:
        return Verdict(kind="claim", status="unverified", reason="nested too deeply", **base)
    except Exception as e:  # noqa: BLE001 - our bug, reported on the equation, never a crash
        return Verdict(kind="claim", status="unverified", method="internal-error",
                       reason=f"internal error ({type(e).__name__}: {e}); please report it",
                       **base)
    if failing is None:
        return verdict
    try:
        with budget(options.timeout):
            found = _repair(model, position(unit), failing, options.seed)
    except (Timeout, RecursionError):
        found = None
    if found is None:
        return verdict
    kind, text = found
    return replace(verdict, suggestion=text, reason=f"{verdict.reason} (repair: {kind})")


def _repair(model, line, failing, seed):
    """The first single edit of the failing link's right side that makes it hold."""
    from .decide import decide_link
    from .latexprint import to_latex
    from .repair import add_prime_factor, candidates
    from .update import decide_update

    lhs, rhs, chain = failing
    extra = []
    if model.activation and isinstance(lhs, Sym) and lhs.layer and chain is None:
        func, pre = model.activation
        from dataclasses import replace as _replace
        func = _replace(func, layer=()) if isinstance(func, Sym) else func
        z = Sym(pre, lhs.sub, lhs.layer, lhs.bold, (), lhs.bracket)
        extra.append(("σ' factor added", add_prime_factor(rhs, func, z)))
    for kind, new in [*candidates(rhs), *extra]:
        if chain is not None:
            trial = Chain(chain.terms[:-1] + (new,), chain.ops)
            ok = decide_update(model, line, trial, seed).status == "holds"
        else:
            ok = decide_link(model, line, lhs, new, seed).status == "holds"
        if ok:
            return kind, to_latex(new, model.print_style)
    return None


def _decide_unit(model, unit, parsed, roles, last_term, options, base) -> Verdict:
    from .decide import decide_link
    from .update import decide_update

    links, kind = [], "claim"
    index = 0
    failing = None
    redefined: list[str] = []
    for chain, role in zip(parsed.statements, roles, strict=True):
        if role.kind in ("expression", "condition", "definition"):
            index += len(chain.ops)
            continue
        if role.kind == "approximation":
            links.append((index + 1, _unknown("≈ is not checked")))
            index += len(chain.ops)
            continue
        if role.kind == "update":
            kind = "update"
            outcome = decide_update(model, position(unit), chain, options.seed)
            links.append((index + 1, outcome))
            if outcome.status == "fails" and failing is None:
                failing = (chain.terms[0], chain.terms[-1], chain)
            index += len(chain.ops)
            continue
        terms = list(chain.terms)
        if terms[0] is None:
            prev = last_term.get(unit.block_line)
            if prev is None:
                links.append((index + 1, _unknown("the row before is missing")))
                index += len(chain.ops)
                continue
            terms[0] = prev
        for i, op in enumerate(chain.ops):
            index += 1
            if i in role.defines:
                continue
            if op not in ("=", ":="):
                links.append((index, _unknown(f"the relation {op} is not checked")))
                continue
            outcome = decide_link(model, position(unit), terms[i], terms[i + 1], options.seed)
            if outcome.status == "fails" and unit.row is None and _condition_on_givens(
                    model, position(unit), terms[i], terms[i + 1]):
                redefined.append("a condition on given quantities")
                continue
            if _redefines(model, position(unit), terms[i], terms[i + 1], outcome) \
                    and not _one_slip_away(model, position(unit), terms[i], terms[i + 1],
                                           options.seed):
                model.definitions.append(Definition(name_of(terms[i]), terms[i], terms[i + 1],
                                                    position(unit)))
                redefined.append(latex_of(terms[i]))
                continue
            links.append((index, outcome))
            if outcome.status == "fails" and failing is None:
                failing = (terms[i], terms[i + 1], None)
    if not links and redefined:
        reason = ", ".join(r if r.startswith("a condition") else "redefines " + r
                           for r in redefined)
        return Verdict(kind="definition", status="definition", reason=reason, **base), None
    verdict = _combine(links, kind, base)
    return verdict, (failing if verdict.status == "refuted" else None)


def _redefines(model, line, lhs, rhs, outcome) -> bool:
    """A restated name whose new formula is not the old one starts a new scope
    (a note that defines a one-example cost and later the batch cost, or gives the
    output layer its own activation)."""
    from . import notation as nt
    from .model import definable
    if outcome.status == "holds" or lhs is None or not definable(lhs):
        return False
    if isinstance(lhs, Apply) and lhs.func.name in model.function_alias:
        # f(s) = tanh(s) after f was the sigmoid: a new activation, not a slip
        return isinstance(rhs, Apply) and isinstance(rhs.func, Sym) \
            and rhs.func.name != model.function_alias[lhs.func.name] \
            and rhs.func.name in nt.KNOWN_FUNCTIONS
    if name_of(lhs) in nt.COST_NAMES:
        return True
    # a new formula built from quantities the old one never mentioned: a new scope
    old = [d for d in model.in_force(name_of(lhs), line) if d.line < line]
    if not old or any(isinstance(n, Deriv) for d in old for n in walk(d.rhs)):
        return False  # a quantity defined as a derivative is what claims are checked against
    # what the old formula is made of, through the definitions it uses (a = σ(z) and
    # z = w a + b: a restatement in w, a, b is a claim about a, not a new a)
    def key(n: Sym):  # z_2 is not z; a^{l-1} is a^{l}; w_{jk} is w
        from .latexprint import to_latex
        if any(isinstance(m, Sym) and m.name in nt.LAYER_LETTERS for p in n.layer
               for m in walk(p)):
            return (n.name, "every layer")
        return (n.name, tuple(to_latex(p) for p in n.layer))

    known: set = set()
    todo = [n for d in old for n in walk(d.rhs) if isinstance(n, Sym)]
    while todo:
        n = todo.pop()
        if key(n) in known:
            continue
        known.add(key(n))
        for d in model.in_force(n.name, line):
            if d.line < line:
                todo.extend(m for m in walk(d.rhs) if isinstance(m, Sym))
    new = {key(n) for n in walk(rhs) if isinstance(n, Sym)}
    return bool(new - known - {key(lhs)}) and outcome.status in ("fails", "unknown")


def _one_slip_away(model, line, lhs, rhs, seed) -> bool:
    """Is the new formula the old one with a single slip (a sign, a ½, a layer index)?
    Then the line restates the quantity wrongly; a new scope is a different formula."""
    from .decide import decide_link
    from .repair import candidates
    return any(decide_link(model, line, lhs, new, seed).status == "holds"
               for _kind, new in candidates(rhs))


def _condition_on_givens(model, line, lhs, rhs) -> bool:
    r"""``\sum_i y_i = 1`` or ``t_2 = 0``: a relation among targets and other quantities
    the note never defines is a condition it states, not an identity to check."""
    from . import notation as nt
    names = [n for side in (lhs, rhs) for n in walk(side) if isinstance(n, Sym)]
    if any(isinstance(n, Deriv) for side in (lhs, rhs) for n in walk(side)):
        return False
    given = [n for n in names if n.name in nt.TARGET_NAMES]
    return bool(given) and not any(d.line < line for n in names
                                   for d in model.in_force(n.name, line))


def latex_of(node) -> str:
    from .latexprint import to_latex
    return to_latex(node)


def _unknown(reason):
    from .decide import Outcome
    return Outcome("unknown", reason, method="none")


def _combine(links, kind, base) -> Verdict:
    if not links:
        return Verdict(kind="definition", status="definition", **base)
    status_of = {"holds": "verified", "fails": "refuted", "unknown": "unverified"}
    vlinks = tuple(Link(i, status_of[o.status], o.reason) for i, o in links)
    failing = [(i, o) for i, o in links if o.status == "fails"]
    unknown = [(i, o) for i, o in links if o.status == "unknown"]
    assumptions = sorted({a for _, o in links for a in o.assumptions})
    if failing:
        i, o = failing[0]
        reason = o.reason or "the two sides differ"
        if len(links) > 1:
            reason = f"link {i}: {reason}"
        return Verdict(kind=kind, status="refuted", method=o.method, reason=reason,
                       assumptions=tuple(assumptions), counterexample=o.counterexample,
                       links=vlinks, **base)
    if unknown:
        i, o = unknown[0]
        return Verdict(kind=kind, status="unverified", method=o.method, reason=o.reason,
                       assumptions=tuple(assumptions), links=vlinks, **base)
    return Verdict(kind=kind, status="verified", method=links[0][1].method,
                   assumptions=tuple(assumptions), links=vlinks, **base)


__all__ = ["verify_source", "budget", "Timeout"]
