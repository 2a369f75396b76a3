"""LaTeX to MathML for the reports, without network or JavaScript.

``latex2mathml`` does the conversion; its output is then parsed and written out
again keeping only MathML elements and presentation attributes, so text from a
note (``\\text{<script>}``) can never become markup.  When the converter fails, or
its output is not clean MathML, the LaTeX is shown escaped in ``<code>``.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from .common import display_latex

NS = "{http://www.w3.org/1998/Math/MathML}"
ELEMENTS = frozenset("""
math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac
msqrt mroot mstyle merror mpadded mphantom menclose mtable mtr mtd mlabeledtr
mmultiscripts mprescripts none semantics annotation
""".split())
ATTRIBUTES = frozenset("""
mathvariant stretchy fence form accent accentunder separator lspace rspace width height
depth minsize maxsize movablelimits largeop linethickness displaystyle scriptlevel
symmetric notation columnalign columnlines columnspacing rowalign rowlines rowspacing
frame framespacing align open close separators encoding
""".split())


class NotMathML(ValueError):
    """The converter's output holds something that is not presentation MathML."""


def _converter():
    try:
        from latex2mathml.converter import convert
    except ImportError:  # optional dependency: reports then show LaTeX source
        return None
    return convert


def _write(el: ET.Element, out: list[str]) -> None:
    tag = el.tag.removeprefix(NS)
    if tag not in ELEMENTS:
        raise NotMathML(tag)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in sorted(el.attrib.items())
                    if k in ATTRIBUTES)
    out.append(f"<{tag}{attrs}>")
    if el.text:
        out.append(html.escape(el.text, quote=False))
    for child in el:
        _write(child, out)
        if child.tail:
            out.append(html.escape(child.tail, quote=False))
    out.append(f"</{tag}>")


# Named functions that TeX sets as operators (\\log, \\exp, …): the converter leaves them
# as plain identifiers, which a browser sets tight against their neighbours ("ylogŷ").
OPERATOR_NAMES = frozenset("""
log ln lg exp sin cos tan sec csc cot sinh cosh tanh coth arcsin arccos arctan max min sup
inf arg det dim ker lim liminf limsup Pr gcd deg hom
""".split())
THIN = "0.1667em"


def _space_operator_names(root: ET.Element) -> None:
    """Turn ``<mi>log</mi>`` into an operator with TeX's thin spaces (none before a
    parenthesis, as ``\\log(x)`` sets it)."""
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            if child.tag != NS + "mi" or (child.text or "").strip() not in OPERATOR_NAMES:
                continue
            nxt = children[i + 1] if i + 1 < len(children) else None
            opens = nxt is not None and (nxt.text or "").strip() in ("(", "[") or (
                nxt is not None and len(nxt) and (nxt[0].text or "").strip() in ("(", "["))
            child.tag = NS + "mo"
            child.attrib.update(lspace=THIN, rspace="0" if opens else THIN, form="prefix")


PRIMES = frozenset("′″‴")


def _unraise_primes(root: ET.Element) -> None:
    """``σ'`` comes out as a superscript prime, drawn at script size (a speck); the prime
    character already sits high, so set it after its base at full size, as text does."""
    for el in root.iter(NS + "msup"):
        if len(el) != 2:
            continue
        script = el[1]
        if script.tag == NS + "mrow" and len(script) == 1:
            script = script[0]
        if len(script) or (script.text or "").strip() not in PRIMES:
            continue
        prime = ET.Element(NS + "mo", lspace="0", rspace="0")
        prime.text = script.text
        el.tag = NS + "mrow"
        el[1] = prime


LARGE_OPERATORS = frozenset("∑∏∐⋃⋂⨁⨂")
_LIMITS = {"msubsup": "munderover", "msub": "munder", "msup": "mover"}


def _limits_above_below(root: ET.Element) -> None:
    """In a display, ``\\sum_{n=1}^{N}`` sets its limits below and above, as TeX does;
    the converter writes them as scripts."""
    for el in root.iter():
        tag = el.tag.removeprefix(NS)
        if tag in _LIMITS and len(el) and el[0].tag == NS + "mo" \
                and (el[0].text or "").strip() in LARGE_OPERATORS:
            el.tag = NS + _LIMITS[tag]


TALL = frozenset(NS + t for t in ("mfrac", "munderover", "munder", "mover", "mtable", "msqrt",
                                  "mroot", "msubsup"))


def _plain_fences(root: ET.Element) -> None:
    """``\\left( … \\right)`` around nothing taller than a letter: browsers set a
    stretchy parenthesis with a gap on both sides ("( 1 − s(u) )"); keep it plain."""
    for row in root.iter(NS + "mrow"):
        fences = [c for c in (row[:1] + row[-1:]) if c.tag == NS + "mo"
                  and c.get("fence") == "true" and c.get("stretchy") == "true"]
        if len(fences) == 2 and not any(el.tag in TALL for el in row.iter()):
            for fence in fences:
                fence.set("stretchy", "false")


def clean(mathml: str, display: bool = False) -> str:
    """Re-serialise ``mathml`` keeping only the MathML elements and attributes listed
    above; raises :class:`NotMathML` (or ``ET.ParseError``) otherwise."""
    root = ET.fromstring(mathml)
    if root.tag.removeprefix(NS) != "math":
        raise NotMathML(root.tag)
    _space_operator_names(root)
    _unraise_primes(root)
    _plain_fences(root)
    if display:
        _limits_above_below(root)
    out: list[str] = []
    for child in root:
        _write(child, out)
        if child.tail:
            out.append(html.escape(child.tail, quote=False))
    return "".join(out)


def to_mathml(latex: str, display: bool = True) -> str | None:
    """The MathML of ``latex`` as an HTML fragment, or ``None`` when it cannot be made."""
    convert = _converter()
    text = display_latex(latex)
    if convert is None or not text:
        return None
    try:
        inner = clean(convert(text), display)
    # The converter raises many kinds of errors on text it cannot read (unbalanced
    # braces, unknown environments); every one of them means: show the source.
    except Exception:
        return None
    mode = "block" if display else "inline"
    alt = html.escape(text, quote=True)
    return (f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}" '
            f'alttext="{alt}">{inner}</math>')


def render(latex: str, display: bool = True) -> str:
    """MathML, or the escaped LaTeX in ``<code class="tex">`` when conversion fails."""
    out = to_mathml(latex, display)
    if out is not None:
        return out
    return f'<code class="tex">{html.escape(latex, quote=False)}</code>'
