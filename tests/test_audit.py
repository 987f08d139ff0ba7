"""tarkastus audit: the report's figures, matrices and files, through the library and the CLI.

The browser test (tests/test_browser.py) renders the same page in Chromium.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import AS_OF, ROOT
from tarkastus.audit import checklists as checklist_module
from tarkastus.audit.checklists import ChecklistError
from tarkastus.audit.html import chart
from tarkastus.audit.model import FAIL, NOT_APPLICABLE, PASS, SUPPRESSED, UNCHECKED, Area, Member, build, facts_for
from tarkastus.audit.words import words
from tarkastus.cli import main
from tarkastus.engine import Options, check
from tarkastus.resources import data_dir

SAMPLES = ROOT / "samples"
PROSE = SAMPLES / "proosa"  # the same agreements without front matter
# The samples with front matter: the prose copies would count every area twice.
# The samples with front matter: not the prose twins, nor the bilingual prose sample.
FRONT_MATTER = sorted(p for p in SAMPLES.iterdir() if p.is_dir() and p.name not in ("proosa", "kaksikielinen"))


def _audit(book, paths, **options):
    options.setdefault("as_of", AS_OF)
    chosen = Options(jobs=1, facts=facts_for(book), **options)
    report = check(paths, book, chosen)
    lists = checklist_module.load([data_dir("rules")], {r.id for r in book.rules})
    return build(report, book, lists, options=chosen)


@pytest.fixture(scope="module")
def samples_audit(book):
    return _audit(book, FRONT_MATTER)


@pytest.fixture(scope="module")
def prose_audit(book):
    return _audit(book, [PROSE])


def _area(audit, name, path_part=""):
    return next(a for a in audit.areas if a.name == name and path_part in a.path)


def _row(audit, key, path_part):
    matrix = next(m for m in audit.matrices if m.checklist.key == key)
    row = next(r for r in matrix.rows if path_part in r.path)
    return {c.name("fi"): cell for c, cell in zip(matrix.checklist.columns, row.cells)}


# --- the figures -------------------------------------------------------------

def _figures(audit):
    return sorted((a.name, a.lead, a.model, a.total, a.missing, a.seats, a.meets_threshold,
                   tuple(sorted((m.name, m.labour, m.seats) for m in a.members))) for a in audit.areas)


def test_the_prose_only_samples_give_the_same_areas_and_findings(samples_audit, prose_audit):
    """Read from the text alone, every area has the members, lead, labour force and seats its front matter gave."""
    assert _figures(prose_audit) == _figures(samples_audit)
    assert prose_audit.by_type == samples_audit.by_type
    assert sorted(prose_audit.severities.items()) == sorted(samples_audit.severities.items())
    assert sorted(o.municipality for o in prose_audit.overlaps) == sorted(o.municipality for o in samples_audit.overlaps)


def test_areas_have_members_lead_labour_force_and_seats(samples_audit):
    kuopio = _area(samples_audit, "Kuopion työllisyysalue")
    assert kuopio.lead == "Kuopio" and kuopio.model == "vastuukunta"
    assert len(kuopio.members) == 12 and kuopio.total == 84_875 and kuopio.missing == 0
    assert kuopio.seats == 11 and kuopio.meets_threshold
    by_name = {m.name: m for m in kuopio.members}
    assert by_name["Kuopio"].seats == 6 and by_name["Tervo"].seats is None
    assert kuopio.members[0].name == "Kuopio"  # largest first
    assert sorted(kuopio.documents) == sorted(str(p) for p in (SAMPLES / "alueet").glob("kuopio-*-kl54.md"))


def test_threshold_and_permit(samples_audit):
    with_permit = _area(samples_audit, "Ylä-Savon työllisyysalue", "poikkeuslupa")
    without = _area(samples_audit, "Ylä-Savon työllisyysalue", "alueet")
    assert with_permit.total == without.total == 18_471
    assert not with_permit.meets_threshold and with_permit.permit and not without.permit


def test_overlap_is_the_municipality_in_two_areas_with_its_finding(samples_audit):
    overlaps = {o.municipality: o for o in samples_audit.overlaps}
    assert set(overlaps) == {"Leppävirta"}  # Ylä-Savo in two drafts is one area, not an overlap
    leppavirta = overlaps["Leppävirta"]
    assert {name for name, _ in leppavirta.areas} == {"Kuopion työllisyysalue", "Keski-Savon työllisyysalue"}
    assert [f.diagnostic.code for f in leppavirta.findings] == ["ALUE-PAALLEKKAISYYS"]


def test_summary_counts_agree_with_the_check(book, samples_audit):
    report = check(FRONT_MATTER, book, Options(as_of=AS_OF, jobs=1))
    assert samples_audit.files == report.files
    assert sum(samples_audit.severities.values()) == len(report.active)
    assert samples_audit.by_type == {"järjestämissuunnitelma": 1, "kl54": 13, "yhteistoimintasopimus": 8}
    assert [f.diagnostic for f in samples_audit.findings] == report.diagnostics


# --- the matrices ------------------------------------------------------------

def test_every_checklist_names_rules_that_exist(book):
    lists = checklist_module.load([data_dir("rules")], {r.id for r in book.rules})
    assert {c.key for c in lists} == {"kl54-vahimmaissisalto", "kl54-kuntaliiton-rakenne", "alue",
                                      "kl52-yhteinen-toimielin", "kl56-perussopimus", "jarjl15-suunnitelma"}
    twelve = next(c for c in lists if c.key == "kl54-kuntaliiton-rakenne")
    assert len(twelve.columns) == 12
    assert len(next(c for c in lists if c.key == "kl56-perussopimus").columns) == 11
    assert len(next(c for c in lists if c.key == "jarjl15-suunnitelma").columns) == 6
    for checklist in lists:
        for column in checklist.columns:
            assert set(column.names) == {"fi", "sv", "en"} and column.citation("fi")
            assert "ohje" not in column.citation("sv") + column.citation("en")


def test_a_missing_provision_is_a_cross_linked_to_its_finding(samples_audit):
    row = _row(samples_audit, "kl54-vahimmaissisalto", "luonnos-ei-seurantaa")
    assert row["Hoidon seuranta"].state == FAIL
    assert row["Hoidon seuranta"].findings[0].diagnostic.code == "KL54-SEURANTA"
    assert row["Tehtävän sisältö"].state == PASS
    oulu = _row(samples_audit, "kl54-kuntaliiton-rakenne", "oulu-keskuskunnat")
    assert oulu["3 Sisältö"].state == FAIL
    assert "KL8-JARJESTAMISVASTUU" in {f.diagnostic.code for f in oulu["3 Sisältö"].findings}


def test_a_compliant_agreement_passes_every_checked_column(samples_audit):
    for key in ("kl54-vahimmaissisalto", "kl54-kuntaliiton-rakenne"):
        row = _row(samples_audit, key, "turku-raisio")
        assert {cell.state for cell in row.values()} <= {PASS, NOT_APPLICABLE}
    assert _row(samples_audit, "kl54-kuntaliiton-rakenne", "turku-raisio")["2 Tarkoitus"].state == NOT_APPLICABLE


def test_rows_follow_the_document_type_and_model(samples_audit):
    matrices = {m.checklist.key: m for m in samples_audit.matrices}
    assert len(matrices["kl54-vahimmaissisalto"].rows) == 13
    assert len(matrices["alue"].rows) == 8
    assert all("kokkola/kaustinen" not in r.path for r in matrices["kl52-yhteinen-toimielin"].rows)
    assert [Path(r.path).name for r in matrices["kl56-perussopimus"].rows] == ["kaustinen-kuntayhtyma-perussopimus.md"]
    assert len(matrices["jarjl15-suunnitelma"].rows) == 1


def test_info_findings_do_not_fail_a_cell(samples_audit):
    kuopio = _row(samples_audit, "kl52-yhteinen-toimielin", "kuopio-yhteistoimintasopimus")
    cell = kuopio["2 Kokoonpano ja jäsenten valinta"]
    assert cell.state == PASS and {f.diagnostic.code for f in cell.notes} == {"KL51-EDUSTUS"}


DEVIATING = """---
tarkastus: 1
tyyppi: kl54
otsikko: Poikkeava sopimus
osapuolet:
  - {kunta: Turku, rooli: vastuukunta}
  - {kunta: Raisio, rooli: jäsenkunta}
poikkeukset:
  - sääntö: KL54-SEURANTA
    perustelu: Seuranta sovitaan alueen yhteisessä seurantasopimuksessa.
---
# Sopimus
"""


def test_a_deviation_is_shown_with_its_reason_and_unrun_rules_as_unchecked(book, tmp_path):
    (tmp_path / "poikkeava.md").write_text(DEVIATING, encoding="utf-8")
    audit = _audit(book, [tmp_path], ignore=("KL54-SISALTO",))
    row = _row(audit, "kl54-vahimmaissisalto", "poikkeava")
    assert row["Hoidon seuranta"].state == SUPPRESSED
    assert row["Hoidon seuranta"].reasons == ["Seuranta sovitaan alueen yhteisessä seurantasopimuksessa."]
    assert row["Kustannusten peruste"].state == FAIL
    assert row["Tehtävän sisältö"].state == UNCHECKED  # its only rule was ignored


def test_unchecked_cells_through_the_cli(tmp_path):
    (tmp_path / "poikkeava.md").write_text(DEVIATING, encoding="utf-8")
    out = tmp_path / "r.md"
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--markdown", str(out), "--ignore", "KL54-SISALTO",
                                       "--as-of", "2024-01-01"])
    assert result.exit_code == 1, result.output
    table = _markdown_matrix(out.read_text(encoding="utf-8"), "KL 54 § 2 mom")
    row = table[0]
    assert row[0] == "–"  # KL54-SISALTO ignored
    assert row[1].startswith("⊘ Seuranta sovitaan")
    # Before the guidance of 25.1.2024 its sections are not checked.
    twelve = _markdown_matrix(out.read_text(encoding="utf-8"), "12 kohtaa")
    assert twelve[0][6] == "–"  # 7 Vahingot: OHJE-VAHINGOT from 25.1.2024


# --- the files ---------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def sample_reports(tmp_path_factory):
    where = tmp_path_factory.mktemp("audit")
    html, md = where / "raportti.html", where / "raportti.md"
    result = CliRunner().invoke(main, ["audit", *map(str, FRONT_MATTER), "--html", str(html), "--markdown", str(md),
                                       "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 1, result.output  # the samples include broken drafts
    return html.read_text(encoding="utf-8"), md.read_text(encoding="utf-8")


def test_the_html_page_is_self_contained(sample_reports):
    page, _ = sample_reports
    parser = _Tags()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attrs in parser.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert "url(" not in page and "@import" not in page and "@font-face" not in page
    assert page.count('<svg class="area-chart"') == 8
    # One script, inline, and the words it says as data; it fetches nothing.
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "audit-words"}, {}]
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]
    for call in ("fetch(", "XMLHttpRequest", "import(", "http:", "https:", "localStorage", "eval("):
        assert call not in script, call


def test_every_cross_links_to_a_finding_on_the_page(sample_reports):
    page, _ = sample_reports
    ids = set(re.findall(r' id="([^"]+)"', page))
    links = set(re.findall(r'href="#([^"]+)"', page))
    assert links <= ids
    fail_cells = re.findall(r'<td class="cell fail [a-z]+"[^>]*><a href="#(h-\d+)"', page)
    assert fail_cells and set(fail_cells) <= ids


# --- identical findings, the area's badge, the page without its script --------

KUOPIO_AREA = str(SAMPLES / "alueet" / "kuopio-yhteistoimintasopimus.md")


def test_identical_findings_are_one_group_with_the_shared_words_once(samples_audit):
    seats = [g for g in samples_audit.groups if g.diagnostic.code == "KL51-EDUSTUS"]
    (group,) = seats  # six municipalities without a seat of their own: one group
    assert len(group.findings) == 6 and group.documents == [KUOPIO_AREA]
    assert group.common.startswith("Tämä on sallittua") and group.common.endswith("(L 1484/2016).")
    owns = [group.own(f) for f in group.findings]
    assert owns[0] == "Kunnalla Rautalampi ei ole omaa paikkaa yhteisessä toimielimessä."
    assert all(own.startswith("Kunnalla ") and "sallittua" not in own for own in owns)
    # Every finding is in exactly one group, in the report's order within it.
    numbers = [f.number for g in samples_audit.groups for f in g.findings]
    assert sorted(numbers) == [f.number for f in samples_audit.findings]


def test_the_same_finding_in_two_documents_is_one_group(book, tmp_path):
    for name in ("a.md", "b.md"):
        shutil_copy(SAMPLES / "kl54" / "luonnos-ei-seurantaa.md", tmp_path / name)
    audit = _audit(book, [tmp_path])
    (group,) = [g for g in audit.groups if g.diagnostic.code == "KL54-SEURANTA"]
    assert group.documents == [str(tmp_path / "a.md"), str(tmp_path / "b.md")]
    assert group.common == group.diagnostic.message and group.own(group.findings[1]) == ""


def test_the_shared_words_are_whole_sentences_at_the_end():
    from tarkastus.audit.model import _common_tail

    assert _common_tail(["A on. Sama loppu.", "B on. Sama loppu."]) == "Sama loppu."
    assert _common_tail(["Sama.", "Sama."]) == "Sama."
    assert _common_tail(["A.", "B."]) == "" and _common_tail(["Yksi."]) == ""
    assert _common_tail(["Loppu.", "Alku. Loppu."]) == ""  # a message's first sentence stays its own
    assert _common_tail(["X 1 mom. 2 k. on.", "Y 1 mom. 2 k. on."]) == ""  # "mom. 2" ends no sentence


def _section(page: str, path: str) -> str:
    """The findings of one file in the page (its section of the findings by document)."""
    start = page.index(f'class="path">{path}</h3>')
    return page[start: page.index("</section>", start)]


def test_the_page_shows_identical_findings_as_one_entry_with_the_hint_once(sample_reports, samples_audit):
    page, markdown = sample_reports
    part = _section(page, KUOPIO_AREA)
    (group,) = [g for g in samples_audit.groups if g.diagnostic.code == "KL51-EDUSTUS"]
    assert part.count('data-rule="KL51-EDUSTUS"') == 1  # one entry
    entry = part.split('data-rule="KL51-EDUSTUS"', 1)[1].split("</article>", 1)[0]
    assert entry.count("<li ") == 6 and "6 kohdassa" in entry
    assert entry.count(escape(group.diagnostic.fix)) == 1  # the hint once
    assert entry.count(f'<p class="common">{escape(group.common)}</p>') == 1
    for finding in group.findings:
        assert f'<li id="{finding.anchor}">' in entry and escape(group.own(finding)) in entry
    # The Markdown report has the same single item, its places under it.
    md_part = markdown.split(f"### `{KUOPIO_AREA}`", 1)[1].split("\n### ", 1)[0]
    assert md_part.count("**KL51-EDUSTUS**") == 1 and "(huomio, 6 kohdassa)" in md_part
    assert md_part.count("  - <a id=") == 6 and md_part.count(group.common) == 1


def test_an_area_with_area_errors_has_no_green_badge(samples_audit, sample_reports):
    page, _ = sample_reports
    keski_savo = _area(samples_audit, "Keski-Savon työllisyysalue")
    assert keski_savo.meets_threshold  # 21 166: the labour force is enough ...
    assert [f.diagnostic.code for f in keski_savo.problems] == ["ALUE-PAALLEKKAISYYS"]  # ... but Leppävirta is in two areas
    kuopio = _area(samples_audit, "Kuopion työllisyysalue")
    assert {f.diagnostic.code for f in kuopio.problems} == {"ALUE-PAALLEKKAISYYS", "ALUE-VASTUUKUNTA", "ALUE-JASENYYS"}
    assert _area(samples_audit, "Meri-Lapin työllisyysalue").problems == []

    cards = {re.search(r"<h3>(.*?) <", card).group(1): card
             for card in re.findall(r'<article class="area".*?</article>', page, re.S)}
    card = cards["Keski-Savon työllisyysalue"]
    heading = card.split("</h3>", 1)[0]
    assert 'class="status ok"' not in heading and "täyttää 20 000 hengen rajan" not in heading
    (overlap,) = keski_savo.problems
    assert (f'<a class="status error" href="#{overlap.anchor}"' in heading
            and "virhe: Kunta kuuluu kahteen työllisyysalueeseen" in heading)
    assert "21\u202f166, täyttää 20 000 hengen rajan" in card  # the threshold is still said, as a fact
    kuopio_heading = cards["Kuopion työllisyysalue"].split("</h3>", 1)[0]
    assert kuopio_heading.index("status error") < kuopio_heading.index("status warning")  # worst first
    assert 'class="status ok">täyttää 20 000 hengen rajan' in cards["Meri-Lapin työllisyysalue"]
    # The Markdown report names the same problems under the area.
    _, markdown = sample_reports
    section = markdown.split("### Keski-Savon työllisyysalue", 1)[1].split("\n### ", 1)[0]
    assert f"- **virhe: Kunta kuuluu kahteen työllisyysalueeseen** ([ALUE-PAALLEKKAISYYS](#{overlap.anchor}))" in section
    meri_lappi = markdown.split("### Meri-Lapin työllisyysalue", 1)[1].split("\n### ", 1)[0]
    assert "ALUE-" not in meri_lappi.split("|", 1)[0]


class _Visible(HTMLParser):
    """The text a reader sees without script: no script or style, nothing under a ``hidden`` element."""

    VOID = {"br", "wbr", "input", "meta", "img", "hr", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: hidden (by itself or an ancestor)
        self.text: list[str] = []
        self.hidden_tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (bool(self.stack) and self.stack[-1]) or "hidden" in attrs or tag in ("script", "style", "title")
        if "hidden" in attrs:
            self.hidden_tags.append((tag, attrs))
        if tag not in self.VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def test_without_script_the_page_is_complete(sample_reports, samples_audit):
    page, _ = sample_reports
    parser = _Visible()
    parser.feed(page)
    visible = " ".join(" ".join(parser.text).split())
    # Every finding's place and words, every group's shared words, hint and basis once.
    for group in samples_audit.groups:
        d = group.diagnostic
        for finding in group.findings:
            assert finding.diagnostic.place(d.language) in visible
            assert " ".join(group.own(finding).split()) in visible
        assert " ".join(group.common.split()) in visible
        if d.fix:
            assert " ".join(d.fix.split()) in visible, d.code
    # Every matrix, every row and cell, the areas with their badges: nothing waits for the script.
    for matrix in samples_audit.matrices:
        assert escape(matrix.checklist.title("fi")) in page and " ".join(matrix.checklist.title("fi").split()) in visible
        for row in matrix.rows:
            assert " ".join(row.title.split()) in visible
    assert page.count('<td class="cell ') == sum(len(r.cells) for m in samples_audit.matrices for r in m.rows)
    assert "virhe: Kunta kuuluu kahteen työllisyysalueeseen" in visible
    # Hidden without script: only the controls the script needs (and the empty place it groups by rule into).
    assert {(tag, attrs.get("class") or attrs.get("id")) for tag, attrs in parser.hidden_tags} == {
        ("form", "controls"), ("div", "matrix-tools"), ("div", "by-rule")}
    assert re.search(r'<div id="by-rule" hidden></div>', page)
    # The print stylesheet leaves the controls out and lets the matrices run their full width.
    printing = page.split("@media print{", 1)[1].split("\n}\n", 1)[0]
    assert "form.controls" in printing and ".matrix-tools" in printing and ".scroll{overflow:visible}" in printing


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_matrix_headers_turn_upright_only_where_they_would_not_fit(lang, book):
    from tarkastus.audit.html import upright

    lists = {c.key: c for c in checklist_module.load([data_dir("rules")], {r.id for r in book.rules})}
    turned = {key for key, c in lists.items()
              if upright([col.name(lang) for col in c.columns], [col.citation(lang) for col in c.columns])}
    assert turned == {"kl54-kuntaliiton-rakenne", "kl56-perussopimus"}  # twelve and eleven columns


def _scaled(audit, times: int):
    """``audit`` with every document ``times`` over (under other directories): findings, groups and matrix rows."""
    from tarkastus.audit.model import Audit, Finding, Matrix, Row, group

    findings, rows = [], {id(m): [] for m in audit.matrices}
    for k in range(times):
        for f in audit.findings:
            d = f.diagnostic
            copy = type(d)(**{name: getattr(d, name) for name in d._fields})
            copy.path = f"k{k}/{d.path}"
            findings.append(Finding(len(findings) + 1, copy, f.quote))
        for m in audit.matrices:
            rows[id(m)] += [Row(f"k{k}/{r.path}", r.title, r.cells) for r in m.rows]
    fields = {name: getattr(audit, name) for name in audit._fields}
    fields.update(findings=findings, groups=group(findings), paths=[f"k{k}/{p}" for k in range(times) for p in audit.paths],
                  matrices=[Matrix(m.checklist, rows[id(m)]) for m in audit.matrices])
    return Audit(**fields)


def test_the_page_grows_linearly_with_the_documents(samples_audit):
    from conftest import grows_linearly
    from tarkastus.audit.html import render
    from tarkastus.audit.markdown import render as render_markdown

    small, large = _scaled(samples_audit, 1), _scaled(samples_audit, 10)
    assert grows_linearly(render, small, large, factor=10)
    assert grows_linearly(render_markdown, small, large, factor=10)
    # And its size: the styles and the script are a fixed part; a document adds its rows and findings.
    one, ten = render(small), render(large)
    inline = len(one.split("<style>", 1)[1].split("</style>", 1)[0]) + \
        sum(len(code) for code in re.findall(r"<script[^>]*>(.*?)</script>", one, re.S))
    assert inline < 30_000
    assert (len(ten) - len(one)) / 9 / samples_audit.files < 4_000  # bytes per document (2.6 kB today)


def _html_matrix(page: str, key: str) -> list[list[str]]:
    table = page.split(f'data-checklist="{key}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\".*?</tr>", table, re.S)
    return [re.findall(r'<td class="cell (\w+)', row) for row in rows]


def _markdown_matrix(text: str, title_part: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("### ") and title_part in line), None)
    if start is None:
        return []
    rows = []
    for line in lines[start + 4:]:
        if not line.startswith("| "):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[2:-1]]
        rows.append(cells)
    return rows


def test_the_markdown_renders_the_same_matrices(sample_reports, book):
    page, text = sample_reports
    symbol_state = {"✓": "pass", "✗": "fail", "⊘": "suppressed", "–": "unchecked", "·": "none"}
    lists = checklist_module.load([data_dir("rules")], {r.id for r in book.rules})
    for checklist in lists:
        html_rows = _html_matrix(page, checklist.key)
        md_rows = _markdown_matrix(text, checklist.title("fi"))
        assert len(md_rows) == len(html_rows) > 0, checklist.key
        for html_row, md_row in zip(html_rows, md_rows):
            assert [symbol_state[cell[0]] for cell in md_row] == html_row


def test_reports_are_deterministic_and_the_same_from_stored_results(tmp_path):
    outputs = []
    for n, extra in enumerate(([], [], ["--no-cache"])):
        html, md = tmp_path / f"{n}.html", tmp_path / f"{n}.md"
        CliRunner().invoke(main, ["audit", str(SAMPLES), "--html", str(html), "--markdown", str(md),
                                  "--as-of", AS_OF.isoformat(), *extra])
        outputs.append((html.read_text(encoding="utf-8"), md.read_text(encoding="utf-8")))
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_languages(tmp_path, lang):
    html = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["audit", str(SAMPLES / "alueet"), "--html", str(html), "--kieli", lang,
                                       "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 1
    page = html.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page and words(lang)["title"] in page
    assert words("fi")["overlap"] not in page
    rule_title = {"sv": "Kommunen hör till två sysselsättningsområden",
                  "en": "A municipality belongs to two employment areas"}[lang]
    message = {"sv": "ingår i samarbetsavtalen", "en": "is included in the cooperation agreements"}[lang]
    assert message in page and rule_title in page


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["audit", str(SAMPLES)]).exit_code == 2
    assert runner.invoke(main, ["audit", str(SAMPLES), "--html", "-", "--markdown", "-"]).exit_code == 2
    result = runner.invoke(main, ["audit", str(SAMPLES), "--html", str(tmp_path / "puuttuu" / "r.html")])
    assert result.exit_code == 2 and "raporttia ei voi kirjoittaa" in result.output
    assert "Traceback" not in result.output


def test_input_errors_are_reported_and_the_rest_audited(tmp_path):
    shutil_copy(SAMPLES / "kl54" / "turku-raisio.md", tmp_path / "hyva.md")
    (tmp_path / "rikki.yaml").write_text("tyyppi: kl54\nohjaus: [rikki\n", encoding="utf-8")
    html = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--html", str(html)])
    assert result.exit_code == 2
    page = html.read_text(encoding="utf-8")
    assert "TARK-YAML" in page and "turku-raisio" not in page and "hyva.md" in page


def test_a_bad_checklist_file_is_a_clear_error(tmp_path):
    rules = tmp_path / "omat"
    rules.mkdir()
    (rules / "checklists.yaml").write_text(
        "oma:\n  kun: {tyyppi: kl54}\n  otsikko: Oma\n  sarakkeet:\n    - nimi: X\n      säännöt: [KL54-SEURANT]\n",
        encoding="utf-8")
    (tmp_path / "tarkastus.toml").write_text('rule-dirs = ["omat"]\n', encoding="utf-8")
    shutil_copy(SAMPLES / "kl54" / "turku-raisio.md", tmp_path / "a.md")
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "a.md"), "--html", str(tmp_path / "r.html"),
                                       "--config", str(tmp_path / "tarkastus.toml")])
    assert result.exit_code == 2
    assert "KL54-SEURANT" in result.output and "tarkoititko KL54-SEURANTA" in result.output
    swedish = CliRunner().invoke(main, ["audit", str(tmp_path / "a.md"), "--html", str(tmp_path / "r.html"),
                                        "--config", str(tmp_path / "tarkastus.toml"), "--kieli", "sv"])
    assert swedish.exit_code == 2 and "tarkoititko" not in swedish.output and "KL54-SEURANTA" in swedish.output


def test_a_checklist_of_a_rule_dir_replaces_the_shipped_one(tmp_path, book):
    (tmp_path / "checklists.yaml").write_text(
        "alue:\n  kun: {tyyppi: yhteistoimintasopimus}\n  otsikko: {fi: Vain raja}\n"
        "  sarakkeet:\n    - nimi: {fi: Raja}\n      lainkohta: JärjL 12 §\n      säännöt: [JARJL12-TYOVOIMA]\n",
        encoding="utf-8")
    lists = checklist_module.load([data_dir("rules"), tmp_path], {r.id for r in book.rules})
    alue = next(c for c in lists if c.key == "alue")
    assert [c.name("sv") for c in alue.columns] == ["Raja"]  # falls back to Finnish


@pytest.mark.parametrize("text", ["[]", "x: 1", "x:\n  kun: {malli: a}\n", "x:\n  kun: {tyyppi: kl54}\n  sarakkeet: []\n",
                                  "x:\n  kun: {tyyppi: kl54}\n  otsikko: {sv: a}\n  sarakkeet: [{säännöt: []}]\n",
                                  "x: [", "x:\n  kun: {tyyppi: kl54}\n  muu: 1\n"])
def test_malformed_checklists_raise_checklist_error(tmp_path, text):
    (tmp_path / "checklists.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError):
        checklist_module.load([tmp_path], set())


def test_a_foreign_file_is_kept_as_backup_and_an_old_report_replaced(tmp_path):
    draft = tmp_path / "sopimus.md"
    draft.write_text("# Oma luonnos\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["audit", str(SAMPLES / "kl54" / "turku-raisio.md"), "--markdown", str(draft)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sopimus.md.bak").read_text(encoding="utf-8") == "# Oma luonnos\n"
    assert "sopimus.md.bak" in result.output
    first = draft.read_text(encoding="utf-8")
    result = runner.invoke(main, ["audit", str(SAMPLES / "kl54" / "turku-raisio.md"), "--markdown", str(draft)])
    assert result.exit_code == 0 and draft.read_text(encoding="utf-8") == first
    assert not (tmp_path / "sopimus.md.bak.2").exists() and ".bak" not in result.output


def test_exit_zero_and_stdout(tmp_path):
    result = CliRunner().invoke(main, ["audit", str(SAMPLES / "kl54"), "--markdown", "-", "--exit-zero"])
    assert result.exit_code == 0
    assert result.output.startswith("<!-- tarkastus audit -->")


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    for i in range(60):
        shutil_copy(SAMPLES / "kl54" / "turku-raisio.md", tmp_path / f"{i:02d}.md")
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    quiet = runner.invoke(main, ["audit", str(tmp_path), "--markdown", str(tmp_path / "r.md"), "--no-cache"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    shown = runner.invoke(main, ["audit", str(tmp_path), "--markdown", str(tmp_path / "r.md"), "--progress",
                                 "--no-cache"])
    assert shown.exit_code == 0 and "60/60" in shown.stderr


# --- the chart ---------------------------------------------------------------

_names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_names, st.one_of(st.none(), st.integers(0, 10**7)), st.one_of(st.none(), st.integers(0, 50))),
                max_size=30),
       st.one_of(st.none(), st.fixed_dictionaries({"päätös": _names})), st.sampled_from(["fi", "sv", "en"]))
def test_the_chart_is_well_formed_svg_for_any_area(members, permit, lang):
    people = [Member(name, True, labour, seats) for name, labour, seats in members]
    area = Area("Alue <&> \"x\"", "a.md", "vastuukunta", "A", people, sum(p.labour or 0 for p in people),
                sum(1 for p in people if p.labour is None), permit, "")
    svg = chart(area, words(lang))
    root = ET.fromstring(svg.replace("var(--", "x(--"))  # CSS variables are not XML's business
    assert root.tag.endswith("svg")
    bars = [r for r in root.iter() if r.tag.endswith("rect")]
    assert len(bars) == sum(1 for p in people if p.labour is not None) + 1


def shutil_copy(source: Path, target: Path) -> None:
    target.write_bytes(source.read_bytes())


# --- random documents never break the report --------------------------------

from test_properties import documents  # noqa: E402  (the format's own random documents)


@settings(max_examples=int(os.environ.get("TARKASTUS_AUDIT_EXAMPLES", "40")), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(st.lists(documents, min_size=1, max_size=4), st.sampled_from(["fi", "sv", "en"]))
def test_any_set_of_documents_audits_without_crashing(book, docs, lang):
    import tempfile

    import yaml

    from tarkastus.audit.html import render as render_html
    from tarkastus.audit.markdown import render as render_markdown

    with tempfile.TemporaryDirectory() as directory:
        for n, data in enumerate(docs):
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            Path(directory, f"{n}.yaml").write_text(text, encoding="utf-8")
        report = check([directory], book, Options(as_of=AS_OF, jobs=1, facts=facts_for(book), language=lang))
        lists = checklist_module.load([data_dir("rules")], {r.id for r in book.rules})
        audit = build(report, book, lists)
        page = render_html(audit)
        text = render_markdown(audit)
    parser = _Tags()
    parser.feed(page)
    assert ("html", {"lang": lang}) in parser.tags
    assert all(path in page for path in report.paths)
    assert text.startswith("<!-- tarkastus audit -->")
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert set(re.findall(r'href="#([^"]+)"', page)) <= ids
