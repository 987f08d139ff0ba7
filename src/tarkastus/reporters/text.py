"""The human-readable report, grouped per file.

The layout is built once as lines of styled segments. On a terminal (and
without ``NO_COLOR``) rich prints them in colour; otherwise they are written
as plain text without importing rich, which keeps pre-commit and CI runs
fast (rich alone takes longer to import than checking a file).
"""

from __future__ import annotations

import os
import re
import string
from itertools import groupby

from ..diagnostics import BLOCK_INDENT, Severity
from . import printable
from .i18n import LANGUAGES, count, phrase, template, word

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _pattern(text: str, **fields: str) -> str:
    """A regular expression for a phrase template, its ``{fields}`` replaced by patterns."""
    return "".join(re.escape(literal) + (fields[name] if name is not None else "")
                   for literal, name, _, _ in string.Formatter().parse(text))


# The summary's wording in earlier versions, so that -o still recognises a report they wrote.
_EARLIER_CHECKED = {"fi": ("{files} tarkastettu; laki {date} mukaan",)}


def _summary_line() -> re.Pattern:
    counted, day = r"\d+ \S+", r"\d+\.\d+\.\d+"
    alternatives = []
    for lang in LANGUAGES:
        found = _pattern(template(lang, "found"), errors=counted, warnings=counted, infos=counted)
        wordings = {template(lang, key) for key in ("checked", "checked_one")} | set(_EARLIER_CHECKED.get(lang, ()))
        checked = "|".join(_pattern(wording, files=counted, date=day) for wording in sorted(wordings))
        hidden = _pattern(template(lang, "hidden"), n=r"\d+")
        skipped = _pattern(template(lang, "skipped"), n=r"\d+")
        alternatives.append(f"(?:{found}|{re.escape(template(lang, 'none'))}) "
                            f"\\((?:{checked})(?:; {skipped})?(?:; {hidden})?\\)\\.")
    return re.compile("|".join(alternatives))


# The report's last line, its summary: how ``-o`` recognises an earlier text report.
SUMMARY = _summary_line()


def is_report(head: str, tail: str) -> bool:
    lines = [line for line in tail.splitlines() if line.strip()]
    return bool(lines) and SUMMARY.fullmatch(lines[-1]) is not None


class Line(list):
    """One line of the report: styled segments, and where its continuation lines start when it is
    wrapped (``hang``; None: never wrapped, as a code frame or a block to paste)."""

    def __init__(self, segments=(), hang: int | None = 0, link: str = "") -> None:
        super().__init__(segments)
        self.hang = hang


_DETAIL = 6  # the indentation of a finding's detail lines (context, basis, fix)


def _labelled(label: str, body: str, style: str) -> list[Line]:
    """A detail line "      korjaus: …": prose paragraphs hang under the text, blocks are kept as written."""
    head = f"{' ' * _DETAIL}{label}: "
    hang = len(head)
    out: list[Line] = []
    for paragraph in body.split("\n\n"):
        if paragraph.startswith(BLOCK_INDENT):
            out.extend(Line([(" " * hang + line, style)], None) for line in paragraph.splitlines())
        elif not out:
            out.append(Line([(head, "dim"), (paragraph, style)], hang))
        else:
            out.append(Line([(" " * hang + paragraph, style)], hang))
    return out or [Line([(head, "dim")], hang)]


def layout(report, show_fix: bool = True, show_suppressed: bool = False, links=None) -> list[Line]:
    """The report as lines; ``links(diagnostic)`` gives (the rule's URL, the file's URL) for hyperlinks."""
    lang = getattr(report, "language", "fi")
    shown = [d for d in report.diagnostics if show_suppressed or d.suppression is None]
    lines: list[Line] = []
    for path, group in groupby(shown, key=lambda d: d.path):
        lines.append(Line([(path, "bold underline")]))
        for d in group:
            said = d.language or lang  # a finding's words are in its own language (--kieli auto)
            rule_url, file_url = links(d) if links is not None else ("", "")
            lines.append(Line([
                (f"  {d.place(said)}: ", "dim" + (f" link {file_url}" if file_url else "")),
                (f"{d.code} ", "bold" + (f" link {rule_url}" if rule_url else "")),
                (f"[{word(said, d.severity)}] ", _STYLE[d.severity] if d.suppression is None else "dim"),
                (printable(d.message), "" if d.suppression is None else "dim"),
            ], _DETAIL))
            if d.suppression is not None:
                lines.extend(_labelled(word(said, "suppressed"), printable(d.suppression), "dim"))
            if d.context:
                lines.extend(Line([(" " * _DETAIL + context_line, "magenta")], None)
                             for context_line in printable(d.context).splitlines())
            if d.citation:
                lines.extend(_labelled(word(said, "basis"), d.citation, ""))
            if d.fix and show_fix and d.suppression is None:
                lines.extend(_labelled(word(said, "fix"), printable(d.fix), "green"))
            for related in d.related_places(said):
                lines.extend(_labelled(word(said, "see"), related, ""))
        lines.append(Line())
    errors, warnings, infos = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    if errors or warnings or infos:
        summary = phrase(lang, "found", errors=count(lang, Severity.ERROR, errors),
                         warnings=count(lang, Severity.WARNING, warnings), infos=count(lang, Severity.INFO, infos))
    else:
        summary = phrase(lang, "none")
    details = [phrase(lang, "checked_one" if report.files == 1 else "checked", files=count(lang, "file", report.files),
                      date=f"{report.as_of.day}.{report.as_of.month}.{report.as_of.year}")]
    skipped = len({d.path for d in report.diagnostics if d.code == "TARK-OHITETTU"})
    if skipped:  # files that look like agreements but were not checked, each named above
        details.append(phrase(lang, "skipped", n=skipped))
    hidden = sum(1 for d in report.diagnostics if d.suppression is not None)
    if hidden:
        details.append(phrase(lang, "hidden", n=hidden))
    lines.append(Line([(summary, "bold"), (f" ({'; '.join(details)}).", "")]))
    return lines


# A word and its space before; a short number or "§" after a word stays with it ("kohta 3", "54 § 2 mom.").
_TOKEN = re.compile(r"\s*\S+(?: (?:\d{1,3}|§)[.,;:)]*(?=\s|$))*|\s+")
_MIN_TEXT = 30  # columns of text a continuation line keeps at least: else it hangs less deep


def wrap(line: Line, width: int | None) -> list[Line]:
    """``line`` broken at spaces to ``width`` columns, continuation lines indented to its ``hang``.

    A word longer than a line stays whole (a path, a URL); a line that is
    never wrapped (``hang`` None) is returned as it is.
    """
    if width is None or line.hang is None or sum(len(text) for text, _ in line) <= width:
        return [line]
    hang = line.hang if width - line.hang >= _MIN_TEXT else min(line.hang, _DETAIL)
    out: list[Line] = []
    current, column = Line([], hang), 0
    for text, style in line:
        for token in _TOKEN.findall(text):
            if column + len(token) > width and column > hang and token.strip():
                out.append(current)
                current, column = Line([(" " * hang, "")], hang), hang
                token = token.lstrip()
            elif column + len(token) > width and not token.strip():
                continue  # the space at a break
            current.append((token, style))
            column += len(token)
    out.append(current)
    return out


def use_colour(stream, colour: bool | None) -> bool:
    if colour is not None:
        return colour
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def render(report, stream, colour: bool | None = None, show_suppressed: bool = False, width: int | None = None,
           book=None, **_options) -> None:
    """The report on ``stream``: wrapped to ``width`` columns if given (a terminal's), and in colour with
    hyperlinks (OSC 8: the rule code to the law it cites, the place to the file) where colour is used."""
    coloured = use_colour(stream, colour)
    lines = [part for line in layout(report, show_suppressed=show_suppressed,
                                     links=_links(book) if coloured else None)
             for part in wrap(line, width)]
    if not coloured:
        stream.write("\n".join("".join(text for text, _ in line) for line in lines) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*[(text, style) if style else text for text, style in line]))


def _links(book):
    """(the rule's first cited URL, the file's URL) of a finding, for the terminal's hyperlinks."""
    from pathlib import Path

    def links(d):
        rule = book.rule(d.code) if book is not None else None
        url = next((c.url for c in rule.citations if c.url), "") if rule is not None else ""
        try:
            path = Path(d.path)
            file_url = path.resolve().as_uri() if path.exists() else ""
        except (OSError, ValueError):
            file_url = ""
        return url, file_url
    return links
