"""Tasks of a KL 54 § agreement: what, on what legal basis, by whom, employed by whom, where.

Read from the section whose heading the provision ``sisalto`` names
("Sopimuksen sisältö", "Tehtävät"): each list item is a task, or without a
list each sentence naming an office title. For each task:

* ``viranhaltija``: the office title (a word ending as the lexicon's
  ``virkanimike``, "työllisyysasiantuntija"), or a person's name when the
  text names one ("Matti Meikäläinen"), or the company named as doing it;
* ``työnantaja``: a company ("Työllisyyspalvelut Savo Oy"), else the
  municipality in the genitive before the title ("Liedon
  työllisyysasiantuntijat"), else the one the text says employs the
  officials ("virkasuhteessa Lietoon");
* ``alue``: the municipalities before a word such as "kunnissa" ("Liedon
  ja Auran kunnissa"), in the task or in the section's opening sentence;
* ``lainkohta``: the task's words when they cite a section or chapter;
* ``työpanos``: "työpanoksesta kohdistuu Liedolle 75 % ja Auralle 25 %".

Swedish alike: "Korsholms sysselsättningsspecialister sköter på Vasas
vägnar jobbsökarens serviceprocess enligt 4 kap." names the office
(-specialister), its employer (Korsholms) and the chapter.
"""

from __future__ import annotations

import re

from ..text import norm, pattern_set
from .parties import _mentions

_WORD = re.compile(r"[^\W\d_][\w-]*")
# "4 luvussa", Swedish "4 kap.", "kapitlet"
_CITES = re.compile(r"§|\blu(?:ku|vu|vun|vussa|vuissa|vut)\b|\bkap(?:\.|itel|itlet)", re.I)
_LIST_GLUE = re.compile(r"[\s,]*(?:(?:ja|sekä|tai|och|samt|eller)\s+)?")
# Bounded runs: "[\w&-]*" read a long hyphenated run ("A-A-A-…") to its end from every capital in it.
_COMPANY = re.compile(r"(?:[A-ZÅÄÖ][\w&-]{0,60}[ \t]{1,8}){1,4}(?:Oyj|Oy|Ab|Ky|Ay|ry)\b")


def read(reader) -> None:
    if reader.kind() != "kl54":
        return
    body = reader.body
    entry = reader.book.provisions.get("sisalto")
    patterns = pattern_set(entry.patterns if entry is not None else ())
    sections = set()
    for i, heading in enumerate(body.headings):
        if patterns.match_index(heading.index):
            sections.update(body.under(i))
    if not sections:
        return
    units = [u for u in body.units if u.section in sections]
    title = reader.words("virkanimike")
    generic = reader.words("virkanimike_yleinen")
    # Each list item is a task (all its sentences); without a list, each
    # sentence that names an office title other than "viranhaltija".
    groups: dict[int, list] = {}
    for unit in units:
        if unit.item:
            groups.setdefault(unit.paragraph, []).append(unit)
    tasks = list(groups.values()) or [[u] for u in units if _COMPANY.search(u.text) or _person(reader, u) or any(
        title.ends(w) and not generic.match_index(f" {w} ") for w in u.words)]
    if not tasks:
        return
    lead = _lead(reader)
    intro = [u for u in units if not u.item]
    shared_official = next((o for o in (_official(reader, u, lead) for u in intro) if o), None)
    employer = _employer(reader, lead)
    shares = _work_shares(reader, units)
    items = []
    for group in tasks[:200]:
        unit = group[0]
        fields = {"tehtävä": (unit.text, unit.pos(0))}
        company = next((m for m in (_COMPANY.search(u.text) for u in group) if m), None)
        company_unit = next((u for u in group if _COMPANY.search(u.text)), unit)
        official = _best(o for o in (_official(reader, u, lead) for u in group) if o) or shared_official
        person = next((p for p in (_person(reader, u) for u in group) if p), None)
        if official is not None and (person is None or not official[3]):
            fields["viranhaltija"] = (official[0], official[1])
        elif person is not None:  # a person instead of an office (KL54-VIRANHALTIJA)
            fields["viranhaltija"] = person
        elif official is not None:
            fields["viranhaltija"] = (official[0], official[1])
        elif company is not None:
            fields["viranhaltija"] = (company.group(), company_unit.pos(company.start()))
        if company is not None:
            fields["työnantaja"] = (company.group(), company_unit.pos(company.start()))
        elif official is not None and official[2] is not None:
            fields["työnantaja"] = official[2]
        elif employer is not None:
            fields["työnantaja"] = employer
        area = _area(reader, group, lead) or _area(reader, intro, lead)
        if area:
            fields["alue"] = ([name for name, _ in area], area[0][1])
        cites = next((u for u in group if _CITES.search(u.text)), None)
        if cites is not None:
            fields["lainkohta"] = (cites.text, cites.pos(0))
        items.append((fields, unit.pos(0), unit.text))
    seq = reader.put_list("tehtävät", items)
    if seq is not None and shares:
        for item in seq:
            item["työpanos"] = shares[0]
            item.key_pos["työpanos"] = shares[1]


def _best(found):
    """The first specific office title, else the first generic one ("viranhaltijat")."""
    found = list(found)
    return next((o for o in found if not o[3]), found[0] if found else None)


def _lead(reader):
    from .organiser import organiser

    return organiser(reader)


def _official(reader, unit, lead):
    """(title as written, position, (employer, position) or None) of the first office title in a unit."""
    title = reader.words("virkanimike")
    general = reader.words("virkanimike_yleinen")
    mentions = _mentions(reader, unit)
    generic = None
    for m in _WORD.finditer(unit.text):
        word = norm(m.group())
        if not title.ends(word):
            continue
        employer = None
        before = [x for x in mentions if x[2] <= m.start() and not unit.text[x[2]:m.start()].strip()]
        if before and before[-1][0].name != lead:
            employer = (before[-1][0].name, unit.pos(before[-1][1]))
        if general.match_index(f" {word} "):
            generic = generic or (m.group(), unit.pos(m.start()), employer, True)
            continue
        written = m.group()
        after = unit.text[m.end():m.end() + 80]
        from .names import person_in

        person = person_in(after, reader.registry, sentence_start_too=True) if after.startswith(" ") else None
        if person is not None and person[0] == 1:  # "työllisyysasiantuntija Matti Meikäläinen": as written
            written = f"{written} {person[1]}"
        return written, unit.pos(m.start()), employer, False
    return generic


def _person(reader, unit):
    """(name, position) of a person named in a task ("Matti Meikäläinen"), see ``names.person_in``."""
    from .names import person_in

    found = person_in(unit.text, reader.registry)
    if found is None or _COMPANY.match(unit.text, found[0]):
        return None
    return found[1], unit.pos(found[0])


def _area(reader, units, lead):
    """[(name, position)] of the municipalities where a task is performed, from ``units``.

    First the names before a word such as "kunnissa" ("Liedon ja Auran
    kunnissa"); else, in a sentence saying where the task is done
    ("Tehtäviä hoidetaan Kaarinassa", "… hoitaa … Tuusniemen ja Kaavin
    palvelupisteissä"), the names other than the organiser's, the
    employer's before an office title and the one on whose behalf the task
    is done ("Turun lukuun", "på Vasas vägnar").
    """
    place = reader.words("tehtava_alue")
    for unit in units:
        mentions = _mentions(reader, unit)
        text = unit.text
        for m in _WORD.finditer(text):
            if not place.match_index(f" {norm(m.group())} "):
                continue
            chain = []
            end = m.start()
            for municipality, start, stop in reversed([x for x in mentions if x[2] <= m.start()]):
                gap = text[stop:end]
                if _LIST_GLUE.fullmatch(gap) is None and norm(gap.strip()) not in ("kunnan", "kaupungin"):
                    break
                chain.append((municipality.name, unit.pos(start)))
                end = start
            if chain:
                return list(reversed(chain))
    doing = reader.words("tehtava_hoidetaan")
    title = reader.words("virkanimike")
    behalf = reader.words("tehtava_lukuun")
    for unit in units:
        if not doing.match_index(unit.index):
            continue
        names = []
        for municipality, start, stop in _mentions(reader, unit):
            following = _WORD.match(unit.text, stop + 1) if unit.text[stop:stop + 1] == " " else None
            if municipality.name == lead or (following is not None and title.ends(norm(following.group()))):
                continue
            if following is not None and behalf.match_index(f" {norm(following.group())} "):
                continue  # "Turun lukuun", "på Vasas vägnar": on whose behalf, not where
            if municipality.name not in [n for n, _ in names]:
                names.append((municipality.name, unit.pos(start)))
        if names:
            return names
    return []


def _employer(reader, lead):
    """(name, position) of the municipality the text says employs the officials, or None."""
    employs = reader.words("tyonantaja")
    for unit in reader.body.units:
        if not employs.match_index(unit.index):
            continue
        for municipality, start, _ in _mentions(reader, unit):
            if municipality.name != lead:
                return municipality.name, unit.pos(start)
    return None


def _work_shares(reader, units):
    """((Seq of {kunta, osuus}), position) from "työpanoksesta kohdistuu Liedolle 75 % ja Auralle 25 %"."""
    from ..documents.loader import Map, Seq
    from .tables import shares_in

    work = reader.words("tyopanos_sarake")
    for unit in units:
        if not work.match_index(unit.index):
            continue
        found = shares_in(reader, unit, _mentions(reader, unit))
        if not found:
            continue
        seq = Seq(unit.pos(found[0][1]))
        for municipality, start, value, at in found:
            item = Map(unit.pos(start))
            item["kunta"], item.key_pos["kunta"] = municipality.name, unit.pos(start)
            item["osuus"], item.key_pos["osuus"] = value, unit.pos(at)
            seq.append(item)
            seq.item_pos.append(unit.pos(start))
        return seq, seq.pos
    return None
