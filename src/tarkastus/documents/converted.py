"""What every document reader produces: the text the prose reader reads, with a locator per line.

A Word, OpenDocument or PDF file becomes Markdown-shaped text (headings as
``#`` lines with their numbers, paragraphs as blocks, list items, tables as
pipe rows) so that the facts, provisions and rules run on it unchanged.
Each line of that text has a *locator*: where a lawyer finds it in the
original file ("kohta 11, 2. kappale" in a .docx, "sivu 3, rivi 12" in a
PDF). Blank lines have an empty locator.

A reader raises ``ConversionError`` for a file it cannot read (a corrupt
archive, an encrypted PDF, a scanned PDF without a text layer); its
``text`` says why and ``fix_text`` what to do, as catalogue messages
(``message`` and ``fix`` are their Finnish). Nothing else may escape a
reader, whatever the bytes.

Locators are stored in Finnish, as the readers make them; ``locator_in``
says one in Swedish or English when a report is written (the words are the
catalogue's ``locator.*``).
"""

from __future__ import annotations

import re

from ..diagnostics import TarkastusError
from ..messages import Message, template, text
from ..record import Factory, Record

# An approval stamp of a page header: "Hyväksytty: Kaupunginvaltuusto 23.10.2023, 63 §",
# "Kunnanhallitus 15.4.2024, liite 3" is not one (no label). Matched on one bounded line.
STAMP = re.compile(r"[A-ZÅÄÖ][\w\-]{1,30}(?: [\w\-]{1,30}){0,3} ?: ?\S.*(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|§)")


class ConversionError(TarkastusError):
    """A file that cannot be read as a document: ``message`` says why, ``fix`` what to do.

    ``code`` is the diagnostic code the loader reports (TARK-LUKU unless a
    reader knows better, e.g. TARK-TEKSTITON for a PDF without a text layer).
    """

    def __init__(self, message: Message, fix: Message | None = None, code: str = "TARK-LUKU") -> None:
        super().__init__(str(message))
        self.text, self.fix_text, self.code = message, fix, code
        self.message, self.fix = str(message), str(fix) if fix is not None else ""


class Converted(Record):
    """A document as text: the lines, each line's locator, and what a draft still holds."""

    text: str
    locators: list = Factory(list)  # one per line of text ("" for blank lines)
    tracked_changes: int = 0
    comments: int = 0
    # Where the agreement was found inside a longer file (minutes with the
    # agreement as an appendix): the locators of its first and last line.
    extracted_from: tuple | None = None


def locator_at(locators: list, line: int) -> str:
    """The locator of a line of converted text: its own, or the nearest line's before it that has one."""
    for index in range(min(line, len(locators)) - 1, -1, -1):
        if locators[index]:
            return locators[index]
    return next((locator for locator in locators if locator), "")


def locator_part(kind: str, **values) -> str:
    """One part of a locator in Finnish, as the readers store it: ``locator_part("page", n=3)`` → "sivu 3"."""
    return text(f"locator.{kind}", "fi", **values)


_LOCATOR_KINDS = ("section", "title", "heading", "start", "paragraph", "row", "header", "page", "line")
_LOCATOR_PATTERNS: list | None = None


def _locator_patterns() -> list:
    global _LOCATOR_PATTERNS
    if _LOCATOR_PATTERNS is None:
        patterns = []
        for kind in _LOCATOR_KINDS:
            pattern = re.escape(template(f"locator.{kind}", "fi"))
            pattern = pattern.replace(r"\{n\}", r"(?P<n>[^,\s]+)").replace(r"\{title\}", r"(?P<title>”[^”]*”)")
            patterns.append((kind, re.compile(pattern)))
        _LOCATOR_PATTERNS = patterns
    return _LOCATOR_PATTERNS


def locator_in(locator: str, lang: str) -> str:
    """A Finnish locator said in ``lang``: "kohta 11, 2. kappale" → "punkt 11, 2 st." / "section 11, paragraph 2".

    The locator is read part by part (parts are separated by ", ", a quoted
    heading ”…” is kept as it is); a part that is not a locator word is
    kept too, so nothing a reader writes is ever lost.
    """
    if lang == "fi" or not locator:
        return locator
    parts, start = [], 0
    for match in re.finditer(r", |”[^”]*”", locator):  # split at ", " outside the quoted headings
        if match.group() == ", ":
            parts.append(locator[start:match.start()])
            start = match.end()
    parts.append(locator[start:])
    out = []
    for part in parts:
        for kind, pattern in _locator_patterns():
            found = pattern.fullmatch(part)
            if found is not None:
                out.append(text(f"locator.{kind}", lang, **found.groupdict()))
                break
        else:
            out.append(part)
    return ", ".join(out)
