"""The municipality registry: every Finnish municipality, in both languages.

Loaded from ``rules/kunnat.yaml`` (see its header for the source) into the
rule pack. A Swedish name is the same municipality as its Finnish one
everywhere: ``Registry.canonical("Vasa") == "Vaasa"``, and the rule
language's ``==`` and ``in`` compare two registry names by the municipality
they name. Two Swedish names count: the official one of a bilingual or
Swedish-speaking municipality (``ruotsiksi``: Vasa, Korsholm) and the one
Statistics Finland gives every municipality (``nimi_sv``), which for a
Finnish-speaking one is its established but unofficial Swedish name
(Uleåborg, Tammerfors, Laihela) or its Finnish name. Agreements often write
a municipality as an organisation ("Turun kaupunki", "Pedersöre kommun",
"Vasa stads"); those count as the municipality too.

An established but unofficial Swedish name can also be a Finnish surname or
word: Ilmola (Ilmajoki), Lappo (Lapua), Reso (Raisio), Kumo (Kokemäki).
"Matti Ilmola" in a Finnish agreement is a person, so the prose reader of a
Finnish document asks ``without_exonyms()``, a view of the registry in
which those names and their forms name nothing; the full registry is used
for Swedish and bilingual text and for front-matter values, where a field
that says "Uleåborg" names Oulu.

Names in prose are inflected ("Liedolle", "Kuopion", "Paraisten kaupunki",
"Honkajoen kunta"). Finnish stems alternate (Lieto → Liedon, Punkalaidun →
Punkalaitumen, Uusikaupunki → Uudenkaupungin), so neither prefixes nor
hand-written suffix rules find them. The inflected forms come from the
Finnish lemma data of simplemma: its dictionary maps a word form to its
lemma, which is the wrong direction for generating forms, so it is read
once backwards, for the registry's names only, when the rule pack is built
(``inflected_forms``). The forms are stored in each ``Municipality``
(a Record, so they travel in the compiled cache as plain strings) and a
lookup is one dictionary probe; the library and its dictionary (two seconds
to load) are never touched when the rule pack comes from the cache. A name
missing from the dictionary inflects as its longest known ending does
("Kärsämäki" as "mäki"), as Finnish compounds do. Without simplemma the
registry knows only the names as written.

Swedish names inflect only in the genitive, which is a rule rather than a
dictionary: add -s, except after s, x or z ("Vasas", "Uleåborgs stad",
"Kristinestads", but "Närpes stad", "Malax kommuns"); where Finnish uses a
case ending Swedish uses a preposition ("i Vasa", "från Korsholm"), so a
name after one is the name (``get("i Vasa")``). These forms are made in
``swedish_forms`` from the endings below, for every Swedish spelling, with
no library. A name like "S:t Michel" is one word to ``find`` (its "S:t" is
read whole), so "S:t Michels stad" names Mikkeli in running text too.

Rules call it with whatever text they have (``municipality(x)``, and every
``==`` between two texts), so a lookup is bounded: a text longer than any
municipality's name, even written as an organisation, is none without
being searched, and the memo of lookups is emptied when it grows large.
"""

from __future__ import annotations

import re

from .record import Record
from .text import mentions, norm

# The word after a name that makes it an organisation: Finnish after the genitive ("Turun kaupunki"),
# Swedish after the nominative or the genitive, itself in either ("Vasa stad", "Korsholms kommuns").
_ORGANISATION_WORDS = ("kaupunki", "kunta", "stad", "kommun", "stads", "kommuns")
# Swedish genitive: the ending, and the final letters that take none ("Närpes", "Malax").
_SWEDISH_GENITIVE = "s"
_SWEDISH_NO_GENITIVE_AFTER = ("s", "x", "z")
# Swedish prepositions of place, normalised ("från" is "fran"): "i Vasa" is Vasa, as "Vaasassa" is Vaasa.
_SWEDISH_PREPOSITIONS = ("i", "fran", "till")
MAX_NAME = 200  # characters; the longest name, as "X:n kaupunki", is under 40
_MAX_MEMO = 65_536  # lookups remembered
_WORD = re.compile(r"[^\W\d_][\w-]*")
# A misspelt name is corrected (``Registry.correction``) only when it is this close to one
# municipality's spelling, and no other municipality's comes within the margin of that.
CORRECTION_CUTOFF = 0.8
CORRECTION_MARGIN = 0.08


class Municipality(Record, frozen=True):
    name: str  # official Finnish name (or the only official name)
    swedish: str = ""  # official Swedish name: bilingual and Swedish-speaking municipalities only
    code: str = ""
    region: str = ""
    former: tuple[str, ...] = ()  # municipalities merged into this one
    # Normalised spellings, the names themselves first, then their inflected
    # forms (inflected_forms, swedish_forms): filled in when the registry is
    # built, so empty only before that.
    forms: tuple[str, ...] = ()
    former_forms: tuple[str, ...] = ()
    # The Swedish name Statistics Finland gives (nimi_sv): the official one, an
    # established unofficial one (Uleåborg), or the Finnish name; "" if not given.
    name_sv: str = ""

    @property
    def swedish_name(self) -> str:
        """The name Swedish text uses: ``name_sv``, else the official Swedish name, else the Finnish one."""
        return self.name_sv or self.swedish or self.name

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every name of the municipality as written: Finnish, official Swedish, Statistics Finland's Swedish."""
        return tuple(dict.fromkeys(n for n in (self.name, self.swedish, self.name_sv) if n))


class Registry:
    def __init__(self, municipalities: list[Municipality], source: str = "") -> None:
        municipalities = list(municipalities)
        if municipalities and not any(m.forms for m in municipalities):
            # Built from the table (never from the cache, whose records carry
            # their forms): the one place the morphology library is used.
            municipalities = with_forms(municipalities)
        self.municipalities = sorted(municipalities, key=lambda m: m.name)
        self.source = source
        self._by_name: dict[str, Municipality] = {}
        self._former: dict[str, Municipality] = {}
        self._by_form: dict[str, Municipality | None] = {}  # None: a form of two municipalities
        self._former_by_form: dict[str, Municipality | None] = {}
        for municipality in self.municipalities:
            for name in municipality.spellings:
                self._by_name[norm(name)] = municipality
            for name in municipality.former:
                self._former[norm(name)] = municipality
            for forms, index in ((municipality.forms, self._by_form),
                                 (municipality.former_forms, self._former_by_form)):
                for form in forms:
                    index[form] = municipality if index.get(form, municipality) is municipality else None
        # Every spelling the suggestion may offer, in registry order.
        self._spellings = [n for m in self.municipalities for n in m.spellings]
        # The spellings by their first letter: "Kaarinan kaupunki" can only be a name sharing its beginning.
        self._by_initial: dict[str, list[tuple[Municipality, str, str]]] = {}
        for municipality in self.municipalities:
            for spelling in municipality.spellings:
                normed = norm(spelling)
                self._by_initial.setdefault(normed[:1], []).append((municipality, spelling, normed))
        self._word = _word_pattern(self._spellings)
        # The unofficial Swedish names and their forms (see the module docstring).
        self._exonym_spellings = {norm(m.name_sv) for m in self.municipalities
                                  if m.name_sv and norm(m.name_sv) not in (norm(m.name), norm(m.swedish))}
        self._exonyms = {f for m in self.municipalities if norm(m.name_sv) in self._exonym_spellings
                         for f in swedish_forms(m.name_sv)}
        self.exonyms = True  # whether the unofficial Swedish names count (False in without_exonyms())
        self._finnish: Registry | None = None

    def __len__(self) -> int:
        return len(self.municipalities)

    def __bool__(self) -> bool:
        return bool(self.municipalities)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_memo"] = {}
        state["_finnish"] = None
        return state

    def without_exonyms(self) -> Registry:
        """This registry as Finnish text reads it: the unofficial Swedish names (Ilmola, Lappo) name nothing.

        A view sharing every table with this registry, made once.
        """
        if self.__dict__.get("_finnish") is None:
            view = object.__new__(Registry)
            view.__dict__.update(self.__dict__, _memo={}, exonyms=False, _finnish=None)
            view.__dict__["_finnish"] = view
            self._finnish = view
        return self._finnish

    def _known(self, key: str) -> Municipality | None:
        """The municipality whose name or form ``key`` is (None for an exonym in the Finnish view)."""
        if not self.exonyms and key in self._exonyms:
            return None
        return self._by_name.get(key) or self._by_form.get(key)

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
        found = self._lookup(key, name)
        if found is None:
            words = key.split()
            if len(words) >= 2 and words[0] in _SWEDISH_PREPOSITIONS:
                # "i Vasa", "från Korsholms kommun": the name after the preposition.
                written = name.split(None, 1)  # (norm may split where split does not: NFKD of "¨" is a space)
                found = self._lookup(" ".join(words[1:]), written[1] if len(written) == 2 else "")
        return found

    def _lookup(self, key: str, name: str) -> Municipality | None:
        """The municipality of ``key`` (``norm(name)``): a name, a form, or an organisation ("X:n kaupunki")."""
        found = self._known(key)
        if found is not None:
            return found
        words = key.split()
        if len(words) >= 2 and words[-1] in _ORGANISATION_WORDS:
            stem = " ".join(words[:-1])
            # "Paraisten kaupunki", "Uudenkaupungin kaupunki": the genitive is a form.
            found = self._known(stem)
            if found is not None:
                return found
            # "Kaarinan kaupunki": the municipality whose name shares the
            # longest beginning with the inflected word (Kaarina, not Kaavi).
            best, best_length, tied = None, 0, False
            written = " ".join(name.split()[:-1])
            for municipality, spelling, normed in self._by_initial.get(stem[:1], ()):
                if not self.exonyms and normed in self._exonym_spellings or not mentions(written, spelling):
                    continue
                length = len(_common_prefix(stem, normed))
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
        """The municipality a former municipality ``name`` (in any form, "Honkajoen kunta") was merged into."""
        if not isinstance(name, str) or len(name) > MAX_NAME:
            return None
        key = norm(name)
        found = self._former.get(key) or self._former_by_form.get(key)
        if found is None:
            parts = key.split()
            if len(parts) >= 2 and parts[-1] in _ORGANISATION_WORDS:
                stem = " ".join(parts[:-1])
                found = self._former.get(stem) or self._former_by_form.get(stem)
        return found

    def mentioned(self, text) -> list[Municipality]:
        """The municipalities ``text`` names, in any form, in order of first mention (see ``find``)."""
        if not isinstance(text, str):
            return []
        found: dict[str, Municipality] = {}
        for hit, _, _ in self.find(text):
            found.setdefault(hit.name, hit)
        return list(found.values())

    def find(self, text: str) -> list[tuple[Municipality, int, int]]:
        """Every mention of a municipality in ``text``: (municipality, start, end), in order.

        Only capitalised words count (as in ``text.mentions``): "koski",
        "lahden" and "turulla" are also common nouns. One probe per word and
        per pair of words ("Koski Tl", "S:t Michels"): linear in the
        length of the text. A form shared by two municipalities names none.
        """
        out: list[tuple[Municipality, int, int]] = []
        matches = [m for m in self._word.finditer(text) if m.group()[:1].isupper()]
        skip = -1
        for i, m in enumerate(matches):
            if i <= skip:
                continue
            key = norm(m.group())
            if i + 1 < len(matches) and text[m.end():matches[i + 1].start()].isspace():
                both = f"{key} {norm(matches[i + 1].group())}"
                pair = self._known(both)
                if pair is not None:
                    out.append((pair, m.start(), matches[i + 1].end()))
                    skip = i + 1
                    continue
            hit = self._known(key)
            if hit is not None:
                out.append((hit, m.start(), m.end()))
        return out

    def suggest(self, name) -> str | None:
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            return None
        import difflib  # only for a name not found: not on the path of every check

        lowered = {norm(n): n for n in self._spellings}
        close = difflib.get_close_matches(norm(name), list(lowered), n=1, cutoff=0.75)
        return lowered[close[0]] if close else None

    def correction(self, name) -> str | None:
        """The registry's spelling that a misspelt ``name`` is meant to be, when only one municipality is that close.

        Stricter than ``suggest`` (a hint may be a guess, a fix may not): the
        closest spelling must be close (``CORRECTION_CUTOFF``), and no
        spelling of another municipality may come within ``CORRECTION_MARGIN``
        of it ("Kuopioo" is Kuopio; "Pyhäjärvi" written "Pyhajarv" stays a
        question). None for a name the registry knows or a former one.
        """
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            return None
        if self.get(name) is not None or self.merged_into(name) is not None:
            return None
        import difflib

        written = norm(name)
        scored = []
        for municipality in self.municipalities:
            for spelling in municipality.spellings:
                matcher = difflib.SequenceMatcher(None, written, norm(spelling))
                if matcher.real_quick_ratio() >= CORRECTION_CUTOFF - CORRECTION_MARGIN \
                        and matcher.quick_ratio() >= CORRECTION_CUTOFF - CORRECTION_MARGIN:
                    scored.append((matcher.ratio(), municipality, spelling))
        scored.sort(key=lambda item: -item[0])
        if not scored or scored[0][0] < CORRECTION_CUTOFF:
            return None
        best, chosen, spelling = scored[0]
        if any(ratio > best - CORRECTION_MARGIN and municipality is not chosen
               for ratio, municipality, _ in scored[1:]):
            return None
        return spelling

    def same(self, a, b) -> bool:
        """Whether two names are one municipality (False unless both are in the registry)."""
        first, second = self.get(a), self.get(b)
        return first is not None and first is second


_MIN_ENDING = 3  # letters: the shortest compound ending inflected on its own ("Ii" has no ending)
_lemma_data = None  # simplemma's Finnish dictionary (form -> lemma, bytes), once per process


def _dictionary():
    """simplemma's Finnish form -> lemma table, or {} without simplemma (build time only)."""
    global _lemma_data
    if _lemma_data is None:
        try:
            from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
        except ImportError:
            _lemma_data = {}
        else:
            # The dictionary behind simplemma.lemmatize(word, lang="fi"); its bytes
            # table if it exposes one (iterating it decodes nothing: 3.5 million entries).
            mapping = DefaultDictionaryFactory().get_dictionary("fi")
            raw = getattr(mapping, "_dict", None)
            if not isinstance(raw, dict):
                raw = {form.encode(): lemma.encode() for form, lemma in mapping.items()}
            _lemma_data = raw
    return _lemma_data


FORMS_FILE = "taivutusmuodot.json"  # in the rules directory: the shipped names' forms, made by write_forms_table
_shipped_forms: dict | None = None


def _forms_table() -> dict:
    """The inflected forms shipped with the rules (lemma -> forms), read once per process."""
    global _shipped_forms
    if _shipped_forms is None:
        import json

        from .files import read_regular
        from .resources import data_dir

        try:
            table = json.loads(read_regular(data_dir("rules") / FORMS_FILE, 8 * 1024 * 1024))
            forms = table.get("muodot") if isinstance(table, dict) else None
            _shipped_forms = {k: tuple(v) for k, v in forms.items()
                              if isinstance(k, str) and isinstance(v, list) and all(isinstance(f, str) for f in v)} \
                if isinstance(forms, dict) else {}
        except Exception:  # noqa: BLE001 (missing or damaged: the library decides, only slower)
            _shipped_forms = {}
    return _shipped_forms


def inflected_forms(lemmas) -> dict[str, tuple[str, ...]]:
    """Each lemma's inflected forms, normalised (``norm``).

    The forms of every shipped municipality name and statute word come from
    ``rules/taivutusmuodot.json``, which ``write_forms_table`` made from
    simplemma's data: building the rule pack reads a small table instead
    of loading a 3.5-million-word dictionary (2 s). Only a name the table
    lacks (a user's own ``kunnat.yaml``) asks simplemma.
    """
    lemmas = [lemma for lemma in dict.fromkeys(lemmas) if isinstance(lemma, str) and lemma.strip()]
    table = _forms_table()
    result = {lemma: table[lemma] for lemma in lemmas if lemma in table}
    missing = [lemma for lemma in lemmas if lemma not in result]
    if missing:
        result.update(library_forms(missing))
    return {lemma: _with_genitive(forms) for lemma, forms in result.items()}


def _with_genitive(forms: tuple[str, ...]) -> tuple[str, ...]:
    """``forms`` and the genitive, adessive and ablative singular their allative shows ("simolle" → "simon").

    The dictionary lists a form under one lemma only, so "Simon" (a first
    name) is not among the forms of Simo, nor "lailla" (also an adverb,
    "samalla lailla") among those of laki; these cases share the allative's
    stem (Turulle/Turun/Turulla/Turulta, järjestämislaille/-lailla), so one
    gives the others. Forms are normalised, so "lla" stands for "llä" too.
    """
    extra = [form[:-3] + ending for form in forms if form.endswith("lle") and len(form) > 4
             for ending in ("n", "lla", "lta")]
    return tuple(dict.fromkeys((*forms, *extra)))


def library_forms(lemmas) -> dict[str, tuple[str, ...]]:
    """Each lemma's inflected forms, normalised (``norm``), from simplemma's Finnish data.

    One pass over the dictionary, however many lemmas. A lemma the
    dictionary lacks inflects as its longest ending that it has, the rest
    kept as written ("Kärsämäki": "Kärsämäen" from "mäki" → "mäen";
    "kotoutumislaki": "kotoutumislain"); a name of several words, only as
    written. Every result starts with the lemma itself.
    """
    lemmas = [lemma for lemma in dict.fromkeys(lemmas) if isinstance(lemma, str) and lemma.strip()]
    wanted: dict[bytes, str] = {}  # a spelling of a lemma or ending -> its casefolded text
    for lemma in lemmas:
        if " " in lemma.strip():
            continue
        for start in range(len(lemma) - _MIN_ENDING + 1):
            ending = lemma[start:]
            for spelling in {ending, ending.lower(), ending.capitalize()}:
                wanted[spelling.encode()] = ending.casefold()
    forms: dict[str, list[str]] = {}
    if wanted:
        for form, lemma in _dictionary().items():
            ending = wanted.get(lemma)
            if ending is not None:
                forms.setdefault(ending, []).append(form.decode("utf-8", "replace").casefold())
    result = {}
    for lemma in lemmas:
        folded = lemma.strip().casefold()
        found = [norm(lemma)]
        for start in range(len(folded) - _MIN_ENDING + 1) if " " not in folded else ():
            ending = folded[start:]
            if ending in forms:
                head = folded[:start]
                found.extend(norm(head + form) for form in sorted(forms[ending]))
                break
        result[lemma] = tuple(dict.fromkeys(found))
    return result


def write_forms_table(path, kunnat, statutes) -> int:
    """Write the forms of every name in ``kunnat`` and every ``word~`` of ``statutes`` (parsed YAML) to ``path``.

    The table ``inflected_forms`` reads; regenerate it after editing either
    file (``tests/test_prose_names.py`` fails while it is out of date)::

        python -c "import yaml, tarkastus.registry as r; r.write_forms_table('rules/taivutusmuodot.json', \\
            yaml.safe_load(open('rules/kunnat.yaml')), yaml.safe_load(open('rules/statutes.yaml')))"
    """
    import json

    lemmas = shipped_lemmas(kunnat, statutes)
    forms = library_forms(lemmas)
    table = {"kuvaus": "Kuntien nimien ja säädösten nimisanojen taivutusmuodot (simplemma), "
                       "registry.write_forms_table; älä muokkaa käsin.",
             "muodot": {lemma: list(forms[lemma]) for lemma in sorted(forms)}}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(table, handle, ensure_ascii=False, indent=0, sort_keys=False)
        handle.write("\n")
    return len(forms)


def shipped_lemmas(kunnat, statutes) -> list[str]:
    """The municipality names (Finnish, Swedish, former) and statute ``word~`` lemmas of two parsed tables."""
    names = []
    for entry in (kunnat or {}).get("kunnat", []):
        names.extend(n for n in (entry.get("nimi"), entry.get("ruotsiksi"), *(entry.get("aiemmat") or [])) if n)
    for entry in (statutes or {}).values():
        for pattern in entry.get("nimet", []) if isinstance(entry, dict) else []:
            names.extend(token[:-1] for token in pattern.split() if token.endswith("~") and len(token) > 1)
    return sorted(dict.fromkeys(n for n in names if isinstance(n, str)))


def swedish_forms(name: str) -> tuple[str, ...]:
    """A Swedish name and its genitive, normalised: "Vasa" → ("vasa", "vasas"); "Närpes" → ("narpes",).

    The genitive ending goes on the last word ("S:t Michels"); a name ending
    in s, x or z has none of its own. With "stad" and "kommun" (in
    ``_ORGANISATION_WORDS``) and the prepositions this is every form a
    Swedish text gives a municipality's name.
    """
    if not isinstance(name, str) or not name.strip():
        return ()
    base = norm(name)
    if base.endswith(_SWEDISH_NO_GENITIVE_AFTER) or not base[-1:].isalpha():
        return (base,)
    return (base, base + _SWEDISH_GENITIVE)


def with_forms(municipalities: list[Municipality]) -> list[Municipality]:
    """The municipalities with their (and their former names') inflected forms filled in.

    Finnish forms (``inflected_forms``) for the Finnish name and the
    official Swedish one, as the shipped forms table holds them; Swedish
    forms (``swedish_forms``) for the official Swedish name and the name
    Swedish text uses (``swedish_name``), which is the Finnish one where
    there is no other ("Kuopios").
    """
    names = [n for m in municipalities for n in (m.name, m.swedish, *m.former) if n]
    forms = inflected_forms(names)

    def of(names):
        return tuple(dict.fromkeys(f for n in names if n for f in forms.get(n, (norm(n),))))

    def swedish(m):
        return tuple(f for n in dict.fromkeys((m.swedish, m.swedish_name)) for f in swedish_forms(n))

    return [Municipality(m.name, m.swedish, m.code, m.region, m.former,
                         tuple(dict.fromkeys((*(of((m.name, m.swedish)) or (norm(m.name),)), *swedish(m)))),
                         of(m.former), m.name_sv)
            for m in municipalities]


def _word_pattern(spellings):
    """The word pattern of ``find``: ``_WORD``, and, read whole, the names' words with a colon ("S:t")."""
    colon = sorted({w for s in spellings for w in s.split() if ":" in w and len(w) <= 10}, key=len, reverse=True)
    if not colon:
        return _WORD
    words = "|".join(re.escape(w) for w in colon)
    return re.compile(rf"(?i:{words})(?![\w:])|{_WORD.pattern}")


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
        for key in ("ruotsiksi", "nimi_sv", "kunnanumero", "maakunta"):
            if isinstance(entry.get(key), (list, dict)):
                raise ValueError(f"kohta {i}: '{key}' pitää olla teksti")
        if any(isinstance(f, (list, dict)) for f in former):
            raise ValueError(f"kohta {i}: 'aiemmat' pitää olla luettelo nimiä")
        municipalities.append(municipality(entry["nimi"], entry.get("ruotsiksi"), entry.get("kunnanumero"),
                                           entry.get("maakunta"), former, entry.get("nimi_sv")))
    return Registry(municipalities, str(data.get("lähde", "")))


def municipality(name: str, swedish=None, code=None, region=None, former=(), name_sv=None) -> Municipality:
    """A registry entry from the fields of ``kunnat.yaml`` (missing ones None; ``name_sv`` is ``nimi_sv``)."""
    return Municipality(name.strip(), str(swedish or "").strip(), str(code or ""), str(region or ""),
                        tuple(str(f).strip() for f in former or ()), name_sv=str(name_sv or "").strip())
