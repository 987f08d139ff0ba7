"""The page of ``tarkastus serve`` in a real browser: Debian's Chromium, driven by Playwright.

As a lawyer uses it: a Markdown agreement and a Word draft chosen with the
file chooser (and a file dropped on the form), the report with the
findings beside their sections and the evidence highlighted, a folded
provision opened, both reports downloaded, the language switched; the page
without script too. Every page is checked with axe-core (bundled by
axe-playwright-python, nothing fetched): no serious or critical WCAG 2.1
AA violation. The browser must ask for nothing but the page's own origin
(the downloads are data: links) and log no console error.

Set TARKASTUS_SKIP_BROWSER=1 to skip these where Chromium cannot be
installed (see tests/install-browser); TARKASTUS_UPDATE_SCREENSHOT=1 writes
the screenshots kept in docs/ (shown in the README).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT
from office_fixtures import blocks_of_markdown, docx

sys.path.insert(0, str(ROOT / "bench"))
from serve_load import start, stop  # noqa: E402

DOCS = ROOT / "docs"
PAIMIO = (ROOT / "samples" / "proosa" / "kl54" / "turku-paimio.md").read_text(encoding="utf-8").split("<!--")[0]
VASA = (ROOT / "samples" / "proosa" / "svenska" / "vasa-korsholm-kl54.md").read_text(encoding="utf-8").split("<!--")[0]


def _deferring(text: str, heading: str, deferral: str) -> str:
    head, _, rest = text.partition(f"## 6. {heading}")
    _, _, tail = rest.partition("\n## ")
    return f"{head}## 6. {heading}\n\n{deferral}\n\n## {tail}"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("luonnokset")
    paths = {"md": where / "luonnos-ei-seurantaa.md", "docx": where / "luonnos.docx", "sv": where / "utkast.docx"}
    paths["md"].write_bytes((ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md").read_bytes())
    paths["docx"].write_bytes(docx(blocks_of_markdown(
        _deferring(PAIMIO, "Tehtävien hoidon seuranta ja valvonta", "Sovitaan myöhemmin."))))
    paths["sv"].write_bytes(docx(blocks_of_markdown(_deferring(VASA, "Uppföljning och tillsyn", "Fastställs senare."))))
    return paths


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    temporary = tmp_path_factory.mktemp("server-tmp")
    process, url = start({"TMPDIR": str(temporary)})
    yield url
    code, said = stop(process)
    assert code == 0 and said == "", said
    assert list(temporary.iterdir()) == []


@pytest.fixture()
def open_page(browser, server):
    contexts = []

    def opened(path: str = "/?kieli=fi", **options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.requests, page.problems = [], []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("console", lambda message: message.type in ("error", "warning") and page.problems.append(message.text))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.goto(server.rstrip("/") + path, wait_until="load")
        return page

    yield opened
    for context in contexts:
        context.close()


def _accessible(page) -> None:
    """axe-core on the page as it is: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                             "wcag21aa", "best-practice"]},
                                       "resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, results.generate_report()


def _only_own_origin(page, server: str) -> None:
    foreign = [url for url in page.requests if not (url.startswith(server) or url.startswith("data:"))]
    assert foreign == [], foreign


def _shot(page, name: str, tmp_path: Path, full_page: bool = False, locator=None) -> Path:
    target = DOCS / name if os.environ.get("TARKASTUS_UPDATE_SCREENSHOT") == "1" else tmp_path / name
    (locator or page).screenshot(path=str(target), **({} if locator else {"full_page": full_page}))
    assert target.stat().st_size > 20_000
    return target


def _set_date(page) -> None:
    page.get_by_label("Sovellettavan lain päivä").fill(AS_OF.isoformat())


def test_the_form_is_accessible_and_starts_with_a_skip_link(open_page, server, tmp_path):
    page = open_page()
    assert page.title() == "Sopimusluonnoksen tarkastus" and page.locator("html").get_attribute("lang") == "fi"
    for label in ("Tarkastettavat tiedostot", "Asiakirjan tyyppi", "Sovellettavan lain päivä",
                  "Sivun ja havaintojen kieli"):
        assert page.get_by_label(label).count() == 1, label
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Siirry sisältöön"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the form comes first in the main part: its file chooser
    assert page.evaluate("document.activeElement.id") == "file"
    assert page.locator(".drop-here").is_visible()  # the script says files can be dropped
    _accessible(page)
    _shot(page, "serve-upload.png", tmp_path)
    _only_own_origin(page, server)
    assert page.problems == []


def test_a_lawyer_checks_a_markdown_agreement_and_a_word_draft(open_page, server, drafts, tmp_path):
    page = open_page()
    with page.expect_file_chooser() as chooser:
        page.locator("#file").click()
    chooser.value.set_files([str(drafts["md"]), str(drafts["docx"])])
    assert page.locator("#chosen li").count() == 2 and "luonnos.docx" in page.locator("#chosen").inner_text()
    _set_date(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Tarkasta", exact=True).click()
    assert page.url.endswith("#tulos")
    assert page.evaluate("document.activeElement.id") == "tulos-h"  # a screen reader starts at the result
    _shot(page, "serve-report.png", tmp_path)
    assert page.locator("#tulos .summary .counts").inner_text().startswith("Löytyi 2 virhettä")
    word = page.locator("article.document", has=page.locator("h2", has_text="luonnos.docx"))
    finding = word.locator("article.finding", has_text="KL54-SEURANTA")
    assert finding.count() == 1 and finding.is_visible()
    # Beside its own section, which shows the deferring words flagged and highlighted as evidence.
    part = word.locator(".part").filter(has=page.locator("article.finding", has_text="KL54-SEURANTA"))
    assert "6. Tehtävien hoidon seuranta ja valvonta" in part.locator(".dh").inner_text()
    flagged = part.locator(".words .flag")
    assert flagged.inner_text().startswith("Sovitaan myöhemmin.") and flagged.locator("mark").is_visible()
    assert "kohta 6, 1. kappale" in finding.locator(".place").inner_text()
    assert word.locator(".words mark").count() > 10  # the facts and provisions read, in their places
    # The quoted provision, folded until asked for.
    quote = finding.locator("details.quote blockquote")
    assert not quote.is_visible()
    finding.locator("details.quote summary").click()
    assert quote.is_visible() and quote.inner_text().startswith("KL 54 § 2 mom.: Sopimukseen on otettava")
    # The link from the finding to its place in the text.
    finding.locator(".place a").click()
    assert page.evaluate("location.hash") == f"#{flagged.get_attribute('id')}"
    # The provisions found and missing, and the checklist.
    provisions = word.locator("section.provisions")
    row = provisions.locator("tr", has_text="tehtävän hoidon seuranta")
    assert "lykätty" in row.inner_text() and "Sovitaan myöhemmin." in row.inner_text()
    assert provisions.locator("ul.checklist li.fail", has_text="Hoidon seuranta").count() == 1
    markdown = page.locator("article.document", has=page.locator("h2", has_text="luonnos-ei-seurantaa.md"))
    assert markdown.locator("article.finding", has_text="KL54-SEURANTA").count() == 1
    assert markdown.locator("pre.front").is_visible()  # its front matter, as written
    _accessible(page)
    part.scroll_into_view_if_needed()
    _shot(page, "serve-finding.png", tmp_path, locator=part)
    # Both reports to download: the self-contained audit page and the JSON of check --format json.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tarkastusraportti (HTML)").click()
    assert download.value.suggested_filename == f"tarkastusraportti-{AS_OF.isoformat()}.html"
    audit = Path(download.value.path()).read_text(encoding="utf-8")
    assert audit.startswith("<!DOCTYPE html>\n<!-- tarkastus audit -->") and "KL54-SEURANTA" in audit
    with page.expect_download() as download:
        page.get_by_role("link", name="Havainnot koneluettavina (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [d["code"] for d in data["diagnostics"]].count("KL54-SEURANTA") == 2
    _only_own_origin(page, server)
    assert page.problems == []


def test_switching_to_swedish_and_checking_a_swedish_draft(open_page, server, drafts):
    page = open_page()
    page.get_by_role("link", name="svenska").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Granskning av avtalsutkast"
    _accessible(page)
    page.get_by_label("Filer att granska").set_input_files(str(drafts["sv"]))
    page.get_by_label("Dag för tillämplig lag").fill(AS_OF.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Granska", exact=True).click()
    finding = page.locator("article.finding", has_text="KL54-SEURANTA")
    assert finding.count() == 1 and "punkt 6, 1 st." in finding.locator(".place").inner_text()
    assert "Fastställs senare." in finding.locator(".message").inner_text()
    finding.locator("summary").click()
    assert finding.locator("blockquote").is_visible() and "Lagens finska lydelse." in finding.inner_text()
    _accessible(page)
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en" and page.locator("h1").inner_text() == \
        "Checking an agreement draft"
    _only_own_origin(page, server)
    assert page.problems == []


def test_a_file_dropped_on_the_form_is_checked(open_page, server, drafts):
    page = open_page()
    content = list(drafts["md"].read_bytes())
    page.evaluate("""([bytes, name]) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, {type: "text/markdown"}));
        const zone = document.getElementById("drop");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""", [content, drafts["md"].name])
    assert page.locator("#file").evaluate("input => input.files.length") == 1
    assert drafts["md"].name in page.locator("#chosen").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Tarkasta", exact=True).click()
    assert page.locator("article.finding", has_text="KL54-SEURANTA").count() == 1
    assert page.problems == []


def test_without_script_the_form_posts_and_the_report_is_complete(open_page, server, drafts):
    page = open_page(java_script_enabled=False)
    assert not page.locator(".drop-here").is_visible()  # only what works without script is offered
    page.locator("#file").set_input_files([str(drafts["docx"])])
    with page.expect_navigation():
        page.get_by_role("button", name="Tarkasta", exact=True).click()
    finding = page.locator("article.finding", has_text="KL54-SEURANTA")
    assert finding.is_visible()
    finding.locator("summary").click()  # <details> needs no script
    assert finding.locator("blockquote").is_visible()
    links = page.locator(".downloads a[download]")
    assert links.count() == 2 and all(href.startswith("data:") for href in links.evaluate_all(
        "links => links.map(a => a.href)"))
    _only_own_origin(page, server)
