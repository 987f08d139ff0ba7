"""Statute citations in an agreement's text, for the VIITE-* rules.

A citation is a statute number (``380/2023``) and, nearest before it in the
same passage, the name of the statute it is meant to be ("laki
työvoimapalvelujen järjestämisestä", "kuntalain"). Names are recognised by
the word patterns of ``rules/statutes.yaml`` (``nimet``), so inflection and
the variants "työvoimapalvelujen/työvoimapalveluiden" are tolerated by the
table, not the code. A prefix cannot follow the stem of "laki" (laki, lain,
lakia), so a name word written ``kuntalaki~`` in the table stands for each
of its inflected forms: ``inflect_pattern`` asks the morphology data
(``registry.inflected_forms``, simplemma) when the rule pack is built, and
the forms are stored in the compiled patterns. A repealed act is also found by its name alone
("hallintolainkäyttölain mukaan").

Each citation becomes a ``Map`` (positioned like document data) with the
keys the rule language reads: ``numero``, ``nimetty`` (abbreviation of the
named statute), ``nimi``, ``oikea_numero``, ``numeron_laki`` (the known act
that has the cited number), ``muutos`` (the passage cites an
amending act: "… muuttamisesta (435/2024)"), ``kumottu`` (the cited act is
repealed on the law's date) and ``korvaaja`` (what replaced it).
"""

from __future__ import annotations

import re

from .diagnostics import Position, SourceLines
from .documents.loader import Map
from .text import fold, index_of, pattern_set, word_index, words

# A statute number is found from its "/year" (a literal to search for, fast),
# then its serial number is read backwards.
_SLASH_YEAR = re.compile(r"/\s?((?:18|19|20)\d\d)(?![\d/])")
_SERIAL = re.compile(r"(?<![\d/])(\d{1,4})\s?$")
_PASSAGE_BREAK = re.compile(r"\n\s*\n|(?<=[.;:])\s+(?=[A-ZÅÄÖ#-])|^\s*[-*]\s|^#", re.M)
_WINDOW = 240
_NAME_WORDS = 12
_ACT_ENDINGS = ("lain", "laki", "lakia", "lakiin", "lakien", "asetuksen", "asetus", "asetusta")
_BARE_ACT_WORDS = {"lain", "laki", "lakia", "lakiin", "lakien"}
_AMENDING = ("muutta", "muutettu", "andring", "andrad")
FIELDS = ("numero", "nimetty", "nimi", "oikea_numero", "numeron_laki", "muutos", "kumottu", "korvaaja")


def inflect_pattern(source: str) -> str:
    """A word pattern with each ``word~`` replaced by the alternatives of its inflected forms.

    "järjestämislaki~ !voimaanpan*" → "järjestämislaki !voimaanpan* |
    järjestämislain !voimaanpan* | …"; the other words of the alternative
    are kept in each. Only for building the rule pack (it loads the
    morphology data).
    """
    from .registry import inflected_forms

    lemmas = [token[:-1] for token in source.split() if token.endswith("~") and len(token) > 1]
    forms = inflected_forms(lemmas)
    result = []
    for alternative in source.split("|"):
        expanded = [[]]
        for token in alternative.split():
            if token.endswith("~") and len(token) > 1:
                choices = forms.get(token[:-1]) or (token[:-1],)
                expanded = [done + [form] for done in expanded for form in choices][:_MAX_FORMS]
            else:
                expanded = [done + [token] for done in expanded]
        result.extend(" ".join(tokens) for tokens in expanded if tokens)
    return " | ".join(dict.fromkeys(result)) or source.replace("~", "")


_MAX_FORMS = 400  # alternatives one pattern may grow to


def _citation(pos: Position, **values) -> Map:
    result = Map(pos)
    for key in FIELDS:
        result[key] = values.get(key)
        result.key_pos[key] = pos
    return result


def _named(window: str, statutes) -> tuple[object, int]:
    """The statute named right before the number at the end of ``window``, or (None, -1).

    The name must end the passage ("… järjestämisestä annetun lain (380/2023)"):
    it is looked for in the last ``_NAME_WORDS`` words, and if another act's
    name comes between it and the number ("JärjL 13 luvun ja tietosuojalain
    (1050/2018)"), the number belongs to that act, which is not known.
    """
    tail = words(window)[-_NAME_WORDS:]
    if not tail:  # "1/2020 2/2020 …": nothing to name the act
        return None, -1
    index = word_index(tail)
    best, where = None, -1
    for statute in statutes:
        for pattern in statute.patterns:
            if not pattern.match_index(index):
                continue
            for positive, _ in pattern.alternatives:
                if all(needle in index for needle in positive):
                    place = min(index.rfind(needle) for needle in positive)
                    if place > where:
                        best, where = statute, place
    if best is not None:
        needles = [n for p in best.patterns for positive, _ in p.alternatives for n in positive]
        for word in index[where:].split():
            if any(f" {word} ".startswith(n) for n in needles):
                continue
            if word not in _BARE_ACT_WORDS and word.endswith(_ACT_ENDINGS):
                return None, -1
    return best, where


def scan(text: str, statutes, as_of) -> list[Map]:
    """Every statute citation in ``text``, in order of position."""
    known = [s for s in statutes if s.patterns]
    by_number = {s.number: s for s in statutes if s.number}
    found: list[Map] = []
    previous_end = 0
    numbered_lines = set()
    lines = SourceLines(text)  # positions by bisection: counting newlines per citation was quadratic
    for year in _SLASH_YEAR.finditer(text):
        lead = text[max(0, year.start() - 6):year.start()]
        serial = _SERIAL.search(lead)
        if serial is None:
            continue
        begin = year.start() - (len(lead) - serial.start())
        number = f"{int(serial.group(1))}/{year.group(1)}"
        start = max(previous_end, begin - _WINDOW)
        window = text[start:begin]
        breaks = [m.end() for m in _PASSAGE_BREAK.finditer(window)]
        if breaks:
            window = window[breaks[-1]:]
        previous_end = year.end()
        named, where = _named(window, known)
        amending = False
        if named is not None:
            after_name = index_of(window)[where:]
            amending = any(f" {stem}" in after_name for stem in _AMENDING) or number in named.amendments
        cited = by_number.get(number)
        repealed = cited if cited is not None and cited.repealed_on(as_of) else None
        if repealed is None and named is not None and named.repealed_on(as_of) and not amending:
            repealed = named
        pos = lines.position(begin)
        numbered_lines.add(pos.line)
        found.append(_citation(
            pos, numero=number,
            nimetty=named.abbreviation if named else None,
            nimi=named.name if named else None,
            oikea_numero=named.number if named else None,
            numeron_laki=cited.name if cited else None,
            muutos=amending,
            kumottu=f"{repealed.name} ({repealed.number})" if repealed else None,
            korvaaja=_replacement(repealed, by_number)))
    # A repealed act named without a number ("hallintolainkäyttölain mukaan").
    repealed_statutes = [s for s in known if s.repealed_on(as_of)]
    if repealed_statutes:
        # One cheap look at the raw text first: most agreements name no repealed act.
        folded = fold(text)
        repealed_statutes = [s for s in repealed_statutes if _probed(_probe(s), folded)]
    if repealed_statutes:
        for number, line in enumerate(text.split("\n"), start=1):
            if number not in numbered_lines:
                index = index_of(line)
                for statute in repealed_statutes:
                    if pattern_set(statute.patterns).match_index(index):
                        column = len(line) - len(line.lstrip()) + 1
                        found.append(_citation(
                            Position(number, column), numero=None, nimetty=statute.abbreviation,
                            nimi=statute.name, oikea_numero=statute.number, numeron_laki=None, muutos=False,
                            kumottu=f"{statute.name} ({statute.number})",
                            korvaaja=_replacement(statute, by_number)))
                        break
    found.sort(key=lambda c: c.pos)
    return found


_PROBES: dict[str, tuple[str, ...]] = {}


def _probe(statute) -> tuple[str, ...]:
    """Where a statute's name may start: the first word of each of its name patterns (normalised).

    A hit only means the exact word-pattern test is worth running. Speed
    trick (issue 17): the stems are looked for with ``str.find`` in the
    case-folded text without diacritics (``text.fold``), not with a
    regular expression of letter classes: compiling one such expression
    per repealed act was a third of the start-up of a one-file check, and
    searching it without a literal to skip to read every character.
    """
    stems = _PROBES.get(statute.abbreviation)
    if stems is None:
        stems = _PROBES[statute.abbreviation] = tuple(sorted(
            {positive[0].strip() for p in statute.patterns for positive, _ in p.alternatives}))
    return stems


def _probed(stems: tuple[str, ...], folded: str) -> bool:
    """Whether one of ``stems`` starts a word of ``folded`` (``text.fold`` of the text)."""
    for stem in stems:
        at = folded.find(stem)
        while at >= 0:
            before = folded[at - 1] if at else " "
            if not (before.isalnum() or before == "_"):
                return True
            at = folded.find(stem, at + 1)
    return False


def _replacement(statute, by_number) -> str | None:
    if statute is None or not statute.repealed_by:
        return None
    successor = by_number.get(statute.repealed_by)
    return f"{successor.name} ({successor.number})" if successor else statute.repealed_by


# A statute number as written at a citation's position: "380/2023", "380 / 2023".
NUMBER_AT = re.compile(r"\d{1,4}\s?/\s?\d{4}")


def corrected_number(citation, statutes) -> str | None:
    """The number a citation should have when the text names the act and only the number is wrong, else None.

    * VIITE-LAKINUMERO: the act named ("järjestämislaki (383/2023)") has
      another number (380/2023), and the passage does not cite an amending
      act;
    * VIITE-KUMOTTU: the number is that of a repealed act, and the act named
      is the one that replaced it ("kuntalain (365/1995)": the Local
      Government Act of 2015 has the same name, 410/2015).

    A citation of a repealed act by its own name ("hallintolainkäyttölain
    (586/1996)") needs other words, not another number: None.
    """
    number, right = citation.get("numero"), citation.get("oikea_numero")
    if not number or not right or not citation.get("nimetty") or number == right or citation.get("muutos"):
        return None
    if citation.get("kumottu") is None:
        return right
    cited = next((s for s in statutes if s.number == number), None)
    return right if cited is not None and cited.repealed_by == right else None
