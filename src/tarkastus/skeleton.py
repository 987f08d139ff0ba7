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
import re

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


# ---- a missing section, for its fix (fixes.py) ---------------------------------------------------

_NUMBER = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(\d+)(?=[.)]?[ \t])")


def missing_section(doc, provision: str, book, lang: str = "fi", memo: dict | None = None):
    """The skeleton's heading for ``provision`` and the edits that put it in ``doc`` with a placeholder.

    Returns ``(heading, [(start, end, text)])`` (character offsets in
    ``doc.text``), or None when the skeleton of the document's type has no
    heading naming the provision (by its ``otsikot``). The heading goes
    where the skeleton has it: before the first section of the document's
    numbered level that the skeleton puts after it (a section is placed by
    the provisions its heading names), else at the end. In a numbered
    document it takes the number after the section before it, and the
    sections after it that would repeat a number move up by one. Its level,
    line endings and language are the document's. ``memo`` keeps the
    headings' matches between calls for one document.
    """
    from .diagnostics import SourceLines
    from .text import index_of, pattern_set

    headings = (SECTIONS_SV if lang == "sv" else SECTIONS).get(doc.doc_type)
    if not headings or provision not in book.provisions:
        return None
    named = [name for name, entry in book.provisions.items() if entry.patterns]
    memo = {} if memo is None else memo

    def provisions_of(index: str) -> set:
        if index not in memo:
            memo[index] = {name for name in named if pattern_set(book.provisions[name].patterns).match_index(index)}
        return memo[index]

    skeleton = [provisions_of(index_of(h)) for h in headings]
    place = next((i for i, names in enumerate(skeleton) if provision in names), None)
    if place is None:
        return None
    text = doc.text
    lines = SourceLines(text)
    numbered = {}
    for section in doc.sections:
        match = _NUMBER.match(lines.line(section.pos.line) or "")
        if match:
            numbered[id(section)] = (int(match.group(1)), lines.starts[section.pos.line - 1] + match.start(1),
                                     lines.starts[section.pos.line - 1] + match.end(1))
    levels = [s.level for s in doc.sections if id(s) in numbered] or [s.level for s in doc.sections if s.level > 1]
    level = max(sorted(set(levels)), key=levels.count) if levels else 2  # the most common (the highest of a tie)
    peers = [s for s in doc.sections if s.level == level]

    def skeleton_place(section) -> int | None:
        """The skeleton heading that names the provisions this heading names most nearly alike."""
        names = provisions_of(section.index)
        scores = [(len(found & names) / len(found | names), -i) for i, found in enumerate(skeleton) if found & names]
        return -max(scores)[1] if scores else None

    after = next((s for s in peers if (p := skeleton_place(s)) is not None and p > place), None)
    newline = "\r\n" if "\r\n" in text else "\n"
    before = [s for s in peers if after is None or s.pos.line < after.pos.line]
    number = None
    if numbered:
        previous = next((numbered[id(s)][0] for s in reversed(before) if id(s) in numbered), 0)
        number = previous + 1
    title = f"{number}. {headings[place]}" if number is not None else headings[place]
    block = f"{'#' * level} {title}{newline}{newline}{placeholder(lang)}{newline}"
    edits = []
    if after is not None:
        edits.append((lines.starts[after.pos.line - 1],) * 2 + (block + newline,))
        expected = number
        for section in peers[peers.index(after):]:
            found = numbered.get(id(section))
            if found is None or found[0] != expected:
                break
            edits.append((found[1], found[2], str(expected + 1)))
            expected += 1
    elif text.endswith("\n"):
        edits.append((len(text), len(text), ("" if text.endswith(newline * 2) or not text.strip() else newline)
                      + block))
    else:
        edits.append((len(text), len(text), newline * 2 + block.removesuffix(newline)))
    return title, edits
