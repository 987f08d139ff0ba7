"""``tarkastus init``: a new agreement skeleton in the Kuntaliitto structure.

The front matter gets what the options give (type, area, parties); every
provision is a numbered heading with a ``[täydennä]`` placeholder under it.
A placeholder is not text (see ``loader.Section.has_content``), so an
unfilled skeleton reports every missing provision, and once the
placeholders are replaced by the agreement's wording, the presence rules
pass.
"""

from __future__ import annotations

import json

PLACEHOLDER = "[täydennä]"

SECTIONS = {
    "kl54": [
        "Sopijapuolet",
        "Sopimuksen tarkoitus",
        "Sopimuksen sisältö ja tehtävät",
        "Viranhaltijan palvelussuhde",
        "Kustannusten peruste, jakautuminen ja laskutus",
        "Tehtävien hoidon seuranta, ohjaus ja valvonta",
        "Vastuu vahingoista",
        "Erimielisyyksien ratkaiseminen",
        "Asiakastietojen käsittely ja tietosuoja",
        "Sopimuksen muuttaminen",
        "Sopimuksen voimassaolo ja irtisanominen",
        "Muut ehdot",
    ],
    "yhteistoimintasopimus": [
        "Sopijakunnat ja työllisyysalue",
        "Järjestämisvastuu ja vastuukunta",
        "Yhteisen toimielimen tehtävät",
        "Toimielimen kokoonpano ja jäsenten valinta",
        "Kustannusten peruste ja jakautuminen",
        "Talouden suunnittelu ja raportointi",
        "Erimielisyyksien ratkaiseminen",
        "Asiakastietojen käsittely ja tietosuoja",
        "Vastuu vahingoista",
        "Sopimuksen muuttaminen",
        "Sopimuksen voimassaolo ja irtisanominen",
    ],
    "järjestämissuunnitelma": [
        "Taloudelliset ja henkilöstövoimavarat ja niiden kohdentuminen",
        "Palvelujen tuottaminen ja kohdentaminen",
        "Toimipisteiden määrä ja sijoittuminen",
        "Yhteistyötahot ja yhteistyön muodot",
        "Työperäinen maahanmuutto, kohtaanto ja liikkuvuus",
        "Varautuminen rakennemuutostilanteisiin",
    ],
}
TITLES = {
    "kl54": "Sopimus viranomaistehtävän hoitamisesta",
    "yhteistoimintasopimus": "Yhteistoimintasopimus työvoimapalvelujen järjestämisestä",
    "järjestämissuunnitelma": "Suunnitelma työvoimapalvelujen järjestämiseksi",
}


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def render(doc_type: str, area: str | None, lead: str | None, members: list[str]) -> str:
    lines = ["---", "tarkastus: 1", f"tyyppi: {doc_type}", f"otsikko: {_quote(TITLES[doc_type])}"]
    if area:
        lines.append(f"työllisyysalue: {_quote(area)}")
    if doc_type != "järjestämissuunnitelma":
        lines.append("osapuolet:")
        lines.append(f"  - {{kunta: {_quote(lead or PLACEHOLDER)}, rooli: vastuukunta}}")
        for member in members or [PLACEHOLDER]:
            lines.append(f"  - {{kunta: {_quote(member)}, rooli: jäsenkunta}}")
    if doc_type == "yhteistoimintasopimus":
        lines += ["malli: vastuukunta", f"vastuukunta: {_quote(lead or PLACEHOLDER)}", "kunnat:"]
        for town in [lead or PLACEHOLDER, *(members or [PLACEHOLDER])]:
            lines.append(f"  - kunta: {_quote(town)}")
            lines.append("    # työvoima: 0      # työlliset + työttömät, Tilastokeskus")
    lines += ["# poikkeukset:   # tietoiset poikkeamat säännöistä, perustelu pakollinen",
              "#   - sääntö: TUNNUS", "#     perustelu: \"…\"", "---", "", f"# {TITLES[doc_type]}", ""]
    for number, heading in enumerate(SECTIONS[doc_type], start=1):
        lines += [f"## {number}. {heading}", "", PLACEHOLDER, ""]
    return "\n".join(lines)
