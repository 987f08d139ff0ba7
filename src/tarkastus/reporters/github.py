"""GitHub Actions workflow commands: findings become annotations on the pull request.

``::error file=PATH,line=L,col=C,title=CODE::message`` (warning and notice
for the other severities). Suppressed findings are not annotated.
"""

from __future__ import annotations

import re

from ..diagnostics import Severity
from ..documents.converted import locator_in

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# A line of this report: how ``-o`` recognises an earlier one (every line is one).
LINE = re.compile(r"::(error|warning|notice) file=[^,]*,(?:line=\d+,col=\d+,)?title=[^:]*::.*")


def is_report(head: str, tail: str) -> bool:
    from ..output import lines_all_match

    return lines_all_match(LINE, head, tail)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report, stream, **_options) -> None:
    for d in report.active:
        title = f"{d.code}" + (f" ({d.citation})" if d.citation else "")
        if d.locator:  # a line of the text read from a .docx or a PDF is no line of the file
            stream.write(f"::{_COMMAND[d.severity]} file={_property(d.path)},title={_property(title)}::"
                         f"{_data(locator_in(d.locator, d.language))}: {_data(d.message)}\n")
        else:
            stream.write(f"::{_COMMAND[d.severity]} file={_property(d.path)},line={d.position.line},"
                         f"col={d.position.column},title={_property(title)}::{_data(d.message)}\n")
