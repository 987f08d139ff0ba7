"""Results of earlier runs, so that unchanged files are not checked again.

Like ruff's cache: a file whose size, modification time and content
checksum are those of a stored entry gets the stored diagnostics. The store
is one cache file per *run configuration* (the rule pack's signature, the law's
date and the rules selected), in the same directory as the rule cache, so a
rule edit, another ``--as-of`` or another ``--select`` never sees results
made under other rules.

Racy files (git's term): a file modified within ``RACY_SECONDS`` of when its
entry was written could change again without its mtime changing (file
system clocks are coarse), so its content is read and its checksum compared;
older entries trust size and mtime, which is what makes a warm run fast.
What goes into an entry comes only from the checked file itself; findings
that depend on other documents are recomputed on every run.

The store is data only (``cache``): an entry of the wrong shape is dropped
and its file checked again, a corrupt store is started anew.
"""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path

from . import cache
from .diagnostics import Diagnostic, Position, Severity
from .fixes import Fix
from .messages import Message
from .files import NotRegularFile, read_regular

RACY_SECONDS = 2.0
KEEP_STORES = 8  # result stores kept per cache directory (one per configuration)
_VERSION = 2  # 1 was a pickle


def checksum(data: bytes) -> int:
    """Two 32-bit checksums as one 64-bit number (adler32 alone is weak on short input)."""
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


MAX_DIGEST_BYTES = 1024 * 1024  # the loader's cap: a larger file is never remembered


def _digest(path: str, limit: int) -> int | None:
    """The checksum of a regular file of at most ``limit`` bytes, else None (read without blocking).

    A Word, OpenDocument or PDF file is checked with its sidecar YAML, so
    its checksum covers both, as the loader computes it (``document_digest``).
    """
    from .documents.loader import DOCUMENT_SUFFIXES, document_digest

    if path.lower().endswith(DOCUMENT_SUFFIXES):
        return document_digest(Path(path))
    try:
        data = read_regular(path, limit + 1)
    except (OSError, NotRegularFile):
        return None
    return checksum(data) if len(data) <= limit else None


class _Signature:
    """The size and modification time the cache compares, of a document and its sidecar together."""

    __slots__ = ("st_size", "st_mtime_ns")

    def __init__(self, size: int, mtime_ns: int) -> None:
        self.st_size, self.st_mtime_ns = size, mtime_ns


class Entry:
    __slots__ = ("size", "mtime_ns", "checksum", "written", "agreement", "shown", "diagnostics", "facts")

    def __init__(self, size, mtime_ns, checksum_, written, agreement, shown, diagnostics, facts=None):
        self.size = size
        self.mtime_ns = mtime_ns
        self.checksum = checksum_
        self.written = written
        self.agreement = agreement
        self.shown = shown
        self.diagnostics = diagnostics
        self.facts = facts

    def to_data(self) -> list:
        return [getattr(self, name) for name in self.__slots__]

    @classmethod
    def from_data(cls, data) -> "Entry | None":
        """An entry from stored data, or None when any part of it has the wrong type."""
        if type(data) is not list or len(data) != len(cls.__slots__):
            return None
        size, mtime_ns, checksum_, written, agreement, shown, diagnostics, facts = data
        if not (type(size) is int and type(mtime_ns) is int and type(checksum_) is int
                and type(written) in (int, float) and type(agreement) is bool and type(shown) is str
                and type(diagnostics) is list and all(_is_diagnostic(d) for d in diagnostics)):
            return None
        from .lang.evaluator import DocumentView

        if facts is not None and type(facts) is not DocumentView:
            return None
        return cls(size, mtime_ns, checksum_, written, agreement, shown, diagnostics, facts)


_DIAGNOSTIC_TYPES = {"code": (str,), "severity": (Severity,), "path": (str,), "position": (Position,),
                     "message": (str,), "citation": (str,), "fix": (str,), "title": (str,), "related": (list,),
                     "context": (str,), "suppression": (str, type(None)),
                     "locator": (str,), "related_locators": (list,),
                     "text": (Message, type(None)), "fix_text": (Message, type(None)), "language": (str,),
                     "autofix": (Fix, type(None))}


def _is_diagnostic(value) -> bool:
    if type(value) is not Diagnostic:
        return False
    fields = value.__dict__
    if any(type(fields.get(name)) not in kinds for name, kinds in _DIAGNOSTIC_TYPES.items()):
        return False
    return all(type(item) is tuple and len(item) == 2 and type(item[0]) is str and type(item[1]) is Position
               for item in value.related) and all(type(item) is str for item in value.related_locators)


class ResultCache:
    def __init__(self, directory: Path, configuration: str) -> None:
        self.file = Path(directory) / f"results-{zlib.crc32(configuration.encode()):08x}.json"
        self.configuration = configuration
        self.entries: dict[str, Entry] = {}
        self.changed = False
        self._stats: dict[str, os.stat_result | None] = {}
        try:
            head, items, dropped = cache.read_lines(self.file, "results")
        except (cache.CacheError, OSError):  # missing, corrupt or foreign: start empty
            return
        if head != [_VERSION, configuration]:
            return
        self.changed = bool(dropped)  # rewrite the store without the damaged lines
        for item in items:
            entry = Entry.from_data(item[1]) if type(item) is list and len(item) == 2 else None
            if entry is not None and type(item[0]) is str:
                self.entries[item[0]] = entry
            else:
                self.changed = True

    def _stat(self, key: str):
        if key not in self._stats:
            try:
                self._stats[key] = os.stat(key)
            except OSError:
                self._stats[key] = None
            else:
                self._stats[key] = self._with_sidecar(key, self._stats[key])
        return self._stats[key]

    @staticmethod
    def _with_sidecar(key: str, info):
        """A document's stat changed by its sidecar's: adding, editing or removing ``sopimus.yaml``
        makes ``sopimus.docx`` a changed file (its mtime is mixed in, its size added)."""
        from .documents.loader import DOCUMENT_SUFFIXES, sidecar_of

        if not key.lower().endswith(DOCUMENT_SUFFIXES):
            return info
        sidecar = sidecar_of(Path(key))
        if sidecar is None:
            return info
        try:
            side = os.stat(sidecar)
        except OSError:
            return info
        mixed = (info.st_mtime_ns * 1_000_003 + side.st_mtime_ns + side.st_size) % (1 << 62)
        return _Signature(info.st_size + side.st_size + 1, mixed)

    def _valid(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        stat = self._stat(key)
        if entry is None or stat is None or stat.st_size != entry.size or stat.st_mtime_ns != entry.mtime_ns:
            return None
        if entry.written - stat.st_mtime_ns / 1e9 < RACY_SECONDS and _digest(key, entry.size) != entry.checksum:
            return None
        return entry

    def is_agreement(self, path: Path, decide) -> bool:
        """``decide(path)``, or what it said last time for an unchanged file."""
        key = os.path.abspath(path)
        entry = self._valid(key)
        if entry is not None:
            return entry.agreement
        answer = decide(path)
        if not answer:
            digest = _digest(key, MAX_DIGEST_BYTES)
            if digest is not None:
                self._store(key, False, str(path), [], digest)
        return answer

    def lookup(self, path: Path, shown: str):
        """The stored (diagnostics, facts) of an unchanged agreement, or None."""
        entry = self._valid(os.path.abspath(path))
        if entry is None or not entry.agreement:
            return None
        if entry.shown == shown:
            return entry.diagnostics, entry.facts
        moved = []
        for d in entry.diagnostics:
            copy = Diagnostic(**{name: getattr(d, name) for name in Diagnostic._fields})
            copy.path = shown
            moved.append(copy)
        return moved, entry.facts

    def store(self, path: Path, shown: str, diagnostics: list[Diagnostic], digest: int | None,
              facts=None) -> None:
        """Remember a checked file; ``digest`` is the checksum of the content that was checked."""
        if digest is None:
            return  # not read (a read error may be temporary)
        self._store(os.path.abspath(path), True, shown, diagnostics, digest, facts)

    def _store(self, key, agreement, shown, diagnostics, digest, facts=None) -> None:
        # The stat from before the file was read: if the file changed since,
        # the next run sees another mtime (or, racily, another checksum).
        stat = self._stat(key)
        if stat is None:
            return
        self.entries[key] = Entry(stat.st_size, stat.st_mtime_ns, digest, time.time(),
                                  agreement, shown, diagnostics, facts)
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        entries = ([key, entry.to_data()] for key, entry in sorted(self.entries.items()))
        try:
            cache.write_lines(self.file, "results", [_VERSION, self.configuration], entries)
        except (OSError, cache.CacheError):
            return  # a read-only cache directory only costs speed
        cache.prune(self.file.parent, "results-*.json", KEEP_STORES)
        cache.prune(self.file.parent, "results-*.pickle", 0)  # format 1, never read again
