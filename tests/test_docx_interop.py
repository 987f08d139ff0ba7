"""Word files written by a real writer (python-docx), read by documents/office.py.

tests/office_fixtures.py writes exactly the XML a test means; these
documents come from python-docx 1.2 and its default template instead:
its style ids and names, its numbering part, its comments part, and the
elements its oxml layer builds (w:ins, w:del, w:numPr). Each test reads one
feature back as text, locators and counts; the last ones write every
prose sample block by block and compare the facts with its Markdown.
"""

from __future__ import annotations

import io
import re

import pytest

docx = pytest.importorskip("docx", minversion="1.2")  # 1.2: document.add_comment

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from conftest import ROOT  # noqa: E402
from tarkastus.documents.office import read_docx  # noqa: E402
from tarkastus.prose import read_facts  # noqa: E402

PROSE = sorted((ROOT / "samples" / "proosa").rglob("*.md"))


def _read(document):
    out = io.BytesIO()
    document.save(out)
    converted = read_docx(out.getvalue())
    assert len(converted.locators) == converted.text.count("\n")
    return converted


def _where(converted) -> dict:
    """Each line of the text with its locator (the last one, if a line repeats)."""
    return dict(zip(converted.text.split("\n"), converted.locators))


def _numbering(document, formats=("%1.", "%1.%2", "%1.%2.%3")) -> int:
    """A new multi-level decimal list ("1.", "1.1", "1.1.1") in python-docx's numbering part; its numId."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(max(ids, default=0) + 1))
    for ilvl, text in enumerate(formats):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        abstract.append(lvl)
    numbering.insert(len(ids), abstract)  # every w:abstractNum comes before the first w:num
    return numbering.add_num(int(abstract.get(qn("w:abstractNumId")))).numId


def _number(paragraph_or_style, num_id: int, ilvl: int = 0):
    """Attach automatic numbering (w:numPr) to a paragraph or a paragraph style."""
    element = getattr(paragraph_or_style, "_p", None)
    element = element if element is not None else paragraph_or_style.element
    num_pr = element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph_or_style


def _restarted(document, style_name: str = "List Number") -> int:
    """A new instance of a style's list, restarted at 1 (python-docx's lvlOverride/startOverride)."""
    style_num = document.styles[style_name].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def _run(parent, tag: str, text: str, author: str = "Lakimies"):
    """A tracked change (w:ins with a w:t, or w:del with a w:delText) appended to a paragraph."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(abs(hash((tag, text))) % 10_000))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), "2024-11-01T09:00:00Z")
    run = OxmlElement("w:r")
    words = OxmlElement("w:delText" if tag in ("w:del", "w:moveFrom") else "w:t")
    words.set(qn("xml:space"), "preserve")
    words.text = text
    run.append(words)
    change.append(run)
    parent._p.append(change)
    return change


# ---- headings ---------------------------------------------------------------------------------------

def test_heading_styles_are_heading_lines():
    document = docx.Document()
    document.add_heading("Sopimus viranomaistehtävän hoitamisesta", 0)  # the "Title" style
    document.add_heading("Sopijapuolet", 1)
    document.add_paragraph("Turun kaupunki ja Liedon kunta.")
    document.add_heading("Vastuukunta", 2)
    document.add_heading("Yhteystiedot", 3)
    document.add_paragraph("Y-tunnus: 0204819-8")
    converted = _read(document)
    lines = [line for line in converted.text.split("\n") if line]
    assert lines == ["# Sopimus viranomaistehtävän hoitamisesta", "# Sopijapuolet", "Turun kaupunki ja Liedon kunta.",
                     "## Vastuukunta", "### Yhteystiedot", "Y-tunnus: 0204819-8"]
    where = _where(converted)
    assert where["# Sopimus viranomaistehtävän hoitamisesta"] == "otsikko"
    assert where["Turun kaupunki ja Liedon kunta."] == "otsikko ”Sopijapuolet”, 1. kappale"


def test_localized_and_derived_heading_styles():
    document = docx.Document()
    finnish = document.styles.add_style("Otsikko 2", WD_STYLE_TYPE.PARAGRAPH)  # a template's own style
    finnish.base_style = document.styles["Normal"]
    swedish = document.styles.add_style("Rubrik 3", WD_STYLE_TYPE.PARAGRAPH)
    document.styles["Heading 1"].style_id = "Otsikko1"  # Finnish Word: the id is localized, the name is not
    derived = document.styles.add_style("Sopimuksen pääotsikko", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 1"]  # a level inherited through w:basedOn
    document.add_paragraph("Talous", style="Otsikko 2")
    document.add_paragraph("Kostnader", style=swedish)
    document.add_paragraph("Erimielisyydet", style="Heading 1")
    document.add_paragraph("Voimassaolo", style=derived)
    document.add_paragraph("Tavallinen kappale.", style="Body Text")
    lines = [line for line in _read(document).text.split("\n") if line]
    assert lines == ["## Talous", "### Kostnader", "# Erimielisyydet", "# Voimassaolo", "Tavallinen kappale."]


def test_headings_numbered_by_word_get_their_numbers_and_kohta_locators():
    document = docx.Document()
    num_id = _numbering(document)
    document.add_heading("Sopimus viranomaistehtävän hoitamisesta", 0)
    _number(document.add_heading("Sopijapuolet", 1), num_id)
    _number(document.add_heading("Vastuukunta", 2), num_id, 1)
    document.add_paragraph("Turun kaupunki")
    _number(document.add_heading("Muut sopijakunnat", 2), num_id, 1)
    document.add_paragraph("Liedon kunta")
    _number(document.add_heading("Sopimuksen tarkoitus", 1), num_id)
    document.add_paragraph("Tämä sopimus on kuntalain 54 §:n mukainen sopimus.")
    document.add_paragraph("Järjestämisvastuu säilyy Turulla.")
    converted = _read(document)
    lines = [line for line in converted.text.split("\n") if line]
    assert lines[1:4] == ["# 1. Sopijapuolet", "## 1.1 Vastuukunta", "Turun kaupunki"]
    assert "## 1.2 Muut sopijakunnat" in lines and "# 2. Sopimuksen tarkoitus" in lines  # the sub-level restarts
    where = _where(converted)
    assert where["# 2. Sopimuksen tarkoitus"] == "kohta 2"
    assert where["Liedon kunta"] == "kohta 1.2, 1. kappale"
    assert where["Järjestämisvastuu säilyy Turulla."] == "kohta 2, 2. kappale"


def test_numbering_attached_to_the_heading_style():
    document = docx.Document()
    _number(document.styles["Heading 2"], _numbering(document))  # as a template numbers every Heading 2
    for title in ("Sopijapuolet", "Tarkoitus", "Talous"):
        document.add_heading(title, 2)
        document.add_paragraph(f"{title}: teksti.")
    converted = _read(document)
    assert [line for line in converted.text.split("\n") if line.startswith("#")] == [
        "## 1. Sopijapuolet", "## 2. Tarkoitus", "## 3. Talous"]
    assert _where(converted)["Talous: teksti."] == "kohta 3, 1. kappale"


# ---- lists, breaks, bold ------------------------------------------------------------------------------

def test_list_number_paragraphs_are_numbered_items_and_a_restarted_list_starts_again():
    document = docx.Document()
    _number(document.add_heading("Sopimuksen sisältö", 2), _numbering(document))
    document.add_paragraph("työnhakijan palveluprosessi", style="List Number")
    document.add_paragraph("starttirahapäätökset", style="List Number")
    document.add_paragraph("Tehtäviä hoitavat Liedon viranhaltijat.")
    restart = _restarted(document)
    _number(document.add_paragraph("palkkatuki", style="List Number"), restart)
    document.add_paragraph("työkokeilu", style="List Number")
    document.add_paragraph("Liedon ja Auran asiakkaat", style="List Bullet")
    converted = _read(document)
    lines = [line for line in converted.text.split("\n") if line]
    assert lines[1:] == ["1. työnhakijan palveluprosessi", "2. starttirahapäätökset",
                         "Tehtäviä hoitavat Liedon viranhaltijat.", "1. palkkatuki", "2. työkokeilu",
                         "- Liedon ja Auran asiakkaat"]
    where = _where(converted)
    assert where["2. starttirahapäätökset"] == "kohta 1, 2. kappale"
    assert where["- Liedon ja Auran asiakkaat"] == "kohta 1, 6. kappale"


def test_a_line_break_keeps_label_lines_apart(book):
    document = docx.Document()
    document.add_heading("Sopimus viranomaistehtävän hoitamisesta", 0)
    document.add_heading("Sopijapuolet", 1)
    paragraph = document.add_paragraph("Vastuukunta:")
    paragraph.add_run().add_break()
    paragraph.add_run("Turun kaupunki")
    paragraph.add_run().add_break()
    paragraph.add_run("Muut osapuolet:")
    paragraph.add_run().add_break()
    paragraph.add_run("Liedon kunta")
    converted = _read(document)
    assert "Vastuukunta:\nTurun kaupunki\nMuut osapuolet:\nLiedon kunta\n" in converted.text
    lines = converted.text.split("\n")
    at = lines.index("Vastuukunta:")
    assert set(converted.locators[at:at + 4]) == {"otsikko ”Sopijapuolet”, 1. kappale"}  # one paragraph
    parties = read_facts(converted.text, book).plain()["osapuolet"]
    assert {p["kunta"]: p.get("rooli") for p in parties} == {"Turku": "vastuukunta", "Lieto": "jäsenkunta"}


def test_a_bold_only_paragraph_is_a_heading_and_a_bold_sentence_is_not():
    document = docx.Document()
    document.add_paragraph().add_run("Kustannukset").bold = True
    document.add_paragraph().add_run("Turku maksaa kustannukset.").bold = True  # a sentence, bold for emphasis
    partly = document.add_paragraph()
    partly.add_run("Seuranta").bold = True
    partly.add_run(" raportoidaan puolivuosittain")
    lines = [line for line in _read(document).text.split("\n") if line]
    assert lines == ["## Kustannukset", "Turku maksaa kustannukset.", "Seuranta raportoidaan puolivuosittain"]


# ---- tables -----------------------------------------------------------------------------------------

def _cost_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    return table


def test_a_cost_share_table_is_pipe_rows_with_row_locators(book):
    document = docx.Document()
    num_id = _numbering(document)
    document.add_heading("Sopimus viranomaistehtävän hoitamisesta", 0)
    _number(document.add_heading("Sopijapuolet", 2), num_id)
    document.add_paragraph("Turun kaupunki (vastuukunta) ja Liedon kunta (jäsenkunta).")
    _number(document.add_heading("Tarkoitus", 2), num_id)
    document.add_paragraph("Tämä sopimus on kuntalain 54 §:n mukainen sopimus viranomaistehtävän hoitamisesta.")
    _number(document.add_heading("Kustannusten jako", 2), num_id)
    document.add_paragraph("Kustannukset jaetaan seuraavasti:")
    _cost_table(document, [("Kunta", "Osuus %"), ("Turku", "60"), ("Lieto", "40")])
    _cost_table(document, [("Vuosi", "Arvio €"), ("2025", "120 000")])  # a second table counts its own rows
    converted = _read(document)
    lines = converted.text.split("\n")
    at = lines.index("| Kunta | Osuus % |")
    assert lines[at:at + 4] == ["| Kunta | Osuus % |", "|---|---|", "| Turku | 60 |", "| Lieto | 40 |"]
    where = _where(converted)
    assert where["| Lieto | 40 |"] == "kohta 3, taulukon 3. rivi"
    assert where["| 2025 | 120 000 |"] == "kohta 3, taulukon 2. rivi"
    shares = read_facts(converted.text, book).plain()["kustannukset"]["osuudet"]
    assert {s["kunta"]: s["osuus"] for s in shares} == {"Turku": 60, "Lieto": 40}


def test_a_cells_paragraphs_and_a_nested_table_are_that_cells_text():
    document = docx.Document()
    table = _cost_table(document, [("Kunta", "Osuus %"), ("Turun kaupunki", "60")])
    table.cell(1, 0).add_paragraph("Y-tunnus: 0204819-8")  # two paragraphs in one cell
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "josta hallinto", "5"
    converted = _read(document)
    rows = [line for line in converted.text.split("\n") if line.startswith("| ")]
    assert rows == ["| Kunta | Osuus % |", "| Turun kaupunki Y-tunnus: 0204819-8 | 60 josta hallinto 5 |"]


# ---- comments and tracked changes ---------------------------------------------------------------------

def test_comments_are_counted_and_their_words_are_not_the_agreements():
    document = docx.Document()
    document.add_heading("Voimassaolo", 2)
    paragraph = document.add_paragraph("Sopimus on voimassa toistaiseksi.")
    document.add_comment(paragraph.runs, text="Tarkista irtisanomisaika.", author="Lakimies", initials="LM")
    other = document.add_paragraph("Irtisanomisaika on kuusi kuukautta.")
    document.add_comment(other.runs[0], text="Kuusi vai kaksitoista?", author="Talous")
    converted = _read(document)
    assert converted.comments == 2 and converted.tracked_changes == 0
    assert "Tarkista" not in converted.text and "kaksitoista" not in converted.text
    assert "Sopimus on voimassa toistaiseksi." in converted.text.split("\n")


def test_tracked_changes_are_read_as_accepted_and_counted():
    document = docx.Document()
    document.add_heading("Voimassaolo", 2)
    inserted = document.add_paragraph("Sopimus on voimassa ")
    _run(inserted, "w:ins", "toistaiseksi")
    inserted.add_run(".")
    deleted = document.add_paragraph("Irtisanomisaika on ")
    _run(deleted, "w:del", "kolme kuukautta")
    _run(deleted, "w:ins", "kuusi kuukautta")
    deleted.add_run(".")
    moved = document.add_paragraph("Erimielisyydet ratkaisee ")
    _run(moved, "w:moveFrom", "käräjäoikeus")
    _run(moved, "w:moveTo", "hallinto-oikeus")
    moved.add_run(".")
    mark = document.add_paragraph("Uusi kappale lisättiin.")  # an inserted paragraph mark (w:pPr/w:rPr/w:ins)
    rpr = OxmlElement("w:rPr")
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "99")
    ins.set(qn("w:author"), "Lakimies")
    rpr.append(ins)
    mark._p.get_or_add_pPr().append(rpr)
    converted = _read(document)
    lines = converted.text.split("\n")
    assert "Sopimus on voimassa toistaiseksi." in lines
    assert "Irtisanomisaika on kuusi kuukautta." in lines and "kolme" not in converted.text
    assert "Erimielisyydet ratkaisee hallinto-oikeus." in lines and "käräjä" not in converted.text
    assert "Uusi kappale lisättiin." in lines
    assert converted.tracked_changes == 6
    # python-docx itself reads an inserted run's text as absent: this is what we do better.
    assert document.paragraphs[1].text == "Sopimus on voimassa ."


# ---- whole agreements ---------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"(#{1,6})[ \t]+(.*)")
_MD_NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)\.?[ \t]+(.*)")
_MD_ITEM = re.compile(r"(?:(\d{1,3})\.|[-*])[ \t]+(.*)")
_MD_RULE = re.compile(r"\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?")


class _Writer:
    """A Markdown agreement written into a python-docx document, the way an author writes it in Word.

    Headings get Word's automatic numbers where the Markdown's number is the
    one Word would count (level 2 "1.", level 3 "1.1"); others ("1 §",
    "7.2." out of turn) keep their number as text. "1." list items are List
    Number paragraphs (each list restarted at 1), "-" items List Bullet,
    tables python-docx tables, every other line a paragraph of its own.
    """

    def __init__(self) -> None:
        self.document = docx.Document()
        self.headings = _numbering(self.document)
        self.counters = [0, 0]  # Word's counters of level 2 and level 3 headings
        self.list_started = False

    def heading(self, level: int, title: str) -> None:
        m = _MD_NUMBER.fullmatch(title)
        parts = m.group(1).split(".") if m else []
        if level == 2 and len(parts) == 1 and int(parts[0]) == self.counters[0] + 1:
            self.counters = [self.counters[0] + 1, 0]
            _number(self.document.add_heading(m.group(2), 2), self.headings, 0)
        elif level == 3 and len(parts) == 2 and parts == [str(self.counters[0]), str(self.counters[1] + 1)]:
            self.counters[1] += 1
            _number(self.document.add_heading(m.group(2), 3), self.headings, 1)
        else:
            self.document.add_heading(title, min(level - 1, 9) if level > 1 else 0)
        self.list_started = False

    def item(self, number: str | None, text: str) -> None:
        if number is None:
            self.document.add_paragraph(text, style="List Bullet")
        elif number == "1" or self.list_started:
            paragraph = self.document.add_paragraph(text, style="List Number")
            if number == "1":
                _number(paragraph, _restarted(self.document))
            self.list_started = True
        else:
            self.document.add_paragraph(f"{number}. {text}")

    def write(self, markdown: str):
        markdown = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
        table: list[list[str]] = []
        for line in markdown.split("\n") + [""]:
            stripped = line.strip()
            if stripped.startswith("|"):
                if not _MD_RULE.fullmatch(stripped):
                    table.append([cell.strip() for cell in stripped.strip("|").split("|")])
                continue
            if table:
                _cost_table(self.document, table)
                table = []
            if not stripped:
                continue
            heading = _MD_HEADING.fullmatch(stripped)
            item = _MD_ITEM.fullmatch(stripped)
            if heading:
                level = len(heading.group(1))
                if level == 1:
                    self.document.add_heading(heading.group(2), 0)
                else:
                    self.heading(level, heading.group(2))
            elif item:
                self.item(item.group(1), item.group(2))
            else:
                self.document.add_paragraph(stripped)
                self.list_started = False
        return self.document


@pytest.mark.parametrize("sample", PROSE, ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_every_prose_sample_written_with_python_docx_reads_to_the_same_facts(book, sample):
    markdown = sample.read_text(encoding="utf-8")
    converted = _read(_Writer().write(markdown))
    assert read_facts(converted.text, book).plain() == read_facts(markdown, book).plain()


def test_a_written_agreement_keeps_words_numbers_and_locators():
    sample = ROOT / "samples" / "proosa" / "kl54" / "turku-lieto.md"
    converted = _read(_Writer().write(sample.read_text(encoding="utf-8")))
    lines = converted.text.split("\n")
    assert lines[0] == "Hyväksytty: Turun kaupunginhallitus 18.11.2024, 413 §"
    assert "## 1. Sopijapuolet" in lines and "### 1.2 Muut sopijakunnat" in lines and "## 12. Muut ehdot" in lines
    assert "1. järjestämislain 4 luvussa säädetty" in converted.text and "2. järjestämislain 99 §:ssä" in converted.text
    where = _where(converted)
    assert where["## 6. Tehtävien hoidon seuranta ja valvonta"] == "kohta 6"
    assert where["Y-tunnus: 0135217-1"] == "kohta 1.2, 2. kappale"
