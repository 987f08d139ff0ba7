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
