"""The front matter and the text together: text facts fill what the front matter leaves out.

Key by key: a fact the front matter does not state (or states empty) is
taken from the text, with the text's position, so rules run on it
unchanged and point at the words. A fact both state is compared; when they
differ the front matter's value stays in the data (rules judge what the
author declared) and the pair is a ``Conflict`` (RISTIRIITA-<FACT>), so
nothing is chosen silently. Compared:

============================  ===================================
tyyppi                        TYYPPI
voimassaolo.alkaa / päättyy   VOIMASSAOLO
irtisanominen.irtisanomisaika IRTISANOMISAIKA
osapuolet (roles, the lead)   OSAPUOLET
vastuukunta, järjestämisvastuu JARJESTAJA (the municipality named)
kustannukset.osuudet          OSUUDET
työllisyysalue                ALUE
============================  ===================================
"""

from __future__ import annotations

from ..documents.loader import Map
from .facts import Conflict, Fact


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def merge(front: Map, facts, registry) -> list[Conflict]:
    conflicts: list[Conflict] = []
    _merge(front, facts.data, "", facts, registry, conflicts)
    if any(c.key == "vastuukunta" for c in conflicts):
        # Another lead in the party clause is that one conflict, reported once.
        conflicts = [c for c in conflicts if not (c.key == "osapuolet" and str(c.first.value).startswith("vastuukunta"))]
    return conflicts


_SCALARS = {"tyyppi": "TYYPPI", "voimassaolo.alkaa": "VOIMASSAOLO", "voimassaolo.päättyy": "VOIMASSAOLO",
            "irtisanominen.irtisanomisaika": "IRTISANOMISAIKA", "vastuukunta": "JARJESTAJA",
            "työllisyysalue": "ALUE"}


def _merge(front: Map, text: Map, prefix: str, facts, registry, conflicts) -> None:
    for key, value in text.items():
        path = f"{prefix}{key}"
        at = text.key_pos.get(key)
        if key not in front or _empty(front.get(key)):
            front[key] = value
            if at is not None:
                front.key_pos[key] = at
            continue
        known = front[key]
        front_at = front.key_pos.get(key, front.pos)
        if isinstance(value, Map) and isinstance(known, Map):
            _merge(known, value, path + ".", facts, registry, conflicts)
            continue
        fact = _SCALARS.get(path)
        if fact is not None:
            if not _same(path, known, value, registry):
                conflicts.append(_conflict(fact, path, known, front_at, value, at, facts))
        elif path == "järjestämisvastuu":
            a, b = registry.mentioned(known), registry.mentioned(value)
            if a and b and not {m.name for m in a} & {m.name for m in b}:
                conflicts.append(_conflict("JARJESTAJA", path, known, front_at, b[0].name, at, facts))
        elif path == "osapuolet":
            found = _parties(known, value, registry)
            if found is not None:
                front_value, text_value, text_at = found
                conflicts.append(_conflict("OSAPUOLET", path, front_value, front_at, text_value,
                                           text_at or at, facts))
        elif path == "kustannukset.osuudet":
            if not _same_shares(known, value, registry):
                conflicts.append(_conflict("OSUUDET", path, _shares_text(known), front_at, _shares_text(value),
                                           at, facts))


def _same(path: str, a, b, registry) -> bool:
    from ..values import Duration

    if isinstance(a, Duration) and isinstance(b, Duration):
        return abs(a.total_days - b.total_days) < 1
    if path in ("vastuukunta", "työllisyysalue") and isinstance(a, str) and isinstance(b, str):
        from ..text import norm

        if norm(a) == norm(b):
            return True
        ma, mb = registry.mentioned(a), registry.mentioned(b)
        return bool(ma) and bool(mb) and ma[0] is mb[0]
    return a == b or str(a) == str(b)


def _conflict(fact, path, front_value, front_at, text_value, text_at, facts) -> Conflict:
    known = facts.fact(path)
    quote = known.quote if known is not None else str(text_value)
    return Conflict(fact, path, Fact(path, front_value, front_at, str(front_value)),
                    Fact(path, text_value, text_at or front_at, quote), "etusivu")


def _parties(front, text, registry):
    """(front's, text's, text position) when the text names another lead or a party the front matter lacks."""
    if not isinstance(front, list) or not isinstance(text, list):
        return None

    def lead(parties):
        for party in parties:
            if isinstance(party, dict) and party.get("rooli") == "vastuukunta":
                return party
        return None

    def name(party):
        found = registry.get(party.get("kunta")) if isinstance(party, dict) else None
        return found.name if found is not None else (party.get("kunta") if isinstance(party, dict) else None)

    a, b = lead(front), lead(text)
    if a is not None and b is not None and name(a) != name(b):
        return f"vastuukunta {name(a)}", f"vastuukunta {name(b)}", b.key_pos.get("rooli")
    known = {name(p) for p in front}
    extra = [p for p in text if isinstance(p, dict) and name(p) not in known]
    if extra and all(isinstance(p, dict) for p in front):
        names = ", ".join(sorted(n for n in known if n))
        return names, ", ".join(name(p) for p in extra), extra[0].pos
    return None


def _share_map(shares, registry) -> dict:
    out = {}
    for item in shares if isinstance(shares, list) else []:
        if isinstance(item, dict) and isinstance(item.get("osuus"), (int, float)):
            found = registry.get(item.get("kunta"))
            out[found.name if found else item.get("kunta")] = float(item["osuus"])
    return out


def _same_shares(a, b, registry) -> bool:
    x, y = _share_map(a, registry), _share_map(b, registry)
    return not x or not y or (x.keys() == y.keys() and all(abs(x[k] - y[k]) < 0.01 for k in x))


def _shares_text(shares) -> str:
    parts = []
    for item in shares if isinstance(shares, list) else []:
        if isinstance(item, dict):
            parts.append(f"{item.get('kunta')} {item.get('osuus')} %")
    return ", ".join(parts)
