"""The employment area: labour force per municipality, an exception permit, seats, a joint authority.

A table with a municipality column and a labour-force column ("Työvoima")
is ``kunnat`` with ``työvoima``; one with a seats column ("Jäsenet",
"Paikat") is ``toimielin.jäsenet``. A sentence citing a Government
decision to depart from the labour-force requirement (383/2023 4 §) is
``poikkeuslupa``, with the decision's words and date. A name ending in
"kuntayhtymä" is the joint authority's ``kuntayhtymä.nimi``.
"""

from __future__ import annotations

import re

from .dates import find_dates
from .tables import column, number, rows

# "Kaustisen seutukunnan työllisyyskuntayhtymä": up to four words before the
# word ending in kuntayhtymä (bounded repetition: linear).
_JOINT_AUTHORITY = re.compile(r"\b[A-ZÅÄÖ][\w-]*(?:[ \t]+[\w-]+){0,4}?[ \t]+[\w-]*kuntayhtymä\b|"
                              r"\b[A-ZÅÄÖ][\w-]*kuntayhtymä\b")


def read(reader) -> None:
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
    permit = reader.words("poikkeuslupa")
    for unit in reader.body.units:
        if permit.match_index(unit.index) and not reader.has("kieltosana", unit):
            reader.put("poikkeuslupa.päätös", unit.text, unit.pos(0), unit.text)
            dates = find_dates(unit.text)
            if dates:
                reader.put("poikkeuslupa.päivämäärä", dates[0].value, unit.pos(dates[0].start), dates[0].words)
            break
    if reader.get("malli") == "kuntayhtymä" or reader.get("malli") is None:
        for unit in reader.body.units:
            m = _JOINT_AUTHORITY.search(unit.text)
            if m is not None:
                reader.put("kuntayhtymä.nimi", m.group(), unit.pos(m.start()), m.group())
                break
