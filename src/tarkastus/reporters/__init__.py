"""Reporters render a ``Report``; chosen by name with ``--format``.

Each also recognises its own output (``is_report(head, tail)``), so that
``-o`` replaces an earlier report but keeps anything else as a backup
(see ``output``).
"""

from __future__ import annotations

import importlib
import re

from ..vocabulary import FORMATS  # noqa: E402 (each a module of this package)

# Control characters (but tab and newline), DEL, C1 and the bidirectional
# overrides: a document's text quoted in a message must not move a terminal's
# cursor or reorder what it shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xHH`` / ``\\uHHHH``."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)


def render(name: str, report, stream, **options) -> None:
    module = importlib.import_module(f".{name}", __name__)
    module.render(report, stream, **options)
