"""The human-readable report, grouped per file.

The layout is built once as lines of styled segments. On a terminal (and
without ``NO_COLOR``) rich prints them in colour; otherwise they are written
as plain text without importing rich, which keeps pre-commit and CI runs
fast (rich alone takes longer to import than checking a file).
"""

from __future__ import annotations

import os
from itertools import groupby

from ..diagnostics import Severity

_LABEL = {Severity.ERROR: "virhe", Severity.WARNING: "varoitus", Severity.INFO: "huomio"}
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def layout(report, show_fix: bool = True) -> list[list[tuple[str, str]]]:
    lines: list[list[tuple[str, str]]] = []
    for path, group in groupby(report.diagnostics, key=lambda d: d.path):
        lines.append([(path, "bold underline")])
        for d in group:
            lines.append([
                (f"  {path}:{d.position.line}:{d.position.column}: ", "dim"),
                (f"{d.code} ", "bold"),
                (f"[{_LABEL[d.severity]}] ", _STYLE[d.severity]),
                (d.message, ""),
            ])
            if d.context:
                for context_line in d.context.splitlines():
                    lines.append([("      " + context_line, "magenta")])
            if d.citation:
                lines.append([("      peruste: ", "dim"), (d.citation, "")])
            if d.fix and show_fix:
                lines.append([("      korjaus: ", "dim"), (d.fix, "green")])
            for related_path, pos in d.related:
                lines.append([("      katso myös: ", "dim"), (f"{related_path}:{pos.line}:{pos.column}", "")])
        lines.append([])
    errors, warnings, infos = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    if report.diagnostics:
        summary = (f"Löytyi {_plural(errors, 'virhe', 'virhettä')}, {_plural(warnings, 'varoitus', 'varoitusta')} "
                   f"ja {_plural(infos, 'huomio', 'huomiota')}")
    else:
        summary = "Ei havaintoja"
    files = _plural(report.files, "tiedosto", "tiedostoa")
    date = f"{report.as_of.day}.{report.as_of.month}.{report.as_of.year}"
    lines.append([(summary, "bold"), (f" ({files} tarkastettu; laki {date} mukaan).", "")])
    return lines


def use_colour(stream, colour: bool | None) -> bool:
    if colour is not None:
        return colour
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def render(report, stream, colour: bool | None = None, **_options) -> None:
    lines = layout(report)
    if not use_colour(stream, colour):
        stream.write("\n".join("".join(text for text, _ in line) for line in lines) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*[(text, style) if style else text for text, style in line]))
