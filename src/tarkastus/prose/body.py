"""An agreement's body as the fact readers see it: headings, units of text, tables.

A *unit* is a sentence of a paragraph, a list item, or a label line
("Vastuukunta:"); it keeps where each of its pieces starts in the file, so
that any offset inside it maps back to a line and column (``Unit.pos``).
Tables are Markdown pipe tables, each cell with its position. Lines inside
code fences and HTML comments are not text; the front matter is skipped.

Everything here is one pass over the lines, with patterns whose parts never
compete for the same characters: linear in the size of the file.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from ..diagnostics import Position
from ..record import Factory, Record
from ..text import index_of, words

_FENCE = re.compile(r"\s{0,3}(```+|~~~+)")
_ITEM = re.compile(r"(?:[-*+]|\(?\d{1,3}[.)]|[a-zåäö]\))[ \t]+(?=\S)")
# Where a sentence ends: closing marks, spaces, then a capital letter or an
# opening quote. The three parts are disjoint classes, so the search is linear.
# The lookbehind starts a match at the first mark of a run only: without it a
# run of dots with no space after it was tried again from every dot (quadratic).
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[ \t]+(?=[A-ZÅÄÖ\"“”'])")
_ABBREVIATIONS = frozenset(("ns", "esim", "mm", "ks", "vrt", "n", "s", "k", "mom", "nro", "puh", "tms", "yms",
                            "jne", "ym", "eli", "t", "st", "bl", "a", "kl", "jarjl"))
# "Hyväksytty: Kaupunginvaltuusto …", "Y-tunnus: 0204819-8", "Vastuukunta: Turun kaupunki": a line
# that starts with a short capitalised label and a colon is a unit of its own.
_LABEL = re.compile(r"[A-ZÅÄÖ][^\s:]{0,40}(?:[ \t][^\s:]{1,40}){0,3}:(?:[ \t]|$)")
_TABLE_RULE = re.compile(r"[\s|:\-]*")
_EMPHASIS = "*_"


class Heading(Record, frozen=True):
    level: int
    title: str
    line: int
    column: int  # of the title's first character
    index: str  # word index of the title


class Unit(Record):
    """A sentence, list item or label line, and where its pieces start in the file."""

    text: str
    line: int
    column: int
    section: int  # index of the heading it is under, -1 before the first
    paragraph: int
    starts: tuple = ()
    item: bool = False  # a list item ("1. …", "- …")  # ((offset in text, line, column), ...), one per joined line

    @cached_property
    def words(self) -> tuple[str, ...]:
        return words(self.text)

    @cached_property
    def index(self) -> str:
        return index_of(self.text)

    def pos(self, offset: int) -> Position:
        """The file position of ``text[offset]``."""
        starts = self.starts or ((0, self.line, self.column),)
        i = bisect.bisect_right([s[0] for s in starts], offset) - 1
        base, line, column = starts[max(i, 0)]
        return Position(line, column + max(offset - base, 0))


class Cell(Record, frozen=True):
    text: str
    pos: Position


class Table(Record):
    header: tuple  # of Cell
    rows: list = Factory(list)  # of tuple of Cell
    section: int = -1
    line: int = 1


class Body(Record):
    lines: list
    headings: list = Factory(list)
    units: list = Factory(list)
    tables: list = Factory(list)
    preamble: list = Factory(list)  # (line number, text) of lines before the first heading

    def under(self, section: int) -> list[int]:
        """The heading ``section`` and the headings nested under it."""
        if section < 0 or section >= len(self.headings):
            return []
        level = self.headings[section].level
        found = [section]
        for i in range(section + 1, len(self.headings)):
            if self.headings[i].level <= level:
                break
            found.append(i)
        return found


def read_body(text: str, first_line: int = 0) -> Body:
    """The body of a file whose lines from index ``first_line`` on are Markdown text."""
    lines = text.split("\n")
    body = Body(lines)
    section = -1
    paragraph = 0
    pending: list[tuple[int, int, str]] = []  # (line, column, text) of the paragraph being read
    fence = None
    comment = False
    table: Table | None = None

    items: set[int] = set()  # paragraphs that are list items

    def flush():
        nonlocal paragraph
        if pending:
            body.units.extend(_split(pending, section, paragraph, paragraph in items))
            pending.clear()
        paragraph += 1

    from ..documents.loader import heading

    for index in range(first_line, len(lines)):
        raw = lines[index].rstrip("\r")
        number = index + 1
        # Fences and comments are rare: the regex and the comment scan only when their marks are there.
        m = _FENCE.match(raw) if ("`" in raw or "~" in raw) else None
        if m and not comment:
            flush()
            marker = m.group(1)[0]
            fence = marker if fence is None else (None if fence == marker else fence)
            continue
        if fence is not None:
            continue
        if comment or "<!--" in raw:
            raw, comment = _uncomment(raw, comment)
        stripped = raw.strip()
        if not stripped:
            flush()
            table = None
            continue
        found = heading(raw) if stripped[0] == "#" else None
        if found is not None:
            flush()
            table = None
            level, title = found
            # The column of the title's words, not of the '#': where a fact read from it is.
            hashes = raw.index("#")
            at = raw.find(title, hashes + level) if title else -1
            body.headings.append(Heading(level, title, number, (at if at >= 0 else hashes) + 1,
                                         index_of(title)))
            section = len(body.headings) - 1
            continue
        if stripped.startswith("|"):
            flush()
            cells = _cells(raw, number)
            if table is None:
                table = Table(tuple(cells), section=section, line=number)
                body.tables.append(table)
            elif not _TABLE_RULE.fullmatch(stripped):
                table.rows.append(tuple(cells))
            continue
        table = None
        if section < 0:
            body.preamble.append((number, stripped))
        column = len(raw) - len(raw.lstrip()) + 1
        content = raw.strip()
        item = _ITEM.match(content)
        if item is not None:
            flush()
            column += item.end()
            content = content[item.end():]
            items.add(paragraph)
        elif _LABEL.match(content):
            flush()
        bare = content.strip(_EMPHASIS).strip()
        if bare != content and bare and content.startswith(("**", "__")) and content.endswith(("**", "__")):
            # "**Vastuukunta**": a bold line used as a heading is a label of its own.
            flush()
            pending.append((number, column + content.index(bare), bare))
            flush()
            continue
        pending.append((number, column, content))
        if content.endswith(":") or _LABEL.match(content):  # a label line stands alone
            flush()
    flush()
    return body


def _uncomment(line: str, inside: bool) -> tuple[str, bool]:
    """``line`` with HTML comments blanked out (so columns stay), and whether one is still open."""
    out = []
    position = 0
    while True:
        if inside:
            end = line.find("-->", position)
            if end < 0:
                out.append(" " * (len(line) - position))
                return "".join(out), True
            out.append(" " * (end + 3 - position))
            position = end + 3
            inside = False
        start = line.find("<!--", position)
        if start < 0:
            out.append(line[position:])
            return "".join(out), False
        out.append(line[position:start])
        position = start
        inside = True


def _cells(raw: str, number: int) -> list[Cell]:
    cells = []
    start = raw.index("|") + 1
    while start <= len(raw):
        end = raw.find("|", start)
        if end < 0:
            end = len(raw)
        piece = raw[start:end]
        text = piece.strip()
        if end < len(raw) or text:
            column = start + (len(piece) - len(piece.lstrip())) + 1
            cells.append(Cell(text.strip(_EMPHASIS).strip(), Position(number, column)))
        start = end + 1
    return cells


def _split(pending, section: int, paragraph: int, item: bool = False) -> list[Unit]:
    """The sentences of a paragraph (its lines joined with spaces)."""
    parts, starts, offset = [], [], 0
    for line, column, text in pending:
        starts.append((offset, line, column))
        parts.append(text)
        offset += len(text) + 1
    joined = " ".join(parts)
    units = []
    begin = 0
    cuts = []
    for m in _SENTENCE_END.finditer(joined):
        before = joined[max(begin, m.start() - 8):m.start()].split()
        last = before[-1].lower() if before else ""
        if last.strip("(").rstrip(".") in _ABBREVIATIONS or (last.isdigit() and len(last) <= 2):
            continue  # "esim. Turku", "1. Tampere": not the end of a sentence
        cuts.append(m.end())
    offsets = [s[0] for s in starts]
    for end in cuts + [len(joined)]:
        piece = joined[begin:end]
        lead = len(piece) - len(piece.lstrip())
        text = piece.strip()
        if text:
            first = begin + lead
            i = bisect.bisect_right(offsets, first) - 1
            # the lines this sentence spans: from its first line on, until one starts after it
            last = bisect.bisect_left(offsets, begin + len(piece), lo=i)
            local = tuple((o - first, ln, col) if o >= first else (0, ln, col + first - o)
                          for o, ln, col in starts[i:max(last, i + 1)])
            units.append(Unit(text, local[0][1], local[0][2], section, paragraph, local, item))
        begin = end
    return units
