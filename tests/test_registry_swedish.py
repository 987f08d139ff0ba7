"""Municipality names in Swedish (issue 13, part 2): every municipality's
Swedish name as Statistics Finland gives it (rules/kunnat.yaml, ``nimi_sv``)
is known, in the forms Swedish gives a name: the genitive ("Vasas",
"Uleåborgs stad"; none after s, x, z: "Närpes stad"), the organisation
("Korsholms kommun", "Vasa stads") and after a preposition ("i Vasa").

The Finnish forms keep working beside them ("Hollolan kunta", "Paraisten
kaupunki"); the data's own uniqueness is tested in test_registry.py.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import grows_linearly
from tarkastus.registry import load_registry, swedish_forms


@pytest.mark.parametrize(("written", "official"), [
    ("Laihela", "Laihia"), ("Uleåborg", "Oulu"), ("Tammerfors", "Tampere"), ("Tavastehus", "Hämeenlinna"),
    ("Villmanstrand", "Lappeenranta"), ("Björneborg", "Pori"), ("S:t Michel", "Mikkeli"), ("Nyslott", "Savonlinna"),
    ("Kajana", "Kajaani"), ("Idensalmi", "Iisalmi"), ("Nystad", "Uusikaupunki"), ("Nådendal", "Naantali"),
    ("Reso", "Raisio"), ("Lundo", "Lieto"), ("Pemar", "Paimio"), ("Birkala", "Pirkkala"), ("Letala", "Laitila"),
    ("Träskända", "Järvenpää"), ("Kervo", "Kerava"), ("Gustav Adolfs", "Hartola"),
    # Official names of bilingual municipalities, as before.
    ("Vasa", "Vaasa"), ("Åbo", "Turku"), ("Esbo", "Espoo"), ("Borgå", "Porvoo"), ("S:t Karins", "Kaarina"),
    # Without diacritics, as typed in a hurry.
    ("Uleaborg", "Oulu"), ("Nadendal", "Naantali"),
])
def test_a_swedish_name_is_the_municipality(book, written, official):
    assert book.registry.canonical(written) == official
    assert book.registry.same(written, official)


@pytest.mark.parametrize(("written", "official"), [
    ("Vasa stads", "Vaasa"), ("Korsholms kommun", "Mustasaari"), ("Borgå stad", "Porvoo"), ("i Vasa", "Vaasa"),
    ("Vasas", "Vaasa"), ("Uleåborgs stad", "Oulu"), ("Kristinestads", "Kristiinankaupunki"),
    ("Närpes stad", "Närpiö"), ("Närpes stads", "Närpiö"), ("Malax kommuns", "Maalahti"),
    ("S:t Michels stad", "Mikkeli"), ("S:t Karins stad", "Kaarina"), ("Gustav Adolfs kommun", "Hartola"),
    ("från Korsholm", "Mustasaari"), ("till Uleåborg", "Oulu"), ("i Korsholms kommun", "Mustasaari"),
    ("Tammerfors stad", "Tampere"), ("Laihelas", "Laihia"), ("Pedersöre kommun", "Pedersören kunta"),
    # A Finnish-speaking municipality with no Swedish name of its own: Swedish text uses the Finnish one.
    ("Kuopio stad", "Kuopio"), ("Kuopios", "Kuopio"), ("i Kuopio", "Kuopio"),
])
def test_swedish_forms_of_a_name(book, written, official):
    assert book.registry.canonical(written) == official


@pytest.mark.parametrize(("written", "official"), [
    ("Hollolan kunta", "Hollola"), ("Paraisten kaupunki", "Parainen"), ("Uudenkaupungin kaupunki", "Uusikaupunki"),
    ("Turun kaupunki", "Turku"), ("Kaarinan kaupunki", "Kaarina"), ("Liedolle", "Lieto"), ("Oulussa", "Oulu"),
])
def test_finnish_forms_keep_working(book, written, official):
    assert book.registry.canonical(written) == official


@pytest.mark.parametrize("written", [
    "Vasass", "Närpess", "Malaxs", "i", "i Tuntematon", "från", "Uleåborgen", "Stad", "stads",
])
def test_what_is_not_a_swedish_form(book, written):
    assert book.registry.get(written) is None


@pytest.mark.parametrize(("written", "closest"), [
    ("Tammerfos", "Tammerfors"), ("Uleåborj", "Uleåborg"), ("Villmanstran", "Villmanstrand"),
    ("Siilijärvi", "Siilinjärvi"),
])
def test_an_unknown_name_still_suggests_the_closest(book, written, closest):
    assert book.registry.get(written) is None
    assert book.registry.suggest(written) == closest


def test_merged_municipalities_in_swedish_organisation_forms(book):
    assert book.registry.merged_into("Honkajoki kommun").name == "Kankaanpää"
    assert book.registry.merged_into("Honkajoen kunta").name == "Kankaanpää"


def test_the_genitive_rule():
    assert swedish_forms("Vasa") == ("vasa", "vasas")
    assert swedish_forms("Kristinestad") == ("kristinestad", "kristinestads")
    assert swedish_forms("S:t Michel") == ("s:t michel", "s:t michels")
    # No ending after s, x or z.
    assert swedish_forms("Närpes") == ("narpes",)
    assert swedish_forms("Malax") == ("malax",)
    assert swedish_forms("Gustav Adolfs") == ("gustav adolfs",)
    assert swedish_forms("") == () and swedish_forms("  ") == ()


def test_every_swedish_form_names_its_municipality_only(book):
    """No Swedish form is another municipality's name or form, so adding them took no Finnish form away."""
    registry = book.registry
    for municipality in registry.municipalities:
        for name in dict.fromkeys((municipality.swedish, municipality.swedish_name)):
            for form in swedish_forms(name):
                assert registry.get(form) is municipality, (municipality.name, form)
        for name in municipality.spellings:
            assert registry.get(name) is municipality, (municipality.name, name)


def test_swedish_names_in_running_text(book):
    text = ("Avtal mellan S:t Michels stad och Uleåborgs stad om uppgifter i Vasa och i Korsholms kommun; "
            "vasas och uleåborg skrivna med liten bokstav räknas inte. Palvelut Koski Tl:n kanssa.")
    found = [(m.name, text[start:end]) for m, start, end in book.registry.find(text)]
    assert found == [("Mikkeli", "S:t Michels"), ("Oulu", "Uleåborgs"), ("Vaasa", "Vasa"),
                     ("Mustasaari", "Korsholms"), ("Koski Tl", "Koski Tl")]
    assert [m.name for m in book.registry.mentioned("Tammerfors, Tavastehus och S:t Karins")] == [
        "Tampere", "Hämeenlinna", "Kaarina"]
    # "S:t" is read whole only as a name's word: "S:ta" is not it.
    assert book.registry.find("S:ta Michel") == []


def test_the_compiled_pack_carries_the_swedish_names(book):
    from tarkastus import cache
    from tarkastus.registry import Registry

    oulu = book.registry.get("Oulu")
    assert oulu.name_sv == "Uleåborg" and oulu.swedish == "" and "uleaborgs" in oulu.forms
    again = cache.decode(cache.encode(book.registry))
    assert isinstance(again, Registry) and again.canonical("Uleåborgs stad") == "Oulu"
    assert again.suggest("Tammerfos") == "Tammerfors"


def test_a_table_without_nimi_sv_still_loads():
    """A user's own kunnat.yaml from before nimi_sv: the official Swedish name, or the Finnish one, is Swedish."""
    registry = load_registry({"lähde": "oma", "kunnat": [
        {"nimi": "Vaasa", "ruotsiksi": "Vasa", "kunnanumero": "905"},
        {"nimi": "Kuopio", "kunnanumero": "297"},
    ]})
    assert registry.canonical("Vasas") == "Vaasa" and registry.canonical("Vasa stad") == "Vaasa"
    assert registry.canonical("Kuopios") == "Kuopio" and registry.canonical("Vaasan kaupunki") == "Vaasa"
    assert registry.get("Uleåborg") is None
    with_sv = load_registry({"kunnat": [{"nimi": "Oulu", "nimi_sv": "Uleåborg"}]})
    assert with_sv.canonical("Uleåborgs stad") == "Oulu"
    with pytest.raises(ValueError):
        load_registry({"kunnat": [{"nimi": "Oulu", "nimi_sv": ["Uleåborg"]}]})


def test_a_user_registry_with_nimi_sv_through_the_rule_pack(tmp_path):
    from tarkastus.resources import data_dir
    from tarkastus.rulebook import build_rulebook

    user = tmp_path / "omat"
    user.mkdir()
    (user / "kunnat.yaml").write_text("lähde: testi\nkunnat:\n  - nimi: Oulu\n    nimi_sv: Uleåborg\n"
                                      "  - nimi: Laihia\n", encoding="utf-8")
    book = build_rulebook([data_dir("rules"), user])
    assert book.errors == [] and len(book.registry) == 2
    assert book.registry.canonical("Uleåborgs stad") == "Oulu" and book.registry.canonical("Laihias") == "Laihia"
    (user / "kunnat.yaml").write_text("kunnat:\n  - nimi: Oulu\n    nimi_sw: Uleåborg\n", encoding="utf-8")
    book = build_rulebook([data_dir("rules"), user])
    assert len(book.errors) == 1 and "nimi_sv" in book.errors[0].message and len(book.registry) == 308


def test_swedish_lookups_stay_linear(book):
    registry = book.registry
    short = "Avtal mellan S:t Michels stad och Uleåborgs stad i Vasa. " * 1000

    assert grows_linearly(registry.find, short, short * 20)  # linear is 20x, quadratic 400x
    start = time.process_time()
    for i in range(2000):
        registry.get(f"i Okänd{i}s kommuns")
    assert time.process_time() - start < 1.0


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["", "i ", "från ", "till "]), st.text(max_size=40),
       st.sampled_from(["", " stad", " kommun", " stads", " kommuns", "s"]))
@example("i", "\u00a8Vasa", " stad")  # norm makes "¨" a space: two words where str.split sees one
def test_random_swedish_names_never_raise(book, preposition, name, ending):
    registry = book.registry
    written = preposition + name + ending
    registry.get(written), registry.merged_into(written), registry.suggest(written), registry.find(written)


@pytest.mark.parametrize(("surname", "municipality"), [
    ("Ilmola", "Ilmajoki"), ("Lappo", "Lapua"), ("Reso", "Raisio"), ("Kumo", "Kokemäki"), ("Laukas", "Laukaa"),
])
def test_an_unofficial_swedish_name_is_no_name_in_finnish_text(book, surname, municipality):
    """The exonym risk: "Matti Ilmola" in a Finnish agreement is a person, in Swedish "Ilmola" is Ilmajoki."""
    finnish = book.registry.without_exonyms()
    assert finnish.get(surname) is None and finnish.find(f"Yhteyshenkilö Matti {surname} vastaa.") == []
    assert finnish.canonical(municipality) == municipality and finnish.canonical("Vasa stad") == "Vaasa"
    # The full registry (Swedish text, front-matter values) still knows the name.
    assert book.registry.canonical(surname) == municipality
    assert [m.name for m, _, _ in book.registry.find(f"Avtal med {surname} kommun.")] == [municipality]
    assert book.registry.without_exonyms() is finnish and finnish.without_exonyms() is finnish


def test_the_reader_uses_exonyms_only_in_swedish_text(book):
    from tarkastus.prose.facts import read_facts

    finnish = ("# Yhteistoimintasopimus työllisyysalueesta\n\n## 1. Sopijapuolet\n\n"
               "Sopijapuolina ovat Seinäjoen kaupunki (vastuukunta) ja Ilmajoen kunta. Yhteyshenkilönä "
               "toimii Matti Ilmola ja sopimuksen on valmistellut Liisa Lappo.\n")
    parties = [p["kunta"] for p in read_facts(finnish, book).data["osapuolet"]]
    assert parties == ["Seinäjoki", "Ilmajoki"]
    swedish = ("# Samarbetsavtal om sysselsättningsområdet\n\n## 1. Avtalsparter\n\n"
               "Avtalsparter är Seinäjoki stad (ansvarig kommun), Ilmola kommun och Lappo stad. Avtalet "
               "gäller för alla kommuner i området och det har godkänts av kommunerna.\n")
    parties = [p["kunta"] for p in read_facts(swedish, book).data["osapuolet"]]
    assert parties == ["Seinäjoki", "Ilmajoki", "Lapua"]
