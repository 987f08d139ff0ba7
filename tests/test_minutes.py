"""Agreements published inside council and board minutes (documents/minutes.py).

The minutes are written here around the prose samples, as a municipality
publishes them: a meeting's header, the item that approves the agreement
("§ 198", "Päätösehdotus", "Päätös: Hyväksyttiin."), the agreement as its
appendix, and the next item. Locators are those a PDF reader gives
("sivu 3, rivi 12"), so the test can see they survive the extraction.
"""

from __future__ import annotations

import re
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from office_fixtures import blocks_of_markdown, docx
from tarkastus.documents.converted import Converted
from tarkastus.documents.loader import split_front_matter
from tarkastus.documents.minutes import agreement_span, extract_agreement, is_minutes
from tarkastus.documents.office import read_docx
from tarkastus.prose import read_facts

PROSE = sorted((ROOT / "samples" / "proosa").rglob("*.md"))
# The plan (järjestämissuunnitelma) is no agreement: it is not looked for inside minutes.
AGREEMENTS = [p for p in PROSE if "suunnitelma" not in p.name]
MARKDOWN = sorted(p for p in (ROOT / "samples").rglob("*.md") if "proosa" not in p.parts)
LIETO = ROOT / "samples" / "proosa" / "kl54" / "turku-lieto.md"

BEFORE = """LIEDON KUNTA
Kunnanhallitus
PÖYTÄKIRJA 14/2024

Kokousaika: 27.11.2024 klo 17.00–19.10
Kokouspaikka: Kunnantalo, valtuustosali
Läsnä: Matti Virtanen (puheenjohtaja), Liisa Laine, Pekka Korhonen, Anna Nieminen

§ 198 Sopimus viranomaistehtävän hoitamisesta Turun kanssa

Sopimus viranomaistehtävän hoitamisesta

Valmistelija: hallintojohtaja Liisa Laine, puh. 044 123 4567

Turun työllisyysalue aloittaa 1.1.2025. Turun kaupunki ja Liedon kunta ovat valmistelleet kuntalain 54 §:n \
mukaisen sopimuksen viranomaistehtävien hoitamisesta Liedon ja Auran asiakkaille.

Päätösehdotus: Kunnanhallitus hyväksyy liitteen 3 mukaisen sopimuksen viranomaistehtävän hoitamisesta.

Päätös: Hyväksyttiin.

Liite 3: Sopimus viranomaistehtävän hoitamisesta, Liedon toiminta-alue

LIITE 3
"""

AFTER = """
§ 199 Talousarvion toteutuminen 1.1.–31.10.2024

Valmistelija: talousjohtaja Pekka Korhonen

Päätösehdotus: Kunnanhallitus merkitsee toteutumaraportin tiedoksi.

Päätös: Hyväksyttiin.

Muutoksenhaku
Tähän päätökseen ei saa hakea muutosta, koska asia koskee vain valmistelua.
"""


def _agreement(path) -> str:
    """A sample's text as a published file has it: without the sample's own notes (HTML comments)."""
    return re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S).strip()


def _pdf_like(text: str) -> str:
    """Text as a PDF reader gives it: no '#' marks, paragraphs wrapped at 90 characters."""
    out = []
    for line in text.split("\n"):
        bare = line.lstrip("#").strip()
        out.extend(textwrap.wrap(bare, 90) if len(bare) > 90 and not bare.startswith("|") else [bare])
    return "\n".join(out)


def _paged(text: str, rows: int = 40) -> Converted:
    """A Converted with PDF locators: "sivu P, rivi R" for each non-blank line, "" for blank ones."""
    lines = text.split("\n")
    locators = []
    row = 0
    for line in lines:
        if line.strip():
            row += 1
            locators.append(f"sivu {(row - 1) // rows + 1}, rivi {(row - 1) % rows + 1}")
        else:
            locators.append("")
    return Converted("\n".join(lines) + "\n", locators, tracked_changes=2, comments=1)


def _minutes(agreement: str, before: str = BEFORE, after: str = AFTER) -> tuple[Converted, int, int]:
    """The minutes around ``agreement``, and the indices of the agreement's first and last line."""
    first = before.count("\n") + 1
    text = before + "\n" + agreement + "\n" + after
    return _paged(text), first, first + agreement.count("\n")


def _lines(converted: Converted) -> list[str]:
    return converted.text.split("\n")[:-1]


# ---- an agreement read as itself --------------------------------------------------------------------

@pytest.mark.parametrize("sample", PROSE, ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_every_prose_sample_comes_back_unchanged(sample):
    text = sample.read_text(encoding="utf-8")
    converted = Converted(text)
    assert not is_minutes(text.split("\n"))
    assert extract_agreement(converted) is converted
    from_word = read_docx(docx(blocks_of_markdown(text)))
    assert extract_agreement(from_word) is from_word


@pytest.mark.parametrize("sample", MARKDOWN, ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_every_markdown_samples_body_comes_back_unchanged(sample):
    text = sample.read_text(encoding="utf-8")
    split = split_front_matter(text)
    body = "\n".join(text.split("\n")[split[2]:]) if split is not None else text
    converted = Converted(body)
    assert extract_agreement(converted) is converted


def test_labels_count_only_where_they_stand_as_labels():
    agreement = _agreement(LIETO).replace(
        "## 10. Sopimuksen muuttaminen\n",
        "## 10. Sopimuksen muuttaminen\n\nPäätös tehdään yksimielisesti.\n\nValmistelu kuuluu Turulle.\n")
    converted = Converted(agreement)
    assert not is_minutes(agreement.split("\n"))
    assert extract_agreement(converted) is converted


# ---- minutes holding an agreement -------------------------------------------------------------------

def test_the_agreement_is_found_in_minutes_with_its_locators(book):
    agreement = _agreement(LIETO)
    converted, first, last = _minutes(agreement)
    found = extract_agreement(converted)
    assert found is not None and found is not converted
    lines = _lines(converted)
    assert lines[first].startswith("Hyväksytty: Turun kaupunginhallitus")  # the stamps above the title are its own
    assert _lines(found) == lines[first:last + 1]
    assert found.locators == converted.locators[first:last + 1]  # "sivu 1, rivi 22" as in the whole file
    assert found.extracted_from == (converted.locators[first], converted.locators[last])
    assert found.extracted_from == ("sivu 1, rivi 15", "sivu 2, rivi 12")
    assert (found.tracked_changes, found.comments) == (2, 1)
    assert read_facts(found.text, book).plain() == read_facts(LIETO.read_text(encoding="utf-8"), book).plain()
    assert not any(word in found.text for word in ("Päätösehdotus", "Kokousaika", "§ 199", "LIITE 3"))


@pytest.mark.parametrize("shape", ["markdown", "pdf"])
@pytest.mark.parametrize("sample", AGREEMENTS, ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_every_agreement_sample_is_found_whole_in_minutes(sample, shape):
    agreement = _agreement(sample)
    before, after = BEFORE, AFTER
    if shape == "pdf":
        agreement, before, after = _pdf_like(agreement), _pdf_like(BEFORE), _pdf_like(AFTER)
    converted, first, last = _minutes(agreement, before, after)
    assert agreement_span(_lines(converted)) == (first, last + 1)
    found = extract_agreement(converted)
    assert found is not None and found.text == agreement + "\n"


def test_an_agreement_read_from_word_minutes_keeps_its_section_locators(book):
    minutes = [("p", "Kunnanhallitus"), ("p", "PÖYTÄKIRJA 14/2024"), ("table", [["Kokousaika", "27.11.2024 klo 17"],
                                                                              ["Läsnä", "Matti Virtanen"]]),
               ("h", 1, "§ 198 Sopimus viranomaistehtävän hoitamisesta"), ("p", "Päätösehdotus: Hyväksytään."),
               ("p", "Päätös: Hyväksyttiin."), ("p", "LIITE 3")]
    after = [("h", 1, "§ 199 Talousarvion toteutuminen"), ("p", "Päätös: Merkittiin tiedoksi.")]
    converted = read_docx(docx(minutes + blocks_of_markdown(_agreement(LIETO)) + after))
    found = extract_agreement(converted)
    assert found is not None
    lines = _lines(found)
    assert lines[0].startswith("Hyväksytty: Turun") and lines[-1].startswith("Sopimukseen sovelletaan")
    where = dict(zip(lines, found.locators))
    assert where["## 6. Tehtävien hoidon seuranta ja valvonta"] == "kohta 6"
    assert found.extracted_from[1] == "kohta 12, 1. kappale"
    alone = read_docx(docx(blocks_of_markdown(_agreement(LIETO))))
    assert read_facts(found.text, book).plain() == read_facts(alone.text, book).plain()


def test_a_title_quoted_in_the_item_and_a_list_of_parties_are_not_the_agreement():
    before = BEFORE.replace("Päätösehdotus:", "Sopimus viranomaistehtävän hoitamisesta\n\n1. Turun kaupunki\n\n"
                                               "2. Liedon kunta\n\nPäätösehdotus:")
    converted, first, last = _minutes(_agreement(LIETO), before)
    assert agreement_span(_lines(converted)) == (first, last + 1)


def test_the_signature_block_ends_at_the_next_item():
    agreement = (_agreement(LIETO) + "\n\n## 13. Allekirjoitukset\n\nTurussa 18.11.2024\n\nTURUN KAUPUNKI\n\n"
                 "Minna Arve\nkaupunginjohtaja\n\nLiedossa 27.11.2024\n\nLIEDON KUNTA\n\nJarkko Hyvönen\nkunnanjohtaja")
    after = "\nKunnanhallitus § 199 27.11.2024\n\nTalousarvion toteutuminen\n\nEsitys käsiteltiin.\n"
    converted, first, last = _minutes(agreement, after=after)
    found = extract_agreement(converted)
    assert _lines(found) == _lines(converted)[first:last + 1]
    assert _lines(found)[-1] == "kunnanjohtaja"


def test_a_repeated_appendix_stamp_is_no_end_but_the_next_appendix_is():
    agreement = _agreement(LIETO).replace("## 6. Tehtävien", "LIITE 3\n\n## 6. Tehtävien")
    after = "\nLIITE 4\n\nSuunnitelma työvoimapalvelujen järjestämiseksi\n\nTeksti jatkuu.\n"
    converted, first, last = _minutes(agreement, after=after)
    assert agreement_span(_lines(converted)) == (first, last + 1)


def test_a_joint_authoritys_articles_are_not_minutes_items():
    sample = ROOT / "samples" / "proosa" / "kokkola" / "kaustinen-kuntayhtyma-perussopimus.md"
    agreement = _agreement(sample)
    assert "### 2 § " in agreement and "### 3 § " in agreement
    converted, first, last = _minutes(agreement, after="\n§ 4 Talousarvio 2025\n\nPäätös: Hyväksyttiin.\n")
    assert agreement_span(_lines(converted)) == (first, last + 1)  # "§ 4" after "17 §": the next item


def test_swedish_minutes_with_an_avtal_appendix(book):
    before = """PARGAS STAD
Stadsstyrelsen
PROTOKOLL 12/2024

Sammanträdestid: 2.12.2024 kl. 16.00–18.15
Sammanträdesplats: Stadshuset, Pargas
Närvarande: Anna Lindqvist (ordförande), Erik Holm, Maria Grönroos

§ 212 Avtal om skötsel av myndighetsuppgifter med Åbo stad

Beredare: förvaltningsdirektör Erik Holm

Beslutsförslag: Stadsstyrelsen godkänner avtalet enligt bilaga 2.

Beslut: Godkändes.

BILAGA 2
"""
    agreement = """Avtal om skötsel av myndighetsuppgifter, Pargas verksamhetsområde

Åbo stad och Pargas stad har avtalat om skötseln av myndighetsuppgifter enligt 54 § i kommunallagen.

1. Avtalsparter

Åbo stad (ansvarig kommun) och Pargas stad (medlemskommun).

2. Avtalets syfte

Detta avtal är ett avtal enligt 54 § i kommunallagen (410/2015) om skötseln av en myndighetsuppgift.

3. Uppgifterna

Pargas tjänsteinnehavare sköter arbetssökandes serviceprocess för Åbos räkning.

4. Kostnader

Åbo betalar Pargas lönekostnaderna enligt arbetsinsatsen. Pargas fakturerar halvårsvis.

5. Avtalets giltighet och uppsägning

Avtalet träder i kraft 1.1.2025 och gäller tills vidare. Uppsägningstiden är sex månader.

6. Underskrifter

Åbo den 18.11.2024

ÅBO STAD

Pargas den 2.12.2024

PARGAS STAD"""
    after = "\n§ 213 Budgetuppföljning januari–oktober 2024\n\nBeslutsförslag: Antecknas för kännedom.\n"
    converted, first, last = _minutes(agreement, before, after)
    lines = converted.text.split("\n")
    assert is_minutes(lines)
    found = extract_agreement(converted)
    assert found is not None and found.text == agreement + "\n"
    assert found.extracted_from == (converted.locators[first], converted.locators[last])
    assert read_facts(found.text, book).doc_type == read_facts(agreement, book).doc_type == "kl54"


# ---- no agreement -----------------------------------------------------------------------------------

def test_minutes_without_an_agreement_hold_none():
    text = BEFORE.replace("LIITE 3\n", "") + AFTER  # the item approves an agreement; the appendix is not there
    assert is_minutes(text.split("\n"))
    assert extract_agreement(_paged(text)) is None


def test_a_text_that_is_neither_minutes_nor_an_agreement_holds_none():
    letter = "Hei,\n\nliitteenä on sopimusluonnos kommentoitavaksi.\n\nTerveisin\nLiisa Laine\n"
    assert extract_agreement(Converted(letter)) is None


def test_a_markdown_text_without_locators_gets_line_locators():
    agreement = _agreement(LIETO)
    text = BEFORE + "\n" + agreement + "\n" + AFTER
    found = extract_agreement(Converted(text))
    first = BEFORE.count("\n") + 2  # 1-based
    assert found.extracted_from == (f"rivi {first}", f"rivi {first + agreement.count(chr(10))}")
    assert len(found.locators) == found.text.count("\n")


# ---- any mix of lines ---------------------------------------------------------------------------------

_MINUTES_LINES = [line for line in (BEFORE + AFTER).split("\n")] + [
    "| Kokousaika | 2.12.2024 |", "## Päätösehdotus", "Kunnanhallitus § 45 12.3.2024", "45 §", "§", "Liite",
    "Bilaga 12", "Päätös", "Beslut: Godkändes.", "Allekirjoitukset", "Underskrifter", "1 § Nimi", "§ 2 Kotipaikka"]
_AGREEMENT_LINES = _agreement(LIETO).split("\n") + ["YHTEISTOIMINTASOPIMUS", "Avtal om ett gemensamt organ",
                                                    "1. LUKU YLEISET", "2. Sopimus", "# 2 Tarkoitus"]


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])  # ms: bounded time
@given(st.lists(st.one_of(st.sampled_from(_MINUTES_LINES), st.sampled_from(_AGREEMENT_LINES),
                          st.text(max_size=60)), max_size=80))
def test_any_mix_of_minutes_and_agreement_lines(lines):
    text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    converted = _paged(text)
    found = extract_agreement(converted)
    if found is None or found is converted:
        return
    out = _lines(found)
    whole = _lines(converted)
    start = next(i for i in range(len(whole)) if whole[i:i + len(out)] == out)  # a slice of the original
    assert found.locators == converted.locators[start:start + len(out)]
    assert found.extracted_from == (found.locators[0], found.locators[-1]) and out[0].strip() and out[-1].strip()


def test_the_work_is_linear_in_the_text():
    unit = BEFORE + "\n" + _agreement(LIETO) + "\n" + AFTER + "\n"

    def best(text: str) -> float:
        lines = text.split("\n")
        times = []
        for _ in range(3):  # the best of three: a garbage collection is not quadratic work
            start = time.process_time()
            agreement_span(lines)
            times.append(time.process_time() - start)
        return min(times)

    small, large = best(unit * 5), best(unit * 100)
    assert large < max(small, 0.002) * 80  # twenty times the text: linear is 20x, quadratic 400x
    long_line = "Sopimus " + "1, " * 200_000  # one enormous "paragraph": read a bounded head of it
    start = time.process_time()
    agreement_span(["Kokousaika: 1.1.2024", long_line, "Päätös: Hyväksyttiin.", long_line])
    assert time.process_time() - start < 1.0
