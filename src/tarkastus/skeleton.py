"""``tarkastus init``: a new agreement skeleton in the Kuntaliitto structure.

The front matter gets what the options give (type, area, parties); every
provision is a numbered heading with a ``[täydennä]`` placeholder under it.
A placeholder is not text (see ``loader.Section.has_content``), so an
unfilled skeleton reports every missing provision, and once the
placeholders are replaced by the agreement's wording, the presence rules
pass.

``--kieli sv`` writes the skeleton of a Swedish agreement: the headings,
title, comments and placeholder (``[komplettera]``) in Swedish, the keys of
the front matter and their values as the format has them (in Finnish).
English agreements are not a thing: with ``en`` the skeleton is Finnish.
"""

from __future__ import annotations

import json

PLACEHOLDER = "[täydennä]"
PLACEHOLDERS = {"fi": PLACEHOLDER, "sv": "[komplettera]"}

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
# The same structure in Swedish, heading by heading.
SECTIONS_SV = {
    "kl54": [
        "Avtalsparter",
        "Avtalets syfte",
        "Avtalets innehåll och uppgifter",
        "Tjänsteinnehavarens anställningsförhållande",
        "Grunderna för kostnaderna, kostnadsfördelningen och faktureringen",
        "Uppföljning, styrning och tillsyn av hur uppgifterna sköts",
        "Skadeståndsansvar",
        "Lösning av meningsskiljaktigheter",
        "Behandling av kunduppgifter och dataskydd",
        "Ändring av avtalet",
        "Avtalets giltighet och uppsägning",
        "Övriga villkor",
    ],
    "yhteistoimintasopimus": [
        "Avtalskommunerna och sysselsättningsområdet",
        "Organiseringsansvaret och ansvarskommunen",
        "Det gemensamma organets uppgifter",
        "Organets sammansättning och val av medlemmar",
        "Grunderna för kostnaderna och kostnadsfördelningen",
        "Ekonomisk planering och rapportering",
        "Lösning av meningsskiljaktigheter",
        "Behandling av kunduppgifter och dataskydd",
        "Skadeståndsansvar",
        "Ändring av avtalet",
        "Avtalets giltighet och uppsägning",
    ],
    "järjestämissuunnitelma": [
        "Ekonomiska resurser och personalresurser och hur de fördelas",
        "Produktion och inriktning av tjänsterna",
        "Antalet verksamhetsställen och deras placering",
        "Samarbetsparter och samarbetsformer",
        "Arbetskraftsinvandring, matchning och rörlighet",
        "Beredskap för strukturomvandlingar",
    ],
}
TITLES_SV = {
    "kl54": "Avtal om skötseln av en myndighetsuppgift",
    "yhteistoimintasopimus": "Samarbetsavtal om ordnandet av arbetskraftsservice",
    "järjestämissuunnitelma": "Plan för ordnandet av arbetskraftsservice",
}
_COMMENTS = {
    "fi": ("# työvoima: 0      # työlliset + työttömät, Tilastokeskus",
           "# poikkeukset:   # tietoiset poikkeamat säännöistä, perustelu pakollinen",
           "#   - sääntö: TUNNUS"),
    "sv": ("# työvoima: 0      # sysselsatta + arbetslösa, Statistikcentralen",
           "# poikkeukset:   # medvetna avvikelser från reglerna, motivering obligatorisk",
           "#   - sääntö: KOD"),
}


def placeholder(lang: str = "fi") -> str:
    """What stands for a provision's missing text in a skeleton of ``lang``."""
    return PLACEHOLDERS.get(lang, PLACEHOLDER)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def render(doc_type: str, area: str | None, lead: str | None, members: list[str], lang: str = "fi") -> str:
    swedish = lang == "sv"
    title = (TITLES_SV if swedish else TITLES)[doc_type]
    sections = (SECTIONS_SV if swedish else SECTIONS)[doc_type]
    PLACEHOLDER = placeholder(lang)  # noqa: N806 (the module's, in this language)
    labour, deviations, rule = _COMMENTS["sv" if swedish else "fi"]
    lines = ["---", "tarkastus: 1", f"tyyppi: {doc_type}", f"otsikko: {_quote(title)}"]
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
            lines.append(f"    {labour}")
    lines += [deviations, rule, "#     perustelu: \"…\"", "---", "", f"# {title}", ""]
    for number, heading in enumerate(sections, start=1):
        lines += [f"## {number}. {heading}", "", PLACEHOLDER, ""]
    return "\n".join(lines)
