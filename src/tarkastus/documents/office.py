"""Word (.docx) and OpenDocument (.odt) agreements as the text the prose reader reads.

A document becomes Markdown-shaped text: each heading a ``#`` line with
its level and its number (Word's automatic numbering computed, so a
finding can say "kohta 12"; a restarted list starts again), each paragraph
a block of its own, numbered list paragraphs "1." items and bulleted ones
"-" items, each table pipe rows (a cell's paragraphs and a table nested in
it are that cell's text; each table counts its own rows). Every line of that text
has a *locator* a lawyer can find in the original ("kohta 11, 2. kappale";
a paragraph before the first heading is "alku, 1. kappale").

Drafts are read as if their tracked changes were accepted: insertions
(``w:ins``, ``w:moveTo``; an ODT insertion region) are text, deletions
(``w:del``, ``w:delText``, ``w:moveFrom``; an ODT deletion region) are
not. How many changes and comments there were is counted, so a report can
say that the draft still has them.

Reading is bounded: the archive's members are read only up to their
declared sizes and ``MAX_MEMBER`` in all (a zip bomb is an error, not a
full memory), XML with a DTD is refused before parsing (no entities, so no
entity expansion), and a document whose text is longer than
``MAX_TEXT`` characters or ``MAX_BLOCKS`` blocks is an error (TARK-KOKO),
not a partial reading. Every problem is an ``OfficeError`` with a message for the
user; nothing else is raised, whatever the bytes.

Only the standard library is used (zipfile, ElementTree over expat): the
parts read here are a few well-known XML files, and the cold path of a
Markdown check must not import a document library.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from ..record import Record
from ..messages import say
from .converted import STAMP, ConversionError, Converted, locator_part

MAX_MEMBER = 32 * 1024 * 1024  # bytes of XML read from one archive, all members together
MAX_TEXT = 1024 * 1024  # characters of converted text (the Markdown limit)
MAX_BLOCKS = 50_000  # paragraphs, headings and table rows

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"

_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_HEADING_STYLE = re.compile(r"(?:heading|otsikko|rubrik|überschrift|titre)\s*([1-9])$", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")


# The readers' shared vocabulary (a PDF reader raises the same error).
OfficeError = ConversionError


class _Block(Record):
    kind: str  # "heading", "paragraph", "item", "row"
    text: str
    level: int = 0
    number: str = ""
    header: bool = False  # a table's first row


# ---- the archive ----------------------------------------------------------------------------------

class _Archive:
    """A zip archive whose members are read with a shared budget of bytes."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, RuntimeError):
            raise OfficeError(say("office.zip"), say("office.resave.fix")) from None
        self.budget = MAX_MEMBER

    def has(self, name: str) -> bool:
        return name in self.names

    def xml(self, name: str):
        """The parsed XML of a member, or None if the archive has no such member."""
        if name not in self.names:
            return None
        try:
            info = self.zip.getinfo(name)
            if info.file_size > self.budget:
                raise OfficeError(_TOO_LARGE, _TOO_LARGE_FIX)
            with self.zip.open(info) as stream:
                data = stream.read(self.budget + 1)
        except OfficeError:
            raise
        except Exception:  # noqa: BLE001 (a corrupt member: zlib, CRC, a truncated archive)
            raise OfficeError(say("office.member", name=name), say("office.resave.fix")) from None
        if len(data) > self.budget:
            raise OfficeError(_TOO_LARGE, _TOO_LARGE_FIX)
        self.budget -= len(data)
        if _DTD.search(data[:4096]) or b"<!ENTITY" in data:
            raise OfficeError(say("office.dtd", name=name), say("office.dtd.fix"))
        try:
            return ElementTree.fromstring(data)
        except ElementTree.ParseError as exc:
            raise OfficeError(say("office.xml", name=name, error=str(exc)), say("office.resave.fix")) from None
        except RecursionError:
            raise OfficeError(say("office.deep", name=name)) from None


_TOO_LARGE = say("office.too_large", mb=MAX_MEMBER // (1024 * 1024))
_TOO_LARGE_FIX = say("size.split.fix")


# ---- Word ---------------------------------------------------------------------------------------------

def read_docx(data: bytes) -> Converted:
    archive = _Archive(data)
    if archive.has("word/vbaProject.bin"):
        raise OfficeError(say("office.macros"), say("format.docm.fix"))
    document = archive.xml("word/document.xml")
    if document is None:
        raise OfficeError(say("office.not_docx"), say("office.not_docx.fix"))
    styles = _docx_styles(archive.xml("word/styles.xml"))
    numbering_xml = archive.xml("word/numbering.xml")
    numbering = _docx_numbering(numbering_xml)
    comments = archive.xml("word/comments.xml")
    body = document.find(f"{W}body")
    reader = _DocxReader(styles, numbering, _docx_restarts(numbering_xml))
    # Approval stamps in the page header ("Hyväksytty: Kunnanhallitus 15.4.2024, 45 §"), once each, first.
    for name in sorted(n for n in archive.names if _DOCX_HEADER.fullmatch(n)):
        header = archive.xml(name)
        if header is not None:
            _stamps(reader.blocks, (reader.text_of(p) for p in header.iter(f"{W}p")))
    if body is not None:
        reader.body(body)
    converted = _render(reader.blocks)
    converted.tracked_changes = reader.changes
    converted.comments = len(comments.findall(f"{W}comment")) if comments is not None else 0
    return converted


def _val(element, name: str = "val"):
    return element.get(f"{W}{name}") if element is not None else None


def _docx_styles(root) -> dict:
    """style id -> (heading level or 0, numbering (numId, ilvl) or None), with basedOn followed."""
    if root is None:
        return {}
    raw = {}
    for style in root.iter(f"{W}style"):
        sid = _val(style, "styleId")
        if not sid:
            continue
        name = _val(style.find(f"{W}name")) or ""
        ppr = style.find(f"{W}pPr")
        outline = _val(ppr.find(f"{W}outlineLvl")) if ppr is not None else None
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        level = 0
        m = _HEADING_STYLE.search(name) or _HEADING_STYLE.search(sid)
        if m:
            level = int(m.group(1))
        elif name.lower() in ("title", "otsikko", "rubrik"):
            level = 1
        elif outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        numbering = None
        if num is not None:
            numbering = (_val(num.find(f"{W}numId")), _val(num.find(f"{W}ilvl")) or "0")
        raw[sid] = (level, numbering, _val(style.find(f"{W}basedOn")))
    resolved = {}
    for sid in raw:
        level, numbering, base = raw[sid]
        seen = {sid}
        while (not level or numbering is None) and base in raw and base not in seen:
            seen.add(base)
            base_level, base_numbering, next_base = raw[base]
            level = level or base_level
            numbering = numbering if numbering is not None else base_numbering
            base = next_base
        resolved[sid] = (level, numbering)
    return resolved


def _docx_numbering(root) -> dict:
    """numId -> {ilvl: (format, lvlText, start)}."""
    if root is None:
        return {}
    abstract = {}
    for item in root.iter(f"{W}abstractNum"):
        levels = {}
        for lvl in item.iter(f"{W}lvl"):
            ilvl = _val(lvl, "ilvl") or "0"
            start = _val(lvl.find(f"{W}start"))
            levels[ilvl] = (_val(lvl.find(f"{W}numFmt")) or "decimal", _val(lvl.find(f"{W}lvlText")) or "",
                            int(start) if start and start.isdigit() and len(start) < 6 else 1)
        abstract[_val(item, "abstractNumId")] = levels
    return {_val(num, "numId"): abstract.get(_val(num.find(f"{W}abstractNumId")), {})
            for num in root.iter(f"{W}num")}


def _docx_restarts(root) -> dict:
    """numId -> {ilvl: start} of its ``w:lvlOverride/w:startOverride``: a list restarted ("Aloita uudelleen 1:stä").

    Word (and python-docx's ``add_lvlOverride().add_startOverride()``) restarts a
    list with a new ``w:num`` on the same abstract numbering; without the
    override it would go on counting where the last list stopped.
    """
    if root is None:
        return {}
    restarts: dict = {}
    for num in root.iter(f"{W}num"):
        for override in num.findall(f"{W}lvlOverride"):
            start = _val(override.find(f"{W}startOverride"))
            if start and start.isdigit() and len(start) < 6:
                restarts.setdefault(_val(num, "numId"), {})[_val(override, "ilvl") or "0"] = int(start)
    return restarts


class _DocxReader:
    def __init__(self, styles: dict, numbering: dict, restarts: dict | None = None) -> None:
        self.styles, self.numbering = styles, numbering
        self.restarts = restarts or {}
        self.restarted: set[tuple] = set()  # (numId, level) whose restart has been applied
        self.blocks: list[_Block] = []
        self.changes = 0
        self.counters: dict[tuple, list[int]] = {}  # (abstract levels id) -> counters per level

    def body(self, body) -> None:
        for child in body:
            if len(self.blocks) >= MAX_BLOCKS:
                return
            if child.tag == f"{W}p":
                self.paragraph(child)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                if child.tag in (f"{W}ins", f"{W}moveTo"):
                    self.changes += 1
                content = child.find(f"{W}sdtContent")
                self.body(content if content is not None else child)
            elif child.tag in (f"{W}del", f"{W}moveFrom"):
                self.changes += 1

    def text_of(self, element) -> str:
        out = []
        stack = [iter(element)]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            tag = node.tag
            if tag == f"{W}t":
                out.append(node.text or "")
            elif tag == f"{W}tab":
                out.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")  # a line break inside the paragraph: "Vastuukunta:" / "Turun kaupunki"
            elif tag in (f"{W}noBreakHyphen",):
                out.append("-")
            elif tag in (f"{W}del", f"{W}moveFrom"):
                self.changes += 1  # deleted text is not the agreement's
            elif tag in (f"{W}pPr", f"{W}rPr", f"{W}delText", f"{W}instrText"):
                continue
            else:
                if tag in (f"{W}ins", f"{W}moveTo"):
                    self.changes += 1
                elif tag == f"{W}p":
                    out.append("\n")  # the paragraphs of a table cell are lines, not one glued word
                stack.append(iter(node))
        return _clean("".join(out))

    def paragraph(self, p) -> None:
        ppr = p.find(f"{W}pPr")
        if ppr is not None:
            rpr = ppr.find(f"{W}rPr")
            if rpr is not None and (rpr.find(f"{W}del") is not None or rpr.find(f"{W}ins") is not None):
                self.changes += 1  # a paragraph mark inserted or deleted
        text = self.text_of(p)
        style = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
        level, numbering = self.styles.get(style, (0, None))
        if ppr is not None:
            outline = _val(ppr.find(f"{W}outlineLvl"))
            if outline is not None and outline.isdigit() and int(outline) < 9:
                level = int(outline) + 1
            num = ppr.find(f"{W}numPr")
            if num is not None:
                numbering = (_val(num.find(f"{W}numId")), _val(num.find(f"{W}ilvl")) or "0")
        number = self.number(numbering) if numbering is not None else None
        if not text:
            return
        if not level and _bold(p) and len(text) <= 120 and not text.endswith((".", ":", ";", ",")):
            level = 2  # a bold line used as a heading, without a heading style
        if level:
            self.blocks.append(_Block("heading", text, level, number if number and number != "-" else ""))
        elif number:
            self.blocks.append(_Block("item", text, 0, number))
        else:
            self.blocks.append(_Block("paragraph", text))

    def number(self, numbering) -> str | None:
        """The paragraph's automatic number ("3.", "2.1.", "b)"), counting as Word does; "-" for a bullet."""
        num_id, ilvl = numbering
        levels = self.numbering.get(num_id)
        if not levels or num_id in (None, "0"):
            return None
        depth = int(ilvl) if ilvl.isdigit() and int(ilvl) < 9 else 0
        counters = self.counters.setdefault(id(levels), [0] * 9)
        fmt, text, start = levels.get(str(depth), ("decimal", f"%{depth + 1}.", 1))
        restart = self.restarts.get(num_id, {}).get(str(depth))
        if restart is not None and (num_id, depth) not in self.restarted:
            self.restarted.add((num_id, depth))  # the first paragraph of a restarted list
            counters[depth] = restart
        elif counters[depth] == 0:
            counters[depth] = start
        else:
            counters[depth] += 1
        for deeper in range(depth + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet":
            return "-"  # a bulleted list item ("List Bullet"), as Markdown writes it
        if fmt == "none":
            return None

        def value(k: int) -> str:
            f = levels.get(str(k), ("decimal", "", 1))[0]
            n = counters[k] or levels.get(str(k), ("decimal", "", 1))[2]
            return _format_number(n, f)

        return re.sub(r"%([1-9])", lambda m: value(int(m.group(1)) - 1), text) or None

    def table(self, tbl) -> None:
        _table(self.blocks, tbl, f"{W}tr", f"{W}tc", self.text_of)


def _bold(p) -> bool:
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    if not runs:
        return False
    for run in runs:
        rpr = run.find(f"{W}rPr")
        bold = rpr.find(f"{W}b") if rpr is not None else None
        if bold is None or _val(bold) in ("0", "false"):
            return False
    return True


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while n >= value and len(out) < 40:
                out += numeral
                n -= value
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


# ---- OpenDocument -------------------------------------------------------------------------------------

def read_odt(data: bytes) -> Converted:
    archive = _Archive(data)
    content = archive.xml("content.xml")
    if content is None:
        raise OfficeError(say("office.not_odt"), say("office.not_odt.fix"))
    body = content.find(f"{OFFICE}body")
    text = body.find(f"{OFFICE}text") if body is not None else None
    styles = archive.xml("styles.xml")  # list styles, and the master pages' headers where a stamp is kept
    reader = _OdtReader(_odt_list_styles(styles, content))
    if styles is not None:
        for header in styles.iter(f"{STYLE}header"):
            _stamps(reader.blocks, (reader.text_of(p) for p in header.iter(f"{TEXT}p")))
    if text is not None:
        reader.walk(text)
    converted = _render(reader.blocks)
    converted.tracked_changes, converted.comments = reader.changes, reader.comments
    return converted


def _odt_list_styles(*roots) -> dict:
    """List style name -> {level: (format, prefix, suffix, start, display levels)}; a bullet level has format ""."""
    styles: dict[str, dict[int, tuple]] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{TEXT}list-style"):
            levels = {}
            for level in style:
                n = level.get(f"{TEXT}level") or ""
                if not n.isdigit() or not 0 < int(n) <= 10:
                    continue
                if level.tag == f"{TEXT}list-level-style-number" and level.get(f"{STYLE}num-format"):
                    start = level.get(f"{TEXT}start-value") or "1"
                    shown = level.get(f"{TEXT}display-levels") or "1"
                    levels[int(n)] = (level.get(f"{STYLE}num-format"), level.get(f"{STYLE}num-prefix") or "",
                                      level.get(f"{STYLE}num-suffix") or "",
                                      int(start) if start.isdigit() and len(start) < 6 else 1,
                                      int(shown) if shown.isdigit() and 0 < int(shown) <= 10 else 1)
                else:
                    levels[int(n)] = ("", "", "", 1, 1)
            styles[style.get(f"{STYLE}name") or ""] = levels
    return styles


_ODT_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


class _OdtReader:
    """Walks content.xml's text body; list numbering is computed as LibreOffice shows it.

    LibreOffice writes no number into a numbered list item or heading (a
    Word file it saved puts each numbered heading in a one-item list whose
    later lists say ``text:continue-numbering``): the counters are kept per
    list style and level, restarted by a new list unless it continues.
    """

    def __init__(self, list_styles: dict | None = None) -> None:
        self.blocks: list[_Block] = []
        self.changes = 0
        self.comments = 0
        self.list_styles = list_styles or {}
        self.lists: dict[str, list[int]] = {}  # list style -> counter per level (index 1..10)
        self.ids: dict[str, str] = {}  # a list's xml:id -> its style, for text:continue-list

    def walk(self, element, listed: int = 0, style: str = "", number: str = "") -> None:
        for child in element:
            if len(self.blocks) >= MAX_BLOCKS:
                return
            tag = child.tag
            if tag == f"{TEXT}tracked-changes":
                for region in child.findall(f"{TEXT}changed-region"):
                    self.changes += 1  # a deletion's text lives here and is not read
                continue
            if tag == f"{TEXT}h":
                level_text = child.get(f"{TEXT}outline-level") or "1"
                level = int(level_text) if level_text.isdigit() and 0 < int(level_text) < 10 else 1
                written = child.find(f"{TEXT}number")
                title = self.text_of(child)
                if title:
                    shown = (written.text or "").strip() if written is not None else ""
                    self.blocks.append(_Block("heading", title, min(level, 6), shown or number))
            elif tag == f"{TEXT}p":
                text = self.text_of(child)
                if text:
                    self.blocks.append(_Block("item" if listed else "paragraph", text, 0,
                                              (number or "-") if listed else ""))
            elif tag == f"{TEXT}list":
                self.walk(child, listed + 1, self._enter(child, listed, style))
            elif tag in (f"{TEXT}list-item", f"{TEXT}list-header"):
                label = self._count(style, listed, child) if tag == f"{TEXT}list-item" else ""
                self.walk(child, listed, style, label)
                number = ""  # only an item's own first paragraph or heading carries its number
            elif tag in (f"{TEXT}section", f"{TEXT}soft-page-break"):
                self.walk(child, listed, style, number)
            elif tag == f"{TABLE}table":
                _table(self.blocks, child, f"{TABLE}table-row", f"{TABLE}table-cell", self.text_of)
            if tag in (f"{TEXT}h", f"{TEXT}p"):
                number = ""

    def _enter(self, lst, depth: int, outer: str) -> str:
        """The list style of a list starting here; a new outermost list restarts its counters."""
        style = lst.get(f"{TEXT}style-name") or outer
        continued = lst.get(f"{TEXT}continue-list")
        if continued in self.ids:
            style = self.ids[continued]
        own = lst.get("{http://www.w3.org/XML/1998/namespace}id")
        if own:
            self.ids[own] = style
        if depth == 0 and not continued and lst.get(f"{TEXT}continue-numbering") != "true":
            self.lists.pop(style, None)
        return style

    def _count(self, style: str, depth: int, item) -> str:
        levels = self.list_styles.get(style, {})
        level = min(max(depth, 1), 10)
        fmt, prefix, suffix, start, shown = levels.get(level, ("", "", "", 1, 1))
        counters = self.lists.setdefault(style, [0] * 11)
        override = item.get(f"{TEXT}start-value") or ""
        if override.isdigit() and len(override) < 6:
            counters[level] = int(override)
        else:
            counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 11):
            counters[deeper] = 0
        if not fmt:
            return ""  # a bullet
        parts = []
        for k in range(max(1, level - shown + 1), level + 1):
            kf = levels.get(k, (fmt,))[0] or "1"
            parts.append(_format_number(counters[k] or levels.get(k, (0, 0, 0, 1))[3], _ODT_FORMATS.get(kf, "decimal")))
        return f"{prefix}{'.'.join(parts)}{suffix}"

    def text_of(self, element) -> str:
        """The text of a heading, paragraph or cell, with the tails ElementTree keeps after each child."""
        out = []
        stack = [("node", element)]
        while stack:
            kind, item = stack.pop()
            if kind == "text":
                out.append(item)
                continue
            node, tag = item, item.tag
            if node is not element:
                if tag in (f"{TEXT}s", f"{TEXT}tab"):
                    out.append(" ")
                    continue
                if tag == f"{TEXT}line-break":
                    out.append("\n")
                    continue
                if tag == f"{OFFICE}annotation":  # a comment: counted, its text is not the agreement's
                    self.comments += 1
                    continue
                if tag in (f"{TEXT}number", f"{TEXT}tracked-changes", f"{TEXT}note-citation"):
                    continue
                if tag in (f"{TEXT}change", f"{TEXT}change-start"):
                    self.changes += 1
                if tag in (f"{TEXT}p", f"{TEXT}h"):
                    out.append(" ")
            if node.text:
                out.append(node.text)
            for child in reversed(node):
                if child.tail:
                    stack.append(("text", child.tail))
                stack.append(("node", child))
        return _clean("".join(out))


_DOCX_HEADER = re.compile(r"word/header\d{0,3}\.xml")


def _stamps(blocks: list, texts) -> None:
    """The approval stamps among a page header's paragraphs, as blocks of their own (each once)."""
    seen = {block.text for block in blocks if block.kind == "stamp"}
    for text in texts:
        line = _clean(text)
        if line and len(line) <= 200 and STAMP.match(line) and line not in seen:
            seen.add(line)
            blocks.append(_Block("stamp", line))


def _table(blocks: list, table, row_tag: str, cell_tag: str, text_of) -> None:
    """A table's rows as blocks, cells joined by " | " (a "|" in a cell becomes "/"); the first row is its header."""
    first = True
    for row in _rows(table, row_tag):
        if len(blocks) >= MAX_BLOCKS:
            return
        cells = [text_of(cell) for cell in row.findall(cell_tag)]
        if any(cells):
            blocks.append(_Block("row", " | ".join(c.replace("|", "/") for c in cells), header=first))
            first = False


def _rows(table, row_tag: str):
    """The table's own rows, also inside row groups (``table:table-header-rows``, ``w:sdt``), not a nested table's.

    A table inside a cell is that cell's text; its rows are not rows of the outer table.
    """
    stack = [iter(table)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == row_tag:
            yield child
        else:
            stack.append(iter(child))


# ---- rendering ----------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """Spaces collapsed within each line; line breaks kept, empty lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_TYPED_NUMBER = re.compile(r"(?:§[ \t]*)?(\d{1,3}(?:\.\d{1,3}){0,3})\.?(?:[ \t]*§)?[ \t]+(?=\S)")


def _render(blocks: list[_Block]) -> Converted:
    """Markdown-shaped text with one locator per line: "kohta 11, 2. kappale", "taulukko kohdassa 5, rivi 3"."""
    lines: list[str] = []
    locators: list[str] = []
    start = locator_part("start")
    section = start
    numbered = start  # the last numbered heading, for unnumbered sub-headings under it
    paragraph = 0
    row = 0
    size = 0
    previous = None
    for block in blocks:
        if block.kind == "heading":
            typed = _TYPED_NUMBER.match(block.text) if not block.number else None
            if block.number or typed:  # Word's automatic number, or one typed in the heading ("1. Osapuolet")
                section = numbered = locator_part("section", n=(block.number or typed.group(1)).rstrip('.'))
            else:
                title = block.text.split("\n", 1)[0][:40]
                if numbered != start:
                    section = f"{numbered}, ”{title}”"
                else:  # the document's title, or an unnumbered heading before the first numbered one
                    section = locator_part("title") if section == start else locator_part("heading", title=f"”{title}”")
            paragraph, row = 0, 0
            line = "#" * max(1, min(block.level, 6)) + " " + (f"{block.number} " if block.number else "") \
                + " ".join(block.text.split("\n"))
            where = section
        elif block.kind == "stamp":
            line, where = block.text, locator_part("header")
        elif block.kind == "row":
            row = 1 if block.header else row + 1  # each table counts its own rows
            line = "| " + " ".join(block.text.split("\n")) + " |"
            where = f"{section}, {locator_part('row', n=row)}"
        else:
            paragraph += 1
            row = 0
            marker = block.number if block.kind == "item" else ""
            if marker and not re.fullmatch(r"\(?[0-9]{1,3}[.)]|[a-zåäö]\)|-", marker):
                marker = "-"  # "2.1." or "a." numbers a list item; the reader needs "1." or "-"
            line = (f"{marker} " if marker else "") + block.text  # its line breaks stay lines
            where = f"{section}, {locator_part('paragraph', n=paragraph)}"
        # A blank line between blocks, none between the rows of one table (and a rule under its header).
        if previous is not None and not (previous.kind == "row" and block.kind == "row" and not block.header):
            lines.append("")
            locators.append("")
        for part in line.split("\n"):
            lines.append(part)
            locators.append(where)
        if block.kind == "row" and block.header:
            lines.append("|" + "---|" * (block.text.count(" | ") + 1))
            locators.append(where)
        size += len(line) + 1
        previous = block
        if size > MAX_TEXT:
            raise _too_long()
    if len(blocks) >= MAX_BLOCKS:
        raise _too_long()
    return Converted("\n".join(lines) + "\n" if lines else "", locators)


def _too_long() -> ConversionError:
    """Not a partial reading: provisions past the cut would be reported missing."""
    return ConversionError(say("office.too_long", mb=MAX_TEXT // (1024 * 1024), blocks=MAX_BLOCKS),
                           say("size.separate.fix"), "TARK-KOKO")
