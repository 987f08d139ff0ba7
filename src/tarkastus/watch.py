"""``check --watch``: check again whenever a file below the paths changes, as ``ruff check --watch``.

watchfiles (Rust ``notify`` underneath: inotify, FSEvents, ReadDirectoryChangesW)
is imported only here, so ``check`` without ``--watch`` never loads it. The
directories of the paths are watched rather than the files themselves:
editors save by renaming a new file over the old one, and a watch on the
old file would end with it. A change counts when it is to an agreement (or
a Word, OpenDocument or PDF file, or a sidecar), a configuration file or a
rule file; never to what tarkastus writes itself (the ``-o`` report, the
``NAME.bak`` copies of ``--fix``, hidden temporary files). Changes that
come together (a save that writes two files) are one re-check.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .diagnostics import TarkastusError
from .messages import say

WATCHED_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".docx", ".odt", ".pdf", ".toml", ".tark", ".json")
_BACKUP = re.compile(r"\.bak(\.\d+)?$")  # check --fix keeps originals as NAME.bak, NAME.bak.2 …
CLEAR = "\x1b[2J\x1b[3J\x1b[H"  # erase the screen and its scrollback, cursor home (as ruff clears it)


class WatchUnavailable(TarkastusError):
    """watchfiles is not installed (``text``: what to do)."""

    def __init__(self) -> None:
        self.text = say("watch.missing")
        super().__init__(str(self.text))


class _Filter:
    """Which changed paths count (see the module docstring)."""

    def __init__(self, paths: Iterable[str], ignore: Iterable[str]) -> None:
        self.directories, self.files = [], set()
        for path in paths:
            real = os.path.realpath(path)
            (self.directories.append(real) if os.path.isdir(real) else self.files.add(real))
        self.ignore = {os.path.realpath(p) for p in ignore}

    def __call__(self, _change, path: str) -> bool:
        real = os.path.realpath(path)
        name = os.path.basename(real)
        if real in self.ignore or name.startswith(".") or _BACKUP.search(name):
            return False
        if real in self.files:
            return True
        stem = os.path.splitext(real)[0]
        if any(stem == os.path.splitext(f)[0] for f in self.files):
            return True  # a sidecar of a named document, or the document of a named sidecar
        if not name.lower().endswith(WATCHED_SUFFIXES):
            return False
        parts = Path(real).parts
        if any(part.startswith(".") or part == "__pycache__" for part in parts):
            return False
        return any(real == d or real.startswith(d.rstrip(os.sep) + os.sep) for d in self.directories) or \
            (name in ("tarkastus.toml", "pyproject.toml")
             and any(os.path.dirname(f) == os.path.dirname(real) for f in self.files))


def roots(paths: Iterable[str]) -> list[str]:
    """The directories to watch for ``paths``: a directory itself, a file's directory; each once."""
    found = []
    for path in paths:
        real = os.path.realpath(path)
        directory = real if os.path.isdir(real) else os.path.dirname(real) or "."
        if os.path.isdir(directory) and directory not in found:
            found.append(directory)
    return found


def watch(paths: list[str], once: Callable[[list[str]], None], ignore: Iterable[str] = (),
          stop_event=None, debounce_ms: int = 300) -> None:
    """Call ``once([])``, then ``once(changed paths)`` after each change below ``paths``, until Ctrl-C
    (or ``stop_event`` is set). Raises ``WatchUnavailable`` without watchfiles."""
    try:
        import watchfiles
    except ImportError:
        raise WatchUnavailable() from None
    selected = _Filter(paths, ignore)
    once([])
    for changes in watchfiles.watch(*roots(paths), watch_filter=selected, debounce=debounce_ms,
                                    stop_event=stop_event, raise_interrupt=False, yield_on_timeout=False):
        once(sorted({path for _, path in changes}))
