"""Deliberate deviations: a finding the drafters accept, with a written reason.

Two ways to record one, both with a mandatory reason (``perustelu``):

* in the front matter, for the whole document::

      poikkeukset:
        - sääntö: KL54-TYOPANOS
          perustelu: "Viranhaltija palvelee vain Raisiota; jakoa ei tarvita."

* in the Markdown body, for the next section (its heading and everything
  up to the next heading of the same or a higher level)::

      <!-- tarkastus: ohita KL54-TYOPANOS perustelu="Vain yksi kunta." -->
      ## 3. Tehtävät

A deviation without a reason, for an unknown rule, or one that suppresses
nothing is itself a finding, ``TARK-POIKKEUS``. Suppressed findings are
kept (``Diagnostic.suppression`` holds the reason): JSON and SARIF show them
with their justification, the text report with ``--show-suppressed``; they
never count towards the exit code.
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic, Position, Severity
from .record import Record

CODE = "TARK-POIKKEUS"
_COMMENT = re.compile(
    r"<!--\s*tarkastus\s*:\s*ohita\s+(?P<ids>[\w-]+(?:\s*,\s*[\w-]+)*)"
    r"(?:\s+perustelu\s*=\s*(?:\"(?P<reason>[^\"]*)\"|'(?P<reason2>[^']*)'))?\s*-->",
    re.IGNORECASE)
_ANY_COMMENT = re.compile(r"<!--\s*tarkastus\s*:", re.IGNORECASE)


class Deviation(Record):
    rule: str
    reason: str
    pos: Position
    lines: tuple[int, int] | None  # the section it covers; None = the whole document
    used: bool = False


def collect(doc, book) -> tuple[list[Deviation], list[Diagnostic]]:
    """The document's deviations, and the problems with how they are written."""
    found: list[Deviation] = []
    problems: list[Diagnostic] = []

    def problem(pos: Position, message: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(Diagnostic(CODE, severity, doc.path, pos, message, fix=_FIX))

    def add(rule_id: str, reason: str, pos: Position, lines) -> None:
        known = book.rule(rule_id) if rule_id else None
        if not rule_id:
            problem(pos, "Poikkeuksesta puuttuu sääntö ('sääntö: TUNNUS').")
        elif known is None:
            import difflib

            close = difflib.get_close_matches(rule_id, [r.id for r in book.rules], n=1)
            hint = f" Tarkoititko {close[0]}?" if close else ""
            problem(pos, f"Poikkeus koskee tuntematonta sääntöä {rule_id}.{hint}", Severity.WARNING)
        elif not reason:
            problem(pos, f"Poikkeukselta säännöstä {known.id} puuttuu perustelu; ilman perustelua "
                         "havaintoa ei ohiteta.")
        else:
            found.append(Deviation(known.id, reason, pos, lines))

    data = doc.data
    items = data.get("poikkeukset") if data is not None else None
    if isinstance(items, list):
        positions = getattr(items, "item_pos", [])
        for i, item in enumerate(items):
            pos = positions[i] if i < len(positions) else data.key_pos.get("poikkeukset", Position(1, 1))
            if isinstance(item, dict):
                add(*_rule_and_reason(item), pos, None)
    if doc.sections or doc.body_start:
        _body_deviations(doc, add, problem)
    return found, problems


def _body_deviations(doc, add, problem) -> None:
    text = doc.text
    if "<!--" not in text:  # most documents: no need to look line by line
        return
    lines = text.split("\n")
    headings = [(s.pos.line, s.level) for s in doc.sections]
    for number in range(doc.body_start + 1, len(lines) + 1):
        line = lines[number - 1]
        if "<!--" not in line or not _ANY_COMMENT.search(line):
            continue
        pos = Position(number, line.find("<!--") + 1)
        match = _COMMENT.search(line)
        if match is None:
            problem(pos, "Tarkastuskommentin muoto on <!-- tarkastus: ohita TUNNUS perustelu=\"…\" -->.",
                    Severity.WARNING)
            continue
        following = [(start, level) for start, level in headings if start > number]
        if not following:
            problem(pos, "Tarkastuskommentin jälkeen ei ole otsikkoa, jota se koskisi.", Severity.WARNING)
            continue
        start, level = following[0]
        end = next((other - 1 for other, other_level in headings if other > start and other_level <= level),
                   len(lines))
        reason = match.group("reason") if match.group("reason") is not None else match.group("reason2")
        for rule_id in re.split(r"\s*,\s*", match.group("ids")):
            add(rule_id.upper(), (reason or "").strip(), pos, (start, end))


def _rule_and_reason(item: dict) -> tuple[str, str]:
    """A front-matter deviation's rule id and reason, normalised ("" when missing)."""
    return str(item.get("sääntö") or "").strip().upper(), str(item.get("perustelu") or "").strip()


def front_matter_reason(data, rule_id: str) -> str | None:
    """The reason a document's 'poikkeukset' gives for ``rule_id`` (not empty), or None.

    For findings across documents, which are made after each document's own
    deviations were applied.
    """
    for item in (data or {}).get("poikkeukset") or []:
        if isinstance(item, dict):
            rule, reason = _rule_and_reason(item)
            if rule == rule_id and reason:
                return reason
    return None


def apply(diagnostics: list[Diagnostic], deviations: list[Deviation], ran: set[str], path: str,
          aliases: dict[str, str]) -> list[Diagnostic]:
    """Mark the findings that deviations cover; report deviations that cover nothing.

    ``ran`` holds the ids of the rules that ran on this document: a deviation
    for a rule that did not run (not selected, not in force, another document
    type, or across documents) is not called unused.
    """
    for d in diagnostics:
        if d.is_input_error or d.code == CODE:
            continue
        rule_id = aliases.get(d.code, d.code)
        for deviation in deviations:
            if deviation.rule != rule_id:
                continue
            if deviation.lines is not None and not deviation.lines[0] <= d.position.line <= deviation.lines[1]:
                continue
            d.suppression = deviation.reason
            deviation.used = True
            break
    unused = [Diagnostic(CODE, Severity.WARNING, path, deviation.pos,
                         f"Poikkeus säännöstä {deviation.rule} ei ohita yhtään havaintoa; poista se, jos sitä ei "
                         "enää tarvita.", fix=_FIX)
              for deviation in deviations if not deviation.used and deviation.rule in ran]
    return diagnostics + unused


_FIX = ("Kirjaa poikkeus perusteluineen: etusivulle 'poikkeukset: [{sääntö: TUNNUS, perustelu: \"…\"}]' "
        "tai tekstiin seuraavan kohdan yläpuolelle <!-- tarkastus: ohita TUNNUS perustelu=\"…\" -->.")
