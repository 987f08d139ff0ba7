"""Writing reports to files without ever losing what the user wrote.

A report file is replaced atomically (written beside it, then renamed). A
file in the way that tarkastus did not write — a draft agreement or a
configuration file named by mistake — is first moved to ``NAME.bak``
(``NAME.bak.2`` …), and the user is told.

"Tarkastus wrote it" is decided by a marker only tarkastus writes, never by
words a user might type (a draft that mentions "tarkastus", a YAML
agreement with ``tarkastus: 1``): each format recognises its own exact
generated header (JSON, SARIF, JUnit, the schema, the audit pages), its
generated last line (the text report's summary), or, for the formats that
are nothing but findings (concise, github, statistics), that every line is
one of its generated lines. Only the head and the tail of the file are read
(``HEAD_BYTES``, ``TAIL_BYTES``), so ``-o`` onto a large file costs nothing.

Only regular files are written: a directory, a FIFO (which would block until
someone reads it), a device or a socket is refused before the run starts.

``check --fix`` writes the user's own document (``replace_document``): its
original is always kept first as ``NAME.bak`` (never over anything), then
the fixed content is renamed over it.

``shown_path`` is how every path appears in reports and messages: file
names need not be UTF-8 or free of control characters, reports must be both.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
import sys
from pathlib import Path

from .diagnostics import TarkastusError
from .files import NotRegularFile, kind_message, open_regular
from .messages import Message, say

HEAD_BYTES = 8192
TAIL_BYTES = 4096

# Modules whose ``is_report(head, tail)`` recognises their own output.
_FORMATS = ("tarkastus.reporters.json", "tarkastus.reporters.sarif", "tarkastus.reporters.junit",
            "tarkastus.reporters.text", "tarkastus.reporters.concise", "tarkastus.reporters.github",
            "tarkastus.reporters.statistics", "tarkastus.audit.html", "tarkastus.audit.markdown",
            "tarkastus.output")

# ``tarkastus schema``: the generated header of the JSON Schema (documents.model.json_schema).
SCHEMA_HEADER = ('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n'
                 '  "title": "tarkastus: sopimusasiakirja')

class OutputError(TarkastusError):
    """A report that cannot be written: ``text`` says where and why (a catalogue message; str() in Finnish)."""

    def __init__(self, text: Message) -> None:
        super().__init__(str(text))
        self.text = text


# ---- paths as shown ---------------------------------------------------------------

def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


# C0 controls and DEL as \xHH; C1 controls, line and paragraph separators and
# the bidirectional overrides (which reorder what a terminal shows) as \uHHHH.
_UNSAFE = {code: _escape(chr(code)) for code in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029,
                                                 *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_HAS_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE) + "\ud800-\udfff]")


def shown_path(path) -> str:
    """``path`` as reports show it: valid UTF-8 without control characters.

    Bytes of a file name that are not UTF-8 (held by Python as surrogates)
    become ``\\xHH``, as ``os.fsdecode`` and ``backslashreplace`` show them;
    control characters become ``\\xHH`` or ``\\uHHHH``. Other names are
    unchanged, so the shown path of an ordinary file is the path as given.
    """
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    if not _HAS_UNSAFE.search(text):
        return text
    return safe_text(text).translate(_UNSAFE)


def safe_text(text: str) -> str:
    """``text`` encodable as UTF-8: a surrogate (an undecodable byte) becomes ``\\xHH``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name decodes to
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


# ---- recognising an earlier report --------------------------------------------------

def is_report(head: str, tail: str) -> bool:
    """The JSON Schema ``tarkastus schema`` writes."""
    return head.startswith(SCHEMA_HEADER)


def is_tarkastus_output(head: str, tail: str = "") -> bool:
    """Whether a file with this head and tail is something tarkastus wrote (any command, any format).

    ``head`` is the start of the file, ``tail`` its end (the same text for a
    short file); each holds only whole lines, apart from the head's first.
    """
    for name in _FORMATS:
        if importlib.import_module(name).is_report(head, tail):
            return True
    return False


def lines_all_match(pattern: re.Pattern, head: str, tail: str) -> bool:
    """Whether every line of ``head`` and ``tail`` matches ``pattern``, and there is one."""
    lines = [line for line in (head.splitlines() + tail.splitlines()) if line]
    return bool(lines) and all(pattern.fullmatch(line) for line in lines)


def read_ends(path: Path) -> tuple[str, str, int] | None:
    """The head and tail of the regular file ``path`` (bounded reads) and its size; None if there is none."""
    try:
        fd, info = open_regular(path)
    except FileNotFoundError:
        return None
    except NotRegularFile as exc:  # swapped for something else since the check
        raise OutputError(say("output.cannot_write", path=shown_path(path),
                              reason=say("output.not_regular", kind=_kind(exc.mode)))) from None
    try:
        size = info.st_size
        head = os.pread(fd, HEAD_BYTES, 0)
        tail = os.pread(fd, TAIL_BYTES, max(size - TAIL_BYTES, 0)) if size > HEAD_BYTES else head
    finally:
        os.close(fd)
    head_text = head.decode("utf-8", "replace")
    tail_text = tail.decode("utf-8", "replace")
    if size > HEAD_BYTES:  # whole lines only: the head's last and the tail's first may be cut
        head_text = head_text.rpartition("\n")[0]
        tail_text = tail_text.partition("\n")[2]
    return head_text, tail_text, size


# ---- writing ---------------------------------------------------------------------

def _kind(mode) -> Message:
    """What a path that is not a regular file is."""
    return (kind_message(mode, "kind.file") if mode is not None else None) or Message("kind.special")


def check_target(target: str) -> None:
    """Refuse, before anything is checked, a report target that is not a regular file (or "-")."""
    if target == "-":
        return
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return  # created by write_report; a missing directory is reported there
    except (OSError, ValueError) as exc:
        raise OutputError(say("output.cannot_write", path=shown_path(target),
                              reason=str(getattr(exc, "strerror", None) or exc))) from None
    if not stat.S_ISREG(info.st_mode):
        hint = say("output.directory_hint" if stat.S_ISDIR(info.st_mode) else "output.special_hint")
        raise OutputError(say("output.cannot_write", path=shown_path(target),
                              reason=say("output.not_regular_hint", kind=_kind(info.st_mode), hint=hint)))


def write_report(target: str, text: str, is_ours=is_tarkastus_output) -> list[Message]:
    """Write ``text`` to ``target`` ("-": standard output); returns what the user must be told (messages).

    ``is_ours(head, tail)`` says whether a file already there may be replaced
    without a backup (default: anything tarkastus wrote).
    """
    text = safe_text(text)
    if target == "-":
        sys.stdout.write(text)
        return []
    check_target(target)
    path = Path(target)
    shown = shown_path(target)
    notes = []
    try:
        ends = read_ends(path)
        # An empty file holds nothing to lose (an earlier report without findings is one).
        if ends is not None and ends[2] > 0 and not is_ours(ends[0], ends[1]):
            backup = _free_backup_name(path)
            os.replace(path, backup)
            notes.append(say("output.backup", path=shown, backup=shown_path(backup)))
        _replace_atomically(path, text.encode("utf-8"))
    except (OSError, ValueError) as exc:
        raise OutputError(say("output.cannot_write", path=shown,
                              reason=str(getattr(exc, "strerror", None) or exc))) from None
    return notes


def _replace_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """``data`` written beside ``path`` and renamed over it, so the file is never half written."""
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        if os.path.lexists(temporary):
            temporary.unlink()


def _free_backup_name(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    n = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return candidate


def replace_document(target, original: bytes, data: bytes) -> Path:
    """Write ``data`` over the user's own file ``target`` (``check --fix``); returns where its
    ``original`` content was kept.

    The document is the user's, so it is always kept first, as ``NAME.bak``
    (``NAME.bak.2`` …, never over anything), with its permissions and times;
    then the new content is written beside it and renamed over it, so the
    file is never half written. A link is followed: the file it names is
    replaced, the link stays. Raises ``OutputError`` when it cannot be done.
    """
    import shutil

    path = Path(target)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    shown = shown_path(target)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(say("output.cannot_write", path=shown,
                                  reason=say("output.not_regular", kind=_kind(info.st_mode))))
        backup = _free_backup_name(path)
        with open(backup, "xb") as handle:
            handle.write(original)
        shutil.copystat(path, backup)
        _replace_atomically(path, data, stat.S_IMODE(info.st_mode))
    except (OSError, ValueError) as exc:
        raise OutputError(say("output.cannot_write", path=shown,
                              reason=str(getattr(exc, "strerror", None) or exc))) from None
    return backup
