"""The audit report of samples/ in a real browser: Debian's Chromium, driven by Playwright.

The page is opened from a file with the network closed to it; the test
asserts that the key parts are there and visible, that the page asked for
nothing but itself and logged no console error, and that printing shows the
folded provisions. The README's test command installs Chromium (see
tests/install-browser); where that cannot be done, set
TARKASTUS_SKIP_BROWSER=1 to skip these tests rather than fail them.

TARKASTUS_UPDATE_SCREENSHOT=1 writes the screenshot kept in docs/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-domain-reliability", "--disable-client-side-phishing-detection"]
SCREENSHOT = ROOT / "docs" / "audit-report.png"


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed ({CHROMIUM}); run tests/install-browser"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("TARKASTUS_SKIP_BROWSER") == "1":
            pytest.skip(missing)
        pytest.fail(f"{missing}; or set TARKASTUS_SKIP_BROWSER=1 to skip the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "raportti.html"
    # The samples with front matter (samples/proosa holds the same agreements again, without it).
    front_matter = sorted(p.name for p in (ROOT / "samples").iterdir()
                          if p.is_dir() and p.name not in ("proosa", "kaksikielinen"))  # prose-only samples
    result = subprocess.run([sys.executable, "-m", "tarkastus", "audit", *(f"samples/{d}" for d in front_matter),
                             "--html", str(out),
                             "--as-of", AS_OF.isoformat()], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # the samples include broken drafts
    return out


@pytest.fixture()
def page(browser, report):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    page.requests, page.problems = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type in ("error", "warning") and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("requestfailed", lambda request: page.problems.append(f"failed: {request.url}"))
    page.goto(report.as_uri(), wait_until="load")
    yield page
    context.close()


def test_report_shows_summary_chart_matrix_and_findings(page, report):
    assert page.title() == "Tarkastusraportti: työllisyysalueiden sopimukset"
    for selector in ("header h1", "#summary .card", "#areas svg.area-chart",
                     "#overlap tr.overlap", "#checklists table.matrix", "#checklists td.cell.fail a",
                     "#findings .finding"):
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator("svg.area-chart").count() == 8
    assert page.locator("table.matrix").count() == 6
    assert "Leppävirta" in page.locator("#overlap tr.overlap").first.inner_text()
    box = page.locator("svg.area-chart").first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 80
    line = page.locator("svg.area-chart line.threshold").first.bounding_box()  # a line has no width
    assert line and line["height"] > 50 and box["x"] < line["x"] < box["x"] + box["width"]
    assert page.requests == [report.as_uri()]
    assert page.problems == []


def test_a_failing_cell_leads_to_its_finding_and_the_provision_unfolds(page):
    cell = page.locator("#checklists td.cell.fail a").first
    target = cell.get_attribute("href")
    cell.click()
    finding = page.locator(target)
    assert finding.is_visible() and finding.evaluate("e => e.matches(':target')")
    quote = finding.locator("details blockquote")
    assert not quote.is_visible()
    finding.locator("details summary").click()
    assert quote.is_visible() and len(quote.inner_text()) > 40
    assert page.problems == []


def test_printing_hides_the_navigation_and_shows_the_provisions(page):
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible()
    assert page.locator("#findings details blockquote").first.is_visible()
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_screenshot(page, tmp_path):
    shot = tmp_path / "raportti.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    if os.environ.get("TARKASTUS_UPDATE_SCREENSHOT") == "1":
        page.set_viewport_size({"width": 1280, "height": 1500})
        page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.exists(), "docs/audit-report.png: run with TARKASTUS_UPDATE_SCREENSHOT=1"
