"""Dispute resolution: negotiation first, and the body that decides.

In a sentence about disputes, or under a heading about them
("Erimielisyydet pyritään ratkaisemaan ensin neuvotteluin … hallintoriita-
asiana Turun hallinto-oikeudessa"), the body is the first of
hallinto-oikeus, välimiesmenettely and käräjäoikeus named without a
negation in the few words before it ("ei ratkaista välimiesmenettelyssä";
but "Jos neuvottelut eivät johda tulokseen, … hallinto-oikeudessa" names
the court), and ``neuvottelu`` is whether a negotiation is named.
"""

from __future__ import annotations

import re

from ..text import norm, word_index

BODIES = (("ratkaisija_hallinto_oikeus", "hallinto-oikeus"), ("ratkaisija_valimiesmenettely", "välimiesmenettely"),
          ("ratkaisija_karajaoikeus", "käräjäoikeus"))
_WORD = re.compile(r"[^\W\d_]+")
_NEGATION_WINDOW = 4  # words before a body's name in which a negation denies it


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
        if reader.get("erimielisyydet.ratkaisija") is not None or not any(
                reader.words(entry).match_index(unit.index) for entry, _ in BODIES):
            continue  # known already, or no body named here: no need to look word by word
        tokens = list(_WORD.finditer(unit.text))
        normal = [norm(m.group()) for m in tokens]
        for i in range(len(tokens)):
            # one or two words: "hallinto-oikeudessa" is two, "välimiesmenettelyssä" one
            for size in (1, 2):
                index = word_index(tuple(normal[i:i + size]))
                body = next((b for entry, b in BODIES if reader.words(entry).match_index(index)), None)
                if body is None:
                    continue
                before = word_index(tuple(normal[max(0, i - _NEGATION_WINDOW):i]))
                if negation.match_index(before):
                    continue
                reader.put("erimielisyydet.ratkaisija", body, unit.pos(tokens[i].start()), None)
                break
