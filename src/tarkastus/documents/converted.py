"""What every document reader produces: the text the prose reader reads, with a locator per line.

A Word, OpenDocument or PDF file becomes Markdown-shaped text (headings as
``#`` lines with their numbers, paragraphs as blocks, list items, tables as
pipe rows) so that the facts, provisions and rules run on it unchanged.
Each line of that text has a *locator*: where a lawyer finds it in the
original file ("kohta 11, 2. kappale" in a .docx, "sivu 3, rivi 12" in a
PDF). Blank lines have an empty locator.

A reader raises ``ConversionError`` for a file it cannot read (a corrupt
archive, an encrypted PDF, a scanned PDF without a text layer); its
``message`` says why in Finnish and ``fix`` what to do. Nothing else may
escape a reader, whatever the bytes.
"""

from __future__ import annotations

import re

from ..record import Factory, Record

# An approval stamp of a page header: "Hyväksytty: Kaupunginvaltuusto 23.10.2023, 63 §",
# "Kunnanhallitus 15.4.2024, liite 3" is not one (no label). Matched on one bounded line.
STAMP = re.compile(r"[A-ZÅÄÖ][\w\-]{1,30}(?: [\w\-]{1,30}){0,3} ?: ?\S.*(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|§)")


class ConversionError(Exception):
    """A file that cannot be read as a document: ``message`` says why, ``fix`` what to do.

    ``code`` is the diagnostic code the loader reports (TARK-LUKU unless a
    reader knows better, e.g. TARK-TEKSTITON for a PDF without a text layer).
    """

    def __init__(self, message: str, fix: str = "", code: str = "TARK-LUKU") -> None:
        super().__init__(message)
        self.message, self.fix, self.code = message, fix, code


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
