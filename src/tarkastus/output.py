"""Writing reports to files without ever losing what the user wrote.

A report file is replaced atomically (written beside it, then renamed). A
file in the way that is not recognisably an earlier tarkastus report — a
draft agreement or a configuration file named by mistake — is first moved
to ``NAME.bak`` (``NAME.bak.2`` …), and the user is told.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# The first lines of the check formats: JSON, SARIF and JUnit name the tool;
# text, concise and github reports are lines of findings or the summary.
_FINDING_LINE = re.compile(r"^(::(error|warning|notice) |\S.*:\d+:\d+: [A-Z][A-Z0-9-]+ |\s+\S.*:\d+:\d+: )", re.M)
_SUMMARIES = ("Ei havaintoja", "Löytyi", "Inga fynd", "Hittade", "No findings", "Found", "Havainnot säännöittäin",
              "Fynd per regel", "Findings per rule")


class OutputError(Exception):
    """A report that cannot be written: the message says where and why."""


def is_check_report(text: str) -> bool:
    """Whether ``text`` (the head of a file) is a report ``tarkastus check -o`` wrote."""
    head = text[:4000]
    if not head.strip() or '"tarkastus"' in head or 'name="tarkastus"' in head:
        return True
    return bool(_FINDING_LINE.search(head)) or head.lstrip().startswith(_SUMMARIES)


def write_report(target: str, text: str, is_ours=is_check_report) -> list[str]:
    """Write ``text`` to ``target`` ("-": standard output); returns what the user must be told."""
    if target == "-":
        sys.stdout.write(text)
        return []
    path = Path(target)
    notes = []
    try:
        if path.exists():
            try:
                previous = path.read_text(encoding="utf-8", errors="replace")[:4000]
            except OSError:
                previous = ""
            if not is_ours(previous):
                backup = _free_backup_name(path)
                os.replace(path, backup)
                notes.append(f"{path} ei ollut tarkastuksen raportti: alkuperäinen tallennettiin nimellä {backup}.")
        temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        finally:
            if temporary.exists():
                temporary.unlink()
    except OSError as exc:
        raise OutputError(f"{target}: raporttia ei voi kirjoittaa: {exc.strerror or exc}") from None
    return notes


def _free_backup_name(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return candidate
