"""Results of earlier runs, so that unchanged files are not checked again.

Like ruff's cache: a file whose size, modification time and content
checksum are those of a stored entry gets the stored diagnostics. The store
is one pickle per *run configuration* (the rule pack's signature, the law's
date and the rules selected), in the same directory as the rule cache, so a
rule edit, another ``--as-of`` or another ``--select`` never sees results
made under other rules.

Racy files (git's term): a file modified within ``RACY_SECONDS`` of when its
entry was written could change again without its mtime changing (file
system clocks are coarse), so its content is read and its checksum compared;
older entries trust size and mtime, which is what makes a warm run fast.
What goes into an entry comes only from the checked file itself; findings
that depend on other documents are recomputed on every run.
"""

from __future__ import annotations

import os
import pickle
import time
import zlib
from pathlib import Path

from .diagnostics import Diagnostic

RACY_SECONDS = 2.0
KEEP_STORES = 8  # result stores kept per cache directory (one per configuration)
_VERSION = 1


def checksum(data: bytes) -> int:
    """Two 32-bit checksums as one 64-bit number (adler32 alone is weak on short input)."""
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


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

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state):
        for name, value in zip(self.__slots__, state):
            setattr(self, name, value)


class ResultCache:
    def __init__(self, directory: Path, configuration: str) -> None:
        self.file = Path(directory) / f"results-{zlib.crc32(configuration.encode()):08x}.pickle"
        self.configuration = configuration
        self.entries: dict[str, Entry] = {}
        self.changed = False
        self._stats: dict[str, os.stat_result | None] = {}
        try:
            with open(self.file, "rb") as handle:
                version, configuration_, entries = pickle.load(handle)
            if version == _VERSION and configuration_ == configuration and isinstance(entries, dict):
                self.entries = entries
        except Exception:  # missing, corrupt or foreign: start empty
            pass

    def _stat(self, key: str):
        if key not in self._stats:
            try:
                self._stats[key] = os.stat(key)
            except OSError:
                self._stats[key] = None
        return self._stats[key]

    def _valid(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        stat = self._stat(key)
        if entry is None or stat is None or stat.st_size != entry.size or stat.st_mtime_ns != entry.mtime_ns:
            return None
        if entry.written - stat.st_mtime_ns / 1e9 < RACY_SECONDS:
            try:
                with open(key, "rb") as handle:
                    if checksum(handle.read()) != entry.checksum:
                        return None
            except OSError:
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
            try:
                with open(key, "rb") as handle:
                    digest = checksum(handle.read())
            except OSError:
                return answer
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
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temp = self.file.with_suffix(f".{os.getpid()}.tmp")
            with open(temp, "wb") as handle:
                pickle.dump((_VERSION, self.configuration, self.entries), handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.file)
            stores = sorted(self.file.parent.glob("results-*.pickle"), key=lambda p: p.stat().st_mtime)
            for old in stores[:-KEEP_STORES]:
                old.unlink()
        except OSError:
            pass  # a read-only cache directory only costs speed
