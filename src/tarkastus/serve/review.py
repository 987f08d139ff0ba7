"""What the page shows of a check: each document's own text, section by section, with its findings.

Pure data, no HTML (``page`` draws it). A document is shown as tarkastus
read it: the lines of its text (a Word, OpenDocument or PDF file's as the
reader converted it, headings with their numbers), cut into parts at its
headings. Each finding goes beside the part whose lines hold its position
(a missing provision points at the title, so it stands beside the title);
the words read as evidence — the facts of ``tarkastus facts`` and the
provisions found, each at its line and column with the words quoted — are
marked in the line they were read from. So a lawyer sees section 6 with
"Sovitaan myöhemmin." flagged and KL54-SEURANTA beside it, and which words
made tarkastus think section 3 states the tasks.

The checklist of each document is its row of the audit's matrices (the same
model as ``tarkastus audit``); several documents also get the audit's
areas and the findings across documents. ``build`` runs while the uploads
are still on disk (it reads their text); the result holds no file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..audit.model import Audit, Cell, Finding
from ..diagnostics import Severity
from ..record import Factory, Record

HOW = ("avain", "otsikko", "lause", "lykätty", "tieto")  # how a provision was found (factsview)
_LIST_ITEM = re.compile(r"\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")


class Mark(Record):
    """Words read as evidence: columns [start, end) of a line (0-based), what was read there."""

    start: int
    end: int
    labels: list[str]
    anchor: str = ""


class Line(Record):
    number: int  # of the document's text, 1-based (the findings' line)
    kind: str  # "p", "item", "row", "front"
    text: str  # the whole line as read
    start: int = 0  # where the shown text begins in the line (after "## ", "- ")
    marks: list[Mark] = Factory(list)
    findings: list[Finding] = Factory(list)  # the findings at this line
    header: bool = False  # a table's first row


class Part(Record):
    """A heading and the lines under it (the text before the first heading: ``title`` None)."""

    title: str | None
    level: int
    line: int  # the heading's line (0: none)
    heading_marks: list[Mark] = Factory(list)
    heading_start: int = 0  # where the title begins in the heading's line
    heading_line: str = ""
    lines: list[Line] = Factory(list)
    findings: list[Finding] = Factory(list)  # every finding whose line lies in the part
    front: bool = False  # the YAML front matter
    first: int = 0  # the lines the part covers, first to last (its findings are those between)
    last: int = 0


class Provision(Record):
    name: str
    description: str
    how: str | None  # HOW, or None: missing
    where: str = ""  # line:col or the locator
    words: str = ""
    anchor: str = ""  # of the mark in the text


class ChecklistRow(Record):
    title: str
    columns: list[tuple[str, str, Cell]]  # (name, citation, cell)


class DocumentReview(Record):
    number: int
    name: str
    doc_type: str | None = None
    language: str | None = None
    from_text: bool = False  # no front matter: everything read from the text
    type_chosen: bool = False  # the page's choice of type made it checkable
    parts: list[Part] = Factory(list)
    elsewhere: list[Finding] = Factory(list)  # findings at no line of the text (unreadable file, sidecar)
    provisions: list[Provision] = Factory(list)
    facts: list[dict] = Factory(list)
    checklists: list[ChecklistRow] = Factory(list)
    counts: dict = Factory(dict)  # Severity -> active findings

    @property
    def anchor(self) -> str:
        return f"d{self.number}"

    @property
    def findings(self) -> list[Finding]:
        return [f for part in self.parts for f in part.findings] + self.elsewhere


class Review(Record):
    language: str
    as_of: object
    audit: Audit
    documents: list[DocumentReview]
    across: list[Finding] = Factory(list)  # findings that concern several documents
    counts: dict = Factory(dict)


def build(run, audit: Audit, files, facts: dict, texts: dict, chosen: set) -> Review:
    """The review of ``run`` (its audit built): ``files`` the uploads' (path, name) in order,
    ``facts`` name -> ``factsview.document_facts``, ``texts`` name -> the loaded ``Document``,
    ``chosen`` the names whose type the page's choice gave."""
    lang = audit.language
    by_name: dict[str, list[Finding]] = {}
    for finding in audit.findings:
        by_name.setdefault(finding.diagnostic.path, []).append(finding)
    documents = []
    for number, (_, name) in enumerate(files, 1):
        documents.append(_document(number, name, by_name.pop(name, []), facts.get(name), texts.get(name),
                                   audit, lang, name in chosen))
    for path, found in by_name.items():  # a sidecar's findings, at the document they belong to
        stem = Path(path).stem
        owner = next((d for d in documents if Path(d.name).stem == stem), documents[0] if documents else None)
        if owner is not None:
            owner.elsewhere.extend(found)
    names = {name for _, name in files}
    across = [f for f in audit.findings
              if f.diagnostic.code.startswith("ALUE-") or any(p != f.diagnostic.path and p in names
                                                              for p, _ in f.diagnostic.related)]
    return Review(lang, audit.as_of, audit, documents, across, dict(audit.severities))


def _document(number, name, found, facts, doc, audit, lang, chosen) -> DocumentReview:
    review = DocumentReview(number, name, type_chosen=chosen)
    active = [f for f in found if f.diagnostic.suppression is None]
    review.counts = {s: sum(1 for f in active if f.diagnostic.severity is s)
                     for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    if facts is not None:
        review.doc_type, review.language = facts.get("tyyppi"), facts.get("language")
        review.from_text = not facts.get("etusivu")
        review.facts = [f for f in facts.get("facts", []) if "file" not in f]
    text = doc.text if doc is not None else ""
    lines = text.split("\n") if text else []
    marks = _marks(review, facts, lines) if facts is not None else {}
    if facts is not None:
        review.provisions = _provisions(review, facts, marks)
    review.parts = _parts(lines, doc.body_start if doc is not None and doc.front_matter else 0, marks)
    for finding in found:
        line = finding.diagnostic.position.line
        part = next((p for p in review.parts if _holds(p, line)), None)
        if part is None or finding.diagnostic.path != name:
            review.elsewhere.append(finding)
            continue
        part.findings.append(finding)
        shown = next((item for item in part.lines if item.number == line), None)
        if shown is not None:
            shown.findings.append(finding)
    review.checklists = [ChecklistRow(matrix.checklist.title(lang),
                                      [(column.name(lang), column.citation(lang), cell)
                                       for column, cell in zip(matrix.checklist.columns, row.cells)])
                         for matrix in audit.matrices for row in matrix.rows if row.path == name]
    return review


def _holds(part: Part, line: int) -> bool:
    return part.first <= line <= part.last


def _parts(lines: list[str], body_start: int, marks: dict) -> list[Part]:
    """The text cut at its headings; a front matter is a part of its own; comments are left out."""
    from ..documents.loader import heading

    parts: list[Part] = []
    if body_start:
        front = Part(None, 0, 1, front=True)
        front.lines = [Line(n, "front", lines[n - 1], 0, marks.get(n, [])) for n in range(1, body_start + 1)]
        parts.append(front)
    current = Part(None, 0, 0)
    parts.append(current)
    in_comment = False
    table_started = False
    for index in range(body_start, len(lines)):
        raw, number = lines[index], index + 1
        stripped = raw.strip()
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        found = heading(raw)
        if found is not None:
            level, title = found
            current = Part(title, level, number, marks.get(number, []), max(raw.find(title), 0) if title else 0, raw)
            parts.append(current)
            table_started = False
            continue
        if not stripped:
            table_started = False
            current.lines.append(Line(number, "blank", ""))
            continue
        if stripped.startswith("|"):
            if _TABLE_RULE.fullmatch(stripped):
                continue
            current.lines.append(Line(number, "row", raw, 0, marks.get(number, []), header=not table_started))
            table_started = True
            continue
        item = _LIST_ITEM.match(raw)
        kind = "item" if item else "p"
        current.lines.append(Line(number, kind, raw, item.end() if item else len(raw) - len(raw.lstrip()),
                                  marks.get(number, [])))
    # Each part runs from its heading to the line before the next one's (a finding on a blank line or a
    # comment stays in its part); the text before the first heading from the line after the front matter.
    starts = [p.line or (body_start + 1 if not p.front else 1) for p in parts]
    for n, part in enumerate(parts):
        part.first = starts[n]
        part.last = (starts[n + 1] - 1) if n + 1 < len(parts) else max(len(lines), 1)
    return [p for p in parts if p.title is not None or p.front or any(i.kind != "blank" for i in p.lines)]


def _marks(review: DocumentReview, facts: dict, lines: list[str]) -> dict[int, list[Mark]]:
    """The evidence of each line: every fact and provision found at it, merged where they overlap."""
    spans: dict[int, list[tuple[int, int, str]]] = {}

    def add(line: int, column: int, words: str, label: str) -> None:
        if not 1 <= line <= len(lines):
            return
        text = lines[line - 1]
        words = " ".join(str(words).split()).rstrip("…").strip()
        start = max(0, min(column - 1, len(text)))
        if words and not " ".join(text[start:].split()).startswith(words[:20]):
            found = text.find(words[:20])
            start = found if found >= 0 else start
        end = _span_end(text, start, words) if words else len(text)
        if end > start:
            spans.setdefault(line, []).append((start, end, label))

    for fact in facts.get("facts", []):
        if "file" not in fact:
            add(fact["line"], fact["column"], fact.get("quote", ""), f"{fact['key']} = {_value(fact['value'])}")
    for item in facts.get("provisions", []):
        if item.get("how") and "line" in item and "file" not in item:
            label = f"{item['name']} ({item['description']})" if item.get("description") else item["name"]
            add(item["line"], item["column"], item.get("words", ""), label)
    out: dict[int, list[Mark]] = {}
    counter = 0
    for line, found in sorted(spans.items()):
        cuts = sorted({c for start, end, _ in found for c in (start, end)})
        merged: list[Mark] = []
        for start, end in zip(cuts, cuts[1:]):
            labels = list(dict.fromkeys(label for s, e, label in found if s <= start and end <= e))
            if not labels:
                continue
            if merged and merged[-1].end == start and merged[-1].labels == labels:
                merged[-1].end = end
            else:
                counter += 1
                merged.append(Mark(start, end, labels, f"{review.anchor}-e{counter}"))
        out[line] = merged
    return out


def _span_end(text: str, start: int, words: str) -> int:
    """Where ``words`` (whitespace collapsed) end in ``text`` from ``start``; the line's end if they run past it."""
    if text.startswith(words, start):  # the words as written, single spaces: most quotes
        return start + len(words)
    i, j = start, 0
    while i < len(text) and j < len(words):
        if text[i].isspace():
            i += 1
            if words[j] == " ":
                j += 1
            continue
        if words[j] == " ":
            j += 1
            continue
        if text[i] != words[j]:
            break
        i, j = i + 1, j + 1
    return i if i > start else min(len(text), start + len(words))


def _provisions(review: DocumentReview, facts: dict, marks: dict) -> list[Provision]:
    from ..documents.converted import locator_in

    out = []
    for item in facts.get("provisions", []):
        where, anchor = "", ""
        if item.get("how"):
            if item.get("locator"):
                where = locator_in(item["locator"], facts.get("_words", "fi"))
            elif "line" in item:
                where = f"{item['line']}:{item['column']}"
            line = marks.get(item.get("line"), [])
            column = item.get("column", 1) - 1
            anchor = next((m.anchor for m in line if m.start <= max(column, 0) < m.end), line[0].anchor if line else "")
        out.append(Provision(item["name"], item.get("description", ""), item.get("how"), where,
                             item.get("words", ""), anchor))
    return out


def _value(value) -> str:
    import json

    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    shown = " ".join(str(shown).split())
    return shown if len(shown) <= 60 else shown[:59] + "…"
