"""The HTML report in a real headless Chromium: loads offline without console errors,
every equation is rendered MathML, a screenshot can be taken.

Needs Debian's ``chromium`` and ``chromium-driver`` (skipped, saying so, when they are
not installed) and the ``selenium`` package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from derive.report.site import write_site

from .test_report_common import notebook_report, notes_report

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1100,1600")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="chromium and chromedriver not installed (apt-get install chromium chromium-driver)")

# Per card: does it hold a MathML <math> element that the browser laid out with a size?
RENDERED = """
return Array.from(document.querySelectorAll('article.eq')).map(a => {
  const m = a.querySelector('figure.written math');
  if (!m) return [a.id, 'none', 0];
  const box = m.getBoundingClientRect();
  return [a.id, m.namespaceURI, Math.round(box.width * box.height)];
});
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    write_site([notes_report(), notebook_report()], folder)
    return folder


def load(browser, page: Path) -> list[dict]:
    """Open ``page``; return the console messages it logged."""
    browser.get_log("browser")  # drop what earlier pages left
    browser.get(page.as_uri())
    return browser.get_log("browser")


def test_page_loads_without_console_errors(browser, site):
    """The document page and the index load from disk with nothing in the console."""
    for name in ("backprop.html", "swish.html", "index.html"):
        assert load(browser, site / name) == []


def test_console_errors_would_be_seen(browser, site, tmp_path):
    """A page that tries to fetch from the network is blocked and logged (the check above
    can fail)."""
    page = (site / "backprop.html").read_text(encoding="utf-8")
    bad = tmp_path / "bad.html"
    bad.write_text(page.replace("</main>", '<img src="https://example.invalid/x.png"></main>'),
                   encoding="utf-8")
    logs = load(browser, bad)
    assert any(entry["level"] == "SEVERE" for entry in logs), logs


def test_every_equation_is_rendered_mathml(browser, site):
    """Every card but the one with markup in ``\\text`` holds a laid-out MathML element."""
    load(browser, site / "backprop.html")
    cards = browser.execute_script(RENDERED)
    assert len(cards) == len(notes_report().equations)
    mathml = "http://www.w3.org/1998/Math/MathML"
    drawn = [ident for ident, ns, area in cards if ns == mathml and area > 0]
    assert drawn == [ident for ident, *_ in cards if ident != "L25"]


def test_anchor_scrolls_to_the_equation(browser, site):
    """Opening ``page#L10`` brings that equation into view."""
    browser.get((site / "backprop.html").as_uri() + "#L10")
    top = browser.execute_script(
        "return document.getElementById('L10').getBoundingClientRect().top")
    assert 0 <= top < 50


def test_screenshot(browser, site, tmp_path):
    """A screenshot of the page is a PNG of the window's size."""
    load(browser, site / "backprop.html")
    shot = tmp_path / "shot.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width == browser.execute_script("return window.innerWidth")
