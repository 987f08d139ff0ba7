"""Opening a path that may be anything, and reading a bounded part of it.

Every path tarkastus reads is someone's to choose: an agreement, a rule
file, a result store, a cache file, a report about to be replaced. Under
any of these names there may be a named pipe (reading it blocks for ever),
a device (opening one can have effects of its own, and ``/dev/zero`` never
ends), a socket or a directory. So a path is looked at before it is opened
and again, with ``fstat``, once it is open (it may have been replaced in
between); the open never waits (``O_NONBLOCK``), and no more than a given
number of bytes is ever read.

What the special file is comes from one table, its words from the message
catalogue in each language (``kind_message``); each caller words its own
message around it (``in_sentence`` for the middle of a Finnish one). Only
os, stat, errno and the catalogue are imported: every command reads files,
the quickest included.
"""

from __future__ import annotations

import errno
import os
import stat

from .diagnostics import TarkastusError
from .messages import Message, text

# What a path that is not a regular file is: its catalogue key (the words
# start a message: "Nimetty putki (FIFO)", "En namngiven pipe (FIFO)").
KINDS = ((stat.S_ISDIR, "kind.directory"), (stat.S_ISFIFO, "kind.fifo"), (stat.S_ISSOCK, "kind.socket"),
         (stat.S_ISCHR, "kind.device"), (stat.S_ISBLK, "kind.device"))
OTHER = "kind.special"  # any other kind (a Solaris door, a BSD whiteout)

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# What opening a socket fails with (it cannot be opened at all).
_UNOPENABLE = (errno.ENXIO, getattr(errno, "EOPNOTSUPP", None))
_CHUNK = 1 << 20


class NotRegularFile(TarkastusError):
    """A path that is a named pipe, a device, a socket or a directory; ``kind`` says which, in Finnish.

    ``mode`` is the path's ``st_mode``, for a caller that names the kind in
    its own words.
    """

    def __init__(self, kind: str, mode: int | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.mode = mode


def kind_message(mode: int, other: str = OTHER) -> Message | None:
    """None for a regular file, else what it is, as a catalogue message (``other``: the key if none of ``KINDS``)."""
    if stat.S_ISREG(mode):
        return None
    return Message(next((kind for test, kind in KINDS if test(mode)), other))


def file_kind(mode: int, other: str | None = None) -> str | None:
    """None for a regular file, else what it is in Finnish ("Nimetty putki (FIFO)"; ``other`` if none of ``KINDS``)."""
    if stat.S_ISREG(mode):
        return None
    key = next((kind for test, kind in KINDS if test(mode)), None)
    return text(key) if key is not None else (other if other is not None else text(OTHER))


def in_sentence(kind: str) -> str:
    """A kind for the middle of a sentence: its first letter in lower case ("nimetty putki (FIFO)")."""
    return kind[:1].lower() + kind[1:]


def _refuse(mode: int) -> None:
    kind = file_kind(mode)
    if kind is not None:
        raise NotRegularFile(kind, mode)


def open_regular(path, *, nofollow: bool = False) -> tuple[int, os.stat_result]:
    """A descriptor open for reading on the regular file ``path``, and its ``fstat``.

    ``NotRegularFile`` for anything else, ``OSError`` when it cannot be
    opened; the caller closes the descriptor. With ``nofollow`` a symbolic
    link is not followed (``O_NOFOLLOW``): opening one fails with ELOOP.
    """
    look = os.lstat if nofollow else os.stat
    flags = _FLAGS | (getattr(os, "O_NOFOLLOW", 0) if nofollow else 0)
    before = look(path).st_mode
    if not stat.S_ISLNK(before):  # a link (nofollow only) is refused by the open itself
        _refuse(before)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in _UNOPENABLE:  # a socket, or something that became one
            mode = look(path).st_mode
            kind = file_kind(mode)
            if kind is not None:
                raise NotRegularFile(kind, mode) from None
        raise
    try:
        info = os.fstat(fd)
        _refuse(info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_fd(fd: int, limit: int) -> bytes:
    """At most ``limit`` bytes from ``fd``, up to its end, in chunks of at most a megabyte."""
    chunks = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(fd, min(remaining, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_regular(path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; ``NotRegularFile`` for anything else."""
    fd, _ = open_regular(path)
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)
