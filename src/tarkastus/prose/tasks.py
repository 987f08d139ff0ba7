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
"""

from __future__ import annotations

import re

from ..text import norm
from .parties import _mentions

_WORD = re.compile(r"[^\W\d_][\w-]*")
_CITES = re.compile(r"§|\blu(?:ku|vu|vun|vussa|vuissa|vut)\b", re.I)
_PERCENT = re.compile(r"(\d{1,3}(?:[,.]\d+)?)[ \t\u00a0]*(?:%|prosenttia)")
_LIST_GLUE = re.compile(r"[\s,]*(?:(?:ja|sekä|och|tai)\s+)?")
_COMPANY = re.compile(r"(?:[A-ZÅÄÖ][\w&-]*[ \t]+){1,4}(?:Oyj|Oy|Ab|Ky|Ay|ry)\b")


def read(reader) -> None:
    if reader.kind() != "kl54":
        return
    body = reader.body
    entry = reader.book.provisions.get("sisalto")
    patterns = entry.patterns if entry is not None else ()
    sections = set()
    for i, heading in enumerate(body.headings):
        if any(p.match_index(heading.index) for p in patterns):
            sections.update(body.under(i))
    if not sections:
        return
    units = [u for u in body.units if u.section in sections]
    title = reader.words("virkanimike")
    tasks = [u for u in units if u.item] or [u for u in units if any(title.ends(w) for w in u.words)]
    if not tasks:
        return
    lead = _lead(reader)
    shared_area = next((a for a in (_area(reader, u) for u in units if not u.item) if a), [])
    employer = _employer(reader, lead)
    shares = _work_shares(reader, units)
    items = []
    for unit in tasks[:200]:
        fields = {"tehtävä": (unit.text, unit.pos(0))}
        company = _COMPANY.search(unit.text)
        official = _official(reader, unit, lead)
        person = _person(reader, unit)
        if person is not None:
            fields["viranhaltija"] = person
        elif official is not None:
            fields["viranhaltija"] = (official[0], official[1])
        elif company is not None:
            fields["viranhaltija"] = (company.group(), unit.pos(company.start()))
        if company is not None:
            fields["työnantaja"] = (company.group(), unit.pos(company.start()))
        elif official is not None and official[2] is not None:
            fields["työnantaja"] = official[2]
        elif employer is not None:
            fields["työnantaja"] = employer
        area = _area(reader, unit) or shared_area
        if area:
            fields["alue"] = ([name for name, _ in area], area[0][1])
        if _CITES.search(unit.text):
            fields["lainkohta"] = (unit.text, unit.pos(0))
        if shares:
            fields["työpanos"] = shares
        items.append((fields, unit.pos(0), unit.text))
    seq = reader.put_list("tehtävät", [(_plain_fields(f), at, q) for f, at, q in items])
    if seq is not None and shares:
        for item in seq:
            item["työpanos"] = shares[0]
            item.key_pos["työpanos"] = shares[1]


def _plain_fields(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k != "työpanos"}


def _lead(reader):
    from .organiser import organiser

    return organiser(reader)


def _official(reader, unit, lead):
    """(title as written, position, (employer, position) or None) of the first office title in a unit."""
    title = reader.words("virkanimike")
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
        found = (m.group(), unit.pos(m.start()), employer)
        if word.startswith("viranhaltij") or word.startswith("virkailij"):
            generic = generic or found
            continue
        return found
    return generic


def _person(reader, unit):
    """(name, position) of a person named in a task: two capitalised words that are no municipality."""
    names = {s for _, s, _ in _mentions(reader, unit)}
    words_ = list(_WORD.finditer(unit.text))
    for a, b in zip(words_, words_[1:]):
        if a.start() == 0 or a.start() in names or b.start() in names:
            continue
        if not (a.group()[:1].isupper() and b.group()[:1].isupper()):
            continue
        if unit.text[a.end():b.start()] != " " or reader.has("yhtio", _Words(b.group())):
            continue
        if unit.text[max(0, a.start() - 2):a.start()].rstrip().endswith((".", ":")):
            continue
        if _COMPANY.match(unit.text, a.start()):
            continue
        return f"{a.group()} {b.group()}", unit.pos(a.start())
    return None


class _Words:
    def __init__(self, text: str) -> None:
        from ..text import word_index, words

        self.index = word_index(words(text))


def _area(reader, unit):
    """[(name, position)] of the municipalities before a word such as "kunnissa"."""
    mentions = _mentions(reader, unit)
    place = reader.words("tehtava_alue")
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

    work = reader.words("tyopanos_sarake")
    for unit in units:
        if not work.match_index(unit.index):
            continue
        mentions = _mentions(reader, unit)
        seq = None
        for municipality, start, stop in mentions:
            m = _PERCENT.match(unit.text, stop + (len(unit.text[stop:]) - len(unit.text[stop:].lstrip())))
            if m is None:
                continue
            if seq is None:
                seq = Seq(unit.pos(start))
            item = Map(unit.pos(start))
            item["kunta"] = municipality.name
            item.key_pos["kunta"] = unit.pos(start)
            value = float(m.group(1).replace(",", "."))
            item["osuus"] = int(value) if value.is_integer() else value
            item.key_pos["osuus"] = unit.pos(m.start())
            seq.append(item)
            seq.item_pos.append(unit.pos(start))
        if seq:
            return seq, seq.pos
    return None
