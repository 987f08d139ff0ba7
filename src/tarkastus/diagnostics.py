"""One ``Diagnostic`` type for every finding and every input error.

A rule finding (KL54-SEURANTA) and an input problem (TARK-YAML) are reported,
sorted, filtered and rendered the same way; only their codes differ. Input
codes start with ``TARK-`` and make the run exit 2 when they are errors.
"""

from __future__ import annotations

from bisect import bisect_right
from enum import IntEnum
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from .messages import Message

if TYPE_CHECKING:
    from .fixes import Fix
from .vocabulary import SEVERITY_LEVELS
from .record import Factory, Record


class _Levels(IntEnum):
    """What every severity can do; the severities themselves are ``vocabulary.SEVERITY_LEVELS``."""

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


Severity = _Levels("Severity", {name.upper(): level for name, level in sorted(SEVERITY_LEVELS.items(),
                                                                              key=lambda item: item[1])},
                   module=__name__)

class Position(NamedTuple):
    """1-based line and column (a tuple: created for every YAML key, so it must be cheap)."""

    line: int = 1
    column: int = 1


START = Position(1, 1)
# A fix hint's block to paste (front matter, a heading, a sentence) is indented this much, as Markdown writes code.
BLOCK_INDENT = "    "


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
    # Where a lawyer finds the place in a Word, OpenDocument or PDF file
    # ("kohta 11, 2. kappale", "sivu 3, rivi 12"); line and column are then
    # positions in the text read from it. Empty for Markdown and YAML.
    locator: str = ""
    # The locators of ``related``, item by item, where those are such files.
    related_locators: list[str] = Factory(list)
    # The catalogue messages behind ``message`` and ``fix`` (messages.py), so
    # that they can be said again in another language (``in_language``); None
    # for a rule's finding, whose rule file words it in the run's language.
    text: Message | None = None
    fix_text: Message | None = None
    language: str = "fi"  # the language of message, title and fix
    # The edits that fix this finding, if it has a formal fix (fixes.py):
    # what ``check --fix`` applies and the language server offers.
    autofix: Fix | None = None

    @classmethod
    def said(cls, code: str, severity: Severity, path: str, position: Position, message: Message,
             fix: Message | None = None, **fields) -> "Diagnostic":
        """A diagnostic whose message (and fix) come from the catalogue, in Finnish until ``in_language``."""
        return cls(code, severity, path, position, message.render("fi"), fix=fix.render("fi") if fix else "",
                   text=message, fix_text=fix, **fields)

    def in_language(self, lang: str) -> "Diagnostic":
        """The diagnostic with its catalogue message and fix in ``lang`` (changed in place, and returned).

        A rule's finding is left as its rule worded it: in the language of the
        run that made it (the rule file's translations).
        """
        if lang == self.language or (self.text is None and self.fix_text is None):
            return self
        try:
            message = self.text.render(lang) if self.text is not None else self.message
            fix = self.fix_text.render(lang) if self.fix_text is not None else self.fix
        except (KeyError, IndexError, ValueError):  # a stored result of another version: kept as it was
            return self
        self.message, self.fix, self.language = message, fix, lang
        return self

    @property
    def is_input_error(self) -> bool:
        return self.code.startswith("TARK-") and self.code != "TARK-POIKKEUS"

    def place(self, lang: str = "fi") -> str:
        """Where the finding is, as reports show it: ``path:line:column``, or ``path (kohta 2, 1. kappale)``.

        A locator is stored in Finnish and said in ``lang`` ("punkt 2, 1 st.").
        """
        return place(self.path, self.position, self.locator, lang)

    def related_places(self, lang: str = "fi") -> list[str]:
        locators = self.related_locators
        return [place(path, pos, locators[i] if i < len(locators) else "", lang)
                for i, (path, pos) in enumerate(self.related)]

    def sort_key(self):
        return (self.path, self.position.line, self.position.column, self.code, self.message)

    def to_dict(self) -> dict:
        """The JSON report's object; ``language`` only where the words are not Finnish."""
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
        if self.language != "fi":
            data["language"] = self.language
        if self.locator:
            from .documents.converted import locator_in

            data["locator"] = self.locator  # as stored, in Finnish: the same in every language
            data["where"] = locator_in(self.locator, self.language)
        if self.related:
            data["related"] = [{"path": p, "line": pos.line, "column": pos.column} for p, pos in self.related]
            for item, locator in zip(data["related"], self.related_locators):
                if locator:
                    from .documents.converted import locator_in

                    item["locator"] = locator
                    item["where"] = locator_in(locator, self.language)
        if self.suppression is not None:
            data["suppressed"] = {"justification": self.suppression}
        if self.autofix is not None:  # beside "fix", the hint in words (a string, as it always was)
            data["autofix"] = self.autofix.to_dict(self.language)
        return data


def place(path: str, position: Position, locator: str = "", lang: str = "fi") -> str:
    """``path:line:column`` in a text file; ``path (sivu 3, rivi 12)`` in a document read into text."""
    if locator:
        if lang != "fi":
            from .documents.converted import locator_in

            locator = locator_in(locator, lang)
        return f"{path} ({locator})"
    return f"{path}:{position.line}:{position.column}"


class SourceLines:
    """Where each line of a text starts, found once.

    A document with thousands of input errors gets a caret context for each;
    splitting the whole text for every one of them made that quadratic. Lines
    end at "\\n" only, as caret contexts have always counted them.
    """

    __slots__ = ("text", "_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Offset of each line's first character, and one past the end (len(text) + 1)."""
        if self._starts is None:
            # Line lengths plus their newline, summed in C: no Python loop per line.
            self._starts = [0, *accumulate(map((1).__add__, map(len, self.text.split("\n"))))]
        return self._starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def line(self, number: int) -> str | None:
        """Line ``number`` (1-based) without its newline, or None outside the text."""
        starts = self.starts
        if not 1 <= number < len(starts):
            return None
        return self.text[starts[number - 1]:starts[number] - 1]

    def position(self, offset: int) -> Position:
        """The 1-based line and column of a character offset."""
        line = bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)


# A caret context shows at most this many characters of a long line, around
# the column: one line of a megabyte must not be copied into every diagnostic.
CONTEXT_WIDTH = 120
_ELLIPSIS = "…"
_last_lines: SourceLines | None = None


def _lines_of(text: str | SourceLines) -> SourceLines:
    global _last_lines
    if isinstance(text, SourceLines):
        return text
    cached = _last_lines  # callers ask for many carets in the same text in a row
    if cached is None or cached.text is not text:
        cached = _last_lines = SourceLines(text)
    return cached


def caret_context(text: str | SourceLines, position: Position, width: int = 1) -> str:
    """The source line at ``position`` with a caret under the column (``width`` carets: the words concerned).

    ``text`` may be a ``SourceLines`` (made once per document); a line longer
    than ``CONTEXT_WIDTH`` is cut to a window around the column, marked "…".
    """
    line = _lines_of(text).line(position.line)
    if line is None:
        return ""
    column = min(max(position.column, 1) - 1, len(line))  # at most just past the line's end
    if len(line) > CONTEXT_WIDTH:
        start = max(0, min(column - CONTEXT_WIDTH // 2, len(line) - CONTEXT_WIDTH))
        end = start + CONTEXT_WIDTH
        head = _ELLIPSIS if start > 0 else ""
        line = head + line[start:end] + (_ELLIPSIS if end < len(line) else "")
        column = column - start + len(head)
    width = max(1, min(width, len(line) - column))
    return f"{line.expandtabs(1)}\n{' ' * column}{'^' * width}"


class TarkastusError(Exception):
    """Base of every error raised by tarkastus itself.

    Below it: ``config.ConfigError``, ``lang.errors.RuleError`` (and its
    syntax, table and evaluation errors), ``output.OutputError``,
    ``audit.AuditError``, ``audit.checklists.ChecklistError``,
    ``documents.converted.ConversionError``, ``cache.CacheError`` and
    ``workspace.UnknownCode``. A front-end catches this one class for
    every problem the user can fix; anything else is a bug.
    """
