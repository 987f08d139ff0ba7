"""Fixes a finding can carry, on ruff's model: edits to the document's text.

A ``Fix`` is what ``check --fix`` applies and what the language server
offers as a code action: a catalogue message saying what it does, whether
it is ``safe`` (formal: the registry's spelling of a municipality, the
number of the statute the text names, a date whose intent is certain, a
known key for a misspelt one) or ``unsafe`` (it adds words a person must
still write: a missing section's heading with ``[täydennä]``), and its
``Edit``s, each a range of the document's text (1-based line and column,
as every position in tarkastus; the end is exclusive, ``start == end``
inserts) and the text that replaces it.

Positions are in the text the loader read (``Document.text``: without a
byte-order mark, with the file's own line endings), so applying the edits
to that text and writing it back with the mark it had keeps every byte
outside them as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .diagnostics import Position, SourceLines
from .messages import Message
from .record import Record

SAFE = "safe"
UNSAFE = "unsafe"
APPLICABILITIES = (SAFE, UNSAFE)

__all__ = ["APPLICABILITIES", "SAFE", "UNSAFE", "Edit", "Fix", "applicable", "apply_fixes"]


class Edit(Record, frozen=True):
    """Replace the text from ``start`` up to (not including) ``end`` by ``text``."""

    start: Position
    end: Position
    text: str


class Fix(Record, frozen=True):
    """What a finding's fix does (``message``), how safe it is, and its edits."""

    message: Message
    applicability: str  # SAFE or UNSAFE
    edits: tuple[Edit, ...]

    def to_dict(self, lang: str = "fi") -> dict:
        """The JSON report's ``autofix`` object, its message in ``lang``."""
        return {"applicability": self.applicability, "message": self.message.render(lang),
                "edits": [{"start": {"line": e.start.line, "column": e.start.column},
                           "end": {"line": e.end.line, "column": e.end.column}, "text": e.text}
                          for e in self.edits]}


def _offset(lines: SourceLines, at: Position) -> int | None:
    """The character offset of ``at`` in the text, or None outside it (a column may be just past the line)."""
    starts = lines.starts
    if not 1 <= at.line < len(starts) or at.column < 1:
        return None
    offset = starts[at.line - 1] + at.column - 1
    return offset if offset < starts[at.line] else None  # at most the line's end (where its "\n" is)


def _spans(lines: SourceLines, fix: Fix) -> list[tuple[int, int, str]] | None:
    """The (start, end, text) offsets of a fix's edits, sorted; None when one lies outside the text
    or two of its own edits overlap."""
    spans = []
    for edit in fix.edits:
        start, end = _offset(lines, edit.start), _offset(lines, edit.end)
        if start is None or end is None or end < start or not isinstance(edit.text, str):
            return None
        spans.append((start, end, edit.text))
    spans.sort(key=lambda span: (span[0], span[1]))
    for (s1, e1, _), (s2, e2, _) in zip(spans, spans[1:]):
        if _conflict(s1, e1, s2, e2):
            return None
    return spans


def _conflict(s1: int, e1: int, s2: int, e2: int) -> bool:
    """Whether two edits touch the same text: they overlap, or they begin at the same place (two
    insertions there, or an insertion where a replacement begins, have no order)."""
    return s1 == s2 or (s1 < e2 and s2 < e1)


def applicable(text: str, fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes ``apply_fixes`` applies: in the order given, each whose edits lie in the text and
    touch no edit of a fix kept before it (a fix is kept or skipped whole)."""
    lines = SourceLines(text)
    kept, taken = [], []
    for fix in fixes:
        spans = _spans(lines, fix)
        if spans is None or any(_conflict(s1, e1, s2, e2) for s1, e1, _ in spans for s2, e2 in taken):
            continue
        kept.append(fix)
        taken.extend((start, end) for start, end, _ in spans)
    return kept


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` with the edits of ``fixes`` applied, back to front.

    Edits must not overlap: of two fixes whose edits do, the first (in the
    order given) is applied and the other skipped whole; a fix with an edit
    outside the text is skipped too. Everything outside the edits is kept
    character for character (line endings included).
    """
    lines = SourceLines(text)
    spans = [span for fix in applicable(text, fixes) for span in _spans(lines, fix)]
    spans.sort(key=lambda span: (span[0], span[1]))
    out, last = [], len(text)
    for start, end, new in reversed(spans):
        out.append(text[end:last])
        out.append(new)
        last = start
    out.append(text[:last])
    return "".join(reversed(out))


# ---- making fixes: one maker per code --------------------------------------------------------
#
# Each code whose findings can be fixed has a maker here, registered by code
# with ``@maker``: it gets the finding and what is known of its document
# (``Case``) and returns a ``Fix`` or None. The data that decides a fix lives
# where it always has: the registry spells municipalities
# (``Registry.correction``), the statute table numbers acts
# (``citations.corrected_number``), ``values.corrected_date`` knows dates,
# the document's shapes know keys (``MapShape.correction``), the skeleton
# knows headings (``skeleton.missing_section``). A rule without a maker of
# its own whose finding is of the whole document and which asks
# ``provided(…)`` gets the missing section (unsafe). Only Markdown and YAML
# files get fixes: a Word or PDF file's text is not the file.

FIXABLE_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")

_MAKERS: dict = {}


def maker(*codes: str):
    """Register a function ``(diagnostic, case) -> Fix | None`` as the fix of ``codes``."""
    def register(function):
        for code in codes:
            _MAKERS[code] = function
        return function
    return register


class Case:
    """What a maker knows of the finding's document: the loaded document, the rule pack, the day."""

    def __init__(self, doc, book, as_of) -> None:
        self.doc, self.book, self.as_of = doc, book, as_of
        self.text = doc.text
        self.lines = SourceLines(doc.text)
        self._context = self._citations = self._boundaries = self._index = None
        self.memo: dict = {}  # what makers compute once per document (skeleton.missing_section's matches)

    def offset(self, at: Position) -> int | None:
        return _offset(self.lines, at)

    def position(self, offset: int) -> Position:
        return self.lines.position(offset)

    def replace(self, offset: int, old: str, new: str) -> Edit | None:
        """The edit replacing ``old`` at ``offset``, if the text has it there."""
        if offset is None or not old or not self.text.startswith(old, offset):
            return None
        return Edit(self.position(offset), self.position(offset + len(old)), new)

    @property
    def context(self):
        """An evaluation context of the document (for ``provided``), made once."""
        if self._context is None:
            from .lang.evaluator import Context

            self._context = Context(self.doc, self.book, self.as_of, "fi")
        return self._context

    @property
    def citations(self) -> list:
        if self._citations is None:
            from .citations import scan

            self._citations = scan(self.text, self.book.statutes.values(), self.as_of)
        return self._citations

    def index(self) -> tuple[dict, dict]:
        """The document's mappings by where they begin, and (mapping, key) by where each key is: made once."""
        if self._index is None:
            maps, keys = {}, {}
            for mapping in _walk(self.doc.data):
                maps.setdefault(mapping.pos, mapping)
                for key, where in mapping.key_pos.items():
                    keys.setdefault(where, (mapping, key))
            self._index = maps, keys
        return self._index

    def boundaries(self) -> list[int]:
        """The offsets of every place the document's data records (mappings, keys, list items), sorted;
        the end of the front matter too."""
        if self._boundaries is None:
            places = set()
            for mapping in _walk(self.doc.data):
                places.add(mapping.pos)
                places.update(mapping.key_pos.values())
                for value in mapping.values():
                    places.update(getattr(value, "item_pos", ()))
            offsets = {self.offset(p) for p in places}
            if self.doc.body_start:
                offsets.add(self.lines.starts[self.doc.body_start - 1])
            self._boundaries = sorted(o for o in offsets if o is not None)
        return self._boundaries

    def language(self) -> str:
        """The language the document is written in (for the words a fix inserts)."""
        from .engine import document_language

        return document_language(self.doc)


def _value_offset(case: Case, key_at: Position, value: str) -> int | None:
    """Where the scalar ``value`` of the key at ``key_at`` starts (inside its quotes), or None."""
    start = case.offset(key_at)
    if start is None:
        return None
    text = case.text
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    colon = text.find(":", start, end)
    if colon < 0:
        return None
    i = colon + 1
    while i < end and text[i] in " \t":
        i += 1
    if i < end and text[i] in "'\"":
        i += 1
    return i if text.startswith(value, i) else None


def _listed_offset(case: Case, key_at: Position, value: str) -> int | None:
    """Where ``value`` is written in the list of the key at ``key_at`` (a text list keeps no positions
    of its items): the first time it stands as a whole item between the key and the next place the
    data records."""
    import re

    start = case.offset(key_at)
    if start is None:
        return None
    colon = case.text.find(":", start)
    end = next((b for b in case.boundaries() if b > start), len(case.text))
    if colon < 0 or colon >= end:
        return None
    found = re.compile(r"(?<![\w-])" + re.escape(value) + r"(?![\w-])").search(case.text, colon + 1, end)
    return found.start() if found else None


def _item_offset(case: Case, at: Position, value: str) -> int | None:
    """Where the scalar ``value`` of a list item at ``at`` starts (inside its quotes), or None."""
    i = case.offset(at)
    if i is None:
        return None
    if case.text[i:i + 1] in ("'", '"'):
        i += 1
    return i if case.text.startswith(value, i) else None


def _walk(value):
    """Every mapping below ``value`` (the document's data), itself included."""
    from .documents.loader import Map

    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Map):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _mapping_at(case: Case, at: Position):
    """The mapping that begins at ``at``, or None."""
    return case.index()[0].get(at)


def _key_at(case: Case, at: Position):
    """(mapping, key) of the key written at ``at``, or None."""
    return case.index()[1].get(at)


@maker("KUNTA-TUNTEMATON")
def _municipality(d, case: Case) -> Fix | None:
    """A misspelt municipality (safe): the registry's spelling, when only one municipality is that close.

    The finding points at the entry that names it (a party, a member, a
    task whose ``alue`` lists it); the name is the one the message quotes.
    A former municipality (Honkajoki) is not misspelt: it has no fix.
    """
    mapping = _mapping_at(case, d.position)
    if mapping is None:
        return None
    registry = case.book.registry
    for key, value in mapping.items():
        if isinstance(value, str):
            names = [(value, None)]
        elif isinstance(value, list):
            positions = getattr(value, "item_pos", None) or [None] * len(value)
            names = [(item, at or "listed") for item, at in zip(value, positions) if isinstance(item, str)]
        else:
            continue
        for name, at in names:
            if f"'{name}'" not in d.message:
                continue
            right = registry.correction(name)
            if right is None:
                continue
            if at is None:
                offset = _value_offset(case, mapping.key_pos[key], name)
            elif at == "listed":
                offset = _listed_offset(case, mapping.key_pos[key], name)
            else:
                offset = _item_offset(case, at, name)
            edit = case.replace(offset, name, right)
            if edit is not None:
                return Fix(Message("fix.municipality", (("written", name), ("name", right))), SAFE, (edit,))
    return None


@maker("VIITE-LAKINUMERO", "VIITE-KUMOTTU")
def _statute_number(d, case: Case) -> Fix | None:
    """A statute cited by the wrong or a repealed number (safe): the number of the act the text names."""
    from .citations import NUMBER_AT, corrected_number

    citation = next((c for c in case.citations if c.pos == d.position), None)
    if citation is None:
        return None
    right = corrected_number(citation, case.book.statutes.values())
    offset = case.offset(d.position)
    written = NUMBER_AT.match(case.text, offset) if right is not None and offset is not None else None
    if written is None:
        return None
    edit = case.replace(offset, written.group(), right)
    return Fix(Message("fix.statute_number", (("written", written.group()), ("number", right))), SAFE,
               (edit,)) if edit is not None else None


_SCALAR_END = ",]}#\r\n"


def _scalar_at(case: Case, offset: int | None) -> tuple[int, str] | None:
    """(start, text) of the YAML scalar written at ``offset``: inside its quotes, or plain up to a comment
    or the end of its flow item."""
    if offset is None:
        return None
    text = case.text
    quote = text[offset:offset + 1]
    if quote in ("'", '"'):
        end = text.find(quote, offset + 1)
        newline = text.find("\n", offset + 1)
        if end < 0 or 0 <= newline < end:
            return None
        return offset + 1, text[offset + 1:end]
    end = offset
    while end < len(text) and text[end] not in _SCALAR_END and text[end:end + 2] != " #":
        end += 1
    return offset, text[offset:end].rstrip(" \t")


def _date_edit(case: Case, offset: int | None) -> tuple[Edit, str, str] | None:
    """The edit writing the date at ``offset`` in its certain form (``values.corrected_date``), if it has one."""
    from .values import corrected_date

    found = _scalar_at(case, offset)
    if found is None:
        return None
    start, written = found
    right = corrected_date(written)
    edit = case.replace(start, written, right) if right is not None else None
    return (edit, written, right) if edit is not None else None


def _date_fix(changes) -> Fix | None:
    changes = [c for c in changes if c is not None]
    if not changes:
        return None
    _, written, right = changes[0]
    if len(changes) == 1:
        message = Message("fix.date", (("written", written), ("date", right)))
    else:
        pairs = tuple(Message("fix.date_pair", (("written", w), ("date", r))) for _, w, r in changes)
        message = Message("fix.dates", (("dates", pairs),))
    return Fix(message, SAFE, tuple(edit for edit, _, _ in changes))


@maker("PVM-JARJESTYS")
def _impossible_date(d, case: Case) -> Fix | None:
    """A date no calendar has whose intent is certain (safe): the day and the month swapped (2025-31-01).

    The finding points at the key of the date (``voimassaolo.alkaa``), or
    at ``hyväksytty`` for the approvals' dates: then every impossible date
    there must have a certain form, or there is no fix. In a text without
    front matter it points at the date itself.
    """
    from .values import InvalidDate

    found = _key_at(case, d.position)
    if found is None:
        return _date_fix([_date_edit(case, case.offset(d.position))])
    mapping, key = found
    value = mapping[key]
    if isinstance(value, InvalidDate):
        return _date_fix([_date_edit(case, _value_offset(case, mapping.key_pos[key], value.raw))])
    changes = []
    for item in value if isinstance(value, list) else []:
        for name, date in (item.items() if hasattr(item, "key_pos") else ()):
            if isinstance(date, InvalidDate):
                change = _date_edit(case, _value_offset(case, item.key_pos[name], date.raw))
                if change is None:
                    return None
                changes.append(change)
    return _date_fix(changes)


@maker("TARK-SCHEMA")
def _date_form(d, case: Case) -> Fix | None:
    """A date in a form that is not read, whose intent is certain (safe): 2025/01/31 → 2025-01-31."""
    if d.text is None or d.text.key != "schema.invalid":
        return None
    return _date_fix([_date_edit(case, case.offset(d.position))])


@maker("TARK-AVAIN")
def _key(d, case: Case) -> Fix | None:
    """A misspelt front-matter key (safe): the known key, when only one is that close (``MapShape.correction``).

    Only a key the loader found a "did you mean" for (``correction`` is
    stricter): the loader looks for the first hundred unknown keys only.
    """
    if d.text is None or not dict(d.text.values).get("hint"):
        return None
    for at, written, shape in case.doc.unknown_keys:
        if at != d.position:
            continue
        right = shape.correction(written)
        offset = case.offset(at)
        if right is None or offset is None:
            return None
        if case.text[offset:offset + 1] in ("'", '"'):
            offset += 1
        edit = case.replace(offset, written, right)
        return Fix(Message("fix.key", (("written", written), ("key", right))), SAFE, (edit,)) \
            if edit is not None else None
    return None


def _section(d, case: Case) -> Fix | None:
    """A provision missing from a Markdown agreement (unsafe): its heading from the ``init`` skeleton, with
    ``[täydennä]`` under it, at its place in the numbering (``skeleton.missing_section``).

    For a finding of the whole document of a rule that asks ``provided(…)``:
    the first provision it asks for that the document neither states nor
    defers. Inserting a heading is never safe: the provision's words are the
    parties' to write (and the finding stays, now at the placeholder).
    """
    from .documents.loader import MARKDOWN_SUFFIXES
    from .engine import whole_document_position
    from .lang.evaluator import deferred, provided
    from .skeleton import missing_section

    doc = case.doc
    rule = case.book.rule(d.code)
    if rule is None or doc.suffix not in MARKDOWN_SUFFIXES or d.position != whole_document_position(doc):
        return None
    for provision in _provisions_asked(rule):
        if provision not in case.book.provisions:
            continue
        if provided(case.context, provision) or deferred(case.context, provision):
            continue
        made = missing_section(doc, provision, case.book, case.language(), case.memo)
        if made is None:
            continue
        heading, changes = made
        edits = tuple(Edit(case.position(start), case.position(end), new) for start, end, new in changes)
        return Fix(Message("fix.section", (("heading", heading),)), UNSAFE, edits)
    return None


def _provisions_asked(rule) -> list[str]:
    """The provisions a rule's cases of the whole document ask ``provided(…)`` about, in order."""
    from .lang.ast import Call, Name

    found: list[str] = []
    stack = [case.when for case in reversed(rule.cases) if case.at is None]
    while stack:
        node = stack.pop()
        if isinstance(node, Call) and node.func == "provided" and node.args and isinstance(node.args[0], Name):
            found.append(node.args[0].name)
        if isinstance(node, Record):
            children = [getattr(node, name) for name in node._fields]
        elif isinstance(node, (list, tuple)):
            children = list(node)
        else:
            continue
        stack.extend(reversed([c for c in children if isinstance(c, (Record, list, tuple))]))
    return list(dict.fromkeys(found))


# At most this many fixes are made for one document at a time (``check --fix`` makes the rest in its
# next rounds); and a check gives its findings their fixes only in a document of at most
# ``CHECKED_CHARACTERS`` (each fix costs a check of the fixed text: a 12-section agreement is some
# 15 000 characters). Larger documents get theirs from ``surviving`` and ``check --fix``.
MAX_CANDIDATES = 64
CHECKED_CHARACTERS = 32 * 1024


def candidates(doc, diagnostics, book, as_of) -> list:
    """(diagnostic, fix) for each finding of ``doc`` that has a fix (at most ``MAX_CANDIDATES``), before any
    is checked."""
    if doc.suffix not in FIXABLE_SUFFIXES:
        return []
    case = Case(doc, book, as_of)
    found = []
    for d in diagnostics:
        if len(found) >= MAX_CANDIDATES:
            break
        if d.path != doc.path or d.suppression is not None:
            continue
        make = _MAKERS.get(d.code) or (_section if not d.code.startswith("TARK-") else None)
        try:
            fix = make(d, case) if make is not None else None
        except Exception:  # noqa: BLE001 (a maker that fails only costs its fix, never the document's findings)
            fix = None
        if fix is not None and fix.edits:
            found.append((d, fix))
    return found


# ---- checking fixes --------------------------------------------------------------------------------

def _tally(diagnostics, inputs_only: bool = False) -> dict:
    counts: dict = {}
    for d in diagnostics:
        if d.suppression is None and (d.is_input_error or not inputs_only):
            key = (d.code, d.severity)
            counts[key] = counts.get(key, 0) + 1
    return counts


def _codes(tally: dict, code: str) -> int:
    return sum(n for (c, _), n in tally.items() if c == code)


def _survives(fix: Fix, code: str, before: list, after: list, checked: bool) -> bool:
    """Whether the findings ``after`` a fix add none to those ``before`` it (and a safe fix removes its own).

    A document with an input error is not rule-checked, so its rule findings
    appear once the error is fixed: there, only input problems count.
    """
    old, new = _tally(before, not checked), _tally(after, not checked)
    if any(n > old.get(key, 0) for key, n in new.items()):
        return False
    if fix.applicability == SAFE:
        return _codes(_tally(after), code) < _codes(_tally(before), code)
    return True


def check_candidates(doc, diagnostics, proposals, recheck) -> list:
    """The (diagnostic, fix) of ``proposals`` whose fixed text, checked again (``recheck(text)`` ->
    diagnostics), adds no finding: each fix is applied alone to the document's text."""
    from .engine import StaleCache

    kept = []
    for d, fix in proposals:
        fixed = apply_fixes(doc.text, [fix])
        if fixed == doc.text:
            continue
        try:
            after = recheck(fixed)
        except StaleCache:  # a rule pack from the cache that fails: the check rebuilds it and starts again
            raise
        except Exception:  # noqa: BLE001 (a fix whose result cannot be checked is not offered)
            continue
        if _survives(fix, d.code, diagnostics, after, doc.ok):
            kept.append((d, fix))
    return kept


def attach(doc, diagnostics, book, as_of, recheck) -> None:
    """Give each finding of ``doc`` that has a fix surviving ``recheck`` that fix (``autofix``).

    ``engine`` calls this for every Markdown and YAML document it checks,
    with ``recheck`` running the same rules on a text in memory; a document
    longer than ``CHECKED_CHARACTERS`` gets none here (checking each fix
    would cost more than the check).
    """
    if len(doc.text) > CHECKED_CHARACTERS:
        return
    proposals = candidates(doc, diagnostics, book, as_of)
    for d, fix in check_candidates(doc, diagnostics, proposals, recheck) if proposals else ():
        d.autofix = fix


def surviving(doc, diagnostics, book, options=None, unsafe: bool = True) -> list:
    """The fixes of a checked document's findings that survive re-checking: ``[(diagnostic, fix)]``.

    ``doc`` is the document as checked (``engine.check_text`` returns it) and
    ``diagnostics`` its findings. A finding that already carries a fix (the
    check made and checked it) keeps it; for the others fixes are made now
    and checked by running the rules of ``options`` (an ``engine.Options``)
    on each fixed text in memory — a fix that adds a finding is dropped.
    Without ``unsafe`` only the safe fixes are made and checked.
    """
    import datetime as _dt

    from .engine import check_text

    done = [(d, d.autofix) for d in diagnostics if d.autofix is not None]
    rest = [d for d in diagnostics if d.autofix is None]
    as_of = (options.as_of if options is not None else None) or _dt.date.today()
    proposals = [(d, fix) for d, fix in candidates(doc, rest, book, as_of) if unsafe or fix.applicability == SAFE]

    def recheck(text: str):
        return check_text(text, doc.path, book, options, path=f"fixed{doc.suffix}", fixes=False)[0]

    made = check_candidates(doc, diagnostics, proposals, recheck) if proposals else []
    order = {id(d): i for i, d in enumerate(diagnostics)}
    return sorted(done + made, key=lambda pair: order[id(pair[0])])


# ---- check --fix and --diff: fixing files ------------------------------------------------------

MAX_PASSES = 25  # rounds of fixing a file: a fix skipped for an overlap is made in the next round
_BOM = b"\xef\xbb\xbf"


class FileFix(NamedTuple):
    """A file's content before and after its fixes, and how many were made."""

    path: object  # Path
    shown: str
    before: bytes
    after: bytes
    count: int


class Fixing:
    """What fixing a run's files came to: the changed files, and whether a Word, OpenDocument or PDF file
    with findings was left as it is (it is not text to edit)."""

    def __init__(self) -> None:
        self.changes: list[FileFix] = []
        self.documents = False

    def diff(self) -> str:
        """The changes as one unified diff (``--diff``), file by file."""
        return "".join(unified_diff(c.before, c.after, c.shown) for c in self.changes)


def wanted(d, unsafe: bool) -> bool:
    """Whether ``--fix`` (``unsafe``: with ``--unsafe-fixes``) makes the fix of ``d``."""
    return d.autofix is not None and d.suppression is None and (unsafe or d.autofix.applicability == SAFE)


def fix_run(run, unsafe: bool = False) -> Fixing:
    """The fixed content of each Markdown and YAML file of ``run`` (a ``workspace.Run``) that has a
    finding with a fix to make; nothing is written.

    Each file is read again and fixed in rounds: its text is checked in
    memory with the settings it was checked with, the fixes of its findings
    are applied (``applicable``: of two that overlap, the first; of the
    unsafe ones only the first, as each renumbers), and the
    result is checked again, until no fix is left or ``MAX_PASSES``. Fixes
    made together that add a finding between them are made one by one. Only
    the files the report is about are fixed (not those of ``--context``).
    """
    from .documents.loader import DOCUMENT_SUFFIXES, MAX_BYTES
    from .files import NotRegularFile, read_regular
    from .workspace import ignored

    report = run.report
    by_path: dict = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    primary = set(report.paths)
    outcome = Fixing()
    for settings, options, book, files in run.groups:
        for path, shown in files:
            found = by_path.get(shown, ())
            if shown not in primary or not found:
                continue
            if str(path).lower().endswith(DOCUMENT_SUFFIXES):
                outcome.documents = outcome.documents or any(d.suppression is None for d in found)
                continue
            if not any(wanted(d, unsafe) for d in found) or not str(path).lower().endswith(FIXABLE_SUFFIXES):
                continue
            try:
                before = read_regular(path, MAX_BYTES + 1)
                text = before.decode("utf-8")
            except (OSError, NotRegularFile, UnicodeDecodeError, ValueError):
                continue
            bom = before.startswith(_BOM)
            fixed, count = fix_text(text[1:] if bom else text, shown, book, options, unsafe, path,
                                    keep=lambda d: not ignored(d, settings))
            after = (_BOM if bom else b"") + fixed.encode("utf-8")
            if count and after != before:
                outcome.changes.append(FileFix(path, shown, before, after, count))
    return outcome


def fix_text(text: str, shown: str, book, options, unsafe: bool = False, path=None, keep=None) -> tuple[str, int]:
    """``text`` (a Markdown or YAML document, told by ``path``'s suffix) with its fixes made, and how many."""
    from .engine import check_text

    def check(content: str):
        found, doc = check_text(content, shown, book, options, path=path, fixes=False)
        return [d for d in found if keep is None or keep(d)], doc

    found, doc = check(text)
    made = 0
    for _ in range(MAX_PASSES):
        for d, fix in surviving(doc, found, book, options, unsafe):
            d.autofix = fix
        chosen = applicable(text, _one_unsafe([d.autofix for d in sorted(found, key=lambda d: d.sort_key())
                                               if wanted(d, unsafe)]))
        if not chosen:
            break
        fixed = apply_fixes(text, chosen)
        after, fixed_doc = check(fixed)
        if len(chosen) > 1 and not _adds_nothing(found, after, doc.ok):
            chosen = chosen[:1]
            fixed = apply_fixes(text, chosen)
            after, fixed_doc = check(fixed)
        if fixed == text:
            break
        text, found, doc = fixed, after, fixed_doc
        made += len(chosen)
    return text, made


def _one_unsafe(fixes: list) -> list:
    """The safe fixes and the first unsafe one: a section inserted renumbers the sections after it, so
    the next one's place and number are found in the next round, in the text that has the first."""
    first = next((f for f in fixes if f.applicability == UNSAFE), None)
    return [f for f in fixes if f.applicability == SAFE or f is first]


def _adds_nothing(before: list, after: list, checked: bool) -> bool:
    old, new = _tally(before, not checked), _tally(after, not checked)
    return all(n <= old.get(key, 0) for key, n in new.items())


def unified_diff(before: bytes, after: bytes, shown: str) -> str:
    """A unified diff of a file's two contents, as ``diff -u`` and ``ruff --diff`` print one.

    Lines keep their endings (a CRLF file's diff has CRLF lines); a last
    line without one is marked "\\ No newline at end of file".
    """
    import difflib

    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(old, new, shown, shown):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_fixes(outcome: Fixing) -> list[Message]:
    """Write each changed file in place, the original first kept as ``NAME.bak``; what to tell the user.

    A file that changed since it was read is left alone (and said so).
    Raises ``output.OutputError`` when a file cannot be written.
    """
    from .files import NotRegularFile, read_regular
    from .output import replace_document, shown_path

    notes = []
    for change in outcome.changes:
        try:
            current = read_regular(change.path, len(change.before) + 1)
        except (OSError, NotRegularFile):
            current = None
        if current != change.before:
            notes.append(Message("fix.changed", (("path", change.shown),)))
            continue
        backup = replace_document(change.path, change.before, change.after)
        notes.append(Message("fix.applied", (("path", change.shown), ("fixes", counted(change.count)),
                                             ("backup", shown_path(backup)))))
    return notes


def counted(n: int) -> Message:
    """"1 korjaus", "3 korjausta" (in the language it is said in)."""
    return Message(f"count.fix.{'one' if n == 1 else 'many'}", (("n", n),))
