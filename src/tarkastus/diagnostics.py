"""One ``Diagnostic`` type for every finding and every input error.

A rule finding (KL54-SEURANTA) and an input problem (TARK-YAML) are reported,
sorted, filtered and rendered the same way; only their codes differ. Input
codes start with ``TARK-`` and make the run exit 2 when they are errors.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from .record import Factory, Record


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


class Position(NamedTuple):
    """1-based line and column (a tuple: created for every YAML key, so it must be cheap)."""

    line: int = 1
    column: int = 1


START = Position(1, 1)


class Diagnostic(Record):
    code: str
    severity: Severity
    path: str
    position: Position
    message: str
    citation: str = ""
    fix: str = ""
    title: str = ""
    # Where the same finding also points (cross-document rules), and the
    # source line with a caret for input errors.
    related: list[tuple[str, Position]] = Factory(list)
    context: str = ""
    # The reason of the deliberate deviation that covers this finding (see
    # suppressions.py); a suppressed finding is shown but never fails a run.
    suppression: str | None = None

    @property
    def is_input_error(self) -> bool:
        return self.code.startswith("TARK-") and self.code != "TARK-POIKKEUS"

    def sort_key(self):
        return (self.path, self.position.line, self.position.column, self.code, self.message)

    def to_dict(self) -> dict:
        data = {
            "code": self.code,
            "severity": self.severity.label,
            "path": self.path,
            "line": self.position.line,
            "column": self.position.column,
            "message": self.message,
            "citation": self.citation,
            "fix": self.fix,
        }
        if self.related:
            data["related"] = [{"path": p, "line": pos.line, "column": pos.column} for p, pos in self.related]
        if self.suppression is not None:
            data["suppressed"] = {"justification": self.suppression}
        return data


def caret_context(text: str, position: Position) -> str:
    """The source line at ``position`` with a caret under the column."""
    lines = text.split("\n")
    if not 1 <= position.line <= len(lines):
        return ""
    line = lines[position.line - 1].expandtabs(1)
    return f"{line}\n{' ' * (position.column - 1)}^"


class TarkastusError(Exception):
    """Base of every error raised by tarkastus itself."""
