"""Parties and their roles, in the five shapes real party clauses take.

1. A sentence listing the municipalities, then "X toimii vastuukuntana
   (jäljempänä vastuukunta)";
2. the role in brackets after a name: "Sastamalan kaupunki (vastuukunta),
   Hämeenkyrön kunta, Punkalaitumen kunta (muut osapuolet)";
3. role sub-headings "1.1 Vastuukunta" / "1.2 Muut sopijakunnat";
4. label lines "Vastuukunta:" then "Turun kaupunki";
5. defined short names "Mikkelin kaupunki (jäljempänä tässä sopimuksessa
   Mikkeli tai Vastuukunta)", which are then names of their own in the text;
6. the role before the name, with a verb between: "Vastuukuntana toimii
   Keravan kaupunki", "jäsenkuntina ovat …" (``rooli_verbi``).

Read from the party section (a heading such as "Sopijapuolet") and the text
before the first heading; without such a heading, from the first section.
A municipality followed by a word such as "työllisyysalue" ("Turun
työllisyysalueen vastuukuntana") names the area, not a party (``area``
reads the area's name). Parties without a stated role are members when
another party is the lead.

Swedish clauses take the same shapes ("Ansvarig kommun:", "Övriga parter:",
"Vasa stad (ansvarskommun)", "(nedan Vasa)", "Borgå stad i egenskap av
ansvarskommun", "Vasa stad, ansvarskommun för Vasa sysselsättningsområde",
"Som ansvarskommun fungerar Borgå stad");
the words are the lexicon's, the role after a name in either language is
``rooli_muoto`` (an ending in Finnish, a word before it in Swedish).
"""

from __future__ import annotations

import re

from ..text import index_of, norm, word_index, words

ROLE_WORDS = (("rooli_toinen_alue", "toisen-alueen-vastuukunta"), ("rooli_vastuukunta", "vastuukunta"),
              ("rooli_kuntayhtyma", "kuntayhtymä"), ("rooli_jasenkunta", "jäsenkunta"))
_WORD = re.compile(r"[^\W\d_][\w-]*")
_AFTER_WORDS = 4  # words after a name in which "vastuukuntana", "i egenskap av ansvarskommun" give its role
_BRACKET = 160
_ORGANISATION = ("kaupunki", "kaupung", "kunta", "kunnan", "kunnal", "kunnas", "kunnak", "stad", "kommun")  # characters a "(jäljempänä …)" may take


def role_of(reader, text: str) -> str | None:
    index = index_of(text)
    for entry, role in ROLE_WORDS:
        if reader.words(entry).match_index(index):
            return role
    return None


def read(reader) -> None:
    body = reader.body
    party_heading = reader.words("osapuolet_otsikko")
    top = next((i for i, h in enumerate(body.headings) if party_heading.match_index(h.index)), None)
    if top is not None:
        sections = set(body.under(top))
    else:
        sections = {0, -1} if body.headings else {-1}
    # The text right under a level-1 title ("Turun kaupunki ja Liedon kunta ovat sopineet …").
    sections |= {i for i, h in enumerate(body.headings) if h.level == 1}
    heading_roles = {}
    for i in sections:
        if i != top and i >= 0:
            role = role_of(reader, body.headings[i].title)
            if role is not None and body.headings[i].level > 1:
                heading_roles[i] = role
    stamp = reader.words("leima")
    units = [u for u in body.units if u.section in sections and not stamp.match_index(u.index)]
    found: dict[str, dict] = {}
    order: list[str] = []
    areas: dict[str, str] = {}  # party -> the area its role is stated for ("Kokkolan työllisyysalueen")
    label_role = None
    label_section = None
    for unit in units:
        if unit.section != label_section:
            label_role, label_section = None, unit.section
        context = heading_roles.get(unit.section)
        text = unit.text
        label, colon = _label(text)
        if label is not None:
            role = role_of(reader, label)
            if role is not None or text.rstrip().endswith(":"):
                label_role = role
            if role is not None and colon + 1 >= len(text.rstrip()):
                continue
        pending: list[str] = []  # names of this unit without a role yet
        kept = _parties_in(reader, unit)
        # A unit that lists the parties ("Sopijapuolina ovat …", a role label or
        # heading) may name new ones; any other names a party only with a role
        # of its own ("(vastuukunta)", "vastuukuntana"), so that "Raahen seutuun
        # kuuluvat Raahe, Siikajoki ja Pyhäjoki" adds no parties.
        listing = bool(context or label_role) or reader.has("osapuoli_lause", unit) or (not order and len(kept) >= 2)
        for k, (municipality, start, end, bracket) in enumerate(kept):
            stop = kept[k + 1][1] if k + 1 < len(kept) else len(text)
            name = municipality.name
            role, role_at = None, None
            clause_start = end
            if bracket is not None:
                open_at, close_at = bracket
                inside = text[open_at + 1:close_at]
                clause_start = close_at + 1
                role = role_of(reader, inside)
                role_at = unit.pos(open_at + 1) if role else None
                if role is not None and _plural(reader, inside):
                    for other in pending:
                        _set_role(found, other, role, role_at)
                    pending.clear()
            if role is None:
                clause_text = text[clause_start:max(stop, clause_start)].split(",", 1)[0]
                clause = " ".join(_WORD.findall(clause_text)[:_AFTER_WORDS])
                role = _role_after(reader, clause)
                _area_of(areas, name, role, clause_text)
                role_at = unit.pos(clause_start + max(0, text[clause_start:].find(" ") + 1)) if role else None
            if role is None:  # before an apposition: "Vastuukuntana on Porvoo, ja jäsenkuntina …"
                begin = 0  # where the previous name (and its bracket) ends
                if k:
                    _, _, previous_end, previous_bracket = kept[k - 1]
                    begin = previous_bracket[1] + 1 if previous_bracket else previous_end
                role, role_at = _role_before(reader, unit, text, begin, start)
            if role is None:
                role, role_at, segment = _apposition(reader, unit, text, clause_start, max(stop, clause_start))
                _area_of(areas, name, role, segment)
            if role is None and (label_role or context):
                role, role_at = label_role or context, unit.pos(start)
            if name not in found:
                if not listing and role is None:
                    continue
                found[name] = {"fields": {"kunta": (name, unit.pos(start))}, "pos": unit.pos(start),
                               "quote": text[start:end]}
                order.append(name)
            if role is not None:
                _set_role(found, name, role, role_at)
            elif "rooli" not in found[name]["fields"]:
                pending.append(name)
    if not order:
        return
    leads = [n for n in order if found[n]["fields"].get("rooli", (None,))[0] == "vastuukunta"]
    if len(leads) > 1 and areas.get(leads[0]):
        # "Kokkola … Kokkolan työllisyysalueen vastuukuntana ja Pietarsaari … Pietarsaaren seudun
        # työllisyysalueen vastuukuntana": the lead of another area.
        for name in leads[1:]:
            if areas.get(name) and areas[name] != areas[leads[0]]:
                at = found[name]["fields"]["rooli"][1]
                found[name]["fields"]["rooli"] = ("toisen-alueen-vastuukunta", at)
    lead = [n for n in order if found[n]["fields"].get("rooli", (None,))[0] == "vastuukunta"]
    if lead:
        for name in order:
            fields = found[name]["fields"]
            if "rooli" not in fields:
                fields["rooli"] = ("jäsenkunta", fields["kunta"][1])
    reader.put_list("osapuolet", [(found[n]["fields"], found[n]["pos"], found[n]["quote"]) for n in order])
    if lead and reader.kind() == "yhteistoimintasopimus":
        fields = found[lead[0]]["fields"]
        reader.put("vastuukunta", lead[0], fields["rooli"][1], None)


def _parties_in(reader, unit):
    """The municipalities a unit names as parties: (municipality, start, end, bracket span or None).

    A name followed by a bracket keeps it ("(vastuukunta)", "(jäljempänä
    Lieto)"); names inside a "(jäljempänä …)" bracket are short names, not
    parties again; a name before "työllisyysalue" names the area.
    """
    text = unit.text
    out = []
    skip_until = -1
    for municipality, start, end in _mentions(reader, unit):
        if start < skip_until:
            continue
        rest = text[end:]
        if _next_word_is_area(reader, rest):
            continue  # "Turun työllisyysalueen": the area (area.py reads its name), not a party
        bracket = None
        lead = len(rest) - len(rest.lstrip())
        if rest[lead:lead + 1] == "(":
            close = text.find(")", end + lead, end + lead + _BRACKET)
            if close > 0:
                bracket = (end + lead, close)
                inside = text[end + lead + 1:close]
                if reader.has("jaljempana", _Words(inside)):
                    _aliases(reader, inside, municipality)
                    skip_until = close
        out.append((municipality, start, end, bracket))
    return out


class _Words:
    """A piece of text as a unit-like object for ``Reader.has``."""

    def __init__(self, text: str) -> None:
        self.index = index_of(text)


def _label(text: str):
    """(label, index of the colon) of "Vastuukunta: Turun kaupunki" or "Vastuukunta:", else (None, -1)."""
    colon = text.find(":")
    if 0 < colon <= 60 and len(text[:colon].split()) <= 6:
        return text[:colon], colon
    return None, -1


def _role_after(reader, clause: str) -> str | None:
    """The role the words right after a name give it: a role word in the essive or translative
    ("vastuukuntana", "jäsenkunnaksi"), or after a Swedish word that introduces one ("som
    ansvarskommun", "i egenskap av medlemskommun"): the lexicon's ``rooli_muoto``."""
    form = reader.words("rooli_muoto")
    found = words(clause)
    essive = [w for w in found if form.ends(w)]
    role = role_of(reader, " ".join(essive)) if essive else None
    if role is None and form.match_index(word_index(found)):
        role = role_of(reader, clause)
    return role


def _role_before(reader, unit, text: str, begin: int, start: int):
    """(role, position) of a role said right before a name, with a verb between (``rooli_verbi``).

    Finnish puts the role word in the essive before the verb ("Vastuukuntana
    toimii Keravan kaupunki", "jäsenkuntina ovat Loviisan kaupunki …");
    Swedish a word such as "som" before the role ("Som ansvarskommun fungerar
    Borgå stad"). Only the last words between the previous name (``begin``)
    and this one (``start``) count, so a role said of something else earlier
    in the sentence is not this name's. (None, None) if there is none.
    """
    found = list(_WORD.finditer(text, begin, start))[-_BEFORE_WORDS:]
    if len(found) < 2 or not reader.words("rooli_verbi").match_index(index_of(found[-1].group())):
        return None, None
    form = reader.words("rooli_muoto")
    before = words(found[-2].group())
    if before and form.ends(before[-1]):
        role = role_of(reader, found[-2].group())
        if role is not None:
            return role, unit.pos(found[-2].start())
    for i in range(len(found) - 3, -1, -1):  # "som ansvarskommun", "i egenskap av ansvarig kommun"
        if form.match_index(index_of(found[i].group())):
            role = role_of(reader, text[found[i + 1].start():found[-2].end()])
            if role is not None:
                return role, unit.pos(found[i + 1].start())
            break
    return None, None


_BEFORE_WORDS = 5  # "Som ansvarig kommun fungerar": a word that says a role, the role, the verb


def _area_of(areas: dict, name: str, role, text: str) -> None:
    """Remember the area a party's role is stated for ("Kokkolan työllisyysalueen vastuukuntana")."""
    from .area import area_in

    if role is not None and text:
        found = area_in(text)
        if found is not None:
            areas.setdefault(name, norm(found[1]))


def _apposition(reader, unit, text: str, begin: int, stop: int):
    """(role, position, words) of a role in apposition: "Turun kaupunki (jäljempänä Turku), Turun
    työllisyysalueen vastuukunta, ja …", "Vasa stad (nedan Vasa), ansvarskommun för Vasa
    sysselsättningsområde, och …", "Borgå stad, ansvarig kommun för …" — the comma-delimited words right after the name, ending
    (Finnish) or starting (Swedish) with a role word. None, None, "" if there is none."""
    rest = text[begin:stop]
    lead = len(rest) - len(rest.lstrip())
    if not rest[lead:lead + 1] == ",":
        return None, None, ""
    segment = rest[lead + 1:].split(",", 1)[0]
    found = _WORD.findall(segment)
    if not 1 <= len(found) <= _APPOSITION_WORDS:
        return None, None, ""
    # The role word: last in Finnish, first in Swedish, or the first two ("ansvarig kommun för …").
    for word, at in ((found[-1], found[-1]), (found[0], found[0]), (" ".join(found[:2]), found[0])):
        role = role_of(reader, word)
        if role is not None:
            return role, unit.pos(begin + lead + 1 + segment.find(at)), segment
    return None, None, ""


_APPOSITION_WORDS = 6  # "Pietarsaaren seudun työllisyysalueen vastuukunta"


def _plural(reader, text: str) -> bool:
    """"(muut osapuolet)", "(jäsenkunnat)", "(övriga parter)": a role for every name listed before it."""
    plural = reader.words("monikko")
    return any(plural.ends(w) for w in words(text)) and not reader.has("jaljempana", _Words(text))


def _next_word_is_area(reader, after: str) -> bool:
    """Whether the word right after a name is one such as "työllisyysalueen" ("Turun työllisyysalueen")."""
    offset = 0
    for _ in range(3):  # "Pietarsaaren seudun työllisyysalueen": over the region's words
        first = _WORD.match(after, offset + len(after[offset:]) - len(after[offset:].lstrip())) \
            if after[offset:offset + 1].isspace() else None
        if first is None:
            return False
        if reader.words("alueen_nimi").match_index(index_of(first.group())):
            return True
        if not reader.words("alueen_maare").match_index(index_of(first.group())):
            return False
        offset = first.end()
    return False


def _set_role(found: dict, name: str, role: str, at) -> None:
    fields = found[name]["fields"]
    if "rooli" not in fields:  # the first role stated is the party's
        fields["rooli"] = (role, at)


def _aliases(reader, inside: str, municipality) -> None:
    """"jäljempänä tässä sopimuksessa Mikkeli tai Vastuukunta": short names for ``municipality``."""
    for word in _WORD.findall(inside):
        if word[:1].isupper() and role_of(reader, word) is None:
            reader.facts.aliases.setdefault(norm(word), municipality)


def find_names(reader, text: str) -> list:
    """Every municipality ``text`` names: (municipality, start, end), in order (``Registry.find``).

    The registry knows the Finnish forms ("Liedon", "Turulla"); a Swedish
    genitive ("Korsholms kommun", "på Vasas vägnar": the lexicon's
    ``nimen_genetiivi``) is the name itself with the ending, so a
    capitalised word the registry does not know is tried without it, and
    counts when what is left is a municipality's name as written.
    """
    found = reader.registry.find(text)
    ending = reader.words("nimen_genetiivi")
    if not ending.endings:
        return found
    taken = {start for _, start, _ in found}
    extra = []
    for m in _WORD.finditer(text):
        word = m.group()
        if m.start() in taken or not word[:1].isupper() or not ending.ends(norm(word)):
            continue
        for suffix in ending.endings:
            stem = word[:len(word) - len(suffix)] if norm(word).endswith(suffix) else ""
            municipality = reader.registry.get(stem) if len(stem) >= 2 else None
            if municipality is not None and norm(stem) in (norm(municipality.name), norm(municipality.swedish or "")):
                extra.append((municipality, m.start(), m.end()))
                break
    if not extra:
        return found
    return sorted([*found, *extra], key=lambda hit: hit[1])


def _mentions(reader, unit):
    """Municipalities named in a unit, and short names defined earlier ("Vastuukunta" is a role, not a name)."""
    text = unit.text
    found = []
    for municipality, start, end in find_names(reader, text):
        # "Kaarinan kaupunki", "Liedon kunnalle": the organisation word belongs to the name.
        m = _WORD.match(text, end + 1) if text[end:end + 1] == " " else None
        if m is not None and norm(m.group()).startswith(_ORGANISATION):
            end = m.end()
        found.append((municipality, start, end))
    aliases = reader.facts.aliases
    if aliases:
        taken = [(s, e) for _, s, e in found]
        for m in _WORD.finditer(unit.text):
            target = aliases.get(norm(m.group()))
            if target is not None and m.group()[:1].isupper() and not any(s <= m.start() < e for s, e in taken):
                found.append((target, m.start(), m.end()))
        found.sort(key=lambda hit: hit[1])
    return found
