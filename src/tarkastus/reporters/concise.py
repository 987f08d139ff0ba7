"""One line a finding: ``path:line:col: CODE [severity] message`` (grep- and editor-friendly).

A finding in a Word, OpenDocument or PDF file says where a lawyer finds it
instead: ``sopimus.docx (kohta 11, 2. kappale): CODE [severity] message``
(the place and the message in the finding's language; the severity, like
the code, is the same in every language, for the tools that read this).
"""

from __future__ import annotations

import re

from . import printable

# A line of this report: how ``-o`` recognises an earlier one (every line is one).
LINE = re.compile(r".+(?::\d+:\d+| \([^()]*\)): [A-Z][A-Z0-9-]* \[(error|warning|info)\]( \(suppressed\))? .*")


def is_report(head: str, tail: str) -> bool:
    from ..output import lines_all_match

    return lines_all_match(LINE, head, tail)


def render(report, stream, show_suppressed: bool = False, **_options) -> None:
    for d in report.diagnostics:
        if d.suppression is not None and not show_suppressed:
            continue
        mark = " (suppressed)" if d.suppression is not None else ""
        stream.write(f"{d.place(d.language)}: {d.code} "
                     f"[{d.severity.label}]{mark} {printable(d.message)}\n")
