"""Costs: the sentences that state the basis and the distribution, and a table of shares.

The basis and the distribution are the first sentences that the
provisions ``kustannusperuste`` and ``kustannusjako`` of provisions.yaml
accept (their ``teksti`` patterns) and that do not defer, so a fact and a
provision are found by the same words. A table with a municipality column
and a share column ("Osuus", "%") under any heading is
``kustannukset.osuudet``; one whose header or heading speaks of work
("Työpanos", "Arbetsinsats") is an official's work share, not a cost share.
Swedish is read by the same provisions ("Grunden för kostnaderna är …" is
the basis, "Borgå ersätter Lovisa för lönekostnaderna enligt arbetsinsats"
a distribution).
"""

from __future__ import annotations

from .tables import column, number, rows


def sentence(reader, provision: str):
    patterns = reader.provision(provision)
    for unit in reader.body.units:
        if patterns.match_index(unit.index) and not reader.defers(unit):
            return unit
    return None


def read(reader) -> None:
    doc_type = reader.kind()
    if doc_type not in ("kl54", "yhteistoimintasopimus", None):
        return
    for provision, key in (("kustannusperuste", "kustannukset.peruste"),
                           ("kustannusjako", "kustannukset.jakautuminen")):
        unit = sentence(reader, provision)
        if unit is not None:
            reader.put(key, unit.text, unit.pos(0), unit.text)
    for table in reader.body.tables:
        share = column(reader, table, "osuus_sarake", percent=True)
        if share is None or column(reader, table, "tyopanos_sarake") is not None:
            continue
        if 0 <= table.section < len(reader.body.headings) and \
                reader.words("tyopanos_sarake").match_index(reader.body.headings[table.section].index):
            continue
        items = []
        for municipality, name_cell, value_cell in rows(reader, table, share):
            value = number(value_cell.text)
            if value is None:
                continue
            items.append(({"kunta": (municipality.name, name_cell.pos), "osuus": (value, value_cell.pos)},
                          name_cell.pos, f"{name_cell.text} {value_cell.text}"))
        if items:
            reader.put_list("kustannukset.osuudet", items)
            break
    if reader.get("kustannukset.osuudet") is None:
        _shares_in_text(reader)


def _shares_in_text(reader) -> None:
    """"osuudet yhteisistä kustannuksista ovat: Kuopio 80,5 %, Siilinjärvi 12,0 % …" (two names at least)."""
    from .parties import _mentions
    from .tables import shares_in

    costs = reader.words("osuus_sarake")
    work = reader.words("tyopanos_sarake")
    about_costs = reader.words("kustannussana")
    for unit in reader.body.units:
        if not costs.match_index(unit.index) or work.match_index(unit.index) or not about_costs.match_index(unit.index):
            continue
        found = shares_in(reader, unit, _mentions(reader, unit))
        if len(found) >= 2:
            reader.put_list("kustannukset.osuudet", [
                ({"kunta": (m.name, unit.pos(start)), "osuus": (value, unit.pos(at))}, unit.pos(start), "")
                for m, start, value, at in found])
            return
