"""Read agreement files into positioned data, reporting every input problem.

A file becomes a ``Document``: its front matter as ``Map``/``Seq`` (dict and
list subclasses that remember the 1-based line and column of every key and
item), and the headings of its Markdown body with the text under each.

Validation follows the compiled shape of the pydantic models (see
``documents.model``); every problem is a ``Diagnostic`` with a position:

=============  =============================================================
TARK-LUKU      the file cannot be read, or is not a regular file
TARK-KOKO      the file is larger than the limit
TARK-BINAARI   the file is not text (NUL bytes)
TARK-KOODAUS   the file is not UTF-8
TARK-ETUSIVU   a Markdown file has no (closed) YAML front matter
TARK-YAML      malformed YAML, duplicate keys, or an alias bomb
TARK-SCHEMA    a value of the wrong type, a missing ``tyyppi``
TARK-AVAIN     an unknown key (warning, with the closest known key)
TARK-VERSIO    ``tarkastus:`` missing (info) or unsupported (error)
=============  =============================================================

A document with an error is not rule-checked: its findings would be guesses.

Nothing a file holds may hang the run or end it with an exception. Only
regular files are read (a named pipe, a device or a socket is a TARK-LUKU,
found without blocking on it), and never more than ``MAX_BYTES`` + 1 bytes.
Every pattern that runs on the text is linear: headings, placeholders and
comments are taken apart by hand or with patterns whose quantifiers never
compete for the same characters (``\\s*(.*?)\\s*#*\\s*$`` was cubic in the
spaces of a heading), and caret contexts come from one table of line starts.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ..diagnostics import START, Diagnostic, Position, Severity, SourceLines, caret_context
# (engine.py imports these two from here too)
from ..files import NotRegularFile, kind_message, read_regular
from ..messages import Message, say
from ..record import Factory, Record
from ..results import checksum
from ..text import index_of, word_index, words
from .shape import ListShape, MapShape, Scalar, Shapes, UnionShape

try:  # The C parser is about ten times faster; fall back where libyaml is missing.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

# A plain scalar's tag by its text (and whether it was unquoted), bounded:
# data only. Front matter repeats the same keys and values in every file.
_SCALAR_TAGS: dict[tuple[str, bool], str] = {}
_SCALAR_TAGS_MAX = 8192


class _Loader(_BaseLoader):
    """The safe loader, remembering which implicit tag a short scalar resolves to.

    Speed trick (issue 17): PyYAML's resolver runs a few regular expressions in
    Python for every scalar (a hundred a front matter). Without path resolvers
    (the safe loader has none) the tag depends only on the text and on whether
    it is plain, so it is looked up once per distinct scalar.
    """

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode or len(value) > 64 or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        key = (value, bool(implicit[0]))
        tag = _SCALAR_TAGS.get(key)
        if tag is None:
            if len(_SCALAR_TAGS) >= _SCALAR_TAGS_MAX:
                _SCALAR_TAGS.clear()
            tag = _SCALAR_TAGS[key] = super().resolve(kind, value, implicit)
        return tag

MAX_BYTES = 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 64
MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_SUFFIXES = (".yaml", ".yml")
# Word, OpenDocument and PDF files: read into text (documents.office, documents.pdf).
DOCUMENT_SUFFIXES = (".docx", ".odt", ".pdf")
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # a PDF of minutes with its appendices can be large
# Formats that are recognised but not read, each with what to do instead.
UNREADABLE_SUFFIXES = {
    ".doc": (say("format.doc"), say("format.doc.fix")),
    ".docm": (say("format.docm"), say("format.docm.fix")),
    ".rtf": (say("format.rtf"), say("format.rtf.fix")),
}
SUPPORTED_VERSIONS = (1,)

HEAD_BYTES = 64 * 1024  # what looks_like_agreement reads
_FENCE = re.compile(r"\s{0,3}(```+|~~~+)")
# A line that is only a placeholder, matched on the stripped line (see _is_placeholder).
_PLACEHOLDER_MARKS = frozenset(" .…-–—*_>|")
_PLACEHOLDER_WORD = re.compile(r"\[[^\]]*\]|<[^>]*>|todo|täydennä|tbd", re.I)
_TYYPPI = re.compile(r"^\ufeff?tyyppi[ \t]*:", re.M)
_FRONT_MATTER_START = re.compile(r"\ufeff?---[ \t]*\r?\n")
_SHOWN_KEY = 80  # characters of an unknown key quoted in a message
# Unknown keys of a document that get a "did you mean" (difflib costs some
# 30 µs a key; a megabyte of distinct unknown keys would take seconds).
_SUGGESTIONS = 100


_new_tuple = tuple.__new__


class Map(dict):
    """A YAML mapping with the position of the mapping and of each key."""

    __slots__ = ("pos", "key_pos", "origin")

    def __init__(self, pos: Position):
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Position] = {}
        self.origin: str | None = None  # the file, for data shared across documents


class Seq(list):
    """A YAML sequence with the position of the sequence and of each item."""

    __slots__ = ("pos", "item_pos", "origin")

    def __init__(self, pos: Position):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Position] = []
        self.origin: str | None = None


class Section(Record):
    """A Markdown heading and the text under it (up to the next heading of its level).

    ``lines`` holds the file line of each line of ``text`` (nested headings
    and comments are not in the text, so the lines are not consecutive).
    """

    title: str
    level: int
    pos: Position
    text: str
    words: tuple[str, ...]
    lines: tuple[int, ...] = ()

    @cached_property
    def has_content(self) -> bool:
        return any(not _is_placeholder(line) for line in self.text.splitlines() if line.strip())

    @cached_property
    def index(self) -> str:
        return word_index(self.words)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """The text's sentences, each with its file line and paragraph; placeholders are sentences too.

        A line that is only a placeholder ("…", "[täydennä]") is a sentence of
        its own marked ``placeholder``; the rest is split after '.', '!', '?'
        or ';' followed by a space (so "Ks. liite" is two sentences, which
        can only make a deferral look less complete, never more). Whether a
        sentence defers is decided by the evaluator, with the deferral
        phrases of provisions.yaml (lykkays).
        """
        return _sentences(self.text, self.lines or (self.pos.line + 1,) * (self.text.count("\n") + 1))


class Sentence(Record, frozen=True):
    """A sentence of a section: where it starts, its text and words, its paragraph."""

    line: int
    text: str
    index: str  # text.word_index of its words
    paragraph: int  # the file line the paragraph starts on: the same in a chapter and its nested sections
    placeholder: bool = False


# Where a sentence ends: its closing marks and the space after them. The two
# parts are disjoint character classes, so the search is linear.
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s)")


# A paragraph's sentences by its lines and the line it starts on: a chapter's
# section and the numbered sections nested in it hold the same paragraphs, so
# each is split once and both sections hold the same Sentence objects, whose
# deferral is then tested once (speed trick, issue 17). Bounded; data only.
@lru_cache(maxsize=4096)
def _split_paragraph(pending: tuple[tuple[int, str], ...], paragraph: int) -> tuple[Sentence, ...]:
    joined = " ".join(part for _, part in pending)
    starts = []  # offset in joined of each pending line
    offset = 0
    for _, part in pending:
        starts.append(offset)
        offset += len(part) + 1
    begin = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(joined)] + [len(joined)]
    row = 0
    out = []
    for end in ends:
        raw = joined[begin:end]
        piece = raw.strip()
        if piece:
            first = begin + (len(raw) - len(raw.lstrip()))
            while row + 1 < len(starts) and starts[row + 1] <= first:
                row += 1
            out.append(Sentence(pending[row][0], piece, index_of(piece), paragraph))
        begin = end
    return tuple(out)


def _sentences(text: str, lines: tuple[int, ...]) -> tuple[Sentence, ...]:
    found: list[Sentence] = []
    paragraph = 0  # the file line of the paragraph's first line; 0 between paragraphs
    pending: list[tuple[int, str]] = []  # the lines of the paragraph being read

    def flush() -> None:
        if pending:
            found.extend(_split_paragraph(tuple(pending), paragraph))
            pending.clear()

    for i, line in enumerate(text.split("\n")):
        number = lines[i] if i < len(lines) else lines[-1] if lines else 1
        if not line.strip():
            flush()
            paragraph = 0
            continue
        if not paragraph:
            paragraph = number
        if _is_placeholder(line):
            flush()
            found.append(Sentence(number, line.strip(), index_of(line), paragraph, True))
            continue
        pending.append((number, line.strip()))
    flush()
    return tuple(found)


class Document(Record):
    path: str
    text: str
    doc_type: str | None = None
    data: Map | None = None
    sections: list[Section] = Factory(list)
    body_start: int = 0
    digest: int | None = None  # checksum of the bytes read (results.checksum)
    diagnostics: list[Diagnostic] = Factory(list)
    # Filled lazily by the evaluator: provision name -> matching section.
    cache: dict = Factory(dict)
    front_matter: bool = True  # False: a Markdown file without one (its facts come from the text)
    # A Word, OpenDocument or PDF file: the locator of each line of ``text``
    # (documents.converted), its tracked changes and comments, and the
    # sidecar YAML beside it (path as shown, text), whose keys join the facts.
    locators: list | None = None
    converted: object = None
    sidecar: tuple | None = None
    facts: object = None  # prose.TextFacts read from the body (prose.apply)
    conflicts: list = Factory(list)  # prose.Conflict: one fact stated differently in two places
    suffix: str = ""  # of the file's name, in lower case: how its text was read (".md", ".yaml" …)
    # The TARK-AVAIN keys: (position, the key as written, the shape of its mapping), for their fixes.
    unknown_keys: list = Factory(list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(
            d.severity is Severity.ERROR for d in self.diagnostics)


def looks_like_agreement(path: Path) -> bool:
    """Whether a file found in a directory is an agreement: a ``tyyppi`` key, or prose that names one.

    Files named on the command line are always checked; in directories,
    READMEs and CI configuration are passed over. Word, OpenDocument and PDF
    files are always taken: only their text can tell, once it is read. Reads at most the first
    ``HEAD_BYTES`` of a regular file; anything else is left to ``load()``
    to report (so a named pipe is never read, and never silently skipped).
    """
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES or suffix in UNREADABLE_SUFFIXES:
        return True  # its text decides (engine.untyped), or load() says why it cannot be read
    try:
        head = read_regular(path, HEAD_BYTES)
    except (OSError, NotRegularFile):
        return True  # let load() report it
    text = head.decode("utf-8", "replace")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        if not _FRONT_MATTER_START.match(text):
            if text.lstrip("\ufeff").startswith("---") or _TYYPPI.search(text):
                return False  # a front matter left open or without its '---': _sniff names it
            from ..prose.doctype import prose_candidate

            return prose_candidate(path.name, text)
    return bool(_TYYPPI.search(text))


def load(path: Path | str, shapes: Shapes, display: str | None = None, prose: bool = False) -> Document:
    """Read one file. With ``prose``, a Markdown file without front matter is not an error:
    its facts are to be read from its text (``tarkastus.prose.apply``, as ``engine.check_file`` does).
    """
    path = Path(path)
    shown = display or str(path)
    doc = Document(path=shown, text="")
    fail = _failing(doc)

    suffix = path.suffix.lower()
    if suffix in UNREADABLE_SUFFIXES:
        message, fix = UNREADABLE_SUFFIXES[suffix]
        return fail("TARK-MUOTO", message, fix=fix)
    if suffix in DOCUMENT_SUFFIXES:
        return _load_document(path, doc, fail)
    raw = _read_bounded(path, MAX_BYTES, fail, say("size.text.fix"), say("path.agreement.fix"))
    if isinstance(raw, Document):
        return raw
    doc.digest = checksum(raw)
    if b"\x00" in raw:
        return fail("TARK-BINAARI", say("binary"), fix=say("binary.fix"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return fail("TARK-KOODAUS", say("encoding", byte=f"{raw[exc.start]:#04x}"), Position(line, column),
                    fix=say("encoding.fix"))
    return _parse(doc, text, suffix, shapes, prose, fail)


def load_text(text: str, path: Path | str, shapes: Shapes, display: str | None = None,
              prose: bool = False) -> Document:
    """A Markdown or YAML document from text in memory, read as ``load`` reads a file of ``path``'s
    suffix (a ``.yaml``/``.yml`` name is YAML, any other Markdown): an editor's unsaved buffer, or a
    text with fixes applied (``fixes.surviving``). Nothing is read from disk.
    """
    path = Path(path)
    shown = display or str(path)
    doc = Document(path=shown, text="")
    fail = _failing(doc)
    data = text.encode("utf-8", "surrogatepass")
    doc.digest = checksum(data)
    if len(data) > MAX_BYTES:
        return fail("TARK-KOKO", say("size.too_large", size=len(data), limit=MAX_BYTES), fix=say("size.text.fix"))
    if "\x00" in text:
        return fail("TARK-BINAARI", say("binary"), fix=say("binary.fix"))
    return _parse(doc, text, path.suffix.lower(), shapes, prose, fail)


def _failing(doc: Document):
    """``fail(code, message, pos, fix)``: ``doc`` with that input error, returned."""
    def fail(code: str, message: Message, pos: Position = START, fix: Message | None = None) -> Document:
        # No caret before the text is decoded: there is no line to show yet.
        context = caret_context(doc.text, pos) if doc.text else ""
        doc.diagnostics.append(Diagnostic.said(code, Severity.ERROR, doc.path, pos, message, fix, context=context))
        return doc
    return fail


def _parse(doc: Document, text: str, suffix: str, shapes: Shapes, prose: bool, fail) -> Document:
    """The decoded text of a Markdown or YAML file into ``doc``: front matter, sections, input problems."""
    doc.text = text = text.removeprefix("\ufeff")
    doc.suffix = suffix
    if suffix in YAML_SUFFIXES:
        yaml_text, offset = text, 0
    else:
        split = split_front_matter(text)
        if split is None:
            if not prose or text.split("\n", 1)[0].rstrip() == "---":
                return fail("TARK-ETUSIVU", say("front.missing"), fix=say("front.missing.fix"))
            # Front matter is optional: the facts are read from the text
            # (prose.apply), which also decides whether this is an agreement.
            doc.front_matter = False
            doc.sections = parse_sections(text.splitlines(), 0)
            return doc
        yaml_text, offset, body_start = split
        doc.body_start = body_start
        doc.sections = parse_sections(text.splitlines()[body_start:], body_start)

    _Builder(doc, shapes, offset).build(yaml_text)
    return doc


def _read_bounded(path: Path, limit: int, fail, too_large_fix: Message, not_regular_fix: Message) -> bytes | Document:
    """The bytes of a regular file of at most ``limit`` bytes, or the failed ``Document`` saying why not.

    One byte past the limit is read: it tells a file that grew since (or a
    /proc file, whose size says 0) from one that fits.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            return fail("TARK-KOKO", say("size.too_large", size=size, limit=limit), fix=too_large_fix)
        raw = read_regular(path, limit + 1)
    except NotRegularFile as exc:
        kind = kind_message(exc.mode) if exc.mode is not None else Message("kind.special")
        return fail("TARK-LUKU", say("path.not_regular", kind=kind), fix=not_regular_fix)
    except OSError as exc:
        return fail("TARK-LUKU", say("path.unreadable", reason=str(exc.strerror or exc)))
    except ValueError:  # os.stat() of a path with a NUL character
        return fail("TARK-LUKU", say("read.nul_path"), fix=say("path.check.fix"))
    if len(raw) > limit:
        return fail("TARK-KOKO", say("size.grew", limit=limit), fix=too_large_fix)
    return raw


def _load_document(path: Path, doc: Document, fail) -> Document:
    """A Word, OpenDocument or PDF file read into text (and its sidecar YAML, if one is beside it).

    The reader is imported only here, so checking Markdown never loads it.
    What it cannot read is one diagnostic (``ConversionError``): a corrupt
    archive, an encrypted PDF, a PDF without a text layer (TARK-TEKSTITON).
    """
    raw = _read_bounded(path, MAX_DOCUMENT_BYTES, fail, say("size.document.fix"), say("path.document.fix"))
    if isinstance(raw, Document):
        return raw
    side = _sidecar_bytes(path)
    # The result cache keys a file by what was checked: the document and its sidecar.
    doc.digest = _combined(raw, side)
    from .converted import ConversionError

    try:
        converted = convert(path.suffix.lower(), raw)
    except ConversionError as exc:
        return fail(exc.code, exc.text, fix=exc.fix_text)
    from .minutes import extract_agreement

    found = extract_agreement(converted)
    doc.front_matter = False
    doc.converted = converted
    if found is None:  # minutes or other text that holds no agreement: engine.untyped says so, of the file
        doc.locators = []
        return doc
    doc.text = found.text
    doc.locators = list(found.locators)
    doc.converted = found
    doc.sections = parse_sections(found.text.splitlines(), 0)
    if side is not None:
        doc.sidecar = _sidecar_text(side, path, doc.path)
    return doc


# The last few conversions are remembered by the file's bytes (compared in
# full on a hit): ``tarkastus serve`` reads each upload for the check and
# again for its facts, and a 30-page PDF takes most of a second (issue 17).
# Data only, bounded: eight files of up to 8 MiB each (a failed conversion
# raises, and is not remembered).
_CONVERTED_BYTES = 8 * 1024 * 1024


def convert(suffix: str, raw: bytes):
    """The ``Converted`` text of a .docx, .odt or .pdf file's bytes (raises ``ConversionError``).

    The format is told by the bytes, not only the name: a legacy Word file
    renamed .docx, or a PDF saved as .docx, gets a message that says so.
    """
    return _convert(suffix, raw) if len(raw) > _CONVERTED_BYTES else _remembered_conversion(suffix, raw)


def _convert(suffix: str, raw: bytes):
    from .converted import ConversionError

    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE container of .doc (and of encrypted .docx)
        raise ConversionError(say("format.ole"), say("format.ole.fix", save=UNREADABLE_SUFFIXES[".doc"][1]),
                              "TARK-MUOTO")
    if raw.lstrip()[:5] == b"{\\rtf":
        raise ConversionError(*UNREADABLE_SUFFIXES[".rtf"], "TARK-MUOTO")
    if raw[:1024].lstrip().startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in raw[:1024]):
        from .pdf import read_pdf

        return read_pdf(raw)
    if suffix == ".pdf":
        raise ConversionError(say("format.not_pdf"), say("format.not_pdf.fix"))
    from .office import read_docx, read_odt

    return read_odt(raw) if suffix == ".odt" else read_docx(raw)


_remembered_conversion = lru_cache(maxsize=8)(_convert)


SIDECAR_SUFFIXES = YAML_SUFFIXES
MAX_SIDECAR_BYTES = MAX_BYTES
# A sidecar's positions are its lines plus this, so that the rules, which see
# one document, can point into either file: engine.check_file moves every
# finding above it back to the sidecar's own path and line. (Converted text
# has at most MAX_TEXT characters, so fewer lines than this.)
SIDECAR_LINE = 10_000_000


def sidecar_of(path: Path) -> Path | None:
    """The YAML file beside a document (``sopimus.docx`` → ``sopimus.yaml`` or ``sopimus.yml``), if there is one."""
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def document_of(path: Path) -> Path | None:
    """The document a sidecar YAML belongs to (``sopimus.yaml`` → ``sopimus.docx``), if there is one."""
    if path.suffix.lower() not in SIDECAR_SUFFIXES:
        return None
    for suffix in DOCUMENT_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.is_file() and sidecar_of(candidate) == path:
            return candidate
    return None


def _sidecar_bytes(path: Path) -> tuple[Path, bytes | None] | None:
    """The sidecar YAML beside a document and its bytes (None if it cannot be read); None if there is none.

    Read once: for the checksum (``_combined``) and for the facts (``_sidecar_text``).
    """
    sidecar = sidecar_of(path)
    if sidecar is None:
        return None
    try:
        return sidecar, read_regular(sidecar, MAX_SIDECAR_BYTES + 1)
    except (OSError, NotRegularFile):
        return sidecar, None


def _combined(raw: bytes, side: tuple[Path, bytes | None] | None) -> int:
    if side is None:
        return checksum(raw)
    return checksum(raw + b"\x00sidecar\x00" + (side[1] if side[1] is not None else b"\xff unreadable"))


def document_digest(path: Path) -> int | None:
    """The checksum the loader gives a document: its bytes and its sidecar's (None if it cannot be read)."""
    try:
        raw = read_regular(path, MAX_DOCUMENT_BYTES + 1)
    except (OSError, NotRegularFile, ValueError):
        return None
    if len(raw) > MAX_DOCUMENT_BYTES:
        return None
    return _combined(raw, _sidecar_bytes(path))


def _sidecar_text(side: tuple[Path, bytes | None], path: Path, shown: str) -> tuple[str, str | None]:
    """(shown path, text) of a document's sidecar (``shown`` is the document's).

    The text is None when the sidecar cannot be read as UTF-8 text (``load_sidecar`` reports it).
    """
    sidecar, raw = side
    text = None
    if raw is not None and len(raw) <= MAX_SIDECAR_BYTES and b"\x00" not in raw:
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            text = None
    return (shown[: len(shown) - len(path.suffix)] + sidecar.suffix, text)


def load_sidecar(shown: str, text: str | None, shapes: Shapes, doc_type: str | None) -> Document:
    """A sidecar's keys as a ``Document`` of its own (positions and diagnostics in the sidecar file).

    ``tyyppi`` may be left out: the type the text states (``doc_type``) is used.
    """
    side = Document(path=shown, text=text or "")
    if text is None:
        side.diagnostics.append(Diagnostic.said(
            "TARK-LUKU", Severity.ERROR, shown, Position(SIDECAR_LINE + 1, 1),
            say("sidecar.unreadable", limit=MAX_SIDECAR_BYTES), say("sidecar.unreadable.fix")))
        return side
    if not text.strip():
        return side
    _Builder(side, shapes, SIDECAR_LINE, default_type=doc_type, context_shift=SIDECAR_LINE).build(text)
    return side


def nesting_depth(text: str, limit: int = MAX_DEPTH):
    """The YAML nesting depth from libyaml's event stream, stopping past ``limit``.

    Events are produced iteratively, so this is safe on inputs whose
    composition (which recurses in C) could crash the process. Returns
    (depth, mark) where mark is where the limit was passed, or (depth, None).
    """
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
                if depth > limit:
                    return depth, event.start_mark
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # compose() reports the syntax error with its position
    return deepest, None


def split_front_matter(text: str):
    """(yaml text, line offset, first body line index) or None."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", 1, i + 1
    return None


def parse_sections(lines: list[str], first_line: int) -> list[Section]:
    """ATX headings (``## 5. Kustannukset``) outside code fences, with their text."""
    found: list[tuple[int, int, str]] = []  # (index, level, title)
    fence = None
    for i, line in enumerate(lines):
        m = _FENCE.match(line) if ("`" in line or "~" in line) else None  # the regex only where it can match
        if m:
            marker = m.group(1)[0]
            if fence is None:
                fence = marker
            elif fence == marker:
                fence = None
            continue
        if fence is None and "#" in line:
            h = heading(line)
            if h is not None:
                found.append((i, *h))
    heading_lines = {f[0] for f in found}
    sections = []
    for n, (i, level, title) in enumerate(found):
        end = len(lines)
        for j, other_level, _ in found[n + 1:]:
            if other_level <= level:
                end = j
                break
        kept = [k for k in range(i + 1, end) if k not in heading_lines]
        body, rows = _without_comments_lines("\n".join(lines[k] for k in kept),
                                             [first_line + k + 1 for k in kept])
        sections.append(Section(title, level, Position(first_line + i + 1, 1), body, words(title), rows))
    return sections


def heading(line: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line (``## 5. Kustannukset ##``), or None.

    By hand, not with ``\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$``: the lazy title
    and the three whitespace runs after it competed for the same spaces, so a
    heading with 2 000 spaces inside took seconds. The result is the same:
    up to three spaces of indentation, one to six '#', whitespace, and the
    title without the closing '#'s and the whitespace around them.
    """
    rest = line.lstrip()
    if len(line) - len(rest) > 3 or not rest.startswith("#"):
        return None
    title = rest.lstrip("#")
    level = len(rest) - len(title)
    if level > 6 or not title[:1].isspace():
        return None
    return level, title.strip().rstrip("#").rstrip()


def without_comments(text: str) -> str:
    """``text`` without its HTML comments (``<!-- … -->``); an unclosed one is kept.

    With ``str.find`` rather than ``<!--.*?-->``, which rescanned to the end
    of the text from every unclosed ``<!--``.
    """
    if "<!--" not in text:
        return text
    return "".join(text[start:end] for start, end in _kept_spans(text))


def _kept_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` outside its closed HTML comments."""
    spans = []
    position = 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this one either
        spans.append((position, start))
        position = end + 3
    spans.append((position, len(text)))
    return spans


def _without_comments_lines(text: str, numbers: list[int]) -> tuple[str, tuple[int, ...]]:
    """``without_comments(text)`` and the file line of each of its lines.

    ``numbers`` are the file lines of the lines of ``text``; a line that a
    comment joins to an earlier one keeps the earlier one's number.
    """
    if "<!--" not in text:
        return text, tuple(numbers)
    rows = [numbers[0] if numbers else 1]
    parts = []
    line = 0  # line of text at the current offset
    position = 0
    for start, end in _kept_spans(text):
        line += text.count("\n", position, start)  # inside the comment just skipped
        part = text[start:end]
        parts.append(part)
        offset = start
        while True:
            newline = text.find("\n", offset, end)
            if newline < 0:
                break
            line += 1
            rows.append(numbers[line] if line < len(numbers) else rows[-1])
            offset = newline + 1
        position = end
    return "".join(parts), tuple(rows)


def _is_placeholder(line: str) -> bool:
    """A line that stands for missing text: "…", "[täydennä]", "<nimi>", "TODO."."""
    stripped = line.strip()
    if all(ch in _PLACEHOLDER_MARKS or ch.isspace() for ch in stripped):
        return True
    if stripped.endswith("."):
        stripped = stripped[:-1].rstrip()
    return _PLACEHOLDER_WORD.fullmatch(stripped) is not None


class _Builder:
    """Walks the composed YAML node tree against the shape."""

    def __init__(self, doc: Document, shapes: Shapes, offset: int, default_type: str | None = None,
                 context_shift: int = 0) -> None:
        self.doc = doc
        self.default_type = default_type  # a sidecar may leave tyyppi to the document's text
        self.context_shift = context_shift  # a sidecar's positions are lifted above the text's (SIDECAR_LINE)
        self.shapes = shapes
        self.offset = offset
        self.nodes = 0
        self.lines = SourceLines(doc.text)  # for the caret contexts
        self.suggestions = _SUGGESTIONS

    def pos(self, mark) -> Position:
        # tuple.__new__: the named tuple's own __new__ is Python code, and every node has a position.
        return _new_tuple(Position, (mark.line + 1 + self.offset, mark.column + 1))

    def report(self, code: str, severity: Severity, pos: Position, message: Message,
               fix: Message | None = None) -> None:
        at = Position(pos.line - self.context_shift, pos.column) if self.context_shift else pos
        self.doc.diagnostics.append(Diagnostic.said(code, severity, self.doc.path, pos, message, fix,
                                                    context=caret_context(self.lines, at)))

    def build(self, yaml_text: str) -> None:
        if not _shallow_for_certain(yaml_text):
            # libyaml's composer recurses in C and can crash the process on
            # pathological nesting, so such input is measured on the
            # (iterative) event stream before it is composed.
            depth, mark = nesting_depth(yaml_text)
            if mark is not None:
                self.report("TARK-YAML", Severity.ERROR, self.pos(mark), _TOO_DEEP, _TOO_DEEP_FIX)
                return
        try:
            root = yaml.compose(yaml_text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            pos = self.pos(mark) if mark else START
            self.report("TARK-YAML", Severity.ERROR, pos, say("yaml.error", problem=str(exc.problem or exc.context)),
                        say("yaml.error.fix"))
            return
        except yaml.YAMLError as exc:
            self.report("TARK-YAML", Severity.ERROR, START, say("yaml.error", problem=str(exc)))
            return
        except RecursionError:
            self.report("TARK-YAML", Severity.ERROR, START, _TOO_DEEP, _TOO_DEEP_FIX)
            return
        if root is None or not isinstance(root, yaml.MappingNode):
            pos = self.pos(root.start_mark) if root is not None else START
            self.report("TARK-SCHEMA", Severity.ERROR, pos, say("schema.not_mapping"))
            return
        doc_type = self.document_type(root)
        if doc_type is None:
            return
        self.doc.doc_type = doc_type
        try:
            data = self.mapping(root, self.shapes.roots[doc_type], 0)
        except _TooDeep as exc:
            self.report("TARK-YAML", Severity.ERROR, self.pos(exc.args[0].start_mark), _TOO_DEEP, _TOO_DEEP_FIX)
            return
        except _TooLarge:
            self.report("TARK-YAML", Severity.ERROR, START, say("yaml.too_many", n=MAX_NODES),
                        say("yaml.too_many.fix"))
            return
        version = data.get("tarkastus")
        if "tarkastus" not in data:
            self.report("TARK-VERSIO", Severity.INFO, data.pos, say("version.missing"), say("version.missing.fix"))
        elif isinstance(version, int) and version not in SUPPORTED_VERSIONS:
            self.report("TARK-VERSIO", Severity.ERROR, data.key_pos["tarkastus"],
                        say("version.unsupported", version=str(version),
                            supported=", ".join(map(str, SUPPORTED_VERSIONS))))
        self.doc.data = data

    def document_type(self, root) -> str | None:
        types = self.shapes.roots
        for key_node, value_node in root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value.strip().casefold() == "tyyppi":
                try:
                    value = self.plain(value_node, 0)
                    return self.shapes.common.fields["tyyppi"].shape.convert(value)
                except (*_CONSTRUCTION_ERRORS, _TooDeep, _TooLarge):
                    self.report("TARK-SCHEMA", Severity.ERROR, self.pos(value_node.start_mark),
                                say("schema.unknown_type", types=", ".join(types)))
                    return None
        if self.default_type is not None:
            return self.default_type
        self.report("TARK-SCHEMA", Severity.ERROR, self.pos(root.start_mark), say("schema.no_type"),
                    say("schema.no_type.fix", types=", ".join(types)))
        return None

    def count(self, node, depth: int) -> None:
        self.nodes += 1
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        if self.nodes > MAX_NODES:
            raise _TooLarge

    def value(self, node, shape, depth: int):
        self.count(node, depth)
        if isinstance(shape, UnionShape):
            for option in shape.options:
                if _accepts(option, node):
                    return self.value(node, option, depth)
            return self.mismatch(node, shape)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return None
        if isinstance(shape, MapShape):
            if not isinstance(node, yaml.MappingNode):
                return self.mismatch(node, shape)
            return self.mapping(node, shape, depth)
        if isinstance(shape, ListShape):
            if not isinstance(node, yaml.SequenceNode):
                return self.mismatch(node, shape)
            seq = Seq(self.pos(node.start_mark))
            for item in node.value:
                if isinstance(shape.item, MapShape) and isinstance(item, yaml.ScalarNode) \
                        and item.tag == "tag:yaml.org,2002:null":
                    self.report("TARK-SCHEMA", Severity.ERROR, self.pos(item.start_mark), say("schema.empty_item"))
                    seq.append(_INVALID)
                    seq.item_pos.append(self.pos(item.start_mark))
                    continue
                seq.append(self.value(item, shape.item, depth + 1))
                seq.item_pos.append(self.pos(item.start_mark))
            return seq
        assert isinstance(shape, Scalar)
        raw = self.plain(node, depth)
        try:
            return shape.convert(raw)
        except ValueError as exc:
            self.report("TARK-SCHEMA", Severity.ERROR, self.pos(node.start_mark), say("schema.invalid", reason=str(exc)))
            return _INVALID

    def plain(self, node, depth: int):
        """A scalar shape's raw value: scalars, or lists of them (for text lists)."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            if node.tag == _INT and len(node.value) > _LONG_INT:
                # PyYAML builds "1:2:3:…" (base 60) in quadratic time, and
                # refuses decimals of over 4 300 digits: the converter gets
                # the text, which no integer field accepts and a text field keeps.
                return node.value
            try:
                return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
            except _CONSTRUCTION_ERRORS:
                # 2025-02-31, or an explicit tag such as "!!bool maybe":
                # the plain text goes to the converter, which decides.
                return node.value
        if isinstance(node, yaml.SequenceNode):
            items = []
            for item in node.value:
                self.count(item, depth + 1)
                items.append(self.plain(item, depth + 1))
            return items
        return {}  # a mapping where a scalar belongs: the converter rejects it

    def mismatch(self, node, shape):
        found = {yaml.MappingNode: "schema.found.mapping", yaml.SequenceNode: "schema.found.list"}.get(
            type(node), "schema.found.scalar")
        self.report("TARK-SCHEMA", Severity.ERROR, self.pos(node.start_mark),
                    say("schema.mismatch", expected=shape.describe(), found=Message(found)))
        return _INVALID

    def mapping(self, node, shape: MapShape, depth: int) -> Map:
        result = Map(self.pos(node.start_mark))
        for key_node, value_node in node.value:
            key_pos = self.pos(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.report("TARK-SCHEMA", Severity.ERROR, key_pos, say("schema.key_not_text"))
                continue
            key = str(key_node.value)
            canonical = shape.canonical(key)
            if canonical is None:
                suggestion = None
                if self.suggestions > 0:
                    self.suggestions -= 1
                    suggestion = shape.suggest(key)
                hint = say("hint.did_you_mean_quoted", name=suggestion) if suggestion else ""
                known = ", ".join(shape.fields)
                self.report("TARK-AVAIN", Severity.WARNING, key_pos, say("key.unknown", key=_shown(key), hint=hint),
                            say("key.unknown.fix", known=known))
                self.doc.unknown_keys.append((key_pos, key, shape))
                continue
            if canonical in result:
                self.report("TARK-YAML", Severity.ERROR, key_pos, say("key.duplicate", key=_shown(key)),
                            say("key.duplicate.fix"))
                continue
            result[canonical] = self.value(value_node, shape.fields[canonical].shape, depth + 1)
            result.key_pos[canonical] = key_pos
        return result


# What PyYAML's constructors raise for values their tag cannot hold.
_CONSTRUCTION_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, yaml.YAMLError)


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    """Raised with the node that is nested too deep."""


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
# No integer a document may hold (values.MAX_MAGNITUDE) takes more characters
# than this, even in binary; a longer int literal is handed on as its text.
_LONG_INT = 64
# Scalars are built by calling SafeConstructor's per-tag functions directly:
# they keep no state for scalars (construct_object would remember every node).
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TOO_DEEP = say("yaml.too_deep", depth=MAX_DEPTH)
_TOO_DEEP_FIX = say("yaml.too_deep.fix")
# Depth up to which libyaml's recursive composer is known to be safe (tested
# to 20 000 levels; the crash needs about 100 000).
_SAFE_DEPTH = 5_000


def _shown(text: str) -> str:
    """A piece of the document quoted in a message, cut to ``_SHOWN_KEY`` characters."""
    return text if len(text) <= _SHOWN_KEY else text[:_SHOWN_KEY] + "…"


def _shallow_for_certain(text: str) -> bool:
    """A cheap upper bound on the YAML nesting depth is small.

    A nested flow collection needs a '[' or '{'; a nested block collection
    needs a deeper column than its parent (every second level at least), so
    block nesting is bounded by twice the longest line. Counting brackets in
    strings and comments only overestimates.
    """
    if len(text) < _SAFE_DEPTH // 2:
        return True
    bound = text.count("[") + text.count("{") + 2 * (max(map(len, text.split("\n"))) + 1)
    return bound <= _SAFE_DEPTH


class _Invalid:
    """A value that failed validation (the document is not rule-checked)."""

    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def _accepts(shape, node) -> bool:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return True
    if isinstance(shape, MapShape):
        return isinstance(node, yaml.MappingNode)
    if isinstance(shape, ListShape):
        return isinstance(node, yaml.SequenceNode)
    if isinstance(shape, Scalar) and shape.kind == "text_list":
        return isinstance(node, (yaml.ScalarNode, yaml.SequenceNode))
    return isinstance(node, yaml.ScalarNode)
