"""Monitoring of the task (KL 54 § 2 mom.): who monitors, and by what means.

Read from the sentences the provision ``seuranta`` of provisions.yaml
accepts (its ``teksti`` patterns) and from the text under a heading it
names ("Tehtävien hoidon seuranta ja valvonta"), so that a fact and the
provision are found by the same words. ``seuranta.vastuu`` is the
municipality named in a sentence that gives the responsibility ("Turku
vastaa tehtävien hoidon seurannasta", "seuranta- ja valvontavastuu on
Kuopiolla"); ``seuranta.keinot`` are the words of the means the lexicon's
``seurantakeino`` names ("raportoi", "asiakastyytyväisyysmittauksia"), as
written. A sentence that only defers states neither. The words that give
the responsibility are the lexicon's ``vastuusana`` ("vastaa", "ansvarar",
"uppföljningsansvar"), so Swedish is read alike ("Vasa följer upp hur
uppgifterna sköts och ansvarar för tillsynen").
"""

from __future__ import annotations

import re

from ..text import norm
from .organiser import organiser
from .parties import _mentions

_WORD = re.compile(r"[^\W\d_][\w-]*")


def read(reader) -> None:
    if reader.kind() not in ("kl54", None):
        return
    sentences, titles = reader.provision("seuranta"), reader.provision("seuranta", headings=True)
    under = {i for i, h in enumerate(reader.body.headings) if titles.match_index(h.index)}
    units = [u for u in reader.body.units
             if (u.section in under or sentences.match_index(u.index)) and not reader.defers(u)]
    means = reader.words("seurantakeino")
    responsible = reader.words("vastuusana")
    lead_word = reader.words("rooli_vastuukunta")
    found = []
    for unit in units:
        if reader.get("seuranta.vastuu") is None and responsible.match_index(unit.index):
            names = _mentions(reader, unit)
            if names:
                reader.put("seuranta.vastuu", names[0][0].name, unit.pos(names[0][1]), None)
            elif lead_word.match_index(unit.index) and organiser(reader):
                # "seuranta- ja valvontavastuu on vastuukunnalla": the lead, as the party clause names it
                at = next((m.start() for m in _WORD.finditer(unit.text)
                           if lead_word.match_index(f" {norm(m.group())} ")), 0)
                reader.put("seuranta.vastuu", organiser(reader), unit.pos(at), None)
        for m in _WORD.finditer(unit.text):
            if means.match_index(f" {norm(m.group())} ") and len(found) < 20:
                found.append((m.group(), unit.pos(m.start()), m.group()))
    if found:
        reader.put_values("seuranta.keinot", found)
