"""What an audit report shows, computed from a checked ``Report``.

Pure data, no rendering: the HTML and Markdown reports draw the same
``Audit``. The figures come from the documents themselves (the keys kept
with ``Options.facts``) and from the definitions the rules use
(``alueen_järjestäjä``, ``alueen_kunnat``), so an area's lead and members
here are the ones the rules judged.

Identical findings are grouped (``Group``): one rule's findings with the
same severity, basis, hint, quoted provision and deviation, whose messages
differ at most in the values they name. The reports show a group as one
entry, its hint once; the messages' shared last sentences once too.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from pathlib import PurePath

from ..diagnostics import Diagnostic, Severity
from ..record import Factory, Record
from .checklists import Checklist

# JärjL 12 § 1 mom: an employment area's combined labour force.
THRESHOLD = 20_000

LEAD = "alueen_järjestäjä"
MEMBERS = "alueen_kunnat"
# The keys of each document the report reads (besides the definitions' own).
FACTS = ("tyyppi", "otsikko", "työllisyysalue", "malli", "vastuukunta", "osapuolet", "kunnat", "toimielin",
         "poikkeuslupa", "kuntayhtymä", "järjestämisvastuu")

# Cell states, worst first.
FAIL, SUPPRESSED, PASS, UNCHECKED, NOT_APPLICABLE = "fail", "suppressed", "pass", "unchecked", "none"


def facts_for(book) -> tuple[str, ...]:
    """The top-level keys ``check`` must keep of every document for an audit."""
    keys = set(FACTS)
    for name in (LEAD, MEMBERS):
        keys.update(book.definition_roots.get(name, ()))
    return tuple(sorted(keys))


class Finding(Record):
    number: int  # in the report's sorted order, from 1
    diagnostic: Diagnostic
    quote: str = ""  # the provision the rule quotes

    @property
    def anchor(self) -> str:
        """The HTML id, the same for the same input."""
        return f"h-{self.number}"


# A sentence ends at '.', '!' or '?' before a capital or an opening parenthesis:
# "1 mom. 2 k." and "1.1.2017" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ(])")


class Group(Record):
    """Identical findings, shown as one entry: same rule, severity, basis, hint, provision and deviation."""

    key: str  # "g-1", "g-2", …: in the order of the groups' first findings, the same for the same input
    findings: list[Finding]  # in the report's order
    common: str = ""  # the last sentences every message ends with (the whole message when all are the same)

    @property
    def diagnostic(self) -> Diagnostic:
        """The first finding's: code, severity, title, basis, hint and deviation are the group's."""
        return self.findings[0].diagnostic

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(f.diagnostic.path for f in self.findings))

    def own(self, finding: Finding) -> str:
        """The part of the finding's message that is its own (before ``common``)."""
        message = finding.diagnostic.message
        if not self.common:
            return message
        return message[: len(message) - len(self.common)].rstrip()


def _group_key(finding: Finding) -> tuple:
    d = finding.diagnostic
    return (d.code, d.severity, d.title, d.citation, d.fix, d.suppression, d.language, finding.quote)


def group(findings: list[Finding]) -> list[Group]:
    """The findings in groups of identical ones, in the order of each group's first finding."""
    members: dict[tuple, list[Finding]] = {}
    for finding in findings:
        members.setdefault(_group_key(finding), []).append(finding)
    return [Group(f"g-{n}", found, _common_tail([f.diagnostic.message for f in found]))
            for n, found in enumerate(members.values(), 1)]


def _common_tail(messages: list[str]) -> str:
    """The whole sentences at the end of every message (all of it when the messages are the same)."""
    if len(messages) < 2:
        return ""
    first = messages[0]
    if all(m == first for m in messages):
        return first
    tail = _SENTENCE_END.split(first)[1:]  # a message's first sentence is its own, never only shared words
    for message in messages[1:]:
        sentences = _SENTENCE_END.split(message)
        shared = 0
        while shared < min(len(tail), len(sentences) - 1) and tail[-1 - shared] == sentences[-1 - shared]:
            shared += 1
        tail = tail[len(tail) - shared:] if shared else []
        if not tail:
            return ""
    # The tail as the first message writes it (the spaces between its sentences kept).
    start = len(first)
    for sentence in reversed(tail):
        start = first.rindex(sentence, 0, start)
    return first[start:]


def by_document(groups: list[Group]) -> dict[str, list[tuple[Group, list[Finding]]]]:
    """Each file's part of each group (the group's findings at that file), in the order of their first finding."""
    parts: dict[str, dict[str, list[Finding]]] = defaultdict(dict)
    for g in groups:
        for finding in g.findings:
            parts[finding.diagnostic.path].setdefault(g.key, []).append(finding)
    key_of = {g.key: g for g in groups}
    return {path: sorted(((key_of[key], found) for key, found in found_by_key.items()),
                         key=lambda part: part[1][0].number)
            for path, found_by_key in parts.items()}


class Cell(Record):
    state: str
    findings: list[Finding] = Factory(list)  # errors and warnings (or the suppressed ones)
    notes: list[Finding] = Factory(list)  # info findings of a passing cell
    reasons: list[str] = Factory(list)  # of the deviations, for a suppressed cell


class Row(Record):
    path: str
    title: str
    cells: list[Cell]


class Matrix(Record):
    checklist: Checklist
    rows: list[Row]


class Member(Record):
    name: str  # as the registry spells it, or as written when unknown
    known: bool
    labour: int | None  # labour force, None when the agreement does not give it
    seats: int | None  # on the joint body, None when it has none


class Area(Record):
    name: str
    path: str
    model: str
    lead: str
    members: list[Member]
    total: int  # of the labour force given
    missing: int  # members without a labour-force figure
    permit: dict | None  # poikkeuslupa: päätös, päivämäärä, peruste
    body: str  # the joint body's (or joint authority's) name
    documents: list[str] = Factory(list)  # the area's other documents (kl54, plans)
    # Active ALUE-* errors and warnings at the area's agreement or pointing to
    # it: the area is not in order whatever its labour force.
    problems: list[Finding] = Factory(list)

    @property
    def seats(self) -> int:
        return sum(m.seats or 0 for m in self.members)

    @property
    def meets_threshold(self) -> bool:
        return self.total >= THRESHOLD

    @property
    def worst_problem(self) -> Severity | None:
        return max((f.diagnostic.severity for f in self.problems), default=None)


class Overlap(Record):
    municipality: str
    areas: list[tuple[str, str]]  # (area name, path)
    findings: list[Finding] = Factory(list)


class Audit(Record):
    as_of: _dt.date
    language: str
    files: int
    paths: list[str]
    severities: dict  # Severity -> active findings
    suppressed: int
    by_type: dict  # document type -> number of documents
    unreadable: list[str]  # files with input errors
    areas: list[Area]
    overlaps: list[Overlap]
    matrices: list[Matrix]
    findings: list[Finding]
    groups: list[Group] = Factory(list)  # the findings, identical ones together


def build(report, book, checklists: list[Checklist], ran=None, options=None) -> Audit:
    """The audit of ``report`` (checked with ``Options(facts=facts_for(book))``).

    ``ran(rule_id, view)`` tells whether a rule was run on a document; by
    default, whether ``check`` with ``options`` (the report's law date, all
    rules, if not given) runs it on a document of that type.
    """
    from ..lang.evaluator import BareDocument, Context

    lang = report.language
    quotes = {rule.id: rule.quote for rule in book.rules}
    findings = [Finding(n, d, quotes.get(d.code, "")) for n, d in enumerate(report.diagnostics, 1)]
    by_place: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        d = finding.diagnostic
        for path in dict.fromkeys([d.path, *(p for p, _ in d.related)]):
            by_place[(path, d.code)].append(finding)
    if ran is None:
        from ..engine import Options, rule_runs

        options = options or Options(as_of=report.as_of)
        compiled = {c.rule.id: c for c in book.compiled}

        def ran(rule_id, view):
            return rule_id in compiled and rule_runs(compiled[rule_id], options, view.get("tyyppi"))

    views = report.documents
    registry = book.registry

    def definition(view, name):
        fn = book.definitions.get(name)
        if fn is None:
            return None
        return view.definition(name, fn, Context(BareDocument(view, view.origin), book, report.as_of))

    areas = [_area(view, definition, registry) for view in views if view.get("tyyppi") == "yhteistoimintasopimus"]
    _attach_documents(areas, views, definition, registry)
    _attach_problems(areas, findings)
    active = report.active
    unreadable = sorted({d.path for d in report.input_errors})
    return Audit(
        as_of=report.as_of, language=lang, files=report.files, paths=list(report.paths),
        severities={s: sum(1 for d in active if d.severity is s) for s in (Severity.ERROR, Severity.WARNING,
                                                                            Severity.INFO)},
        suppressed=len(report.suppressed),
        by_type=dict(sorted(Counter(str(v.get("tyyppi")) for v in views).items())),
        unreadable=unreadable,
        areas=areas,
        overlaps=_overlaps(areas, by_place),
        matrices=[m for m in (_matrix(c, views, by_place, ran) for c in checklists) if m.rows],
        findings=findings,
        groups=group(findings),
    )


def _title(view) -> str:
    for key in ("otsikko", "työllisyysalue"):
        value = view.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return PurePath(view.origin).name


def _matrix(checklist: Checklist, views, by_place, ran) -> Matrix:
    rows = []
    for view in views:
        if not checklist.applies(view):
            continue
        rows.append(Row(view.origin, _title(view), [_cell(column.rules, view, by_place, ran)
                                                      for column in checklist.columns]))
    return Matrix(checklist, rows)


def _cell(rules, view, by_place, ran) -> Cell:
    if not rules:
        return Cell(NOT_APPLICABLE)
    if not any(ran(rule, view) for rule in rules):
        return Cell(UNCHECKED)
    found = [f for rule in rules for f in by_place.get((view.origin, rule), ())]
    found.sort(key=lambda f: f.number)
    serious = [f for f in found if f.diagnostic.severity >= Severity.WARNING]
    notes = [f for f in found if f.diagnostic.severity < Severity.WARNING and f.diagnostic.suppression is None]
    failing = [f for f in serious if f.diagnostic.suppression is None]
    if failing:
        return Cell(FAIL, failing, notes)
    if serious:
        reasons = list(dict.fromkeys(f.diagnostic.suppression for f in serious))
        return Cell(SUPPRESSED, serious, notes, reasons)
    return Cell(PASS, [], notes)


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _area(view, definition, registry) -> Area:
    labour: dict[str, int | None] = {}
    names: list[str] = []

    def add(raw):
        if not isinstance(raw, str) or not raw.strip():
            return None
        name = registry.canonical(raw) or raw.strip()
        if name not in labour:
            names.append(name)
            labour[name] = None
        return name

    for item in view.get("kunnat") or []:
        if isinstance(item, dict):
            name = add(item.get("kunta"))
            if name is not None and _int(item.get("työvoima")) is not None:
                labour[name] = _int(item.get("työvoima"))
    if not names:  # an agreement without 'kunnat': its parties are its members
        for raw in definition(view, MEMBERS) or []:
            add(raw)
        for item in view.get("osapuolet") or []:
            if isinstance(item, dict) and item.get("rooli") != "kuntayhtymä":
                add(item.get("kunta"))
    seats: dict[str, int] = {}
    body = view.get("toimielin") if isinstance(view.get("toimielin"), dict) else {}
    for item in body.get("jäsenet") or []:
        if isinstance(item, dict) and isinstance(item.get("kunta"), str):
            name = registry.canonical(item["kunta"]) or item["kunta"].strip()
            if _int(item.get("paikat")) is not None:
                seats[name] = seats.get(name, 0) + item["paikat"]
    authority = view.get("kuntayhtymä") if isinstance(view.get("kuntayhtymä"), dict) else {}
    members = [Member(name, registry.get(name) is not None, labour[name], seats.get(name) if body else None)
               for name in names]
    members.sort(key=lambda m: (-(m.labour or 0), m.name))
    permit = view.get("poikkeuslupa")
    lead = definition(view, LEAD)
    return Area(
        name=_text(view.get("työllisyysalue")) or _title(view),
        path=view.origin,
        model=_text(view.get("malli")),
        lead=(registry.canonical(lead) or lead.strip()) if isinstance(lead, str) else "",
        members=members,
        total=sum(m.labour or 0 for m in members),
        missing=sum(1 for m in members if m.labour is None),
        permit=dict(permit) if isinstance(permit, dict) else ({"päätös": permit} if _text(permit) else None),
        body=_text(body.get("nimi")) or _text(authority.get("nimi")),
    )


def _attach_documents(areas: list[Area], views, definition, registry) -> None:
    """Give each area its kl54 agreements and plans: by the area's name, else by its lead."""
    by_name = {area.name.casefold(): area for area in areas}
    for view in views:
        if view.get("tyyppi") == "yhteistoimintasopimus":
            continue
        area = by_name.get(_text(view.get("työllisyysalue")).casefold())
        if area is None:
            organiser = definition(view, LEAD)
            area = next((a for a in areas if a.lead and registry.same(a.lead, organiser)), None)
        if area is not None:
            area.documents.append(view.origin)


AREA_RULES = "ALUE-"  # the rules of an area's make-up: overlap, lead, membership


def _attach_problems(areas: list[Area], findings: list[Finding]) -> None:
    by_path: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        by_path[area.path].append(area)
    for finding in findings:
        d = finding.diagnostic
        if not d.code.startswith(AREA_RULES) or d.suppression is not None or d.severity < Severity.WARNING:
            continue
        for path in dict.fromkeys([d.path, *(p for p, _ in d.related)]):
            for area in by_path.get(path, ()):
                area.problems.append(finding)


def _overlaps(areas: list[Area], by_place) -> list[Overlap]:
    claims: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        for member in area.members:
            claims[member.name].append(area)
    overlaps = []
    for name, claimed in sorted(claims.items()):
        if len({a.name for a in claimed}) < 2:  # one area, perhaps in two drafts
            continue
        found = {f.number: f for a in claimed for f in by_place.get((a.path, "ALUE-PAALLEKKAISYYS"), ())
                 if name in f.diagnostic.message}
        overlaps.append(Overlap(name, [(a.name, a.path) for a in claimed],
                                [found[n] for n in sorted(found)]))
    return overlaps
