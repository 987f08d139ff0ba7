"""The municipality register (rules/kunnat.yaml): the 2025 classification is
complete, every name and code is unambiguous, every municipality has its
Swedish name as Statistics Finland gives it, and the file stays sorted.

The counts are fixed on purpose: a merger changes them, and whoever updates
the register for a new year should have to update these numbers too.
"""

from __future__ import annotations

from pathlib import Path

import yaml

REGISTRY = Path(__file__).resolve().parents[1] / "rules" / "kunnat.yaml"

# 309 in 2021-2024; Pertunmaa was merged into Mäntyharju on 1.1.2025.
COUNT = 308
ALAND = 16
REGIONS = 19
# 34 bilingual municipalities (all on the mainland) and the 16 Swedish-only ones of Åland.
WITH_SWEDISH_NAME = 50
# Finnish-speaking municipalities with an established (unofficial) Swedish name in the
# classification (nimi_sv differs from nimi); the other 178 have none of their own.
WITH_ESTABLISHED_SWEDISH_NAME = 80

KEYS = {"nimi", "ruotsiksi", "nimi_sv", "kunnanumero", "maakunta", "aiemmat"}
FINNISH_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"


def load() -> dict:
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


def municipalities() -> list[dict]:
    return load()["kunnat"]


def by_name() -> dict[str, dict]:
    return {m["nimi"]: m for m in municipalities()}


def finnish_key(name: str) -> list[int]:
    # Å, Ä, Ö come after Z; spaces and hyphens do not count (Koski Tl, Mänttä-Vilppula).
    return [FINNISH_ALPHABET.index(ch) for ch in name.lower() if ch not in " -"]


def test_header_fields():
    data = load()
    assert "Tilastokeskus" in data["lähde"]
    assert str(data["voimassa"]) == "2025-01-01"


def test_count():
    kunnat = municipalities()
    assert len(kunnat) == COUNT
    assert sum(1 for m in kunnat if m["maakunta"] == "Ahvenanmaa") == ALAND


def test_regions():
    regions = {m["maakunta"] for m in municipalities()}
    assert len(regions) == REGIONS
    assert {"Uusimaa", "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Savo", "Ahvenanmaa"} <= regions


def test_entries_have_known_fields_only():
    for m in municipalities():
        assert set(m) <= KEYS, m
        assert {"nimi", "nimi_sv", "kunnanumero", "maakunta"} <= set(m), m
        assert all(isinstance(m[k], str) and m[k].strip() == m[k] != "" for k in m if k != "aiemmat"), m


def test_no_duplicate_names():
    names = [m["nimi"] for m in municipalities()]
    assert len(names) == len(set(names))


def test_no_duplicate_swedish_names():
    swedish = [m["ruotsiksi"] for m in municipalities() if "ruotsiksi" in m]
    assert len(swedish) == WITH_SWEDISH_NAME
    assert len(swedish) == len(set(swedish))


def test_swedish_name_is_not_another_municipalitys_finnish_name():
    finnish = by_name()
    for m in finnish.values():
        sv = m.get("ruotsiksi")
        if sv in finnish:
            assert sv == m["nimi"], f"{m['nimi']}: ruotsiksi {sv} on toisen kunnan nimi"


def test_every_municipality_has_its_statistics_finland_swedish_name():
    kunnat = municipalities()
    # The official Swedish name is the classification's Swedish name.
    assert all(m["nimi_sv"] == m["ruotsiksi"] for m in kunnat if "ruotsiksi" in m)
    established = [m for m in kunnat if "ruotsiksi" not in m and m["nimi_sv"] != m["nimi"]]
    assert len(established) == WITH_ESTABLISHED_SWEDISH_NAME
    assert sum(1 for m in kunnat if "ruotsiksi" not in m and m["nimi_sv"] == m["nimi"]) == (
        COUNT - WITH_SWEDISH_NAME - WITH_ESTABLISHED_SWEDISH_NAME)


def test_swedish_names_are_unambiguous():
    finnish = by_name()
    sv = [m["nimi_sv"] for m in municipalities()]
    assert len(sv) == len(set(sv))
    for m in finnish.values():
        other = finnish.get(m["nimi_sv"])
        assert other is None or other is m, f"{m['nimi']}: nimi_sv {m['nimi_sv']} on toisen kunnan nimi"


def test_known_established_swedish_names():
    names = by_name()
    pairs = {"Laihia": "Laihela", "Oulu": "Uleåborg", "Tampere": "Tammerfors", "Hämeenlinna": "Tavastehus",
             "Lappeenranta": "Villmanstrand", "Pori": "Björneborg", "Mikkeli": "S:t Michel",
             "Savonlinna": "Nyslott", "Kajaani": "Kajana", "Iisalmi": "Idensalmi", "Uusikaupunki": "Nystad",
             "Naantali": "Nådendal", "Raisio": "Reso", "Lieto": "Lundo", "Paimio": "Pemar",
             "Pirkkala": "Birkala", "Laitila": "Letala", "Mynämäki": "Virmo", "Järvenpää": "Träskända",
             "Kerava": "Kervo", "Lahti": "Lahtis", "Hartola": "Gustav Adolfs", "Akaa": "Ackas",
             "Ylitornio": "Övertorneå", "Koski Tl": "Koskis"}
    assert {name: names[name]["nimi_sv"] for name in pairs} == pairs
    # None of them is official.
    assert not any("ruotsiksi" in names[name] for name in pairs)
    # No Swedish name of its own: the classification repeats the Finnish one.
    for name in ("Kuopio", "Jyväskylä", "Kangasala", "Ylöjärvi", "Masku", "Urjala", "Nokia"):
        assert names[name]["nimi_sv"] == name


def test_former_names_are_not_current_names():
    current = set(by_name()) | {m[k] for m in municipalities() for k in ("ruotsiksi", "nimi_sv") if k in m}
    former = [name for m in municipalities() for name in m.get("aiemmat", [])]
    assert len(former) == len(set(former))
    assert not current & set(former)
    assert by_name()["Kankaanpää"]["aiemmat"] == ["Honkajoki"]
    assert by_name()["Nurmes"]["aiemmat"] == ["Valtimo"]
    assert "Jalasjärvi" in by_name()["Kurikka"]["aiemmat"]
    assert "Vöyri-Maksamaa" in by_name()["Vöyri"]["aiemmat"]
    assert by_name()["Mäntyharju"]["aiemmat"] == ["Pertunmaa"]


def test_codes_are_unique_three_digit_strings():
    codes = [m["kunnanumero"] for m in municipalities()]
    assert all(isinstance(c, str) and len(c) == 3 and c.isdigit() for c in codes)
    assert len(codes) == len(set(codes))


def test_known_codes():
    names = by_name()
    known = {"Turku": "853", "Helsinki": "091", "Kokkola": "272", "Leppävirta": "420",
             "Siilinjärvi": "749", "Kuopio": "297", "Maarianhamina": "478", "Pedersören kunta": "599"}
    assert {name: names[name]["kunnanumero"] for name in known} == known


def test_known_swedish_names():
    names = by_name()
    pairs = {"Vaasa": "Vasa", "Mustasaari": "Korsholm", "Pietarsaari": "Jakobstad",
             "Kokkola": "Karleby", "Raasepori": "Raseborg", "Porvoo": "Borgå",
             "Helsinki": "Helsingfors", "Maarianhamina": "Mariehamn", "Jomala": "Jomala"}
    assert {name: names[name].get("ruotsiksi") for name in pairs} == pairs
    # Monolingual Finnish municipalities have no official Swedish name.
    assert "ruotsiksi" not in names["Laihia"]
    assert "ruotsiksi" not in names["Oulu"]


def test_easily_misspelt_municipalities_exist():
    names = by_name()
    for name in ("Siilinjärvi", "Leppävirta", "Kuopio", "Lestijärvi", "Halsua", "Kaustinen",
                 "Toholampi", "Veteli", "Pedersören kunta", "Mänttä-Vilppula", "Koski Tl"):
        assert name in names, name
    assert names["Isokyrö"]["maakunta"] == "Etelä-Pohjanmaa"  # moved from Pohjanmaa in 2021
    for gone in ("Pertunmaa", "Honkajoki", "Valtimo", "Siilijärvi"):
        assert gone not in names, gone


def test_sorted_in_finnish_order():
    names = [m["nimi"] for m in municipalities()]
    assert names == sorted(names, key=finnish_key)
    assert names[0] == "Akaa"
    assert names[-3:] == ["Ypäjä", "Ähtäri", "Äänekoski"]
