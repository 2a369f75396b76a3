"""The HTML page and the report folder: MathML, anchors, safety, index, Markdown twin."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from derive.report import htmlpage, mathml
from derive.report.site import page_names, write_site
from derive.verdict import DocumentReport, Verdict

from .test_report_common import notebook_report, notes_report, sample_reports


class Tags(HTMLParser):
    """Start tags with their attributes, in order."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def articles(page: str) -> list[str]:
    return re.findall(r"<article .*?</article>", page, re.S)


def test_every_readable_equation_is_mathml():
    """Each equation's card holds a <math> element, except LaTeX the converter rejects."""
    page = htmlpage.document_page(notes_report())
    cards = articles(page)
    assert len(cards) == len(notes_report().equations)
    without = [c for c in cards if "<math" not in c]
    assert len(without) == 1 and "&lt;script&gt;" in without[0]


def test_suggestion_rendered_beside_the_formula():
    """A refuted equation shows the written and the suggested formula, both MathML."""
    card = next(c for c in articles(htmlpage.document_page(notes_report())) if 'id="L10"' in c)
    written, suggested = card.split('class="suggested"')
    assert "<math" in written and "<math" in suggested
    assert 'alttext="\\delta^{[\\ell]} a^{[\\ell - 1]T}"' in suggested


def test_cards_are_anchored_by_line_row_and_cell():
    """Cards have ids ``L10``, ``L15-r2``, ``C1-L16-r2`` and link to themselves."""
    ids = [a["id"] for t, a in tags(htmlpage.document_page(notes_report())) if t == "article"]
    assert ids[:5] == ["L3", "L7", "L10", "L14-r1", "L15-r2"]
    nb = htmlpage.document_page(notebook_report())
    assert 'id="C1-L16-r2"' in nb and 'href="#C1-L16-r2"' in nb


def test_cards_are_coloured_by_status():
    """Each card's class names its status, and the style sheet colours each status."""
    classes = [a["class"] for t, a in tags(htmlpage.document_page(notes_report()))
               if t == "article"]
    assert classes[:3] == ["eq definition", "eq verified", "eq refuted"]
    for status in ("refuted", "unreadable", "unverified", "verified", "definition"):
        assert f".eq.{status} {{ border-left-color:" in htmlpage.STYLE


def test_page_loads_nothing_and_runs_nothing():
    """No script, no external resource, and a CSP that forbids both."""
    page = htmlpage.document_page(notes_report())
    found = tags(page)
    assert not [t for t, _ in found if t in ("script", "img", "link", "iframe", "object")]
    assert not [a for _, a in found if any(str(v).startswith(("http:", "https:", "//"))
                                           for k, v in a.items() if k in ("src", "href"))]
    assert "default-src 'none'" in page


def test_reasons_counterexamples_and_assumptions_are_shown():
    """The refuted card lists reason, assumptions, counterexample fields and values."""
    card = next(c for c in articles(htmlpage.document_page(notes_report())) if 'id="L10"' in c)
    assert "the left side is 5×3" in card
    assert "<li>g generic</li>" in card
    assert "<b>functions:</b> g(x) = tanh(x) + x/10" in card
    assert "<caption>W[1]</caption>" in card and "<td>2.75</td>" in card


def test_needs_attention_list_links_to_findings():
    """The top of the page lists refuted, unreadable and unverified equations by link."""
    page = htmlpage.document_page(notes_report())
    nav = page[page.index('<nav class="box findings">'):page.index("</nav>")]
    assert re.findall(r'href="#([^"]+)"', nav) == ["L10", "L15-r2", "L18", "L21", "L23", "L25"]


def test_unconvertible_latex_falls_back_to_code():
    """LaTeX the converter cannot read is shown escaped in <code>."""
    assert mathml.render(r"\frac{a}{") == r'<code class="tex">\frac{a}{</code>'


def test_mathml_keeps_only_mathml():
    """Markup smuggled through \\text never reaches the page; MathML is re-serialised."""
    assert "<script" not in mathml.render(r"\text{<script>x</script>}")
    out = mathml.render(r"a < b", display=False)
    assert out.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"')
    assert "<mo>&lt;</mo>" in out


def test_aligned_row_drops_its_ampersand():
    """A row ``&= 2\\delta`` renders as ``= 2δ`` (no stray & in the MathML)."""
    out = mathml.render(r"&= 2\delta")
    assert "&amp;" not in out and "<mo>=</mo>" in out


def test_index_counts_each_document():
    """The index links each page and shows its counts; unreadable files say why."""
    page = htmlpage.index_page(sample_reports(), ["a.html", "b.html", "c.html"])
    rows = re.findall(r"<tr><td class=\"name\">(.*?)</tr>", page, re.S)
    assert len(rows) == 3
    assert 'href="a.html"' in rows[0] and '<td class="count refuted">2</td>' in rows[0]
    assert "not read: no such file" in rows[2]


def test_page_names_are_unique_and_never_index():
    """Same stems in different folders get path-based names; ``index`` is renamed."""
    assert page_names(["a/notes.md", "b/notes.md", "c/x.tex"]) == ["a-notes.md", "b-notes.md", "x"]
    assert page_names(["index.md"]) == ["index.md"]
    assert page_names(["./a/n.md", "n.tex"]) == ["a-n.md", "n.tex"]
    assert page_names(["n.md", "n.md"]) == ["n.md", "n.md-2"]


def test_write_site_writes_html_and_markdown(tmp_path):
    """A folder gets index.html, index.md and an HTML page and a Markdown file per document."""
    written = write_site(sample_reports(), tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == ["backprop.html", "backprop.md", "index.html", "index.md", "missing.html",
                     "missing.md", "swish.html", "swish.md"]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="backprop.html"' in index and 'href="swish.html"' in index


def test_empty_document_page_says_so():
    """A page for a document without equations says there are none."""
    assert "No equations found" in htmlpage.document_page(DocumentReport("e.md"))


def test_multiline_display_renders():
    """A display spanning lines (a matrix) still becomes one MathML element."""
    v = Verdict(1, "W = \\begin{pmatrix} a & b \\\\\n c & d \\end{pmatrix}", "definition",
                "definition")
    card = articles(htmlpage.document_page(DocumentReport("m.md", (v,))))[0]
    assert card.count("<math") == 1 and "<mtable" in card


def test_function_names_are_spaced_like_tex():
    """``y\\log\\hat y`` sets log as an operator with thin spaces; none before ``(``."""
    out = mathml.render(r"y \log \hat y + \exp(x)")
    assert '<mo form="prefix" lspace="0.1667em" rspace="0.1667em">log</mo>' in out
    assert '<mo form="prefix" lspace="0.1667em" rspace="0">exp</mo>' in out


def test_primes_are_set_at_full_size():
    """``\\sigma'`` and ``f^{\\prime}`` put the prime after the base, not in a superscript."""
    out = mathml.render(r"\sigma'(z) = f^{\prime}(z)")
    assert out.count('<mo lspace="0" rspace="0">′</mo>') == 2 and "<msup>" not in out
    assert "<msup>" in mathml.render("x^2")


def test_display_sums_have_limits_below_and_above():
    """In a display, a sum's limits go under and over it; inline they stay scripts."""
    assert "<munderover><mo>∑</mo>" in mathml.render(r"\sum_{n=1}^N e_n")
    assert "<msubsup><mo>∑</mo>" in mathml.render(r"\sum_{n=1}^N e_n", display=False)


def test_fences_stretch_only_around_tall_content():
    """``\\left(`` stays stretchy around a fraction and is plain around a letter row."""
    assert 'stretchy="true">(' in mathml.render(r"\left(\frac{a}{b}\right)")
    plain = mathml.render(r"s\left(1 - s(u)\right)")
    assert 'stretchy="true"' not in plain and 'fence="true" form="prefix" stretchy="false"' in plain
