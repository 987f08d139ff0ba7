"""The cache directory: compiled rule packs (``rulebook``) and stored results (``results``).

Everything here is *data*, never code. A cache file is JSON in which every
value that JSON has no word for is a one-key object naming its kind
(``{"t": [...]}`` a tuple, ``{"R": ["Rule", ...]}`` a record of a class
tarkastus defines); the decoder knows a fixed list of kinds and record
classes and builds them without running anything a file names — unlike
pickle, whose loader imports and calls whatever the file says, so that
anyone able to write into a shared, restored or ``/tmp`` cache directory
could run code as the user.

A file is read only when it is a regular file below the size cap; its header
carries the kind, the length and a checksum of the payload, so a truncated or
bit-flipped file is noticed before it is decoded. Anything wrong — a foreign
file, a corrupt one, a wrong shape, a decoder error of any kind — means "not
cached": the caller rebuilds, and the next write replaces the file. No cache
content can end a run.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import stat as _stat
import zlib
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic, Position, Severity, TarkastusError
from .files import NotRegularFile, open_regular
from .record import Record
from .resources import data_dir

KEEP_BUILDS = 4  # compiled rule packs kept in the cache directory (other rule sets, versions)
MAX_FILE_BYTES = 256 * 1024 * 1024  # a larger cache file is not read (and is rebuilt)
MAX_LINE_BYTES = 16 * 1024 * 1024  # one stored result; a longer line is dropped
_MAGIC = b"tarkastus-cache"
_FORMAT = 6  # 1 was pickle; 2 tagged every position; 3 had no locators; 4 no catalogue messages; 5 no fixes


class CacheError(TarkastusError):
    """A cache file that is not what tarkastus writes: treat it as missing."""


def cache_dir() -> Path | None:
    if os.environ.get("TARKASTUS_NO_CACHE"):
        return None
    explicit = os.environ.get("TARKASTUS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "tarkastus"


# ---- what a compiled rule pack depends on -----------------------------------

_SIGNED_SUFFIXES = (".tark", ".yaml", ".json", ".lark", ".py")


def _package_files() -> list[Path]:
    """Every module of the package: the checker, the evaluator's functions, the citation scanner …

    All of them, not a hand-kept list: a list once missed ``lang/functions.py``,
    and a renamed function then passed from the cache and failed without it.
    """
    found = []
    stack = [Path(__file__).parent]
    while stack:
        directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                found.append(Path(entry.path))
            elif entry.is_dir(follow_symlinks=False) and not entry.name.startswith(("_", ".")) \
                    and entry.name not in ("grammar", "rules"):
                stack.append(Path(entry.path))
    return found


def rulebook_signature(dirs: list[Path]) -> str:
    """What a compiled pack depends on: the version, and size and mtime of every input.

    The inputs are the grammar, every module of the package and every file
    of the rule directories. Stat data rather than a content hash: hashing
    them on every start cost more than checking a document. Any edit changes
    the nanosecond mtime; an installed wheel's files never change.
    """
    inputs = [data_dir("grammar") / "tarkastus.lark", *_package_files()]
    for directory in dirs:
        try:
            inputs.extend(sorted(directory.iterdir()))
        except OSError:
            continue
    parts = [f"{__version__} format {_FORMAT}"]
    for path in inputs:
        if path.suffix not in _SIGNED_SUFFIXES:
            continue
        try:
            stat = path.stat()
        except OSError:
            parts.append(f"{path}:missing")
            continue
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


# ---- the data-only codec --------------------------------------------------------

def _record_classes() -> dict[str, type]:
    """Every ``Record`` class of tarkastus, by name: the only classes a cache file may name."""
    from . import diagnostics, fixes, registry, rulebook, values  # noqa: F401  (define the classes)
    from .documents import loader, shape  # noqa: F401
    from .lang import ast  # noqa: F401

    classes: dict[str, type] = {}
    stack = list(Record.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("tarkastus."):
            classes[f"{cls.__module__.rpartition('.')[2]}.{cls.__qualname__}"] = cls
    return classes


_CLASSES: dict[str, type] | None = None
_NAMES: dict[type, str] = {}
# Fields declared ``Position`` (or ``Position | None``): stored inline as [line, column], no tag.
_POSITION_FIELDS: dict[type, frozenset[str]] = {}


def _position_fields(cls: type) -> frozenset[str]:
    declared = {}
    for klass in reversed(cls.__mro__):
        declared.update(getattr(klass, "__annotations__", {}))
    return frozenset(name for name in cls._fields
                     if str(declared.get(name, "")).replace(" ", "") in ("Position", "Position|None"))


_MAP = _VIEW = _SEQ = None  # the document value classes (imported when first needed)


def _classes() -> dict[str, type]:
    global _CLASSES, _MAP, _VIEW, _SEQ
    if _CLASSES is None:
        from .documents.loader import Map, Seq
        from .lang.evaluator import DocumentView

        _MAP, _VIEW, _SEQ = Map, DocumentView, Seq
        _CLASSES = _record_classes()
        _NAMES.update({cls: name for name, cls in _CLASSES.items()})
        _POSITION_FIELDS.update({cls: _position_fields(cls) for cls in _CLASSES.values()})
    return _CLASSES


def encode(value) -> bytes:
    """``value`` as cache data (raises ``CacheError`` for anything that is not data)."""
    _classes()
    try:
        # ASCII: file names that are not UTF-8 (lone surrogates) round-trip as \udcXX escapes.
        return json.dumps(_encode(value), separators=(",", ":")).encode("ascii")
    except RecursionError:
        raise CacheError("too deeply nested to cache") from None


def _encode(value):
    kind = type(value)
    if value is None or kind in (str, int, bool, float):
        return value
    if kind is list:
        return [_encode(item) for item in value]
    if kind is Position:
        return {"P": [value.line, value.column]}
    if kind is tuple:
        return {"t": [_encode(item) for item in value]}
    if kind is dict:
        return {"d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if kind is Severity:
        return {"V": int(value)}
    if kind is _dt.date:
        return {"D": value.isoformat()}
    if kind is set or kind is frozenset:
        items = sorted((_encode(item) for item in value), key=repr)
        return {"s" if kind is set else "f": items}
    if kind is Diagnostic:  # the bulk of the result store: one compact array
        return {"X": [value.code, int(value.severity), value.path, value.position.line, value.position.column,
                      value.message, value.citation, value.fix, value.title,
                      [[p, pos.line, pos.column] for p, pos in value.related], value.context, value.suppression,
                      value.locator, value.related_locators, _encode(value.text), _encode(value.fix_text),
                      value.language, _encode(value.autofix)]}
    name = _NAMES.get(kind)
    if name is not None:
        inline = _POSITION_FIELDS[kind]
        fields = value.__dict__
        return {"R": [name, *([fields[field].line, fields[field].column]
                              if field in inline and type(fields[field]) is Position else _encode(fields[field])
                              for field in kind._fields)]}
    return _encode_special(value)


def _encode_special(value):
    from .registry import Registry
    from .text import Pattern

    Map, DocumentView, Seq = _MAP, _VIEW, _SEQ
    kind = type(value)
    if kind is Pattern:
        return {"p": value.source}
    if kind is Registry:
        return {"G": [value.source, [_encode(m) for m in value.municipalities]]}
    if kind is Map or kind is DocumentView:  # positions inline: documents' facts fill the result store
        items = []
        for k, v in value.items():
            at = value.key_pos.get(k)
            items.append([_encode(k), at.line if at else 0, at.column if at else 0, _encode(v)])
        if kind is Map:
            return {"M": [value.pos.line, value.pos.column, value.origin, items]}
        places = [part for line, locator in sorted(value.locators.items()) for part in (line, locator)]
        return {"W": [value.pos.line, value.pos.column, value.origin, items, places]}
    if kind is Seq:
        flat = [n for at in value.item_pos for n in (at.line, at.column)]
        return {"S": [value.pos.line, value.pos.column, value.origin, flat, [_encode(v) for v in value]]}
    raise CacheError(f"not cache data: {kind.__name__}")


def decode(data: bytes):
    """The value ``encode`` made; ``CacheError`` for anything else (never another exception)."""
    _classes()
    try:
        return json.loads(data.decode("utf-8"), object_hook=_decode_object)
    except CacheError:
        raise
    except Exception as exc:  # malformed JSON, wrong shapes, RecursionError, MemoryError …
        raise CacheError(f"{type(exc).__name__}: {exc}") from None


def _decode_object(obj: dict):
    if len(obj) != 1:
        raise CacheError("not a tagged value")
    ((tag, value),) = obj.items()
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise CacheError(f"unknown tag {tag!r}")
    return decoder(value)


def _list(value, length: int | None = None) -> list:
    if type(value) is not list or (length is not None and len(value) != length):
        raise CacheError("wrong shape")
    return value


def _int(value) -> int:
    if type(value) is not int:
        raise CacheError("not an integer")
    return value


_new_tuple = tuple.__new__


def _at(line, column) -> Position:
    """``Position(line, column)`` without the named tuple's Python-level ``__new__`` (hot here)."""
    if type(line) is not int or type(column) is not int:
        raise CacheError("position is not two integers")
    return _new_tuple(Position, (line, column))


def _position(value):
    line, column = _list(value, 2)
    return _at(line, column)


def _record(value):
    values = _list(value)
    if not values or type(values[0]) is not str:
        raise CacheError("record without a class")
    cls = _CLASSES.get(values[0])
    if cls is None or len(values) != len(cls._fields) + 1:
        raise CacheError(f"unknown record {values[0]!r}")
    obj = object.__new__(cls)
    fields = object.__getattribute__(obj, "__dict__")
    fields.update(zip(cls._fields, values[1:]))
    for field in _POSITION_FIELDS[cls]:  # stored inline as [line, column]
        at = fields[field]
        if type(at) is list:
            fields[field] = _at(*_list(at, 2))
        elif at is not None and type(at) is not Position:
            raise CacheError("position is not two integers")
    restore = _RESTORE.get(values[0])
    if restore is not None:
        restore(obj)
    return obj


# What a record derives from its own fields is derived again, never trusted from a file.
_RESTORE = {"shape.MapShape": lambda shape: shape.finish()}


_SHARED: dict[str, str] = {}  # one copy of each citation, fix and title in memory, not one a finding


def _text(value, shared: bool = False) -> str:
    if type(value) is not str:
        raise CacheError("not text")
    return _SHARED.setdefault(value, value) if shared else value


def _diagnostic(value):
    (code, severity, path, line, column, message, citation, fix, title, related, context,
     suppression, locator, related_locators, text, fix_text, language, autofix) = _list(value, 18)
    if suppression is not None and type(suppression) is not str:
        raise CacheError("wrong suppression")
    _check_message(text)
    _check_message(fix_text)
    _check_fix(autofix)
    places = []
    for place in _list(related):
        where, at_line, at_column = _list(place, 3)
        places.append((_text(where, True), Position(_int(at_line), _int(at_column))))
    return Diagnostic(_text(code, True), Severity(_int(severity)), _text(path, True),
                      Position(_int(line), _int(column)), _text(message, True), _text(citation, True),
                      _text(fix, True), _text(title, True), places, _text(context), suppression,
                      _text(locator, True), [_text(item, True) for item in _list(related_locators)],
                      text, fix_text, _text(language, True), autofix)


def _check_fix(value) -> None:
    """A finding's fix read back: None, or a catalogue message, an applicability and edits of text."""
    from .fixes import APPLICABILITIES, Edit, Fix

    if value is None:
        return
    if type(value) is not Fix or value.applicability not in APPLICABILITIES or type(value.edits) is not tuple:
        raise CacheError("wrong fix")
    _check_message(value.message)
    for edit in value.edits:
        if type(edit) is not Edit or type(edit.text) is not str \
                or type(edit.start) is not Position or type(edit.end) is not Position:
            raise CacheError("wrong fix edit")


def _check_message(value, depth: int = 0) -> None:
    """A catalogue message read back: a key and (name, value) pairs of text, integers or messages."""
    from .messages import Message

    if value is None and depth == 0:
        return
    if type(value) is not Message or type(value.key) is not str or type(value.values) is not tuple \
            or depth > 4:
        raise CacheError("wrong message")
    for pair in value.values:
        if type(pair) is not tuple or len(pair) != 2 or type(pair[0]) is not str:
            raise CacheError("wrong message value")
        items = pair[1] if type(pair[1]) is tuple else (pair[1],)
        for item in items:
            if type(item) is Message:
                _check_message(item, depth + 1)
            elif type(item) not in (str, int):
                raise CacheError("wrong message value")


def _pattern(value):
    from .text import compile_pattern

    if type(value) is not str:
        raise CacheError("pattern is not text")
    return compile_pattern(value)


def _registry(value):
    from .registry import Municipality, Registry

    source, municipalities = _list(value, 2)
    if type(source) is not str or not all(type(m) is Municipality for m in _list(municipalities)):
        raise CacheError("wrong registry")
    return Registry(municipalities, source)


def _origin(value):
    if value is not None and type(value) is not str:
        raise CacheError("origin is not text")
    return value if value is None else _SHARED.setdefault(value, value)


def _mapping(tag: str):
    def decode_mapping(value):
        if tag == "M":
            line, column, origin, items = _list(value, 4)
        else:
            line, column, origin, items, places = _list(value, 5)
        pos = _at(line, column)
        mapping = _MAP(pos) if tag == "M" else _VIEW(pos, "")
        if tag == "W":
            places = _list(places)
            if len(places) % 2:
                raise CacheError("wrong locators")
            mapping.locators = {_int(places[i]): _text(places[i + 1], True) for i in range(0, len(places), 2)}
        mapping.origin = _origin(origin)
        key_pos = mapping.key_pos
        for item in _list(items):
            key, at_line, at_column, item_value = _list(item, 4)
            if type(key) is not str:
                raise CacheError("wrong mapping key")
            mapping[key] = item_value
            if at_line:
                key_pos[key] = _at(at_line, at_column)
        return mapping
    return decode_mapping


def _sequence(value):
    line, column, origin, flat, items = _list(value, 5)
    seq = _SEQ(_at(line, column))
    seq.origin = _origin(origin)
    flat = _list(flat)
    if len(flat) % 2 or not all(type(n) is int for n in flat):
        raise CacheError("wrong sequence positions")
    seq.item_pos = [_new_tuple(Position, (flat[i], flat[i + 1])) for i in range(0, len(flat), 2)]
    seq.extend(_list(items))
    return seq


def _date(value):
    if type(value) is not str:
        raise CacheError("date is not text")
    return _dt.date.fromisoformat(value)


_DECODERS = {
    "P": _position,
    "t": lambda value: tuple(_list(value)),
    "d": lambda value: {k: v for k, v in (_list(item, 2) for item in _list(value))},
    "s": lambda value: set(_list(value)),
    "f": lambda value: frozenset(_list(value)),
    "V": lambda value: Severity(_int(value)),
    "D": _date,
    "R": _record,
    "X": _diagnostic,
    "p": _pattern,
    "G": _registry,
    "M": _mapping("M"),
    "W": _mapping("W"),
    "S": _sequence,
}


# ---- cache files -------------------------------------------------------------------

def read(path: Path, kind: str):
    """The value stored in ``path`` as ``kind``; ``CacheError`` when there is none to trust.

    Only a regular file (not a FIFO, device or link to one) below the size
    cap is read, and only as many bytes as its header announces.
    """
    try:
        with _open_own(path) as handle:
            header = handle.readline(200)
            parts = header.split()
            if len(parts) != 5 or parts[0] != _MAGIC or parts[1] != str(_FORMAT).encode() \
                    or parts[2] != kind.encode():
                raise CacheError("not a cache file of this kind")
            try:
                length, crc = int(parts[3]), int(parts[4])
            except ValueError:
                raise CacheError("bad header") from None
            if not 0 <= length <= MAX_FILE_BYTES:
                raise CacheError("bad length")
            payload = handle.read(length + 1)
    except OSError as exc:
        raise CacheError(str(exc)) from None
    if len(payload) != length or zlib.crc32(payload) != crc:
        raise CacheError("truncated or corrupt")
    return decode(payload)


def _own(info: os.stat_result) -> bool:
    """Whether a file is the user's own and nobody else may write it (as ssh asks of its keys).

    A file that another user wrote into a shared or ``/tmp`` cache directory
    is not read at all; the decoder's restrictions are the second line.
    """
    if not hasattr(os, "geteuid"):
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (_stat.S_IWGRP | _stat.S_IWOTH)


def write(path: Path, kind: str, value) -> None:
    """Store ``value`` in ``path`` atomically (``CacheError`` or ``OSError`` on failure)."""
    payload = encode(value)
    header = b"%s %d %s %d %d\n" % (_MAGIC, _FORMAT, kind.encode(), len(payload), zlib.crc32(payload))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            handle.write(payload)
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def _open_own(path: Path):
    """A binary handle on ``path`` when it is a regular file of the user's own below the cap."""
    refused = "not a regular file of the user's own, of a cache's size"
    try:
        fd, info = open_regular(path, nofollow=True)
    except NotRegularFile:
        raise CacheError(refused) from None
    except OSError as exc:
        raise CacheError(str(exc)) from None
    if info.st_size > MAX_FILE_BYTES or not _own(info):
        os.close(fd)
        raise CacheError(refused)
    return os.fdopen(fd, "rb")


def read_lines(path: Path, kind: str):
    """``(head, items, dropped)`` of a file ``write_lines`` wrote; ``CacheError`` when there is none.

    Each line is checked and decoded on its own: a damaged line costs only
    its own item (``dropped`` counts them), never the rest of the file.
    """
    with _open_own(path) as handle:
        return _read_lines(handle, kind)


def _read_lines(handle, kind: str):
    first = handle.readline(200)
    parts = first.split()
    if len(parts) != 3 or parts[0] != _MAGIC or parts[1] != str(_FORMAT).encode() or parts[2] != kind.encode():
        raise CacheError("not a cache file of this kind")
    head = _line(handle.readline(MAX_LINE_BYTES))
    items, dropped = [], 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES)
        if not raw:
            break
        try:
            items.append(_line(raw))
        except CacheError:
            dropped += 1
            if not raw.endswith(b"\n"):  # an over-long line: skip the rest of it
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(MAX_LINE_BYTES)
    return head, items, dropped


def _line(raw: bytes):
    crc, _, payload = raw.rstrip(b"\n").partition(b" ")
    try:
        if int(crc) != zlib.crc32(payload):
            raise CacheError("corrupt line")
    except ValueError:
        raise CacheError("corrupt line") from None
    return decode(payload)


def write_lines(path: Path, kind: str, head, items) -> None:
    """Store ``head`` and each of ``items`` as a line of its own, atomically.

    One item is encoded at a time, so writing a store of 20,000 files' results
    never holds a second copy of all of them in memory.
    """
    _classes()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"%s %d %s\n" % (_MAGIC, _FORMAT, kind.encode()))
            for value in _chain(head, items):
                payload = encode(value)
                handle.write(b"%d %s\n" % (zlib.crc32(payload), payload))
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def _chain(head, items):
    yield head
    yield from items


def prune(directory: Path, pattern: str, keep: int, companion: str = "") -> None:
    """Remove all but the ``keep`` newest files matching ``pattern`` (and their companions)."""
    try:
        files = sorted(directory.glob(pattern), key=lambda p: p.stat().st_mtime)
        for old in files[:-keep] if keep else files:
            old.unlink(missing_ok=True)
            if companion:
                old.with_suffix(companion).unlink(missing_ok=True)
    except OSError:
        pass


# ---- the compiled rule pack ------------------------------------------------------

def _rule_file(directory: Path, signature: str) -> Path:
    return directory / f"rules-{zlib.crc32(signature.encode()):08x}.json"


def read_rulebook(directory: Path, signature: str, examples: bool):
    """The compiled pack stored for ``signature``, or None (then the caller builds it)."""
    from .lang.ast import Example, Rule
    from .rulebook import Rulebook

    cache_file = _rule_file(directory, signature)
    try:
        stored, book = _list(read(cache_file, "rules"), 2)
        if stored != signature or type(book) is not Rulebook or type(book.rules) is not list \
                or not all(type(rule) is Rule for rule in book.rules):
            return None
        if examples:
            stored, by_rule = _list(read(cache_file.with_suffix(".examples"), "examples"), 2)
            if stored != signature or type(by_rule) is not dict:
                return None
            for rule in book.rules:
                found = by_rule.get(rule.id, [])
                if type(found) is not list or not all(type(e) is Example for e in found):
                    return None
                rule.examples = found
        book.definitions, book.compiled, book.aliases = {}, [], {}
        return book.compile()
    except Exception:  # CacheError, or a well-formed file whose contents do not compile
        return None


def write_rulebook(directory: Path, signature: str, book) -> None:
    """Store a freshly built pack (rules and examples in two files); failures only cost speed."""
    cache_file = _rule_file(directory, signature)
    by_rule = {rule.id: rule.examples for rule in book.rules}
    saved = book.definitions, book.compiled, book.aliases, book.dirs, book.from_cache
    try:
        write(cache_file.with_suffix(".examples"), "examples", [signature, by_rule])
        for rule in book.rules:
            rule.examples = []
        book.definitions, book.compiled, book.aliases, book.dirs, book.from_cache = {}, [], {}, (), False
        write(cache_file, "rules", [signature, book])
    except (OSError, CacheError):
        return  # a read-only home directory, or a pack too deep to store, only costs speed
    finally:
        for rule in book.rules:
            rule.examples = by_rule[rule.id]
        book.definitions, book.compiled, book.aliases, book.dirs, book.from_cache = saved
    prune(directory, "rules-*.json", KEEP_BUILDS, ".examples")
    prune(directory, "rules-*.pickle", 0, ".examples")  # format 1, never read again
