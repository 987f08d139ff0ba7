"""The municipality registry: every Finnish municipality, in both languages.

Loaded from ``rules/kunnat.yaml`` (see its header for the source) into the
rule pack. A Swedish name is the same municipality as its Finnish one
everywhere: ``Registry.canonical("Vasa") == "Vaasa"``, and the rule
language's ``==`` and ``in`` compare two registry names by the municipality
they name. Agreements often write a municipality as an organisation
("Turun kaupunki", "Pedersöre kommun"); those count as the municipality too.

Rules call it with whatever text they have (``municipality(x)``, and every
``==`` between two texts), so a lookup is bounded: a text longer than any
municipality's name, even written as an organisation, is none without
being searched, and the memo of lookups is emptied when it grows large.
"""

from __future__ import annotations

import difflib

from .record import Record
from .text import mentions, norm

_ORGANISATION_WORDS = ("kaupunki", "kunta", "stad", "kommun")
MAX_NAME = 200  # characters; the longest name, as "X:n kaupunki", is under 40
_MAX_MEMO = 65_536  # lookups remembered


class Municipality(Record, frozen=True):
    name: str  # official Finnish name (or the only official name)
    swedish: str = ""
    code: str = ""
    region: str = ""
    former: tuple[str, ...] = ()  # municipalities merged into this one


class Registry:
    def __init__(self, municipalities: list[Municipality], source: str = "") -> None:
        self.municipalities = sorted(municipalities, key=lambda m: m.name)
        self.source = source
        self._by_name: dict[str, Municipality] = {}
        self._former: dict[str, Municipality] = {}
        for municipality in self.municipalities:
            for name in (municipality.name, municipality.swedish):
                if name:
                    self._by_name[norm(name)] = municipality
            for name in municipality.former:
                self._former[norm(name)] = municipality
        # Every spelling the suggestion may offer, in registry order.
        self._spellings = [n for m in self.municipalities for n in (m.name, m.swedish) if n]

    def __len__(self) -> int:
        return len(self.municipalities)

    def __bool__(self) -> bool:
        return bool(self.municipalities)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_memo"] = {}
        return state

    def get(self, name) -> Municipality | None:
        """The municipality ``name`` names (Finnish, Swedish, or "X:n kaupunki"), or None."""
        if not isinstance(name, str) or len(name) > MAX_NAME:
            return None
        memo = self.__dict__.setdefault("_memo", {})
        if name not in memo:
            if len(memo) >= _MAX_MEMO:
                memo.clear()
            memo[name] = self._get(name)
        return memo[name]

    def _get(self, name: str) -> Municipality | None:
        if not name.strip():
            return None
        key = norm(name)
        found = self._by_name.get(key)
        if found is not None:
            return found
        words = key.split()
        if len(words) >= 2 and words[-1] in _ORGANISATION_WORDS:
            stem = " ".join(words[:-1])
            found = self._by_name.get(stem)
            if found is not None:
                return found
            # "Kaarinan kaupunki": the municipality whose name shares the
            # longest beginning with the inflected word (Kaarina, not Kaavi).
            best, best_length, tied = None, 0, False
            for municipality in self.municipalities:
                for spelling in (municipality.name, municipality.swedish):
                    if not spelling or not mentions(" ".join(name.split()[:-1]), spelling):
                        continue
                    length = len(_common_prefix(stem, norm(spelling)))
                    if length > best_length:
                        best, best_length, tied = municipality, length, False
                    elif length == best_length and municipality is not best:
                        tied = True
            if best is not None and not tied:
                return best
        return None

    def canonical(self, name) -> str | None:
        found = self.get(name)
        return found.name if found is not None else None

    def merged_into(self, name) -> Municipality | None:
        """The municipality a former municipality ``name`` was merged into."""
        if not isinstance(name, str) or len(name) > MAX_NAME:
            return None
        return self._former.get(norm(name))

    def suggest(self, name) -> str | None:
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            return None
        lowered = {norm(n): n for n in self._spellings}
        close = difflib.get_close_matches(norm(name), list(lowered), n=1, cutoff=0.75)
        return lowered[close[0]] if close else None

    def same(self, a, b) -> bool:
        """Whether two names are one municipality (False unless both are in the registry)."""
        first, second = self.get(a), self.get(b)
        return first is not None and first is second


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def load_registry(data: dict) -> Registry:
    """From the parsed ``kunnat.yaml``; raises ValueError with a message on a malformed file.

    (The rule pack reads the file with positions instead: ``lang.tables.read_registry``.)
    """
    if not isinstance(data, dict) or not isinstance(data.get("kunnat"), list):
        raise ValueError("odotettiin avainta 'kunnat' ja sen alla luetteloa kunnista")
    municipalities = []
    for i, entry in enumerate(data["kunnat"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("nimi"), str) or not entry["nimi"].strip():
            raise ValueError(f"kohta {i}: jokaisella kunnalla pitää olla 'nimi'")
        former = entry.get("aiemmat") or []
        if not isinstance(former, list):
            raise ValueError(f"kohta {i}: 'aiemmat' pitää olla luettelo nimiä")
        for key in ("ruotsiksi", "kunnanumero", "maakunta"):
            if isinstance(entry.get(key), (list, dict)):
                raise ValueError(f"kohta {i}: '{key}' pitää olla teksti")
        if any(isinstance(f, (list, dict)) for f in former):
            raise ValueError(f"kohta {i}: 'aiemmat' pitää olla luettelo nimiä")
        municipalities.append(municipality(entry["nimi"], entry.get("ruotsiksi"), entry.get("kunnanumero"),
                                           entry.get("maakunta"), former))
    return Registry(municipalities, str(data.get("lähde", "")))


def municipality(name: str, swedish=None, code=None, region=None, former=()) -> Municipality:
    """A registry entry from the fields of ``kunnat.yaml`` (missing ones None)."""
    return Municipality(name.strip(), str(swedish or "").strip(), str(code or ""), str(region or ""),
                        tuple(str(f).strip() for f in former or ()))
