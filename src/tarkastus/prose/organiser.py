"""The organiser (KL 8 §) and what the text hands over of KL 8 § 2 mom.

A sentence naming the organising responsibility ("Järjestämisvastuu säilyy
kokonaisuutena Turulla", "Siilinjärvi ottaa järjestämisvastuun") is read
for its *holder*: the first municipality (or short name) named in a clause
that is not negated ("ei siirry Liedolle, vaan säilyy Turulla" holds
Turku). The fact ``järjestämisvastuu`` is such a sentence: the one whose
holder is not the organiser if there is one (the statement a rule must
see), else the first; a sentence that only negates ("Järjestämisvastuu ei
siirry Liedolle.") states no holder and is not the fact. Two sentences
with different holders are a conflict (RISTIRIITA-JARJESTAJA).

``siirretään`` (kl54): an item of KL 8 § 2 mom. (saatavuus, tuottamistapa,
tuottamisen valvonta …) with a verb of handing over, in a sentence that is
not negated and does not say it stays ("säilyy", "pysyy", "kvarstår"); with
a verb whose subject does it ("vastaa", "hoitaa", "sköter": the lexicon's
``tekijaverbi``) only when the one who does it is not the organiser.
Swedish is read the same way ("organiseringsansvaret överförs till Lovisa"
hands it over; "organiseringsansvaret kvarstår hos Borgå" does not).
"""

from __future__ import annotations

import re

from ..text import index_of, words
from .parties import _mentions

# Clauses: "ei siirry Liedolle, vaan säilyy Turulla"; "pysyy Oululla, eikä sitä siirretä
# Kempeleelle" (the negated clause keeps its "eikä"). A match starts at a comma or at the
# first blank of a run only: ",?\s+" was tried again from every blank of a long run.
_CLAUSE = re.compile(r"(?:,|(?<![\s,]))\s+(?:vaan|mutta|utan|men)\s+|;\s*|,\s+(?=(?:eikä|eika|eivätkä|och inte)\b)")
ITEMS = (("jarjestamisvastuu", "järjestämisvastuu"), ("siirto_saatavuus", "saatavuus"), ("siirto_tarve_maara_laatu", "tarve-määrä-laatu"),
         ("siirto_tuottamistapa", "tuottamistapa"), ("siirto_valvonta", "valvonta"),
         ("siirto_toimivallan_kaytto", "toimivallan-käyttö"), ("siirto_tuottaminen", "tuottaminen"))


def organiser(reader) -> str | None:
    """The lead municipality or joint authority among the parties read so far."""
    parties = reader.facts.data.get("osapuolet") or []
    for role in ("vastuukunta", "kuntayhtymä"):
        for party in parties:
            if party.get("rooli") == role:
                return party.get("kunta")
    return None


class _Clause:
    def __init__(self, text: str, start: int) -> None:
        self.text, self.start = text, start
        self.index = index_of(text)


def clauses(unit) -> list[_Clause]:
    out, begin = [], 0
    for m in _CLAUSE.finditer(unit.text):
        out.append(_Clause(unit.text[begin:m.start()], begin))
        begin = m.end()
    out.append(_Clause(unit.text[begin:], begin))
    return out


def holder(reader, unit):
    """(name, offset) of who holds what the sentence speaks of, "" for a role word only, or None."""
    mentions = _mentions(reader, unit)
    negation = reader.words("kieltosana")
    for clause in clauses(unit):
        if negation.match_index(clause.index):
            continue
        end = clause.start + len(clause.text)
        for municipality, start, _ in mentions:
            if clause.start <= start < end:
                return municipality.name, start
        if reader.words("rooli_vastuukunta").match_index(clause.index) or \
                reader.words("rooli_kuntayhtyma").match_index(clause.index) or \
                reader.words("rooli_jasenkunta").match_index(clause.index):
            return "", clause.start
    return None


def read(reader) -> None:
    lead = organiser(reader)
    statements = []
    keyword = reader.words("jarjestamisvastuu")
    negation = reader.words("kieltosana")
    permit = reader.words("poikkeuslupa")
    for unit in reader.body.units:
        if not keyword.match_index(unit.index) or permit.match_index(unit.index):
            continue
        found = holder(reader, unit)
        if found is None and (negation.match_index(unit.index) or _mentions(reader, unit)):
            continue  # only negates, or names someone only in a negated clause
        statements.append((unit, found))
    if statements:
        named = [(u, h) for u, h in statements if h and h[0]]
        deviating = [(u, h) for u, h in named if lead and h[0] != lead]
        unit, _ = (deviating or statements)[0]
        if reader.put("järjestämisvastuu", unit.text, unit.pos(0), unit.text):
            first = named[0] if named else None
            for other_unit, other in named:
                if first is not None and other[0] != first[1][0]:
                    from .facts import Conflict, Fact

                    a, b = first
                    reader.facts.conflicts.append(Conflict(
                        "JARJESTAJA", "järjestämisvastuu",
                        Fact("järjestämisvastuu", b[0], a.pos(b[1]), a.text),
                        Fact("järjestämisvastuu", other[0], other_unit.pos(other[1]), other_unit.text)))
                    break
    if reader.kind() == "kl54":
        _transfers(reader, lead)


def _transfers(reader, lead) -> None:
    verb = reader.words("siirtoverbi")
    negation = reader.words("kieltosana")
    stays = reader.words("sailyy")
    doer = reader.words("tekijaverbi")
    found = []
    seen = set()
    for unit in reader.body.units:
        if not verb.match_index(unit.index):
            continue
        for clause in clauses(unit):
            if not verb.match_index(clause.index) or negation.match_index(clause.index) \
                    or stays.match_index(clause.index):
                continue
            names = [m for m in _mentions(reader, unit) if clause.start <= m[1] < clause.start + len(clause.text)]
            clause_words = clause.index.split()
            subject_verb = next((i for i, w in enumerate(clause_words) if doer.match_index(f" {w} ")), None)
            if subject_verb is not None:
                # "Raahe vastaa saatavuudesta": who does it is named before the verb.
                before = " ".join(clause_words[:subject_verb])
                subject = next((m[0].name for m in names
                                if words(unit.text[m[1]:m[2]])[0] in before.split()), None)
                if subject is None or subject == lead:
                    continue
            elif names and lead and all(m[0].name == lead for m in names):
                continue  # handed to the organiser itself
            for entry, item in ITEMS:
                if item in seen or not reader.words(entry).match_index(clause.index):
                    continue
                seen.add(item)
                found.append((item, unit.pos(clause.start), clause.text))
    if found:
        reader.put_values("siirretään", found)
