"""Reading rule files and data tables from a rule directory, as untrusted input.

A rule directory is a user's (``rule-dirs``), so anything may sit in it
under a rule's name: a directory called ``X.tark``, a named pipe (reading
it would block for ever), a link to a device, twenty megabytes, a file in
Latin-1. Only regular files are read, and never more than
``MAX_SOURCE_BYTES`` + 1 bytes (the agreements' limit); everything else is
a ``RuleError`` at the file's first line, or at the offending byte.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import START, Position
from ..files import KINDS, NotRegularFile, open_regular, read_fd
from ..messages import Message, say
from .errors import RuleError
from .limits import MAX_SOURCE_BYTES, finnish_number

# What ``what`` names, in the catalogue: the file's name, and its partitive ("Sääntötiedostoa ei voi lukea").
_WHAT = {"Sääntötiedosto": "lang.what.rule_file", "Taulukko": "lang.what.table"}


def read_source(path: Path, shown: str, what: str = "Sääntötiedosto") -> str:
    """The text of a rule file or data table (``what`` names it in messages), or ``RuleError``."""
    raw = _read(path, shown, what)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise RuleError(shown, _position(raw, nul), say("lang.source.nul", what=_named(what)), _context_text(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(shown, _position(raw, exc.start),
                        say("lang.source.encoding", what=_named(what), byte=f"{raw[exc.start]:#04x}"),
                        _context_text(raw)) from None
    return text.removeprefix("\ufeff")


def _named(what: str, partitive: bool = False) -> Message | str:
    key = _WHAT.get(what)
    if key is None:  # a name the caller words itself
        return what + ("a" if partitive else "")
    return Message(key + (".partitive" if partitive else ""))


def _kind(mode: int | None) -> Message:
    """What a path that is not a regular file is, for the middle of this message (the socket without its gloss)."""
    stat_key = next((key for test, key in KINDS if mode is not None and test(mode)), "kind.special")
    return Message("lang." + stat_key)


def _read(path: Path, shown: str, what: str) -> bytes:
    try:
        fd, info = open_regular(path)  # never blocks: a FIFO is refused, not waited on
    except NotRegularFile as exc:
        raise RuleError(shown, START, say("lang.source.not_regular", kind=_kind(exc.mode), what=_named(what))) \
            from None
    except OSError as exc:
        raise RuleError(shown, START, say("lang.source.unreadable", what=_named(what, True),
                                          reason=str(exc.strerror or exc))) from None
    try:
        if info.st_size > MAX_SOURCE_BYTES:
            raise RuleError(shown, START, _too_large(what, info.st_size))
        raw = read_fd(fd, MAX_SOURCE_BYTES + 1)  # one past the limit tells a file that grew
    except OSError as exc:
        raise RuleError(shown, START, say("lang.source.unreadable", what=_named(what, True),
                                          reason=str(exc.strerror or exc))) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_SOURCE_BYTES:
        raise RuleError(shown, START, _too_large(what, len(raw)))
    return raw


def _too_large(what: str, size: int) -> Message:
    return say("lang.source.too_large", what=_named(what), size=finnish_number(size),
               limit=finnish_number(MAX_SOURCE_BYTES))


def _position(raw: bytes, offset: int) -> Position:
    """The line and column (in characters) of byte ``offset``; the bytes before it decode."""
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return Position(raw.count(b"\n", 0, offset) + 1, column)


def _context_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").replace("\x00", "\ufffd")
