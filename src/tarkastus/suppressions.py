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

A deviation without a reason (a placeholder such as ``[täydennä]`` is
none), for an unknown rule, or one that suppresses nothing is itself a
finding, ``TARK-POIKKEUS``. Suppressed findings are
kept (``Diagnostic.suppression`` holds the reason): JSON and SARIF show them
with their justification, the text report with ``--show-suppressed``; they
never count towards the exit code.

A document may hold any number of deviations and findings, so nothing here
is quadratic: a comment finds the section it covers by bisection over the
headings, and a finding the deviation that covers it by bisection over its
rule's deviations (see ``apply``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from .diagnostics import Diagnostic, Position, Severity
from .messages import Message, say
from .record import Record

CODE = "TARK-POIKKEUS"
# A comment is read piece by piece (see _parse_comment): as one pattern,
# <!--\s*tarkastus\s*:\s*ohita\s+([\w-]+(?:\s*,\s*[\w-]+)*)(?:\s+perustelu…)?\s*-->,
# the repeated group made the regex engine quadratic in a long list of ids.
_ANY_COMMENT = re.compile(r"<!--\s*tarkastus\s*:", re.IGNORECASE)
_OPENING = re.compile(r"<!--\s*tarkastus\s*:\s*ohita(?=\s)", re.IGNORECASE)
_ID = re.compile(r"[\w-]+")
_REASON_KEY = re.compile(r"perustelu\s*=\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s*")
# Unknown rule ids of a document that get a "did you mean" (difflib over every
# rule id costs about 0.1 ms an id; a comment may list thousands).
_SUGGESTIONS = 100


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
    by_name: dict = {}  # id or alias -> rule: book.rule() looks through every rule
    for rule in book.rules:
        for name in (rule.id, *rule.aliases):
            by_name.setdefault(name, rule)
    suggestions = [_SUGGESTIONS]

    def problem(pos: Position, message: Message, severity: Severity = Severity.ERROR) -> None:
        problems.append(Diagnostic.said(CODE, severity, doc.path, pos, message, say("deviation.fix")))

    def add(rule_id: str, reason: str, pos: Position, lines) -> None:
        known = by_name.get(rule_id.upper()) if rule_id else None
        if not rule_id:
            problem(pos, say("deviation.no_rule"))
        elif known is None:
            hint = ""
            if suggestions[0] > 0:
                import difflib

                suggestions[0] -= 1
                close = difflib.get_close_matches(rule_id, [r.id for r in book.rules], n=1)
                hint = say("hint.did_you_mean", name=close[0]) if close else ""
            shown = rule_id if len(rule_id) <= 80 else rule_id[:80] + "…"
            problem(pos, say("deviation.unknown", rule=shown, hint=hint), Severity.WARNING)
        elif not reason:
            problem(pos, say("deviation.no_reason", rule=known.id))
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
    starts = [s.pos.line for s in doc.sections]  # in order of position
    ends = _section_ends(doc.sections, len(lines))
    for number in range(doc.body_start + 1, len(lines) + 1):
        line = lines[number - 1]
        if "<!--" not in line or not _ANY_COMMENT.search(line):
            continue
        pos = Position(number, line.find("<!--") + 1)
        match = _find_comment(line)
        if match is None:
            problem(pos, say("deviation.comment_form"), Severity.WARNING)
            continue
        following = bisect_right(starts, number)  # the first heading below the comment
        if following == len(starts):
            problem(pos, say("deviation.no_heading"), Severity.WARNING)
            continue
        ids, reason = match
        for rule_id in ids:
            add(rule_id.upper(), _reason(reason or ""), pos, (starts[following], ends[following]))


def _find_comment(line: str) -> tuple[list[str], str | None] | None:
    """(rule ids, reason or None) of the first well-formed tarkastus comment on ``line``."""
    for opening in _OPENING.finditer(line):
        parsed = _parse_comment(line, opening.end())
        if parsed is not None:
            return parsed
    return None


def _parse_comment(line: str, at: int) -> tuple[list[str], str | None] | None:
    """The rest of ``<!-- tarkastus: ohita ID, ID perustelu="…" -->`` from ``at`` (after 'ohita').

    Each step looks at the text once: spaces, an id, and either a comma and
    the next id or the end of the list, then the optional reason (up to its
    closing quote) and '-->'.
    """
    ids = []
    at = _SPACES.match(line, at).end()
    while True:
        word = _ID.match(line, at)
        if word is None:
            return None
        ids.append(word.group())
        after = _SPACES.match(line, word.end()).end()
        if not line.startswith(",", after):
            break
        at = _SPACES.match(line, after + 1).end()
    if line.startswith("-->", after):
        return ids, None
    if ids[-1].endswith("--") and line.startswith(">", word.end()) and len(ids[-1]) > 2:
        ids[-1] = ids[-1][:-2]  # "ohita KL54-A-->": the id does not take the comment's end
        return ids, None
    key = _REASON_KEY.match(line, after) if after > word.end() else None  # 'perustelu' after a space
    if key is None or not line.startswith(("\"", "'"), key.end()):
        return None
    quote = key.end()
    close = line.find(line[quote], quote + 1)
    if close < 0 or not line.startswith("-->", _SPACES.match(line, close + 1).end()):
        return None
    return ids, line[quote + 1:close]


def _section_ends(sections, last_line: int) -> list[int]:
    """The last line of each section: before the next heading of its level or higher, else ``last_line``."""
    ends = [last_line] * len(sections)
    open_sections: list[int] = []  # indexes of sections not closed yet, levels increasing
    for k, section in enumerate(sections):
        while open_sections and sections[open_sections[-1]].level >= section.level:
            ends[open_sections.pop()] = section.pos.line - 1
        open_sections.append(k)
    return ends


def _rule_and_reason(item: dict) -> tuple[str, str]:
    """A front-matter deviation's rule id and reason, normalised ("" when missing)."""
    return str(item.get("sääntö") or "").strip().upper(), _reason(str(item.get("perustelu") or ""))


def _reason(text: str) -> str:
    """A deviation's reason, stripped; "" when there is none: empty, or a placeholder ("[täydennä]",
    "…", "TODO"), which is what the language server writes for the drafters to replace."""
    from .documents.loader import _is_placeholder

    text = text.strip()
    return "" if not text or _is_placeholder(text) else text


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

    A finding is covered by the first deviation for its rule, in the order
    ``collect`` gives them (the front matter's, then the body's from the top),
    that is for the whole document or whose section holds the finding.

    ``ran`` holds the ids of the rules that ran on this document: a deviation
    for a rule that did not run (not selected, not in force, another document
    type, or across documents) is not called unused.
    """
    by_rule: dict[str, _RuleDeviations] = {}
    for index, deviation in enumerate(deviations):
        by_rule.setdefault(deviation.rule, _RuleDeviations()).add(index, deviation)
    for d in diagnostics:
        if d.is_input_error or d.code == CODE:
            continue
        candidates = by_rule.get(aliases.get(d.code, d.code))
        deviation = candidates.covering(d.position.line) if candidates is not None else None
        if deviation is not None:
            d.suppression = deviation.reason
            deviation.used = True
    unused = [Diagnostic.said(CODE, Severity.WARNING, path, deviation.pos,
                              say("deviation.unused", rule=deviation.rule), say("deviation.fix"))
              for deviation in deviations if not deviation.used and deviation.rule in ran]
    return diagnostics + unused


class _RuleDeviations:
    """One rule's deviations, to find the first that covers a line in O(log n).

    Section deviations are sorted by the first line of their section (stably:
    ``collect`` gives the comments from the top, so this is their order),
    with the running maximum of their last lines. The first whose last line
    is at or after L is found by bisection, and it covers L if its section
    starts at or before L; no earlier one reaches L.
    """

    __slots__ = ("whole", "sections", "starts", "reach")

    def __init__(self) -> None:
        self.whole: tuple[int, Deviation] | None = None  # the first for the whole document
        self.sections: list[tuple[int, Deviation]] = []
        self.starts: list[int] | None = None
        self.reach: list[int] = []

    def add(self, index: int, deviation: Deviation) -> None:
        if deviation.lines is None:
            if self.whole is None:
                self.whole = (index, deviation)
        else:
            self.sections.append((index, deviation))
            self.starts = None

    def _sort(self) -> None:
        self.sections.sort(key=lambda item: item[1].lines[0])
        self.starts = [deviation.lines[0] for _, deviation in self.sections]
        self.reach = list(accumulate((deviation.lines[1] for _, deviation in self.sections), max))

    def covering(self, line: int) -> Deviation | None:
        if self.starts is None:
            self._sort()
        found = None
        k = bisect_left(self.reach, line)
        if k < len(self.sections) and self.starts[k] <= line:
            found = self.sections[k]
        if self.whole is not None and (found is None or self.whole[0] < found[0]):
            found = self.whole
        return found[1] if found is not None else None

