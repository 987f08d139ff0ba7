"""Dispute resolution: negotiation first, and the body that decides.

In a sentence about disputes ("Erimielisyydet pyritään ratkaisemaan ensin
neuvotteluin … hallintoriita-asiana Turun hallinto-oikeudessa"), the body
is the first of hallinto-oikeus, välimiesmenettely and käräjäoikeus named
in a clause that is not negated, and ``neuvottelu`` is whether a
negotiation is named.
"""

from __future__ import annotations

from .organiser import clauses

BODIES = (("ratkaisija_hallinto_oikeus", "hallinto-oikeus"), ("ratkaisija_valimiesmenettely", "välimiesmenettely"),
          ("ratkaisija_karajaoikeus", "käräjäoikeus"))


def read(reader) -> None:
    topic = reader.words("erimielisyydet")
    negation = reader.words("kieltosana")
    headings = reader.body.headings
    for unit in reader.body.units:
        under = 0 <= unit.section < len(headings) and topic.match_index(headings[unit.section].index)
        if not (under or topic.match_index(unit.index)):
            continue
        if reader.has("neuvottelu", unit):
            reader.put("erimielisyydet.neuvottelu", True, unit.pos(0), unit.text)
        for clause in clauses(unit):
            if negation.match_index(clause.index):
                continue
            for entry, body in BODIES:
                if reader.words(entry).match_index(clause.index):
                    reader.put("erimielisyydet.ratkaisija", body, unit.pos(clause.start), clause.text)
                    break
