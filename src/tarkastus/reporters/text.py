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

from ..diagnostics import Severity
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


def layout(report, show_fix: bool = True, show_suppressed: bool = False) -> list[list[tuple[str, str]]]:
    lang = getattr(report, "language", "fi")
    shown = [d for d in report.diagnostics if show_suppressed or d.suppression is None]
    lines: list[list[tuple[str, str]]] = []
    for path, group in groupby(shown, key=lambda d: d.path):
        lines.append([(path, "bold underline")])
        for d in group:
            said = d.language or lang  # a finding's words are in its own language (--kieli auto)
            lines.append([
                (f"  {d.place(said)}: ", "dim"),
                (f"{d.code} ", "bold"),
                (f"[{word(said, d.severity)}] ", _STYLE[d.severity] if d.suppression is None else "dim"),
                (printable(d.message), "" if d.suppression is None else "dim"),
            ])
            if d.suppression is not None:
                lines.append([(f"      {word(said, 'suppressed')}: ", "dim"), (printable(d.suppression), "dim")])
            if d.context:
                for context_line in printable(d.context).splitlines():
                    lines.append([("      " + context_line, "magenta")])
            if d.citation:
                lines.append([(f"      {word(said, 'basis')}: ", "dim"), (d.citation, "")])
            if d.fix and show_fix and d.suppression is None:
                lines.append([(f"      {word(said, 'fix')}: ", "dim"), (d.fix, "green")])
            for related in d.related_places(said):
                lines.append([(f"      {word(said, 'see')}: ", "dim"), (related, "")])
        lines.append([])
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
    lines.append([(summary, "bold"), (f" ({'; '.join(details)}).", "")])
    return lines


def use_colour(stream, colour: bool | None) -> bool:
    if colour is not None:
        return colour
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def render(report, stream, colour: bool | None = None, show_suppressed: bool = False, **_options) -> None:
    lines = layout(report, show_suppressed=show_suppressed)
    if not use_colour(stream, colour):
        stream.write("\n".join("".join(text for text, _ in line) for line in lines) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*[(text, style) if style else text for text, style in line]))
