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
import stat
from pathlib import Path

from ..diagnostics import START, Position
from .errors import RuleError
from .limits import MAX_SOURCE_BYTES, finnish_number

_KINDS = ((stat.S_ISDIR, "hakemisto"), (stat.S_ISFIFO, "nimetty putki (FIFO)"), (stat.S_ISSOCK, "pistoke"),
          (stat.S_ISCHR, "laitetiedosto"), (stat.S_ISBLK, "laitetiedosto"))


def read_source(path: Path, shown: str, what: str = "Sääntötiedosto") -> str:
    """The text of a rule file or data table (``what`` names it in messages), or ``RuleError``."""
    raw = _read(path, shown, what)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise RuleError(shown, _position(raw, nul),
                        f"{what} ei ole tekstiä: siinä on NUL-tavu. Tallenna se UTF-8-tekstinä.",
                        _context_text(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(shown, _position(raw, exc.start),
                        f"{what} ei ole UTF-8-koodattu (virheellinen tavu {raw[exc.start]:#04x}). "
                        "Tallenna se UTF-8-merkistössä.", _context_text(raw)) from None
    return text.removeprefix("\ufeff")


def _read(path: Path, shown: str, what: str) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO opens at once, and is then refused
    except OSError as exc:
        raise RuleError(shown, START, f"{what}a ei voi lukea: {exc.strerror or exc}.") from None
    try:
        mode = os.fstat(fd).st_mode
        kind = next((name for test, name in _KINDS if test(mode)), None)
        if kind is not None or not stat.S_ISREG(mode):
            raise RuleError(shown, START, f"Ei tavallinen tiedosto ({kind or 'erikoistiedosto'}): "
                                          f"{what.lower()} luetaan vain tavallisesta tiedostosta.")
        size = os.fstat(fd).st_size
        if size > MAX_SOURCE_BYTES:
            raise RuleError(shown, START, _too_large(what, size))
        chunks, remaining = [], MAX_SOURCE_BYTES + 1  # one past the limit tells a file that grew
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise RuleError(shown, START, f"{what}a ei voi lukea: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_SOURCE_BYTES:
        raise RuleError(shown, START, _too_large(what, len(raw)))
    return raw


def _too_large(what: str, size: int) -> str:
    return (f"{what} on liian suuri ({finnish_number(size)} tavua, enintään {finnish_number(MAX_SOURCE_BYTES)} "
            "eli 1 MiB, sama raja kuin sopimuksilla).")


def _position(raw: bytes, offset: int) -> Position:
    """The line and column (in characters) of byte ``offset``; the bytes before it decode."""
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return Position(raw.count(b"\n", 0, offset) + 1, column)


def _context_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").replace("\x00", "\ufffd")
