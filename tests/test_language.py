"""The language of a document (src/tarkastus/language.py): the prose samples
are Finnish, Swedish agreement text is Swedish, a text holding both (side by
side, or one after the other) is bilingual, and too little text is None.
Random text never raises and the time stays linear and bounded.
"""

from __future__ import annotations

import doctest
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tarkastus import language
from tarkastus.language import BILINGUAL_CHARS, DETECT_CHARS, bilingual, counts, detect

ROOT = Path(__file__).resolve().parents[1]
PROSE = sorted((ROOT / "samples" / "proosa").rglob("*.md"))

# One KL 54 agreement's sections, in Swedish and in Finnish (the same text).
SWEDISH = [
    "Avtal om skötseln av en myndighetsuppgift. Vasa stad och Korsholms kommun har enligt 54 § i kommunallagen "
    "kommit överens om att tjänsteinnehavare vid Korsholms kommun sköter vissa uppgifter som hör till "
    "arbetskraftsmyndigheten.",
    "Parter i detta avtal är Vasa stad, som är ansvarskommun för sysselsättningsområdet, och Korsholms kommun, "
    "som är medlemskommun.",
    "Syftet med avtalet är att trygga likvärdiga tjänster för arbetssökande i hela området. Organiseringsansvaret "
    "överförs inte genom detta avtal, utan det stannar hos Vasa stad.",
    "Tjänsteinnehavarna vid Korsholms kommun sköter på Vasa stads vägnar och under tjänsteansvar de uppgifter som "
    "avses i 4 kap. i lagen om ordnande av arbetskraftsservice.",
    "Kostnaderna fördelas mellan parterna enligt den arbetsinsats som tjänsteinnehavarna använder för "
    "uppgifterna. Korsholms kommun fakturerar Vasa stad kvartalsvis i efterskott.",
    "Vasa stad följer upp hur uppgifterna sköts och har rätt att få de uppgifter och handlingar som behövs för "
    "tillsynen.",
    "Tvister som gäller avtalet avgörs i första hand genom förhandlingar mellan parterna. Om parterna inte når "
    "enighet avgörs tvisten som ett förvaltningstvistemål vid Vasa förvaltningsdomstol.",
    "Avtalet träder i kraft den 1 januari 2025 och gäller tills vidare. Uppsägningstiden är sex månader.",
]
FINNISH = [
    "Sopimus viranomaistehtävän hoitamisesta. Vaasan kaupunki ja Mustasaaren kunta ovat sopineet kuntalain "
    "54 §:n mukaisesti, että Mustasaaren kunnan viranhaltijat hoitavat eräitä työvoimaviranomaiselle kuuluvia "
    "tehtäviä.",
    "Tämän sopimuksen osapuolet ovat Vaasan kaupunki, joka on työllisyysalueen vastuukunta, ja Mustasaaren kunta, "
    "joka on jäsenkunta.",
    "Sopimuksen tarkoituksena on turvata työnhakijoille yhdenvertaiset palvelut koko alueella. Sopimuksella ei "
    "siirretä järjestämisvastuuta, vaan se säilyy Vaasan kaupungilla.",
    "Mustasaaren kunnan viranhaltijat hoitavat Vaasan kaupungin lukuun ja virkavastuulla työvoimapalvelujen "
    "järjestämisestä annetun lain 4 luvussa tarkoitetut tehtävät.",
    "Kustannukset jaetaan sopijapuolten kesken sen työpanoksen mukaan, jonka viranhaltijat käyttävät tehtäviin. "
    "Mustasaaren kunta laskuttaa Vaasan kaupunkia neljännesvuosittain jälkikäteen.",
    "Vaasan kaupunki seuraa tehtävien hoitoa, ja sillä on oikeus saada valvontaa varten tarvittavat tiedot ja "
    "asiakirjat.",
    "Sopimusta koskevat erimielisyydet ratkaistaan ensisijaisesti sopijapuolten välisin neuvotteluin. Jos "
    "sopimukseen ei päästä, erimielisyys ratkaistaan hallintoriita-asiana Vaasan hallinto-oikeudessa.",
    "Sopimus tulee voimaan 1. tammikuuta 2025 ja on voimassa toistaiseksi. Irtisanomisaika on kuusi kuukautta.",
]
SWEDISH_TEXT = "\n\n".join(SWEDISH)
FINNISH_TEXT = "\n\n".join(FINNISH)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_there_are_prose_samples():
    assert len(PROSE) >= 15


@pytest.mark.parametrize("sample", PROSE, ids=lambda p: p.relative_to(ROOT / "samples" / "proosa").as_posix())
def test_a_prose_sample_is_in_one_language(sample):
    text = _read(sample)
    expected = "sv" if "svenska" in sample.parts else "fi"  # the Swedish samples' folder is svenska/
    assert detect(text) == expected
    assert not bilingual(text)


def test_swedish_agreement_text_is_swedish():
    assert detect(SWEDISH_TEXT) == "sv"
    assert not bilingual(SWEDISH_TEXT)
    # Every section alone is enough to tell.
    assert [detect(section) for section in SWEDISH] == ["sv"] * len(SWEDISH)


def test_finnish_agreement_text_is_finnish():
    assert detect(FINNISH_TEXT) == "fi"
    assert not bilingual(FINNISH_TEXT)
    assert [detect(section) for section in FINNISH] == ["fi"] * len(FINNISH)


def test_side_by_side_is_bilingual():
    table = "| Suomeksi | På svenska |\n|---|---|\n" + "".join(
        f"| {fi} | {sv} |\n" for fi, sv in zip(FINNISH, SWEDISH))
    assert bilingual(table)
    assert detect(table) in ("fi", "sv")


def test_one_after_the_other_is_bilingual():
    assert bilingual(FINNISH_TEXT + "\n\n# På svenska\n\n" + SWEDISH_TEXT)
    # detect: the language most of the text is in (a page of Swedish has more known words than one of Finnish).
    assert detect(FINNISH_TEXT * 2 + "\n\n" + SWEDISH_TEXT) == "fi"
    assert detect(FINNISH_TEXT + "\n\n" + SWEDISH_TEXT * 2) == "sv"
    # A Swedish translation after a Finnish sample of several pages.
    sample = _read(ROOT / "samples" / "proosa" / "kl54" / "turku-raisio.md")
    assert bilingual(sample + "\n\n" + SWEDISH_TEXT * 3)


def test_a_translation_after_a_long_text_is_seen():
    """bilingual reads slices over the whole text, not only its beginning."""
    long_finnish = (FINNISH_TEXT + "\n\n") * (2 * BILINGUAL_CHARS // len(FINNISH_TEXT))
    assert len(long_finnish) > 2 * BILINGUAL_CHARS and not bilingual(long_finnish)
    both = long_finnish + (SWEDISH_TEXT + "\n\n") * (len(long_finnish) // len(SWEDISH_TEXT))
    assert bilingual(both)
    # detect reads only the beginning: the Finnish half.
    assert detect(both) == "fi" and sum(counts(both).values()) <= len(both[:DETECT_CHARS].split())


def test_a_quoted_name_or_sentence_is_not_bilingual():
    sample = _read(ROOT / "samples" / "proosa" / "kl54" / "turku-raisio.md")
    quoted = sample + "\n\nRuotsinkielinen nimi: Avtal om skötseln av en myndighetsuppgift (Åbo stad och Reso stad).\n"
    assert detect(quoted) == "fi" and not bilingual(quoted)
    names = SWEDISH_TEXT + "\n\nFinska namn: Vaasan kaupunki, Mustasaaren kunta, Kuopio, Siilinjärvi.\n"
    assert detect(names) == "sv" and not bilingual(names)


@pytest.mark.parametrize("text", [
    "", " ", "Sopimus", "Avtal", "Vaasa – Vasa", "12.3.2024 § 45", "Kuopio, Siilinjärvi, Leppävirta",
    "Turun kaupunki ja Raisio", "Vasa och Korsholm", "----\n\n####", "1 2 3 4 5 6 7 8 9 10",
])
def test_too_little_text_is_none(text):
    assert detect(text) is None
    assert not bilingual(text)


def test_english_is_neither():
    text = ("This agreement between the municipalities is in force until further notice. The parties shall "
            "settle any dispute on the costs of the services by negotiation, and it may be terminated by either "
            "party with six months' notice.")
    assert detect(text) is None and not bilingual(text)


def test_not_text_is_none():
    assert detect(None) is None and not bilingual(None)  # type: ignore[arg-type]
    assert counts(b"ja on tai") == {"fi": 0, "sv": 0, "en": 0}  # type: ignore[arg-type]


def test_the_word_sets_do_not_share_words():
    assert not language._FINNISH & language._SWEDISH
    assert not language._SWEDISH & language._ENGLISH
    assert all(language._WORD.fullmatch(word) for word in language._FINNISH | language._SWEDISH)


def test_the_documented_examples_run():
    failures, tried = doctest.testmod(language, optionflags=doctest.ELLIPSIS)
    assert tried >= 3 and failures == 0


@pytest.mark.parametrize("make", [
    lambda n: "ja och " * (n // 7),
    lambda n: "a" * n,
    lambda n: "ä" * n,
    lambda n: "§ 1. " * (n // 5),
    lambda n: ("Sopimus " + "x" * 1000 + " avtal ") * (n // 1015),
])
def test_time_is_linear_and_bounded(make):
    def best(text: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            detect(text), bilingual(text)
            times.append(time.perf_counter() - start)
        return min(times)

    small, large = best(make(64 * 1024)), best(make(4 * 1024 * 1024))
    # Both functions read a bounded part of the text: 64 times the text costs about the same.
    assert large < max(small, 0.005) * 10
    assert large < 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_random_text_never_raises(text):
    assert detect(text) in ("fi", "sv", None)
    assert bilingual(text) in (True, False)
    found = counts(text)
    assert set(found) == {"fi", "sv", "en"} and all(v >= 0 for v in found.values())


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(FINNISH + SWEDISH + ["ja", "och", "on", "the", "\n", "|", "§"]), max_size=60))
def test_random_mixtures_never_raise(parts):
    text = " ".join(parts)
    language_found = detect(text)
    assert language_found in ("fi", "sv", None)
    if bilingual(text):
        assert language_found in ("fi", "sv")
