"""The employment area: labour force per municipality, an exception permit, seats, a joint authority.

A table with a municipality column and a labour-force column ("Työvoima")
is ``kunnat`` with ``työvoima``; one with a seats column ("Jäsenet",
"Paikat") is ``toimielin.jäsenet``. A sentence citing a Government
decision to depart from the labour-force requirement (383/2023 4 §) is
``poikkeuslupa``, with the decision's words and date. A name ending in
"kuntayhtymä" is the joint authority's ``kuntayhtymä.nimi``. Swedish
tables and sentences are read by the same lexicon entries ("| Kommun |
Arbetskraft |", "| Kommun | Ledamöter |"), and a Swedish joint authority's
name too: "Kårkulla samkommun", "Vasa sjukvårdsdistrikts samkommun" (capitalised
words or genitives before the word) or "Samkommunen för arbetskraftsservice
i Sydösterbotten" (the words after it, to the end of the clause); KL55-NIMI
accepts samkommun as KL 55 § in Swedish asks for it.
"""

from __future__ import annotations

import re

from ..diagnostics import Position
from .dates import find_dates
from .tables import column, number, rows

# "Jokilaaksojen työllisyyspalvelujen kuntayhtymä": a capitalised genitive and up to
# three more genitives before the word ending in kuntayhtymä. Every run is bounded
# (_NAME_WORD letters, _GAP blanks): with "[\w-]*" each start of a word in a long
# hyphenated run ("A-A-A-…") read to its end, and 64 KB of them took seconds.
_NAME_WORD = 60
_GAP = 8
_JOINT_AUTHORITY = re.compile(rf"\b[A-ZÅÄÖ][\w-]{{0,{_NAME_WORD}}}n(?:[ \t]{{1,{_GAP}}}[\w-]{{1,{_NAME_WORD}}}n){{0,3}}"
                              rf"[ \t]{{1,{_GAP}}}[\w-]{{0,{_NAME_WORD}}}kuntayhtymä\b")


# Swedish: "Kårkulla samkommun", "Vasa sjukvårdsdistrikts samkommun" (up to three capitalised words or
# genitives before the word), "Samkommunen för arbetskraftsservice i Sydösterbotten" (to the clause's end).
_JOINT_AUTHORITY_SV = re.compile(
    rf"\b[A-ZÅÄÖ][\w-]{{0,{_NAME_WORD}}}(?:[ \t]{{1,{_GAP}}}(?:[A-ZÅÄÖ][\w-]{{0,{_NAME_WORD}}}|[\w-]{{1,{_NAME_WORD}}}s))"
    rf"{{0,2}}[ \t]{{1,{_GAP}}}samkommun\b"
    rf"|\bSamkommunen[ \t]{{1,{_GAP}}}för[ \t]{{1,{_GAP}}}[^\n.,;:()\[\]]{{1,80}}[^\s.,;:()\[\]]")


# "Keski-Savon työllisyysalue", "Turun seudun työllisyysalueen": a genitive name before the word.
_AREA = re.compile(rf"\b([A-ZÅÄÖ][\w-]{{0,{_NAME_WORD}}}n"
                   rf"(?:[ \t]{{1,{_GAP}}}(?:seudun|kaupunkiseudun|seutukunnan|maakunnan|alueen)){{0,2}})"
                   rf"[ \t]{{1,{_GAP}}}työllisyysalue\w{{0,20}}")
# Swedish: "Vasa sysselsättningsområde", "Östra Nylands sysselsättningsområdes": capitalised
# words before the word, not a sentence's first word that only points ("Detta sysselsättningsområde").
_AREA_SV = re.compile(rf"\b(?!(?:Det|Detta|Ett|Varje|Samma|Hela|Vårt)\b)"
                      rf"([A-ZÅÄÖ][\w-]{{0,{_NAME_WORD}}}"
                      rf"(?:[ \t]{{1,{_GAP}}}(?:[A-ZÅÄÖ][\w-]{{0,{_NAME_WORD}}}|ekonomiska|regions)){{0,2}})"
                      rf"[ \t]{{1,{_GAP}}}sysselsättningsområde(?:ts|t|s|n)?\b")


def area_in(text: str):
    """(match, name) of the first employment area ``text`` names, else None.

    "Turun työllisyysalueen" names "Turun työllisyysalue", "Vasa
    sysselsättningsområdes" "Vasa sysselsättningsområde" (the name as the
    agreement writes it, in its language).
    """
    found = [(m, word) for m, word in ((_AREA.search(text), "työllisyysalue"),
                                       (_AREA_SV.search(text), "sysselsättningsområde")) if m is not None]
    if not found:
        return None
    m, word = min(found, key=lambda pair: pair[0].start())
    return m, f"{m.group(1)} {word}"


def read(reader) -> None:
    if reader.get("työllisyysalue") is None:
        for unit in reader.body.units:
            found = area_in(unit.text)
            if found is not None:
                m, name = found
                reader.put("työllisyysalue", name, unit.pos(m.start()), m.group())
                break
    doc_type = reader.kind()
    if doc_type not in ("yhteistoimintasopimus", None):
        return
    for table in reader.body.tables:
        labour = column(reader, table, "tyovoima_sarake")
        if labour is not None and reader.get("kunnat") is None:
            items = []
            for municipality, name_cell, value_cell in rows(reader, table, labour):
                value = number(value_cell.text)
                fields = {"kunta": (municipality.name, name_cell.pos)}
                if isinstance(value, int):
                    fields["työvoima"] = (value, value_cell.pos)
                items.append((fields, name_cell.pos, f"{name_cell.text} {value_cell.text}"))
            reader.put_list("kunnat", items)
            continue
        seats = column(reader, table, "paikat_sarake")
        if seats is not None and column(reader, table, "osuus_sarake", percent=True) != seats:
            items = []
            for municipality, name_cell, value_cell in rows(reader, table, seats):
                value = number(value_cell.text)
                if isinstance(value, int):
                    items.append(({"kunta": (municipality.name, name_cell.pos), "paikat": (value, value_cell.pos)},
                                  name_cell.pos, f"{name_cell.text} {value_cell.text}"))
            reader.put_list("toimielin.jäsenet", items)
    if reader.get("toimielin.jäsenet") is None:
        _seats_in_text(reader)
    permit = reader.words("poikkeuslupa")
    granted = []
    for unit in reader.body.units:
        if not permit.match_index(unit.index) or reader.has("kieltosana", unit):
            continue
        if reader.has("poikkeuslupa_haku", unit) and not reader.has("poikkeuslupa_paatos", unit):
            continue  # "hakevat poikkeuslupaa": applied for, not granted
        granted.append((unit, find_dates(unit.text)))
    if granted:
        # The sentence that dates the decision, else the first ("… luvan (ks. 3 kohta)" refers to it).
        unit, dates = next((g for g in granted if g[1]), granted[0])
        reader.put("poikkeuslupa.päätös", unit.text, unit.pos(0), unit.text)
        if dates:
            reader.put("poikkeuslupa.päivämäärä", dates[0].value, unit.pos(dates[0].start), dates[0].words)
    if reader.get("malli") == "kuntayhtymä" or reader.get("malli") is None:
        for unit in reader.body.units:
            m = _JOINT_AUTHORITY.search(unit.text) or _JOINT_AUTHORITY_SV.search(unit.text)
            if m is not None:
                reader.put("kuntayhtymä.nimi", m.group(), unit.pos(m.start()), m.group())
                return
        for heading in reader.body.headings[:1]:  # a basic agreement titled by the authority's name
            m = _JOINT_AUTHORITY_SV.match(heading.title) or _JOINT_AUTHORITY.match(heading.title)
            if m is not None and m.end() == len(heading.title.rstrip()):
                reader.put("kuntayhtymä.nimi", m.group(), Position(heading.line, heading.column), m.group())


def _seats_in_text(reader) -> None:
    """"Iisalmi valitsee neljä (4) jäsentä, Kiuruvesi kaksi (2) sekä Pielavesi ja Vieremä kukin yhden (1)".

    In sentences (or list items) about choosing members, each municipality
    gets the number written after it, before the next name; names followed
    by no number of their own share the next one when "kukin" says so.
    """
    from ..text import norm
    from .dates import number_at
    from .parties import _mentions

    choose = reader.words("paikat_lause")
    items = []
    seen = set()
    for unit in reader.body.units:
        if not choose.match_index(unit.index):
            continue
        mentions = _mentions(reader, unit)
        pending = []
        for k, (municipality, start, stop) in enumerate(mentions):
            end = mentions[k + 1][1] if k + 1 < len(mentions) else len(unit.text)
            gap = unit.text[stop:end]
            found = number_at(gap)
            if found is None:
                pending.append((municipality, start))
                continue
            value, offset = found
            each = any(word in norm(gap) for word in ("kukin", "kumpikin", "vardera", "var och en"))
            for name, at in (pending if each else []) + [(municipality, start)]:
                if name.name not in seen:
                    seen.add(name.name)
                    items.append(({"kunta": (name.name, unit.pos(at)), "paikat": (value, unit.pos(stop + offset))},
                                  unit.pos(at), ""))
            pending = []
    if items:
        reader.put_list("toimielin.jäsenet", items)
