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
from ..files import NotRegularFile, in_sentence, open_regular, read_fd
from .errors import RuleError
from .limits import MAX_SOURCE_BYTES, finnish_number


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
    try:
        fd, info = open_regular(path)  # never blocks: a FIFO is refused, not waited on
    except NotRegularFile as exc:
        # The socket without its gloss, as this message always had it.
        kind = in_sentence(exc.kind).removesuffix(" (socket)")
        raise RuleError(shown, START, f"Ei tavallinen tiedosto ({kind}): "
                                      f"{what.lower()} luetaan vain tavallisesta tiedostosta.") from None
    except OSError as exc:
        raise RuleError(shown, START, f"{what}a ei voi lukea: {exc.strerror or exc}.") from None
    try:
        if info.st_size > MAX_SOURCE_BYTES:
            raise RuleError(shown, START, _too_large(what, info.st_size))
        raw = read_fd(fd, MAX_SOURCE_BYTES + 1)  # one past the limit tells a file that grew
    except OSError as exc:
        raise RuleError(shown, START, f"{what}a ei voi lukea: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
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
